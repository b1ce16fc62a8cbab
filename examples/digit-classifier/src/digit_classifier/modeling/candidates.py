"""The candidates, from the simplest to the most knowing, and the baseline they must beat.

- linear: logistic regression on the raw pixels. No notion of shape at all: the
  floor that a network has to clear to be worth its cost.
- cnn: a small convolutional network trained from scratch here (modeling/cnn.py).
- transfer: EfficientNet-Lite0's features, learnt from ImageNet's photos, and a
  logistic regression on them. The backbone is frozen, so the images pass through
  it once and only the last layer learns: seconds on a CPU.

Each is a scikit-learn estimator on uint8 images [n, h, w, 3], so one
cross-validation scores them all on the same folds.
"""

from __future__ import annotations

from typing import Final, Literal

import numpy as np
from sklearn.dummy import DummyClassifier
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import FunctionTransformer

CandidateName = Literal["linear", "cnn", "transfer"]
CANDIDATES: Final[tuple[CandidateName, ...]] = ("linear", "cnn", "transfer")
DESCRIPTIONS: Final[dict[CandidateName, str]] = {
    "linear": "LogisticRegression on the pixels",
    "cnn": "a small CNN trained from scratch (PyTorch), with augmentation and early stopping",
    "transfer": "EfficientNet-Lite0 pre-trained on ImageNet (frozen) + LogisticRegression",
}
# Inverse regularisation strengths, chosen on the built-in digits in cross-validation:
# thousands of pixels and fewer images need a firm hand; 1,280 features less so.
PIXELS_C = 0.01
FEATURES_C = 1.0


def make_baseline() -> DummyClassifier:
    """Always the most frequent class: what a model must beat to have learnt anything."""
    return DummyClassifier(strategy="most_frequent")


def flatten_pixels(pixels: np.ndarray) -> np.ndarray:
    """uint8 images [n, h, w, 3] as rows of numbers in [0, 1], as the linear model reads them."""
    return pixels.reshape(len(pixels), -1).astype(np.float32) / 255.0


def make_linear(seed: int) -> Pipeline:
    """Logistic regression on the pixels, flattened and scaled to [0, 1]."""
    return Pipeline(
        [
            ("pixels", FunctionTransformer(flatten_pixels)),
            ("model", make_head(seed, c=PIXELS_C)),
        ]
    )


def make_head(seed: int, *, c: float = FEATURES_C) -> LogisticRegression:
    """The logistic regression on top of a frozen feature extractor (or the pixels)."""
    return LogisticRegression(C=c, max_iter=2000, random_state=seed)
