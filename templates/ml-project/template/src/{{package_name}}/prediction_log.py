"""The prediction log: a row per prediction and its feedback, in one SQLite file.

SQLite, not a text file, for three reasons: several worker processes can write one
file safely (each write takes the database's lock, and WAL lets readers in meanwhile);
feedback finds its prediction by request id through the primary key instead of a
scan; and `monitor` reads it back with the standard library.

A request never waits for the disk: it appends its rows to a bounded buffer in
memory, and one thread per process writes what has gathered there every
FLUSH_SECONDS, in one transaction. The request does not even wake that thread (a
wake-up per prediction, and a commit per row, cost a quarter of the service's
throughput when measured). When the disk falls so far behind that the buffer is
full, rows are dropped and counted rather than slowing the service.
The log keeps the newest `max_records` predictions: older rows are deleted as new
ones arrive, so the file stops growing once it holds that many.
"""

from __future__ import annotations

import json
import logging
import sqlite3
import threading
from collections import deque
from collections.abc import Iterator, Mapping
from contextlib import closing, contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

logger = logging.getLogger(__name__)

SCHEMA: Final = """
CREATE TABLE IF NOT EXISTS predictions (
    request_id TEXT PRIMARY KEY,
    logged_at TEXT NOT NULL,           -- ISO 8601, UTC
    model_version TEXT NOT NULL,
    inputs TEXT NOT NULL,              -- JSON object: what the model was given
    prediction TEXT NOT NULL,          -- JSON: the class label or the value
    probabilities TEXT,                -- JSON object keyed by class, or NULL
    latency_ms REAL NOT NULL           -- the model's time for the request's records
);
CREATE TABLE IF NOT EXISTS feedback (
    request_id TEXT PRIMARY KEY,
    actual TEXT NOT NULL,              -- JSON: the true class label or value
    received_at TEXT NOT NULL
);
"""
# How often the writer wakes to write what requests left in the buffer.
FLUSH_SECONDS: Final = 0.2
# How many rows are written between two deletions of the oldest.
TRIM_EVERY: Final = 1_000
# Seconds a writer waits for another process's lock before it gives up on a batch.
LOCK_TIMEOUT: Final = 10.0


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
    """

    def __init__(self, path: Path, *, max_records: int, buffer_size: int = 100_000) -> None:
        self.path = path
        self.max_records = max_records
        self.buffer_size = buffer_size
        self.dropped = 0
        # deque's append and popleft are atomic: request threads and the writer share
        # it without a lock. Besides records it carries the Events that `flush` waits
        # on, and the None that `close` sends.
        self._buffer: deque[PredictionRecord | threading.Event | None] = deque()
        self._wake = threading.Event()
        # Opened here, so an unwritable path fails at startup, not in the thread.
        self._connection = connect(path)
        self._thread = threading.Thread(target=self._write_forever, name="prediction-log")

    def start(self) -> None:
        """Start the writer thread."""
        self._thread.start()

    def record(self, record: PredictionRecord) -> None:
        """Buffer one prediction for writing; drop it (and count it) if the buffer is full."""
        if len(self._buffer) >= self.buffer_size:
            self.dropped += 1
            return
        self._buffer.append(record)

    def flush(self) -> None:
        """Wait until every prediction buffered so far is written."""
        if not self._thread.is_alive():
            return
        written = threading.Event()
        self._buffer.append(written)
        self._wake.set()
        written.wait()

    def close(self) -> None:
        """Write what is buffered, stop the thread and close the file."""
        if self._thread.is_alive():
            self._buffer.append(None)
            self._wake.set()
            self._thread.join()
            self._trim()
        self._connection.close()
        if self.dropped:
            logger.warning("prediction log: %d predictions dropped (buffer full)", self.dropped)

    def add_feedback(self, request_id: str, actual: str | float) -> LoggedPrediction | None:
        """Record the true outcome of a logged prediction; None if there is no such id.

        Sending feedback again for the same prediction replaces the earlier value.
        """
        self.flush()  # a prediction of this process may still be in the buffer
        with closing(connect(self.path)) as connection, connection:
            found = find_prediction(connection, request_id)
            if found is None:
                return None
            connection.execute(
                "INSERT INTO feedback (request_id, actual, received_at) VALUES (?, ?, ?) "
                "ON CONFLICT (request_id) DO UPDATE SET "
                "actual = excluded.actual, received_at = excluded.received_at",
                (request_id, json.dumps(actual), utc_now()),
            )
        return found

    def _write_forever(self) -> None:
        written_since_trim = 0
        stopping = False
        while not stopping:
            self._wake.wait(FLUSH_SECONDS)
            self._wake.clear()
            records: list[PredictionRecord] = []
            waiting: list[threading.Event] = []
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
                written_since_trim += len(records)
                if written_since_trim >= TRIM_EVERY:
                    self._trim()
                    written_since_trim = 0
            except (sqlite3.Error, TypeError, ValueError) as err:
                # A full disk, a lock held too long or a value JSON cannot hold loses
                # these rows, not the service.
                self.dropped += len(records)
                logger.error("prediction log: %d predictions not written (%s)", len(records), err)
            finally:
                for event in waiting:
                    event.set()

    def _write(self, records: list[PredictionRecord]) -> None:
        if not records:
            return
        with self._connection:
            self._connection.executemany(
                "INSERT OR REPLACE INTO predictions VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        record.request_id,
                        record.logged_at,
                        record.model_version,
                        json.dumps(record.inputs),
                        json.dumps(record.prediction),
                        None if record.probabilities is None else json.dumps(record.probabilities),
                        record.latency_ms,
                    )
                    for record in records
                ],
            )

    def _trim(self) -> None:
        # rowids grow with each insert (across processes too), so the newest
        # `max_records` rows are those within max_records of the largest.
        with self._connection:
            self._connection.execute(
                "DELETE FROM predictions WHERE rowid <= (SELECT MAX(rowid) FROM predictions) - ?",
                (self.max_records,),
            )
            self._connection.execute(
                "DELETE FROM feedback WHERE request_id NOT IN (SELECT request_id FROM predictions)"
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
    """Open an existing log for reading, without creating or changing anything."""
    connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
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
