"""POST /v1/feedback: the true outcome of a logged prediction, for `monitor` to score."""

import math
import sqlite3
from typing import Any

from fastapi import APIRouter, HTTPException, status
from fastapi.exceptions import RequestValidationError

from ...modeling.metadata import ModelMetadata
from ..deps import PredictionLogDep, PredictorDep
from ..schemas import Feedback, FeedbackReceipt, InvalidRequest

router = APIRouter(prefix="/v1", tags=["feedback"])


@router.post(
    "/feedback",
    response_model=FeedbackReceipt,
    summary="Record the true outcome of a prediction",
    responses={
        404: {"description": "No logged prediction has this request_id, or the log is off"},
        503: {"description": "The log cannot be written just now (locked, disk full): retry"},
        422: {"model": InvalidRequest},
    },
)
def feedback(body: Feedback, predictor: PredictorDep, log: PredictionLogDep) -> dict[str, Any]:
    """Record `actual` for the prediction named by `request_id`.

    Plain `def`: it reads and writes the log's file, which must not stall the event loop.
    """
    if log is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=(
                f"request_id {body.request_id!r} cannot be found: the prediction log is off "
                "(start the service with PREDICTION_LOG set to a file)"
            ),
        )
    actual = _checked_actual(body.actual, predictor.metadata)
    try:
        found = log.add_feedback(body.request_id, actual)
    except sqlite3.Error as err:
        # The file locked by a writer for too long, or a full disk: worth a retry.
        raise HTTPException(
            status.HTTP_503_SERVICE_UNAVAILABLE,
            detail=f"the prediction log cannot record feedback just now ({err}); retry",
            headers={"Retry-After": "1"},
        ) from err
    if found is None:
        raise HTTPException(
            status.HTTP_404_NOT_FOUND,
            detail=(
                f"no logged prediction has request_id {body.request_id!r} (a batch's "
                "predictions have ids of their own: the batch's id, a dash and their position)"
            ),
        )
    return {
        "request_id": found.request_id,
        "actual": actual,
        "prediction": found.prediction,
        "model_version": found.model_version,
    }


def _checked_actual(actual: str | float, metadata: ModelMetadata) -> str | float:
    """`actual` as the target's type, or a 422 naming the field and what it may be."""
    if metadata.classes is None:  # regression
        if isinstance(actual, float) and math.isfinite(actual):
            return actual
        raise _invalid("must be a finite number (the true value of the target)")
    label = _as_label(actual)
    if label in metadata.classes:
        return label
    shown = ", ".join(repr(name) for name in metadata.classes)
    raise _invalid(f"must be one of the classes {shown}")


def _as_label(actual: str | float) -> str:
    # 1.0 in JSON names the class "1", as the target's labels are written.
    if isinstance(actual, float) and actual.is_integer():
        return str(int(actual))
    return str(actual)


def _invalid(message: str) -> RequestValidationError:
    # The same 422 body as any invalid request: `loc` names the field.
    return RequestValidationError(
        [{"loc": ("body", "actual"), "msg": message, "type": "value_error"}]
    )
