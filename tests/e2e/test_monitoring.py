"""The production loop of a generated project: serve with the prediction log, replay, monitor.

Slow: the project is installed (uv, warm cache) and trained, then served for real on
127.0.0.1 with two workers sharing one log.
"""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
from pathlib import Path

import httpx
import pytest

from mlscaffold.create import create_project
from tests.e2e.helpers import run, serving

# One worker runs the module under -n (ONE_WORKER_MODULES in tests/conftest.py).
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def project(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    result = create_project(tmp_path_factory.mktemp("monitoring") / "penguins", use_defaults=True)
    run(result.destination, "make", "setup", "data", "train")
    return result.destination, str(result.answers["package_name"])


def replay(project: Path, package: str, log: Path, *, shift: bool) -> None:
    """Serve with the log on (two workers) and send the test split, with feedback."""
    with serving(project, package, PREDICTION_LOG=str(log), WEB_CONCURRENCY="2") as url:
        run(project, "uv", "run", "python", "-m", package, "simulate", "--url", url,
            *(["--shift"] if shift else []))  # fmt: skip
        # A prediction's id names it for feedback; an unknown one is a clear 404.
        unknown = httpx.post(f"{url}/v1/feedback", json={"request_id": "nope", "actual": "Gentoo"})
        assert unknown.status_code == 404


def monitor(project: Path, package: str, log: Path) -> subprocess.CompletedProcess[str]:
    """Run `monitor` as a scheduler would; its exit status is its decision."""
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    return subprocess.run(
        ["uv", "run", "python", "-m", package, "monitor", "--log", str(log)],
        cwd=project, capture_output=True, text=True, timeout=300, check=False, env=env,
    )  # fmt: skip


def test_the_test_split_replayed_passes_and_every_prediction_is_logged(
    project: tuple[Path, str], tmp_path: Path
) -> None:
    root, package = project
    log = tmp_path / "predictions.db"

    replay(root, package, log, shift=False)
    judged = monitor(root, package, log)

    test_rows = len((root / "data" / "processed" / "test.csv").read_text().splitlines()) - 1
    with sqlite3.connect(log) as connection:
        (logged,) = connection.execute("SELECT COUNT(*) FROM predictions").fetchone()
        (feedback,) = connection.execute("SELECT COUNT(*) FROM feedback").fetchone()
    assert (logged, feedback) == (test_rows, test_rows)  # two workers, one file, none lost
    assert judged.returncode == 0, judged.stdout + judged.stderr
    assert judged.stdout.startswith("ok: ")
    report = json.loads((root / "reports" / "monitoring.json").read_text())
    assert report["decision"] == "ok"
    assert (root / "reports" / "monitoring.md").is_file()


def test_shifted_traffic_calls_for_retraining_and_names_the_features(
    project: tuple[Path, str], tmp_path: Path
) -> None:
    root, package = project
    log = tmp_path / "predictions.db"

    replay(root, package, log, shift=True)
    judged = monitor(root, package, log)

    assert judged.returncode == 1, judged.stdout + judged.stderr
    (line,) = judged.stdout.splitlines()
    assert line.startswith("retrain: ")
    assert "bill_length_mm" in line or "more" in line
    report = json.loads((root / "reports" / "monitoring.json").read_text())
    assert "bill_length_mm" in report["drifted"]


def test_too_few_predictions_are_too_few_to_judge(
    project: tuple[Path, str], tmp_path: Path
) -> None:
    root, package = project
    log = tmp_path / "predictions.db"
    with serving(root, package, PREDICTION_LOG=str(log)) as url:
        run(root, "uv", "run", "python", "-m", package, "simulate", "--url", url, "--limit", "10")

    judged = monitor(root, package, log)

    assert judged.returncode == 2, judged.stdout + judged.stderr
    assert len(judged.stdout.splitlines()) == 1


def test_a_missing_log_is_one_line_and_exit_3(project: tuple[Path, str], tmp_path: Path) -> None:
    root, package = project

    judged = monitor(root, package, tmp_path / "missing.db")

    assert judged.returncode == 3
    assert judged.stderr.count("\n") == 1
    assert "Traceback" not in judged.stderr
    assert not (tmp_path / "missing.db").exists()
