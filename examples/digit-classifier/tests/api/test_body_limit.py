"""The body cap: over MAX_BODY_BYTES, 413 before the body is read, and the service serves on."""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from digit_classifier.api.body_limit import (
    MIN_BODY_BYTES,
    BodyLimitMiddleware,
    default_body_limit,
)
from digit_classifier.settings import Settings

# A form field and its file: (name, bytes, content type).
Upload = dict[str, Any]

LIMIT = 4096


@pytest.fixture(scope="module")
def capped(app: FastAPI, client: TestClient) -> TestClient:
    """The session's app (its model loaded by `client`) behind a smaller cap.

    Not a second app: each would register its Prometheus metrics again.
    """
    return TestClient(BodyLimitMiddleware(app, max_bytes=LIMIT))


@pytest.fixture(scope="module")
def small_upload() -> Upload:
    """A valid upload well under the cap, which the example image need not be."""
    buffer = io.BytesIO()
    Image.new("L", (8, 8), 128).save(buffer, format="PNG")
    return {"file": ("small.png", buffer.getvalue(), "image/png")}


def test_a_declared_length_over_the_cap_is_refused_unread(
    capped: TestClient, small_upload: Upload
) -> None:
    body = b"{" + b" " * (LIMIT + 10) + b"}"

    response = capped.post(
        "/v1/predict", content=body, headers={"Content-Type": "application/json"}
    )

    assert response.status_code == 413
    assert "MAX_BODY_BYTES" in response.json()["message"]
    assert response.json()["detail"][0]["type"] == "body_too_large"
    assert capped.post("/v1/predict", files=small_upload).status_code == 200


def test_a_streamed_body_without_a_length_is_cut_off_at_the_cap(
    capped: TestClient, small_upload: Upload
) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'--cut\r\nContent-Disposition: form-data; name="file"; filename="a.png"\r\n\r\n'
        for _ in range(LIMIT // 16):
            yield b"0123456789abcdef"  # never a whole body: the cap ends it first

    response = capped.post(
        "/v1/predict",
        content=chunks(),
        headers={"Content-Type": "multipart/form-data; boundary=cut"},
    )

    assert response.status_code == 413
    assert "MAX_BODY_BYTES" in response.json()["message"]
    assert capped.post("/v1/predict", files=small_upload).status_code == 200


def test_a_full_batch_fits_under_the_default_cap(client: TestClient, upload: Upload) -> None:
    batch = [("files", upload["file"])] * Settings(_env_file=None).max_batch  # type: ignore[call-arg]

    response = client.post("/v1/predict/batch", files=batch)

    assert response.status_code == 200


def test_the_default_cap_grows_with_the_batch_size_and_stays_bounded() -> None:
    record_bytes = 1500

    assert default_body_limit(record_bytes, 1) == MIN_BODY_BYTES
    assert default_body_limit(record_bytes, 100) < default_body_limit(record_bytes, 1000)
    assert default_body_limit(record_bytes, 10**9) == 8 * 1024 * 1024
