"""The monitor's report: reports/monitoring.md to read, reports/monitoring.json to reuse.

Both say the same: the decision and why, every drift test, the predictions' drift,
the live performance, and which records were judged. The JSON is the result's
`asdict`, with a schema version, for the write-up and for scripts; a number that is
not finite (Fisher's odds ratio where a category is absent on one side) is null
there, as JSON has no infinity.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import ProjectError
from .drift import DriftTest

if TYPE_CHECKING:
    from .monitor import MonitorResult

MARKDOWN_FILE = "monitoring.md"
JSON_FILE = "monitoring.json"
TEST_NAMES = {"ks": "Kolmogorov-Smirnov", "chi2": "chi-square", "fisher": "Fisher's exact"}


class ReportError(ProjectError):
    """The monitoring report cannot be written where it was asked to go."""


def write_report(result: MonitorResult, directory: Path, *, figures: list[Path]) -> MonitorResult:
    """Write monitoring.md and monitoring.json under `directory`; return the result
    with the files it wrote (relative to `directory`).

    Raises ReportError if `directory` cannot be created or written to.
    """
    files = (MARKDOWN_FILE, JSON_FILE, *(_relative(path, directory) for path in figures))
    result = replace(result, files=files)
    with report_errors(directory):
        directory.mkdir(parents=True, exist_ok=True)
        (directory / MARKDOWN_FILE).write_text(render_markdown(result), encoding="utf-8")
        (directory / JSON_FILE).write_text(
            json.dumps(_finite(asdict(result)), indent=2, allow_nan=False) + "\n",
            encoding="utf-8",
        )
    return result


@contextmanager
def report_errors(directory: Path) -> Iterator[None]:
    """Turn a failure to write under `directory` into a ReportError that says so."""
    try:
        yield
    except OSError as err:
        where = f"{err.filename}: " if err.filename else ""
        raise ReportError(
            f"cannot write the monitoring report in {directory} ({where}{err.strerror or err}); "
            "pass a folder you can write to with --report-dir"
        ) from err


def _finite(value: object) -> object:
    # JSON has no NaN or infinity: such a number is written as null.
    if isinstance(value, float) and not math.isfinite(value):
        return None
    if isinstance(value, dict):
        return {key: _finite(item) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_finite(item) for item in value]
    return value


def render_markdown(result: MonitorResult) -> str:
    """The report as Markdown: the decision first, then the evidence."""
    records = result.records
    rule = result.rule
    lines = [
        "# Monitoring report",
        "",
        f"**Decision: {result.decision}** (exit status {result.exit_code})",
        "",
        f"> {result.reason}",
        "",
        f"Model {result.model_version}, checked {result.checked_at}, log `{result.log}`.",
        "",
        "## Records",
        "",
        "| | count |",
        "|---|---:|",
        f"| in the log | {records.logged} |",
        f"| this model's | {records.current_version} |",
        f"| other model versions, left out | {records.other_versions} |",
        f"| judged: this model's newest | {records.judged} |",
        f"| judged, with feedback | {records.with_feedback} |",
        "",
        _window_sentence(result),
        "",
    ]
    if result.decision == "insufficient":
        lines += [
            f"Too few predictions to judge: at least {rule.min_records} are needed. Drift, "
            "the predictions and the live performance were not tested.",
            "",
        ]
    else:
        lines += (
            _feature_section(result) + _prediction_section(result) + _performance_section(result)
        )
    lines += [
        "## Rule",
        "",
        f"A feature drifts when its Benjamini-Hochberg adjusted p-value is below {rule.fdr} "
        f"and its effect is at least {rule.min_effect} (Kolmogorov-Smirnov D for numbers, "
        "total variation distance for categories). Retraining is due when "
        + (
            f"more than {rule.tolerated_drift_share:.0%} of the features drift"
            if rule.tolerated_drift_share
            else "any feature drifts"
        )
        + (", when the predictions drift" if rule.prediction_drift_retrains else "")
        + f", or when the headline metric falls more than {rule.max_metric_drop} below its "
        f"test-split value on at least {rule.min_feedback} labelled predictions.",
        "",
    ]
    figures = [name for name in result.files if name.endswith(".png")]
    if figures:
        lines += ["## Figures", "", *(f"![{Path(name).stem}]({name})" for name in figures), ""]
    return "\n".join(lines)


def _window_sentence(result: MonitorResult) -> str:
    records = result.records
    since = f", none logged before {records.window_since}" if records.window_since else ""
    asked = f"The window: this model's newest {records.window_last} predictions at most{since}."
    if not records.first_logged_at:
        return f"{asked} It held none."
    return (
        f"{asked} It held {records.judged}, logged from {records.first_logged_at} "
        f"to {records.last_logged_at} (UTC)."
    )


def _feature_section(result: MonitorResult) -> list[str]:
    return [
        "## Feature drift",
        "",
        f"{len(result.drifted)} of {result.n_features} features drifted"
        + (f": {', '.join(result.drifted)}." if result.drifted else "."),
        "",
        *_test_table(result.features),
        "",
    ]


def _prediction_section(result: MonitorResult) -> list[str]:
    if result.prediction is None:
        return []
    verdict = "drifted" if result.prediction.drifted else "did not drift"
    return [
        "## Prediction drift",
        "",
        f"The model's predictions {verdict}, against its predictions on the test split "
        "(held out from training, as new traffic is).",
        "",
        *_test_table([result.prediction]),
        "",
    ]


def _performance_section(result: MonitorResult) -> list[str]:
    performance = result.performance
    if performance is None:
        return []
    lines = ["## Live performance", ""]
    if performance.live_value is None:
        why = "too few to score" if performance.labelled < 2 else "their labels are all equal"
        lines += [f"{performance.labelled} predictions have feedback: {why}.", ""]
        return lines
    judged = (
        ("below the rule's allowance" if performance.degraded else "within the rule's allowance")
        if performance.judged
        else f"not judged: fewer than {result.rule.min_feedback} labels"
    )
    test_value = "n/a" if performance.test_value is None else f"{performance.test_value:.3f}"
    # Rounded before it is signed, so that no change reads as "-0.000".
    drop = "n/a" if performance.drop is None else f"{round(performance.drop, 3) + 0.0:+.3f}"
    lines += [
        "| metric | test split | live | drop | labelled | |",
        "|---|---:|---:|---:|---:|---|",
        f"| {performance.metric} | {test_value} | {performance.live_value:.3f} | {drop} "
        f"| {performance.labelled} | {judged} |",
        "",
    ]
    return lines


def _test_table(tests: list[DriftTest] | tuple[DriftTest, ...]) -> list[str]:
    rows = [
        "| feature | compared | test | statistic | effect | p | adjusted p | drifted "
        "| n reference | n live |",
        "|---|---|---|---:|---:|---:|---:|---|---:|---:|",
    ]
    for test in tests:
        rows.append(
            f"| {test.feature} | {test.subject} | {TEST_NAMES[test.test]} | {test.statistic:.3g} "
            f"| {test.effect:.3f} | {test.p_value:.3g} | {test.adjusted_p:.3g} "
            f"| {'**yes**' if test.drifted else 'no'} | {test.reference_n} | {test.live_n} |"
        )
    return rows


def _relative(path: Path, directory: Path) -> str:
    try:
        return path.relative_to(directory).as_posix()
    except ValueError:
        return str(path)
