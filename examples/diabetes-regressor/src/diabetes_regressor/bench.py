"""The bench step: measure the API's latency in-process and write reports/latency.json.

Requests go through FastAPI's TestClient: the app's whole request path (validation,
the one inference path, the response) without a network or a server process, so
the numbers describe the service's own cost on this machine. The report step shows
them when they belong to the current model.
"""

from __future__ import annotations

import json
import os
import platform
import statistics
import time
import warnings
from dataclasses import asdict

from .config import PATHS, Paths
from .errors import ProjectError
from .reporting.facts import Latency
from .settings import Settings

ENDPOINT = "/v1/predict"
WARMUP_REQUESTS = 20


def measure_latency(paths: Paths = PATHS, *, requests: int = 200) -> Latency:
    """Time `requests` POST /v1/predict calls of the model's example record."""
    if requests < 2:
        raise ProjectError("measure at least 2 requests")
    try:
        with warnings.catch_warnings():
            # Starlette's advice to move to httpx2 is for FastAPI, not for this project.
            warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
            from fastapi.testclient import TestClient  # needs httpx, a dev dependency
    except ImportError as err:
        raise ProjectError(
            "the bench needs the dev dependencies (httpx); install them with uv sync"
        ) from err
    from .api.main import create_app

    settings = Settings(_env_file=None, model_path=paths.onnx_file)  # type: ignore[call-arg]
    app = create_app(settings)
    timings_ms: list[float] = []
    with TestClient(app) as client:  # runs the lifespan: the model is loaded once, here
        metadata = app.state.predictor.metadata
        record, model_version = metadata.example_record, metadata.model_version
        warmup = min(WARMUP_REQUESTS, requests)
        for attempt in range(warmup + requests):
            started = time.perf_counter()
            response = client.post(ENDPOINT, json=record)
            elapsed_ms = (time.perf_counter() - started) * 1000
            if response.status_code != 200:
                raise ProjectError(
                    f"POST {ENDPOINT} answered {response.status_code}: {response.text[:200]}"
                )
            if attempt >= warmup:
                timings_ms.append(elapsed_ms)
    cuts = statistics.quantiles(timings_ms, n=100, method="inclusive")
    latency = Latency(
        endpoint=f"POST {ENDPOINT}",
        client="FastAPI's TestClient",
        requests=requests,
        p50_ms=round(statistics.median(timings_ms), 3),
        p95_ms=round(cuts[94], 3),
        p99_ms=round(cuts[98], 3),
        mean_ms=round(statistics.fmean(timings_ms), 3),
        model_version=model_version,
        measured_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        machine=f"{platform.machine() or 'unknown'}, {os.cpu_count() or 1} CPUs",
    )
    paths.reports_dir.mkdir(parents=True, exist_ok=True)
    paths.latency_file.write_text(json.dumps(asdict(latency), indent=2) + "\n", encoding="utf-8")
    return latency
