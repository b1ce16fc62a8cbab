"""The demo page at `/`: served by the app with all its assets, drawn from what the API says."""

from __future__ import annotations

import re
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient

from co2_forecast.frequency import following_timestamps
from co2_forecast.modeling.predict import SeriesForecaster
from co2_forecast.modeling.train import MAX_RECENT_POINTS

ASSET = re.compile(r'(?:src|href)="([^"]+)"')
CONTENT_TYPES = {".js": "text/javascript", ".css": "text/css"}


def test_the_page_is_served_at_the_root(client: TestClient) -> None:
    response = client.get("/")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    page = response.text
    assert '<input type="number" id="horizon" name="horizon"' in page
    assert '<button type="submit" id="forecast">Forecast</button>' in page
    assert '<svg id="plot"' in page


def test_every_asset_of_the_page_is_served_by_the_app(client: TestClient) -> None:
    assets = [url for url in ASSET.findall(client.get("/").text) if not url.startswith("data:")]

    assert sorted(assets) == ["demo/demo.css", "demo/demo.js"]
    for url in assets:
        assert "://" not in url, f"{url} would be loaded from another site"
        response = client.get(f"/{url}")
        assert response.status_code == 200, url
        suffix = url[url.rindex(".") :]
        assert response.headers["content-type"].startswith(CONTENT_TYPES[suffix]), url
    assert client.get("/demo/no-such-file.js").status_code == 404


def test_the_script_draws_the_history_and_posts_the_horizon(client: TestClient) -> None:
    script = client.get("/demo/demo.js").text

    assert "v1/model" in script
    assert "v1/forecast" in script
    for field in ("model.history", "model.horizon", "s.lower", "s.upper", "s.forecast"):
        assert field in script, field
    assert "http://" not in script.replace("http://www.w3.org/2000/svg", "")


def test_the_history_ends_where_the_forecast_begins(
    client: TestClient, forecaster: SeriesForecaster
) -> None:
    info = client.get("/v1/model").json()
    first_step = client.post("/v1/forecast", json={"horizon": 1}).json()["steps"][0]
    history = info["history"]
    metadata = forecaster.metadata

    assert 0 < len(history) <= min(MAX_RECENT_POINTS, metadata.n_points)
    assert history[-1]["timestamp"] == metadata.last_timestamp
    last = datetime.fromisoformat(history[-1]["timestamp"])
    [following] = following_timestamps(last, metadata.frequency, 1)
    assert first_step["timestamp"] == following.isoformat()
    assert [p["value"] for p in history] == [p.value for p in metadata.history]


def test_the_history_keeps_metadata_json_small(trained_model_path: Path) -> None:
    assert trained_model_path.with_name("metadata.json").stat().st_size < 32 * 1024


def test_the_docs_stay_at_docs(client: TestClient) -> None:
    assert client.get("/docs").status_code == 200
    assert "/" not in client.get("/openapi.json").json()["paths"]
