"""Shared fixtures: one real data step and one real training run per test session.

Everything is written under a temporary directory, so the tests never touch the
project's data/processed/, models/ or reports/.
"""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pandas as pd
import pytest
from sklearn.pipeline import Pipeline

from penguin_classifier.config import PATHS, Paths
from penguin_classifier.dataset import DataReport, prepare_data, read_split
from penguin_classifier.evaluate import evaluate_model
from penguin_classifier.modeling.predict import Predictor, load_predictor
from penguin_classifier.modeling.skops_file import load_pipeline
from penguin_classifier.modeling.train import TrainResult, train_model
from penguin_classifier.results import RunMetrics


@pytest.fixture(scope="session")
def project_paths(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The project's directories under a temporary root; raw data comes from the project."""
    root = tmp_path_factory.mktemp("project")
    return dataclasses.replace(Paths.under(root), raw_dir=PATHS.raw_dir)


@pytest.fixture(scope="session")
def data_report(project_paths: Paths) -> DataReport:
    return prepare_data(project_paths)


@pytest.fixture(scope="session")
def train_split(project_paths: Paths, data_report: DataReport) -> pd.DataFrame:
    return read_split(project_paths.train_csv, data_report)


@pytest.fixture(scope="session")
def test_split(project_paths: Paths, data_report: DataReport) -> pd.DataFrame:
    return read_split(project_paths.test_csv, data_report)


@pytest.fixture(scope="session")
def training(project_paths: Paths, data_report: DataReport) -> TrainResult:
    return train_model(project_paths)


@pytest.fixture(scope="session")
def trained_model_path(project_paths: Paths, training: TrainResult) -> Path:
    """Path of the model.onnx the service loads (metadata.json and model.skops beside it)."""
    return project_paths.onnx_file


@pytest.fixture(scope="session")
def predictor(trained_model_path: Path) -> Predictor:
    """The session's model, loaded back from disk once, as the CLI and the API load it."""
    return load_predictor(trained_model_path)


@pytest.fixture(scope="session")
def saved_pipeline(project_paths: Paths, training: TrainResult) -> Pipeline:
    """The session's model.skops loaded back once, as the evaluate step loads it."""
    return load_pipeline(project_paths.model_file)


@pytest.fixture(scope="session")
def evaluation(project_paths: Paths, training: TrainResult) -> RunMetrics:
    """The session model's metrics; reports/ under project_paths holds them and the figures."""
    return evaluate_model(project_paths)
