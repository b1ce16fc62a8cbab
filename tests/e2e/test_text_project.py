"""The text kind end to end: the default project's whole pipeline, its image, its API fuzzed,
and a project made from a messy text CSV.

Slow: the default project installs torch (uv's cache makes later installs fast) and
embeds about 4,900 reviews with the pre-trained transformer on the CPU.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest

from mlscaffold.create import create_project
from tests.e2e.helpers import (
    assert_same_prediction,
    docker_or_skip,
    free_port,
    in_process_predictions,
    run,
    serving,
    wait_until_ready,
)
from tests.e2e.test_generated_projects import assert_report_shows_this_run
from tests.text_csv import write_messy_text_csv

# One worker runs the module under -n (ONE_WORKER_MODULES in tests/conftest.py).
pytestmark = pytest.mark.slow

PACKAGE = "review_classifier"
MAX_EXAMPLES = 60


@pytest.fixture(scope="module")
def text_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The text default, after `make all`: setup, data, train, evaluate, notebook, report, test."""
    root = tmp_path_factory.mktemp("text")
    answers = {"kind": "text", "project_name": "review-classifier"}
    project = create_project(root / "review-classifier", data=answers, use_defaults=True)
    run(project.destination, "make", "all", timeout=1800)
    return project.destination


def test_the_default_text_project_compares_its_candidates_and_reports_them(
    text_project: Path,
) -> None:
    metrics = json.loads((text_project / "reports" / "metrics.json").read_text(encoding="utf-8"))

    assert [candidate["name"] for candidate in metrics["candidates"]] == ["tfidf", "embedding"]
    headline = metrics["headline_metric"]
    best = max(metrics["candidates"], key=lambda candidate: candidate["cv"][headline]["mean"])
    assert metrics["model"] == best["name"]
    verdict = metrics["verdict"]
    assert verdict["beats_baseline_on_test"]
    assert verdict["beats_baseline_in_cv"]
    assert all(m["actual"] != m["predicted"] for m in metrics["mistakes"])
    assert set(metrics["top_terms"]) == {"fresh", "rotten"}
    assert_report_shows_this_run(text_project, metrics)
    readme = (text_project / "README.md").read_text(encoding="utf-8")
    assert "### Candidates, from small to large" in readme
    assert "### Read your predictions" in readme
    assert metrics["mistakes"][0]["text"][:40] in readme
    run(text_project, "make", "lint")
    run(text_project, "make", "typecheck")


def test_the_text_image_serves_the_in_process_predictions_without_torch(
    text_project: Path,
) -> None:
    docker = docker_or_skip()
    image = f"mlscaffold-e2e-text:{free_port()}"
    name = image.replace(":", "-")
    port = free_port()
    try:
        run(text_project, docker, "build", "-t", image, ".", timeout=1200)
        for library in ("torch", "sklearn", "transformers"):
            absent = subprocess.run(
                [docker, "run", "--rm", image, "python", "-c", f"import {library}"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            assert absent.returncode != 0, f"{library} is in the serving image"
        run(text_project, docker, "run", "-d", "--name", name, "-e", f"PORT={port}", image)
        base_url = f"http://127.0.0.1:{port}"
        wait_until_ready(base_url)

        records = _test_texts(text_project, limit=20)
        expected = in_process_predictions(text_project, PACKAGE, records)
        batch = httpx.post(f"{base_url}/v1/predict/batch", json={"records": records}, timeout=60)
        assert batch.status_code == 200, batch.text
        for served, wanted in zip(batch.json()["predictions"], expected, strict=True):
            assert_same_prediction(served, wanted)
        for bad in ({"text": "   "}, {"text": "x" * 5001}, {"review": "misnamed"}):
            refused = httpx.post(f"{base_url}/v1/predict", json=bad, timeout=10)
            assert refused.status_code == 422, refused.text
        assert httpx.get(f"{base_url}/health", timeout=10).status_code == 200
    finally:
        subprocess.run([docker, "rm", "-f", name], capture_output=True, check=False)
        subprocess.run([docker, "rmi", "-f", image], capture_output=True, check=False)


def test_the_text_api_survives_schema_based_fuzzing(text_project: Path, tmp_path: Path) -> None:
    with serving(text_project, PACKAGE) as base_url:
        schemathesis = Path(sys.executable).with_name("st")
        fuzz = subprocess.run(
            [
                str(schemathesis), "run", f"{base_url}/openapi.json",
                "--checks", "not_a_server_error,response_schema_conformance",
                "--max-examples", str(MAX_EXAMPLES), "--request-timeout", "20",
                "--seed", "42",
            ],
            cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
    assert fuzz.returncode == 0, f"{fuzz.stdout[-6000:]}\n{fuzz.stderr[-2000:]}"
    tested = re.search(r"Tested: (\d+)", fuzz.stdout)
    assert tested and int(tested[1]) >= 5, fuzz.stdout[-3000:]


def test_a_messy_text_csv_is_cleaned_with_a_note_for_each_problem(tmp_path: Path) -> None:
    csv_path = write_messy_text_csv(tmp_path / "reviews.csv", rows=200)
    with csv_path.open("a", encoding="utf-8") as handle:
        handle.write(f"9001,2024-01-01,web,5,{'long ' * 400}praise,positive\n")
        handle.write('9002,2024-01-02,web,1,"   ",negative\n')
    with csv_path.open("ab") as handle:  # a review pasted from a Latin-1 page
        handle.write("9003,2024-01-03,web,5,caf\xe9 cr\xe8me of films,positive\n".encode("latin-1"))
    answers = {
        "kind": "text", "dataset": "csv", "csv_path": str(csv_path),
        "text_column": "review", "target": "sentiment", "model": "tfidf",
    }  # fmt: skip
    project = create_project(tmp_path / "reviews", data=answers, use_defaults=True).destination

    run(project, "make", "setup", "data", "train", "evaluate")

    report = json.loads((project / "data" / "processed" / "cleaning.json").read_text())
    reasons = " | ".join(note["reason"] for note in report["dropped"])
    expected_notes = ("no 'sentiment' label", "empty or only whitespace", "duplicates", "longer")
    for expected in (*expected_notes, "not UTF-8"):
        assert expected in reasons, reasons
    metrics = json.loads((project / "reports" / "metrics.json").read_text(encoding="utf-8"))
    assert [candidate["name"] for candidate in metrics["candidates"]] == ["tfidf"]
    assert metrics["verdict"]["beats_baseline_on_test"]


def _test_texts(project: Path, limit: int) -> list[dict[str, Any]]:
    script = (
        "import json, pandas as pd; "
        "frame = pd.read_csv('data/processed/test.csv', dtype=str, keep_default_na=False); "
        f"print(json.dumps([{{'text': t}} for t in frame['text'].head({limit})]))"
    )
    records: list[dict[str, Any]] = json.loads(
        run(project, "uv", "run", "python", "-c", script).stdout
    )
    return records
