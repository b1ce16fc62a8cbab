"""The one inference path: prepare images and run the model's ONNX export on them.

The CLI, the API and the tests all predict through `Predictor`, so what is tested
is what is served. Whichever candidate training served, it is one ONNX graph that
takes the prepared pixels and returns class probabilities. This module imports
only numpy, Pillow and onnxruntime, the service image's libraries: neither torch
nor scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort

from ..config import IMAGE_SIZE, MAX_IMAGE_PIXELS
from ..errors import ModelLoadError
from ..images import prepare
from .metadata import ModelMetadata
from .onnx_session import open_session

# The exported graph's input (uint8 [images, side, side, 3]) and output.
PIXELS = "pixels"
PROBABILITIES = "probabilities"


@dataclass(frozen=True)
class Prediction:
    prediction: str  # the most probable class
    probabilities: dict[str, float]  # keyed by class label


class Predictor:
    """An ONNX session with its metadata, predicting from image files or prepared pixels."""

    def __init__(self, session: ort.InferenceSession, metadata: ModelMetadata) -> None:
        if metadata.classes is None:
            raise ModelLoadError("metadata.json lists no classes; retrain (make train)")
        inputs = [node.name for node in session.get_inputs()]
        if inputs != [PIXELS]:
            raise ModelLoadError(
                f"the ONNX model takes inputs {inputs}, not [{PIXELS!r}]; retrain (make train)"
            )
        self.session = session
        self.metadata = metadata
        self._classes = list(metadata.classes)

    def predict_files(
        self, files: Sequence[bytes], *, max_pixels: int = MAX_IMAGE_PIXELS
    ) -> list[Prediction]:
        """Predict one result per image file (PNG, JPEG, ...), in order.

        Raises images.ImageError for bytes that are not an image it can read.
        """
        return self.predict([prepare(data, max_pixels=max_pixels).pixels for data in files])

    def predict(self, pixels: Sequence[np.ndarray]) -> list[Prediction]:
        """Predict from prepared images (uint8 [IMAGE_SIZE, IMAGE_SIZE, 3] each), in one call."""
        if not pixels:
            return []
        batch = np.stack(pixels)
        if batch.dtype != np.uint8 or batch.shape[1:] != (IMAGE_SIZE, IMAGE_SIZE, 3):
            raise ValueError(
                f"each image must be uint8 [{IMAGE_SIZE}, {IMAGE_SIZE}, 3] (images.prepare "
                f"makes them), not {batch.dtype} {list(batch.shape[1:])}"
            )
        (probabilities,) = self.session.run(None, {PIXELS: batch})
        classes = self._classes
        best = np.argmax(probabilities, axis=1).tolist()
        return [
            Prediction(
                prediction=classes[index], probabilities=dict(zip(classes, row, strict=True))
            )
            for index, row in zip(best, probabilities.tolist(), strict=True)
        ]


def load_predictor(model_path: Path) -> Predictor:
    """Load the ONNX model at `model_path` with the metadata.json beside it."""
    metadata_path = model_path.parent / "metadata.json"
    for path in (model_path, metadata_path):
        if not path.is_file():
            raise ModelLoadError(f"{path} is missing; train a model first (make train)")
    return Predictor(open_session(model_path), ModelMetadata.load(metadata_path))
