"""An image model's monitored features: brightness and contrast of the prepared pixels.

Pixels have no columns to compare, so the monitor measures two things a camera, a
scanner or a client's preprocessing changes first: how light an image is (the mean
of its pixels) and how much they vary (their spread), both on a 0-1 scale. Both
come from `images.pixel_stats`, which the service applies to every upload once it
is prepared; here it reads the prepared training images (data/processed/train.npz).
What the images show is watched through the model's predictions (monitor.py), against
its answers on the test images (test.npz), which it never learnt from.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from ..config import SEED, Paths
from ..dataset import Images
from ..images import pixel_stats
from ..modeling.metadata import ModelMetadata
from ..modeling.predict import load_predictor
from .columns import Columns, Feature, Reference, Value

BRIGHTNESS = Feature("brightness", "numeric")
CONTRAST = Feature("contrast", "numeric")
# The model predicts on at most this many test images for the reference of its
# predictions: enough to see a shift of a few percent in the classes predicted, in
# seconds even for the pre-trained backbone on a CPU.
REFERENCE_PREDICTIONS = 2_000
# Images per call to the model, to bound its memory.
BATCH = 256


def monitored_features(metadata: ModelMetadata) -> list[Feature]:
    """Brightness and contrast, whatever the model (its schema has the one image input)."""
    return [BRIGHTNESS, CONTRAST]


def load_reference(paths: Paths, metadata: ModelMetadata) -> Reference:
    """The training images' brightness and contrast, and the model's predictions for
    the test images (a sample of them, if there are many)."""
    stats = [pixel_stats(image) for image in Images.load(paths.train_images).pixels]
    # Held-out images, not training ones: a model answers the images it learnt from
    # better than any new ones, so its answers on them would make unchanged traffic
    # look drifted.
    test = Images.load(paths.test_images).pixels
    rows = np.sort(np.random.default_rng(SEED).permutation(len(test))[:REFERENCE_PREDICTIONS])
    predictor = load_predictor(paths.onnx_file)
    predictions = [
        prediction.prediction
        for start in range(0, len(rows), BATCH)
        for prediction in predictor.predict(list(test[rows[start : start + BATCH]]))
    ]
    return Reference(columns=_columns(stats), predictions=list(predictions))


def live_values(inputs: Sequence[Mapping[str, Any]], features: Sequence[Feature]) -> Columns:
    """The logged uploads' brightness and contrast (the service logs them with each)."""
    return _columns(inputs)


def _columns(stats: Sequence[Mapping[str, Any]]) -> Columns:
    return {
        feature.name: [_number(row.get(feature.name)) for row in stats]
        for feature in (BRIGHTNESS, CONTRAST)
    }


def _number(value: object) -> Value:
    return float(value) if isinstance(value, int | float) else None
