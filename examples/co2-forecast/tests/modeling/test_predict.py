"""The served forecaster: loaded from its files, it forecasts what training fitted."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import numpy as np
import pytest

from co2_forecast.config import HORIZON, INTERVAL_LEVEL, Paths
from co2_forecast.dataset import load_series
from co2_forecast.frequency import following_timestamps
from co2_forecast.modeling.candidates import FORECASTERS
from co2_forecast.modeling.predict import SeriesForecaster
from co2_forecast.modeling.train import TrainResult


def test_the_served_forecast_equals_the_in_process_one(
    project_paths: Paths, training: TrainResult, forecaster: SeriesForecaster
) -> None:
    """The model refitted in this process forecasts what the saved one does (for gradient
    boosting: scikit-learn in process, onnxruntime when served)."""
    series, report = load_series(project_paths)
    candidate = FORECASTERS[training.metadata.model]
    in_process = candidate.fit(series.to_numpy(dtype=float), report.season_length).forecaster
    expected = in_process.forecast(HORIZON, INTERVAL_LEVEL)
    served = forecaster.forecast(HORIZON)
    scale = float(np.abs(expected.mean).max())
    np.testing.assert_allclose([p.forecast for p in served], expected.mean, atol=1e-4 * scale)
    np.testing.assert_allclose([p.lower for p in served], expected.lower, atol=1e-4 * scale)
    np.testing.assert_allclose([p.upper for p in served], expected.upper, atol=1e-4 * scale)


def test_each_step_has_its_timestamp_after_the_last_observation(
    forecaster: SeriesForecaster,
) -> None:
    metadata = forecaster.metadata
    points = forecaster.forecast(3)
    last = datetime.fromisoformat(metadata.last_timestamp)
    expected = following_timestamps(last, metadata.frequency, 3)
    assert [p.timestamp for p in points] == [t.isoformat() for t in expected]
    assert all(p.lower <= p.forecast <= p.upper for p in points)


@pytest.mark.parametrize("horizon", [0, HORIZON + 1])
def test_a_horizon_outside_the_trained_one_is_refused(
    forecaster: SeriesForecaster, horizon: int
) -> None:
    with pytest.raises(ValueError, match="horizon must be between 1"):
        forecaster.forecast(horizon)


def test_the_served_state_is_small_json(trained_model_path: Path) -> None:
    saved = json.loads(trained_model_path.read_text(encoding="utf-8"))
    assert set(saved) == {"name", "family", "state"}
    assert trained_model_path.stat().st_size < 64 * 1024
