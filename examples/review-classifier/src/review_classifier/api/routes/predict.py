"""Predictions for one record or a batch, through the one inference path `Predictor.predict`.

The body types are known only once the model's metadata is read, so the router
is made by a factory called from `create_app` rather than declared at import.
"""

import time
from typing import Annotated, Any

from fastapi import APIRouter, Body

from ...modeling.predict import Prediction
from ..deps import PredictionLogDep, PredictorDep, RequestIdDep
from ..prediction_records import item_ids, log_predictions
from ..request_models import RequestModels, record_to_features
from ..schemas import (
    BatchClassificationPredictions,
    BatchRegressionPredictions,
    ClassificationPrediction,
    InvalidRequest,
    RegressionPrediction,
)


def build_router(models: RequestModels, *, task: str) -> APIRouter:
    """Declare POST /v1/predict and /v1/predict/batch for one model's request bodies."""
    # FastAPI reads body and response types from the annotations and decorators, so
    # these must be the classes made for this model: runtime types, which a type
    # checker cannot follow (hence Any).
    Record: Any = models.record  # noqa: N806
    Batch: Any = models.batch  # noqa: N806
    classification = task == "classification"
    Item: Any = ClassificationPrediction if classification else RegressionPrediction  # noqa: N806
    Items: Any = BatchClassificationPredictions if classification else BatchRegressionPredictions  # noqa: N806
    record_example = {"summary": "A record from the test split", "value": models.example}
    batch_example = {"summary": "One record", "value": {"records": [models.example]}}
    router = APIRouter(prefix="/v1", tags=["predict"], responses={422: {"model": InvalidRequest}})

    # One record is `async`: its prediction takes a tenth of a millisecond with
    # onnxruntime, less than the hop to FastAPI's thread pool that a plain `def` costs
    # (about 15% more requests/s, measured with a load generator on this service).
    # A batch stays `def`: 1,000 records take milliseconds, which must
    # not stall the event loop (and with it /health and /metrics).
    @router.post("/predict", response_model=Item, summary="Predict one record")
    async def predict(
        record: Annotated[Record, Body(openapi_examples={"example": record_example})],
        predictor: PredictorDep,
        request_id: RequestIdDep,
        log: PredictionLogDep,
    ) -> dict[str, Any]:
        """Predict one record; all features are required (see the schema)."""
        features = record_to_features(record)
        started = time.perf_counter()
        (prediction,) = predictor.predict([features])
        seconds = time.perf_counter() - started
        version = predictor.metadata.model_version
        log_predictions(
            log, [request_id], [features], [prediction], model_version=version, seconds=seconds
        )
        return _as_item(prediction, version, request_id)

    @router.post("/predict/batch", response_model=Items, summary="Predict many records")
    def predict_batch(
        batch: Annotated[Batch, Body(openapi_examples={"example": batch_example})],
        predictor: PredictorDep,
        request_id: RequestIdDep,
        log: PredictionLogDep,
    ) -> dict[str, Any]:
        """Predict every record of `records`, in order; one invalid record rejects the batch."""
        features = [record_to_features(r) for r in batch.records]
        started = time.perf_counter()
        predictions = predictor.predict(features)
        seconds = time.perf_counter() - started
        version = predictor.metadata.model_version
        ids = item_ids(request_id, len(predictions))
        log_predictions(log, ids, features, predictions, model_version=version, seconds=seconds)
        return {
            "predictions": [_as_item(p, version, i) for p, i in zip(predictions, ids, strict=True)],
            "request_id": request_id,
        }

    return router


def _as_item(prediction: Prediction, model_version: str, request_id: str) -> dict[str, Any]:
    # The response model drops `probabilities` for regression, where it is None.
    return {
        "prediction": prediction.prediction,
        "probabilities": prediction.probabilities,
        "model_version": model_version,
        "request_id": request_id,
    }
