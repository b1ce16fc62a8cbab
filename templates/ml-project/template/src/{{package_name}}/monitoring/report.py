"""The monitor's report: reports/monitoring.md to read, reports/monitoring.json to reuse.

Both say the same: the decision and why, every drift test, the predictions' drift,
the live performance, and which records were judged. The JSON is the result's
`asdict`, with a schema version, for the write-up and for scripts.
"""

from __future__ import annotations

import json
from dataclasses import asdict, replace
from pathlib import Path
from typing import TYPE_CHECKING

from .drift import DriftTest

if TYPE_CHECKING:
    from .monitor import MonitorResult

MARKDOWN_FILE = "monitoring.md"
JSON_FILE = "monitoring.json"
TEST_NAMES = {"ks": "Kolmogorov-Smirnov", "chi2": "chi-square"}


def write_report(result: MonitorResult, directory: Path, *, figures: list[Path]) -> MonitorResult:
    """Write monitoring.md and monitoring.json under `directory`; return the result
    with the files it wrote (relative to `directory`)."""
    directory.mkdir(parents=True, exist_ok=True)
    files = (MARKDOWN_FILE, JSON_FILE, *(_relative(path, directory) for path in figures))
    result = replace(result, files=files)
    (directory / MARKDOWN_FILE).write_text(render_markdown(result), encoding="utf-8")
    (directory / JSON_FILE).write_text(
        json.dumps(asdict(result), indent=2, allow_nan=False) + "\n", encoding="utf-8"
    )
    return result


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
        f"| judged (this model's) | {records.judged} |",
        f"| other model versions, left out | {records.other_versions} |",
        f"| judged, with feedback | {records.with_feedback} |",
        "",
    ]
    if records.first_logged_at:
        lines += [f"Time window: {records.first_logged_at} to {records.last_logged_at} (UTC).", ""]
    if result.decision == "insufficient":
        lines += [f"At least {rule.min_records} predictions are needed to judge drift.", ""]
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
        f"The model's predictions {verdict}, against its predictions on "
        "a sample of the training split.",
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
        lines += [f"{performance.labelled} predictions have feedback: too few to score.", ""]
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
        "| n training | n live |",
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
