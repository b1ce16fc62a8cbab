"""Choosing the estimator and the baseline."""

from __future__ import annotations

import pytest

from diabetes_regressor.modeling.estimators import (
    MODEL_NAMES,
    RANDOM_FOREST_MAX_ROWS,
    make_baseline,
    make_estimator,
    resolve_model_name,
)


def test_auto_picks_a_forest_for_small_data_and_boosting_for_large() -> None:
    assert resolve_model_name("auto", 500) == "random_forest"
    assert resolve_model_name("auto", RANDOM_FOREST_MAX_ROWS) == "gradient_boosting"


def test_a_named_model_is_kept() -> None:
    assert resolve_model_name("linear", 10**6) == "linear"


def test_an_unknown_model_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown model"):
        resolve_model_name("svm", 100)


@pytest.mark.parametrize("task", ["classification", "regression"])
@pytest.mark.parametrize("name", MODEL_NAMES)
def test_random_estimators_are_seeded(name: str, task: str) -> None:
    params = make_estimator(name, task, seed=7).get_params()

    assert params.get("random_state", 7) == 7


@pytest.mark.parametrize(
    ("task", "baseline"), [("classification", "DummyClassifier"), ("regression", "DummyRegressor")]
)
def test_baseline_ignores_the_features(task: str, baseline: str) -> None:
    assert type(make_baseline(task)).__name__ == baseline
