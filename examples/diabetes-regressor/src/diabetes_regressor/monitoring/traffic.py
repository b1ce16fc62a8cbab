"""The test split as requests to the service, as it is or shifted.

The shift moves every numeric feature up by SHIFT_SDS standard deviations of the
training split (rounded for whole-number features, which the API requires) and
sets every categorical feature to its rarest category in training, so that the
requests stay valid: the API accepts only the categories it was trained on.
"""

from __future__ import annotations

import math
from typing import Any, Final

import pandas as pd

from ..config import TARGET, Paths
from ..dataset import DataReport, read_split
from ..modeling.metadata import ModelMetadata
from ..schema import FeatureSpec
from .request import Request

SHIFT_SDS: Final = 2.0
SHIFT: Final = (
    f"numeric features +{SHIFT_SDS:g} training standard deviations, "
    "categorical features all set to their rarest training category"
)


def test_requests(paths: Paths, *, shift: bool) -> list[Request]:
    """One request per test-split record, with its true label or value."""
    metadata = ModelMetadata.load(paths.metadata_file)
    report = DataReport.load(paths.cleaning_report)
    test = read_split(paths.test_csv, report)
    columns = {spec.name: test[spec.name] for spec in metadata.features}
    if shift:
        train = read_split(paths.train_csv, report)
        columns = {
            spec.name: _shifted(spec, columns[spec.name], train[spec.name])
            for spec in metadata.features
        }
    records = [
        {spec.name: _json_value(spec, columns[spec.name].iloc[row]) for spec in metadata.features}
        for row in range(len(test))
    ]
    actual = test[TARGET].tolist()
    return [
        Request(json=record, actual=str(label) if metadata.classes is not None else float(label))
        for record, label in zip(records, actual, strict=True)
    ]


def _shifted(spec: FeatureSpec, column: pd.Series, train: pd.Series) -> pd.Series:
    if spec.kind == "numeric":
        return column + SHIFT_SDS * float(pd.to_numeric(train).std())
    rarest = train.dropna().astype(str).value_counts().idxmin()
    return pd.Series(rarest, index=column.index, dtype=object)


def _json_value(spec: FeatureSpec, value: Any) -> Any:
    # pandas' gaps become JSON null; whole-number features are sent as whole numbers.
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    if spec.kind == "numeric":
        return round(float(value)) if spec.dtype == "int64" else float(value)
    return str(value)
