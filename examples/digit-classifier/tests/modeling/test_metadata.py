"""ModelMetadata's JSON round trip and its guard against drifting fields."""

from __future__ import annotations

import pytest

from digit_classifier.modeling.metadata import ModelMetadata
from digit_classifier.modeling.train import TrainResult


def test_metadata_round_trips_through_a_dict(training: TrainResult) -> None:
    metadata = training.metadata

    assert ModelMetadata.from_dict(metadata.to_dict()) == metadata


def test_metadata_with_missing_or_extra_fields_is_refused(training: TrainResult) -> None:
    data = training.metadata.to_dict()
    del data["seed"]
    data["accuracy"] = 1.0

    with pytest.raises(ValueError, match=r"missing \['seed'\], extra \['accuracy'\]"):
        ModelMetadata.from_dict(data)
