"""Bad uploads get a 4xx naming the field, never a 500 or a prediction; the service serves on."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Callable, Iterator
from typing import Any, Protocol

import numpy as np
import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from digit_classifier.config import MAX_IMAGE_PIXELS

Upload = dict[str, tuple[str, bytes, str]]
# Limits small enough to test with small images.
MAX_BYTES, MAX_PIXELS = 2048, 400


class Response(Protocol):
    """What these tests read of a TestClient response."""

    status_code: int
    text: str

    def json(self) -> Any: ...


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def noise(side: int) -> bytes:
    """A PNG that compresses badly: about 3 x side² bytes."""
    pixels = np.random.default_rng(side).integers(0, 256, (side, side, 3), dtype=np.uint8)
    return png(Image.fromarray(pixels))


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims `width` x `height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        crc = struct.pack(">I", zlib.crc32(kind + data))
        return struct.pack(">I", len(data)) + kind + data + crc

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    body = chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(b"\0" * 64))
    return b"\x89PNG\r\n\x1a\n" + body + chunk(b"IEND", b"")


def assert_refused(response: Response, status: int, *, loc: list[str | int], says: str) -> None:
    """A `status` whose message and detail both point at the field at `loc`."""
    assert response.status_code == status, response.text
    body = response.json()
    assert says in body["message"]
    assert [problem["loc"] for problem in body["detail"]] == [loc]


def assert_still_serving(client: TestClient, upload: Upload) -> None:
    response = client.post("/v1/predict", files=upload)
    assert response.status_code == 200, response.text


@pytest.fixture(scope="module")
def limited(make_app: Callable[..., FastAPI]) -> Iterator[TestClient]:
    with TestClient(make_app(max_image_bytes=MAX_BYTES, max_image_pixels=MAX_PIXELS)) as client:
        yield client


@pytest.mark.parametrize("path", ["/v1/predict", "/v1/predict/batch"])
@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        ('{"file": "digit.png"}', "application/json"),
        ("digit.png", "text/plain"),
        ("file=digit.png", "application/x-www-form-urlencoded"),
        ("", None),
    ],
)
def test_a_body_that_is_not_a_form_upload_is_415(
    client: TestClient, upload: Upload, path: str, content: str, content_type: str | None
) -> None:
    headers = {"content-type": content_type} if content_type else {}

    response = client.post(path, content=content, headers=headers)

    assert response.status_code == 415, response.text
    assert "multipart/form-data" in response.json()["detail"]
    assert "-F file=@image.png" in response.json()["detail"]
    assert_still_serving(client, upload)


@pytest.mark.parametrize(
    "data",
    [b"plain text", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n" + b"\0" * 30, noise(40)[:500]],
    ids=["text", "pdf", "broken-png", "truncated-png"],
)
def test_a_file_that_is_not_a_readable_image_is_422_naming_file(
    client: TestClient, upload: Upload, data: bytes
) -> None:
    response = client.post("/v1/predict", files={"file": ("digit.png", data, "image/png")})

    assert_refused(response, 422, loc=["body", "file"], says="file: ")
    assert response.json()["detail"][0]["type"] == "image_invalid"
    assert_still_serving(client, upload)


def test_a_batch_names_the_position_of_the_file_that_is_not_an_image(
    client: TestClient, upload: Upload
) -> None:
    good = upload["file"]
    files = [
        ("files", good),
        ("files", ("notes.txt", b"not an image", "text/plain")),
        ("files", good),
    ]

    response = client.post("/v1/predict/batch", files=files)

    assert_refused(response, 422, loc=["body", "files", 1], says="files.1: not an image")
    assert_still_serving(client, upload)


def test_an_empty_file_is_422(client: TestClient, upload: Upload) -> None:
    single = client.post("/v1/predict", files={"file": ("empty.png", b"", "image/png")})
    batch = client.post(
        "/v1/predict/batch",
        files=[("files", upload["file"]), ("files", ("e.png", b"", "image/png"))],
    )

    assert_refused(single, 422, loc=["body", "file"], says="file: the file is empty")
    assert_refused(batch, 422, loc=["body", "files", 1], says="files.1: the file is empty")
    assert_still_serving(client, upload)


@pytest.mark.parametrize(("width", "height"), [(20_000, 20_000), (10_000, 10_000), (8_000, 6_000)])
def test_a_decompression_bomb_is_422_before_it_is_decoded(
    client: TestClient, upload: Upload, width: int, height: int
) -> None:
    bomb = ("bomb.png", png_claiming(width, height), "image/png")

    response = client.post("/v1/predict", files={"file": bomb})

    assert_refused(
        response, 422, loc=["body", "file"], says=f"more than {MAX_IMAGE_PIXELS:,} pixels"
    )
    assert_still_serving(client, upload)


def test_max_image_pixels_limits_the_pixels(limited: TestClient) -> None:
    small, large = png(Image.new("L", (20, 20))), png(Image.new("L", (20, 21)))

    accepted = limited.post("/v1/predict", files={"file": ("small.png", small, "image/png")})
    refused = limited.post("/v1/predict", files={"file": ("large.png", large, "image/png")})

    assert accepted.status_code == 200, accepted.text
    assert_refused(refused, 422, loc=["body", "file"], says=f"more than {MAX_PIXELS} pixels")


def test_a_file_over_max_image_bytes_is_413_naming_the_limit(limited: TestClient) -> None:
    fits, too_big = png(Image.new("L", (20, 20))), noise(30)
    assert len(too_big) > MAX_BYTES

    single = limited.post("/v1/predict", files={"file": ("big.png", too_big, "image/png")})
    batch = limited.post(
        "/v1/predict/batch",
        files=[("files", ("a.png", fits, "image/png")), ("files", ("b.png", too_big, "image/png"))],
    )

    assert_refused(
        single, 413, loc=["body"], says=f"file: the file is larger than {MAX_BYTES:,} bytes"
    )
    assert "(MAX_IMAGE_BYTES)" in single.json()["message"]
    assert_refused(batch, 413, loc=["body"], says="files[1]: the file is larger")
    assert_still_serving(limited, {"file": ("a.png", fits, "image/png")})


@pytest.mark.parametrize(
    ("path", "field", "missing"),
    [("/v1/predict", "image", "file"), ("/v1/predict/batch", "file", "files")],
)
def test_an_upload_in_another_field_is_422_naming_the_field_expected(
    client: TestClient, upload: Upload, path: str, field: str, missing: str
) -> None:
    response = client.post(path, files={field: upload["file"]})

    assert_refused(response, 422, loc=["body", missing], says=f"{missing}: Field required")
    assert_still_serving(client, upload)
