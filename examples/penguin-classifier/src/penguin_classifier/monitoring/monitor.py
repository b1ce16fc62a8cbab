"""The monitor: read the prediction log, compare it with the training data, decide.

Three questions, each against what the model saw before it was served:
- drift: does any monitored feature's distribution differ from the training split's
  (drift.py, adjusted over all features)?
- prediction drift: do the model's answers differ from its answers on the test split,
  which it did not learn from?
- live performance: where feedback came back, has the headline metric fallen below
  its test-split value?
The rule that turns the answers into a decision is config.MONITOR_RULE. Only the
current model's newest predictions are judged, MONITOR_RULE.window of them unless
asked otherwise (window.py): a log that outlived a retraining holds the old model's
too, and those are counted and left out.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Final, Literal

from ..config import MONITOR_RULE, PATHS, MonitorRule, Paths
from ..dataset import DataReport
from ..errors import DataError, ModelLoadError, PredictionLogError
from ..modeling.metadata import ModelMetadata
from ..timestamps import UTC
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
from .report import report_errors, write_report
from .window import LogWindow, read_window

Decision = Literal["ok", "retrain", "insufficient"]
# The command's exit status for each decision, so a scheduler can act on it.
EXIT_CODES: Final[dict[Decision, int]] = {"ok": 0, "retrain": 1, "insufficient": 2}
# Bump when a field of MonitorResult changes meaning or goes away (reports/monitoring.json).
SCHEMA_VERSION: Final = 2
# The figures draw at most this many of the most drifted features.
FEATURES_DRAWN = 4
# The one-line reason names at most this many drifted features.
NAMES_LISTED = 5


@dataclass(frozen=True)
class RecordCounts:
    """What the log held, and which of it was judged: the window."""

    logged: int  # every prediction in the log
    current_version: int  # the current model's, in the window or not
    other_versions: int  # other models' predictions, left out
    judged: int  # the window: the current model's newest predictions
    with_feedback: int  # of the judged
    window_last: int  # the most the window could hold (--last)
    window_since: str | None  # the earliest time it could hold (--since), UTC
    first_logged_at: str | None  # the judged predictions' first and last times (UTC)
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
    last: int | None = None,
    since: datetime | None = None,
    paths: Paths = PATHS,
    rule: MonitorRule = MONITOR_RULE,
    report_dir: Path | None = None,
) -> MonitorResult:
    """Judge the newest `last` predictions (rule.window by default) of the current model
    in the log at `log_path`, none older than `since` if given, against the training
    data and the test split.

    Writes monitoring.md, monitoring.json and the figures under `report_dir` (by
    default the project's reports/). Raises PredictionLogError if the log cannot be
    read, ModelLoadError if there is no trained model, DataError if data/processed/
    is not the data it was trained on, and ReportError if the report cannot be written.
    """
    window_last = rule.window if last is None else last
    if window_last < 1:
        raise ValueError(f"a window of {window_last} predictions judges nothing")
    _check_log_path(log_path)
    metadata = _load_metadata(paths)
    _check_data(paths, metadata)
    window = read_window(
        log_path, model_version=metadata.model_version, last=window_last, since=since
    )
    records = _counts(window, window_last, since)
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

    judged = window.predictions
    features = monitored_features(metadata)
    reference = load_reference(paths, metadata)
    live = live_values([record.inputs for record in judged], features)
    tests = adjust(
        feature_tests(features, reference.columns, live), fdr=rule.fdr, min_effect=rule.min_effect
    )
    live_predictions = [record.prediction for record in judged]
    prediction = _prediction_test(reference.predictions, live_predictions, metadata.task, rule)
    performance = live_performance(judged, metadata, rule)
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
    with report_errors(directory):
        drawn = _draw(result, features, reference, live, live_predictions, directory / "figures")
    return write_report(result, directory, figures=drawn)


def _check_log_path(path: Path) -> None:
    if path.is_dir():
        raise PredictionLogError(
            f"{path} is a directory, not a prediction log; pass the log's file with --log "
            "(the service's PREDICTION_LOG)"
        )
    if not path.exists():
        raise PredictionLogError(
            f"{path} does not exist; serve with PREDICTION_LOG={path} to log predictions "
            "(make serve), or pass the log's path with --log"
        )


def _load_metadata(paths: Paths) -> ModelMetadata:
    if not paths.metadata_file.is_file():
        raise ModelLoadError(f"{paths.metadata_file} is missing; train a model first (make train)")
    try:
        return ModelMetadata.load(paths.metadata_file)
    except (OSError, ValueError, KeyError, TypeError) as err:
        raise ModelLoadError(
            f"{paths.metadata_file} cannot be read ({err}); train the model again (make train)"
        ) from err


def _check_data(paths: Paths, metadata: ModelMetadata) -> None:
    # The reference is read from data/processed/, which `make data` rebuilds: compared
    # with another data set's split, the log would drift for no fault of the traffic.
    if DataReport.load(paths.cleaning_report).data_sha256 != metadata.data_sha256:
        raise DataError(
            "the model was trained on other data than data/processed/ holds, so there is "
            "nothing to compare its traffic with; retrain it (make data train)"
        )


def _counts(window: LogWindow, last: int, since: datetime | None) -> RecordCounts:
    judged = window.predictions
    return RecordCounts(
        logged=window.logged,
        current_version=window.current_version,
        other_versions=window.logged - window.current_version,
        judged=len(judged),
        with_feedback=sum(record.actual is not None for record in judged),
        window_last=last,
        window_since=None if since is None else since.astimezone(UTC).isoformat(),
        first_logged_at=judged[0].logged_at if judged else None,
        last_logged_at=judged[-1].logged_at if judged else None,
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
    elif performance.labelled >= rule.min_feedback:
        noted.append(
            f"{performance.metric} is undefined on the {performance.labelled} labelled "
            "predictions (their labels are all equal)"
        )
    else:
        noted.append(
            f"{performance.labelled} labelled predictions, too few to score "
            f"({rule.min_feedback} needed)"
        )
    scope = _scope_note(records)
    if retrain:
        return "retrain", f"retrain: {'; '.join(retrain)}{scope}"
    return "ok", f"ok: {records.judged} predictions; {', '.join(noted)}{scope}"


def _listed(names: Sequence[str]) -> str:
    # The line stays one readable line however many features drifted; the report lists all.
    shown = ", ".join(names[:NAMES_LISTED])
    more = len(names) - NAMES_LISTED
    return f"{shown} and {more} more" if more > 0 else shown


def _insufficient_reason(records: RecordCounts, rule: MonitorRule, version: str) -> str:
    needed = f"at least {rule.min_records} are needed to judge"
    if records.judged == records.window_last:
        # The log has more; the window asked for is what is too small.
        return (
            f"insufficient: a window of {records.window_last} predictions, {needed}; "
            f"pass --last {rule.min_records} or more"
        )
    where = "in the log" if records.window_since is None else f"since {records.window_since}"
    return (
        f"insufficient: {records.judged} predictions of model {version} {where}, {needed}"
        f"{_scope_note(records)}"
    )


def _scope_note(records: RecordCounts) -> str:
    """What was left out of the judgement, in parentheses, or nothing."""
    notes = []
    if 0 < records.judged < records.current_version:
        notes.append(
            f"judged {records.judged} of this model's {records.current_version} predictions, "
            f"logged {_to_the_second(records.first_logged_at)} to "
            f"{_to_the_second(records.last_logged_at)}"
        )
    if records.other_versions:
        notes.append(f"{records.other_versions} predictions of other model versions left out")
    return f" ({'; '.join(notes)})" if notes else ""


def _to_the_second(logged_at: str | None) -> str:
    # The log keeps microseconds; a reader of the one line needs the second at most.
    try:
        return datetime.fromisoformat(logged_at or "").isoformat(timespec="seconds")
    except ValueError:
        return str(logged_at)


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
            "Predictions: on the test split against live",
            directory / "monitoring_predictions.png",
            reference_label="test split",
        ),
    ]
