"""The ONNX export: it predicts what the trained pipeline does, and a disagreement is caught."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import onnxruntime as ort
import pandas as pd
import pytest
from sklearn.pipeline import Pipeline

from review_classifier.config import SEED, TARGET, Paths
from review_classifier.dataset import TEXT
from review_classifier.errors import ExportError
from review_classifier.modeling.candidates import make_tfidf
from review_classifier.modeling.onnx_export import (
    PROBABILITY_TOLERANCE,
    _ngram_counter,
    check_export,
    disagreements,
    export_tfidf,
)
from review_classifier.modeling.predict import INPUT_IDS, Predictor, load_predictor

# Enough texts for a vocabulary of a few thousand words and pairs, in a second.
SUBSET = 400


@pytest.fixture(scope="module")
def pipeline(train_split: pd.DataFrame) -> Pipeline:
    subset = train_split.head(SUBSET)
    return make_tfidf(SEED).fit(subset[TEXT].tolist(), subset[TARGET])


@pytest.fixture(scope="module")
def exported(
    pipeline: Pipeline, project_paths: Paths, tmp_path_factory: pytest.TempPathFactory
) -> Predictor:
    """The pipeline's export, loaded as the service loads it (with the session's metadata)."""
    models = tmp_path_factory.mktemp("export")
    export_tfidf(pipeline, models / "model.onnx", models / "tokenizer.json")
    shutil.copy(project_paths.metadata_file, models / "metadata.json")
    return load_predictor(models / "model.onnx")


@pytest.fixture(scope="module")
def texts(test_split: pd.DataFrame) -> list[str]:
    # Real texts, plus ones the vocabulary has never seen or that hold no word at all.
    return [*test_split[TEXT].head(200), "zzzq xxyv", "!!!", "a"]


def test_export_agrees_with_the_pipeline(
    pipeline: Pipeline, exported: Predictor, texts: list[str]
) -> None:
    classes = list(exported.metadata.classes or ())
    assert classes == [str(label) for label in pipeline.classes_]
    expected = pipeline.predict_proba(texts)

    assert disagreements(expected, exported, texts) == []
    check_export(expected, exported, texts)  # does not raise
    served = exported.predict([{"text": text} for text in texts])
    assert [p.prediction for p in served] == pipeline.predict(texts).tolist()


def test_a_tampered_probability_is_reported(
    pipeline: Pipeline, exported: Predictor, texts: list[str]
) -> None:
    expected = pipeline.predict_proba(texts)
    expected[3, :2] += [0.05, -0.05]  # still sums to 1, the served ones are 0.05 away

    assert disagreements(expected, exported, texts) == ["text 3: probabilities differ by 0.05"]
    with pytest.raises(ExportError, match=f"disagrees with the trained model on 1 of {len(texts)}"):
        check_export(expected, exported, texts)


def test_a_probability_within_float32_rounding_is_no_disagreement(
    pipeline: Pipeline, exported: Predictor, texts: list[str]
) -> None:
    expected = pipeline.predict_proba(texts)
    expected[3, :2] += [PROBABILITY_TOLERANCE / 10, -PROBABILITY_TOLERANCE / 10]

    assert disagreements(expected, exported, texts) == []


def test_export_writes_a_tokenizer_that_pads_batches(exported: Predictor) -> None:
    short, long = exported.tokenizer.encode_batch(["fine", "a much longer text than that"])

    assert len(short.ids) == len(long.ids)
    assert short.ids[1:] == [0] * (len(short.ids) - 1)
    assert short.attention_mask[1:] == [0] * (len(short.ids) - 1)


def test_ngram_counter_counts_words_and_pairs(tmp_path: Path) -> None:
    # Words 2 and 3, and the pair "2 3", as CountVectorizer names them.
    counter = _ngram_counter({"2": 0, "3": 1, "2 3": 2}, opset=17, ir_version=8)
    session = ort.InferenceSession(counter.SerializeToString(), providers=["CPUExecutionProvider"])
    ids = np.array([[2, 3, 2, 3, 0], [3, 2, 0, 0, 0], [0, 0, 0, 0, 0]], dtype=np.int64)

    (counts,) = session.run(None, {INPUT_IDS: ids})

    np.testing.assert_array_equal(counts, [[2, 2, 2], [1, 1, 0], [0, 0, 0]])
