"""Generated projects installed into their own environment, their pipeline and tests run.

Slow: each case creates a virtual environment with uv (warm cache: seconds).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from mlscaffold.create import create_project
from tests.conftest import write_messy_classification_csv, write_regression_csv

pytestmark = pytest.mark.slow


def run(project: Path, *args: str, timeout: float = 600) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    completed = subprocess.run(
        list(args), cwd=project, capture_output=True, text=True, timeout=timeout, env=env,
        check=False,
    )  # fmt: skip
    output = f"{completed.stdout[-4000:]}\n{completed.stderr[-4000:]}"
    assert completed.returncode == 0, f"{' '.join(args)} failed in {project}:\n{output}"
    return completed


@pytest.fixture(scope="module")
def uv() -> str:
    path = shutil.which("uv")
    if path is None:
        pytest.fail("uv is needed to install generated projects (pip install uv)")
    return path


CASES = {
    "penguins": {},
    "diabetes": {"dataset": "diabetes", "model": "gradient_boosting"},
    "messy-csv": {"dataset": "csv", "target": "churned", "model": "random_forest"},
    "regression-csv": {"dataset": "csv", "target": "price", "model": "linear"},
}


@pytest.mark.parametrize("case", CASES)
def test_generated_project_runs_its_pipeline_and_tests(tmp_path: Path, uv: str, case: str) -> None:
    answers = dict(CASES[case])
    if case == "messy-csv":
        answers["csv_path"] = str(write_messy_classification_csv(tmp_path / "customers.csv"))
    if case == "regression-csv":
        answers["csv_path"] = str(write_regression_csv(tmp_path / "houses.csv"))
    project = create_project(tmp_path / case, data=answers, use_defaults=True).destination

    run(project, "make", "all")  # setup data train evaluate test

    metrics = json.loads((project / "reports" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics
    assert (project / "models" / "model.skops").is_file()
    metadata = json.loads((project / "models" / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["features"]
    assert list((project / "reports" / "figures").glob("*.png"))
    run(project, "make", "lint")
    # The generated working tree stays clean apart from ignored outputs.
    status = run(project, "git", "status", "--porcelain").stdout
    assert status.strip() == "" or all(
        line[3:].startswith("reports/") for line in status.splitlines()
    ), status
