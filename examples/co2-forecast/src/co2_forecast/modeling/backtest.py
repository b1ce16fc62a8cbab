"""Rolling-origin backtest: no random split, ever.

Each fold has an origin; its model is fitted on the series before the origin only, and
forecasts the HORIZON steps after it. Origins are HORIZON steps apart and the last
fold ends with the series: it is the test period. Errors are compared with the actual
values, step by step.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np

from .. import accuracy
from .candidates import Candidate
from .forecasters import Floats


@dataclass(frozen=True)
class Fold:
    """A fold trains on series[:origin] and is scored on series[origin:origin + horizon]."""

    number: int
    origin: int
    horizon: int


@dataclass(frozen=True)
class FoldForecast:
    fold: Fold
    actual: Floats
    mean: Floats
    lower: Floats
    upper: Floats
    scale: float  # seasonal naive's in-sample error on the fold's training data (MASE)
    fit_seconds: float


def rolling_origins(n_points: int, horizon: int, folds: int) -> list[Fold]:
    """`folds` origins, `horizon` apart, the last `horizon` steps before the end."""
    first = n_points - folds * horizon
    if first <= 0:
        raise ValueError(f"{n_points} points are too few for {folds} folds of {horizon}")
    return [Fold(i, first + i * horizon, horizon) for i in range(folds)]


def backtest(
    candidate: Candidate,
    series: Floats,
    folds: list[Fold],
    season_length: int,
    level: float,
) -> list[FoldForecast]:
    """Fit `candidate` on each fold's past alone and forecast the fold."""
    results = []
    for fold in folds:
        history = series[: fold.origin]  # nothing at or after the origin
        started = time.perf_counter()
        forecaster = candidate.fit(history, season_length).forecaster
        seconds = time.perf_counter() - started
        forecast = forecaster.forecast(fold.horizon, level)
        results.append(
            FoldForecast(
                fold=fold,
                actual=series[fold.origin : fold.origin + fold.horizon],
                mean=forecast.mean,
                lower=forecast.lower,
                upper=forecast.upper,
                scale=accuracy.seasonal_naive_scale(history, season_length),
                fit_seconds=seconds,
            )
        )
    return results


@dataclass(frozen=True)
class Scores:
    mae: float
    rmse: float
    mase: float
    coverage: float

    @classmethod
    def of(cls, forecasts: list[FoldForecast]) -> Scores:
        actual = np.concatenate([f.actual for f in forecasts])
        mean = np.concatenate([f.mean for f in forecasts])
        return cls(
            mae=accuracy.mae(actual, mean),
            rmse=accuracy.rmse(actual, mean),
            # Each fold scaled by its own training data, then averaged.
            mase=float(np.mean([accuracy.mase(f.actual, f.mean, f.scale) for f in forecasts])),
            coverage=accuracy.coverage(
                actual,
                np.concatenate([f.lower for f in forecasts]),
                np.concatenate([f.upper for f in forecasts]),
            ),
        )


def error_by_step(forecasts: list[FoldForecast]) -> list[float]:
    """The mean absolute error at each step ahead, across the folds."""
    errors = np.array([np.abs(f.actual - f.mean) for f in forecasts])
    return [float(value) for value in errors.mean(axis=0)]
