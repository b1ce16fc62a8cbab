"""run_monitor: the rule's three decisions, from logs written by hand."""

from __future__ import annotations

import dataclasses
import json
import math
import re
import sqlite3
from collections.abc import Callable, Sequence
from contextlib import closing
from pathlib import Path
from typing import Any

import pytest

from review_classifier.config import MonitorRule, Paths
from review_classifier.errors import DataError, PredictionLogError
from review_classifier.modeling.predict import Predictor
from review_classifier.monitoring.monitor import NAMES_LISTED, SCHEMA_VERSION, run_monitor
from review_classifier.monitoring.report import write_report

# The fixtures of conftest.py: write_log(path, rows) and make_rows(shift=..., ...).
LogWriter = Callable[[Path, Sequence[Any]], Path]
RowMaker = Callable[..., list[Any]]


def test_the_test_split_as_it_is_passes(
    project_paths: Paths,
    rule: MonitorRule,
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
) -> None:
    log = write_log(tmp_path / "log.db", make_rows())

    result = run_monitor(log, paths=project_paths, rule=rule, report_dir=tmp_path)

    assert (result.decision, result.exit_code, result.drifted) == ("ok", 0, ())
    assert result.reason.startswith("ok: ")
    assert result.performance is not None
    assert not result.performance.degraded


def test_a_shifted_test_split_calls_for_retraining_naming_the_features(
    project_paths: Paths,
    rule: MonitorRule,
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
) -> None:
    log = write_log(tmp_path / "log.db", make_rows(shift=True, feedback=False))

    result = run_monitor(log, paths=project_paths, rule=rule, report_dir=tmp_path)

    assert (result.decision, result.exit_code) == ("retrain", 1)
    assert result.drifted
    assert all(name in result.reason for name in result.drifted[:NAMES_LISTED])
    assert "\n" not in result.reason


def test_too_few_predictions_are_too_little_to_judge(
    project_paths: Paths,
    rule: MonitorRule,
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
) -> None:
    log = write_log(tmp_path / "log.db", make_rows()[: rule.min_records - 1])

    result = run_monitor(log, paths=project_paths, rule=rule, report_dir=tmp_path)

    assert (result.decision, result.exit_code) == ("insufficient", 2)
    assert f"at least {rule.min_records} are needed to judge" in result.reason


def test_a_window_smaller_than_the_rule_needs_says_to_widen_it(
    project_paths: Paths,
    rule: MonitorRule,
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
) -> None:
    log = write_log(tmp_path / "log.db", make_rows())

    result = run_monitor(
        log, last=rule.min_records - 1, paths=project_paths, rule=rule, report_dir=tmp_path
    )

    assert result.decision == "insufficient"
    assert f"pass --last {rule.min_records} or more" in result.reason


def test_only_the_newest_predictions_are_judged(
    project_paths: Paths,
    rule: MonitorRule,
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
) -> None:
    """A shift that ended: the window holds only the traffic since, which passes."""
    shifted, as_before = make_rows(shift=True), make_rows()
    log = write_log(tmp_path / "log.db", [*shifted, *as_before])

    result = run_monitor(
        log, last=len(as_before), paths=project_paths, rule=rule, report_dir=tmp_path
    )

    assert result.decision == "ok"
    assert (result.records.judged, result.records.current_version) == (
        len(as_before),
        len(shifted) + len(as_before),
    )
    assert result.records.window_last == len(as_before)


def test_wrong_answers_in_the_feedback_call_for_retraining(
    project_paths: Paths,
    rule: MonitorRule,
    make_rows: RowMaker,
    write_log: LogWriter,
    predictor: Predictor,
    tmp_path: Path,
) -> None:
    """The inputs are as in training; only the true outcomes say the model is wrong."""
    rows = make_rows()
    classes = predictor.metadata.classes
    if classes is not None:  # every answer wrong: another class than the one predicted
        wrong = [classes[(classes.index(str(row.prediction)) + 1) % len(classes)] for row in rows]
    else:  # every value paired with another record's
        wrong = [row.actual for row in reversed(rows)]
    log = write_log(
        tmp_path / "log.db",
        [dataclasses.replace(row, actual=actual) for row, actual in zip(rows, wrong, strict=True)],
    )

    result = run_monitor(log, paths=project_paths, rule=rule, report_dir=tmp_path)

    assert result.performance is not None
    assert result.performance.degraded
    assert result.decision == "retrain"
    assert f"{result.performance.metric} fell from" in result.reason


