"""The demo page at `/`: served by the app with all its assets, built from the model's schema."""

from __future__ import annotations

import re

from fastapi.testclient import TestClient

from digit_classifier.modeling.metadata import ModelMetadata

ASSET = re.compile(r'(?:src|href)="([^"]+)"')


def test_the_page_is_served_at_the_root(client: TestClient) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert 'data-backend="api"' in page
    assert '<button type="submit" id="predict">Predict</button>' in page
    assert '<button type="button" id="example">Example</button>' in page


def test_every_asset_of_the_page_is_served_by_the_app(client: TestClient) -> None:
    assets = [url for url in ASSET.findall(client.get("/").text) if not url.startswith("data:")]

    assert assets, "the page links its script and style sheet"
    for url in assets:
        assert "://" not in url, f"{url} would be loaded from another site"
        assert client.get(f"/{url}").status_code == 200, url


def test_the_form_is_built_from_what_v1_model_describes(
    client: TestClient, metadata: ModelMetadata
) -> None:
    info = client.get("/v1/model").json()
    script = client.get("/demo/demo.js").text

    # One field per feature, labelled with its exact name, and the example to fill in.
    assert [feature["name"] for feature in info["features"]] == [
        spec.name for spec in metadata.features
    ]
    assert info["example"] == metadata.example_record
    for field in ("name", "kind", "categories", "min", "max", "nullable"):
        assert f"feature.{field}" in script, field
    assert "v1/predict" in script


def test_the_docs_stay_at_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    assert "/" not in client.get("/openapi.json").json()["paths"]
