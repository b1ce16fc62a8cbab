"""The bench step: measure the service's latency over HTTP and write reports/latency.json.

It starts the real service (`python -m <package> serve`) on a free port of
127.0.0.1, waits until it is ready, and times POST /v1/predict with the model's
example record (an image model's: an upload of models/example.png) through one
keep-alive connection: the numbers include the server, the network stack and the
whole request path, as a client on the same machine sees them. The report step
shows them when they belong to the current model.
"""

from __future__ import annotations

import json
import os
import platform
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import asdict
from pathlib import Path
from typing import IO, Any

import httpx

from .image_facts import EXAMPLE_IMAGE, is_image
from .paths import WRITEUP_PATHS, WriteupPaths
from .project import PACKAGE, ModelMetadata, ProjectError
from .run import Latency

ENDPOINT = "/v1/predict"
WARMUP_REQUESTS = 20
STARTUP_TIMEOUT_S = 60.0


def measure_latency(paths: WriteupPaths = WRITEUP_PATHS, *, requests: int = 200) -> Latency:
    """Time `requests` POST /v1/predict calls of the model's example record."""
    if requests < 2:
        raise ProjectError("measure at least 2 requests")
    if not paths.run.onnx_file.is_file():
        raise ProjectError(f"{paths.run.onnx_file} is missing; train a model first (make train)")
    metadata = ModelMetadata.load(paths.run.metadata_file)
    send = _request_of(metadata, paths)
    with service(paths) as base_url, httpx.Client(base_url=base_url, timeout=10) as client:
        timings_ms = _time_requests(client, send, requests)
    cuts = statistics.quantiles(timings_ms, n=100, method="inclusive")
    latency = Latency(
        endpoint=f"POST {ENDPOINT}",
        client="one keep-alive HTTP client on 127.0.0.1"
        + (f", uploading {EXAMPLE_IMAGE}" if "files" in send else ""),
        requests=requests,
        p50_ms=round(statistics.median(timings_ms), 3),
        p95_ms=round(cuts[94], 3),
        p99_ms=round(cuts[98], 3),
        mean_ms=round(statistics.fmean(timings_ms), 3),
        model_version=metadata.model_version,
        measured_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        machine=f"{platform.machine() or 'unknown'}, {os.cpu_count() or 1} CPUs",
    )
    paths.latency_file.parent.mkdir(parents=True, exist_ok=True)
    paths.latency_file.write_text(json.dumps(asdict(latency), indent=2) + "\n", encoding="utf-8")
    return latency


def _request_of(metadata: ModelMetadata, paths: WriteupPaths) -> dict[str, Any]:
    """What each timed request sends: the example record as JSON, or the example image."""
    if not any(is_image(feature.kind) for feature in metadata.features):
        return {"json": metadata.example_record}
    image = paths.run.models_dir / Path(EXAMPLE_IMAGE).name
    if not image.is_file():
        raise ProjectError(f"{image} is missing; train a model first (make train)")
    # The form field the API reads an upload from is the example record's one key.
    field = next(iter(metadata.example_record))
    return {"files": {field: (image.name, image.read_bytes(), "image/png")}}


def _time_requests(client: httpx.Client, send: dict[str, Any], requests: int) -> list[float]:
    timings_ms: list[float] = []
    for attempt in range(WARMUP_REQUESTS + requests):
        started = time.perf_counter()
        response = client.post(ENDPOINT, **send)
        elapsed_ms = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise ProjectError(
                f"POST {ENDPOINT} answered {response.status_code}: {response.text[:200]}"
            )
        if attempt >= WARMUP_REQUESTS:
            timings_ms.append(elapsed_ms)
    return timings_ms


@contextmanager
def service(paths: WriteupPaths, env: Mapping[str, str] | None = None) -> Iterator[str]:
    """The service, serving the trained model on a free port; stopped on exit.

    `env` adds to the service's environment (PREDICTION_LOG, for the drill).
    """
    port = _free_port()
    environment = {
        **os.environ,
        **(env or {}),
        "HOST": "127.0.0.1",
        "PORT": str(port),
        "MODEL_PATH": str(paths.run.onnx_file),
    }
    # The service logs every request; a file, unlike a pipe nobody reads, never fills up.
    with tempfile.TemporaryFile("w+", encoding="utf-8") as log:
        server = subprocess.Popen(
            [sys.executable, "-m", PACKAGE, "serve"],
            env=environment,
            stdout=subprocess.DEVNULL,
            stderr=log,
        )
        base_url = f"http://127.0.0.1:{port}"
        try:
            _wait_until_ready(server, base_url, log)
            yield base_url
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()


def _wait_until_ready(server: subprocess.Popen[bytes], base_url: str, log: IO[str]) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if server.poll() is not None:
            log.seek(0)
            last = log.read().strip().splitlines()
            reason = last[-1] if last else f"exit code {server.returncode}"
            raise ProjectError(f"the service did not start: {reason}")
        try:
            if httpx.get(f"{base_url}/ready", timeout=1).status_code == 200:
                return
        except httpx.TransportError:
            pass  # not listening yet
        time.sleep(0.1)
    raise ProjectError(f"the service was not ready after {STARTUP_TIMEOUT_S:.0f} s")


def _free_port() -> int:
    # The OS picks a free port; it stays free for the moment the server needs to bind it.
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])
