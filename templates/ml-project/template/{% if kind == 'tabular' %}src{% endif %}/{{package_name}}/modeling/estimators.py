"""Which estimator to train, and the dummy baseline it has to beat."""

from __future__ import annotations

from typing import Literal

from sklearn.base import BaseEstimator
from sklearn.dummy import DummyClassifier, DummyRegressor
from sklearn.ensemble import (
    GradientBoostingClassifier,
    GradientBoostingRegressor,
    RandomForestClassifier,
    RandomForestRegressor,
)
from sklearn.linear_model import LogisticRegression, Ridge

ModelName = Literal["linear", "random_forest", "gradient_boosting"]
MODEL_NAMES: tuple[ModelName, ...] = ("linear", "random_forest", "gradient_boosting")
# Below this many training rows a random forest is accurate without tuning and fits
# in seconds; above it, gradient boosting is faster and usually better.
RANDOM_FOREST_MAX_ROWS = 10_000


def resolve_model_name(model: str, n_rows: int) -> ModelName:
    """Turn the configured model ("auto" or a name) into a concrete model name."""
    if model == "auto":
        return "random_forest" if n_rows < RANDOM_FOREST_MAX_ROWS else "gradient_boosting"
    if model in MODEL_NAMES:
        return model
    raise ValueError(f"unknown model {model!r}; choose auto or one of {', '.join(MODEL_NAMES)}")


def thread_limit(n_rows: int) -> int | None:
    """Native threads (OpenMP, BLAS) to allow while fitting on `n_rows` rows; None: all.

    On small data, threads spend more time synchronising than computing, and they
    slow to a crawl when other processes hold the cores (tests run in parallel, CI).
    """
    return 1 if n_rows < RANDOM_FOREST_MAX_ROWS else None


def make_estimator(name: ModelName, task: str, seed: int) -> BaseEstimator:
    """A fresh, unfitted estimator; every source of randomness is seeded.

    Linear and forest classifiers weight classes by their inverse frequency: the
    project is judged by balanced accuracy, and without the weights a rare class is
    mostly ignored. Gradient boosting is left unweighted, as it was when it was
    histogram-based (weights made that fit about fifteen times slower).

    Gradient boosting is scikit-learn's GradientBoosting*, not HistGradientBoosting*:
    every model is served through its ONNX export, and skl2onnx 1.20 cannot convert
    HistGradientBoosting from scikit-learn 1.9 ("Unable to create node
    TreeEnsembleClassifier": its trees hold np.uint32 attributes).
    """
    if task == "classification":
        if name == "linear":
            return LogisticRegression(max_iter=1000, class_weight="balanced", random_state=seed)
        if name == "random_forest":
            # Leaves of at least 3 rows: less overfitting to noise, and smaller files.
            return RandomForestClassifier(
                n_estimators=200, min_samples_leaf=3, class_weight="balanced", random_state=seed
            )
        return GradientBoostingClassifier(random_state=seed)
    if name == "linear":
        return Ridge(random_state=seed)
    if name == "random_forest":
        return RandomForestRegressor(n_estimators=200, min_samples_leaf=3, random_state=seed)
    return GradientBoostingRegressor(random_state=seed)


def make_baseline(task: str) -> BaseEstimator:
    """What a model that ignores the features scores: the bar a real model must clear."""
    if task == "classification":
        # "prior" predicts the majority class and the class frequencies as
        # probabilities, so its ROC AUC is the chance level 0.5.
        return DummyClassifier(strategy="prior")
    return DummyRegressor(strategy="mean")
