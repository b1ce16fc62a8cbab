"""Report the backtest: reports/metrics.json and the figures.

Every model is compared with the baselines on the same folds. The verdict says whether
the best model beats the better baseline (usually seasonal naive; naive on a series
without much of a season) on MASE, over the backtest and on the test period: what makes
a forecasting model worth its upkeep.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from .config import PATHS, Paths
from .dataset import load_series
from .figures import BacktestRecord, plot_error_by_step, plot_forecast, plot_residuals
from .modeling.metadata import CandidateScores, ForecastMetadata

SCHEMA_VERSION = 1


@dataclass(frozen=True)
class Verdict:
    best_model: str  # the best non-baseline model on the backtest
    served: str
    baseline: str
    model_mase: float
    baseline_mase: float
    beats_baseline_in_backtest: bool
    beats_baseline_on_test: bool

    @property
    def beats_baseline(self) -> bool:
        return self.beats_baseline_in_backtest and self.beats_baseline_on_test


@dataclass(frozen=True)
class ForecastReport:
    """reports/metrics.json: each model's scores, the verdict and the figures' files."""

    project: str
    target: str
    frequency: str
    horizon: int
    interval_level: float
    backtest_folds: int
    candidates: list[CandidateScores]
    verdict: Verdict
    figures: list[str]
    schema_version: int = SCHEMA_VERSION


def evaluate_model(paths: Paths = PATHS) -> ForecastReport:
    metadata = ForecastMetadata.load(paths.metadata_file)
    series, _ = load_series(paths)
    record: BacktestRecord = json.loads(paths.backtest_file.read_text(encoding="utf-8"))
    paths.figures_dir.mkdir(parents=True, exist_ok=True)
    figures = [
        plot_forecast(series, record[metadata.model], metadata, paths.figures_dir),
        plot_error_by_step(metadata, paths.figures_dir),
        plot_residuals(record[metadata.model], metadata, paths.figures_dir),
    ]
    report = ForecastReport(
        project=metadata.project,
        target=metadata.target,
        frequency=metadata.frequency,
        horizon=metadata.horizon,
        interval_level=metadata.interval_level,
        backtest_folds=metadata.backtest_folds,
        candidates=metadata.candidates,
        verdict=verdict_of(metadata),
        figures=[_relative(figure, paths.reports_dir) for figure in figures],
    )
    paths.metrics_file.write_text(json.dumps(asdict(report), indent=2) + "\n", encoding="utf-8")
    return report


def verdict_of(metadata: ForecastMetadata) -> Verdict:
    best = min((c for c in metadata.candidates if not c.baseline), key=lambda c: c.mase)
    baseline = min((c for c in metadata.candidates if c.baseline), key=lambda c: c.mase)
    return Verdict(
        best_model=best.name,
        served=metadata.model,
        baseline=baseline.name,
        model_mase=best.mase,
        baseline_mase=baseline.mase,
        beats_baseline_in_backtest=best.mase < baseline.mase,
        beats_baseline_on_test=best.test_mase < baseline.test_mase,
    )


def _relative(path: Path, root: Path) -> str:
    return str(path.relative_to(root))
