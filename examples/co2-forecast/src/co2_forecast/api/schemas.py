"""Request and response bodies of the forecasting API."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt, create_model

from ..modeling.metadata import ForecastMetadata


class HealthStatus(BaseModel):
    """Liveness: the process is up and answering."""

    status: Literal["ok"] = "ok"


class ReadyStatus(BaseModel):
    """Readiness: whether a model is loaded and forecasts can be served."""

    status: Literal["ready", "not_ready"]


class Problem(BaseModel):
    """One reason a request was rejected; `loc` is the path to the field."""

    loc: list[str | int]
    msg: str
    type: str


class InvalidRequest(BaseModel):
    """A 422: `message` for people, `detail` (FastAPI's usual shape) for programs."""

    message: str
    detail: list[Problem]


class ForecastRequest(BaseModel):
    """How many steps ahead to forecast; its bound is set from the trained horizon."""

    model_config = ConfigDict(extra="forbid")

    horizon: StrictInt = Field(ge=1, description="Steps ahead of the last observation.")


def forecast_request_model(max_horizon: int) -> type[ForecastRequest]:
    """ForecastRequest with `horizon` capped at what the model was trained for."""
    return create_model(
        "ForecastRequest",
        __base__=ForecastRequest,
        horizon=(
            StrictInt,
            Field(
                ge=1,
                le=max_horizon,
                description=f"Steps ahead of the last observation, 1 to {max_horizon}.",
                examples=[max_horizon],
            ),
        ),
    )


class ForecastStep(BaseModel):
    timestamp: str = Field(description="When the step falls (ISO 8601).")
    forecast: float
    lower: float = Field(description="Lower bound of the prediction interval.")
    upper: float = Field(description="Upper bound of the prediction interval.")


class ForecastResponse(BaseModel):
    model_config = ConfigDict(protected_namespaces=())

    model: str
    model_version: str
    target: str
    interval_level: float = Field(description="The intervals' nominal coverage, in percent.")
    steps: list[ForecastStep]


class BacktestScores(BaseModel):
    name: str
    baseline: bool
    mae: float
    rmse: float
    mase: float = Field(description="MAE over seasonal naive's in-sample MAE; below 1 beats it.")
    coverage: float = Field(description="Share of actual values inside their interval.")


class Observation(BaseModel):
    timestamp: str = Field(description="When it was observed (ISO 8601).")
    value: float


class ModelInfo(BaseModel):
    """What is being served: the series, the horizon, and how each model backtested."""

    model_config = ConfigDict(protected_namespaces=())

    name: str = Field(description="Project that trained it.")
    model: str
    model_version: str
    target: str
    date_column: str
    frequency: str
    season_length: int
    n_points: int
    first_timestamp: str
    last_timestamp: str
    horizon: int = Field(description="The most steps ahead a request may ask for.")
    interval_level: float
    backtest_folds: int
    backtest: list[BacktestScores]
    history: list[Observation] = Field(
        description="The series' last observations, oldest first: what a forecast continues."
    )

    @classmethod
    def from_metadata(cls, metadata: ForecastMetadata) -> ModelInfo:
        return cls(
            name=metadata.project,
            model=metadata.model,
            model_version=metadata.model_version,
            target=metadata.target,
            date_column=metadata.date_column,
            frequency=metadata.frequency,
            season_length=metadata.season_length,
            n_points=metadata.n_points,
            first_timestamp=metadata.first_timestamp,
            last_timestamp=metadata.last_timestamp,
            horizon=metadata.horizon,
            interval_level=metadata.interval_level,
            backtest_folds=metadata.backtest_folds,
            backtest=[
                BacktestScores(
                    name=c.name,
                    baseline=c.baseline,
                    mae=c.mae,
                    rmse=c.rmse,
                    mase=c.mase,
                    coverage=c.coverage,
                )
                for c in metadata.candidates
            ],
            history=[Observation(timestamp=p.timestamp, value=p.value) for p in metadata.history],
        )
