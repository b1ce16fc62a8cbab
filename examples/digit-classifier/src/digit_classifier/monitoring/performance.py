"""Live performance: the headline metric on the predictions whose true outcome came back.

Feedback arrives for some predictions only, and late, so this is a sample of the
traffic; it is compared with the metric on the test split, which training measured
(models/metadata.json). Both headline metrics (balanced accuracy, R²) are better
when larger, so a drop is the test value minus the live one.
"""

from __future__ import annotations

import math
import warnings
from collections.abc import Sequence
from dataclasses import dataclass

from sklearn.metrics import balanced_accuracy_score, r2_score

from ..config import MonitorRule
from ..metrics import HEADLINE_METRIC
from ..modeling.metadata import ModelMetadata
from .window import JudgedPrediction


@dataclass(frozen=True)
class LivePerformance:
    """The headline metric live and on the test split; judged once enough labels came."""

    metric: str
    test_value: float | None
    # None where it is undefined: below two labels, or R² of labels that are all equal.
    live_value: float | None
    labelled: int
    judged: bool
    degraded: bool

    @property
    def drop(self) -> float | None:
        if self.test_value is None or self.live_value is None:
            return None
        return self.test_value - self.live_value


def live_performance(
    records: Sequence[JudgedPrediction], metadata: ModelMetadata, rule: MonitorRule
) -> LivePerformance:
    """Score the predictions that have feedback; degraded if the drop exceeds the rule's."""
    metric = HEADLINE_METRIC[metadata.task]
    outcomes = [
        (record.actual, record.prediction) for record in records if record.actual is not None
    ]
    test_value = metadata.metrics.test.model.get(metric)
    live_value = _score(metric, outcomes) if len(outcomes) >= 2 else None
    drop = None if test_value is None or live_value is None else test_value - live_value
    judged = len(outcomes) >= rule.min_feedback and drop is not None
    return LivePerformance(
        metric=metric,
        test_value=test_value,
        live_value=live_value,
        labelled=len(outcomes),
        judged=judged,
        degraded=judged and drop is not None and drop > rule.max_metric_drop,
    )


def _score(metric: str, outcomes: Sequence[tuple[str | float, str | float]]) -> float | None:
    """The metric of (actual, predicted) pairs: class labels, or values for R²; None
    where it is undefined."""
    with warnings.catch_warnings():
        # A class that the sample never predicts, or that none of its labels has, is
        # scored as it should be (recall 0, or left out); R² of labels that are all
        # equal is undefined, which the None says. scikit-learn warns about each.
        warnings.simplefilter("ignore", UserWarning)
        if metric == "r2":
            actual = [float(a) for a, _ in outcomes]
            predicted = [float(p) for _, p in outcomes]
            # Not forced finite: scikit-learn would report such labels' R² as 0.0, a
            # fall that calls for retraining.
            score = float(r2_score(actual, predicted, force_finite=False))
        else:
            score = float(
                balanced_accuracy_score(
                    [str(a) for a, _ in outcomes], [str(p) for _, p in outcomes]
                )
            )
    return score if math.isfinite(score) else None
