"""Export a trained network to ONNX, and check the export predicts what the network does.

Whichever candidate training serves, the export is one graph: uint8 pixels
[images, IMAGE_SIZE, IMAGE_SIZE, 3] in, class probabilities out. The service runs
it on onnxruntime, with neither torch nor scikit-learn installed.
"""

from __future__ import annotations

import warnings
from pathlib import Path

import numpy as np
import torch

from ..config import IMAGE_SIZE
from ..errors import ExportError
from .networks import Served
from .predict import PIXELS, PROBABILITIES, Predictor

# Predicted probabilities may differ this much between the network and its export.
TOLERANCE = 1e-4


def export_network(network: torch.nn.Module, path: Path) -> None:
    """Write `network` (float [0, 1] images to logits) as an ONNX graph taking uint8 pixels."""
    model = Served(network).to("cpu").eval()
    example = torch.zeros((2, IMAGE_SIZE, IMAGE_SIZE, 3), dtype=torch.uint8)
    # The TorchScript exporter (dynamo=False): the torch.export-based one needs
    # onnxscript, one more dependency. Its deprecation and tracer warnings say nothing
    # about these networks, whose export is checked against them before training ends.
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        torch.onnx.export(
            model,
            (example,),
            str(path),
            dynamo=False,
            opset_version=17,
            input_names=[PIXELS],
            output_names=[PROBABILITIES],
            dynamic_axes={PIXELS: {0: "images"}, PROBABILITIES: {0: "images"}},
        )


def check_export(expected: np.ndarray, predictor: Predictor, pixels: np.ndarray) -> None:
    """Raise ExportError if the export's probabilities differ from `expected` on `pixels`."""
    predictions = predictor.predict(list(pixels))
    classes = list(predictor.metadata.classes or ())
    exported = np.array([[p.probabilities[label] for label in classes] for p in predictions])
    if exported.shape != expected.shape:
        raise ExportError(
            f"the ONNX export gives {exported.shape} probabilities, the model {expected.shape}"
        )
    gap = float(np.max(np.abs(exported - expected))) if len(expected) else 0.0
    if gap > TOLERANCE:
        raise ExportError(
            f"the ONNX export's probabilities differ from the model's by up to {gap:.2g} "
            f"on the test split (tolerance {TOLERANCE:g}); the export is wrong"
        )
