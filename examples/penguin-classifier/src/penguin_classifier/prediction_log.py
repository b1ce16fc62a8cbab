"""The prediction log: a row per prediction and its feedback, in one SQLite file.

SQLite, not a text file, for three reasons: several worker processes can write one
file safely (each write takes the database's lock, and WAL lets readers in meanwhile);
feedback finds its prediction by request id through the primary key instead of a
scan; and `monitor` reads it back with the standard library.

A request never waits for the disk: it appends its rows to a bounded buffer in
memory, and one thread per process writes what has gathered there every
FLUSH_SECONDS, in one transaction. The request does not even wake that thread (a
wake-up per prediction, and a commit per row, cost a quarter of the service's
throughput when measured). Rows that cannot be kept are dropped and counted by
reason, never waited for: the buffer full (the disk far behind), a value JSON cannot
hold, or a write that failed WRITE_ATTEMPTS times (the file locked or the disk full).
The log keeps the newest `max_records` predictions: each write deletes the rows
beyond them, so the file stops growing once it holds that many.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
import time
from collections import Counter, deque
from collections.abc import Callable, Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final, Literal

from .timestamps import UTC

logger = logging.getLogger(__name__)

SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS predictions (
    request_id TEXT PRIMARY KEY,
    logged_at TEXT NOT NULL,           -- ISO 8601, UTC
    model_version TEXT NOT NULL,
    inputs TEXT NOT NULL,              -- JSON object: what the model was given
    prediction TEXT NOT NULL,          -- JSON: the class label or the value
    probabilities TEXT,                -- JSON object keyed by class, or NULL
    latency_ms REAL NOT NULL           -- the model's time per record of its request
);
CREATE TABLE IF NOT EXISTS feedback (
    request_id TEXT PRIMARY KEY,
    actual TEXT NOT NULL,              -- JSON: the true class label or value
    received_at TEXT NOT NULL
);
"""
# How often the writer wakes to write what requests left in the buffer.
FLUSH_SECONDS: Final = 0.2
# Seconds a writer waits for another process's lock before its write fails.
LOCK_TIMEOUT: Final = 10.0
# A failed write is tried again at the next flushes, this many times in all.
WRITE_ATTEMPTS: Final = 3
# Why rows were not kept; the service counts them by reason.
DropReason = Literal["buffer_full", "not_json", "write_failed"]


@dataclass(frozen=True, slots=True)
class PredictionRecord:
    """One prediction as the log keeps it."""

    request_id: str
    logged_at: str
    model_version: str
    inputs: Mapping[str, Any]
    prediction: str | float
    probabilities: Mapping[str, float] | None
    latency_ms: float


@dataclass(frozen=True, slots=True)
class LoggedPrediction:
    """A prediction read back from the log, with its feedback when some arrived."""

    request_id: str
    logged_at: str
    model_version: str
    inputs: dict[str, Any]
    prediction: str | float
    probabilities: dict[str, float] | None
    latency_ms: float
    actual: str | float | None


def utc_now() -> str:
    """The time in the log's format: ISO 8601 in UTC, to the microsecond."""
    return datetime.now(UTC).isoformat()


def connect(path: Path) -> sqlite3.Connection:
    """Open (and if need be create) the log at `path`, in WAL mode, with its tables."""
    path.parent.mkdir(parents=True, exist_ok=True)
    connection = sqlite3.connect(path, timeout=LOCK_TIMEOUT, check_same_thread=False)
    connection.execute("PRAGMA journal_mode=WAL")
    # WAL with synchronous=NORMAL survives a crash of the process without a sync per
    # commit; a power cut may lose the last commits, which a log can afford.
    connection.execute("PRAGMA synchronous=NORMAL")
    connection.executescript(SCHEMA)
    return connection


