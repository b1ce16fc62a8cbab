"""The image kind end to end: the default project's whole pipeline, its container serving
uploads, its API fuzzed, and a project made from a messy folder of images.

Slow: the default project installs torch (uv's cache makes later installs fast) and
trains a CNN three times over in cross-validation on the CPU.
"""

from __future__ import annotations

import io
import json
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

import httpx
import pytest
from PIL import Image

from mlscaffold.create import create_project
from tests.e2e.helpers import (
    assert_same_prediction,
    docker_or_skip,
    free_port,
    run,
    serving,
    wait_until_ready,
)
from tests.e2e.test_generated_projects import assert_report_shows_this_run
from tests.image_folders import write_messy_image_folder

# One worker runs the module under -n (ONE_WORKER_MODULES in tests/conftest.py).
pytestmark = pytest.mark.slow

PACKAGE = "digit_classifier"
MAX_EXAMPLES = 40


@pytest.fixture(scope="module")
def image_project(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The image default, after `make all`: setup, data, train, evaluate, notebook, report, test."""
    root = tmp_path_factory.mktemp("image")
    answers = {"kind": "image"}
    project = create_project(root / "digit-classifier", data=answers, use_defaults=True)
    run(project.destination, "make", "all", timeout=1800)
    return project.destination


@pytest.fixture(scope="module")
def test_images(image_project: Path, tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Twenty test-split images of the default project, as PNG files to upload."""
    folder = tmp_path_factory.mktemp("uploads")
    script = (
        "import sys, numpy as np; from PIL import Image; "
        "pixels = np.load('data/processed/test.npz')['pixels'][:20]; "
        "[Image.fromarray(p).save(f'{sys.argv[1]}/{i:02d}.png') for i, p in enumerate(pixels)]"
    )
    run(image_project, "uv", "run", "python", "-c", script, str(folder))
    return sorted(folder.glob("*.png"))


def test_the_default_image_project_compares_its_candidates_and_reports_them(
    image_project: Path,
) -> None:
    metrics = json.loads((image_project / "reports" / "metrics.json").read_text(encoding="utf-8"))

    names = [candidate["name"] for candidate in metrics["candidates"]]
    assert names == ["linear", "cnn", "transfer"]
    headline = metrics["headline_metric"]
    best = max(metrics["candidates"], key=lambda candidate: candidate["cv"][headline]["mean"])
    assert metrics["model"] == best["name"]
    assert metrics["verdict"]["beats_baseline_on_test"]
    assert metrics["verdict"]["beats_baseline_in_cv"]
    assert {"figures/training_curves.png", "figures/confusion_matrix.png"} <= set(
        metrics["figures"]
    )
    assert all(m["actual"] != m["predicted"] for m in metrics["mistakes"])
    assert_report_shows_this_run(image_project, metrics)
    readme = (image_project / "README.md").read_text(encoding="utf-8")
    assert "curl" in readme and "file=@" in readme
    run(image_project, "make", "lint")
    run(image_project, "make", "typecheck")


def test_the_image_container_serves_uploads_as_the_project_predicts_them(
    image_project: Path, test_images: list[Path]
) -> None:
    docker = docker_or_skip()
    image = f"mlscaffold-e2e-image:{free_port()}"
    name = image.replace(":", "-")
    port = free_port()
    try:
        run(image_project, docker, "build", "-t", image, ".", timeout=1200)
        for library in ("torch", "sklearn", "pandas"):
            absent = subprocess.run(
                [docker, "run", "--rm", image, "python", "-c", f"import {library}"],
                capture_output=True, text=True, check=False,
            )  # fmt: skip
            assert absent.returncode != 0, f"{library} is in the serving image"
        run(image_project, docker, "run", "-d", "--name", name, "-e", f"PORT={port}", image)
        base_url = f"http://127.0.0.1:{port}"
        wait_until_ready(base_url)

        expected = _in_process_predictions(image_project, test_images)
        files = [("files", (path.name, path.read_bytes(), "image/png")) for path in test_images]
        batch = httpx.post(f"{base_url}/v1/predict/batch", files=files, timeout=60)
        assert batch.status_code == 200, batch.text
        for served, wanted in zip(batch.json()["predictions"], expected, strict=True):
            assert_same_prediction(served, wanted)
        one = httpx.post(
            f"{base_url}/v1/predict",
            files={"file": ("x.png", test_images[0].read_bytes(), "image/png")},
            timeout=10,
        )
        assert one.status_code == 200, one.text
        assert_same_prediction(one.json(), expected[0])
        _assert_bad_uploads_are_refused(base_url)
        assert httpx.get(f"{base_url}/health", timeout=10).status_code == 200
    finally:
        subprocess.run([docker, "rm", "-f", name], capture_output=True, check=False)
        subprocess.run([docker, "rmi", "-f", image], capture_output=True, check=False)


def test_the_image_api_survives_schema_based_fuzzing(image_project: Path, tmp_path: Path) -> None:
    with serving(image_project, PACKAGE) as base_url:
        schemathesis = Path(sys.executable).with_name("st")
        fuzz = subprocess.run(
            [
                str(schemathesis), "run", f"{base_url}/openapi.json",
                "--checks", "not_a_server_error",
                "--max-examples", str(MAX_EXAMPLES), "--request-timeout", "20",
                "--seed", "42",
            ],
            cwd=tmp_path, capture_output=True, text=True, timeout=900, check=False,
        )  # fmt: skip
    assert fuzz.returncode == 0, f"{fuzz.stdout[-6000:]}\n{fuzz.stderr[-2000:]}"
    tested = re.search(r"Tested: (\d+)", fuzz.stdout)
    assert tested and int(tested[1]) >= 4, fuzz.stdout[-3000:]


def test_a_messy_image_folder_is_cleaned_with_a_note_naming_each_file(tmp_path: Path) -> None:
    folder = write_messy_image_folder(tmp_path / "shapes")
    answers = {"kind": "image", "dataset": "folder", "image_dir": str(folder), "model": "linear"}
    project = create_project(tmp_path / "shapes-project", data=answers, use_defaults=True)

    run(project.destination, "make", "setup", "data", "train", "evaluate")

    report = json.loads((project.destination / "data" / "processed" / "cleaning.json").read_text())
    reasons = " | ".join(note["reason"] for note in report["dropped"])
    for expected in (
        "circle/broken.jpg",
        "square/notes.txt",
        "copies of an image kept once: circle/circle_000",
        "square/which_one.png",
        "converted to RGB",
        "EXIF orientation",
        "resized",
    ):
        assert expected in reasons, reasons
    assert ".DS_Store" not in reasons
    metrics = json.loads(
        (project.destination / "reports" / "metrics.json").read_text(encoding="utf-8")
    )
    assert [candidate["name"] for candidate in metrics["candidates"]] == ["linear"]
    assert metrics["verdict"]["beats_baseline_on_test"]


def _in_process_predictions(project: Path, images: list[Path]) -> list[dict[str, Any]]:
    """The project's own answers for `images`: `python -m <package> predict` on the files."""
    printed = run(project, "uv", "run", "python", "-m", PACKAGE, "predict", *map(str, images))
    answers: list[dict[str, Any]] = json.loads(printed.stdout)
    return answers


def _assert_bad_uploads_are_refused(base_url: str) -> None:
    """Each bad upload gets its 4xx, naming the problem, and the service keeps serving."""
    bomb = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(bomb, format="PNG")  # 48 kB claiming 400 MP
    truncated = b"\x89PNG\r\n\x1a\n" + b"\0" * 40
    cases: list[tuple[dict[str, Any], int, str]] = [
        ({"files": {"file": ("a.txt", b"not an image", "text/plain")}}, 422, "not an image"),
        ({"files": {"file": ("a.png", truncated, "image/png")}}, 422, "file"),
        ({"files": {"file": ("b.png", bomb.getvalue(), "image/png")}}, 422, "pixels"),
        ({"files": {"file": ("big.png", b"\0" * (6 * 1024 * 1024), "image/png")}}, 413, "bytes"),
        ({"json": {"file": "a.png"}}, 415, "multipart/form-data"),
    ]
    for request, status, words in cases:
        answer = httpx.post(f"{base_url}/v1/predict", timeout=30, **request)
        assert answer.status_code == status, answer.text
        assert words in answer.text, answer.text
