"""Application wiring: build the FastAPI app for one trained forecaster, and run it."""

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import Any

import uvicorn
from fastapi import FastAPI

from ..errors import ModelLoadError
from ..modeling.metadata import ForecastMetadata
from ..modeling.predict import load_forecaster
from ..settings import Settings, get_settings
from .body_limit import BodyLimitMiddleware
from .errors import add_error_handlers
from .metrics import router as metrics_router
from .observe import ObserveRequestsMiddleware
from .request_log import configure_logging
from .routes import demo, forecast, health, model
from .schemas import forecast_request_model


def create_app(settings: Settings | None = None) -> FastAPI:
    """Build the app for the forecaster at `settings.model_path`.

    The request's horizon bound comes from metadata.json now, because routes must know
    their body types when they are declared; the forecaster itself is loaded once, in
    the lifespan. Raises ModelLoadError when there is no trained model.
    """
    settings = settings or get_settings()
    metadata = _read_metadata(settings)

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        predictor = load_forecaster(settings.model_path)
        if predictor.metadata.model_version != metadata.model_version:
            raise ModelLoadError(
                f"{settings.model_path} changed while the app started "
                f"({metadata.model_version} -> {predictor.metadata.model_version}); restart it"
            )
        # One forecast before the first request: a model that loads but cannot forecast
        # fails here, and the first client does not pay for lazy set-up.
        predictor.forecast(metadata.horizon)
        app.state.predictor = predictor
        # What is loaded lives as long as the process: frozen, full collections skip it.
        gc.collect()
        gc.freeze()
        yield
        app.state.predictor = None

    app = FastAPI(
        title=metadata.project,
        version=metadata.model_version,
        description=(
            f"Forecasts `{metadata.target}` ({metadata.frequency}) up to {metadata.horizon} "
            f"steps after {metadata.last_timestamp}, with {metadata.interval_level:g}% "
            f"prediction intervals, from a {metadata.model} model."
        ),
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.predictor = None
    app.add_middleware(BodyLimitMiddleware, max_bytes=settings.max_body_bytes)
    app.add_middleware(ObserveRequestsMiddleware)
    add_error_handlers(app)
    app.include_router(forecast.build_router(forecast_request_model(metadata.horizon)))
    app.include_router(model.router)
    app.include_router(health.router)
    app.include_router(metrics_router)
    app.include_router(demo.router)
    demo.mount_demo_assets(app)
    return app


def serve() -> None:
    """Run the app with uvicorn on HOST:PORT from the environment, until stopped.

    WEB_CONCURRENCY > 1 starts that many worker processes, each building its own app.
    Raises ModelLoadError (which the CLI prints as one line) when there is no model.
    """
    settings = get_settings()
    configure_logging(settings.log_level)
    options: dict[str, Any] = {
        "host": settings.host,
        "port": settings.port,
        "log_config": None,
        "access_log": False,
    }
    _read_metadata(settings)  # a missing model is one line here, before uvicorn starts
    if settings.web_concurrency == 1:
        uvicorn.run(create_app(settings), **options)
        return
    workers = settings.web_concurrency
    uvicorn.run(f"{__name__}:worker_app", factory=True, workers=workers, **options)


def worker_app() -> FastAPI:
    """One worker's app: worker processes start fresh, so each configures its logging."""
    settings = get_settings()
    configure_logging(settings.log_level)
    return create_app(settings)


def _read_metadata(settings: Settings) -> ForecastMetadata:
    path = settings.model_path.with_name("metadata.json")
    if not settings.model_path.is_file() or not path.is_file():
        raise ModelLoadError(
            f"no trained model at {settings.model_path} (with metadata.json beside it); "
            "train one first (make train), or set MODEL_PATH"
        )
    return ForecastMetadata.load(path)
