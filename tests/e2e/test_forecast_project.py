"""The forecast kind end to end: the default project's pipeline and tests, forecasts over
127.0.0.1 equal to the in-process ones, its image, and a project made from a messy CSV.

Slow: each project installs statsforecast, scikit-learn and their dependencies (uv's
cache makes later installs fast).
"""

from __future__ import annotations

import json
import subprocess
import time
from pathlib import Path

import httpx
import pytest

from mlscaffold.create import create_project
from tests.e2e.helpers import docker_or_skip, free_port, run, serving, wait_until_ready
from tests.series_csv import write_messy_series_csv

pytestmark = pytest.mark.slow

PACKAGE = "series_forecast"
# The budget for zero to trained on a 2-core machine with a warm cache.
MAX_SECONDS_TO_TRAINED = 120


@pytest.fixture(scope="module")
def forecast_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The forecast default, after `make all` (setup, data, train, evaluate, test)."""
    root = tmp_path_factory.mktemp("forecast")
    project = create_project(root / "sales", data={"kind": "forecast"}, use_defaults=True)
    started = time.monotonic()
    run(project.destination, "make", "setup", "data", "train", timeout=900)
    assert time.monotonic() - started < MAX_SECONDS_TO_TRAINED
    run(project.destination, "make", "all", timeout=900)
    return project.destination


def test_the_default_forecast_project_backtests_against_the_baselines(
    forecast_project: Path,
) -> None:
    metrics = json.loads((forecast_project / "reports" / "metrics.json").read_text("utf-8"))
    names = [candidate["name"] for candidate in metrics["candidates"]]
    assert names == ["naive", "seasonal_naive", "ets", "gradient_boosting"]
    assert metrics["verdict"]["beats_baseline_in_backtest"]  # co2 is strongly seasonal
    assert len(metrics["figures"]) == 3
    cleaning = json.loads(
        (forecast_project / "data" / "processed" / "cleaning.json").read_text("utf-8")
    )
    assert cleaning["frequency"] == "monthly"
    assert cleaning["notes"]  # the months without a reading, filled in
    run(forecast_project, "make", "lint")
    run(forecast_project, "make", "typecheck")


def test_forecasts_over_http_equal_the_in_process_ones(forecast_project: Path) -> None:
    expected = _in_process_forecast(forecast_project, PACKAGE, 6)
    with serving(forecast_project, PACKAGE) as base_url:
        served = httpx.post(f"{base_url}/v1/forecast", json={"horizon": 6}).json()["steps"]
        refused = httpx.post(f"{base_url}/v1/forecast", json={"horizon": 0})
        described = httpx.get(f"{base_url}/v1/model").json()
    assert [step["timestamp"] for step in served] == [point["timestamp"] for point in expected]
    assert [step["forecast"] for step in served] == pytest.approx(
        [point["forecast"] for point in expected], rel=1e-9
    )
    assert refused.status_code == 422
    assert described["frequency"] == "monthly"


def test_the_forecast_image_serves_without_training_libraries(forecast_project: Path) -> None:
    docker = docker_or_skip()
    image = f"mlscaffold-e2e-forecast:{free_port()}"
    name = image.replace(":", "-")
    port = free_port()
    try:
        run(forecast_project, docker, "build", "-t", image, ".", timeout=1200)
        # Containers may share the host's network (podman here): the server listens on
        # the PORT given, and the mapping keeps the same port where they do not.
        run(forecast_project, docker, "run", "-d", "--name", name, "-e", f"PORT={port}",
            "-p", f"127.0.0.1:{port}:{port}", image)  # fmt: skip
        base_url = f"http://127.0.0.1:{port}"
        wait_until_ready(base_url)
        user = run(forecast_project, docker, "exec", name, "id", "-u").stdout.strip()
        assert user != "0", "the service runs as root in its container"
        response = httpx.post(f"{base_url}/v1/forecast", json={"horizon": 3})
        assert response.status_code == 200
        assert len(response.json()["steps"]) == 3
        for library in ("statsforecast", "statsmodels", "sklearn", "pandas"):
            found = subprocess.run(
                [docker, "exec", name, "python", "-c", f"import {library}"],
                capture_output=True, check=False,
            )  # fmt: skip
            assert found.returncode != 0, f"{library} is in the runtime image"
    finally:
        subprocess.run([docker, "rm", "-f", name], capture_output=True, check=False)
        subprocess.run([docker, "rmi", "-f", image], capture_output=True, check=False)


def test_a_messy_series_csv_makes_a_project_that_works(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    root = tmp_path_factory.mktemp("messy-series")
    csv_path = write_messy_series_csv(root / "sales.csv")
    answers = {"kind": "forecast", "dataset": "csv", "csv_path": str(csv_path),
               "project_name": "sales-forecast"}  # fmt: skip
    project = create_project(root / "sales", data=answers, use_defaults=True).destination
    run(project, "make", "setup", "data", "train", "evaluate", "test", timeout=900)
    cleaning = json.loads((project / "data" / "processed" / "cleaning.json").read_text("utf-8"))
    problems = {note["problem"] for note in cleaning["notes"]}
    assert {"duplicated timestamps", "rows out of order", "missing values or timestamps"} <= (
        problems
    )
    assert cleaning["n_points"] == 96


def _in_process_forecast(project: Path, package: str, horizon: int) -> list[dict[str, object]]:
    script = (
        "import json, dataclasses\n"
        f"from {package}.config import PATHS\n"
        f"from {package}.modeling.predict import load_forecaster\n"
        f"points = load_forecaster(PATHS.forecaster_file).forecast({horizon})\n"
        "print(json.dumps([dataclasses.asdict(p) for p in points]))\n"
    )
    completed = run(project, "uv", "run", "python", "-c", script)
    loaded: list[dict[str, object]] = json.loads(completed.stdout)
    return loaded
