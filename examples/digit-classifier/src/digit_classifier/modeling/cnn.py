"""The CNN as a scikit-learn estimator, so it is cross-validated like every other candidate.

`fit` trains SmallCnn from scratch: random shifts, rotations and zooms of each
training image every epoch (augmentation, so the network cannot memorise pixels),
AdamW with a one-cycle learning-rate schedule, and early stopping on a tenth of
the training images held out: the weights of its best epoch are kept. Everything
random is drawn from `seed`, so a run on the CPU is repeatable.
"""

from __future__ import annotations

import copy
import math
from typing import Any

import numpy as np
import torch
from sklearn.base import BaseEstimator, ClassifierMixin
from sklearn.model_selection import train_test_split
from torch.nn import functional

from ..config import AUGMENT_FLIP, EPOCHS, PATIENCE
from .networks import SmallCnn, pick_device, to_tensor

# How far augmentation moves an image: up to 15° of rotation, 10% of zoom, 10% of shift.
MAX_ROTATION = math.radians(15)
MAX_ZOOM = 0.1
MAX_SHIFT = 0.1


class CnnClassifier(ClassifierMixin, BaseEstimator):  # type: ignore[misc]
    """SmallCnn trained on uint8 images [n, h, w, 3]; predict_proba gives class probabilities."""

    def __init__(
        self,
        *,
        epochs: int = EPOCHS,
        patience: int = PATIENCE,
        batch_size: int = 64,
        learning_rate: float = 3e-3,
        weight_decay: float = 1e-4,
        validation_fraction: float = 0.1,
        flip: bool = AUGMENT_FLIP,
        seed: int = 0,
    ) -> None:
        self.epochs = epochs
        self.patience = patience
        self.batch_size = batch_size
        self.learning_rate = learning_rate
        self.weight_decay = weight_decay
        self.validation_fraction = validation_fraction
        self.flip = flip
        self.seed = seed

    def fit(self, pixels: np.ndarray, labels: np.ndarray) -> CnnClassifier:
        torch.manual_seed(self.seed)
        generator = torch.Generator().manual_seed(self.seed)
        self.classes_, y = np.unique(labels, return_inverse=True)
        train_rows, valid_rows = train_test_split(
            np.arange(len(y)),
            # At least one image of each class: a stratified split cannot hold fewer.
            test_size=max(len(self.classes_), math.ceil(self.validation_fraction * len(y))),
            random_state=self.seed,
            stratify=y,
        )
        device = pick_device()
        x_train, y_train = _tensors(pixels[train_rows], y[train_rows], device)
        x_valid, y_valid = _tensors(pixels[valid_rows], y[valid_rows], device)

        network = SmallCnn(len(self.classes_)).to(device)
        cross_entropy = torch.nn.CrossEntropyLoss()
        optimizer = torch.optim.AdamW(
            network.parameters(), lr=self.learning_rate, weight_decay=self.weight_decay
        )
        steps_per_epoch = math.ceil(len(x_train) / self.batch_size)
        schedule = torch.optim.lr_scheduler.OneCycleLR(
            optimizer, max_lr=self.learning_rate, total_steps=self.epochs * steps_per_epoch
        )
        best_loss, best_state, stale = math.inf, copy.deepcopy(network.state_dict()), 0
        self.history_: list[dict[str, float]] = []
        for epoch in range(1, self.epochs + 1):
            network.train()
            order = torch.randperm(len(x_train), generator=generator).to(device)
            total = 0.0
            for start in range(0, len(order), self.batch_size):
                rows = order[start : start + self.batch_size]
                batch = _augment(x_train[rows], generator, flip=self.flip)
                loss = cross_entropy(network(batch), y_train[rows])
                optimizer.zero_grad()
                loss.backward()
                optimizer.step()
                schedule.step()
                total += loss.item() * len(rows)
            valid_loss, valid_accuracy = _evaluate(network, x_valid, y_valid)
            self.history_.append(
                {
                    "epoch": epoch,
                    "train_loss": round(total / len(x_train), 4),
                    "valid_loss": round(valid_loss, 4),
                    "valid_accuracy": round(valid_accuracy, 4),
                }
            )
            if valid_loss < best_loss:
                best_loss, best_state, stale = valid_loss, copy.deepcopy(network.state_dict()), 0
                self.best_epoch_ = epoch
            else:
                stale += 1
                if stale >= self.patience:
                    break
        network.load_state_dict(best_state)
        self.network_ = network.eval()
        return self

    @torch.inference_mode()
    def predict_proba(self, pixels: np.ndarray) -> np.ndarray:
        device = next(self.network_.parameters()).device
        scores = [
            torch.softmax(self.network_(to_tensor(torch.from_numpy(chunk).to(device))), dim=1)
            for chunk in np.array_split(pixels, max(1, math.ceil(len(pixels) / 256)))
        ]
        return torch.cat(scores).cpu().numpy().astype(np.float64)

    def predict(self, pixels: np.ndarray) -> Any:
        return self.classes_[np.argmax(self.predict_proba(pixels), axis=1)]


def _tensors(
    pixels: np.ndarray, y: np.ndarray, device: torch.device
) -> tuple[torch.Tensor, torch.Tensor]:
    return to_tensor(torch.from_numpy(pixels)).to(device), torch.from_numpy(y).long().to(device)


def _augment(images: torch.Tensor, generator: torch.Generator, *, flip: bool) -> torch.Tensor:
    """A random rotation, zoom and shift of each image (and a mirror, with `flip`)."""
    n = len(images)

    def uniform(*shape: int) -> torch.Tensor:
        return (torch.rand(*shape, generator=generator) * 2 - 1).to(images.device)

    angle = uniform(n) * MAX_ROTATION
    scale = 1 + uniform(n) * MAX_ZOOM
    shift = uniform(n, 2) * MAX_SHIFT * 2  # affine_grid spans [-1, 1]: 2 units a side
    cos, sin = torch.cos(angle) / scale, torch.sin(angle) / scale
    # A mirror turns the x axis round before the rotation: the first column's sign.
    mirror = torch.ones(n, device=images.device)
    if flip:
        mirror = torch.where(torch.rand(n, generator=generator).to(images.device) < 0.5, -1.0, 1.0)
    theta = torch.stack(
        [
            torch.stack([cos * mirror, -sin, shift[:, 0]], 1),
            torch.stack([sin * mirror, cos, shift[:, 1]], 1),
        ],
        1,
    )
    grid = functional.affine_grid(theta, list(images.shape), align_corners=False)
    return functional.grid_sample(images, grid, align_corners=False, padding_mode="border")


@torch.inference_mode()
def _evaluate(network: SmallCnn, x: torch.Tensor, y: torch.Tensor) -> tuple[float, float]:
    network.eval()
    scores = network(x)
    loss = float(functional.cross_entropy(scores, y))
    accuracy = float((scores.argmax(dim=1) == y).float().mean())
    return loss, accuracy
