"""The verdict: does the model beat the baseline, on the test split and clearly in CV?"""

from __future__ import annotations

import pytest

from digit_classifier.results import CrossValidation, HeldOutScores, ModelScores, Spread, verdict


def scores(test: tuple[float, float], cv: tuple[Spread, Spread]) -> ModelScores:
    return ModelScores(
        test=HeldOutScores(model={"score": test[0]}, baseline={"score": test[1]}),
        cv=CrossValidation(folds=5, model={"score": cv[0]}, baseline={"score": cv[1]}),
    )


def test_a_clear_lead_on_both_beats_the_baseline() -> None:
    result = verdict(
        scores((0.9, 0.5), (Spread(mean=0.88, std=0.02), Spread(mean=0.5, std=0.0))),
        "score",
        lower_is_better=False,
    )

    assert result.beats_baseline_on_test
    assert result.beats_baseline_in_cv
    assert result.beats_baseline


def test_a_cv_lead_within_the_folds_spread_is_not_a_win() -> None:
    # Seen on data without signal: 0.517 ± 0.095 against a baseline at 0.500.
    result = verdict(
        scores((0.52, 0.5), (Spread(mean=0.517, std=0.095), Spread(mean=0.5, std=0.0))),
        "score",
        lower_is_better=False,
    )

    assert result.beats_baseline_on_test
    assert not result.beats_baseline_in_cv
    assert not result.beats_baseline


@pytest.mark.parametrize(("model", "expected"), [(2.0, True), (4.0, False)])
def test_errors_beat_the_baseline_when_they_are_smaller(model: float, expected: bool) -> None:
    result = verdict(
        scores((model, 3.0), (Spread(mean=model, std=0.1), Spread(mean=3.0, std=0.1))),
        "score",
        lower_is_better=True,
    )

    assert result.beats_baseline_on_test is expected
    assert result.beats_baseline_in_cv is expected


def test_a_metric_undefined_on_the_test_split_is_no_win() -> None:
    undefined = ModelScores(
        test=HeldOutScores(model={"score": None}, baseline={"score": 0.5}),
        cv=CrossValidation(folds=5, model={}, baseline={}),
    )

    result = verdict(undefined, "score", lower_is_better=False)

    assert not result.beats_baseline_on_test
    assert not result.beats_baseline_in_cv
