"""Export the gradient-boosting model to ONNX, and check the export predicts the same."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np

from ..errors import ExportError
from ..features import Features
from .forecasters import ChangeModel, Floats
from .onnx_session import open_session

INPUT_NAME = "features"
# onnxruntime sums the trees in float32: changes agree with scikit-learn's to about 1e-6
# of their scale, far below any forecast error.
TOLERANCE = 1e-4


def export_lag_model(estimator: Any, sample: Features, path: Path) -> None:
    """Write `estimator` as ONNX to `path`; ExportError if it predicts `sample` otherwise."""
    from skl2onnx import convert_sklearn
    from skl2onnx.common.data_types import FloatTensorType

    onnx_model = convert_sklearn(
        estimator, initial_types=[(INPUT_NAME, FloatTensorType([None, sample.shape[1]]))]
    )
    path.write_bytes(onnx_model.SerializeToString())
    exported = onnx_change_model(path)(sample)
    expected = estimator.predict(sample)
    gap = float(np.max(np.abs(exported - expected)))
    scale = float(np.max(np.abs(expected))) or 1.0
    if gap > TOLERANCE * scale:
        raise ExportError(f"the ONNX export differs from the model by {gap:.3g}")


def onnx_change_model(path: Path) -> ChangeModel:
    """The ONNX model as a function of feature rows, as the service runs it."""
    session = open_session(path)

    def predict(rows: Features) -> Floats:
        (changes,) = session.run(None, {INPUT_NAME: rows})
        return np.asarray(changes, dtype=np.float64).ravel()

    return predict
