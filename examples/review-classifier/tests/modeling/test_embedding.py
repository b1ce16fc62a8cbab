"""The transformer candidate, trained for real on a few texts: its export is what is served."""

from __future__ import annotations

import json
from collections.abc import Callable

import onnx
import pytest

from review_classifier.config import MAX_TOKENS, Paths
from review_classifier.modeling.embeddings import PROBABILITIES
from review_classifier.modeling.predict import ATTENTION_MASK, INPUT_IDS, load_predictor
from review_classifier.modeling.train import TrainResult, train_model

# Texts per class: enough for cross-validation, few enough to embed in seconds.
TRAIN_PER_CLASS, TEST_PER_CLASS = 30, 10


@pytest.fixture(scope="module")
def small_paths(small_project: Callable[[int, int], Paths]) -> Paths:
    return small_project(TRAIN_PER_CLASS, TEST_PER_CLASS)


@pytest.fixture(scope="module")
def embedding_training(small_paths: Paths) -> TrainResult:
    """Training of the transformer candidate alone; it raises ExportError if the export
    disagrees with the trained head on any test text."""
    return train_model(small_paths, model="embedding")


def test_the_transformer_candidate_is_served(embedding_training: TrainResult) -> None:
    metadata = embedding_training.metadata

    assert metadata.model == "embedding"
    assert [candidate.name for candidate in metadata.metrics.candidates] == ["embedding"]
    assert {"torch", "transformers"} <= set(metadata.library_versions)
    assert metadata.n_train == 2 * TRAIN_PER_CLASS


def test_the_graph_takes_token_ids_and_an_attention_mask(small_paths: Paths) -> None:
    graph = onnx.load(str(small_paths.onnx_file)).graph

    assert [node.name for node in graph.input] == [INPUT_IDS, ATTENTION_MASK]
    assert [node.name for node in graph.output] == [PROBABILITIES]


def test_the_served_tokenizer_truncates_at_max_tokens(
    small_paths: Paths, embedding_training: TrainResult
) -> None:
    saved = json.loads(small_paths.tokenizer_file.read_text())
    predictor = load_predictor(small_paths.onnx_file)

    (encoding,) = predictor.tokenizer.encode_batch(["word " * (2 * MAX_TOKENS)])

    assert saved["truncation"]["max_length"] == MAX_TOKENS
    assert len(encoding.ids) == MAX_TOKENS


def test_predictions_are_probabilities_in_the_metadata_class_order(
    small_paths: Paths, embedding_training: TrainResult
) -> None:
    predictor = load_predictor(small_paths.onnx_file)
    classes = list(embedding_training.metadata.classes or ())
    head = embedding_training.served.estimator
    texts = ["a moving, funny film", "dull and far too long", "!!!", "word " * 1000]

    predictions = predictor.predict([{"text": text} for text in texts])

    assert classes == [str(label) for label in head.classes_]  # type: ignore[attr-defined]
    for prediction in predictions:
        assert list(prediction.probabilities) == classes
        assert all(0 <= p <= 1 for p in prediction.probabilities.values())
        assert sum(prediction.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
        assert prediction.prediction == max(classes, key=prediction.probabilities.__getitem__)
