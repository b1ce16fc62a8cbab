"""A tabular model's monitored features: its input columns, as the model takes them.

The reference is the training split (data/processed/train.csv, read with the data
step's dtypes); the service logs each record's features by name, so the live values
are those records' columns. The reference for the predictions is the model's answers
on the test split (test.csv), which it never learnt from.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd

from ..config import SEED, Paths
from ..dataset import DataReport, read_split
from ..modeling.metadata import ModelMetadata
from ..modeling.predict import load_predictor
from ..schema import MISSING_CATEGORY
from .columns import Columns, Feature, Reference, Value

# The model predicts on at most this many test records for the reference of its
# predictions: enough for the test to see a shift of a few percent, in a fraction of
# a second (onnxruntime predicts thousands of records in milliseconds).
REFERENCE_PREDICTIONS = 2_000


def monitored_features(metadata: ModelMetadata) -> list[Feature]:
    """Every input column, numeric or categorical, as the model's schema says."""
    return [
        Feature(spec.name, "numeric" if spec.kind == "numeric" else "categorical")
        for spec in metadata.features
    ]


def load_reference(paths: Paths, metadata: ModelMetadata) -> Reference:
    """The training split's columns, and the model's predictions for the test split's
    rows (a sample of them, if there are many)."""
    report = DataReport.load(paths.cleaning_report)
    features = monitored_features(metadata)
    train = _records(metadata.schema.coerce(read_split(paths.train_csv, report)), features)
    # Held-out rows, not training ones: a model answers the rows it learnt from better
    # than any new ones, so its answers on them would make unchanged traffic look drifted.
    test = _records(metadata.schema.coerce(read_split(paths.test_csv, report)), features)
    rows = np.random.default_rng(SEED).permutation(len(test))[:REFERENCE_PREDICTIONS]
    predictions = load_predictor(paths.onnx_file).predict([test[row] for row in np.sort(rows)])
    return Reference(
        columns={feature.name: [record[feature.name] for record in train] for feature in features},
        predictions=[prediction.prediction for prediction in predictions],
    )


def live_values(inputs: Sequence[Mapping[str, Any]], features: Sequence[Feature]) -> Columns:
    """The logged records' columns: {feature name: value} each, as the model got them."""
    records = [_as_values(record, features) for record in inputs]
    return {feature.name: [record[feature.name] for record in records] for feature in features}


def _records(frame: pd.DataFrame, features: Sequence[Feature]) -> list[dict[str, Value]]:
    return [_as_values(row, features) for row in frame.to_dict("records")]


def _as_values(record: Mapping[str, Any], features: Sequence[Feature]) -> dict[str, Value]:
    return {feature.name: _value(record.get(feature.name), feature) for feature in features}


def _value(value: object, feature: Feature) -> Value:
    # One spelling of a gap on both sides: None, where the split has NaN or the
    # categorical imputer's MISSING_CATEGORY, and the log has null.
    if value is None or value == MISSING_CATEGORY:
        return None
    if feature.kind == "numeric":
        # The API takes numbers only; anything else in a log is as good as a gap.
        if not isinstance(value, int | float) or math.isnan(value):
            return None
        return float(value)
    # JSON true/false and the training split's "True"/"False" are one category.
    return str(value)
