"""Generated projects as containers: build the image, run it, predict over HTTP.

Needs a working `docker` (in CI, podman set up by ../shared/tools/container-setup).
Containers share the host network, so the server listens on the PORT we pass.
"""

from __future__ import annotations

import subprocess
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from mlscaffold.create import create_project
from tests.e2e.helpers import (
    assert_same_prediction,
    docker_or_skip,
    free_port,
    in_process_predictions,
    run,
    sample_records,
    wait_until_ready,
)

pytestmark = [pytest.mark.slow, pytest.mark.docker]

CASES = {
    "penguins": {"dataset": "penguins", "python_version": "3.11"},
    "diabetes": {"dataset": "diabetes", "python_version": "3.11", "model": "random_forest"},
}


@pytest.fixture
def container(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[tuple[Path, str, str]]:
    docker = docker_or_skip()
    case: str = request.param
    result = create_project(tmp_path / case, data=CASES[case], use_defaults=True)
    project, package = result.destination, str(result.answers["package_name"])
    run(project, "make", "setup", "data", "train")
    image = f"mlscaffold-e2e-{case}:{free_port()}"
    name = image.replace(":", "-")
    port = free_port()
    try:
        run(project, docker, "build", "-t", image, ".", timeout=1200)
        # The prediction log on, in the container's /tmp: written by its non-root user.
        run(project, docker, "run", "-d", "--name", name, "-e", f"PORT={port}",
            "-e", "PREDICTION_LOG=/tmp/predictions.db", image)  # fmt: skip
        base_url = f"http://127.0.0.1:{port}"
        wait_until_ready(base_url)
        yield project, package, base_url
    finally:
        subprocess.run([docker, "rm", "-f", name], capture_output=True, check=False)
        subprocess.run([docker, "rmi", "-f", image], capture_output=True, check=False)


@pytest.mark.parametrize("container", list(CASES), indirect=True)
def test_container_serves_the_in_process_predictions(container: tuple[Path, str, str]) -> None:
    project, package, base_url = container
    records = sample_records(project)
    expected = in_process_predictions(project, package, records)

    assert httpx.get(f"{base_url}/health", timeout=5).json() == {"status": "ok"}
    for record, want in zip(records[:8], expected[:8], strict=True):
        response = httpx.post(f"{base_url}/v1/predict", json=record, timeout=10)
        assert response.status_code == 200, response.text
        assert_same_prediction(response.json(), want)

    response = httpx.post(f"{base_url}/v1/predict/batch", json={"records": records}, timeout=30)
    assert response.status_code == 200, response.text
    served = response.json()["predictions"]
    assert len(served) == len(expected)
    for got, want in zip(served, expected, strict=True):
        assert_same_prediction(got, want)

    bad = httpx.post(f"{base_url}/v1/predict", json={"no_such_feature": 1}, timeout=10)
    assert bad.status_code == 422

    # The logged prediction takes its true outcome: the log works inside the image.
    answer = httpx.post(f"{base_url}/v1/predict", json=records[0], timeout=10)
    request_id = answer.headers["x-request-id"]
    assert answer.json()["request_id"] == request_id
    actual = answer.json()["prediction"]
    sent = {"request_id": request_id, "actual": actual}
    feedback = httpx.post(f"{base_url}/v1/feedback", json=sent, timeout=10)
    assert feedback.status_code == 200, feedback.text
    assert feedback.json()["prediction"] == actual
