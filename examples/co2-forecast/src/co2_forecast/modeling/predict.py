"""Load the served forecaster and forecast: the one inference path of the CLI and the API."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from ..errors import ModelLoadError
from ..frequency import following_timestamps
from .forecasters import Forecaster, from_state
from .metadata import ForecastMetadata
from .onnx_export import onnx_change_model


@dataclass(frozen=True)
class ForecastPoint:
    """One step ahead: when, the forecast, and its prediction interval."""

    timestamp: str
    forecast: float
    lower: float
    upper: float


@dataclass(frozen=True)
class SeriesForecaster:
    metadata: ForecastMetadata
    forecaster: Forecaster

    def forecast(self, horizon: int) -> list[ForecastPoint]:
        """The next `horizon` steps after the last observation (1 to the trained horizon)."""
        if not 1 <= horizon <= self.metadata.horizon:
            raise ValueError(f"horizon must be between 1 and {self.metadata.horizon}")
        result = self.forecaster.forecast(horizon, self.metadata.interval_level)
        last = datetime.fromisoformat(self.metadata.last_timestamp)
        stamps = following_timestamps(last, self.metadata.frequency, horizon)
        return [
            ForecastPoint(stamp.isoformat(), float(mean), float(low), float(high))
            for stamp, mean, low, high in zip(
                stamps, result.mean, result.lower, result.upper, strict=True
            )
        ]


def load_forecaster(path: Path) -> SeriesForecaster:
    """The forecaster saved at `path` (models/forecaster.json, metadata.json beside it)."""
    metadata_path = path.with_name("metadata.json")
    if not path.is_file() or not metadata_path.is_file():
        raise ModelLoadError(
            f"no trained model at {path} (with metadata.json beside it); "
            "train one first (make train), or set MODEL_PATH"
        )
    metadata = ForecastMetadata.load(metadata_path)
    saved = json.loads(path.read_text(encoding="utf-8"))
    onnx_path = path.with_name("model.onnx")
    change_model = onnx_change_model(onnx_path) if saved["family"] == "lag_boosting" else None
    try:
        forecaster = from_state(saved["name"], saved["family"], saved["state"], change_model)
    except (TypeError, ValueError) as err:
        raise ModelLoadError(f"{path} does not hold a forecaster this code reads ({err})") from err
    return SeriesForecaster(metadata=metadata, forecaster=forecaster)
