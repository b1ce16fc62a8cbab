"""Training: the served model beats the baseline, is the best candidate, and describes itself."""

from __future__ import annotations

import re

import pytest

from review_classifier.config import TASK, Paths
from review_classifier.metrics import HEADLINE_METRIC
from review_classifier.modeling.candidates import DESCRIPTIONS, CandidateName
from review_classifier.modeling.metadata import ModelMetadata
from review_classifier.modeling.train import Fitted, TrainResult, _choose
from review_classifier.results import CandidateScores, Spread
from review_classifier.schema import TEXT_FEATURE, TEXT_FIELD

# The fields of metadata.json that the API and the README rely on.
CONTRACT_FIELDS = {
    "project", "model_version", "task", "target", "model", "estimator", "features", "classes",
    "metrics", "trained_at", "training_seconds", "data_sha256", "seed", "n_train",
    "n_test", "dropped", "library_versions", "example_record",
}  # fmt: skip
# How far the model must beat the baseline (balanced accuracy 0.5); TF-IDF scores
# about 0.72 on this data set.
MARGIN = 0.15


def test_model_beats_the_baseline_on_the_test_split(training: TrainResult) -> None:
    metric = HEADLINE_METRIC[TASK]
    test = training.metadata.metrics.test

    assert (test.model[metric] or 0) >= (test.baseline[metric] or 0) + MARGIN


def test_model_beats_the_baseline_in_cross_validation(training: TrainResult) -> None:
    metric = HEADLINE_METRIC[TASK]
    cv = training.metadata.metrics.cv

    assert cv.model[metric].mean >= cv.baseline[metric].mean + MARGIN
    assert cv.folds >= 2


def test_metadata_lists_the_candidates_trained(training: TrainResult) -> None:
    (candidate,) = training.metadata.metrics.candidates

    assert candidate.name == training.metadata.model == "tfidf"
    assert candidate.description == DESCRIPTIONS["tfidf"] == training.metadata.estimator
    assert candidate.cv == training.metadata.metrics.cv.model
    assert candidate.test == training.metadata.metrics.test.model
    assert candidate.fit_seconds > 0


def _fitted(name: CandidateName, score: float) -> Fitted:
    metric = HEADLINE_METRIC[TASK]
    scores = CandidateScores(
        name=name, description=name, test={}, cv={metric: Spread(mean=score, std=0)}, fit_seconds=1
    )
    return Fitted(name=name, estimator=None, x_test=None, scores=scores, export=print)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("tfidf", "embedding", "served"),
    [(0.7, 0.8, "embedding"), (0.8, 0.7, "tfidf"), (0.75, 0.75, "tfidf")],
)
def test_the_served_candidate_is_the_best_in_cross_validation(
    tfidf: float, embedding: float, served: CandidateName
) -> None:
    """The test split plays no part in the choice; a tie goes to the smaller model."""
    assert _choose([_fitted("tfidf", tfidf), _fitted("embedding", embedding)]).name == served


def test_metadata_has_exactly_the_contract_fields(training: TrainResult) -> None:
    data = training.metadata.to_dict()

    assert set(data) == CONTRACT_FIELDS
    assert data["features"] == [TEXT_FEATURE.to_dict()]
    assert set(data["example_record"]) == {TEXT_FIELD}
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{8}", data["model_version"])
    assert data["model_version"].endswith(data["data_sha256"][:8])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["trained_at"])
    classes = training.served.estimator.named_steps["model"].classes_
    assert data["classes"] == [str(label) for label in classes]


def test_example_record_is_a_readable_test_text(training: TrainResult) -> None:
    text = training.metadata.example_record[TEXT_FIELD]

    assert isinstance(text, str)
    assert 60 <= len(text) <= 240


def test_model_tokenizer_and_metadata_are_saved_together(
    training: TrainResult, project_paths: Paths
) -> None:
    assert project_paths.onnx_file.stat().st_size > 0
    assert project_paths.tokenizer_file.stat().st_size > 0
    assert ModelMetadata.load(project_paths.metadata_file) == training.metadata
    assert {"skl2onnx", "onnxruntime", "tokenizers"} <= set(training.metadata.library_versions)
    assert "torch" not in training.metadata.library_versions
