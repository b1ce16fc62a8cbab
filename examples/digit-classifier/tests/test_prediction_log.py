"""The prediction log: written off the request path, bounded, safe with several writers."""

import sqlite3
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from digit_classifier import prediction_log
from digit_classifier.prediction_log import (
    PredictionLog,
    PredictionRecord,
    read_predictions,
    utc_now,
)

LogFactory = Callable[..., PredictionLog]


@pytest.fixture
def open_log(tmp_path: Path) -> Iterator[LogFactory]:
    """Start logs at tmp_path/log.db; each is closed at the end, even if the test fails."""
    logs: list[PredictionLog] = []

    def start(**options: Any) -> PredictionLog:
        log = PredictionLog(tmp_path / "log.db", **{"max_records": 10_000, **options})
        log.start()
        logs.append(log)
        return log

    yield start
    for log in logs:
        log.close()


def a_record(request_id: str, value: object = 1.0) -> PredictionRecord:
    return PredictionRecord(
        request_id=request_id,
        logged_at=utc_now(),
        model_version="v1",
        inputs={"x": value, "colour": "red", "missing": None},
        prediction="yes",
        probabilities={"yes": 0.75, "no": 0.25},
        latency_ms=0.5,
    )


def test_records_are_read_back_oldest_first_with_every_field(
    open_log: LogFactory, tmp_path: Path
) -> None:
    log = open_log()
    for index in range(3):
        log.record(a_record(f"id-{index}", value=index))
    log.close()

    logged = read_predictions(tmp_path / "log.db")

    assert [p.request_id for p in logged] == ["id-0", "id-1", "id-2"]
    assert logged[2].inputs == {"x": 2, "colour": "red", "missing": None}
    assert logged[2].probabilities == {"yes": 0.75, "no": 0.25}
    assert (logged[2].prediction, logged[2].model_version, logged[2].actual) == ("yes", "v1", None)


def test_feedback_is_joined_to_its_prediction_and_unknown_ids_are_refused(
    open_log: LogFactory, tmp_path: Path
) -> None:
    log = open_log()
    log.record(a_record("known"))

    found = log.add_feedback("known", "no")  # still buffered: written first, then found
    missing = log.add_feedback("unknown", "no")

    assert found is not None
    assert found.prediction == "yes"
    assert missing is None
    (logged,) = read_predictions(tmp_path / "log.db")
    assert logged.actual == "no"


def test_feedback_finds_a_prediction_another_worker_has_not_written_yet(
    open_log: LogFactory,
) -> None:
    # Two logs on one file stand for two worker processes.
    serving, receiving = open_log(shared=True), open_log(shared=True)
    serving.record(a_record("from-the-other-worker"))

    found = receiving.add_feedback("from-the-other-worker", "no")

    assert found is not None


def test_only_the_newest_max_records_are_kept_while_it_runs(
    open_log: LogFactory, tmp_path: Path
) -> None:
    log = open_log(max_records=100)
    for index in range(1_250):
        log.record(a_record(f"id-{index}"))
    assert log.flush()

    kept = [p.request_id for p in read_predictions(tmp_path / "log.db")]

    assert kept == [f"id-{index}" for index in range(1_150, 1_250)]


def test_a_full_buffer_drops_and_counts_rather_than_waits(tmp_path: Path) -> None:
    counted: list[tuple[str, int]] = []
    log = PredictionLog(
        tmp_path / "log.db",
        max_records=1_000,
        buffer_size=2,
        on_drop=lambda reason, count: counted.append((reason, count)),
    )
    try:
        for index in range(5):  # the writer has not started: nothing drains the buffer
            log.record(a_record(f"id-{index}"))

        assert log.dropped == {"buffer_full": 3}
        assert counted == [("buffer_full", 1)] * 3
        log.start()
    finally:
        log.close()
    assert [p.request_id for p in read_predictions(tmp_path / "log.db")] == ["id-0", "id-1"]


def test_a_value_json_cannot_hold_loses_its_row_only(open_log: LogFactory, tmp_path: Path) -> None:
    log = open_log()
    log.record(a_record("fine-before"))
    log.record(a_record("not-json", value={1, 2}))
    log.record(a_record("fine-after"))
    assert log.flush()

    kept = [p.request_id for p in read_predictions(tmp_path / "log.db")]

    assert kept == ["fine-before", "fine-after"]
    assert log.dropped == {"not_json": 1}


def test_a_write_that_meets_a_locked_file_is_retried_not_lost(
    open_log: LogFactory, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(prediction_log, "LOCK_TIMEOUT", 0.05)
    log = open_log()
    with sqlite3.connect(tmp_path / "log.db", isolation_level=None) as other_process:
        other_process.execute("BEGIN EXCLUSIVE")
        log.record(a_record("waited"))
        log.flush()  # the write fails: the file is locked
        other_process.execute("COMMIT")
    assert log.flush()  # the next flush tries again

    assert [p.request_id for p in read_predictions(tmp_path / "log.db")] == ["waited"]
    assert not log.dropped


def test_two_writers_on_one_file_lose_nothing(open_log: LogFactory, tmp_path: Path) -> None:
    logs = [open_log(), open_log()]

    def write(log: PredictionLog, prefix: str) -> None:
        for index in range(500):
            log.record(a_record(f"{prefix}-{index}"))

    threads = [threading.Thread(target=write, args=(log, f"w{n}")) for n, log in enumerate(logs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    for log in logs:
        assert log.flush()

    assert len(read_predictions(tmp_path / "log.db")) == 1_000


def test_reading_a_missing_log_fails_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(sqlite3.OperationalError):
        read_predictions(tmp_path / "missing.db")

    assert not (tmp_path / "missing.db").exists()
