"""Fixtures for the API tests: one app per session, served in-process by TestClient."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from co2_forecast.api.main import create_app
from co2_forecast.settings import Settings

AppFactory = Callable[..., FastAPI]


@pytest.fixture(scope="session")
def make_app(trained_model_path: Path) -> AppFactory:
    """Build an app for the trained model; keyword arguments override its settings."""

    def make(**overrides: Any) -> FastAPI:
        # _env_file=None: a developer's .env must not change what the tests see.
        settings = Settings(_env_file=None, model_path=trained_model_path, **overrides)  # type: ignore[call-arg]
        return create_app(settings)

    return make


@pytest.fixture(scope="session")
def app(make_app: AppFactory) -> FastAPI:
    return make_app()


@pytest.fixture(scope="session")
def client(app: FastAPI) -> Iterator[TestClient]:
    # The context manager runs the lifespan, which loads the model.
    with TestClient(app) as client:
        yield client
