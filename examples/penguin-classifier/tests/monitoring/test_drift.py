"""The drift tests: right test per kind of feature, Benjamini-Hochberg, the effect floor,
rare categories pooled."""

from __future__ import annotations

import math

import numpy as np
import pytest

from penguin_classifier.config import MonitorRule
from penguin_classifier.monitoring.columns import Columns, Feature, Value
from penguin_classifier.monitoring.drift import (
    adjust,
    categorical_test,
    drifted_features,
    feature_tests,
    numeric_tests,
)

FEATURES = 40


def normal_columns(n: int, seed: int, shift: dict[str, float] | None = None) -> Columns:
    generator = np.random.default_rng(seed)
    shift = shift or {}
    return {
        f"x{i}": (generator.normal(size=n) + shift.get(f"x{i}", 0.0)).tolist()
        for i in range(FEATURES)
    }


def test_many_features_from_one_distribution_are_not_flagged() -> None:
    """Among 40 features, some raw p-values fall below 0.05 by chance; none survives BH."""
    features = [Feature(f"x{i}", "numeric") for i in range(FEATURES)]

    tests = feature_tests(features, normal_columns(1000, seed=1), normal_columns(300, seed=101))
    adjusted = adjust(tests, fdr=0.05, min_effect=0.0)

    assert sum(test.p_value < 0.05 for test in tests) >= 1
    assert drifted_features(adjusted) == []


def test_a_shifted_feature_among_many_is_flagged_and_named() -> None:
    features = [Feature(f"x{i}", "numeric") for i in range(FEATURES)]
    live = normal_columns(300, seed=101, shift={"x7": 1.0})

    adjusted = adjust(
        feature_tests(features, normal_columns(1000, seed=1), live), fdr=0.05, min_effect=0.1
    )

    assert drifted_features(adjusted) == ["x7"]


def test_a_tiny_shift_in_a_huge_window_is_below_the_effect_floor() -> None:
    generator = np.random.default_rng(0)
    reference = generator.normal(size=50_000).tolist()
    live = (generator.normal(size=50_000) + 0.05).tolist()

    (test,) = adjust(numeric_tests("x", reference, live), fdr=0.05, min_effect=0.1)

    assert test.adjusted_p < 0.05
    assert test.effect < 0.1
    assert not test.drifted


def test_categories_are_compared_over_the_union_of_both_sides() -> None:
    reference: list[Value] = ["a"] * 50 + ["b"] * 50
    live: list[Value] = ["a"] * 40 + ["b"] * 40 + ["c"] * 20

    test = categorical_test("colour", reference, live)

    assert test.test == "chi2"
    assert test.effect == pytest.approx(0.2)  # a fifth of the records moved to "c"
    assert test.p_value < 0.001


def test_one_category_on_both_sides_has_not_moved() -> None:
    test = categorical_test("colour", ["a"] * 10, ["a"] * 5)

    assert (test.statistic, test.effect, test.p_value) == (0.0, 0.0, 1.0)


def test_gaps_are_a_category_and_a_share_of_their_own() -> None:
    reference: list[Value] = [1.0, 2.0, 3.0, 4.0] * 25
    live: list[Value] = [1.0, 2.0, 3.0, 4.0] * 10 + [None] * 60

    values, missing = numeric_tests("x", reference, live)
    category = categorical_test("c", ["a"] * 100, ["a"] * 40 + [None] * 60)

    assert (values.subject, missing.subject) == ("values", "missing share")
    assert values.p_value > 0.5  # the numbers that came are as before
    assert missing.effect == pytest.approx(0.6)
    assert missing.p_value < 0.001
    assert category.effect == pytest.approx(0.6)


def test_many_rare_categories_of_one_distribution_are_not_flagged() -> None:
    """40 categories of Zipf-like shares, 1,000 training records against 60 live ones:
    most categories expect under one live record, where chi-square's p-value is too
    small and the total variation distance too large; pooled, false alarms stay at the
    test's level and the effect below the rule's floor."""
    repetitions = 300
    generator = np.random.default_rng(2)
    categories = [f"c{rank}" for rank in range(1, 41)]
    shares = 1 / np.arange(1, 41)
    shares /= shares.sum()

    tests = [
        categorical_test(
            "species",
            generator.choice(categories, size=1_000, p=shares).tolist(),
            generator.choice(categories, size=60, p=shares).tolist(),
        )
        for _ in range(repetitions)
    ]

    false_alarms = sum(test.p_value < 0.05 for test in tests) / repetitions
    # The level, give or take two standard errors of `repetitions` draws.
    assert false_alarms <= 0.05 + 2 * math.sqrt(0.05 * 0.95 / repetitions)
    assert np.median([test.effect for test in tests]) < MonitorRule().min_effect


def test_a_rare_category_that_became_common_is_still_flagged() -> None:
    """Gaps that were two in a thousand are half the live records: with two categories
    and a small expected count, Fisher's exact test judges, and sees it."""
    reference: list[Value] = ["a"] * 998 + [None] * 2
    live: list[Value] = ["a"] * 30 + [None] * 30

    test = categorical_test("island", reference, live)

    assert test.test == "fisher"
    assert test.p_value < 1e-6
    assert test.effect == pytest.approx(0.498)
