"""Liveness and readiness endpoints."""

from collections.abc import Callable

from fastapi import FastAPI
from fastapi.testclient import TestClient


def test_health_answers_before_the_model_is_loaded(make_app: Callable[[], FastAPI]) -> None:
    """It is a liveness probe: it does not wait for (or look at) the model."""
    app = make_app()
    # Without `with`, TestClient does not run the lifespan: no model is loaded.
    response = TestClient(app).get("/health")

    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


def test_ready_is_503_until_the_model_is_loaded(make_app: Callable[[], FastAPI]) -> None:
    app = make_app()

    not_loaded = TestClient(app).get("/ready")
    with TestClient(app) as client:
        loaded = client.get("/ready")
    after_shutdown = TestClient(app).get("/ready")

    assert not_loaded.status_code == 503
    assert not_loaded.json() == {"status": "not_ready"}
    assert loaded.status_code == 200
    assert loaded.json() == {"status": "ready"}
    assert after_shutdown.status_code == 503


def test_forecasts_are_503_until_the_model_is_loaded(make_app: Callable[[], FastAPI]) -> None:
    app = make_app()

    response = TestClient(app).post("/v1/forecast", json={"horizon": 1})

    assert response.status_code == 503
