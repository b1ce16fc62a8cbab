"""How a model is scored: the same metrics for cross-validation, metadata and reports."""

from __future__ import annotations

from typing import Any

import numpy as np
from sklearn.metrics import (
    accuracy_score,
    balanced_accuracy_score,
    f1_score,
    mean_absolute_error,
    precision_recall_fscore_support,
    r2_score,
    roc_auc_score,
    root_mean_squared_error,
)
from sklearn.pipeline import Pipeline

from .results import ClassScores, MetricValues, Spread

# The one number the README, the tests and the importance plot lead with: balanced
# accuracy is not fooled by a majority class, R² compares against predicting the mean.
HEADLINE_METRIC = {"classification": "balanced_accuracy", "regression": "r2"}

# Enough digits to compare models; more would only be noise in the JSON reports.
DECIMALS = 4

# scikit-learn scorer names for cross_validate; "neg_" scorers are negated back.
CV_SCORERS = {
    "classification": {
        "accuracy": "accuracy",
        "balanced_accuracy": "balanced_accuracy",
        "f1_macro": "f1_macro",
    },
    "regression": {
        "mae": "neg_mean_absolute_error",
        "rmse": "neg_root_mean_squared_error",
        "r2": "r2",
    },
}


def summarize_cv(results: dict[str, Any], task: str) -> dict[str, Spread]:
    """Mean and standard deviation over the folds of `cross_validate` results."""
    summary: dict[str, Spread] = {}
    for name, scorer in CV_SCORERS[task].items():
        scores = np.asarray(results[f"test_{name}"], dtype=float)
        if scorer.startswith("neg_"):
            scores = -scores
        summary[name] = Spread(mean=_rounded(scores.mean()), std=_rounded(scores.std()))
    return summary


def score(pipeline: Pipeline, features: Any, target: Any, task: str) -> MetricValues:
    """Test-split metrics for one fitted pipeline."""
    predicted = pipeline.predict(features)
    if task == "regression":
        return {
            "mae": _rounded(mean_absolute_error(target, predicted)),
            "rmse": _rounded(root_mean_squared_error(target, predicted)),
            "r2": _rounded(r2_score(target, predicted)),
        }
    classes = [str(label) for label in pipeline.classes_]
    return classification_scores(target, predicted, pipeline.predict_proba(features), classes)


def classification_scores(
    target: Any, predicted: Any, probabilities: np.ndarray, classes: list[str]
) -> MetricValues:
    """Classification metrics from predictions already made (columns of `probabilities`
    in the order of `classes`)."""
    scores: MetricValues = {
        "accuracy": _rounded(accuracy_score(target, predicted)),
        "balanced_accuracy": _rounded(balanced_accuracy_score(target, predicted)),
        "f1_macro": _rounded(f1_score(target, predicted, average="macro", zero_division=0)),
    }
    scores.update(_roc_auc(np.asarray(target).astype(str), probabilities, classes))
    return scores


def per_class(pipeline: Pipeline, features: Any, target: Any) -> dict[str, ClassScores]:
    """Precision, recall, F1 and support of each class on the test split."""
    labels = [str(label) for label in pipeline.classes_]
    return class_scores(target, pipeline.predict(features), labels)


def class_scores(target: Any, predicted: Any, labels: list[str]) -> dict[str, ClassScores]:
    """Precision, recall, F1 and support of each of `labels`, from predictions already made."""
    precision, recall, f1, support = precision_recall_fscore_support(
        target, predicted, labels=labels, zero_division=0
    )
    return {
        label: ClassScores(
            precision=_rounded(precision[i]),
            recall=_rounded(recall[i]),
            f1=_rounded(f1[i]),
            support=int(support[i]),
        )
        for i, label in enumerate(labels)
    }


def _roc_auc(
    target: np.ndarray, probabilities: np.ndarray, classes: list[str]
) -> dict[str, float | None]:
    if len(classes) == 2:
        positive = target == classes[1]
        auc = roc_auc_score(positive, probabilities[:, 1]) if len(set(positive)) == 2 else None
        return {"roc_auc": None if auc is None else _rounded(auc)}
    # One-vs-rest AUC needs every class in the test split; it may lack a rare one.
    if set(target) != set(classes):
        return {"roc_auc_ovr": None}
    auc = roc_auc_score(target, probabilities, multi_class="ovr", average="macro", labels=classes)
    return {"roc_auc_ovr": _rounded(auc)}


def _rounded(value: float) -> float:
    return round(float(value), DECIMALS)
