"""POST /v1/predict and /v1/predict/batch answer what the in-process Predictor answers."""

from collections.abc import Callable
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from review_classifier.modeling.metadata import ModelMetadata
from review_classifier.modeling.predict import Prediction, Predictor

Record = dict[str, Any]


def as_response_item(prediction: Prediction, model_version: str, request_id: str) -> dict[str, Any]:
    """The JSON the API should send for `prediction`."""
    item: dict[str, Any] = {
        "prediction": prediction.prediction,
        "model_version": model_version,
        "request_id": request_id,
    }
    if prediction.probabilities is not None:
        item["probabilities"] = prediction.probabilities
    return item


def valid_variants(metadata: ModelMetadata, record: Record) -> list[Record]:
    """Valid records unlike the example: every category, both ends of every range, nulls,
    and JSON booleans for boolean columns."""
    variants = [record]
    for spec in metadata.features:
        if spec.kind == "categorical":
            variants += [{**record, spec.name: category} for category in spec.categories or ()]
        if spec.dtype == "bool":
            variants += [{**record, spec.name: True}, {**record, spec.name: False}]
        if spec.kind == "numeric" and spec.min is not None and spec.max is not None:
            cast = int if spec.dtype == "int64" else float
            variants += [
                {**record, spec.name: cast(spec.min)},
                {**record, spec.name: cast(spec.max)},
            ]
        if spec.nullable:
            variants.append({**record, spec.name: None})
    return variants


def test_predict_matches_the_predictor(
    client: TestClient, predictor: Predictor, record: Record
) -> None:
    response = client.post("/v1/predict", json=record)

    assert response.status_code == 200
    (expected,) = predictor.predict([record])
    request_id = response.headers["x-request-id"]
    assert response.json() == as_response_item(
        expected, predictor.metadata.model_version, request_id
    )


def test_batch_matches_the_predictor_record_by_record(
    client: TestClient, predictor: Predictor, metadata: ModelMetadata, record: Record
) -> None:
    records = valid_variants(metadata, record)

    response = client.post("/v1/predict/batch", json={"records": records})

    assert response.status_code == 200
    version = metadata.model_version
    request_id = response.headers["x-request-id"]
    expected = [
        as_response_item(p, version, f"{request_id}-{index}")
        for index, p in enumerate(predictor.predict(records))
    ]
    assert response.json() == {"predictions": expected, "request_id": request_id}


def test_batch_item_equals_the_single_prediction(
    client: TestClient, metadata: ModelMetadata, record: Record
) -> None:
    last = valid_variants(metadata, record)[-1]

    single = client.post("/v1/predict", json=last).json()
    batch = client.post("/v1/predict/batch", json={"records": [record, last]}).json()

    assert batch["predictions"][1] | {"request_id": None} == single | {"request_id": None}


def test_every_prediction_has_an_id_of_its_own(client: TestClient, record: Record) -> None:
    first = client.post("/v1/predict", json=record)
    second = client.post("/v1/predict", json=record)
    batch = client.post("/v1/predict/batch", json={"records": [record, record]}).json()

    ids = [first.json()["request_id"], second.json()["request_id"]]
    ids += [item["request_id"] for item in batch["predictions"]]
    assert len(set(ids)) == 4
    assert first.headers["x-request-id"] == ids[0]
    assert ids[2:] == [f"{batch['request_id']}-0", f"{batch['request_id']}-1"]


def test_prediction_is_the_most_probable_class(
    client: TestClient, metadata: ModelMetadata, record: Record
) -> None:
    body = client.post("/v1/predict", json=record).json()

    probabilities = body["probabilities"]
    assert set(probabilities) == set(metadata.classes or ())
    assert sum(probabilities.values()) == pytest.approx(1.0)
    assert body["prediction"] == max(probabilities, key=probabilities.__getitem__)


def test_null_is_accepted_where_training_data_had_gaps(
    client: TestClient, predictor: Predictor, metadata: ModelMetadata, record: Record
) -> None:
    nullable = [spec.name for spec in metadata.features if spec.nullable]
    if not nullable:
        pytest.skip("no feature had missing values in the training data")
    with_nulls = {**record, **dict.fromkeys(nullable)}

    response = client.post("/v1/predict", json=with_nulls)

    assert response.status_code == 200
    (expected,) = predictor.predict([with_nulls])
    assert response.json()["prediction"] == expected.prediction


def test_batch_of_max_batch_records_is_accepted_and_one_more_is_not(
    client: TestClient, record: Record
) -> None:
    """The default limit, MAX_BATCH=1000; the 422 does not echo the records back."""
    full = client.post("/v1/predict/batch", json={"records": [record] * 1000})
    too_many = client.post("/v1/predict/batch", json={"records": [record] * 1001})

    assert full.status_code == 200
    assert len(full.json()["predictions"]) == 1000
    assert too_many.status_code == 422
    assert too_many.json()["detail"][0]["loc"] == ["body", "records"]
    assert len(too_many.content) < 1_000


def test_max_batch_setting_limits_the_batch(
    make_app: Callable[..., FastAPI], record: Record
) -> None:
    with TestClient(make_app(max_batch=2)) as client:
        accepted = client.post("/v1/predict/batch", json={"records": [record] * 2})
        rejected = client.post("/v1/predict/batch", json={"records": [record] * 3})

    assert accepted.status_code == 200
    assert rejected.status_code == 422
    assert "at most 2 items" in rejected.json()["message"]
