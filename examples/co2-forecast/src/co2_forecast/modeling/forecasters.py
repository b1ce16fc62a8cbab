"""The forecasters as the service runs them: numpy (and onnxruntime) from a small state.

Training fits each model with its library (modeling/candidates.py) and keeps only what
forecasting needs, as JSON: the last values for the baselines, the smoothing
parameters and final state for ETS, the lags for gradient boosting (whose trees are in
models/model.onnx). So the service needs neither statsforecast nor scikit-learn.

Every forecaster gives a central forecast and a prediction interval per step.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist
from typing import Any, Protocol

import numpy as np
from numpy.typing import NDArray

from ..features import Features, step_features

Floats = NDArray[np.float64]
# Runs the gradient-boosting model on feature rows (onnxruntime in the service,
# scikit-learn while backtesting): one predicted change per row.
ChangeModel = Callable[[Features], Floats]


@dataclass(frozen=True)
class Forecast:
    """Per step ahead: the forecast and its interval's bounds."""

    mean: Floats
    lower: Floats
    upper: Floats


class Forecaster(Protocol):
    @property
    def name(self) -> str: ...

    def forecast(self, horizon: int, level: float) -> Forecast: ...

    def state(self) -> dict[str, Any]: ...


def z_score(level: float) -> float:
    """The normal quantile for a central interval of `level` percent."""
    return NormalDist().inv_cdf(0.5 + level / 200)


def _interval(mean: Floats, variance: Floats, level: float) -> Forecast:
    half_width = z_score(level) * np.sqrt(np.maximum(variance, 0.0))
    return Forecast(mean=mean, lower=mean - half_width, upper=mean + half_width)


