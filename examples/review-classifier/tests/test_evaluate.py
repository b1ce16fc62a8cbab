"""The evaluate step: scores of the served export, its worst mistakes, its words, its figures."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pandas as pd
import pytest

from review_classifier.config import TARGET, TASK, Paths
from review_classifier.dataset import TEXT
from review_classifier.errors import DataError
from review_classifier.evaluate import (
    MISTAKE_CHARACTERS,
    MISTAKES_SHOWN,
    TERMS_SHOWN,
    evaluate_model,
)
from review_classifier.metrics import HEADLINE_METRIC
from review_classifier.modeling.predict import Predictor
from review_classifier.modeling.train import TrainResult
from review_classifier.results import RunMetrics


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
    """Training scored the pipeline, evaluate the ONNX export: they agree to rounding."""
    trained = training.metadata.metrics.test.model
    for metric, value in evaluation.test.model.items():
        if value is not None and trained.get(metric) is not None:
            assert value == pytest.approx(trained[metric], abs=0.002), metric
    assert evaluation.verdict.beats_baseline_on_test
    assert evaluation.verdict.beats_baseline_in_cv


def test_data_facts_count_the_splits(
    evaluation: RunMetrics, train_split: pd.DataFrame, test_split: pd.DataFrame
) -> None:
    counts = evaluation.data.class_counts or {}

    assert evaluation.data.n_train == len(train_split)
    assert evaluation.data.n_test == len(test_split)
    assert sum(counts.values()) == len(train_split) + len(test_split)
    assert list(counts.values()) == sorted(counts.values(), reverse=True)


def test_mistakes_are_wrong_and_the_surest_first(
    evaluation: RunMetrics, predictor: Predictor, test_split: pd.DataFrame
) -> None:
    mistakes = evaluation.mistakes
    labels = dict(zip(test_split[TEXT], test_split[TARGET], strict=True))

    assert 0 < len(mistakes) <= MISTAKES_SHOWN
    probabilities = [mistake.probability for mistake in mistakes]
    assert probabilities == sorted(probabilities, reverse=True)
    for mistake in mistakes:
        assert mistake.predicted != mistake.actual
        assert len(mistake.text) <= MISTAKE_CHARACTERS
        if mistake.text in labels:  # not shortened: check it against the split and the model
            assert labels[mistake.text] == mistake.actual
            (served,) = predictor.predict([{"text": mistake.text}])
            assert served.prediction == mistake.predicted
            assert served.probabilities[mistake.predicted] == pytest.approx(
                mistake.probability, abs=1e-3
            )


def test_no_correct_prediction_is_surer_than_the_mistakes_shown(
    evaluation: RunMetrics, predictor: Predictor, test_split: pd.DataFrame
) -> None:
    """No wrong prediction left out of the table is surer than the last one shown."""
    predictions = predictor.predict([{"text": text} for text in test_split[TEXT]])
    wrong = [
        p.probabilities[p.prediction]
        for p, actual in zip(predictions, test_split[TARGET], strict=True)
        if p.prediction != actual
    ]

    shown = [mistake.probability for mistake in evaluation.mistakes]
    assert shown == pytest.approx(sorted(wrong, reverse=True)[:MISTAKES_SHOWN], abs=1e-3)


def test_top_terms_are_listed_for_every_class(evaluation: RunMetrics, predictor: Predictor) -> None:
    assert set(evaluation.top_terms) == set(predictor.metadata.classes or ())
    for terms in evaluation.top_terms.values():
        assert len(terms) == TERMS_SHOWN
        assert all(term.strip() for term in terms)
    if len(evaluation.top_terms) == 2:
        # One weight per term: what pushes towards one class pushes away from the other.
        first, second = evaluation.top_terms.values()
        assert not set(first) & set(second)


def test_figures_exist(evaluation: RunMetrics, project_paths: Paths) -> None:
    assert "top_terms.png" in {name.rsplit("/", 1)[-1] for name in evaluation.figures}
    for figure in evaluation.figures:
        assert (project_paths.reports_dir / figure).stat().st_size > 0


def test_example_is_what_the_service_answers(evaluation: RunMetrics, predictor: Predictor) -> None:
    record = predictor.metadata.example_record
    (answer,) = predictor.predict([record])

    assert evaluation.example.record == record
    assert evaluation.example.prediction == answer.prediction


def test_a_model_trained_on_other_data_is_refused(
    project_paths: Paths, tmp_path_factory: pytest.TempPathFactory, evaluation: RunMetrics
) -> None:
    root = tmp_path_factory.mktemp("other-data")
    other = dataclasses.replace(Paths.under(root), raw_dir=project_paths.raw_dir)
    shutil.copytree(project_paths.processed_dir, other.processed_dir)
    shutil.copytree(project_paths.models_dir, other.models_dir)
    report = json.loads(other.cleaning_report.read_text())
    other.cleaning_report.write_text(json.dumps({**report, "data_sha256": "0" * 64}))

    with pytest.raises(DataError, match="trained on other data"):
        evaluate_model(other)
