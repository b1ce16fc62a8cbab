"""One structured log line per request."""

import json
import logging

import pytest
from fastapi.testclient import TestClient

from digit_classifier.api.request_log import JsonFormatter

LOGGER = "digit_classifier.api.request_log"


def test_each_request_logs_method_path_status_and_latency(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)

    client.get("/health")
    client.post("/v1/predict", json={})

    records = [r for r in caplog.records if r.name == LOGGER]
    assert [(r.method, r.path, r.status) for r in records] == [  # type: ignore[attr-defined]
        ("GET", "/health", 200),
        ("POST", "/v1/predict", 415),
    ]
    assert all(r.latency_ms >= 0 for r in records)  # type: ignore[attr-defined]


def test_json_formatter_writes_one_json_object_with_the_extra_fields() -> None:
    record = logging.makeLogRecord(
        {"name": LOGGER, "levelname": "INFO", "msg": "request", "method": "GET", "status": 200}
    )

    line = JsonFormatter().format(record)

    assert "\n" not in line
    payload = json.loads(line)
    assert payload["message"] == "request"
    assert payload["level"] == "info"
    assert payload["method"] == "GET"
    assert payload["status"] == 200
    assert payload["time"].endswith("Z")
