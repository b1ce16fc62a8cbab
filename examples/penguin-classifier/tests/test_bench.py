"""The bench step: real latency measurements, which the report then shows."""

from __future__ import annotations

import dataclasses
import json
import shutil
from pathlib import Path

import pytest

from penguin_classifier.bench import measure_latency
from penguin_classifier.config import Paths
from penguin_classifier.errors import ProjectError
from penguin_classifier.modeling.train import TrainResult


@pytest.fixture
def paths(project_paths: Paths, training: TrainResult, tmp_path: Path) -> Paths:
    paths = dataclasses.replace(Paths.under(tmp_path), raw_dir=project_paths.raw_dir)
    shutil.copytree(project_paths.models_dir, paths.models_dir)
    return paths


def test_latency_is_measured_and_saved(paths: Paths, training: TrainResult) -> None:
    latency = measure_latency(paths, requests=10)

    saved = json.loads(paths.latency_file.read_text())
    assert saved == dataclasses.asdict(latency)
    assert latency.requests == 10
    assert 0 < latency.p50_ms <= latency.p95_ms <= latency.p99_ms
    assert latency.model_version == training.metadata.model_version


def test_too_few_requests_are_refused(paths: Paths) -> None:
    with pytest.raises(ProjectError, match="at least 2"):
        measure_latency(paths, requests=1)
