"""One structured log line per request, naming the id its response carries."""

import json
import logging

import pytest
from fastapi.testclient import TestClient

from co2_forecast.api.request_log import JsonFormatter

LOGGER = "co2_forecast.api.request_log"


def test_each_request_logs_method_path_status_latency_and_id(
    client: TestClient, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO, logger=LOGGER)

    responses = [
        client.get("/health"),
        client.post("/v1/forecast", json={"horizon": 1}),
        client.post("/v1/forecast", json={"horizon": 0}),
    ]

    records = [r for r in caplog.records if r.name == LOGGER]
    assert [(r.method, r.path, r.status) for r in records] == [  # type: ignore[attr-defined]
        ("GET", "/health", 200),
        ("POST", "/v1/forecast", 200),
        ("POST", "/v1/forecast", 422),
    ]
    assert all(r.latency_ms >= 0 for r in records)  # type: ignore[attr-defined]
    assert [r.request_id for r in records] == [  # type: ignore[attr-defined]
        response.headers["x-request-id"] for response in responses
    ]


def test_json_formatter_writes_one_json_object_with_the_extra_fields() -> None:
    record = logging.makeLogRecord(
        {"name": LOGGER, "levelname": "INFO", "msg": "request", "method": "POST", "status": 200}
    )

    line = JsonFormatter().format(record)

    assert "\n" not in line
    payload = json.loads(line)
    assert payload["message"] == "request"
    assert payload["level"] == "info"
    assert payload["method"] == "POST"
    assert payload["status"] == 200
    assert payload["time"].endswith("Z")
