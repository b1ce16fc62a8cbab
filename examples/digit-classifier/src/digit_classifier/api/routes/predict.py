"""Predictions for uploaded images, one or a batch, through the one inference path.

Uploads are read by `images.prepare`, the function that read the training images,
so the model sees a served image exactly as it saw the ones it learnt from. Both
routes are plain `def`: decoding and resizing an image takes a millisecond or more,
which must not stall the event loop (and with it /health and /metrics).
"""

from typing import Annotated, Any

from fastapi import APIRouter, Depends, File, UploadFile
from fastapi.exceptions import RequestValidationError
from fastapi.responses import FileResponse

from ...images import ImageError, prepare
from ...modeling.predict import Prediction, Predictor
from ...schema import IMAGE_FIELD
from ..deps import PredictorDep
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
    def predict(file: upload, predictor: PredictorDep) -> dict[str, Any]:
        """Upload one image as the form field `file`: `curl -F file=@image.png .../v1/predict`."""
        data = read_upload(file, models.max_image_bytes, IMAGE_FIELD)
        (prediction,) = _predict(predictor, [data], [(IMAGE_FIELD,)], models)
        return _as_item(prediction, predictor.metadata.model_version)

    @router.post(
        "/predict/batch",
        response_model=BatchClassificationPredictions,
        summary="Classify many images",
        dependencies=[Depends(require_multipart)],
    )
    def predict_batch(files: uploads, predictor: PredictorDep) -> dict[str, Any]:
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
        predictions = _predict(predictor, data, fields, models)
        version = predictor.metadata.model_version
        return {"predictions": [_as_item(p, version) for p in predictions]}

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
    predictor: Predictor, files: list[bytes], fields: list[Field], models: RequestModels
) -> list[Prediction]:
    """Predict every file, or 422 naming the first that is not a readable image."""
    pixels = []
    for data, field in zip(files, fields, strict=True):
        if not data:
            raise _invalid(field, "the file is empty", "image_empty")
        try:
            pixels.append(prepare(data, max_pixels=models.max_image_pixels).pixels)
        except ImageError as err:
            raise _invalid(field, str(err), "image_invalid") from err
    return predictor.predict(pixels)


def _invalid(field: Field, message: str, kind: str) -> RequestValidationError:
    # The same 422 body as any invalid request: `loc` names the form field.
    return RequestValidationError([{"loc": ("body", *field), "msg": message, "type": kind}])


def _as_item(prediction: Prediction, model_version: str) -> dict[str, Any]:
    return {
        "prediction": prediction.prediction,
        "probabilities": prediction.probabilities,
        "model_version": model_version,
    }
