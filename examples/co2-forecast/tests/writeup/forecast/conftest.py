"""Fixtures of the forecaster's write-up tests: a project of its own per test, holding
the session's real run (tests/conftest.py) and the project's README, no document
written yet."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from writeup.forecast.run import ForecastRun, load_run
from writeup.paths import WRITEUP_PATHS, WriteupPaths
from writeup.project import ForecastReport, Paths


@pytest.fixture
def writeup_paths(project_paths: Paths, evaluation: ForecastReport, tmp_path: Path) -> WriteupPaths:
    """The session's series, model and reports under a new root, with the README."""
    run = dataclasses.replace(Paths.under(tmp_path), raw_dir=project_paths.raw_dir)
    for source, copy in (
        (project_paths.processed_dir, run.processed_dir),
        (project_paths.models_dir, run.models_dir),
        (project_paths.reports_dir, run.reports_dir),
    ):
        shutil.copytree(source, copy)
    paths = WriteupPaths(run)
    for generated in (paths.model_card, paths.writeup, paths.social_preview, paths.record):
        generated.unlink(missing_ok=True)
    shutil.copy(WRITEUP_PATHS.readme, paths.readme)
    return paths


@pytest.fixture
def facts(writeup_paths: WriteupPaths) -> ForecastRun:
    return load_run(writeup_paths)
