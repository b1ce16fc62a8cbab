"""The pre-trained backbone: 1,280 features per image, frozen, and loaded only from tensors."""

from __future__ import annotations

import fractions
from pathlib import Path

import numpy as np
import pytest
import torch

from digit_classifier.errors import ModelLoadError
from digit_classifier.modeling import pretrained
from digit_classifier.modeling.pretrained import BackboneFeatures, embed, load_backbone

FEATURES = 1280


@pytest.fixture(scope="module")
def backbone() -> BackboneFeatures:
    return load_backbone(torch.device("cpu"))


def images(n: int, side: int, seed: int = 0) -> np.ndarray:
    return np.random.default_rng(seed).integers(0, 256, (n, side, side, 3), dtype=np.uint8)


@pytest.mark.parametrize("side", [8, 32, 96])
def test_each_image_becomes_1280_features(backbone: BackboneFeatures, side: int) -> None:
    features = embed(backbone, images(3, side))

    assert features.shape == (3, FEATURES)
    assert features.dtype == np.float32
    assert np.isfinite(features).all()


def test_an_image_has_the_same_features_alone_and_in_a_batch(backbone: BackboneFeatures) -> None:
    batch = images(5, 32)

    np.testing.assert_allclose(embed(backbone, batch[2:3]), embed(backbone, batch)[2:3], atol=1e-4)


def test_different_images_have_different_features(backbone: BackboneFeatures) -> None:
    white, black = np.full((1, 32, 32, 3), 255, np.uint8), np.zeros((1, 32, 32, 3), np.uint8)

    assert not np.allclose(embed(backbone, white), embed(backbone, black), atol=1e-2)


def test_no_images_give_no_features(backbone: BackboneFeatures) -> None:
    assert embed(backbone, images(0, 32)).shape == (0, FEATURES)


def test_the_backbone_is_frozen(backbone: BackboneFeatures) -> None:
    assert not backbone.training
    assert not any(parameter.requires_grad for parameter in backbone.parameters())


def test_missing_weights_are_a_model_load_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pretrained, "BACKBONE_WEIGHTS", tmp_path / "missing.pt")

    with pytest.raises(ModelLoadError, match=r"no backbone weights at .*missing\.pt"):
        load_backbone(torch.device("cpu"))


@pytest.mark.parametrize(
    ("contents", "message"),
    [
        (b"not a torch file", "not a state dict of tensors"),
        ({"weights": fractions.Fraction(1, 3)}, "not a state dict of tensors"),  # not tensors
        ({"stem.weight": torch.zeros(2)}, "is not an efficientnet-lite0 state dict"),
        (torch.zeros(2), "is not an efficientnet-lite0 state dict"),
    ],
    ids=["garbage", "an-object", "other-keys", "a-tensor"],
)
def test_a_bad_weights_file_is_a_model_load_error_in_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, contents: object, message: str
) -> None:
    weights = tmp_path / "weights.pt"
    if isinstance(contents, bytes):
        weights.write_bytes(contents)
    else:
        torch.save(contents, weights)
    monkeypatch.setattr(pretrained, "BACKBONE_WEIGHTS", weights)

    with pytest.raises(ModelLoadError, match=message) as raised:
        load_backbone(torch.device("cpu"))

    assert "\n" not in str(raised.value)
    assert "weights_only=False" not in str(raised.value)
