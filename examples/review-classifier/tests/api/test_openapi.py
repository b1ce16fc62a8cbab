"""The OpenAPI document shows the real features, their types, categories and an example."""

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from review_classifier.modeling.metadata import ModelMetadata


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def record_schema(openapi: dict[str, Any]) -> dict[str, Any]:
    schema: dict[str, Any] = openapi["components"]["schemas"]["PredictionRequest"]
    return schema


def types_of(property_schema: dict[str, Any]) -> list[dict[str, Any]]:
    """The alternatives of a property: one, or two when null is allowed."""
    alternatives: list[dict[str, Any]] = property_schema.get("anyOf", [property_schema])
    return alternatives


def test_every_feature_is_a_required_property_and_nothing_else(
    openapi: dict[str, Any], metadata: ModelMetadata
) -> None:
    schema = record_schema(openapi)
    names = [spec.name for spec in metadata.features]

    assert list(schema["properties"]) == names
    assert schema["required"] == names
    assert schema["additionalProperties"] is False


def test_property_types_follow_the_training_data(
    openapi: dict[str, Any], metadata: ModelMetadata
) -> None:
    properties = record_schema(openapi)["properties"]
    json_types = {"float64": "number", "int64": "integer", "bool": "boolean", "string": "string"}

    for spec in metadata.features:
        alternatives = types_of(properties[spec.name])
        types = [alternative["type"] for alternative in alternatives]
        assert json_types[spec.dtype] in types, spec.name
        assert ("null" in types) == spec.nullable, spec.name


def test_categorical_properties_are_enums_of_the_training_categories(
    openapi: dict[str, Any], metadata: ModelMetadata
) -> None:
    specs = [s for s in metadata.features if s.kind == "categorical" and s.dtype != "bool"]
    if not specs:
        pytest.skip("this model has no categorical feature")
    properties = record_schema(openapi)["properties"]

    for spec in specs:
        assert types_of(properties[spec.name])[0]["enum"] == list(spec.categories or ())


def test_request_example_is_the_saved_example_record(
    openapi: dict[str, Any], metadata: ModelMetadata
) -> None:
    body = openapi["paths"]["/v1/predict"]["post"]["requestBody"]["content"]["application/json"]
    batch = openapi["paths"]["/v1/predict/batch"]["post"]["requestBody"]["content"]

    assert body["examples"]["example"]["value"] == metadata.example_record
    assert batch["application/json"]["examples"]["example"]["value"] == {
        "records": [metadata.example_record]
    }
    assert record_schema(openapi)["examples"] == [metadata.example_record]


def test_documented_example_is_accepted(client: TestClient, openapi: dict[str, Any]) -> None:
    body = openapi["paths"]["/v1/predict"]["post"]["requestBody"]["content"]["application/json"]

    response = client.post("/v1/predict", json=body["examples"]["example"]["value"])

    assert response.status_code == 200


def test_docs_page_is_served(app: FastAPI, client: TestClient) -> None:
    response = client.get("/docs")

    assert response.status_code == 200
    assert app.title in response.text
