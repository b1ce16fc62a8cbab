"""The CNN estimator, trained for real on small made-up images: it learns, repeats, stops early."""

from __future__ import annotations

import copy
from collections.abc import Iterator

import numpy as np
import pytest
import torch

from digit_classifier.modeling import cnn
from digit_classifier.modeling.cnn import CnnClassifier

SIDE = 12


def dark_and_light(per_class: int, seed: int = 0) -> tuple[np.ndarray, np.ndarray]:
    """Noisy images of two classes a network tells apart by their brightness."""
    generator = np.random.default_rng(seed)
    dark = generator.normal(60, 25, (per_class, SIDE, SIDE, 3))
    light = generator.normal(190, 25, (per_class, SIDE, SIDE, 3))
    pixels = np.clip(np.concatenate([dark, light]), 0, 255).astype(np.uint8)
    labels = np.array(["dark"] * per_class + ["light"] * per_class)
    return pixels, labels


@pytest.fixture(autouse=True)
def on_the_cpu(monkeypatch: pytest.MonkeyPatch) -> None:
    """The CPU, whatever the machine has: a GPU's kernels need not repeat bit for bit."""
    monkeypatch.setattr(cnn, "pick_device", lambda: torch.device("cpu"))


def test_it_learns_an_easy_task_and_gives_probabilities_per_class() -> None:
    pixels, labels = dark_and_light(30)
    unseen, unseen_labels = dark_and_light(10, seed=1)

    model = CnnClassifier(epochs=8, batch_size=16, seed=0).fit(pixels, labels)
    probabilities = model.predict_proba(unseen)

    assert list(model.classes_) == ["dark", "light"]
    assert probabilities.shape == (len(unseen), 2)
    assert probabilities.dtype == np.float64
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-6)
    assert (model.predict(unseen) == unseen_labels).mean() >= 0.9


def test_it_is_the_same_model_for_a_seed() -> None:
    pixels, labels = dark_and_light(20)

    def fitted(seed: int) -> np.ndarray:
        model = CnnClassifier(epochs=2, batch_size=16, seed=seed).fit(pixels, labels)
        return model.predict_proba(pixels)

    first, second = fitted(3), fitted(3)

    np.testing.assert_array_equal(first, second)
    assert not np.array_equal(first, fitted(4))


def test_predictions_do_not_depend_on_the_batch() -> None:
    pixels, labels = dark_and_light(10)
    model = CnnClassifier(epochs=1, seed=0).fit(pixels, labels)
    many = np.concatenate([pixels] * 15)  # 300 images: two chunks of the forward pass

    together = model.predict_proba(many)

    assert together.shape == (len(many), 2)
    np.testing.assert_allclose(together[:3], model.predict_proba(pixels[:3]), atol=1e-6)
    np.testing.assert_allclose(together[-len(pixels) :], together[: len(pixels)], atol=1e-6)


def test_training_records_every_epoch() -> None:
    pixels, labels = dark_and_light(10)

    model = CnnClassifier(epochs=3, patience=10, seed=0).fit(pixels, labels)

    assert [row["epoch"] for row in model.history_] == [1, 2, 3]
    assert set(model.history_[0]) == {"epoch", "train_loss", "valid_loss", "valid_accuracy"}
    losses = [row["valid_loss"] for row in model.history_]
    assert model.best_epoch_ == 1 + losses.index(min(losses))


def test_early_stopping_keeps_the_best_epoch(monkeypatch: pytest.MonkeyPatch) -> None:
    """Validation losses scripted to stop improving after epoch 2: with a patience of 2,
    training stops after epoch 4 and keeps the weights of epoch 2."""
    scripted: Iterator[float] = iter([0.9, 0.5, 0.6, 0.7, 0.1, 0.1])
    weights: list[dict[str, torch.Tensor]] = []

    def evaluate(network: torch.nn.Module, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
        weights.append(copy.deepcopy(network.state_dict()))
        return next(scripted), 0.5

    monkeypatch.setattr(cnn, "_evaluate", evaluate)
    pixels, labels = dark_and_light(10)

    model = CnnClassifier(epochs=6, patience=2, seed=0).fit(pixels, labels)

    assert [row["valid_loss"] for row in model.history_] == [0.9, 0.5, 0.6, 0.7]
    assert model.best_epoch_ == 2
    kept = model.network_.state_dict()
    assert all(torch.equal(kept[name], weights[1][name]) for name in kept)
    assert not all(torch.equal(kept[name], weights[3][name]) for name in kept)


def test_a_class_of_a_few_images_still_gets_a_validation_image() -> None:
    """Stratified early-stopping images need one of each class, however few the images."""
    pixels, labels = dark_and_light(3)
    extra = [f"class {i}" for i in range(4) for _ in range(3)]
    many_classes = np.concatenate([labels, extra])
    pixels = np.concatenate([pixels, pixels, pixels[:6]])

    model = CnnClassifier(epochs=1, seed=0).fit(pixels, many_classes)

    assert len(model.classes_) == 6
    assert model.predict_proba(pixels[:2]).shape == (2, 6)


def test_augmentation_moves_images_but_keeps_their_shape() -> None:
    images = torch.rand(4, 3, SIDE, SIDE)

    moved = cnn._augment(images, torch.Generator().manual_seed(0), flip=True)
    again = cnn._augment(images, torch.Generator().manual_seed(0), flip=True)

    assert moved.shape == images.shape
    assert not torch.allclose(moved, images)
    assert torch.equal(moved, again)
    assert float(moved.min()) >= 0.0
    assert float(moved.max()) <= 1.0
