"""The fitted scikit-learn pipeline on disk: models/model.skops, saved and loaded safely.

This is the artifact that is evaluated and tested against; the service predicts with
its ONNX export (see onnx_export.py), which training checks against it.
"""

from __future__ import annotations

from pathlib import Path

import skops.io as sio
from sklearn.pipeline import Pipeline
from skops.io.exceptions import UntrustedTypesFoundException

from ..errors import ModelLoadError

# skops refuses to build any type it does not know to be safe unless we trust it by
# name. These are the only such types our pipelines contain (found with
# skops.io.get_untrusted_types on every model this project can train); anything else
# in a model file means it is not ours, and it is not loaded.
TRUSTED_TYPES = frozenset(
    {
        "numpy.dtype",
        "sklearn.tree._tree.Tree",  # random forest and gradient boosting trees
    }
)


def save_pipeline(pipeline: Pipeline, path: Path) -> None:
    sio.dump(pipeline, path)


def load_pipeline(model_path: Path) -> Pipeline:
    """Load a skops file, refusing any type outside TRUSTED_TYPES (never pickle)."""
    if not model_path.is_file():
        raise ModelLoadError(f"{model_path} is missing; train a model first (make train)")
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
