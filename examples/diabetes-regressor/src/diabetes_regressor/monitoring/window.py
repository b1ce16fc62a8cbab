"""The part of the prediction log that `monitor` judges: the current model's newest rows.

A log keeps up to PREDICTION_LOG_MAX_RECORDS predictions (a million by default).
Judged all at once, a drift that began an hour ago is a sliver of them and goes
unseen; so the monitor judges the newest `last` predictions of the current model,
optionally none older than `since`. SQLite selects them (walking back from the newest
row, which is cheap however long the log), and only the columns the monitor compares
are decoded: not the probabilities, not the latencies.
"""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any, Final

from ..errors import PredictionLogError
from ..prediction_log import open_read_only
from ..timestamps import UTC

# The window: the current model's newest rows, with their feedback. rowid grows with
# every insert, so ordering by it is ordering by arrival, across worker processes too.
_WINDOW: Final = (
    "SELECT p.request_id, p.logged_at, p.inputs, p.prediction, f.actual "
    "FROM predictions AS p LEFT JOIN feedback AS f ON f.request_id = p.request_id "
    "WHERE p.model_version = ? AND p.logged_at >= ? "
    "ORDER BY p.rowid DESC LIMIT ?"
)
# Counting reads no row's JSON: what the log holds, and how much of it is this model's.
_COUNTS: Final = "SELECT COUNT(*), COALESCE(SUM(model_version = ?), 0) FROM predictions"


@dataclass(frozen=True, slots=True)
class JudgedPrediction:
    """A logged prediction as the monitor reads it: what went in, what came out, and
    the true outcome when feedback arrived."""

    request_id: str
    logged_at: str
    inputs: dict[str, Any]
    prediction: str | float
    actual: str | float | None


@dataclass(frozen=True)
class LogWindow:
    """The judged predictions, oldest first, and what the whole log holds."""

    predictions: list[JudgedPrediction]
    logged: int  # every prediction in the log, of any model
    current_version: int  # the current model's, in the window or not


def read_window(
    path: Path, *, model_version: str, last: int, since: datetime | None = None
) -> LogWindow:
    """The newest `last` predictions of `model_version` in the log at `path`, logged at
    or after `since` (an aware datetime) if given.

    Raises PredictionLogError if the file is not a prediction log, or a row of the
    window is not the JSON the service writes.
    """
    # The log writes its times as isoformat() in UTC, so `since` written the same way
    # compares as the times do; "" is before every time.
    earliest = "" if since is None else since.astimezone(UTC).isoformat()
    try:
        with open_read_only(path) as connection:
            logged, current = connection.execute(_COUNTS, (model_version,)).fetchone()
            rows = connection.execute(_WINDOW, (model_version, earliest, last)).fetchall()
    except (sqlite3.Error, OSError) as err:
        raise PredictionLogError(f"{path} cannot be read as a prediction log ({err})") from err
    return LogWindow(
        predictions=[_decoded(path, row) for row in reversed(rows)],
        logged=int(logged),
        current_version=int(current),
    )


def _decoded(path: Path, row: tuple[Any, ...]) -> JudgedPrediction:
    request_id, logged_at, inputs, prediction, actual = row
    try:
        decoded_inputs = json.loads(inputs)
        decoded_prediction = json.loads(prediction)
        decoded_actual = None if actual is None else json.loads(actual)
    except (TypeError, ValueError) as err:
        raise PredictionLogError(
            f"{path}: the row of request {request_id} is not valid JSON ({err}); "
            "the log is damaged: delete that row, or start a new log"
        ) from err
    if not isinstance(decoded_inputs, dict):
        raise PredictionLogError(
            f"{path}: the inputs of request {request_id} are not a JSON object; "
            "the log is damaged: delete that row, or start a new log"
        )
    return JudgedPrediction(
        request_id=request_id,
        logged_at=logged_at,
        inputs=decoded_inputs,
        prediction=decoded_prediction,
        actual=decoded_actual,
    )
