"""Backtest every candidate, serve the best, and save it with what it scored.

The served model is the candidate with the lowest MASE over the backtest's folds,
baselines included (config.MODEL may name one instead): if seasonal naive wins, it is
served, and evaluate says the models were not worth it. The served candidate is then
refitted on the whole series and saved as a small state (models/forecaster.json, with
models/model.onnx for gradient boosting).
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import numpy as np
import pandas as pd

from ..config import (
    BACKTEST_FOLDS,
    DATE_COLUMN,
    HORIZON,
    INTERVAL_LEVEL,
    MODEL,
    MODEL_VERSION,
    PATHS,
    PROJECT_NAME,
    TARGET,
    Paths,
)
from ..dataset import load_series
from ..features import lag_count, training_matrix
from ..timestamps import UTC
from .backtest import FoldForecast, Scores, backtest, error_by_step, rolling_origins
from .candidates import BACKTESTED, Candidate
from .metadata import CandidateScores, ForecastMetadata, Observation
from .onnx_export import export_lag_model

# What metadata.json keeps of the series at most: 240 points is 20 years of months or
# 10 days of hours.
MAX_RECENT_POINTS = 240


@dataclass(frozen=True)
class TrainResult:
    metadata: ForecastMetadata
    backtests: dict[str, list[FoldForecast]]


def train_model(
    paths: Paths = PATHS,
    model: str = MODEL,
    candidates: tuple[Candidate, ...] = BACKTESTED,
) -> TrainResult:
    """Backtest `candidates` on the cleaned series, then fit and save the served one."""
    started = time.perf_counter()
    series, report = load_series(paths)
    values = series.to_numpy(dtype=float)
    folds = rolling_origins(len(values), HORIZON, BACKTEST_FOLDS)
    season = report.season_length
    backtests = {c.name: backtest(c, values, folds, season, INTERVAL_LEVEL) for c in candidates}
    scores = [_scores(c, backtests[c.name]) for c in candidates]
    served = _served(candidates, scores, model)
    fitted = served.fit(values, season)
    paths.models_dir.mkdir(parents=True, exist_ok=True)
    paths.onnx_file.unlink(missing_ok=True)  # a previous run's export must not linger
    if fitted.estimator is not None:
        n_lags = lag_count(season, len(values))
        sample, _ = training_matrix(values, n_lags, season)
        export_lag_model(fitted.estimator, sample, paths.onnx_file)
    state = {"name": served.name, "family": served.family, "state": fitted.forecaster.state()}
    paths.forecaster_file.write_text(json.dumps(state, indent=2) + "\n", encoding="utf-8")
    metadata = ForecastMetadata(
        project=PROJECT_NAME,
        model=served.name,
        family=served.family,
        model_version=f"{MODEL_VERSION}+{report.sha256[:8]}",
        target=TARGET,
        date_column=DATE_COLUMN,
        frequency=report.frequency,
        season_length=season,
        n_points=report.n_points,
        first_timestamp=report.first_timestamp,
        last_timestamp=report.last_timestamp,
        horizon=HORIZON,
        interval_level=INTERVAL_LEVEL,
        backtest_folds=BACKTEST_FOLDS,
        candidates=scores,
        data_sha256=report.sha256,
        trained_at=datetime.now(UTC).isoformat(timespec="seconds"),
        training_seconds=round(time.perf_counter() - started, 2),
        history=recent_observations(series, season),
    )
    metadata.save(paths.metadata_file)
    _save_backtests(backtests, series.index, paths)
    return TrainResult(metadata=metadata, backtests=backtests)


def recent_observations(series: pd.Series, season_length: int) -> list[Observation]:
    """The last three seasons or three horizons of the series, whichever is longer.

    Enough for a chart to show the pattern a forecast continues, and bounded (at most
    MAX_RECENT_POINTS) so metadata.json stays a few kilobytes for any frequency.
    """
    count = min(max(3 * season_length, 3 * HORIZON), MAX_RECENT_POINTS)
    return [
        Observation(timestamp=stamp.isoformat(), value=float(value))
        for stamp, value in series.tail(count).items()
    ]


def _scores(candidate: Candidate, forecasts: list[FoldForecast]) -> CandidateScores:
    overall, test = Scores.of(forecasts), Scores.of(forecasts[-1:])
    return CandidateScores(
        name=candidate.name,
        baseline=candidate.baseline,
        mae=overall.mae,
        rmse=overall.rmse,
        mase=overall.mase,
        coverage=overall.coverage,
        test_mae=test.mae,
        test_mase=test.mase,
        test_coverage=test.coverage,
        error_by_step=error_by_step(forecasts),
        fit_seconds=round(float(np.mean([f.fit_seconds for f in forecasts])), 3),
    )


def _served(
    candidates: tuple[Candidate, ...], scores: list[CandidateScores], model: str
) -> Candidate:
    if model != "auto":
        return next(c for c in candidates if c.name == model)
    best = min(scores, key=lambda s: s.mase)
    return next(c for c in candidates if c.name == best.name)


def _save_backtests(backtests: dict[str, list[FoldForecast]], index: Any, paths: Paths) -> None:
    """Each model's forecasts per fold, with the fold's timestamps, for the figures."""
    record = {
        name: [
            {
                "origin": index[f.fold.origin].isoformat(),
                "timestamps": [
                    t.isoformat() for t in index[f.fold.origin : f.fold.origin + f.fold.horizon]
                ],
                "actual": f.actual.tolist(),
                "mean": f.mean.tolist(),
                "lower": f.lower.tolist(),
                "upper": f.upper.tolist(),
            }
            for f in forecasts
        ]
        for name, forecasts in backtests.items()
    }
    paths.backtest_file.write_text(json.dumps(record) + "\n", encoding="utf-8")