class PredictionLog:
    """Writes predictions from a background thread, and records feedback for them.

    `record` is what the request path calls: it only appends to a buffer. `start` and
    `close` bracket the service's life; `close` writes whatever is still buffered.
    `shared` says other worker processes write the same file: feedback then waits a
    moment for a prediction that another worker may not have written yet.
    """

    def __init__(
        self,
        path: Path,
        *,
        max_records: int,
        buffer_size: int = 100_000,
        shared: bool = False,
        on_drop: Callable[[DropReason, int], None] | None = None,
    ) -> None:
        self.path = path
        self.max_records = max_records
        self.buffer_size = buffer_size
        self.shared = shared
        self.dropped: Counter[DropReason] = Counter()
        self._on_drop = on_drop
        # deque's append and popleft are atomic: request threads and the writer share
        # it without a lock. Besides records it carries the Events that `flush` sets
        # once it has written what came before them, and the None that `close` sends.
        self._buffer: deque[PredictionRecord | threading.Event | None] = deque()
        self._wake = threading.Event()
        # Opened here, so an unwritable path fails at startup, not in the thread.
        self._connection = connect(path)
        # A daemon: a service that dies without closing the log must still exit.
        self._thread = threading.Thread(
            target=self._write_forever, name="prediction-log", daemon=True
        )

    def start(self) -> None:
        """Start the writer thread."""
        self._thread.start()

    def record(self, record: PredictionRecord) -> None:
        """Buffer one prediction for writing; drop it (and count it) if the buffer is full."""
        if len(self._buffer) >= self.buffer_size:
            self._drop("buffer_full", 1)
            return
        self._buffer.append(record)

    def flush(self, timeout: float = 3 * LOCK_TIMEOUT) -> bool:
        """Wait until every prediction buffered so far is written (or given up on).

        False when the writer is not running, or did not get there within `timeout`.
        """
        if not self._thread.is_alive():
            return False
        written = threading.Event()
        self._buffer.append(written)
        self._wake.set()
        return written.wait(timeout)

    def close(self) -> None:
        """Write what is buffered, stop the thread and close the file."""
        try:
            if self._thread.is_alive():
                self._buffer.append(None)
                self._wake.set()
                self._thread.join(3 * LOCK_TIMEOUT)
            unwritten = sum(isinstance(item, PredictionRecord) for item in self._buffer)
            if unwritten:  # the writer died, or is stuck on a lock
                self._drop("write_failed", unwritten)
        finally:
            self._connection.close()
        if self.dropped:
            logger.warning("prediction log: predictions not kept: %s", dict(self.dropped))

    def add_feedback(self, request_id: str, actual: str | float) -> LoggedPrediction | None:
        """Record the true outcome of a logged prediction; None if there is no such id.

        Sending feedback again for the same prediction replaces the earlier value.
        Raises sqlite3.Error when the file cannot be read or written just now.
        """
        with closing(sqlite3.connect(self.path, timeout=LOCK_TIMEOUT)) as connection:
            found = self._find(connection, request_id)
            if found is None:
                return None
            with connection:
                connection.execute(
                    "INSERT INTO feedback (request_id, actual, received_at) VALUES (?, ?, ?) "
                    "ON CONFLICT (request_id) DO UPDATE SET "
                    "actual = excluded.actual, received_at = excluded.received_at",
                    (request_id, json.dumps(actual), utc_now()),
                )
        return found

    def _find(self, connection: sqlite3.Connection, request_id: str) -> LoggedPrediction | None:
        found = find_prediction(connection, request_id)
        if found is None:
            self.flush()  # it may still be in this process's buffer
            found = find_prediction(connection, request_id)
        if found is None and self.shared:
            # ... or in another worker's, which writes within FLUSH_SECONDS.
            time.sleep(2 * FLUSH_SECONDS)
            found = find_prediction(connection, request_id)
        return found

    def _drop(self, reason: DropReason, count: int) -> None:
        self.dropped[reason] += count
        if self._on_drop is not None:
            self._on_drop(reason, count)

    def _write_forever(self) -> None:
        retry: list[PredictionRecord] = []  # rows of a failed write, tried again first
        attempts = 0
        stopping = False
        while not stopping:
            self._wake.wait(FLUSH_SECONDS)
            self._wake.clear()
            records, waiting = list(retry), []
            while self._buffer:
                item = self._buffer.popleft()
                if isinstance(item, PredictionRecord):
                    records.append(item)
                elif item is None:
                    stopping = True
                else:
                    waiting.append(item)
            try:
                self._write(records)
                retry, attempts = [], 0
            except sqlite3.Error as err:
                attempts += 1
                if attempts < WRITE_ATTEMPTS and not stopping:
                    retry = records
                    logger.warning("prediction log: write failed, will retry (%s)", err)
                else:
                    self._drop("write_failed", len(records))
                    logger.error("prediction log: %d predictions lost (%s)", len(records), err)
                    retry, attempts = [], 0
            finally:
                for event in waiting:
                    event.set()

    def _write(self, records: list[PredictionRecord]) -> None:
        rows = []
        for record in records:
            try:
                rows.append(_row(record))
            except (TypeError, ValueError):
                self._drop("not_json", 1)
        if not rows:
            return
        with self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO predictions VALUES (?, ?, ?, ?, ?, ?, ?)", rows
            )
            self._trim()

    def _trim(self) -> None:
        # rowids grow with each insert (across processes too), so the newest
        # `max_records` rows are those within max_records of the largest.
        (newest,) = self._connection.execute("SELECT MAX(rowid) FROM predictions").fetchone()
        if newest is None or newest <= self.max_records:
            return
        cutoff = newest - self.max_records
        self._connection.execute(
            "DELETE FROM feedback WHERE request_id IN "
            "(SELECT request_id FROM predictions WHERE rowid <= ?)",
            (cutoff,),
        )
        self._connection.execute("DELETE FROM predictions WHERE rowid <= ?", (cutoff,))


