"""Helpers for end-to-end tests: running commands in a generated project, ports, polling."""

from __future__ import annotations

import json
import math
import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pytest


def run(project: Path, *args: str, timeout: float = 900) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    completed = subprocess.run(
        list(args), cwd=project, capture_output=True, text=True, timeout=timeout, env=env,
        check=False,
    )  # fmt: skip
    output = f"{completed.stdout[-4000:]}\n{completed.stderr[-4000:]}"
    assert completed.returncode == 0, f"{' '.join(args)} failed in {project}:\n{output}"
    return completed


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until_ready(base_url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    last = "no answer"
    while time.monotonic() < deadline:
        try:
            response = httpx.get(f"{base_url}/ready", timeout=2)
            if response.status_code == 200:
                return
            last = f"HTTP {response.status_code}"
        except httpx.HTTPError as err:
            last = repr(err)
        time.sleep(0.5)
    pytest.fail(f"{base_url}/ready not ready after {timeout} s ({last})")


def sample_records(project: Path, limit: int = 40) -> list[dict[str, Any]]:
    """Real records from the project's test split, with JSON null for missing values."""
    metadata = json.loads((project / "models" / "metadata.json").read_text(encoding="utf-8"))
    names = [feature["name"] for feature in metadata["features"]]
    script = (
        "import json, pandas as pd; "
        "frame = pd.read_csv('data/processed/test.csv'); "
        f"print(frame[{names!r}].head({limit}).to_json(orient='records'))"
    )
    records: list[dict[str, Any]] = json.loads(
        run(project, "uv", "run", "python", "-c", script).stdout
    )
    return records


def in_process_predictions(project: Path, package: str, records: list[dict[str, Any]]) -> list[Any]:
    """Predictions of the project's own Predictor, the one inference path."""
    (project / ".records.json").write_text(json.dumps(records), encoding="utf-8")
    script = (
        "import json, dataclasses; from pathlib import Path; "
        f"from {package}.modeling.predict import load_predictor; "
        "predictor = load_predictor(Path('models/model.onnx')); "
        "records = json.loads(Path('.records.json').read_text()); "
        "print(json.dumps([dataclasses.asdict(p) for p in predictor.predict(records)]))"
    )
    try:
        return list(json.loads(run(project, "uv", "run", "python", "-c", script).stdout))
    finally:
        (project / ".records.json").unlink()


def assert_same_prediction(served: dict[str, Any], expected: dict[str, Any]) -> None:
    if isinstance(expected["prediction"], str):
        assert served["prediction"] == expected["prediction"]
    else:
        assert math.isclose(
            served["prediction"], expected["prediction"], rel_tol=1e-4, abs_tol=1e-4
        )
    if expected.get("probabilities"):
        assert served["probabilities"].keys() == expected["probabilities"].keys()
        for label, probability in expected["probabilities"].items():
            assert math.isclose(served["probabilities"][label], probability, abs_tol=1e-4)


def docker_or_skip() -> str:
    """The docker CLI when it can build and run; otherwise skip (or fail where required)."""
    docker = shutil.which("docker")
    problem = "no docker command on PATH"
    if docker:
        info = subprocess.run([docker, "info"], capture_output=True, text=True, check=False)
        if info.returncode == 0:
            return docker
        problem = f"`docker info` failed: {(info.stderr or info.stdout).strip()[:200]}"
    if os.environ.get("MLSCAFFOLD_REQUIRE_DOCKER") == "1":
        pytest.fail(f"docker is required here (MLSCAFFOLD_REQUIRE_DOCKER=1) but {problem}")
    pytest.skip(f"no working docker: {problem}")


@contextmanager
def serving(project: Path, package: str, **settings: str) -> Iterator[str]:
    """The project's service on 127.0.0.1 (`python -m <package> serve`); yields its URL.

    `settings` are more environment variables for it (PREDICTION_LOG="...").
    """
    port = free_port()
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    env.update({"PORT": str(port), "HOST": "127.0.0.1", "LOG_LEVEL": "WARNING", **settings})
    server = subprocess.Popen(
        ["uv", "run", "python", "-m", package, "serve"], cwd=project, env=env,
        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        base_url = f"http://127.0.0.1:{port}"
        wait_until_ready(base_url)
        yield base_url
    finally:
        server.terminate()
        server.wait(timeout=30)
