"""Generated projects installed into their own environment, their pipeline and tests run.

Slow: each case creates a virtual environment with uv (warm cache: seconds).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from mlscaffold import doctor
from mlscaffold.create import create_project
from tests.conftest import write_messy_classification_csv, write_regression_csv
from tests.e2e.helpers import run

pytestmark = pytest.mark.slow


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

    run(project, "make", "all")  # setup data train evaluate report test

    metrics = json.loads((project / "reports" / "metrics.json").read_text(encoding="utf-8"))
    assert metrics
    assert (project / "models" / "model.skops").is_file()
    metadata = json.loads((project / "models" / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["features"]
    assert list((project / "reports" / "figures").glob("*.png"))
    assert_report_shows_this_run(project, metrics)
    run(project, "make", "lint")
    # The pipeline writes nothing but its outputs: reports/, the README's results and the
    # executed notebook (committed to show them) and uv.lock (made by `make setup`).
    status = run(project, "git", "status", "--porcelain").stdout
    expected = ("reports/", "README.md", "notebooks/exploration.ipynb", "uv.lock")
    assert all(line[3:].startswith(expected) for line in status.splitlines()), status


def assert_report_shows_this_run(project: Path, metrics: dict[str, Any]) -> None:
    """The README shows this run's headline as the record says, and every figure exists."""
    result = doctor.doctor_project(project)
    passing = {check.id: check.passed for check in result.checks}
    # Only the author's prompts are left (and, on data without signal, the verdict).
    for check_id in ("results", "api-example", "figures", "social-preview"):
        assert passing[check_id], result.checks
    record = json.loads((project / "reports" / "report.json").read_text(encoding="utf-8"))
    readme = (project / "README.md").read_text(encoding="utf-8")
    assert record["headline"]["metric"] == metrics["headline_metric"]
    assert f"**{record['headline']['model']}**" in readme
    assert record["headline"]["baseline"] in readme
    assert (project / "reports" / "model_card.md").is_file()
    assert (project / "reports" / "writeup.md").is_file()
