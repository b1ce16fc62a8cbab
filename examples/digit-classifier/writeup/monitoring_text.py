"""What the documents say about the monitoring drill: the README's section, a write-up line."""

from __future__ import annotations

from .run import MonitoringDrill, RunFacts

# The write-up names this many drifted features at most.
NAMES_SHOWN = 3


def drill_went_as_expected(drill: MonitoringDrill) -> bool:
    """The test split as it is passed (exit 0) and the shifted one called for retraining (1)."""
    as_is, shifted = drill.runs
    return as_is.exit_code == 0 and shifted.exit_code == 1


def monitoring_section(facts: RunFacts) -> str:
    """What the drill found: each replay of the test split, and what `monitor` decided.

    No time is shown (reports/monitoring_drill.json has it): the same run gives the same
    text, so running the report again changes nothing.
    """
    drill = facts.monitoring
    if drill is None:
        return (
            "*Not run yet for this model.* `make report` runs the drill: it serves the model "
            "with the prediction log on, replays the test split through the API as it is and "
            "then shifted, and puts what `monitor` decided for each here."
        )
    rows = [
        f"| {run.traffic} | {run.predictions:,} | {run.feedback:,} | {run.exit_code} "
        f"| {run.verdict} | [{run.report.rsplit('/', 2)[-2]}]({run.report}) |"
        for run in drill.runs
    ]
    return "\n".join(
        [
            "The drill served this model with the prediction log on, replayed the test split "
            "through the API with each record's true outcome as feedback, then replayed it "
            f"shifted, and ran `monitor` on each log. {_outcome(drill)}",
            "",
            "| Traffic | Predictions | With feedback | Exit | `monitor` said | Report |",
            "| --- | ---: | ---: | ---: | --- | --- |",
            *rows,
        ]
    )


def _outcome(drill: MonitoringDrill) -> str:
    if drill_went_as_expected(drill):
        return (
            "Traffic like the training data passed, and the shifted traffic called for retraining."
        )
    if all(run.exit_code == 2 for run in drill.runs):
        return (
            f"The test split's {drill.runs[0].predictions:,} records are too few for the rule "
            "to judge (`MONITOR_RULE.min_records` in `config.py`); real traffic, logged for "
            "longer, would be."
        )
    return (
        "**The drill did not come out as expected** (exit 0 for the test split as it is, 1 "
        "for the shifted one): read the reports below before you rely on `monitor`."
    )


def monitoring_line(facts: RunFacts) -> str:
    """One line for the write-up: what watches the model, and what the drill showed."""
    watched = (
        "Monitoring: a prediction log, feedback at `POST /v1/feedback`, and `monitor`, which "
        "tests every feature and the predictions for drift against the training data and "
        "exits 1 when retraining is due"
    )
    drill = facts.monitoring
    if drill is None:
        return f"{watched}."
    as_is, shifted = drill.runs
    if not drill_went_as_expected(drill):
        return (
            f"{watched}. In the drill it said exit {as_is.exit_code} for the test split as it "
            f"is and {shifted.exit_code} for the shifted one: see the README's *Monitoring*."
        )
    drifted = ", ".join(f"`{name}`" for name in shifted.drifted[:NAMES_SHOWN])
    more = " and more" if len(shifted.drifted) > NAMES_SHOWN else ""
    return (
        f"{watched}. Replaying the test split through the service, it found nothing to act "
        f"on; replaying it shifted, it called for retraining ({drifted}{more} drifted)."
    )
