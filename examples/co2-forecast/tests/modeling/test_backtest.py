"""The rolling-origin backtest: no fold ever trains on data at or after its origin."""

from __future__ import annotations

import numpy as np

from co2_forecast.config import BACKTEST_FOLDS, HORIZON
from co2_forecast.modeling.backtest import Scores, backtest, rolling_origins
from co2_forecast.modeling.candidates import Candidate, Fitted, fit_seasonal_naive
from co2_forecast.modeling.forecasters import Floats
from co2_forecast.modeling.train import TrainResult


def test_the_folds_roll_forward_and_the_last_ends_with_the_series() -> None:
    folds = rolling_origins(100, horizon=6, folds=4)
    assert [f.origin for f in folds] == [76, 82, 88, 94]
    assert folds[-1].origin + folds[-1].horizon == 100


def test_no_fold_trains_past_its_cut_off() -> None:
    """A candidate that records what it is given sees only the values before each origin."""
    series = np.arange(60, dtype=float)
    seen: list[Floats] = []

    def recording_fit(history: Floats, season_length: int) -> Fitted:
        seen.append(history.copy())
        return fit_seasonal_naive(history, season_length)

    spy = Candidate("spy", "seasonal_naive", baseline=True, fit=recording_fit)
    folds = rolling_origins(len(series), horizon=5, folds=3)
    results = backtest(spy, series, folds, season_length=12, level=80)
    for fold, history, result in zip(folds, seen, results, strict=True):
        assert len(history) == fold.origin
        assert history.max() < series[fold.origin]  # nothing at or after the cut-off
        np.testing.assert_array_equal(result.actual, series[fold.origin : fold.origin + 5])


def test_training_backtests_every_candidate_on_the_same_folds(training: TrainResult) -> None:
    origins = {name: [f.fold.origin for f in folds] for name, folds in training.backtests.items()}
    assert len(set(map(tuple, origins.values()))) == 1
    assert all(len(folds) == BACKTEST_FOLDS for folds in training.backtests.values())
    assert all(len(f.mean) == HORIZON for folds in training.backtests.values() for f in folds)


def test_the_served_model_is_the_best_on_the_backtest(training: TrainResult) -> None:
    metadata = training.metadata
    best = min(metadata.candidates, key=lambda c: c.mase)
    assert metadata.model == best.name


def test_scores_of_a_perfect_forecast_are_zero_with_full_coverage(training: TrainResult) -> None:
    fold = training.backtests["seasonal_naive"][0]
    perfect = type(fold)(fold.fold, fold.actual, fold.actual, fold.actual - 1, fold.actual + 1,
                         fold.scale, 0.0)  # fmt: skip
    scores = Scores.of([perfect])
    assert (scores.mae, scores.rmse, scores.mase, scores.coverage) == (0.0, 0.0, 0.0, 1.0)
