"""Shared fixtures: one real data step and one real training run per test session.

Everything is written under a temporary directory, so the tests never touch the
project's data/processed/, models/ or reports/.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest

from co2_forecast.config import PATHS, Paths
from co2_forecast.dataset import SeriesReport, prepare_data
from co2_forecast.evaluate import ForecastReport, evaluate_model
from co2_forecast.modeling.predict import SeriesForecaster, load_forecaster
from co2_forecast.modeling.train import TrainResult, train_model


@pytest.fixture(scope="session")
def project_paths(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The project's directories under a temporary root; raw data comes from the project."""
    root = tmp_path_factory.mktemp("project")
    return dataclasses.replace(Paths.under(root), raw_dir=PATHS.raw_dir)


@pytest.fixture(scope="session")
def data_report(project_paths: Paths) -> SeriesReport:
    return prepare_data(project_paths)


@pytest.fixture(scope="session")
def training(project_paths: Paths, data_report: SeriesReport) -> TrainResult:
    """A real training run: every candidate backtested, the best saved."""
    return train_model(project_paths)


@pytest.fixture(scope="session")
def trained_model_path(project_paths: Paths, training: TrainResult) -> Path:
    """Path of the forecaster.json the service loads (metadata.json beside it)."""
    return project_paths.forecaster_file


@pytest.fixture(scope="session")
def forecaster(trained_model_path: Path) -> SeriesForecaster:
    """The session's forecaster, loaded back from disk, as the CLI and the API load it."""
    return load_forecaster(trained_model_path)


@pytest.fixture(scope="session")
def evaluation(project_paths: Paths, training: TrainResult) -> ForecastReport:
    return evaluate_model(project_paths)
