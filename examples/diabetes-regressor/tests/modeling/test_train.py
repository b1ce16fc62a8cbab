"""Training: the model must beat the baseline, reproducibly, and describe itself fully."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from diabetes_regressor.config import SEED, TARGET, TASK, Paths
from diabetes_regressor.features import build_pipeline
from diabetes_regressor.metrics import HEADLINE_METRIC
from diabetes_regressor.modeling.estimators import make_estimator, resolve_model_name
from diabetes_regressor.modeling.metadata import ModelMetadata
from diabetes_regressor.modeling.train import TrainResult

# The fields of metadata.json that the API and the README rely on.
CONTRACT_FIELDS = {
    "project", "model_version", "task", "target", "model", "estimator", "features", "classes",
    "metrics", "trained_at", "training_seconds", "data_sha256", "seed", "n_train",
    "n_test", "dropped", "library_versions", "example_record",
}  # fmt: skip
FEATURE_FIELDS = {"name", "kind", "dtype", "nullable", "categories", "min", "max"}
# How far the model must beat the baseline; every model clears it on this data set.
MARGIN = 0.1


def test_model_beats_the_baseline_on_the_test_split(training: TrainResult) -> None:
    metric = HEADLINE_METRIC[TASK]
    test = training.metadata.metrics.test

    assert (test.model[metric] or 0) >= (test.baseline[metric] or 0) + MARGIN


def test_model_beats_the_baseline_in_cross_validation(training: TrainResult) -> None:
    metric = HEADLINE_METRIC[TASK]
    cv = training.metadata.metrics.cv

    assert cv.model[metric].mean >= cv.baseline[metric].mean + MARGIN
    assert cv.folds >= 2


def test_training_is_deterministic(
    training: TrainResult, train_split: pd.DataFrame, test_split: pd.DataFrame
) -> None:
    schema = training.metadata.schema
    model_name = resolve_model_name(training.metadata.model, len(train_split))
    again = build_pipeline(schema, make_estimator(model_name, TASK, SEED))

    again.fit(schema.coerce(train_split), train_split[TARGET])

    features = schema.coerce(test_split)
    np.testing.assert_array_equal(again.predict(features), training.pipeline.predict(features))


def test_metadata_has_exactly_the_contract_fields(training: TrainResult) -> None:
    data = training.metadata.to_dict()

    assert set(data) == CONTRACT_FIELDS
    assert all(set(feature) == FEATURE_FIELDS for feature in data["features"])
    assert set(data["example_record"]) == {feature["name"] for feature in data["features"]}
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{8}", data["model_version"])
    assert data["model_version"].endswith(data["data_sha256"][:8])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["trained_at"])
    assert data["classes"] is None


def test_example_record_has_a_value_of_each_features_kind(training: TrainResult) -> None:
    record = training.metadata.example_record

    for spec in training.metadata.features:
        value = record[spec.name]
        if value is None:
            assert spec.nullable
        elif spec.dtype == "bool":
            assert isinstance(value, bool)
        elif spec.kind == "categorical":
            assert value in (spec.categories or ())
        else:
            assert isinstance(value, int if spec.dtype == "int64" else float)


def test_metadata_is_saved_beside_the_model(training: TrainResult, project_paths: Paths) -> None:
    assert project_paths.model_file.stat().st_size > 0
    assert ModelMetadata.load(project_paths.metadata_file) == training.metadata


def test_training_exports_the_model_to_onnx(training: TrainResult, project_paths: Paths) -> None:
    assert project_paths.onnx_file.stat().st_size > 0
    assert {"skl2onnx", "onnxruntime"} <= set(training.metadata.library_versions)
