"""POST /v1/forecast and GET /v1/model: forecasts with intervals; bad bodies get 422."""

from __future__ import annotations

from typing import Any

import pytest
from fastapi.testclient import TestClient

from co2_forecast.config import HORIZON
from co2_forecast.modeling.predict import SeriesForecaster


def test_a_forecast_has_one_step_per_horizon_step(
    client: TestClient, forecaster: SeriesForecaster
) -> None:
    response = client.post("/v1/forecast", json={"horizon": 2})
    assert response.status_code == 200
    body = response.json()
    expected = forecaster.forecast(2)
    assert [step["timestamp"] for step in body["steps"]] == [p.timestamp for p in expected]
    assert [step["forecast"] for step in body["steps"]] == [p.forecast for p in expected]
    assert all(step["lower"] <= step["forecast"] <= step["upper"] for step in body["steps"])


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"horizon": 0}, "horizon"),
        ({"horizon": HORIZON + 1}, "horizon"),
        ({"horizon": "3"}, "horizon"),
        ({"horizon": 2.5}, "horizon"),
        ({"horizon": None}, "horizon"),
        ({}, "horizon"),
        ({"horizon": 1, "steps": 2}, "steps"),
        ([1, 2], "body"),
    ],
)
def test_a_bad_body_gets_422_naming_the_field(client: TestClient, body: Any, field: str) -> None:
    response = client.post("/v1/forecast", json=body)
    assert response.status_code == 422
    assert response.json()["message"].startswith(field)


def test_a_body_that_is_not_json_gets_422(client: TestClient) -> None:
    response = client.post(
        "/v1/forecast", content=b"horizon=3", headers={"content-type": "application/json"}
    )
    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


def test_the_service_answers_after_bad_bodies(client: TestClient) -> None:
    bad_bodies: list[Any] = [{"horizon": 0}, {"horizon": "x"}, {}, [1], {"horizon": 1, "x": 1}]
    for body in bad_bodies:
        assert client.post("/v1/forecast", json=body).status_code == 422
    cut_short = client.post(
        "/v1/forecast", content=b'{"horizon": ', headers={"content-type": "application/json"}
    )
    assert cut_short.status_code == 422

    response = client.post("/v1/forecast", json={"horizon": HORIZON})

    assert response.status_code == 200
    assert len(response.json()["steps"]) == HORIZON
    assert client.get("/ready").status_code == 200


def test_the_model_route_describes_the_series(
    client: TestClient, forecaster: SeriesForecaster
) -> None:
    body = client.get("/v1/model").json()
    metadata = forecaster.metadata
    assert body["frequency"] == metadata.frequency
    assert body["last_timestamp"] == metadata.last_timestamp
    assert body["horizon"] == HORIZON
    assert {scores["name"] for scores in body["backtest"]} >= {"naive", "seasonal_naive"}


def test_health_and_readiness(client: TestClient) -> None:
    assert client.get("/health").json() == {"status": "ok"}
    assert client.get("/ready").json() == {"status": "ready"}
