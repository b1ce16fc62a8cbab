"""Drift tests: does a feature's live distribution differ from its training one?

Numbers get the two-sample Kolmogorov-Smirnov test. Categories get a chi-square test
of independence on the table of counts (a row for the reference, a row for the live
records, a column for every category seen in either): it allows for the reference's
own sampling noise, where a goodness-of-fit test that takes the reference's shares as
exact raises false alarms several times as often on a small reference. A gap (None)
is a category of its own; for a number, the share of gaps is a test of its own.

Rare categories are pooled first: every category whose expected count (under
independence, in the smaller row) is below MIN_EXPECTED joins one pooled category,
for the test and for the effect alike. Chi-square's p-value is an approximation that
fails on small counts, calling drift too often; and the total variation distance
over many rare categories is large on samples of one distribution (a live window
cannot show each in its training share). Where pooling leaves two categories and a
count is still small, Fisher's exact test takes over, so a jump in a rare category
(gaps that were one in a thousand and are now half) is still seen.

Every feature's p-values are adjusted together (Benjamini-Hochberg), so testing many
features does not make a false alarm all but certain.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Literal

import numpy as np
from scipy import stats

from .columns import Columns, Feature, Value

# How a gap is named among a feature's categories (in the report and the figures).
MISSING = "(missing)"
# Cochran's rule: chi-square's p-value holds where every expected count is at least 5.
MIN_EXPECTED = 5.0
TestName = Literal["ks", "chi2", "fisher"]
# What a test compares: the feature's values, or how many of them are missing.
Subject = Literal["values", "missing share"]


@dataclass(frozen=True)
class DriftTest:
    """One test of one feature; `drifted` once adjusted (see `adjust`).

    `effect` is the size of the shift on a 0-1 scale, whatever the test: the
    Kolmogorov-Smirnov D for numbers, the total variation distance for categories
    (the share of records that would have to change category to match, rare
    categories pooled). `statistic` is the test's own: D, chi-square, or Fisher's
    odds ratio (infinite where a category is absent on one side).
    """

    feature: str
    subject: Subject
    test: TestName
    statistic: float
    effect: float
    p_value: float
    adjusted_p: float
    drifted: bool
    reference_n: int
    live_n: int


def feature_tests(
    features: Sequence[Feature], reference: Columns, live: Columns
) -> list[DriftTest]:
    """Every test of every feature, unadjusted: the reference against the live values."""
    tests: list[DriftTest] = []
    for feature in features:
        if feature.kind == "numeric":
            tests.extend(numeric_tests(feature.name, reference[feature.name], live[feature.name]))
        else:
            tests.append(
                categorical_test(feature.name, reference[feature.name], live[feature.name])
            )
    return tests


def numeric_tests(name: str, reference: Sequence[Value], live: Sequence[Value]) -> list[DriftTest]:
    """Kolmogorov-Smirnov on the values; chi-square on the share of gaps, if any."""
    tests = []
    reference_numbers = _numbers(reference)
    live_numbers = _numbers(live)
    if len(reference_numbers) and len(live_numbers):
        result = stats.ks_2samp(reference_numbers, live_numbers)
        statistic = float(result.statistic)
        tests.append(
            _unadjusted(
                name, "values", "ks", statistic, statistic, float(result.pvalue), reference, live
            )
        )
    if len(reference_numbers) + len(live_numbers) < len(reference) + len(live):
        share = categorical_test(name, _gaps(reference), _gaps(live))
        tests.append(replace(share, subject="missing share"))
    return tests


def categorical_test(name: str, reference: Sequence[Value], live: Sequence[Value]) -> DriftTest:
    """Chi-square test of independence over the union of the categories, gaps included,
    rare categories pooled (Fisher's exact test where two remain with a small count)."""
    reference_counts = Counter(_category(value) for value in reference)
    live_counts = Counter(_category(value) for value in live)
    table = _pool_rare(
        np.array(
            [
                [reference_counts[category], live_counts[category]]
                for category in sorted(reference_counts.keys() | live_counts.keys())
            ]
        ).T
    )
    shares = table / np.maximum(table.sum(axis=1, keepdims=True), 1)
    distance = float(0.5 * np.abs(shares[0] - shares[1]).sum())
    test: TestName = "chi2"
    if table.shape[1] < 2 or not table.sum(axis=1).all():
        # One category left on both sides, or nothing on one: nothing can have moved.
        statistic, p_value = 0.0, 1.0
    elif table.shape[1] == 2 and _expected(table).min() < MIN_EXPECTED:
        test = "fisher"
        result = stats.fisher_exact(table)
        statistic, p_value = float(result.statistic), float(result.pvalue)
    else:
        result = stats.chi2_contingency(table)
        statistic, p_value = float(result.statistic), float(result.pvalue)
    return _unadjusted(name, "values", test, statistic, distance, p_value, reference, live)


def adjust(tests: Sequence[DriftTest], *, fdr: float, min_effect: float) -> list[DriftTest]:
    """Benjamini-Hochberg over `tests`; a test drifts when adjusted p < fdr and the
    effect is at least `min_effect`."""
    if not tests:
        return []
    adjusted = stats.false_discovery_control([test.p_value for test in tests], method="bh")
    return [
        replace(
            test,
            adjusted_p=float(p),
            drifted=bool(p < fdr and test.effect >= min_effect),
        )
        for test, p in zip(tests, adjusted, strict=True)
    ]


def drifted_features(tests: Sequence[DriftTest]) -> list[str]:
    """The features with at least one drifted test, most significant first."""
    names: list[str] = []
    for test in sorted(tests, key=lambda test: test.adjusted_p):
        if test.drifted and test.feature not in names:
            names.append(test.feature)
    return names


def _pool_rare(table: np.ndarray) -> np.ndarray:
    """Merge the columns (categories) whose expected count is below MIN_EXPECTED into one.

    Only when two or more are rare: a single rare category pooled alone would be the
    same column under another name.
    """
    rare = _expected(table).min(axis=0) < MIN_EXPECTED
    if rare.sum() < 2:
        return table
    return np.column_stack([table[:, ~rare], table[:, rare].sum(axis=1)])


def _expected(table: np.ndarray) -> np.ndarray:
    # Each cell's count under independence: its row's total times its column's share.
    total = max(int(table.sum()), 1)
    return np.outer(table.sum(axis=1), table.sum(axis=0)) / total


def _numbers(values: Sequence[Value]) -> np.ndarray:
    return np.array([float(value) for value in values if value is not None], dtype=float)


def _gaps(values: Sequence[Value]) -> list[Value]:
    # A number's gaps as a feature of two categories, for the share of them to be tested.
    return [None if value is None else "present" for value in values]


def _category(value: Value) -> str:
    return MISSING if value is None else str(value)


def _unadjusted(
    name: str,
    subject: Subject,
    test: TestName,
    statistic: float,
    effect: float,
    p_value: float,
    reference: Sequence[Value],
    live: Sequence[Value],
) -> DriftTest:
    return DriftTest(
        feature=name,
        subject=subject,
        test=test,
        statistic=statistic,
        effect=effect,
        p_value=p_value,
        adjusted_p=p_value,
        drifted=False,
        reference_n=len(reference),
        live_n=len(live),
    )
