"""What a prediction route hands to the prediction log, and the ids of a batch's items."""

from collections.abc import Mapping, Sequence
from typing import Any

from ..modeling.predict import Prediction
from ..prediction_log import PredictionLog, PredictionRecord, utc_now


def item_ids(request_id: str, count: int) -> list[str]:
    """The ids of a batch's predictions: the batch's id and each one's position."""
    return [f"{request_id}-{index}" for index in range(count)]


def log_predictions(
    log: PredictionLog | None,
    request_ids: Sequence[str],
    inputs: Sequence[Mapping[str, Any]],
    predictions: Sequence[Prediction],
    *,
    model_version: str,
    seconds: float,
) -> None:
    """Queue one log record per prediction; nothing when the log is off."""
    if log is None:
        return
    logged_at = utc_now()
    # A batch's records share its model time: each is logged with its share.
    latency_ms = round(seconds * 1000 / max(len(predictions), 1), 4)
    for request_id, record, prediction in zip(request_ids, inputs, predictions, strict=True):
        log.record(
            PredictionRecord(
                request_id=request_id,
                logged_at=logged_at,
                model_version=model_version,
                inputs=record,
                prediction=prediction.prediction,
                probabilities=prediction.probabilities,
                latency_ms=latency_ms,
            )
        )
