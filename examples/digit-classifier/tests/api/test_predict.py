"""POST /v1/predict and /v1/predict/batch answer for uploads what the Predictor answers."""

from __future__ import annotations

import io
from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from PIL import Image

from digit_classifier.config import IMAGE_SIZE
from digit_classifier.modeling.metadata import ModelMetadata
from digit_classifier.modeling.predict import Prediction, Predictor
from digit_classifier.schema import IMAGE_FEATURE
from digit_classifier.settings import Settings

Upload = dict[str, tuple[str, bytes, str]]


def encode(image: Image.Image, format: str = "PNG") -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format)
    return buffer.getvalue()


def as_response_item(prediction: Prediction, model_version: str, request_id: str) -> dict[str, Any]:
    """The JSON the API should send for `prediction`."""
    return {
        "prediction": prediction.prediction,
        "probabilities": prediction.probabilities,
        "model_version": model_version,
        "request_id": request_id,
    }


@pytest.fixture(scope="module")
def images(example_image: bytes) -> list[tuple[str, bytes, str]]:
    """Uploads unlike each other: the example, and images of other formats, modes and sizes."""
    return [
        ("example.png", example_image, "image/png"),
        ("white.jpg", encode(Image.new("RGB", (60, 40), "white"), "JPEG"), "image/jpeg"),
        ("dark.gif", encode(Image.new("P", (10, 10), 0), "GIF"), "image/gif"),
        ("clear.webp", encode(Image.new("RGBA", (20, 30), (0, 0, 0, 0)), "WEBP"), "image/webp"),
        ("grey.bmp", encode(Image.new("L", (7, 7), 128), "BMP"), "application/octet-stream"),
    ]


def test_predict_matches_the_predictor(
    client: TestClient, predictor: Predictor, upload: Upload, example_image: bytes
) -> None:
    response = client.post("/v1/predict", files=upload)

    assert response.status_code == 200, response.text
    (expected,) = predictor.predict_files([example_image])
    request_id = response.headers["x-request-id"]
    assert response.json() == as_response_item(
        expected, predictor.metadata.model_version, request_id
    )


def test_batch_matches_the_predictor_image_by_image(
    client: TestClient, predictor: Predictor, images: list[tuple[str, bytes, str]]
) -> None:
    response = client.post("/v1/predict/batch", files=[("files", image) for image in images])

    assert response.status_code == 200, response.text
    version = predictor.metadata.model_version
    expected = predictor.predict_files([data for _, data, _ in images])
    request_id = response.headers["x-request-id"]
    assert response.json() == {
        "predictions": [
            as_response_item(p, version, f"{request_id}-{index}")
            for index, p in enumerate(expected)
        ],
        "request_id": request_id,
    }


def test_batch_item_equals_the_single_prediction(
    client: TestClient, images: list[tuple[str, bytes, str]]
) -> None:
    last = images[-1]

    single = client.post("/v1/predict", files={"file": last}).json()
    batch = client.post("/v1/predict/batch", files=[("files", images[0]), ("files", last)]).json()

    assert batch["predictions"][1] | {"request_id": None} == single | {"request_id": None}
    assert batch["predictions"][1]["request_id"] == f"{batch['request_id']}-1"


def test_prediction_is_the_most_probable_class(
    client: TestClient, metadata: ModelMetadata, upload: Upload
) -> None:
    body = client.post("/v1/predict", files=upload).json()

    probabilities = body["probabilities"]
    assert list(probabilities) == list(metadata.classes or ())
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert body["prediction"] == max(probabilities, key=probabilities.__getitem__)


def test_a_batch_of_max_batch_images_is_accepted_and_one_more_is_not(
    client: TestClient, example_image: bytes
) -> None:
    limit = Settings(_env_file=None).max_batch  # type: ignore[call-arg]
    image = ("example.png", example_image, "image/png")

    full = client.post("/v1/predict/batch", files=[("files", image)] * limit)
    too_many = client.post("/v1/predict/batch", files=[("files", image)] * (limit + 1))

    assert full.status_code == 200, full.text
    assert len(full.json()["predictions"]) == limit
    assert too_many.status_code == 422
    assert too_many.json()["detail"][0]["loc"] == ["body", "files"]
    assert f"more than the {limit} accepted (MAX_BATCH)" in too_many.json()["message"]


def test_max_batch_setting_limits_the_batch(
    make_app: Callable[..., FastAPI], example_image: bytes
) -> None:
    image = ("example.png", example_image, "image/png")
    with TestClient(make_app(max_batch=2)) as client:
        accepted = client.post("/v1/predict/batch", files=[("files", image)] * 2)
        rejected = client.post("/v1/predict/batch", files=[("files", image)] * 3)

    assert accepted.status_code == 200
    assert rejected.status_code == 422
    assert "3 files, more than the 2 accepted" in rejected.json()["message"]


def test_the_example_image_is_served_and_is_the_documented_example(
    client: TestClient, example_image: bytes, metadata: ModelMetadata
) -> None:
    response = client.get("/v1/example")

    assert response.status_code == 200
    assert response.headers["content-type"] == "image/png"
    assert response.content == example_image
    with Image.open(io.BytesIO(response.content)) as image:
        assert image.size == (IMAGE_SIZE, IMAGE_SIZE)
    assert client.get("/v1/model").json()["example"] == metadata.example_record


def test_the_model_is_described_as_taking_one_image(client: TestClient) -> None:
    (feature,) = client.get("/v1/model").json()["features"]

    assert feature == IMAGE_FEATURE.to_dict()
    assert feature["kind"] == "image"
    assert feature["min"] == feature["max"] == IMAGE_SIZE
