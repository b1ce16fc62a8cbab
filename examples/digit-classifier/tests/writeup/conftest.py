"""Fixtures of the write-up tests: a project of its own per test, holding one real run."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from writeup.paths import WriteupPaths
from writeup.project import Paths, RunMetrics


@pytest.fixture
def writeup_paths(project_paths: Paths, evaluation: RunMetrics, tmp_path: Path) -> WriteupPaths:
    """The session's model and reports under a new root, with no document written yet."""
    run = dataclasses.replace(Paths.under(tmp_path), raw_dir=project_paths.raw_dir)
    shutil.copytree(project_paths.models_dir, run.models_dir)
    shutil.copytree(project_paths.reports_dir, run.reports_dir)
    paths = WriteupPaths(run)
    for generated in (
        paths.model_card,
        paths.writeup,
        paths.social_post,
        paths.latency_file,
        paths.record,
    ):
        generated.unlink(missing_ok=True)
    return paths
