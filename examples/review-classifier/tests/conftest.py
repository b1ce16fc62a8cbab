"""Shared fixtures: one real data step and one real training run per test session.

Everything is written under a temporary directory, so the tests never touch the
project's data/processed/, models/ or reports/.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pytest

from review_classifier.config import PATHS, TARGET, Paths
from review_classifier.dataset import DataReport, prepare_data, read_split
from review_classifier.evaluate import evaluate_model
from review_classifier.modeling.predict import Predictor, load_predictor
from review_classifier.modeling.train import TrainResult, train_model
from review_classifier.results import RunMetrics


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
    """A real training run of the TF-IDF candidate alone: seconds, where the transformer
    would take minutes on the whole split (tests/modeling/test_embedding.py trains
    that one on a few texts)."""
    return train_model(project_paths, model="tfidf")


@pytest.fixture(scope="session")
def trained_model_path(project_paths: Paths, training: TrainResult) -> Path:
    """Path of the model.onnx the service loads (tokenizer.json and metadata.json beside it)."""
    return project_paths.onnx_file


@pytest.fixture(scope="session")
def predictor(trained_model_path: Path) -> Predictor:
    """The session's model, loaded back from disk once, as the CLI and the API load it."""
    return load_predictor(trained_model_path)


@pytest.fixture(scope="session")
def evaluation(project_paths: Paths, training: TrainResult) -> RunMetrics:
    """The session model's metrics; reports/ under project_paths holds them and the figures."""
    return evaluate_model(project_paths)


@pytest.fixture(scope="session")
def small_project(
    project_paths: Paths,
    data_report: DataReport,
    train_split: pd.DataFrame,
    test_split: pd.DataFrame,
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[int, int], Paths]:
    """Make a project whose processed splits hold a few texts of each class of the real
    ones: the transformer trains on them in seconds."""

    def make(train_per_class: int, test_per_class: int) -> Paths:
        root = tmp_path_factory.mktemp("small")
        paths = dataclasses.replace(Paths.under(root), raw_dir=project_paths.raw_dir)
        paths.processed_dir.mkdir(parents=True)
        train = _balanced(train_split, train_per_class)
        test = _balanced(test_split, test_per_class)
        train.to_csv(paths.train_csv, index=False)
        test.to_csv(paths.test_csv, index=False)
        report = dataclasses.replace(
            data_report, n_rows=len(train) + len(test), n_train=len(train), n_test=len(test)
        )
        report.save(paths.cleaning_report)
        return paths

    return make


def _balanced(split: pd.DataFrame, per_class: int) -> pd.DataFrame:
    # A random sample, not the first rows: texts of many groups (films), as in the split.
    sample = split.groupby(TARGET, group_keys=False).sample(n=per_class, random_state=0)
    return sample.reset_index(drop=True)
