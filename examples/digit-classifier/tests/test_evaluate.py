"""The evaluate step: scores of the served export, its surest mistakes by file, its figures."""

from __future__ import annotations

import dataclasses
import json
import shutil
from collections.abc import Callable

import numpy as np
import pytest

from digit_classifier.config import IMAGE_SIZE, TASK, Paths
from digit_classifier.dataset import Images
from digit_classifier.errors import DataError
from digit_classifier.evaluate import MISTAKES_SHOWN, _mistakes, evaluate_model
from digit_classifier.metrics import HEADLINE_METRIC
from digit_classifier.modeling.predict import Predictor
from digit_classifier.modeling.train import TrainResult
from digit_classifier.results import RunMetrics

FIGURES = {"confusion_matrix.png", "roc_curve.png", "precision_recall.png", "training_curves.png"}


def figure_names(metrics: RunMetrics) -> set[str]:
    return {figure.rsplit("/", 1)[-1] for figure in metrics.figures}


@pytest.fixture(scope="module")
def copy_of_the_project(
    project_paths: Paths, evaluation: RunMetrics, tmp_path_factory: pytest.TempPathFactory
) -> Callable[[], Paths]:
    """A copy of the session's data and model, to change without touching the session's."""

    def copy() -> Paths:
        root = tmp_path_factory.mktemp("evaluated")
        paths = dataclasses.replace(Paths.under(root), raw_dir=project_paths.raw_dir)
        shutil.copytree(project_paths.processed_dir, paths.processed_dir)
        shutil.copytree(project_paths.models_dir, paths.models_dir)
        return paths

    return copy


def test_metrics_file_holds_what_evaluate_returned(
    evaluation: RunMetrics, project_paths: Paths
) -> None:
    saved = json.loads(project_paths.metrics_file.read_text())

    assert RunMetrics.model_validate(saved) == evaluation
    assert evaluation.task == TASK
    assert evaluation.headline_metric == HEADLINE_METRIC[TASK]
    assert evaluation.permutation_importance == []


def test_scores_are_those_of_the_served_export(
    evaluation: RunMetrics, training: TrainResult
) -> None:
    """Training scored the estimator, evaluate the ONNX export: they agree to rounding."""
    trained = training.metadata.metrics.test.model
    for metric, value in evaluation.test.model.items():
        if value is not None and trained.get(metric) is not None:
            assert value == pytest.approx(trained[metric], abs=0.002), metric
    assert evaluation.candidates == training.metadata.metrics.candidates


def test_data_facts_count_the_splits(evaluation: RunMetrics, project_paths: Paths) -> None:
    train = Images.load(project_paths.train_images)
    test = Images.load(project_paths.test_images)
    counts = evaluation.data.class_counts or {}

    assert evaluation.data.n_train == len(train)
    assert evaluation.data.n_test == len(test)
    assert sum(counts.values()) == len(train) + len(test)
    assert list(counts.values()) == sorted(counts.values(), reverse=True)


def test_the_figures_include_the_cnns_training_curves(
    evaluation: RunMetrics, project_paths: Paths
) -> None:
    assert figure_names(evaluation) >= FIGURES
    for figure in evaluation.figures:
        assert (project_paths.reports_dir / figure).stat().st_size > 0


def test_the_mistakes_shown_are_the_served_models_surest(
    evaluation: RunMetrics, predictor: Predictor, project_paths: Paths
) -> None:
    test = Images.load(project_paths.test_images)
    predictions = predictor.predict(list(test.pixels))
    wrong = {
        str(file): p
        for file, label, p in zip(test.files, test.labels, predictions, strict=True)
        if p.prediction != label
    }

    assert len(evaluation.mistakes) == min(len(wrong), MISTAKES_SHOWN)
    assert ("mistakes.png" in figure_names(evaluation)) == bool(wrong)
    for mistake in evaluation.mistakes:
        served = wrong[mistake.text]  # named by its file
        assert mistake.predicted == served.prediction != mistake.actual
        assert mistake.probability == pytest.approx(
            served.probabilities[mistake.predicted], abs=1e-3
        )


def test_mistakes_name_their_files_the_surest_first() -> None:
    files = np.array(["a/1.png", "a/2.png", "b/3.png", "b/4.png", "b/5.png"])
    test = Images(
        pixels=np.zeros((5, IMAGE_SIZE, IMAGE_SIZE, 3), dtype=np.uint8),
        labels=np.array(["a", "a", "b", "b", "b"]),
        files=files,
    )
    probabilities = np.array([[0.9, 0.1], [0.3, 0.7], [0.6, 0.4], [0.95, 0.05], [0.2, 0.8]])

    mistakes = _mistakes(test, probabilities, ["a", "b"])

    assert [(m.text, m.actual, m.predicted, m.probability) for m in mistakes] == [
        ("b/4.png", "b", "a", 0.95),
        ("a/2.png", "a", "b", 0.7),
        ("b/3.png", "b", "a", 0.6),
    ]


def test_a_model_that_gets_everything_wrong_shows_its_mistakes(
    copy_of_the_project: Callable[[], Paths], predictor: Predictor
) -> None:
    """Every test label moved to the next class; no training curves without a CNN history."""
    paths = copy_of_the_project()
    test = Images.load(paths.test_images)
    classes = list(predictor.metadata.classes or ())
    predicted = [p.prediction for p in predictor.predict(list(test.pixels))]
    wrong_labels = np.array(
        [classes[(classes.index(label) + 1) % len(classes)] for label in predicted]
    )
    dataclasses.replace(test, labels=wrong_labels).save(paths.test_images)
    paths.history_file.unlink()

    metrics = evaluate_model(paths)

    assert len(metrics.mistakes) == min(len(test), MISTAKES_SHOWN)
    assert "mistakes.png" in figure_names(metrics)
    assert "training_curves.png" not in figure_names(metrics)
    assert not metrics.verdict.beats_baseline_on_test


def test_example_is_what_the_service_answers(
    evaluation: RunMetrics, predictor: Predictor, project_paths: Paths
) -> None:
    (answer,) = predictor.predict_files([project_paths.example_image.read_bytes()])

    assert evaluation.example.record == predictor.metadata.example_record
    assert evaluation.example.prediction == answer.prediction
    assert evaluation.example.probabilities == answer.probabilities


def test_a_model_trained_on_other_data_is_refused(copy_of_the_project: Callable[[], Paths]) -> None:
    paths = copy_of_the_project()
    report = json.loads(paths.cleaning_report.read_text())
    paths.cleaning_report.write_text(json.dumps({**report, "data_sha256": "0" * 64}))

    with pytest.raises(DataError, match="trained on other data"):
        evaluate_model(paths)
