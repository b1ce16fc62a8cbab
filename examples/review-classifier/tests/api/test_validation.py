"""Invalid requests get a 422 that names the field, never a 500 or a prediction."""

from collections.abc import Callable, Iterator
from typing import Any, Protocol

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from review_classifier.settings import Settings

Record = dict[str, Any]
# A limit small enough to test with short texts.
LIMIT = 40


class Response(Protocol):
    """What these tests read of a TestClient response."""

    status_code: int
    text: str

    def json(self) -> Any: ...


def assert_rejected(response: Response, *, field: str) -> None:
    """A 422 whose message and detail both point at `field`."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert field in body["message"]
    assert any(field in ".".join(map(str, problem["loc"])) for problem in body["detail"])


def assert_still_serving(client: TestClient, record: Record) -> None:
    response = client.post("/v1/predict", json=record)
    assert response.status_code == 200, response.text


@pytest.fixture(scope="module")
def limited(make_app: Callable[..., FastAPI]) -> Iterator[TestClient]:
    with TestClient(make_app(max_text_chars=LIMIT)) as client:
        yield client


def test_missing_text_is_rejected(client: TestClient, record: Record) -> None:
    assert_rejected(client.post("/v1/predict", json={}), field="text")
    assert_still_serving(client, record)


@pytest.mark.parametrize("text", ["", "   ", "\n\t ", "\u3000"])
def test_blank_text_is_rejected(client: TestClient, record: Record, text: str) -> None:
    response = client.post("/v1/predict", json={"text": text})

    assert_rejected(response, field="text")
    assert_still_serving(client, record)


@pytest.mark.parametrize("value", [42, 4.2, True, None, ["a text"], {"text": "a text"}])
def test_text_must_be_a_json_string(client: TestClient, record: Record, value: object) -> None:
    assert_rejected(client.post("/v1/predict", json={"text": value}), field="text")
    assert_still_serving(client, record)


def test_unknown_field_is_rejected(client: TestClient, record: Record) -> None:
    response = client.post("/v1/predict", json={**record, "review": "a second text"})

    assert_rejected(response, field="review")
    assert_still_serving(client, record)


def test_text_over_the_limit_is_rejected_naming_the_limit(limited: TestClient) -> None:
    response = limited.post("/v1/predict", json={"text": "a" * (LIMIT + 1)})

    assert_rejected(response, field="text")
    assert f"at most {LIMIT} characters" in response.json()["message"]
    assert_still_serving(limited, {"text": "a" * LIMIT})


def test_default_limit_is_max_text_chars(client: TestClient, record: Record) -> None:
    limit = Settings(_env_file=None).max_text_chars  # type: ignore[call-arg]
    accepted = client.post("/v1/predict", json={"text": "a " * (limit // 2)})
    rejected = client.post("/v1/predict", json={"text": "a" * (limit + 1)})

    assert accepted.status_code == 200, accepted.text
    assert_rejected(rejected, field="text")
    assert f"at most {limit} characters" in rejected.json()["message"]


@pytest.mark.parametrize("bad", [{}, {"text": ""}, {"text": 7}, {"text": "ok", "extra": 1}])
def test_one_bad_text_rejects_the_whole_batch(
    client: TestClient, record: Record, bad: Record
) -> None:
    response = client.post("/v1/predict/batch", json={"records": [record, bad, record]})

    assert response.status_code == 422, response.text
    locations = [problem["loc"] for problem in response.json()["detail"]]
    assert all(loc[:3] == ["body", "records", 1] for loc in locations)
    assert "records.1" in response.json()["message"]
    assert_still_serving(client, record)


def test_an_empty_batch_is_rejected(client: TestClient) -> None:
    assert_rejected(client.post("/v1/predict/batch", json={"records": []}), field="records")


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        ("{not json", "application/json"),
        ("", "application/json"),
        ("[]", "application/json"),
        ('"text"', "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        ('{"text": "a"}', "text/plain"),
    ],
)
@pytest.mark.parametrize("path", ["/v1/predict", "/v1/predict/batch"])
def test_body_that_is_not_a_json_object_is_rejected(
    client: TestClient, path: str, content: str | bytes, content_type: str
) -> None:
    response = client.post(path, content=content, headers={"content-type": content_type})

    assert_rejected(response, field="body")
