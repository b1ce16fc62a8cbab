"""How good a forecast is: MAE, RMSE, MASE and the coverage of its interval.

MASE divides the error by the in-sample error of seasonal naive (the value one season
earlier) on the data the forecast was made from: below 1, the forecast beats
"same as last season"; above 1, it does not.
"""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

Floats = NDArray[np.float64]


def mae(actual: Floats, forecast: Floats) -> float:
    return float(np.mean(np.abs(actual - forecast)))


def rmse(actual: Floats, forecast: Floats) -> float:
    return float(np.sqrt(np.mean((actual - forecast) ** 2)))


def seasonal_naive_scale(history: Floats, season_length: int) -> float:
    """Mean absolute change over one season in `history`: MASE's denominator."""
    lag = season_length if len(history) > season_length else 1
    scale = float(np.mean(np.abs(history[lag:] - history[:-lag])))
    # A constant series has nothing to scale by; 1.0 keeps MASE equal to MAE there.
    return scale if scale > 0 else 1.0


def mase(actual: Floats, forecast: Floats, scale: float) -> float:
    return mae(actual, forecast) / scale


def coverage(actual: Floats, lower: Floats, upper: Floats) -> float:
    """The share of actual values inside their interval."""
    return float(np.mean((actual >= lower) & (actual <= upper)))
