"""Fixtures for the API tests: one app per session, served in-process by TestClient."""

from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from diabetes_regressor.api.main import create_app
from diabetes_regressor.modeling.metadata import ModelMetadata
from diabetes_regressor.modeling.predict import Predictor
from diabetes_regressor.settings import Settings

AppFactory = Callable[..., FastAPI]


@pytest.fixture(scope="session")
def make_app(trained_model_path: Path) -> AppFactory:
    """Build an app for the trained model; keyword arguments override its settings."""

    def make(**overrides: Any) -> FastAPI:
        # _env_file=None: a developer's .env must not change what the tests see, nor a
        # PREDICTION_LOG set in their shell send the tests' predictions to their log.
        given = {"prediction_log": None, **overrides}
        settings = Settings(_env_file=None, model_path=trained_model_path, **given)  # type: ignore[call-arg]
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


@pytest.fixture(scope="session")
def metadata(predictor: Predictor) -> ModelMetadata:
    return predictor.metadata


@pytest.fixture
def record(metadata: ModelMetadata) -> dict[str, Any]:
    """A valid request: the real example record saved with the model (a fresh copy)."""
    return dict(metadata.example_record)
