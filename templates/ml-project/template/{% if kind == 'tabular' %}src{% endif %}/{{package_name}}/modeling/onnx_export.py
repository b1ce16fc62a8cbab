"""Export the fitted pipeline to ONNX, and prove the export predicts what the pipeline does.

The service predicts with the export (modeling/predict.py), so training checks it on
the whole test split and fails loudly on any disagreement beyond float32 rounding.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType, StringTensorType
from sklearn.pipeline import Pipeline

from ..errors import ExportError
from ..schema import MISSING_CATEGORY, FeatureSchema
from .predict import Prediction, Predictor

# onnxruntime computes in float32, scikit-learn in float64 (its trees compare float32
# inputs too, so splits agree). float32 keeps about 7 significant digits; summing a
# hundred trees or a linear model's terms loses at most a few more bits. So:
# - a probability may differ by up to 1e-4 (a thousand times float32's rounding of a
#   value <= 1, and a hundred times below the 0.01 anyone reads a probability to);
PROBABILITY_TOLERANCE = 1e-4
# - a regression value by up to 1e-4 of its size, or 1e-4 of the predictions' spread
#   for values near zero;
REGRESSION_RTOL = 1e-4
# - labels must be equal, except where scikit-learn's two most probable classes are
#   themselves within PROBABILITY_TOLERANCE: a tie, which rounding may break either way.


def export_onnx(pipeline: Pipeline, schema: FeatureSchema, path: Path) -> None:
    """Write `pipeline` as an ONNX graph with one [n, 1] input per feature, in schema order."""
    initial_types: list[tuple[str, Any]] = [
        (
            spec.name,
            FloatTensorType([None, 1]) if spec.kind == "numeric" else StringTensorType([None, 1]),
        )
        for spec in schema.features
    ]
    model = pipeline.named_steps["model"]
    # zipmap=False: probabilities as one [n, classes] tensor, not a list of dicts.
    options = {id(model): {"zipmap": False}} if hasattr(model, "predict_proba") else None
    try:
        onnx_model = to_onnx(pipeline, initial_types=initial_types, options=options)
    except Exception as err:  # skl2onnx raises many types, all meaning "cannot convert"
        raise ExportError(
            f"skl2onnx cannot convert this {type(model).__name__} pipeline: {err}"
        ) from err
    path.write_bytes(onnx_model.SerializeToString())


def as_records(features: pd.DataFrame) -> list[dict[str, object]]:
    """Rows of a coerced feature frame as a client sends them: null for a gap."""
    records = features.to_dict(orient="records")
    return [
        {name: (None if _is_gap(value) else value) for name, value in record.items()}
        for record in records
    ]


def disagreements(pipeline: Pipeline, predictor: Predictor, features: pd.DataFrame) -> list[str]:
    """Where `predictor` (ONNX) and `pipeline` (scikit-learn) differ beyond the tolerances."""
    predictions = predictor.predict(as_records(features))
    if predictor.metadata.task == "regression":
        return _regression_disagreements(pipeline.predict(features), predictions)
    return _classification_disagreements(
        pipeline.predict(features), pipeline.predict_proba(features), predictions
    )


def check_export(pipeline: Pipeline, predictor: Predictor, features: pd.DataFrame) -> None:
    """Raise ExportError unless the export agrees with the pipeline on every row of `features`."""
    problems = disagreements(pipeline, predictor, features)
    if problems:
        shown = "; ".join(problems[:5])
        raise ExportError(
            f"the ONNX export disagrees with the scikit-learn pipeline on {len(problems)} of "
            f"{len(features)} test rows: {shown}"
        )


def _classification_disagreements(
    labels: np.ndarray, probabilities: np.ndarray, predictions: list[Prediction]
) -> list[str]:
    problems = []
    for row, (label, expected, got) in enumerate(
        zip(labels, probabilities, predictions, strict=True)
    ):
        served = np.array(list((got.probabilities or {}).values()))
        gap = (
            float(np.max(np.abs(served - expected))) if served.shape == expected.shape else math.inf
        )
        if gap > PROBABILITY_TOLERANCE:
            problems.append(f"row {row}: probabilities differ by {gap:.2g}")
            continue
        top_two = np.sort(expected)[-2:]
        tie = len(top_two) == 2 and top_two[1] - top_two[0] <= PROBABILITY_TOLERANCE
        if got.prediction != str(label) and not tie:
            problems.append(f"row {row}: label {got.prediction!r} instead of {str(label)!r}")
    return problems


def _regression_disagreements(values: np.ndarray, predictions: list[Prediction]) -> list[str]:
    served = np.array([float(p.prediction) for p in predictions])
    atol = REGRESSION_RTOL * max(float(np.std(values)), 1e-12)
    far = ~np.isclose(served, values, rtol=REGRESSION_RTOL, atol=atol)
    return [
        f"row {row}: {served[row]:.6g} instead of {values[row]:.6g}" for row in np.flatnonzero(far)
    ]


def _is_gap(value: object) -> bool:
    return (
        value is None
        or value == MISSING_CATEGORY
        or (isinstance(value, float) and math.isnan(value))
    )
