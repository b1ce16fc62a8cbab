"""The forecast kind end to end: the default project's pipeline, write-up and tests,
forecasts over 127.0.0.1 equal to the in-process ones, its image, and a project made
from a messy CSV.

Slow: each project installs statsforecast, scikit-learn and their dependencies (uv's
cache makes later installs fast).
"""

from __future__ import annotations

import json
import re
import subprocess
import time
from pathlib import Path

import httpx
import pytest
from click.testing import CliRunner

from mlscaffold.cli import main
from mlscaffold.create import create_project
from mlscaffold.doctor import ReportRecord, block_content, doctor_project
from tests.e2e.helpers import docker_or_skip, free_port, run, serving, wait_until_ready
from tests.series_csv import write_messy_series_csv
from tests.test_doctor import answer_prompts, edit, failing

# One worker runs the module under -n (ONE_WORKER_MODULES in tests/conftest.py).
pytestmark = pytest.mark.slow

PACKAGE = "series_forecast"
# The budget for zero to trained on a 2-core machine with a warm cache.
MAX_SECONDS_TO_TRAINED = 120


@pytest.fixture(scope="module")
def forecast_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The forecast default, after `make all` (setup, data, train, evaluate, report, test)."""
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


# Every document the report writes; all but the social post have prompts for the author.
PROMPTED = ("README.md", "reports/model_card.md", "reports/writeup.md")
DOCUMENTS = (*PROMPTED, "reports/social_post.md")
# The columns of the README's scores table.
TABLE_COLUMNS = ("mase", "mae", "rmse", "coverage", "test_mase", "test_mae", "test_coverage")


def _scores_table(results: str) -> dict[str, list[str]]:
    """The README's table: candidate name as metrics.json has it ("seasonal_naive") -> cells."""
    rows = {}
    for line in results.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 1 + len(TABLE_COLUMNS) and re.fullmatch(r"[\d.,]+", cells[1]):
            label = re.sub(r"\*|\((baseline|served)\)", "", cells[0]).strip()
            rows[label.lower().replace(" ", "_")] = cells[1:]
    return rows


def _shows(cell: str, value: float) -> bool:
    """Whether a cell shows `value`, to the precision it is written with."""
    if cell.endswith("%"):
        return int(cell.removesuffix("%")) == round(100 * value)
    decimals = len(cell.partition(".")[2])
    return abs(float(cell.replace(",", "")) - value) <= 0.5 * 10**-decimals + 1e-12


def test_the_readme_results_are_the_numbers_of_metrics_json(forecast_project: Path) -> None:
    metrics = json.loads((forecast_project / "reports" / "metrics.json").read_text("utf-8"))
    readme = (forecast_project / "README.md").read_text("utf-8")
    record = ReportRecord.model_validate_json(
        (forecast_project / "reports" / "report.json").read_bytes()
    )
    results = block_content(readme, "results", record.markers)
    assert results is not None
    rows = _scores_table(results)
    assert set(rows) == {candidate["name"] for candidate in metrics["candidates"]}
    for candidate in metrics["candidates"]:
        for cell, column in zip(rows[candidate["name"]], TABLE_COLUMNS, strict=True):
            assert _shows(cell, candidate[column]), (candidate["name"], column, cell)
    # The verdict is the run's: the served model against the better baseline, and every
    # model whose intervals miss their nominal 80% by more than 10 points is named.
    verdict = metrics["verdict"]
    assert "beats seasonal naive**" in results
    nominal = metrics["interval_level"] / 100
    for candidate in metrics["candidates"]:
        if candidate["name"] != verdict["served"] and abs(candidate["coverage"] - nominal) > 0.1:
            assert f"cover {round(100 * candidate['coverage'])}% for a nominal 80%" in results
    for figure in metrics["figures"]:
        assert f"(reports/{figure})" in results
    data = block_content(readme, "data", record.markers)
    assert data is not None
    assert "monthly" in data
    assert "filled by linear interpolation" in data


def test_report_json_is_what_doctor_reads_and_only_the_prompts_fail(
    forecast_project: Path,
) -> None:
    metrics = json.loads((forecast_project / "reports" / "metrics.json").read_text("utf-8"))
    record = ReportRecord.model_validate_json(
        (forecast_project / "reports" / "report.json").read_bytes()
    )
    scores = {candidate["name"]: candidate for candidate in metrics["candidates"]}
    served, baseline = scores[metrics["verdict"]["served"]], scores["seasonal_naive"]
    headline = record.headline
    assert headline.metric == "mase"
    assert float(headline.model) == pytest.approx(served["test_mase"], abs=5e-4)
    assert float(headline.baseline) == pytest.approx(baseline["test_mase"], abs=5e-4)
    assert float(headline.model_cv) == pytest.approx(served["mase"], abs=5e-4)
    assert float(headline.baseline_cv) == pytest.approx(baseline["mase"], abs=5e-4)
    assert headline.beats_baseline_on_test and headline.beats_baseline_in_cv
    assert [document.path for document in record.documents] == list(DOCUMENTS)

    assert set(failing(forecast_project)) == {"prompts"}


def test_answered_prompts_pass_doctor_and_a_second_report_changes_nothing(
    forecast_project: Path,
) -> None:
    prompt = ReportRecord.model_validate_json(
        (forecast_project / "reports" / "report.json").read_bytes()
    ).prompt
    written = (*DOCUMENTS, "reports/social_preview.png", "reports/report.json")
    for name in PROMPTED:
        edit(forecast_project / name, lambda text: answer_prompts(text, prompt))
    run(forecast_project, "make", "report")
    before = {name: (forecast_project / name).read_bytes() for name in written}

    run(forecast_project, "make", "report")

    assert {name: (forecast_project / name).read_bytes() for name in written} == before
    assert doctor_project(forecast_project).ok
    assert CliRunner().invoke(main, ["doctor", str(forecast_project)]).exit_code == 0


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
    run(project, "make", "setup", "data", "train", "evaluate", "report", "test", timeout=900)
    cleaning = json.loads((project / "data" / "processed" / "cleaning.json").read_text("utf-8"))
    problems = {note["problem"] for note in cleaning["notes"]}
    assert {"duplicated timestamps", "rows out of order", "missing values or timestamps"} <= (
        problems
    )
    assert cleaning["n_points"] == 96
    # The README's data block names every repair, and the write-up is doctor's to read.
    record = ReportRecord.model_validate_json((project / "reports" / "report.json").read_bytes())
    data = block_content((project / "README.md").read_text("utf-8"), "data", record.markers)
    assert data is not None
    for note in cleaning["notes"]:
        assert f"{note['problem']}: " in data
    assert "results" not in failing(project)


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
