"""Markdown pieces shared by the forecaster's README, model card and write-up.

Every function takes the run's facts and returns Markdown text; none reads a file.
Numbers are written by `number()` and shares by `percent()`, so each appears the same
way everywhere, and every judgement (beats the baseline, intervals too narrow) is
computed here from the run's numbers.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from ..project import CandidateScores
from .run import ForecastRun

MODEL_NAMES = {
    "naive": "naive",
    "seasonal_naive": "seasonal naive",
    "ets": "ETS",
    "gradient_boosting": "gradient boosting",
}
MODEL_DESCRIPTIONS = {
    "naive": "the last value, repeated",
    "seasonal_naive": "the value one season earlier",
    "ets": "exponential smoothing, chosen by AICc among statsforecast's AutoETS models",
    "gradient_boosting": "scikit-learn's HistGradientBoostingRegressor on lags and the "
    "position in the season, one step at a time",
}
FIGURE_TITLES = {
    "forecast": "Test-period forecast",
    "error_by_step": "Error by step ahead",
    "residuals": "Residuals of the served model",
}
STEP_NAMES = {
    "hourly": "hour",
    "daily": "day",
    "weekly": "week",
    "monthly": "month",
    "quarterly": "quarter",
    "yearly": "year",
}
# Intervals whose coverage is within this many points of their nominal level are taken
# to cover what they claim: with 4 folds of 12 steps, one share is about 6 points of noise.
COVERAGE_TOLERANCE = 0.10


def number(value: float) -> str:
    """A metric or data value as the documents show it: 3 decimals for small numbers."""
    size = abs(value)
    if size < 10:
        return f"{value:.3f}"
    if size < 1000:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def percent(share: float) -> str:
    return f"{share:.0%}"


def plural(count: int, word: str) -> str:
    return f"{count:,} {word if count == 1 else word + 's'}"


def model_name(name: str) -> str:
    return MODEL_NAMES.get(name, name.replace("_", " "))


def capitalized(text: str) -> str:
    return text[:1].upper() + text[1:]


def steps(facts: ForecastRun, count: int) -> str:
    """`count` steps of the series, in its own unit: "12 months"."""
    return plural(count, STEP_NAMES.get(facts.metadata.frequency, "step"))


def nominal(facts: ForecastRun) -> float:
    """The intervals' nominal coverage, as a share."""
    return facts.metrics.interval_level / 100


def level(facts: ForecastRun) -> str:
    return f"{facts.metrics.interval_level:g}%"


def baseline_name(facts: ForecastRun) -> str:
    """What the headline's baseline does, in words."""
    return described(facts.baseline.name)


def described(name: str) -> str:
    """A candidate and what it does: "seasonal naive (the value one season earlier)"."""
    return f"{model_name(name)} ({MODEL_DESCRIPTIONS.get(name, 'a forecaster')})"


def interval_judgement(coverage: float, facts: ForecastRun) -> str:
    """Whether intervals that held `coverage` of the actual values cover what they claim."""
    claimed = nominal(facts)
    if coverage < claimed - COVERAGE_TOLERANCE:
        return "too narrow: the forecasts are less sure than the intervals say"
    if coverage > claimed + COVERAGE_TOLERANCE:
        return "wider than they need to be"
    return "about what they claim"


def miscalibrated(facts: ForecastRun) -> list[CandidateScores]:
    """The candidates whose backtest intervals miss their nominal coverage."""
    claimed = nominal(facts)
    return [c for c in facts.metrics.candidates if abs(c.coverage - claimed) > COVERAGE_TOLERANCE]


def backtest_sentence(facts: ForecastRun) -> str:
    """How the models were judged, with this run's folds, horizon and test period."""
    metrics = facts.metrics
    return (
        f"Rolling-origin backtest: {metrics.backtest_folds} folds, each model fitted on the "
        f"series before a fold's origin and forecasting the {steps(facts, metrics.horizon)} "
        f"after it ({facts.backtest_points} forecasts in all); the last fold, the "
        f"{steps(facts, metrics.horizon)} up to {facts.metadata.last_timestamp[:10]}, is "
        "the test period. MASE divides the error by seasonal naive's in-sample error: below "
        "1 beats *same as last season*."
    )


def verdict_sentence(facts: ForecastRun) -> str:
    """Whether the served model beats the better baseline, by how much, and where."""
    served, baseline, folds = facts.served, facts.baseline, facts.metrics.backtest_folds
    test = f"the {steps(facts, facts.metrics.horizon)} of the test period"
    if facts.served_is_baseline:
        best = min(
            (c for c in facts.metrics.candidates if not c.baseline),
            key=lambda c: c.mase,
            default=None,
        )
        beaten = (
            f"the best model, {model_name(best.name)}, has a MASE of {number(best.mase)} "
            f"against {number(baseline.mase)} over the {folds}-fold backtest"
            if best is not None
            else "there is no model to compare"
        )
        return (
            f"**No model beats {model_name(baseline.name)}**: {beaten}, so "
            f"{model_name(served.name)} itself is served: a fine forecast to ship, and here "
            "no model is worth its upkeep."
        )
    name = capitalized(model_name(served.name))
    against = model_name(baseline.name)
    backtest = (
        f"MASE {number(served.mase)} against {number(baseline.mase)} over the {folds}-fold "
        f"backtest ({_change(served.mase, baseline.mase)})"
    )
    on_test = (
        f"{number(served.test_mase)} against {number(baseline.test_mase)} on {test} "
        f"({_change(served.test_mase, baseline.test_mase)})"
    )
    if facts.beats_baseline_in_backtest and facts.beats_baseline_on_test:
        return f"**{name}, the served model, beats {against}**: {backtest}, and {on_test}."
    if facts.beats_baseline_in_backtest:
        return (
            f"**{name}, the served model, beats {against} over the "
            f"backtest but not on the test period**: {backtest}, but {on_test}."
        )
    return f"**{name}, the served model, does not beat {against}**: {backtest}, and {on_test}."