def test_predictions_of_other_model_versions_are_left_out(
    project_paths: Paths,
    rule: MonitorRule,
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
) -> None:
    old = make_rows(shift=True, model_version="0.9.0+old")
    log = write_log(tmp_path / "log.db", [*old, *make_rows()])

    result = run_monitor(log, paths=project_paths, rule=rule, report_dir=tmp_path)

    assert result.decision == "ok"
    assert result.records.other_versions == len(old)
    assert f"{len(old)} predictions of other model versions left out" in result.reason


def test_the_report_is_written_as_markdown_json_and_figures(
    project_paths: Paths,
    rule: MonitorRule,
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
) -> None:
    log = write_log(tmp_path / "log.db", make_rows(shift=True))
    report_dir = tmp_path / "reports"

    result = run_monitor(log, paths=project_paths, rule=rule, report_dir=report_dir)

    saved = json.loads((report_dir / "monitoring.json").read_text())
    markdown = (report_dir / "monitoring.md").read_text()
    assert saved["schema_version"] == SCHEMA_VERSION
    assert saved["records"]["judged"] == result.records.judged
    assert (saved["decision"], saved["reason"]) == (result.decision, result.reason)
    assert {test["feature"] for test in saved["features"]} >= set(result.drifted)
    assert result.reason in markdown
    assert "## Feature drift" in markdown
    assert "## Live performance" in markdown
    figures = [name for name in result.files if name.endswith(".png")]
    assert figures
    assert all((report_dir / name).stat().st_size > 0 for name in figures)


def test_a_number_json_cannot_hold_is_written_as_null(
    project_paths: Paths,
    rule: MonitorRule,
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
) -> None:
    result = run_monitor(
        write_log(tmp_path / "log.db", make_rows()),
        paths=project_paths,
        rule=rule,
        report_dir=tmp_path,
    )
    assert result.prediction is not None
    odd = dataclasses.replace(
        result, prediction=dataclasses.replace(result.prediction, statistic=math.inf)
    )

    write_report(odd, tmp_path / "odd", figures=[])

    saved = json.loads((tmp_path / "odd" / "monitoring.json").read_text())
    assert saved["prediction"]["statistic"] is None


def test_a_damaged_row_is_an_error_that_names_it(
    project_paths: Paths,
    rule: MonitorRule,
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
) -> None:
    rows = make_rows()
    log = write_log(tmp_path / "log.db", rows)
    with closing(sqlite3.connect(log)) as connection, connection:
        connection.execute(
            "UPDATE predictions SET inputs = '{not json' WHERE request_id = ?",
            (rows[-1].request_id,),
        )

    with pytest.raises(
        PredictionLogError, match=re.escape(f"the row of request {rows[-1].request_id}")
    ):
        run_monitor(log, paths=project_paths, rule=rule, report_dir=tmp_path)


def test_a_model_trained_on_other_data_is_not_compared_with_this_data(
    project_paths: Paths,
    rule: MonitorRule,
    make_rows: RowMaker,
    write_log: LogWriter,
    tmp_path: Path,
) -> None:
    """data/processed/ was rebuilt from other data since the model was trained."""
    models = tmp_path / "models"
    models.mkdir()
    metadata = json.loads(project_paths.metadata_file.read_text())
    (models / "metadata.json").write_text(json.dumps({**metadata, "data_sha256": "0" * 64}))
    log = write_log(tmp_path / "log.db", make_rows())

    with pytest.raises(DataError, match=r"make data train"):
        run_monitor(
            log,
            paths=dataclasses.replace(project_paths, models_dir=models),
            rule=rule,
            report_dir=tmp_path,
        )
