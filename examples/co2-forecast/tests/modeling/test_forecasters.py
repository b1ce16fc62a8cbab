"""The baselines, and the numpy forecasters the service runs against their libraries."""

from __future__ import annotations

import numpy as np
import pytest

from co2_forecast import accuracy
from co2_forecast.modeling.candidates import fit_ets, fit_naive, fit_seasonal_naive
from co2_forecast.modeling.forecasters import Ets

SEASON = 12


@pytest.fixture(scope="module")
def seasonal_series() -> np.ndarray:
    rng = np.random.default_rng(0)
    steps = np.arange(120)
    return 50 + 0.3 * steps + 5 * np.sin(2 * np.pi * steps / SEASON) + rng.normal(0, 0.5, 120)


def test_naive_repeats_the_last_value_with_a_widening_interval(
    seasonal_series: np.ndarray,
) -> None:
    forecast = fit_naive(seasonal_series, SEASON).forecaster.forecast(6, 80)
    assert np.all(forecast.mean == seasonal_series[-1])
    widths = forecast.upper - forecast.lower
    assert np.all(np.diff(widths) > 0)


def test_seasonal_naive_repeats_the_last_season(seasonal_series: np.ndarray) -> None:
    forecast = fit_seasonal_naive(seasonal_series, SEASON).forecaster.forecast(18, 80)
    last_season = seasonal_series[-SEASON:]
    np.testing.assert_array_equal(forecast.mean, np.concatenate([last_season, last_season[:6]]))
    assert np.all(forecast.lower < forecast.mean)
    assert np.all(forecast.mean < forecast.upper)


def test_mase_is_one_for_seasonal_naive_in_sample(seasonal_series: np.ndarray) -> None:
    scale = accuracy.seasonal_naive_scale(seasonal_series, SEASON)
    in_sample = accuracy.mase(seasonal_series[SEASON:], seasonal_series[:-SEASON], scale)
    assert in_sample == pytest.approx(1.0)


def test_ets_from_its_state_forecasts_as_statsforecast(seasonal_series: np.ndarray) -> None:
    """Mean and interval match statsforecast within a season (beyond it, statsforecast 2.1's
    seasonal intervals are known to be off; the state-space formula is exact)."""
    from statsforecast.models import AutoETS

    fitted = fit_ets(seasonal_series, SEASON).forecaster
    assert isinstance(fitted, Ets)
    reference = AutoETS(season_length=SEASON, model="AZA").fit(seasonal_series)
    expected = reference.predict(h=SEASON, level=[80])
    ours = Ets(**{**fitted.state(), "name": "ets"}).forecast(SEASON, 80)
    np.testing.assert_allclose(ours.mean, expected["mean"], rtol=1e-9)
    np.testing.assert_allclose(ours.lower, expected["lo-80"], rtol=1e-6)
    np.testing.assert_allclose(ours.upper, expected["hi-80"], rtol=1e-6)
