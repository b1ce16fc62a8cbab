"""The body cap: over MAX_BODY_BYTES, 413 before the body is read, and the service serves on."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from review_classifier.api.body_limit import (
    MIN_BODY_BYTES,
    BodyLimitMiddleware,
    default_body_limit,
)

LIMIT = 4096


@pytest.fixture(scope="module")
def capped(app: FastAPI, client: TestClient) -> TestClient:
    """The session's app (its model loaded by `client`) behind a smaller cap.

    Not a second app: each would register its Prometheus metrics again.
    """
    return TestClient(BodyLimitMiddleware(app, max_bytes=LIMIT))


def test_a_declared_length_over_the_cap_is_refused_unread(
    capped: TestClient, record: dict[str, Any]
) -> None:
    body = b"{" + b" " * (LIMIT + 10) + b"}"

    response = capped.post(
        "/v1/predict", content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 413
    assert "MAX_BODY_BYTES" in response.json()["message"]
    assert response.json()["detail"][0]["type"] == "body_too_large"
    assert capped.post("/v1/predict", json=record).status_code == 200


def test_a_streamed_body_without_a_length_is_cut_off_at_the_cap(
    capped: TestClient, record: dict[str, Any]
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"records": ['
        for _ in range(LIMIT // 16):
            yield b"                "  # never a whole body: the cap ends it first

    response = capped.post(
        "/v1/predict/batch", content=chunks(), headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 413
    assert "MAX_BODY_BYTES" in response.json()["message"]
    assert capped.post("/v1/predict", json=record).status_code == 200


def test_a_full_batch_fits_under_the_default_cap(
    client: TestClient, record: dict[str, Any]
) -> None:
    batch = {"records": [record] * 1000}  # MAX_BATCH's default

    response = client.post("/v1/predict/batch", json=batch)

    assert response.status_code == 200


def test_the_default_cap_grows_with_the_batch_size_and_stays_bounded() -> None:
    record_bytes = 1500

    assert default_body_limit(record_bytes, 1) == MIN_BODY_BYTES
    assert default_body_limit(record_bytes, 100) < default_body_limit(record_bytes, 1000)
    assert default_body_limit(record_bytes, 10**9) == 8 * 1024 * 1024
