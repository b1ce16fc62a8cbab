"""The one inference path: any text gets a prediction, and a broken model fails loudly."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from review_classifier.errors import ModelLoadError
from review_classifier.modeling.predict import Predictor, load_predictor


def test_an_empty_batch_gives_no_predictions(predictor: Predictor) -> None:
    assert predictor.predict([]) == []


@pytest.mark.parametrize("record", [{}, {"text": None}, {"text": 3}, {"review": "good"}])
def test_a_record_without_a_text_string_is_a_value_error(
    predictor: Predictor, record: dict[str, object]
) -> None:
    with pytest.raises(ValueError, match='each record needs "text": a string'):
        predictor.predict([{"text": "fine"}, record])


@pytest.mark.parametrize(
    "text", ["!!!", "...", "\U0001f600\U0001f525", "\u2014", "zzzq", "a" * 20_000]
)
def test_any_text_gets_a_prediction(predictor: Predictor, text: str) -> None:
    (prediction,) = predictor.predict([{"text": text}])

    classes = list(predictor.metadata.classes or ())
    assert list(prediction.probabilities) == classes
    assert sum(prediction.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
    assert prediction.prediction == max(classes, key=prediction.probabilities.__getitem__)


def test_a_batch_predicts_as_texts_one_by_one(predictor: Predictor) -> None:
    texts = ["a moving, funny film", "dull and far too long", "!!!"]

    batch = predictor.predict([{"text": text} for text in texts])
    single = [predictor.predict([{"text": text}])[0] for text in texts]

    assert [p.prediction for p in batch] == [p.prediction for p in single]
    for together, alone in zip(batch, single, strict=True):
        assert together.probabilities == pytest.approx(alone.probabilities, abs=1e-6)


@pytest.mark.parametrize("missing", ["model.onnx", "tokenizer.json", "metadata.json"])
def test_a_missing_file_is_a_model_load_error(
    trained_model_path: Path, tmp_path: Path, missing: str
) -> None:
    for path in trained_model_path.parent.glob("*.json"):
        shutil.copy(path, tmp_path)
    shutil.copy(trained_model_path, tmp_path / "model.onnx")
    (tmp_path / missing).unlink()

    with pytest.raises(
        ModelLoadError, match=f"{re.escape(missing)} is missing; train a model first"
    ):
        load_predictor(tmp_path / "model.onnx")


def test_a_broken_tokenizer_is_a_model_load_error(trained_model_path: Path, tmp_path: Path) -> None:
    for path in trained_model_path.parent.glob("*.json"):
        shutil.copy(path, tmp_path)
    shutil.copy(trained_model_path, tmp_path / "model.onnx")
    (tmp_path / "tokenizer.json").write_text("{}")

    with pytest.raises(ModelLoadError, match=r"tokenizer\.json is not a tokenizer file"):
        load_predictor(tmp_path / "model.onnx")
