"""Fixtures for the monitoring tests: prediction logs written by hand from the test split.

A log is written the way the service writes one (prediction_log.connect, its tables),
from the session's test split as it is or shifted as `simulate --shift` sends it,
with the session model's real predictions.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from digit_classifier.config import MonitorRule, Paths
from digit_classifier.images import pixel_stats, prepare
from digit_classifier.modeling.predict import Predictor
from digit_classifier.monitoring.request import Request
from digit_classifier.monitoring.traffic import test_requests
from digit_classifier.prediction_log import connect, utc_now

# The session's test split can be small (a few images of a few classes): judge from ten.
RULE = MonitorRule(min_records=10, min_feedback=10)


@dataclass(frozen=True)
class LogRow:
    """One logged prediction, and its feedback when `actual` is not None."""

    request_id: str
    model_version: str
    inputs: dict[str, Any]
    prediction: str | float
    actual: str | float | None


LogWriter = Callable[[Path, Sequence[LogRow]], Path]
RowMaker = Callable[..., list[LogRow]]


@pytest.fixture(scope="session")
def rule() -> MonitorRule:
    return RULE


@pytest.fixture(scope="session")
def write_log() -> LogWriter:
    """Write rows into a new prediction log at a path, as the service's tables hold them."""

    def write(path: Path, rows: Sequence[LogRow]) -> Path:
        with closing(connect(path)) as connection, connection:
            connection.executemany(
                "INSERT INTO predictions VALUES (?, ?, ?, ?, ?, ?, ?)",
                [
                    (
                        row.request_id,
                        utc_now(),
                        row.model_version,
                        json.dumps(row.inputs),
                        json.dumps(row.prediction),
                        None,  # no probabilities: the monitor does not read them
                        1.0,
                    )
                    for row in rows
                ],
            )
            connection.executemany(
                "INSERT INTO feedback VALUES (?, ?, ?)",
                [
                    (row.request_id, json.dumps(row.actual), utc_now())
                    for row in rows
                    if row.actual is not None
                ],
            )
        return path

    return write


@pytest.fixture(scope="session")
def make_rows(project_paths: Paths, predictor: Predictor) -> RowMaker:
    """Rows for the test split (shifted or not), predicted by the session's model."""
    current = predictor.metadata.model_version

    def make(
        *, shift: bool = False, model_version: str | None = None, feedback: bool = True
    ) -> list[LogRow]:
        requests = test_requests(project_paths, shift=shift)
        inputs, predictions = _predicted(predictor, requests)
        version = model_version or current
        return [
            LogRow(
                request_id=f"{version}-{shift}-{index}",
                model_version=version,
                inputs=record,
                prediction=prediction,
                actual=request.actual if feedback else None,
            )
            for index, (request, record, prediction) in enumerate(
                zip(requests, inputs, predictions, strict=True)
            )
        ]

    return make


def _predicted(
    predictor: Predictor, requests: Sequence[Request]
) -> tuple[list[dict[str, Any]], list[str | float]]:
    """What the service would log for each request: its inputs and the prediction."""
    inputs, pixels = [], []
    for request in requests:
        assert request.files is not None
        data = request.files["file"][1]
        prepared = prepare(data)
        width, height = prepared.size
        inputs.append(
            {"width": width, "height": height, "mode": prepared.mode, "bytes": len(data)}
            | pixel_stats(prepared.pixels)
        )
        pixels.append(prepared.pixels)
    return inputs, [prediction.prediction for prediction in predictor.predict(pixels)]
