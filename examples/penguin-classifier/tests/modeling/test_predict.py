"""The one inference path: the ONNX export served by Predictor.predict, and safe loading."""

from __future__ import annotations

import operator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import skops.io as sio
from sklearn.dummy import DummyClassifier
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

from penguin_classifier.errors import ModelLoadError
from penguin_classifier.modeling.onnx_export import as_records, disagreements
from penguin_classifier.modeling.predict import Predictor, load_predictor
from penguin_classifier.modeling.skops_file import load_pipeline
from penguin_classifier.modeling.train import TrainResult


def test_saved_pipeline_predicts_like_the_trained_one(
    training: TrainResult, saved_pipeline: Pipeline, test_split: pd.DataFrame
) -> None:
    features = training.metadata.schema.coerce(test_split)

    np.testing.assert_array_equal(
        saved_pipeline.predict(features), training.pipeline.predict(features)
    )


def test_predictor_agrees_with_the_pipeline_on_the_test_split(
    saved_pipeline: Pipeline, predictor: Predictor, test_split: pd.DataFrame
) -> None:
    """The served ONNX export against the evaluated scikit-learn pipeline, row by row
    (the tolerances are in onnx_export.py)."""
    features = predictor.schema.coerce(test_split)

    assert disagreements(saved_pipeline, predictor, features) == []


def test_predictor_answers_in_the_contracts_shape(
    predictor: Predictor, test_split: pd.DataFrame
) -> None:
    predictions = predictor.predict(as_records(predictor.schema.coerce(test_split)))

    assert len(predictions) == len(test_split)
    classes = list(predictor.metadata.classes or ())
    for prediction in predictions:
        assert prediction.prediction in classes
        assert prediction.probabilities is not None
        assert list(prediction.probabilities) == classes
        assert sum(prediction.probabilities.values()) == pytest.approx(1.0, abs=1e-5)


def test_predictor_takes_records_as_clients_send_them(
    predictor: Predictor, test_split: pd.DataFrame
) -> None:
    """Raw rows (the CLI's JSON: NaN or None for gaps, bools as bools) predict as the
    coerced ones do."""
    raw = [
        {name: (None if pd.isna(value) else value) for name, value in row.items()}
        for row in test_split[predictor.schema.names].to_dict(orient="records")
    ]
    coerced = as_records(predictor.schema.coerce(test_split))

    assert predictor.predict(raw) == predictor.predict(coerced)


def test_predictor_fills_in_missing_features(predictor: Predictor) -> None:
    (prediction,) = predictor.predict([{}])
    assert prediction.prediction in (predictor.metadata.classes or ())


def test_predictor_rejects_text_in_a_numeric_feature(predictor: Predictor) -> None:
    if not predictor.schema.numeric:
        pytest.skip("this model has no numeric feature")
    name = predictor.schema.numeric[0]
    record = {**predictor.metadata.example_record, name: "lots"}

    with pytest.raises(ValueError, match=f"{name!r} must be a number"):
        predictor.predict([record])


def test_predictor_handles_an_empty_batch(predictor: Predictor) -> None:
    assert predictor.predict([]) == []


def test_example_record_predicts(predictor: Predictor) -> None:
    assert len(predictor.predict([predictor.metadata.example_record])) == 1


def test_predictor_loads_the_export_beside_a_skops_path(
    predictor: Predictor, trained_model_path: Path
) -> None:
    again = load_predictor(trained_model_path.with_suffix(".skops"))
    record = predictor.metadata.example_record

    assert again.predict([record]) == predictor.predict([record])


def test_model_with_an_untrusted_type_is_refused(tmp_path: Path) -> None:
    # operator.neg is harmless, but a model file naming any function could run it.
    features, labels = np.arange(8.0).reshape(4, 2), np.array([0, 1, 0, 1])
    pipeline = Pipeline(
        [("negate", FunctionTransformer(operator.neg)), ("model", DummyClassifier())]
    ).fit(features, labels)
    path = tmp_path / "model.skops"
    sio.dump(pipeline, path)

    with pytest.raises(ModelLoadError, match=r"does not trust: _operator\.neg"):
        load_pipeline(path)


def test_missing_model_says_how_to_make_one(tmp_path: Path) -> None:
    with pytest.raises(ModelLoadError, match="make train"):
        load_predictor(tmp_path / "model.onnx")


def test_a_file_that_is_not_onnx_is_refused(tmp_path: Path, trained_model_path: Path) -> None:
    (tmp_path / "model.onnx").write_text("not a model")
    metadata = trained_model_path.with_name("metadata.json").read_text()
    (tmp_path / "metadata.json").write_text(metadata)

    with pytest.raises(ModelLoadError, match="onnxruntime"):
        load_predictor(tmp_path / "model.onnx")
