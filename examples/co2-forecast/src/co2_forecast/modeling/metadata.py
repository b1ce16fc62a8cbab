"""What training records about the served forecaster: models/metadata.json.

The service describes the series from it (GET /v1/model, with the last observations
that the demo page draws) and evaluate reports from it; `schema_version` changes when a
field does.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from ..errors import ModelLoadError

SCHEMA_VERSION = 2


@dataclass(frozen=True)
class CandidateScores:
    """One model's backtest: over all folds, and on the last (the test period)."""

    name: str
    baseline: bool
    mae: float
    rmse: float
    mase: float
    coverage: float
    test_mae: float
    test_mase: float
    test_coverage: float
    error_by_step: list[float]
    fit_seconds: float


@dataclass(frozen=True)
class Observation:
    """One point of the series as it was cleaned: when, and its value."""

    timestamp: str
    value: float


@dataclass(frozen=True)
class ForecastMetadata:
    project: str
    model: str  # the served candidate
    family: str
    model_version: str
    target: str
    date_column: str
    frequency: str
    season_length: int
    n_points: int
    first_timestamp: str
    last_timestamp: str
    horizon: int
    interval_level: float
    backtest_folds: int
    candidates: list[CandidateScores]
    data_sha256: str
    trained_at: str
    training_seconds: float
    # The series' last points (a few seasons; see train.recent_observations), so the
    # service can show what a forecast continues without shipping the data.
    history: list[Observation] = field(default_factory=list)
    schema_version: int = SCHEMA_VERSION

    def scores(self, name: str) -> CandidateScores:
        return next(c for c in self.candidates if c.name == name)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> ForecastMetadata:
        try:
            fields: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError) as err:
            raise ModelLoadError(
                f"{path} cannot be read ({err}); train again (make train)"
            ) from err
        if fields.get("schema_version") != SCHEMA_VERSION:
            raise ModelLoadError(f"{path} is of another schema version; train again (make train)")
        fields["candidates"] = [CandidateScores(**c) for c in fields["candidates"]]
        fields["history"] = [Observation(**point) for point in fields.get("history", [])]
        return cls(**fields)
