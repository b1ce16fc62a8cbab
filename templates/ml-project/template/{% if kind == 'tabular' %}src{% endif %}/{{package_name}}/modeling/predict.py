"""The one inference path: load the model's ONNX export and turn records into predictions.

The CLI, the API and the tests all predict through `Predictor.predict`, so what is
tested is what is served. Training exports the fitted scikit-learn pipeline to
models/model.onnx and refuses to finish unless the export predicts what the
pipeline does on the test split (onnx_export.py). Serving it with onnxruntime takes
well under a millisecond per record, and needs neither scikit-learn nor pandas:
this module imports only numpy and onnxruntime, the service image's libraries.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort

from ..errors import ModelLoadError
from ..schema import MISSING_CATEGORY, FeatureSchema
from .metadata import ModelMetadata
from .onnx_session import open_session


@dataclass(frozen=True)
class Prediction:
    prediction: str | float  # class label (str) or regression value
    probabilities: dict[str, float] | None  # classification only, keyed by class label


class Predictor:
    """An ONNX session with its metadata, predicting from plain records."""

    def __init__(self, session: ort.InferenceSession, metadata: ModelMetadata) -> None:
        self.session = session
        self.metadata = metadata
        self.schema: FeatureSchema = metadata.schema
        inputs = session.get_inputs()
        if len(inputs) != len(self.schema.features):
            raise ModelLoadError(
                f"the ONNX model takes {len(inputs)} inputs but metadata.json lists "
                f"{len(self.schema.features)} features; retrain (make train)"
            )
        # Inputs are declared in the schema's order at export; their names may be
        # sanitised versions of the feature names, so they are paired by position.
        self._inputs = [
            (node.name, spec.name, spec.kind == "numeric")
            for node, spec in zip(inputs, self.schema.features, strict=True)
        ]
        self._classes = list(metadata.classes) if metadata.classes is not None else None
        # Classifiers are exported with outputs (label, probabilities); regressors (value).
        self._output = session.get_outputs()[1 if self._classes is not None else 0].name

    def predict(self, records: Sequence[Mapping[str, object]]) -> list[Prediction]:
        """Predict one result per record, in one call; a missing feature is imputed.

        Raises ValueError for a value the model cannot take (text in a numeric feature).
        """
        if not records:
            return []
        (output,) = self.session.run([self._output], self._feeds(records))
        if self._classes is None:
            return [
                Prediction(prediction=value, probabilities=None) for value in output[:, 0].tolist()
            ]
        classes = self._classes
        # The label is the most probable class, as scikit-learn's predict picks it.
        best = np.argmax(output, axis=1).tolist()
        return [
            Prediction(
                prediction=classes[index], probabilities=dict(zip(classes, row, strict=True))
            )
            for index, row in zip(best, output.tolist(), strict=True)
        ]

    def _feeds(self, records: Sequence[Mapping[str, object]]) -> dict[str, np.ndarray]:
        # Column by column, straight into the arrays the ONNX graph takes: float32
        # numbers with NaN for a gap, text categories with MISSING_CATEGORY for one.
        # Inline comprehensions, not a function per value: a batch of 1,000 records
        # holds thousands of values.
        shape = (len(records), 1)
        feeds: dict[str, np.ndarray] = {}
        for input_name, feature, numeric in self._inputs:
            values = [record.get(feature) for record in records]
            if numeric:
                numbers = [math.nan if value is None else value for value in values]
                try:
                    column = np.array(numbers, dtype=np.float32)
                except (TypeError, ValueError) as err:
                    raise ValueError(f"feature {feature!r} must be a number ({err})") from err
            else:
                # `value != value` is true only for NaN, a gap in a pandas row.
                texts = [
                    MISSING_CATEGORY if value is None or value != value else str(value)
                    for value in values
                ]
                column = np.array(texts, dtype=object)
            feeds[input_name] = column.reshape(shape)
        return feeds


def load_predictor(model_path: Path) -> Predictor:
    """Load the ONNX model at `model_path` and the metadata.json beside it.

    `model_path` is models/model.onnx; given the models/model.skops it was exported
    from, the model.onnx beside it is loaded, so a caller need not know which file
    the service reads.
    """
    onnx_path = model_path.with_suffix(".onnx")
    metadata_path = model_path.parent / "metadata.json"
    for path in (onnx_path, metadata_path):
        if not path.is_file():
            raise ModelLoadError(f"{path} is missing; train a model first (make train)")
    return Predictor(open_session(onnx_path), ModelMetadata.load(metadata_path))
