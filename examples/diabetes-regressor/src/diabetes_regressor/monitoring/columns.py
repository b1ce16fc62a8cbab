"""The values that monitoring compares: one column per monitored feature.

A feature is what the monitor tests for drift: a model input (a table's column) or
something measured from one (a text's length, an image's brightness). The reference
is the training split, as the data step wrote it; the live values come from the
prediction log. Both are plain columns of numbers or categories, None for a gap.
The model's answers are compared with its answers on the test split.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

FeatureKind = Literal["numeric", "categorical"]
# One value of a monitored feature: a number, a category, or None for a gap.
Value = float | str | None
# The values of each monitored feature, by name, one per record.
Columns = dict[str, list[Value]]
# What the model answered: a class label, or a value for a regression.
PredictedValue = str | float


@dataclass(frozen=True)
class Feature:
    """A monitored feature: its name and whether it holds numbers or categories."""

    name: str
    kind: FeatureKind


@dataclass(frozen=True)
class Reference:
    """What the monitor compares the log with.

    `columns` are the training split's features. `predictions` are the served model's
    answers for the test split (a sample of it, if large): records it never learnt
    from, as new traffic is. Its answers on the training records would not do: a model
    fits those better than any new ones, so traffic that has not changed would look
    as if its predictions had drifted.
    """

    columns: Columns
    predictions: list[PredictedValue]
