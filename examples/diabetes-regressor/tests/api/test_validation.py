"""Invalid requests get a 422 that names the field, never a 500 or a prediction."""

import json
from typing import Any, Protocol

import pytest
from fastapi.testclient import TestClient

from diabetes_regressor.modeling.metadata import ModelMetadata

Record = dict[str, Any]


class Response(Protocol):
    """What these tests read of a TestClient response."""

    status_code: int
    text: str

    def json(self) -> Any: ...


def feature_named(metadata: ModelMetadata, *, kind: str, dtype: str | None = None) -> str:
    """The first feature of this kind (and dtype), or skip: not every data set has one."""
    for spec in metadata.features:
        if spec.kind == kind and (dtype is None or spec.dtype == dtype):
            return spec.name
    pytest.skip(f"this model has no {dtype or kind} feature")


def categorical(metadata: ModelMetadata) -> str:
    for spec in metadata.features:
        if spec.kind == "categorical" and spec.dtype != "bool":
            return spec.name
    pytest.skip("this model has no categorical feature")


def assert_rejected(response: Response, *, field: str) -> None:
    """A 422 whose message and detail both point at `field`."""
    assert response.status_code == 422, response.text
    body = response.json()
    assert field in body["message"]
    assert any(field in ".".join(map(str, problem["loc"])) for problem in body["detail"])


def test_missing_feature_is_rejected(
    client: TestClient, metadata: ModelMetadata, record: Record
) -> None:
    name = metadata.features[0].name
    del record[name]

    assert_rejected(client.post("/v1/predict", json=record), field=name)


def test_unknown_field_is_rejected(client: TestClient, record: Record) -> None:
    record["not_a_feature"] = 1

    assert_rejected(client.post("/v1/predict", json=record), field="not_a_feature")


@pytest.mark.parametrize("value", ["12.5", "abc", True, [1.0], {"value": 1.0}, ""])
def test_numeric_feature_takes_only_numbers(
    client: TestClient, metadata: ModelMetadata, record: Record, value: object
) -> None:
    name = feature_named(metadata, kind="numeric")
    record[name] = value

    assert_rejected(client.post("/v1/predict", json=record), field=name)


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity", "1e999"])
def test_non_finite_number_is_rejected(
    client: TestClient, metadata: ModelMetadata, record: Record, literal: str
) -> None:
    """Python's json module reads these literals; the API must not pass them on."""
    name = feature_named(metadata, kind="numeric")
    record[name] = "PLACEHOLDER"
    body = json.dumps(record).replace('"PLACEHOLDER"', literal)

    response = client.post(
        "/v1/predict", content=body, headers={"content-type": "application/json"}
    )

    assert_rejected(response, field=name)


def test_fractional_value_of_a_whole_number_feature_is_rejected(
    client: TestClient, metadata: ModelMetadata, record: Record
) -> None:
    name = feature_named(metadata, kind="numeric", dtype="int64")
    record[name] = 2.5

    assert_rejected(client.post("/v1/predict", json=record), field=name)


@pytest.mark.parametrize("value", ["not-a-category", 1, True])
def test_categorical_feature_takes_only_known_categories(
    client: TestClient, metadata: ModelMetadata, record: Record, value: object
) -> None:
    name = categorical(metadata)
    record[name] = value

    response = client.post("/v1/predict", json=record)

    assert_rejected(response, field=name)


@pytest.mark.parametrize("value", [1, "yes", "true"])
def test_boolean_feature_takes_only_booleans(
    client: TestClient, metadata: ModelMetadata, record: Record, value: object
) -> None:
    name = feature_named(metadata, kind="categorical", dtype="bool")
    record[name] = value

    assert_rejected(client.post("/v1/predict", json=record), field=name)


def test_null_is_rejected_where_training_data_had_no_gaps(
    client: TestClient, metadata: ModelMetadata, record: Record
) -> None:
    complete = [spec.name for spec in metadata.features if not spec.nullable]
    if not complete:
        pytest.skip("every feature had missing values in the training data")
    record[complete[0]] = None

    assert_rejected(client.post("/v1/predict", json=record), field=complete[0])


@pytest.mark.parametrize(
    ("content", "content_type"),
    [
        ("{not json", "application/json"),
        ("", "application/json"),
        ("[]", "application/json"),
        ("42", "application/json"),
        ('"text"', "application/json"),
        ("null", "application/json"),
        (b"\xff\xfe\x00", "application/json"),
        ("[" * 100_000, "application/json"),
        ('{"a": 1}', "text/plain"),
    ],
)
@pytest.mark.parametrize("path", ["/v1/predict", "/v1/predict/batch"])
def test_body_that_is_not_a_json_object_is_rejected(
    client: TestClient, path: str, content: str | bytes, content_type: str
) -> None:
    response = client.post(path, content=content, headers={"content-type": content_type})

    assert_rejected(response, field="body")


def test_empty_batch_is_rejected(client: TestClient) -> None:
    assert_rejected(client.post("/v1/predict/batch", json={"records": []}), field="records")


def test_batch_without_records_key_is_rejected(client: TestClient, record: Record) -> None:
    response = client.post("/v1/predict/batch", json={"items": [record]})

    assert_rejected(response, field="records")


def test_invalid_record_in_a_batch_is_named_by_position_and_field(
    client: TestClient, metadata: ModelMetadata, record: Record
) -> None:
    name = metadata.features[0].name
    broken = {key: value for key, value in record.items() if key != name}

    response = client.post("/v1/predict/batch", json={"records": [record, broken]})

    assert_rejected(response, field=f"records.1.{name}")


def test_record_sent_to_batch_without_wrapping_is_rejected(
    client: TestClient, record: Record
) -> None:
    response = client.post("/v1/predict/batch", json=[record])

    assert_rejected(response, field="body")
