"""The body cap: over MAX_BODY_BYTES, 413 before the body is read, and the service serves on."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from co2_forecast.api.body_limit import BodyLimitMiddleware
from co2_forecast.settings import Settings

LIMIT = 4096


@pytest.fixture(scope="module")
def capped(app: FastAPI, client: TestClient) -> TestClient:
    """The session's app (its model loaded by `client`) behind a smaller cap.

    Not a second app: the cap alone is under test, on the app that is being served.
    """
    return TestClient(BodyLimitMiddleware(app, max_bytes=LIMIT))


def test_a_declared_length_over_the_cap_is_refused_unread(capped: TestClient) -> None:
    body = b'{"horizon": 1' + b" " * (LIMIT + 10) + b"}"

    response = capped.post(
        "/v1/forecast", content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 413
    assert "MAX_BODY_BYTES" in response.json()["message"]
    assert response.json()["detail"][0]["type"] == "body_too_large"
    assert capped.post("/v1/forecast", json={"horizon": 1}).status_code == 200


def test_a_streamed_body_without_a_length_is_cut_off_at_the_cap(capped: TestClient) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"horizon": 1'
        for _ in range(LIMIT // 16 + 1):
            yield b"                "  # never a whole body: the cap ends it first
        yield b"}"

    response = capped.post(
        "/v1/forecast", content=chunks(), headers={"Content-Type": "application/json"}
    )

    assert "content-length" not in response.request.headers
    assert response.status_code == 413
    assert "MAX_BODY_BYTES" in response.json()["message"]
    assert capped.post("/v1/forecast", json={"horizon": 1}).status_code == 200


def test_the_served_app_caps_bodies_at_its_setting(client: TestClient) -> None:
    """The cap is wired in create_app from MAX_BODY_BYTES, not only testable apart."""
    limit = Settings(_env_file=None).max_body_bytes  # type: ignore[call-arg]
    body = b'{"horizon": 1' + b" " * limit + b"}"

    refused = client.post(
        "/v1/forecast", content=body, headers={"Content-Type": "application/json"}
    )

    assert refused.status_code == 413
    assert client.post("/v1/forecast", json={"horizon": 1}).status_code == 200
