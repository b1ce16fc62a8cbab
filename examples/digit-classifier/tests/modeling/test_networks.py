"""The torch modules behind every export: each takes images exactly as prepare gives them."""

from __future__ import annotations

import numpy as np
import pytest
import torch
from sklearn.linear_model import LogisticRegression

from digit_classifier.modeling.candidates import flatten_pixels, make_linear
from digit_classifier.modeling.networks import (
    Flattened,
    LinearOnFeatures,
    Served,
    SmallCnn,
    linear_layer,
    to_tensor,
)


def images(n: int, side: int = 8, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, side, side, 3), dtype=np.uint8)


@pytest.mark.parametrize("classes", [2, 3, 5])
def test_linear_layer_gives_the_probabilities_of_the_logistic_regression(classes: int) -> None:
    generator = np.random.default_rng(classes)
    features = generator.normal(size=(60, 7)).astype(np.float32)
    labels = np.arange(60) % classes
    model = LogisticRegression(max_iter=500).fit(features, labels)

    with torch.no_grad():
        logits = linear_layer(model)(torch.from_numpy(features))
    probabilities = torch.softmax(logits, dim=1).numpy()

    assert probabilities.shape == (60, classes)
    np.testing.assert_allclose(probabilities, model.predict_proba(features), atol=1e-5)


def test_flattened_lays_out_the_pixels_as_the_linear_model_reads_them() -> None:
    pixels = images(4)

    with torch.no_grad():
        rows = Flattened()(to_tensor(torch.from_numpy(pixels))).numpy()

    np.testing.assert_allclose(rows, flatten_pixels(pixels), atol=1e-7)


def test_the_served_linear_model_is_the_pipeline() -> None:
    pixels, labels = images(40), np.array(["a", "b", "c", "d"] * 10)
    pipeline = make_linear(seed=0).fit(pixels, labels)
    network = Served(LinearOnFeatures(Flattened(), linear_layer(pipeline.named_steps["model"])))

    with torch.no_grad():
        probabilities = network(torch.from_numpy(pixels)).numpy()

    np.testing.assert_allclose(probabilities, pipeline.predict_proba(pixels), atol=1e-5)


def test_to_tensor_scales_uint8_channels_last_to_floats_channels_first() -> None:
    pixels = images(2, side=3)

    tensor = to_tensor(torch.from_numpy(pixels))

    assert tensor.shape == (2, 3, 3, 3)
    assert tensor.dtype == torch.float32
    assert float(tensor[1, 2, 0, 1]) == pytest.approx(pixels[1, 0, 1, 2] / 255)


@pytest.mark.parametrize("side", [8, 32, 64])
def test_the_small_cnn_takes_any_image_size(side: int) -> None:
    network = Served(SmallCnn(n_classes=4)).eval()

    with torch.no_grad():
        probabilities = network(torch.from_numpy(images(3, side)))

    assert probabilities.shape == (3, 4)
    np.testing.assert_allclose(probabilities.sum(dim=1).numpy(), 1.0, atol=1e-6)
