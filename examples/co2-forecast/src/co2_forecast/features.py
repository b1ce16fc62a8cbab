"""The gradient-boosting model's inputs: lags and the position in the season.

One module for training and serving (numpy only), so the service builds exactly the
features the model learnt from. Trees cannot extrapolate a trend, so the model learns
the next change, `y[t] - y[t-1]`, from the lags written as differences from the last
value: neither depends on the series' level.

Features are float32, as onnxruntime reads them: trained on the same values, the
trees' thresholds split them the same way in scikit-learn and in the ONNX export.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]
Features = NDArray[np.float32]
# Lags used when the series allows: two seasons, or a year of months for short seasons.
MIN_LAGS = 12


def lag_count(season_length: int, n_points: int) -> int:
    """Two seasons of lags (at least MIN_LAGS), but no more than a third of the series."""
    wanted = max(2 * season_length, MIN_LAGS)
    return max(1, min(wanted, n_points // 3))


def feature_names(n_lags: int, season_length: int) -> list[str]:
    names = [f"change_since_lag_{lag}" for lag in range(1, n_lags + 1)]
    return [*names, "season_sin", "season_cos"] if season_length > 1 else names


def step_features(recent: Floats, position: int, season_length: int) -> Features:
    """The features for the step at `position` (0 = the series' first), from the
    `n_lags + 1` values just before it (`recent`, oldest first)."""
    changes = recent[-1] - recent[-2::-1]  # y[t-1] - y[t-1-k], for k = 1..n_lags
    if season_length > 1:
        angle = 2 * np.pi * (position % season_length) / season_length
        changes = np.concatenate([changes, [np.sin(angle), np.cos(angle)]])
    return np.asarray(changes, dtype=np.float32)


def training_matrix(series: Floats, n_lags: int, season_length: int) -> tuple[Features, Floats]:
    """Features and next change for every step that has `n_lags + 1` values before it."""
    positions = range(n_lags + 1, len(series))
    features = np.array(
        [step_features(series[t - n_lags - 1 : t], t, season_length) for t in positions]
    )
    changes = np.array([series[t] - series[t - 1] for t in positions])
    return features, changes
