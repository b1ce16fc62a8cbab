"""Dependencies shared by the routes, as `Annotated` aliases (`predictor: PredictorDep`)."""

from typing import Annotated

from fastapi import Depends, HTTPException, Request, status

from ..modeling.predict import Predictor
from ..prediction_log import PredictionLog


# `async` on purpose: FastAPI runs plain `def` dependencies in a thread pool, a
# needless hop for a lookup on app.state.
async def get_predictor(request: Request) -> Predictor:
    """The predictor loaded at startup; 503 while there is none."""
    predictor: Predictor | None = request.app.state.predictor
    if predictor is None:
        raise HTTPException(status.HTTP_503_SERVICE_UNAVAILABLE, detail="model not loaded")
    return predictor


PredictorDep = Annotated[Predictor, Depends(get_predictor)]


async def get_request_id(request: Request) -> str:
    """The id the service gave this request (see request_id.py)."""
    request_id: str = request.state.request_id
    return request_id


async def get_prediction_log(request: Request) -> PredictionLog | None:
    """The prediction log, or None when PREDICTION_LOG is not set."""
    log: PredictionLog | None = request.app.state.prediction_log
    return log


RequestIdDep = Annotated[str, Depends(get_request_id)]
PredictionLogDep = Annotated[PredictionLog | None, Depends(get_prediction_log)]
