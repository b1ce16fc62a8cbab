"""The networks, as torch modules that take images exactly as images.prepare gives them.

Every served graph starts from uint8 pixels [images, height, width, 3], so the
service hands the prepared array straight to onnxruntime and the scaling to [0, 1]
is part of the model, the same in training and in serving. Every graph ends in
class probabilities, in the order of the classes.

torch is a training dependency only: the service runs the ONNX export.
"""

from __future__ import annotations

import torch
from sklearn.linear_model import LogisticRegression
from torch import nn
from torch.nn import functional

PIXEL_MAX = 255.0


def pick_device() -> torch.device:
    """The fastest device present: a CUDA GPU, Apple's MPS, else the CPU."""
    if torch.cuda.is_available():
        return torch.device("cuda")
    if torch.backends.mps.is_available():
        return torch.device("mps")
    return torch.device("cpu")


def to_tensor(pixels: torch.Tensor) -> torch.Tensor:
    """uint8 [n, h, w, 3] to float [n, 3, h, w] in [0, 1], as the convolutions take it."""
    return pixels.permute(0, 3, 1, 2).float() / PIXEL_MAX


class SmallCnn(nn.Module):
    """Three blocks of two 3x3 convolutions, each block halving the image; then a linear layer.

    Batch normalisation lets it train quickly at a high learning rate, and global
    average pooling makes it work at any IMAGE_SIZE with ~100k weights.
    """

    def __init__(self, n_classes: int, widths: tuple[int, ...] = (16, 32, 64)) -> None:
        super().__init__()
        blocks: list[nn.Module] = []
        channels = 3
        for width in widths:
            blocks.append(_block(channels, width))
            channels = width
        self.features = nn.Sequential(*blocks)
        self.head = nn.Sequential(nn.Flatten(), nn.Dropout(0.2), nn.Linear(channels, n_classes))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        """Float images [n, 3, h, w] in [0, 1] to class scores (logits)."""
        pooled = functional.adaptive_avg_pool2d(self.features(images), 1)
        scores: torch.Tensor = self.head(pooled)
        return scores


def _block(channels: int, width: int) -> nn.Sequential:
    return nn.Sequential(
        nn.Conv2d(channels, width, 3, padding=1, bias=False),
        nn.BatchNorm2d(width),
        nn.ReLU(inplace=True),
        nn.Conv2d(width, width, 3, padding=1, bias=False),
        nn.BatchNorm2d(width),
        nn.ReLU(inplace=True),
        nn.MaxPool2d(2),
    )


class Served(nn.Module):
    """uint8 pixels in, probabilities out, around a network that maps [0, 1] images to logits."""

    def __init__(self, network: nn.Module) -> None:
        super().__init__()
        self.network = network

    def forward(self, pixels: torch.Tensor) -> torch.Tensor:
        return torch.softmax(self.network(to_tensor(pixels)), dim=1)


class LinearOnFeatures(nn.Module):
    """A feature extractor, then a logistic regression fitted on its features as a linear layer."""

    def __init__(self, features: nn.Module, head: nn.Linear) -> None:
        super().__init__()
        self.features = features
        self.head = head

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        scores: torch.Tensor = self.head(self.features(images))
        return scores


class Flattened(nn.Module):
    """The pixels as one row of numbers per image, as the linear model on pixels reads them."""

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        # Channels last, as numpy's reshape of [n, h, w, 3] lays them out for scikit-learn.
        return images.permute(0, 2, 3, 1).flatten(1)


def linear_layer(model: LogisticRegression) -> nn.Linear:
    """scikit-learn's fitted logistic regression as a torch linear layer giving the same logits."""
    weights = torch.tensor(model.coef_, dtype=torch.float32)
    bias = torch.tensor(model.intercept_, dtype=torch.float32)
    if len(model.classes_) == 2:
        # scikit-learn gives a binary model one score z: P(second class) = sigmoid(z).
        # softmax([-z/2, z/2]) is exactly [1 - sigmoid(z), sigmoid(z)].
        weights, bias = torch.cat([-weights / 2, weights / 2]), torch.cat([-bias / 2, bias / 2])
    layer = nn.Linear(weights.shape[1], weights.shape[0])
    with torch.no_grad():
        layer.weight.copy_(weights)
        layer.bias.copy_(bias)
    return layer
