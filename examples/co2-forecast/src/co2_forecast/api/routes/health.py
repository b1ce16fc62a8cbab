"""Liveness and readiness probes, for Docker's HEALTHCHECK and orchestrators."""

from fastapi import APIRouter, Request, Response, status

from ..schemas import HealthStatus, ReadyStatus

router = APIRouter(tags=["health"])


@router.get("/health", summary="Liveness: the process answers")
async def health() -> HealthStatus:
    """Always 200 while the process runs; it does not look at the model."""
    return HealthStatus()


@router.get(
    "/ready",
    summary="Readiness: a model is loaded",
    responses={status.HTTP_503_SERVICE_UNAVAILABLE: {"model": ReadyStatus}},
)
async def ready(request: Request, response: Response) -> ReadyStatus:
    """200 once the model is loaded, 503 before (and after shutdown has begun)."""
    if request.app.state.predictor is None:
        response.status_code = status.HTTP_503_SERVICE_UNAVAILABLE
        return ReadyStatus(status="not_ready")
    return ReadyStatus(status="ready")
