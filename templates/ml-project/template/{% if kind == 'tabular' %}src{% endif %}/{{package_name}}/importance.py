"""Permutation importance: how much the test score drops when one input column is shuffled.

Measured on the raw input columns (before one-hot encoding), so each result is a
column a user knows, and on the test split, so it reflects generalisation. The
evaluate step draws it and records it in reports/metrics.json.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from numpy.typing import NDArray
from sklearn.inspection import permutation_importance
from sklearn.pipeline import Pipeline

from .metrics import DECIMALS
from .results import Importance

N_REPEATS = 5


@dataclass(frozen=True)
class Importances:
    """Score drops per feature (rows) and repeat (columns), for one scoring metric."""

    features: tuple[str, ...]
    drops: NDArray[np.float64]
    scoring: str

    @property
    def means(self) -> NDArray[np.float64]:
        return np.asarray(self.drops.mean(axis=1), dtype=np.float64)

    def ranked(self) -> list[Importance]:
        """Features from the largest mean drop to the smallest."""
        order = sorted(range(len(self.features)), key=lambda i: (-self.means[i], self.features[i]))
        return [
            Importance(
                feature=self.features[i],
                mean=round(float(self.drops[i].mean()), DECIMALS),
                std=round(float(self.drops[i].std()), DECIMALS),
            )
            for i in order
        ]


def permutation_importances(
    pipeline: Pipeline, features: pd.DataFrame, target: pd.Series, *, scoring: str, seed: int
) -> Importances:
    result = permutation_importance(
        pipeline, features, target, scoring=scoring, n_repeats=N_REPEATS, random_state=seed
    )
    return Importances(
        features=tuple(str(name) for name in features.columns),
        drops=np.asarray(result.importances, dtype=np.float64),
        scoring=scoring,
    )
