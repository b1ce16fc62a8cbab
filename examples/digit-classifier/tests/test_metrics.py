"""Scoring helpers shared by training and evaluation."""

from __future__ import annotations

import numpy as np
import pytest

from digit_classifier.metrics import CV_SCORERS, summarize_cv
from digit_classifier.results import Spread


@pytest.mark.parametrize("task", ["classification", "regression"])
def test_cv_summary_reports_errors_as_positive_numbers(task: str) -> None:
    results = {f"test_{name}": np.array([-2.0, -4.0]) for name in CV_SCORERS[task]}

    summary = summarize_cv(results, task)

    for name, scorer in CV_SCORERS[task].items():
        expected_mean = 3.0 if scorer.startswith("neg_") else -3.0
        assert summary[name] == Spread(mean=expected_mean, std=1.0)
