"""The preprocessing step built from the schema."""

from __future__ import annotations

import numpy as np
import pandas as pd

from penguin_classifier.features import build_preprocessor
from penguin_classifier.modeling.train import TrainResult


def test_preprocessor_leaves_no_missing_values(
    training: TrainResult, train_split: pd.DataFrame
) -> None:
    schema = training.metadata.schema
    features = schema.coerce(train_split)

    encoded = build_preprocessor(schema).fit_transform(features)

    assert encoded.shape[0] == len(train_split)
    assert not np.isnan(encoded).any()


def test_preprocessor_accepts_unseen_categories_and_missing_values(
    training: TrainResult, train_split: pd.DataFrame
) -> None:
    schema = training.metadata.schema
    preprocessor = build_preprocessor(schema).fit(schema.coerce(train_split))
    odd_record = dict.fromkeys(schema.numeric) | dict.fromkeys(schema.categorical, "never seen")

    encoded = preprocessor.transform(schema.coerce(pd.DataFrame([odd_record])))

    assert not np.isnan(encoded).any()
