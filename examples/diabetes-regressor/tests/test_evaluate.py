"""The evaluate step: metrics.json and the figures."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from diabetes_regressor.config import TASK, Paths
from diabetes_regressor.dataset import DataReport
from diabetes_regressor.errors import DataError
from diabetes_regressor.evaluate import evaluate_model
from diabetes_regressor.metrics import HEADLINE_METRIC
from diabetes_regressor.modeling.train import TrainResult

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def metrics(evaluation: dict[str, Any]) -> dict[str, Any]:
    return evaluation


def test_metrics_are_written_as_json(metrics: dict[str, Any], project_paths: Paths) -> None:
    assert json.loads(project_paths.metrics_file.read_text()) == metrics


def test_model_and_baseline_are_scored_side_by_side(metrics: dict[str, Any]) -> None:
    metric = HEADLINE_METRIC[TASK]
    model, baseline = metrics["test"]["model"], metrics["test"]["baseline"]

    assert set(model) == set(baseline)
    assert model[metric] > baseline[metric]
    assert {"mae", "rmse", "r2"} <= set(model)


def test_metrics_match_training(metrics: dict[str, Any], training: TrainResult) -> None:
    # The saved model, scored again, gives the numbers recorded when it was trained.
    scores = {k: v for k, v in metrics["test"]["model"].items() if k != "per_class"}

    assert scores == training.metadata.metrics["test"]["model"]
    assert metrics["cv"]["folds"] == training.metadata.cv_folds


def test_figures_are_png_files(metrics: dict[str, Any], project_paths: Paths) -> None:
    expected = {
        "figures/predicted_vs_actual.png",
        "figures/residuals.png",
        "figures/permutation_importance.png",
    }
    assert set(metrics["figures"]) == expected
    for name in expected:
        content = (project_paths.reports_dir / name).read_bytes()
        assert content.startswith(PNG_SIGNATURE)
        assert len(content) > 10_000  # a drawn figure, not an empty canvas


def test_data_facts_describe_both_splits(metrics: dict[str, Any], data_report: DataReport) -> None:
    data = metrics["data"]

    assert data["n_rows"] == data["n_train"] + data["n_test"] == data_report.n_rows
    assert data["dropped"] == data_report.dropped
    summary = data["target_summary"]
    assert summary["min"] <= summary["median"] <= summary["max"]


def test_permutation_importance_ranks_every_feature(
    metrics: dict[str, Any], training: TrainResult
) -> None:
    ranked = metrics["permutation_importance"]

    assert {item["feature"] for item in ranked} == {f.name for f in training.metadata.features}
    means = [item["mean"] for item in ranked]
    assert means == sorted(means, reverse=True)
    assert means[0] > 0  # the model relies on at least one column


def test_model_trained_on_other_data_is_not_evaluated(
    project_paths: Paths, data_report: DataReport, trained_model_path: Path, tmp_path: Path
) -> None:
    paths = dataclasses.replace(Paths.under(tmp_path), raw_dir=project_paths.raw_dir)
    shutil.copytree(project_paths.models_dir, paths.models_dir)
    shutil.copytree(project_paths.processed_dir, paths.processed_dir)
    dataclasses.replace(data_report, data_sha256="0" * 64).save(paths.cleaning_report)

    with pytest.raises(DataError, match="retrain"):
        evaluate_model(paths)
