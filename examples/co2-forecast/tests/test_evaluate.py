"""evaluate: every model against the baselines, the verdict, and the figures."""

from __future__ import annotations

import json

from co2_forecast.config import Paths
from co2_forecast.evaluate import ForecastReport


def test_metrics_compare_every_model_with_the_baselines(
    project_paths: Paths, evaluation: ForecastReport
) -> None:
    written = json.loads(project_paths.metrics_file.read_text(encoding="utf-8"))
    names = {c["name"] for c in written["candidates"]}
    assert {"naive", "seasonal_naive", "ets", "gradient_boosting"} == names
    for scores in written["candidates"]:
        assert 0.0 <= scores["coverage"] <= 1.0
        assert scores["mase"] > 0
    verdict = written["verdict"]
    baselines = [c for c in written["candidates"] if c["baseline"]]
    assert verdict["baseline"] == min(baselines, key=lambda c: c["mase"])["name"]
    assert verdict["beats_baseline_in_backtest"] == (
        verdict["model_mase"] < verdict["baseline_mase"]
    )


def test_the_figures_are_written(project_paths: Paths, evaluation: ForecastReport) -> None:
    assert len(evaluation.figures) == 3
    for figure in evaluation.figures:
        assert (project_paths.reports_dir / figure).stat().st_size > 1000
