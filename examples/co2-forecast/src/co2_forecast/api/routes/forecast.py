"""POST /v1/forecast: the next steps of the series, each with its interval."""

from typing import Any

from fastapi import APIRouter

from ..deps import PredictorDep
from ..schemas import ForecastRequest, ForecastResponse, ForecastStep, InvalidRequest


def build_router(request_model: type[ForecastRequest]) -> APIRouter:
    """The forecast route, its body capped at the trained horizon by `request_model`."""
    # FastAPI reads the body's type from the annotation, so it must be the class made
    # for this model: a runtime type, which a type checker cannot follow (hence Any).
    Request: Any = request_model  # noqa: N806
    router = APIRouter(prefix="/v1", tags=["forecast"])

    @router.post(
        "/forecast",
        summary="Forecast the next steps",
        responses={422: {"model": InvalidRequest}},
    )
    async def forecast(body: Request, predictor: PredictorDep) -> ForecastResponse:
        """One step per row: its timestamp, the forecast and the interval's bounds."""
        points = predictor.forecast(body.horizon)
        metadata = predictor.metadata
        return ForecastResponse(
            model=metadata.model,
            model_version=metadata.model_version,
            target=metadata.target,
            interval_level=metadata.interval_level,
            steps=[ForecastStep(**vars(point)) for point in points],
        )

    return router
