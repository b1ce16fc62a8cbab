"""The evaluate step: metrics.json and the figures."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from penguin_classifier.config import TASK, Paths
from penguin_classifier.dataset import DataReport
from penguin_classifier.errors import DataError
from penguin_classifier.evaluate import evaluate_model
from penguin_classifier.metrics import HEADLINE_METRIC
from penguin_classifier.modeling.predict import Predictor
from penguin_classifier.modeling.train import TrainResult
from penguin_classifier.results import RunMetrics

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def metrics(evaluation: RunMetrics) -> RunMetrics:
    return evaluation


def test_metrics_are_written_with_their_schema(metrics: RunMetrics, project_paths: Paths) -> None:
    assert RunMetrics.load(project_paths.metrics_file) == metrics
    assert metrics.schema_version == 1


def test_model_and_baseline_are_scored_side_by_side(metrics: RunMetrics) -> None:
    metric = HEADLINE_METRIC[TASK]
    model, baseline = metrics.test.model, metrics.test.baseline

    assert set(model) == set(baseline)
    assert (model[metric] or 0) > (baseline[metric] or 0)
    assert {"accuracy", "balanced_accuracy", "f1_macro"} <= set(model)
    assert metrics.per_class is not None
    assert sum(scores.support for scores in metrics.per_class.values()) == metrics.data.n_test


def test_the_verdict_compares_on_the_test_split_and_in_cv(metrics: RunMetrics) -> None:
    metric = HEADLINE_METRIC[TASK]
    verdict = metrics.verdict
    model, baseline = metrics.test.model[metric] or 0, metrics.test.baseline[metric] or 0
    cv_model, cv_baseline = metrics.cv.model[metric].mean, metrics.cv.baseline[metric].mean

    assert verdict.metric == metric
    assert verdict.beats_baseline_on_test == (
        model < baseline if verdict.lower_is_better else model > baseline
    )
    lead = cv_baseline - cv_model if verdict.lower_is_better else cv_model - cv_baseline
    assert verdict.beats_baseline_in_cv == (lead > metrics.cv.model[metric].std)


def test_metrics_match_training(metrics: RunMetrics, training: TrainResult) -> None:
    # The saved model, scored again, gives the numbers recorded when it was trained.
    assert metrics.test == training.metadata.metrics.test
    assert metrics.cv == training.metadata.metrics.cv


def test_the_example_is_what_the_served_model_answers(
    metrics: RunMetrics, predictor: Predictor
) -> None:
    (answer,) = predictor.predict([metrics.example.record])

    assert metrics.example.prediction == answer.prediction
    assert metrics.example.probabilities == answer.probabilities


def test_figures_are_png_files(metrics: RunMetrics, project_paths: Paths) -> None:
    expected = {
        "figures/confusion_matrix.png",
        "figures/roc_curve.png",
        "figures/precision_recall.png",
        "figures/permutation_importance.png",
    }
    assert set(metrics.figures) == expected
    for name in expected:
        content = (project_paths.reports_dir / name).read_bytes()
        assert content.startswith(PNG_SIGNATURE)
        assert len(content) > 10_000  # a drawn figure, not an empty canvas


def test_data_facts_describe_both_splits(metrics: RunMetrics, data_report: DataReport) -> None:
    data = metrics.data

    assert data.n_rows == data.n_train + data.n_test == data_report.n_rows
    assert data.dropped == data_report.dropped
    assert data.class_counts is not None
    assert sum(data.class_counts.values()) == data.n_rows
    counts = list(data.class_counts.values())
    assert counts == sorted(counts, reverse=True)


def test_permutation_importance_ranks_every_feature(
    metrics: RunMetrics, training: TrainResult
) -> None:
    ranked = metrics.permutation_importance

    assert {item.feature for item in ranked} == {f.name for f in training.metadata.features}
    means = [item.mean for item in ranked]
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