@dataclass(frozen=True)
class SeasonalNaive:
    """Each step repeats the value one season earlier (season 1: the last value, naive).

    The variance of step h is sigma2 * (k + 1), k the number of whole seasons before h,
    with sigma2 the mean squared seasonal change in training (Hyndman & Athanasopoulos,
    Forecasting: Principles and Practice, 5.5).
    """

    name: str
    last_season: list[float]
    sigma2: float

    @classmethod
    def fit(cls, history: Floats, season_length: int, name: str) -> SeasonalNaive:
        season = season_length if len(history) > season_length else 1
        changes = history[season:] - history[:-season]
        return cls(
            name=name,
            last_season=[float(v) for v in history[-season:]],
            sigma2=float(np.mean(changes**2)),
        )

    def forecast(self, horizon: int, level: float) -> Forecast:
        season = len(self.last_season)
        steps = np.arange(horizon)
        mean = np.asarray(self.last_season, dtype=float)[steps % season]
        variance = self.sigma2 * (steps // season + 1).astype(np.float64)
        return _interval(mean, variance, level)

    def state(self) -> dict[str, Any]:
        return {"last_season": self.last_season, "sigma2": self.sigma2}


@dataclass(frozen=True)
class Ets:
    """Exponential smoothing with additive errors, from its fitted final state.

    The state vector is [level, trend (if any), seasonal states (most recent first)],
    as statsforecast keeps it. The point forecast follows statsforecast (whose damped
    trend sums phi from phi, as R's forecast package does); the variance is the exact
    one for the linear state-space form, sigma2 * (1 + sum of c_j^2) with
    c_j = w F^(j-1) g (Hyndman et al., Forecasting with Exponential Smoothing, 2008, ch. 6),
    rather than statsforecast's, which is too narrow for some models.
    """

    name: str
    trend: str  # "N" none, "A" additive
    season: str  # "N" none, "A" additive
    damped: bool
    alpha: float
    beta: float
    gamma: float
    phi: float
    season_length: int
    sigma2: float
    last_state: list[float]

    def forecast(self, horizon: int, level: float) -> Forecast:
        return _interval(self._point(horizon), self._variance(horizon), level)

    def _point(self, horizon: int) -> Floats:
        state = np.asarray(self.last_state)
        has_trend = self.trend != "N"
        level_, slope = state[0], (state[1] if has_trend else 0.0)
        seasonal = state[1 + has_trend :] if self.season != "N" else None
        phi = self.phi if self.damped else 1.0
        mean = np.empty(horizon)
        phi_sum = phi
        for step in range(horizon):
            mean[step] = level_ + (phi_sum * slope if has_trend else 0.0)
            if seasonal is not None:
                mean[step] += seasonal[(self.season_length - 1 - step) % self.season_length]
            phi_sum += phi ** (step + 1) if self.damped else 1.0
        return mean

    def _variance(self, horizon: int) -> Floats:
        w, transition, g = self._state_space()
        c = np.empty(horizon)
        power = np.eye(len(w))
        for step in range(horizon):
            c[step] = w @ power @ g
            power = transition @ power
        return self.sigma2 * np.concatenate([[1.0], 1 + np.cumsum(c[: horizon - 1] ** 2)])

    def _state_space(self) -> tuple[Floats, Floats, Floats]:
        has_trend, has_season = self.trend != "N", self.season != "N"
        m = self.season_length
        size = 1 + has_trend + (m if has_season else 0)
        phi = self.phi if self.damped else 1.0
        w, transition, g = np.zeros(size), np.zeros((size, size)), np.zeros(size)
        w[0], transition[0, 0], g[0] = 1.0, 1.0, self.alpha
        if has_trend:
            w[1], transition[0, 1], transition[1, 1], g[1] = phi, phi, phi, self.beta
        if has_season:
            first = 1 + has_trend
            w[first + m - 1] = 1.0
            transition[first, first + m - 1] = 1.0
            g[first] = self.gamma
            for i in range(1, m):
                transition[first + i, first + i - 1] = 1.0
        return w, transition, g

    def state(self) -> dict[str, Any]:
        fields = (
            "trend", "season", "damped", "alpha", "beta", "gamma", "phi", "season_length",
            "sigma2", "last_state",
        )  # fmt: skip
        return {name: getattr(self, name) for name in fields}


@dataclass(frozen=True)
class LagBoosting:
    """Gradient boosting on lags, one step at a time: each forecast becomes a lag.

    The interval widens as sqrt(h) times the one-step error measured on held-out
    training data (modeling/candidates.py): a random-walk approximation, checked by
    the backtest's coverage.
    """

    name: str
    recent: list[float]  # the last n_lags + 1 values, oldest first
    next_position: int  # the index, from the series' start, of the first step ahead
    season_length: int
    one_step_sigma: float
    predict_changes: ChangeModel

    def forecast(self, horizon: int, level: float) -> Forecast:
        values = list(self.recent)
        mean = np.empty(horizon)
        for step in range(horizon):
            row = step_features(
                np.asarray(values[-len(self.recent) :]), self.next_position + step,
                self.season_length,
            )  # fmt: skip
            change = float(self.predict_changes(row[np.newaxis, :])[0])
            mean[step] = values[-1] + change
            values.append(mean[step])
        variance = self.one_step_sigma**2 * np.arange(1, horizon + 1, dtype=np.float64)
        return _interval(mean, variance, level)

    def state(self) -> dict[str, Any]:
        return {
            "recent": self.recent,
            "next_position": self.next_position,
            "season_length": self.season_length,
            "one_step_sigma": self.one_step_sigma,
        }


def from_state(
    name: str, family: str, state: dict[str, Any], predict_changes: ChangeModel | None = None
) -> Forecaster:
    """Rebuild a forecaster from what `state()` saved (and, for gradient boosting, its
    ONNX model's predict function)."""
    if family == "seasonal_naive":
        return SeasonalNaive(name=name, **state)
    if family == "ets":
        return Ets(name=name, **state)
    if family == "lag_boosting" and predict_changes is not None:
        return LagBoosting(name=name, predict_changes=predict_changes, **state)
    raise ValueError(f"cannot rebuild a {family!r} forecaster from its state")
