"""Predictions for uploaded images, one or a batch, through the one inference path.

Uploads are read by `images.prepare`, the function that read the training images,
so the model sees a served image exactly as it saw the ones it learnt from. Both
routes are plain `def`: decoding and resizing an image takes a millisecond or more,
which must not stall the event loop (and with it /health and /metrics).
"""

import time
from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse

from ...images import ImageError, PreparedImage, pixel_stats, prepare
from ...modeling.predict import Prediction, Predictor
from ...prediction_log import PredictionLog
from ...schema import IMAGE_FIELD
from ..deps import PredictionLogDep, PredictorDep, RequestIdDep
from ..prediction_records import item_ids, log_predictions
from ..request_models import BATCH_FIELD, RequestModels, read_upload, require_multipart
from ..schemas import BatchClassificationPredictions, ClassificationPrediction, InvalidRequest

# Where in the form a file came from: ("file",) or ("files", 2).
Field = tuple[str | int, ...]


def build_router(models: RequestModels, *, task: str) -> APIRouter:
    """Declare POST /v1/predict, /v1/predict/batch and GET /v1/example for uploads."""
    router = APIRouter(
        prefix="/v1",
        tags=["predict"],
        responses={
            413: {"description": f"A file over {models.max_image_bytes:,} bytes"},
            415: {"description": "A body that is not multipart/form-data"},
            422: {"model": InvalidRequest},
        },
    )
    upload = Annotated[
        UploadFile,
        File(
            description=(
                f"An image file (PNG, JPEG, GIF, BMP, WebP, ...) of at most "
                f"{models.max_image_bytes:,} bytes and {models.max_image_pixels:,} pixels"
            )
        ),
    ]
    uploads = Annotated[
        list[UploadFile],
        File(description=f"1 to {models.max_batch} image files, each as `{IMAGE_FIELD}` is"),
    ]

    @router.post(
        "/predict",
        response_model=ClassificationPrediction,
        summary="Classify one image",
        dependencies=[Depends(require_multipart)],
    )
    def predict(
        file: upload, predictor: PredictorDep, request_id: RequestIdDep, log: PredictionLogDep
    ) -> dict[str, Any]:
        """Upload one image as the form field `file`: `curl -F file=@image.png .../v1/predict`."""
        data = read_upload(file, models.max_image_bytes, IMAGE_FIELD)
        (prediction,) = _predict(predictor, [data], [(IMAGE_FIELD,)], models, log, [request_id])
        return _as_item(prediction, predictor.metadata.model_version, request_id)

    @router.post(
        "/predict/batch",
        response_model=BatchClassificationPredictions,
        summary="Classify many images",
        dependencies=[Depends(require_multipart)],
    )
    def predict_batch(
        files: uploads, predictor: PredictorDep, request_id: RequestIdDep, log: PredictionLogDep
    ) -> dict[str, Any]:
        """Upload images as repeated `files` fields; answers come in the order sent.

        One file that is not an image rejects the batch, naming its position.
        """
        if len(files) > models.max_batch:
            raise _invalid(
                (BATCH_FIELD,),
                f"{len(files)} files, more than the {models.max_batch} accepted (MAX_BATCH)",
                "too_long",
            )
        fields: list[Field] = [(BATCH_FIELD, index) for index in range(len(files))]
        data = [
            read_upload(file, models.max_image_bytes, f"{BATCH_FIELD}[{index}]")
            for index, file in enumerate(files)
        ]
        ids = item_ids(request_id, len(files))
        predictions = _predict(predictor, data, fields, models, log, ids)
        version = predictor.metadata.model_version
        return {
            "predictions": [_as_item(p, version, i) for p, i in zip(predictions, ids, strict=True)],
            "request_id": request_id,
        }

    @router.get(
        "/example",
        response_class=FileResponse,
        summary="A real test image to try",
        responses={200: {"content": {"image/png": {}}}},
    )
    async def example(predictor: PredictorDep) -> FileResponse:
        """A test image, as the model sees it: `curl -o example.png .../v1/example`."""
        return FileResponse(models.example_file, media_type="image/png")

    return router


def _predict(
    predictor: Predictor,
    files: list[bytes],
    fields: list[Field],
    models: RequestModels,
    log: PredictionLog | None,
    request_ids: list[str],
) -> list[Prediction]:
    """Predict every file, or 422 naming the first that is not a readable image."""
    images: list[PreparedImage] = []
    for data, field in zip(files, fields, strict=True):
        if not data:
            raise _invalid(field, "the file is empty", "image_empty")
        try:
            images.append(prepare(data, max_pixels=models.max_image_pixels))
        except ImageError as err:
            raise _invalid(field, str(err), "image_invalid") from err
    started = time.perf_counter()
    predictions = predictor.predict([image.pixels for image in images])
    seconds = time.perf_counter() - started
    if log is not None:
        # The log keeps what describes an upload, not the upload: `monitor` compares
        # these statistics with the training images'.
        inputs = [_described(image, len(data)) for image, data in zip(images, files, strict=True)]
        version = predictor.metadata.model_version
        log_predictions(
            log, request_ids, inputs, predictions, model_version=version, seconds=seconds
        )
    return predictions


def _described(image: PreparedImage, size_bytes: int) -> dict[str, Any]:
    width, height = image.size
    return {
        "width": width,
        "height": height,
        "mode": image.mode,
        "bytes": size_bytes,
        **pixel_stats(image.pixels),
    }


def _invalid(field: Field, message: str, kind: str) -> RequestValidationError:
    # The same 422 body as any invalid request: `loc` names the form field.
    return RequestValidationError([{"loc": ("body", *field), "msg": message, "type": kind}])


def _as_item(prediction: Prediction, model_version: str, request_id: str) -> dict[str, Any]:
    return {
        "prediction": prediction.prediction,
        "probabilities": prediction.probabilities,
        "model_version": model_version,
        "request_id": request_id,
    }