def intervals_sentence(facts: ForecastRun) -> str:
    """What the served model's intervals held, and which models' intervals miss."""
    served = facts.served
    sentence = (
        f"Its {level(facts)} intervals held {percent(served.coverage)} of the "
        f"{facts.backtest_points} actual values in the backtest "
        f"({percent(served.test_coverage)} of the {facts.metrics.horizon} in the test "
        f"period): {interval_judgement(served.coverage, facts)}."
    )
    others = [c for c in miscalibrated(facts) if c.name != served.name]
    if others:
        missed = "; ".join(
            f"{model_name(c.name)}'s cover {percent(c.coverage)} for a nominal {level(facts)}, "
            f"{interval_judgement(c.coverage, facts).split(':')[0]}"
            for c in others
        )
        # "Not every model's intervals do" follows only intervals that do hold what they claim.
        served_holds = served not in miscalibrated(facts)
        lead = (
            "Not every model's intervals do" if served_holds else "Other models' intervals miss too"
        )
        sentence += f" {lead}: {missed}."
    return sentence


def scores_table(facts: ForecastRun) -> str:
    """Every candidate, baselines first, over the backtest and on the test period."""
    rows = [
        f"| Model | Backtest MASE | MAE | RMSE | {level(facts)} coverage "
        "| Test MASE | Test MAE | Test coverage |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    ordered = sorted(facts.metrics.candidates, key=lambda c: not c.baseline)
    for c in ordered:
        label = model_name(c.name) + (" (baseline)" if c.baseline else "")
        if c.name == facts.served.name:
            label = f"**{label} (served)**"
        rows.append(
            f"| {label} | {number(c.mase)} | {number(c.mae)} | {number(c.rmse)} "
            f"| {percent(c.coverage)} | {number(c.test_mase)} | {number(c.test_mae)} "
            f"| {percent(c.test_coverage)} |"
        )
    return "\n".join(rows)


def error_growth_sentence(facts: ForecastRun) -> str:
    """How the served model's error grows with the steps ahead (from the backtest)."""
    errors = facts.served.error_by_step
    if len(errors) < 2:
        return ""
    unit = STEP_NAMES.get(facts.metadata.frequency, "step")
    worst = errors.index(max(errors)) + 1
    return (
        f"The served model's mean absolute error is {number(errors[0])} at 1 {unit} ahead "
        f"and {number(errors[-1])} at {steps(facts, len(errors))} ahead (largest: "
        f"{number(max(errors))}, at {steps(facts, worst)})."
    )


def data_lines(facts: ForecastRun) -> list[str]:
    """Bullet points: the series, its frequency and span, and what cleaning repaired."""
    cleaning, meta = facts.cleaning, facts.metadata
    lines = [
        f"- **{plural(cleaning.n_points, f'{cleaning.frequency} point')}** of `{meta.target}` "
        f"from `{cleaning.source}`, {cleaning.first_timestamp[:10]} to "
        f"{cleaning.last_timestamp[:10]}; a season is {steps(facts, cleaning.season_length)}.",
    ]
    kept = f"- **Cleaning**: {plural(cleaning.n_raw_rows, 'raw row')}"
    if not cleaning.notes:
        return [*lines, f"{kept}, nothing repaired"]
    notes = [f"  - {_cleaning_note(note)}" for note in cleaning.notes]
    return [*lines, f"{kept}; repaired (see `data/processed/cleaning.json`):", *notes]


def _cleaning_note(note: dict[str, Any]) -> str:
    # A note counts its rows when the repair touched some; "rows out of order" does not.
    rows = f"{plural(int(note['rows']), 'row')}, " if "rows" in note else ""
    return f"{note['problem']}: {rows}{note['action']}"


def figure_title(path: str) -> str:
    stem = path.rsplit("/", 1)[-1].removesuffix(".png")
    return FIGURE_TITLES.get(stem, stem.replace("_", " ").capitalize())


def figures_lines(figures: Sequence[str], prefix: str) -> list[str]:
    """The figures, one image per line; `prefix` leads to reports/ from the page."""
    if not figures:
        return ["No figures yet; `make evaluate` draws them."]
    return [f"![{figure_title(path)}]({prefix}{path})" for path in figures]


def curl_example(facts: ForecastRun, host: str = "http://127.0.0.1:8000") -> str:
    body = json.dumps({"horizon": len(facts.example)})
    return "\n".join(
        [
            "```bash",
            f"curl -s -X POST {host}/v1/forecast \\",
            '  -H "Content-Type: application/json" \\',
            f"  -d '{body}'",
            "```",
        ]
    )


def forecast_json(facts: ForecastRun) -> str:
    """The API's answer to the curl example (numbers rounded), as JSON."""
    meta = facts.metadata
    answer = {
        "model": meta.model,
        "model_version": meta.model_version,
        "target": meta.target,
        "interval_level": float(facts.metrics.interval_level),
        "steps": [
            {
                "timestamp": point.timestamp,
                "forecast": round(point.forecast, 3),
                "lower": round(point.lower, 3),
                "upper": round(point.upper, 3),
            }
            for point in facts.example
        ],
    }
    return "```json\n" + json.dumps(answer, indent=2) + "\n```"


def _change(model: float, baseline: float) -> str:
    """The model's error relative to the baseline's: "72% lower", "5% higher"."""
    if baseline <= 0:
        return "the baseline's error is zero"
    change = model / baseline - 1
    return f"{percent(abs(change))} {'lower' if change < 0 else 'higher'}"
