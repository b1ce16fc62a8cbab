"""reports/writeup.md (a blog-post draft of the forecaster) and reports/social_post.md.

The facts of the run are filled in and rewritten on every report; the personal parts
(why, what surprised you, what you learned) are prompts for the author, written once
when the draft is created.
"""

from __future__ import annotations

from ..blocks import block, prompt
from . import text
from .run import ForecastRun


def writeup_blocks(facts: ForecastRun) -> dict[str, str]:
    return {
        "problem": _problem(facts),
        "data": "\n".join(text.data_lines(facts)),
        "approach": _approach(facts),
        "results": _results(facts),
        "shipped": _shipped(facts),
    }


def new_writeup(facts: ForecastRun) -> str:
    facts_of = writeup_blocks(facts)
    parts = [
        f"# {facts.about.name}",
        "",
        *([f"*{facts.about.description}*", ""] if facts.about.description else []),
        prompt(
            "Open with a hook: why did you build this, and why should a reader care? "
            "Then give the post a title of your own."
        ),
        "",
        "## The problem",
        "",
        block("problem", facts_of["problem"]),
        "",
        prompt("Who needs this forecast, and what do they do today without it?"),
        "",
        "## The data",
        "",
        block("data", facts_of["data"]),
        "",
        prompt("What did you notice when you plotted the series: a trend, a season, a break?"),
        "",
        "## The approach",
        "",
        block("approach", facts_of["approach"]),
        "",
        prompt("Why these models? What did you try that did not work?"),
        "",
        "## Results",
        "",
        block("results", facts_of["results"]),
        "",
        prompt(
            "What do these numbers mean in practice? Where does the forecast go wrong, and "
            "why do you think it does (look at the figures)?"
        ),
        "",
        "## What I shipped",
        "",
        block("shipped", facts_of["shipped"]),
        "",
        "## What I learned",
        "",
        prompt("Two or three things you learned, about the series, the tools or shipping a model."),
        "",
        "## Next steps",
        "",
        prompt("What would you do next with more time or more data?"),
        "",
    ]
    return "\n".join(parts)


def social_post_blocks(facts: ForecastRun) -> dict[str, str]:
    return {"social-post": _social_post(facts)}


def new_social_post(facts: ForecastRun) -> str:
    return "\n".join(
        [
            "# Social post draft",
            "",
            "`make report` rewrites the draft below from the latest run. Copy it, make it "
            "yours, and attach `social_preview.png` (next to this file) as its image.",
            "",
            block("social-post", _social_post(facts)),
            "",
        ]
    )


def _social_post(facts: ForecastRun) -> str:
    meta, served, baseline = facts.metadata, facts.served, facts.baseline
    first = f"I built {facts.about.name}." + (
        f" {facts.about.description}" if facts.about.description else ""
    )
    if facts.served_is_baseline:
        claim = (
            f"Backtested honestly on rolling origins, no model beat "
            f"{text.model_name(baseline.name)} yet (MASE {text.number(baseline.mase)}), so "
            "the baseline is what it serves, and the write-up says why."
        )
    else:
        claim = (
            f"{text.capitalized(text.model_name(served.name))} forecasts {meta.target} "
            f"{text.steps(facts, meta.horizon)} ahead. Backtested on rolling origins (no "
            f"random split): MASE {text.number(served.mase)}, against "
            f"{text.number(baseline.mase)} for {text.model_name(baseline.name)}; its "
            f"{text.level(facts)} intervals held {text.percent(served.coverage)} of the "
            "actual values."
        )
    lines = [
        first,
        "",
        claim,
        "It runs as an API in a Docker image, with tests and CI.",
    ]
    if facts.about.repository_url:
        lines += ["", f"Code, results and write-up: {facts.about.repository_url}"]
    lines += ["", "#MachineLearning #Python #TimeSeries #Forecasting"]
    return "\n".join(lines)


def _problem(facts: ForecastRun) -> str:
    meta = facts.metadata
    first = facts.example[0]
    return (
        f"Given the {meta.frequency} series `{meta.target}` up to "
        f"{meta.last_timestamp[:10]}, what comes in the next "
        f"{text.steps(facts, meta.horizon)}, and how sure can we be? For "
        f"{first.timestamp[:10]}, the served model forecasts **{text.number(first.forecast)}**, "
        f"between {text.number(first.lower)} and {text.number(first.upper)} "
        f"({text.level(facts)} interval)."
    )


def _approach(facts: ForecastRun) -> str:
    tried = "; ".join(text.described(c.name) for c in facts.metrics.candidates if not c.baseline)
    baselines = ", ".join(text.described(c.name) for c in facts.metrics.candidates if c.baseline)
    return "\n".join(
        [
            f"- Bars to clear first: {baselines}.",
            f"- Models: {tried}.",
            f"- {text.backtest_sentence(facts)}",
            "- The service needs neither statsforecast nor scikit-learn: training saves the "
            "served model as a small JSON state that numpy forecasts from, and gradient "
            "boosting's trees as ONNX.",
        ]
    )


def _results(facts: ForecastRun) -> str:
    return "\n".join(
        [
            f"{text.verdict_sentence(facts)} {text.intervals_sentence(facts)}",
            "",
            text.scores_table(facts),
            "",
            *text.figures_lines(facts.figures[:1], prefix=""),
            "",
            "All the numbers and figures: [the model card](model_card.md).",
        ]
    )


def _shipped(facts: ForecastRun) -> str:
    lines = [
        f"- An HTTP API (FastAPI): `POST /v1/forecast` for 1 to {facts.metadata.horizon} "
        "steps with their intervals, `GET /v1/model` describing the series and the "
        "backtest, health checks, Prometheus metrics and interactive docs at `/docs`.",
        "- A Docker image that serves the trained model without the training libraries.",
        "- Tests for every step, and GitHub Actions that run the whole pipeline on every push.",
        "- A [model card](model_card.md) with the facts of this run.",
        f"- Reproducibility: data sha256 `{facts.metadata.data_sha256}` · model version "
        f"`{facts.metadata.model_version}`. `make all` reruns everything.",
    ]
    if facts.about.repository_url:
        lines.append(f"- The code: {facts.about.repository_url}")
    return "\n".join(lines)
