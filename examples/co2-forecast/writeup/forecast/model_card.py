"""reports/model_card.md: the forecaster's card, after "Model Cards for Model Reporting".

Facts from the run sit in blocks that every report rewrites; judgement (intended use,
who relies on the forecasts, what a bad forecast costs) is the author's, asked for
with prompts written once, when the card is created, and then left alone.
"""

from __future__ import annotations

from ..blocks import block, prompt
from . import text
from .run import ForecastRun

PAPER = "https://arxiv.org/abs/1810.03993"


def model_card_blocks(facts: ForecastRun) -> dict[str, str]:
    return {
        "model-details": _model_details(facts),
        "intended-use": _intended_use(facts),
        "data": _data(facts),
        "backtest": _backtest(facts),
        "metrics": _metrics(facts),
        "limitations": _limitations(facts),
    }


def new_model_card(facts: ForecastRun) -> str:
    """The card as first written: headings, filled blocks and the author's prompts."""
    facts_of = model_card_blocks(facts)
    parts = [
        f"# Model card: {facts.about.name}",
        "",
        *([facts.about.description, ""] if facts.about.description else []),
        f'This card follows ["Model Cards for Model Reporting"]({PAPER}) (Mitchell et al., '
        "2019), for a forecaster. `make report` rewrites the facts between the `report` "
        "markers from the latest run; everything else is yours and is kept. Replace each "
        "*Your turn* quote with your own words.",
        "",
        "## Model details",
        "",
        block("model-details", facts_of["model-details"]),
        "",
        prompt(
            "Why this model? Say what you tried before it and anything a user should know "
            "about how it was built that the facts above do not say."
        ),
        "",
        "## Intended use",
        "",
        block("intended-use", facts_of["intended-use"]),
        "",
        prompt(
            "Who relies on these forecasts, and for what decision? Name the uses they are "
            "**not** meant for, for example horizons longer than the trained one."
        ),
        "",
        "## Data",
        "",
        block("data", facts_of["data"]),
        "",
        prompt(
            "Who measured this series, how and why? What happened in the world during it "
            "(a change of instrument, a crisis) that a model could not know about?"
        ),
        "",
        "## Backtest protocol",
        "",
        block("backtest", facts_of["backtest"]),
        "",
        "## Metrics",
        "",
        block("metrics", facts_of["metrics"]),
        "",
        prompt(
            "Which error costs more where these forecasts are used, too high or too low? "
            "Is MASE the right headline, and is the interval's level the one users need?"
        ),
        "",
        "## Limitations",
        "",
        block("limitations", facts_of["limitations"]),
        "",
        prompt(
            "What should someone check before relying on these forecasts? What would you improve?"
        ),
        "",
    ]
    return "\n".join(parts)


def _model_details(facts: ForecastRun) -> str:
    meta, about = facts.metadata, facts.about
    served = facts.served.name
    lines = [
        *([f"- **Developed by**: {about.author}"] if about.author else []),
        f"- **Model**: {text.model_name(served)}: "
        f"{text.MODEL_DESCRIPTIONS.get(served, served)}; {_served_as(served)}",
        f"- **Task**: forecasting `{meta.target}`, a {meta.frequency} series, "
        f"{text.steps(facts, 1)} to {text.steps(facts, meta.horizon)} ahead, with "
        f"{text.level(facts)} prediction intervals",
        f"- **Version**: `{meta.model_version}`, trained on {meta.trained_at[:10]} in "
        f"{meta.training_seconds:.1f} s",
        f"- **Files**: {', '.join(f'`{name}`' for name in facts.model_files)}",
        *([f"- **License**: {about.license}"] if about.license else []),
        *([f"- **Code**: {about.repository_url}"] if about.repository_url else []),
    ]
    return "\n".join(lines)


def _served_as(name: str) -> str:
    # What the service runs: the trees' ONNX export, or a state numpy forecasts from.
    if name == "gradient_boosting":
        return "the service runs its trees' ONNX export with onnxruntime"
    return "the service forecasts from its saved state with numpy"


def _intended_use(facts: ForecastRun) -> str:
    meta = facts.metadata
    return (
        f"The model forecasts the next 1 to {meta.horizon} values of `{meta.target}` after "
        f"the last observation ({meta.last_timestamp[:10]}), each with an "
        f"{text.level(facts)} interval. It is served over HTTP by this repository's API "
        '(`POST /v1/forecast` with `{"horizon": h}`), which refuses a horizon outside 1 to '
        f"{meta.horizon}. It knows nothing after {meta.last_timestamp[:10]}: retrain it "
        "(`make all`) when new observations arrive."
    )


def _data(facts: ForecastRun) -> str:
    return "\n".join(
        [
            *text.data_lines(facts),
            f"- **Provenance and licence**: {facts.provenance}",
            f"- Data sha256: `{facts.metadata.data_sha256}`",
        ]
    )


def _backtest(facts: ForecastRun) -> str:
    candidates = ", ".join(
        f"{text.model_name(c.name)}{' (baseline)' if c.baseline else ''}"
        for c in facts.metrics.candidates
    )
    return "\n".join(
        [
            f"- {text.backtest_sentence(facts)}",
            "- No random split: a model never sees data from after the origin it forecasts from.",
            f"- Candidates, on the same folds: {candidates}. The one with the lowest "
            "backtest MASE is served, a baseline included if no model beats it.",
        ]
    )


def _metrics(facts: ForecastRun) -> str:
    return "\n".join(
        [
            "The headline metric is **MASE** (mean absolute scaled error; lower is better), "
            f"compared with the better baseline, {text.baseline_name(facts)}. MAE and RMSE "
            f"are in the units of `{facts.metadata.target}`; *coverage* is the share of "
            f"actual values inside their {text.level(facts)} interval.",
            "",
            f"{text.verdict_sentence(facts)} {text.intervals_sentence(facts)}",
            "",
            text.scores_table(facts),
            "",
            *text.figures_lines(facts.figures, prefix=""),
        ]
    )


def _limitations(facts: ForecastRun) -> str:
    served, meta = facts.served, facts.metadata
    lines = [
        f"- The test period is one fold, {text.steps(facts, facts.metrics.horizon)}: a "
        f"single unusual {text.STEP_NAMES.get(meta.frequency, 'step')} moves its scores. "
        f"The backtest's {facts.backtest_points} forecasts are the better guide.",
        f"- Intervals: {text.percent(served.coverage)} of the backtest's actual values "
        f"fell inside the served model's {text.level(facts)} intervals, "
        f"{text.interval_judgement(served.coverage, facts)}.",
    ]
    growth = text.error_growth_sentence(facts)
    if growth:
        errors = served.error_by_step
        trend = "grows" if errors[-1] > errors[0] else "does not grow"
        lines.append(f"- Error {trend} with the horizon: {growth[:1].lower()}{growth[1:]}")
    lines += [
        f"- Forecasts assume the series goes on as it went from "
        f"{meta.first_timestamp[:10]} to {meta.last_timestamp[:10]}: a break in it (a new "
        "instrument, a policy, a shock) is not foreseen.",
        "- The service forecasts only from the end of the training series; it takes no "
        "new observations until the model is retrained.",
    ]
    return "\n".join(lines)
