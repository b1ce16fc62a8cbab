"""The backtest's figures: the test-period forecast, the error by step, the residuals."""

from __future__ import annotations

from pathlib import Path
from statistics import NormalDist
from typing import Any

import matplotlib

matplotlib.use("Agg")  # files only: no display needed, in CI or in a container
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from .modeling.metadata import ForecastMetadata

# models/backtest.json: per model, per fold, its timestamps, actuals and forecasts.
BacktestRecord = dict[str, list[dict[str, Any]]]
# The history shown before the test period: enough seasons to see the pattern.
SEASONS_SHOWN = 4


def plot_forecast(
    series: pd.Series, folds: list[dict[str, Any]], metadata: ForecastMetadata, out: Path
) -> Path:
    """The recent history, then the served model's forecast for the test period."""
    test = folds[-1]
    stamps = pd.to_datetime(test["timestamps"])
    shown = max(SEASONS_SHOWN * metadata.season_length, 4 * metadata.horizon)
    history = series.loc[: stamps[-1]].iloc[-(shown + metadata.horizon) :]
    fig, ax = plt.subplots(figsize=(9, 4))
    ax.plot(history.index, history.to_numpy(), color="0.3", label="observed")
    ax.plot(stamps, test["mean"], color="tab:blue", label=f"{metadata.model} forecast")
    ax.fill_between(
        stamps, test["lower"], test["upper"], color="tab:blue", alpha=0.2,
        label=f"{metadata.interval_level:g}% interval",
    )  # fmt: skip
    ax.axvline(stamps[0], color="0.6", linestyle="--", linewidth=1)
    ax.set_title(f"Test period: {metadata.horizon} steps from {stamps[0]:%Y-%m-%d}")
    ax.set_ylabel(metadata.target)
    ax.legend(loc="upper left")
    return _save(fig, out / "forecast.png")


def plot_error_by_step(metadata: ForecastMetadata, out: Path) -> Path:
    """Mean absolute error at each step ahead, across the folds, for every model."""
    fig, ax = plt.subplots(figsize=(7, 4))
    steps = np.arange(1, metadata.horizon + 1)
    for scores in metadata.candidates:
        style = "--" if scores.baseline else "-"
        ax.plot(steps, scores.error_by_step, style, marker="o", markersize=3, label=scores.name)
    ax.set_xlabel("steps ahead")
    ax.set_ylabel(f"mean absolute error ({metadata.backtest_folds} folds)")
    ax.set_title("Error by horizon step")
    ax.legend()
    return _save(fig, out / "error_by_step.png")


def plot_residuals(folds: list[dict[str, Any]], metadata: ForecastMetadata, out: Path) -> Path:
    """The served model's backtest errors: over time, their spread, their autocorrelation."""
    stamps = pd.to_datetime([stamp for fold in folds for stamp in fold["timestamps"]])
    errors = np.concatenate([np.subtract(fold["actual"], fold["mean"]) for fold in folds])
    fig, (over_time, spread, acf) = plt.subplots(1, 3, figsize=(12, 3.5))
    over_time.axhline(0, color="0.6", linewidth=1)
    over_time.plot(stamps, errors, marker="o", markersize=3, linestyle="")
    over_time.tick_params(axis="x", labelrotation=45)  # three panels share the width
    over_time.set_title("Errors over the folds")
    spread.hist(errors, bins=15, density=True, color="tab:blue", alpha=0.6)
    grid = np.linspace(errors.min(), errors.max(), 100)
    normal = NormalDist(float(errors.mean()), float(errors.std()) or 1.0)
    spread.plot(grid, [normal.pdf(x) for x in grid], color="0.3")
    spread.set_title("Their distribution (normal fit)")
    lags = np.arange(1, min(metadata.horizon, len(errors) - 1) + 1)
    acf.bar(lags, [_autocorrelation(errors, int(lag)) for lag in lags], color="tab:blue")
    bound = 1.96 / np.sqrt(len(errors))
    acf.axhline(bound, color="0.6", linestyle="--")
    acf.axhline(-bound, color="0.6", linestyle="--")
    acf.set_title("Autocorrelation")
    fig.suptitle(f"{metadata.model}: backtest errors (actual - forecast)")
    return _save(fig, out / "residuals.png")


def _autocorrelation(values: np.ndarray, lag: int) -> float:
    centred = values - values.mean()
    return float(np.sum(centred[lag:] * centred[:-lag]) / np.sum(centred**2))


def _save(fig: Any, path: Path) -> Path:
    fig.tight_layout()
    fig.savefig(path, dpi=110)
    plt.close(fig)
    return path
