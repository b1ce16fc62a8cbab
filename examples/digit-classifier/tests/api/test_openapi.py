"""The OpenAPI document describes the uploads: their form fields, limits and refusals."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from digit_classifier.schema import IMAGE_FIELD


@pytest.fixture(scope="module")
def openapi(client: TestClient) -> dict[str, Any]:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    document: dict[str, Any] = response.json()
    return document


def form(openapi: dict[str, Any], path: str) -> dict[str, Any]:
    """The multipart form schema of POST `path`."""
    content = openapi["paths"][path]["post"]["requestBody"]["content"]
    assert list(content) == ["multipart/form-data"]
    reference: str = content["multipart/form-data"]["schema"]["$ref"]
    schema: dict[str, Any] = openapi["components"]["schemas"][reference.rsplit("/", 1)[-1]]
    return schema


def test_one_image_is_a_required_file_in_the_field_file(openapi: dict[str, Any]) -> None:
    schema = form(openapi, "/v1/predict")

    assert list(schema["properties"]) == schema["required"] == [IMAGE_FIELD]
    upload = schema["properties"][IMAGE_FIELD]
    assert upload["type"] == "string"
    assert "pixels" in upload["description"]


def test_a_batch_is_a_list_of_files_in_the_field_files(openapi: dict[str, Any]) -> None:
    schema = form(openapi, "/v1/predict/batch")

    assert list(schema["properties"]) == schema["required"] == ["files"]
    files = schema["properties"]["files"]
    assert files["type"] == "array"
    assert files["items"]["type"] == "string"


@pytest.mark.parametrize("path", ["/v1/predict", "/v1/predict/batch"])
def test_the_refusals_are_documented(openapi: dict[str, Any], path: str) -> None:
    responses = openapi["paths"][path]["post"]["responses"]

    assert {"200", "413", "415", "422"} <= set(responses)
    assert responses["422"]["content"]["application/json"]["schema"]["$ref"].endswith(
        "InvalidRequest"
    )


def test_the_example_image_is_documented_as_a_png(openapi: dict[str, Any]) -> None:
    responses = openapi["paths"]["/v1/example"]["get"]["responses"]

    assert "image/png" in responses["200"]["content"]


def test_docs_page_is_served(app: FastAPI, client: TestClient) -> None:
    response = client.get("/docs")

    assert response.status_code == 200
    assert app.title in response.text
