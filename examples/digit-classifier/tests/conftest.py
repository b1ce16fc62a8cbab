"""Shared fixtures: one real data step and one real training run per test session.

Everything is written under a temporary directory, so the tests never touch the
project's data/processed/, models/ or reports/.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Iterator
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import torch
from threadpoolctl import threadpool_limits

from digit_classifier.config import PATHS, TARGET, Paths
from digit_classifier.dataset import FILE, DataReport, Images, prepare_data
from digit_classifier.evaluate import evaluate_model
from digit_classifier.modeling import train
from digit_classifier.modeling.predict import Predictor, load_predictor
from digit_classifier.modeling.train import TrainResult, train_model
from digit_classifier.results import RunMetrics

# The session trains on a few images of a few classes of the real split: every
# candidate, the CNN and the pre-trained backbone included, learns from them in seconds.
CLASSES, TRAIN_PER_CLASS, TEST_PER_CLASS = 3, 16, 4
# The CNN's passes over them: enough to train, export and compare it, not to learn much.
EPOCHS = 2


@pytest.fixture(scope="session", autouse=True)
def one_thread() -> Iterator[None]:
    """Train and predict on one thread: the tests' networks and images are so small that
    waiting for a second thread costs more than it saves, most of all on a busy machine."""
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    with threadpool_limits(1):
        yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="session")
def data_paths(tmp_path_factory: pytest.TempPathFactory) -> Paths:
    """The data step's directories under a temporary root; raw data comes from the project."""
    root = tmp_path_factory.mktemp("data")
    return dataclasses.replace(Paths.under(root), raw_dir=PATHS.raw_dir)


@pytest.fixture(scope="session")
def data_report(data_paths: Paths) -> DataReport:
    """The real data step, once, on all of the project's images."""
    return prepare_data(data_paths)


@pytest.fixture(scope="session")
def train_split(data_paths: Paths, data_report: DataReport) -> Images:
    return Images.load(data_paths.train_images)


@pytest.fixture(scope="session")
def test_split(data_paths: Paths, data_report: DataReport) -> Images:
    return Images.load(data_paths.test_images)


@pytest.fixture(scope="session")
def small_project(
    data_report: DataReport,
    train_split: Images,
    test_split: Images,
    tmp_path_factory: pytest.TempPathFactory,
) -> Callable[[int, int, int], Paths]:
    """Make a project whose processed splits (.npz and .csv, as the data step writes them)
    hold a few images of each of the first `classes` classes of the real ones."""

    def make(train_per_class: int, test_per_class: int, classes: int) -> Paths:
        paths = dataclasses.replace(
            Paths.under(tmp_path_factory.mktemp("small")), raw_dir=PATHS.raw_dir
        )
        paths.processed_dir.mkdir(parents=True)
        labels = np.unique(train_split.labels)[:classes]
        train_part = _balanced(train_split, labels, train_per_class)
        test_part = _balanced(test_split, labels, test_per_class)
        for part, npz, csv in (
            (train_part, paths.train_images, paths.train_csv),
            (test_part, paths.test_images, paths.test_csv),
        ):
            part.save(npz)
            pd.DataFrame({FILE: part.files, TARGET: part.labels}).to_csv(csv, index=False)
        report = dataclasses.replace(
            data_report,
            n_rows=len(train_part) + len(test_part),
            n_train=len(train_part),
            n_test=len(test_part),
        )
        report.save(paths.cleaning_report)
        return paths

    return make


@pytest.fixture(scope="session")
def project_paths(small_project: Callable[[int, int, int], Paths]) -> Paths:
    """The session's project: its small splits, and the model and reports made from them."""
    return small_project(TRAIN_PER_CLASS, TEST_PER_CLASS, CLASSES)


@pytest.fixture(scope="session")
def training(project_paths: Paths) -> TrainResult:
    """A real training run of every candidate on the session's project, the CNN for
    EPOCHS passes; it raises ExportError if the served export disagrees with it."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(train, "EPOCHS", EPOCHS)
        return train_model(project_paths, model="auto")


@pytest.fixture(scope="session")
def trained_model_path(project_paths: Paths, training: TrainResult) -> Path:
    """Path of the model.onnx the service loads (metadata.json and example.png beside it)."""
    return project_paths.onnx_file


@pytest.fixture(scope="session")
def predictor(trained_model_path: Path) -> Predictor:
    """The session's model, loaded back from disk once, as the CLI and the API load it."""
    return load_predictor(trained_model_path)


@pytest.fixture(scope="session")
def evaluation(project_paths: Paths, training: TrainResult) -> RunMetrics:
    """The session model's metrics; reports/ under project_paths holds them and the figures."""
    return evaluate_model(project_paths)


def _balanced(images: Images, labels: np.ndarray, per_class: int) -> Images:
    # A random sample of each class, not its first images; in the split's order.
    generator = np.random.default_rng(0)
    rows = [
        generator.permutation(np.flatnonzero(images.labels == label))[:per_class]
        for label in labels
    ]
    return images.take(np.sort(np.concatenate(rows)))
