"""FeatureSchema: inferring the model's inputs and coercing records to them."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from penguin_classifier.schema import MISSING_CATEGORY, FeatureSchema, column_dtype


@pytest.fixture
def schema() -> FeatureSchema:
    frame = pd.DataFrame(
        {
            "size": [1.5, 2.0, np.nan, 4.25],
            "count": [1, 2, 3, 4],
            "colour": ["red", "blue", None, "red"],
        }
    )
    return FeatureSchema.infer(frame, {"size": "float64", "count": "int64", "colour": "string"})


def test_infer_describes_each_column(schema: FeatureSchema) -> None:
    size, count, colour = schema.features

    assert (size.kind, size.nullable, size.min, size.max) == ("numeric", True, 1.5, 4.25)
    assert (count.kind, count.dtype, count.nullable) == ("numeric", "int64", False)
    assert (colour.kind, colour.categories, colour.nullable) == (
        "categorical",
        ("blue", "red"),
        True,
    )


def test_coerce_orders_columns_and_fills_absent_ones(schema: FeatureSchema) -> None:
    records = pd.DataFrame([{"colour": "red", "size": "2.5", "extra": "ignored"}])

    frame = schema.coerce(records)

    assert list(frame.columns) == ["size", "count", "colour"]
    assert frame.loc[0, "size"] == 2.5
    assert np.isnan(frame.loc[0, "count"])
    assert frame.loc[0, "colour"] == "red"


def test_coerce_marks_missing_categories_as_the_imputers_missing_value(
    schema: FeatureSchema,
) -> None:
    frame = schema.coerce(pd.DataFrame([{"colour": None}, {"colour": True}]))

    # The ONNX export takes strings only, so a gap is "" rather than NaN or None.
    assert frame["colour"].dtype == object
    assert frame.loc[0, "colour"] == MISSING_CATEGORY
    assert frame.loc[1, "colour"] == "True"


def test_infer_takes_gaps_from_all_rows_and_the_rest_from_training() -> None:
    train = pd.DataFrame({"size": [1.0, 2.0], "colour": ["red", "blue"]})
    test = pd.DataFrame({"size": [np.nan, 9.0], "colour": [None, "green"]})
    dtypes = {"size": "float64", "colour": "string"}

    size, colour = FeatureSchema.infer(train, dtypes, all_rows=pd.concat([train, test])).features

    # A gap only the test split has is still a valid input: the imputers fill it in.
    assert size.nullable
    assert colour.nullable
    assert (size.min, size.max, colour.categories) == (1.0, 2.0, ("blue", "red"))


def test_coerce_rejects_text_in_a_numeric_column(schema: FeatureSchema) -> None:
    with pytest.raises(ValueError, match="'size' must be a number"):
        schema.coerce(pd.DataFrame([{"size": "large"}]))


def test_schema_round_trips_through_dicts(schema: FeatureSchema) -> None:
    assert FeatureSchema.from_dicts(schema.to_dicts()) == schema


@pytest.mark.parametrize(
    ("values", "dtype"),
    [
        ([1.0, np.nan, 3.0], "int64"),
        ([1.5, 2.0], "float64"),
        ([True, False], "bool"),
        ([True, None, False], "bool"),
        (["a", "b"], "string"),
    ],
)
def test_column_dtype_names_what_a_caller_should_send(values: list[object], dtype: str) -> None:
    assert column_dtype(pd.Series(values)) == dtype