def _row(record: PredictionRecord) -> tuple[object, ...]:
    return (
        record.request_id,
        record.logged_at,
        record.model_version,
        json.dumps(record.inputs),
        json.dumps(record.prediction),
        None if record.probabilities is None else json.dumps(record.probabilities),
        record.latency_ms,
    )


def find_prediction(connection: sqlite3.Connection, request_id: str) -> LoggedPrediction | None:
    """The logged prediction with this request id, or None."""
    row = connection.execute(
        f"{_SELECT} WHERE p.request_id = ?",
        (request_id,),
    ).fetchone()
    return None if row is None else _as_logged(row)


@contextmanager
def open_read_only(path: Path) -> Iterator[sqlite3.Connection]:
    """Open an existing log for reading; a missing one is an error, not created.

    SQLite keeps its WAL files (-wal, -shm) beside a log it reads, as beside one it
    writes. A log in a folder the user cannot write (a container's, a read-only
    mount) is read as the file stands, without the last writes not yet moved into it
    from its WAL: SQLite cannot share the WAL there.
    """
    uri = path.resolve().as_uri()
    connection = sqlite3.connect(f"{uri}?mode=ro", uri=True)
    try:
        connection.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
    except sqlite3.OperationalError as err:
        connection.close()
        if "readonly" not in str(err):
            raise
        connection = sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True)
    try:
        yield connection
    finally:
        connection.close()


def read_predictions(path: Path) -> list[LoggedPrediction]:
    """Every prediction in the log at `path`, oldest first, each with its feedback."""
    with open_read_only(path) as connection:
        rows = connection.execute(f"{_SELECT} ORDER BY p.rowid").fetchall()
    return [_as_logged(row) for row in rows]


_SELECT: Final = (
    "SELECT p.request_id, p.logged_at, p.model_version, p.inputs, p.prediction, "
    "p.probabilities, p.latency_ms, f.actual "
    "FROM predictions AS p LEFT JOIN feedback AS f ON f.request_id = p.request_id"
)


def _as_logged(row: tuple[Any, ...]) -> LoggedPrediction:
    request_id, logged_at, version, inputs, prediction, probabilities, latency, actual = row
    return LoggedPrediction(
        request_id=request_id,
        logged_at=logged_at,
        model_version=version,
        inputs=json.loads(inputs),
        prediction=json.loads(prediction),
        probabilities=None if probabilities is None else json.loads(probabilities),
        latency_ms=latency,
        actual=None if actual is None else json.loads(actual),
    )
