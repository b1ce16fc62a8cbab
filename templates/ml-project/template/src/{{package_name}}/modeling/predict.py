"""The one inference path: load a saved model safely and turn records into predictions.

The CLI, the API and the tests all predict through `Predictor.predict`, so what is
tested is what is served.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import skops.io as sio
from sklearn.pipeline import Pipeline
from skops.io.exceptions import UntrustedTypesFoundException

from ..errors import ModelLoadError
from ..schema import FeatureSchema
from .metadata import ModelMetadata

# skops refuses to build any type it does not know to be safe unless we trust it by
# name. These are the only such types our pipelines contain (found with
# skops.io.get_untrusted_types on every model this project can train); anything else
# in a model file means it is not ours, and it is not loaded.
TRUSTED_TYPES = frozenset(
    {
        "numpy.dtype",
        "sklearn.tree._tree.Tree",  # random forest trees
        "sklearn.ensemble._hist_gradient_boosting.predictor.TreePredictor",  # boosting trees
    }
)


@dataclass(frozen=True)
class Prediction:
    prediction: str | float  # class label (str) or regression value
    probabilities: dict[str, float] | None  # classification only, keyed by class label


class Predictor:
    """A fitted pipeline with its metadata, predicting from plain records."""

    def __init__(self, pipeline: Pipeline, metadata: ModelMetadata) -> None:
        self.pipeline = pipeline
        self.metadata = metadata
        self.schema: FeatureSchema = metadata.schema

    def predict(self, records: Sequence[Mapping[str, object]]) -> list[Prediction]:
        """Predict one result per record; a feature missing from a record is imputed."""
        if not records:
            return []
        frame = self.schema.coerce(pd.DataFrame(list(records)))
        predicted = self.pipeline.predict(frame)
        if self.metadata.task == "regression":
            return [Prediction(prediction=float(value), probabilities=None) for value in predicted]
        classes = [str(label) for label in self.pipeline.classes_]
        probabilities = self.pipeline.predict_proba(frame)
        return [
            Prediction(
                prediction=str(label),
                probabilities={c: float(p) for c, p in zip(classes, row, strict=True)},
            )
            for label, row in zip(predicted, probabilities, strict=True)
        ]


def load_predictor(model_path: Path) -> Predictor:
    """Load model.skops and the metadata.json beside it."""
    metadata_path = model_path.parent / "metadata.json"
    for path in (model_path, metadata_path):
        if not path.exists():
            raise ModelLoadError(f"{path} is missing; train a model first (make train)")
    return Predictor(load_pipeline(model_path), ModelMetadata.load(metadata_path))


def load_pipeline(model_path: Path) -> Pipeline:
    """Load a skops file, refusing any type outside TRUSTED_TYPES (never pickle)."""
    try:
        # skops refuses every unknown type not listed in `trusted`, so one pass over
        # the file both checks it against the allow-list and loads it.
        pipeline = sio.load(model_path, trusted=sorted(TRUSTED_TYPES))
    except UntrustedTypesFoundException as err:
        unexpected = sorted(set(sio.get_untrusted_types(file=model_path)) - TRUSTED_TYPES)
        raise ModelLoadError(
            f"{model_path} contains types this project does not trust: {', '.join(unexpected)}; "
            "load only models trained by this project"
        ) from err
    if not isinstance(pipeline, Pipeline):
        raise ModelLoadError(f"{model_path} holds a {type(pipeline).__name__}, not a Pipeline")
    return pipeline
