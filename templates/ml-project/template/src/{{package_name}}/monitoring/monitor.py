"""The monitor: read the prediction log, compare it with the training data, decide.

Three questions, each against what the model saw in training:
- drift: does any monitored feature's distribution differ from the training split's
  (drift.py, adjusted over all features)?
- prediction drift: do the model's answers differ from its answers on training data?
- live performance: where feedback came back, has the headline metric fallen below
  its test-split value?
The rule that turns the answers into a decision is config.MONITOR_RULE. Only the
current model's predictions are judged: a log that outlived a retraining holds the
old model's too, and those are counted and left out.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Final, Literal

from ..config import MONITOR_RULE, PATHS, MonitorRule, Paths
from ..errors import ModelLoadError, PredictionLogError
from ..modeling.metadata import ModelMetadata
from ..prediction_log import LoggedPrediction, read_predictions
from . import figures
from .columns import Feature, PredictedValue, Reference
from .drift import (
    DriftTest,
    adjust,
    categorical_test,
    drifted_features,
    feature_tests,
    numeric_tests,
)
from .features import live_values, load_reference, monitored_features
from .performance import LivePerformance, live_performance
from .report import write_report

Decision = Literal["ok", "retrain", "insufficient"]
# The command's exit status for each decision, so a scheduler can act on it.
EXIT_CODES: Final[dict[Decision, int]] = {"ok": 0, "retrain": 1, "insufficient": 2}
# Bump when a field of MonitorResult changes meaning or goes away (reports/monitoring.json).
SCHEMA_VERSION: Final = 1
# The figures draw at most this many of the most drifted features.
FEATURES_DRAWN = 4
# The one-line reason names at most this many drifted features.
NAMES_LISTED = 5


@dataclass(frozen=True)
class RecordCounts:
    """What the log held, and which of it was judged."""

    logged: int
    judged: int  # the current model's predictions
    other_versions: int  # other models' predictions, left out
    with_feedback: int  # of the judged
    first_logged_at: str | None  # the judged predictions' time window (UTC)
    last_logged_at: str | None


@dataclass(frozen=True)
class MonitorResult:
    """The decision and everything behind it; reports/monitoring.json is its `asdict`."""

    schema_version: int
    decision: Decision
    exit_code: int
    reason: str  # one line: the decision and why
    drifted: tuple[str, ...]  # the drifted features, most significant first
    model_version: str
    task: str
    log: str
    checked_at: str
    records: RecordCounts
    features: tuple[DriftTest, ...]  # every test of every monitored feature
    n_features: int
    prediction: DriftTest | None
    performance: LivePerformance | None
    rule: MonitorRule
    files: tuple[str, ...] = ()  # the report and figures written, relative to the report's folder


def run_monitor(
    log_path: Path,
    *,
    paths: Paths = PATHS,
    rule: MonitorRule = MONITOR_RULE,
    report_dir: Path | None = None,
) -> MonitorResult:
    """Judge the log at `log_path` against the training data and the current model.

    Writes monitoring.md, monitoring.json and the figures under `report_dir` (by
    default the project's reports/). Raises PredictionLogError if the log cannot be
    read and ModelLoadError if there is no trained model.
    """
    logged = _read_log(log_path)
    metadata = _load_metadata(paths)
    current = [record for record in logged if record.model_version == metadata.model_version]
    records = _counts(logged, current)
    base = MonitorResult(
        schema_version=SCHEMA_VERSION,
        decision="insufficient",
        exit_code=EXIT_CODES["insufficient"],
        reason="",
        drifted=(),
        model_version=metadata.model_version,
        task=metadata.task,
        log=str(log_path),
        checked_at=datetime.now(UTC).isoformat(timespec="seconds"),
        records=records,
        features=(),
        n_features=0,
        prediction=None,
        performance=None,
        rule=rule,
    )
    directory = report_dir or paths.reports_dir
    if records.judged < rule.min_records:
        result = replace(base, reason=_insufficient_reason(records, rule, metadata.model_version))
        return write_report(result, directory, figures=[])

    features = monitored_features(metadata)
    reference = load_reference(paths, metadata)
    live = live_values([record.inputs for record in current], features)
    tests = adjust(
        feature_tests(features, reference.columns, live), fdr=rule.fdr, min_effect=rule.min_effect
    )
    live_predictions = [record.prediction for record in current]
    prediction = _prediction_test(reference.predictions, live_predictions, metadata.task, rule)
    performance = live_performance(current, metadata, rule)
    drifted = drifted_features(tests)
    decision, reason = _decide(len(features), drifted, prediction, performance, rule, records)
    result = replace(
        base,
        decision=decision,
        exit_code=EXIT_CODES[decision],
        reason=reason,
        drifted=tuple(drifted),
        features=tuple(tests),
        n_features=len(features),
        prediction=prediction,
        performance=performance,
    )
    drawn = _draw(result, features, reference, live, live_predictions, directory / "figures")
    return write_report(result, directory, figures=drawn)


def _read_log(path: Path) -> list[LoggedPrediction]:
    if not path.is_file():
        raise PredictionLogError(
            f"{path} does not exist; serve with PREDICTION_LOG={path} to log predictions "
            "(make serve), or pass the log's path with --log"
        )
    try:
        return read_predictions(path)
    except sqlite3.Error as err:
        raise PredictionLogError(f"{path} cannot be read as a prediction log ({err})") from err


def _load_metadata(paths: Paths) -> ModelMetadata:
    if not paths.metadata_file.is_file():
        raise ModelLoadError(f"{paths.metadata_file} is missing; train a model first (make train)")
    return ModelMetadata.load(paths.metadata_file)


def _counts(
    logged: Sequence[LoggedPrediction], current: Sequence[LoggedPrediction]
) -> RecordCounts:
    times = sorted(record.logged_at for record in current)
    return RecordCounts(
        logged=len(logged),
        judged=len(current),
        other_versions=len(logged) - len(current),
        with_feedback=sum(record.actual is not None for record in current),
        first_logged_at=times[0] if times else None,
        last_logged_at=times[-1] if times else None,
    )


def _prediction_test(
    reference: Sequence[PredictedValue],
    live: Sequence[PredictedValue],
    task: str,
    rule: MonitorRule,
) -> DriftTest:
    """Classes predicted: chi-square on their counts; values predicted: Kolmogorov-Smirnov."""
    if task == "regression":
        test = numeric_tests("prediction", list(reference), list(live))[0]
    else:
        test = categorical_test("prediction", list(reference), list(live))
    # One test, its own family: adjusting it alone leaves its p-value as it is.
    (adjusted,) = adjust([test], fdr=rule.fdr, min_effect=rule.min_effect)
    return adjusted


def _decide(
    n_features: int,
    drifted: Sequence[str],
    prediction: DriftTest,
    performance: LivePerformance,
    rule: MonitorRule,
    records: RecordCounts,
) -> tuple[Decision, str]:
    """Retrain for every reason the rule finds; otherwise say what was checked."""
    retrain, noted = [], []
    if drifted:
        named = f"{len(drifted)} of {n_features} features drifted ({_listed(drifted)})"
        if len(drifted) / n_features > rule.tolerated_drift_share:
            retrain.append(named)
        else:
            noted.append(f"{named}, a share the rule tolerates")
    else:
        noted.append(f"none of {n_features} features drifted")
    if prediction.drifted:
        named = f"the predictions drifted (adjusted p = {prediction.adjusted_p:.2g})"
        (retrain if rule.prediction_drift_retrains else noted).append(named)
    else:
        noted.append("the predictions did not drift")
    if performance.degraded:
        retrain.append(
            f"{performance.metric} fell from {performance.test_value:.3f} on the test split "
            f"to {performance.live_value:.3f} on {performance.labelled} labelled predictions"
        )
    elif performance.judged:
        noted.append(
            f"{performance.metric} {performance.live_value:.3f} on {performance.labelled} "
            f"labelled predictions (test split {performance.test_value:.3f})"
        )
    else:
        noted.append(
            f"{performance.labelled} labelled predictions, too few to score "
            f"({rule.min_feedback} needed)"
        )
    ignored = _ignored_note(records)
    if retrain:
        return "retrain", f"retrain: {'; '.join(retrain)}{ignored}"
    return "ok", f"ok: {records.judged} predictions; {', '.join(noted)}{ignored}"


def _listed(names: Sequence[str]) -> str:
    # The line stays one readable line however many features drifted; the report lists all.
    shown = ", ".join(names[:NAMES_LISTED])
    more = len(names) - NAMES_LISTED
    return f"{shown} and {more} more" if more > 0 else shown


def _insufficient_reason(records: RecordCounts, rule: MonitorRule, version: str) -> str:
    return (
        f"insufficient: {records.judged} predictions of model {version} in the log, "
        f"at least {rule.min_records} needed{_ignored_note(records)}"
    )


def _ignored_note(records: RecordCounts) -> str:
    if not records.other_versions:
        return ""
    return f" ({records.other_versions} predictions of other model versions left out)"


def _draw(
    result: MonitorResult,
    features: Sequence[Feature],
    reference: Reference,
    live: dict[str, list[float | str | None]],
    live_predictions: Sequence[PredictedValue],
    directory: Path,
) -> list[Path]:
    """Reference against live for the most drifted features, and for the predictions."""
    kinds = {feature.name: feature.kind for feature in features}
    shown: list[str] = []
    for test in sorted(result.features, key=lambda test: test.adjusted_p):
        if test.feature not in shown:
            shown.append(test.feature)
    shown = shown[:FEATURES_DRAWN]
    return [
        figures.distributions(
            [(name, kinds[name], reference.columns[name], live[name]) for name in shown],
            "Monitored features: training split against live",
            directory / "monitoring_features.png",
        ),
        figures.distributions(
            [
                (
                    "prediction",
                    "numeric" if result.task == "regression" else "categorical",
                    list(reference.predictions),
                    list(live_predictions),
                )
            ],
            "Predictions: on training data against live",
            directory / "monitoring_predictions.png",
        ),
    ]
