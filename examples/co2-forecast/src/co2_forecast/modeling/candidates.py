"""The models compared on the backtest, each fitted with its library (training only).

Two baselines, which a model must beat to be worth serving: naive (the last value) and
seasonal naive (the value one season earlier). Two models: ETS, exponential smoothing
chosen by AICc among statsforecast's additive-error models, and gradient boosting on
lags and the season's position (scikit-learn's HistGradientBoostingRegressor).

Additive errors only: their intervals have an exact formula, which the service
computes from the state (modeling/forecasters.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import numpy as np

from ..config import SEED
from ..features import lag_count, training_matrix
from .forecasters import Ets, Floats, Forecaster, LagBoosting, SeasonalNaive

# The share of a training window the gradient-boosting model holds out, once, to
# measure its one-step error (the width of its interval).
HOLDOUT_SHARE = 0.2


@dataclass(frozen=True)
class Fitted:
    """A fitted forecaster, and the estimator behind it where it has one to export."""

    forecaster: Forecaster
    estimator: Any = None


@dataclass(frozen=True)
class Candidate:
    name: str
    family: str  # how forecasters.from_state rebuilds it
    baseline: bool
    fit: Callable[[Floats, int], Fitted]  # (history, season length)


def fit_naive(history: Floats, season_length: int) -> Fitted:
    return Fitted(SeasonalNaive.fit(history, 1, name="naive"))


def fit_seasonal_naive(history: Floats, season_length: int) -> Fitted:
    return Fitted(SeasonalNaive.fit(history, season_length, name="seasonal_naive"))


def fit_ets(history: Floats, season_length: int) -> Fitted:
    """statsforecast's AutoETS over additive-error models: trend none, additive or
    damped; an additive season where the series has one and two seasons of data."""
    from statsforecast.models import AutoETS

    seasonal = season_length > 1 and len(history) >= 2 * season_length
    model = AutoETS(
        season_length=season_length if seasonal else 1, model="AZA" if seasonal else "AZN"
    )
    model.fit(history)
    fitted = model.model_
    # e.g. "AAAD": the error, trend and season types, and "D" for a damped trend.
    _, trend, season, damped = fitted["components"][:4]
    alpha, beta, gamma, phi = (float(value) for value in fitted["par"][:4])
    return Fitted(
        Ets(
            name="ets",
            trend=str(trend),
            season=str(season),
            damped=damped == "D",
            alpha=alpha,
            beta=_or_zero(beta),
            gamma=_or_zero(gamma),
            phi=_or_zero(phi),
            season_length=int(fitted["m"]),
            sigma2=float(fitted["sigma2"]),
            last_state=[float(value) for value in fitted["states"][-1]],
        )
    )


def _or_zero(value: float) -> float:
    # statsforecast leaves the parameters of absent components as NaN.
    return 0.0 if np.isnan(value) else value


def fit_lag_boosting(history: Floats, season_length: int) -> Fitted:
    """Gradient boosting on the next change; its one-step error measured on held-out data."""
    n_lags = lag_count(season_length, len(history))
    features, changes = training_matrix(history, n_lags, season_length)
    # Trained on float32 features, as onnxruntime will read them (see features.py).
    held_out = max(1, int(len(changes) * HOLDOUT_SHARE))
    probe = _boosting().fit(features[:-held_out], changes[:-held_out])
    errors = probe.predict(features[-held_out:]) - changes[-held_out:]
    estimator = _boosting().fit(features, changes)
    forecaster = LagBoosting(
        name="gradient_boosting",
        recent=[float(value) for value in history[-(n_lags + 1) :]],
        next_position=len(history),
        season_length=season_length,
        one_step_sigma=float(np.sqrt(np.mean(errors**2))),
        predict_changes=estimator.predict,
    )
    return Fitted(forecaster, estimator)


def _boosting() -> Any:
    from sklearn.ensemble import HistGradientBoostingRegressor

    # Small trees, few rounds: a few hundred rows of smooth changes need no more, and
    # the backtest fits the model twice per fold.
    return HistGradientBoostingRegressor(
        max_iter=100, learning_rate=0.1, max_leaf_nodes=15, min_samples_leaf=10,
        early_stopping=False, random_state=SEED,
    )  # fmt: skip


# The models `auto` chooses among, each also a `model` answer (config.MODEL), and the
# baselines every one of them is measured against (served too, if neither beats them).
CANDIDATES = ("ets", "gradient_boosting")
BASELINES = ("naive", "seasonal_naive")
FORECASTERS = {
    candidate.name: candidate
    for candidate in (
        Candidate("naive", "seasonal_naive", baseline=True, fit=fit_naive),
        Candidate("seasonal_naive", "seasonal_naive", baseline=True, fit=fit_seasonal_naive),
        Candidate("ets", "ets", baseline=False, fit=fit_ets),
        Candidate("gradient_boosting", "lag_boosting", baseline=False, fit=fit_lag_boosting),
    )
}
# What training backtests, baselines first.
BACKTESTED = tuple(FORECASTERS[name] for name in (*BASELINES, *CANDIDATES))
