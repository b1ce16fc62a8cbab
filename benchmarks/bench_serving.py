"""Serving speed of a generated project's API against the stack's ceiling and a naive server.

Run on demand (not in CI): `uv run python benchmarks/bench_serving.py [--project DIR]
[--image TAG] [--seconds 10]`. Without --project it renders the default penguins
project into a temporary directory, installs it and trains it first.

In ONE run, on 127.0.0.1 only, one uvicorn worker each, one server at a time:
(a) bare: FastAPI returning a constant, the ceiling of this stack on this machine;
(b) naive: `pd.DataFrame([record])` + scikit-learn `pipeline.predict` per request;
(c) ours: the generated project's app (`python -m <package> serve`), as shipped.

For each: requests/s and p50/p99 latency for single records and for batches of
1,000 records (closed loop, `wrk`), and p50/p99 at a fixed 200 requests/s (open
loop, an asyncio client that sends on a schedule). Plus the Docker image's size
above its base with --image. Prints JSON.

Why two clients: `wrk` is C and needs a fraction of a core to saturate a Python
server, so its requests/s measure the server, not the client (a Python client on
this 2-core machine tops out near the ceiling we want to measure). But `wrk` only
runs closed loops, and a fixed-rate latency needs requests sent on a clock whether
or not earlier ones have returned: a small asyncio client on raw keep-alive
connections does that (httpx's own overhead, about 1 ms of CPU a request, would
be measured along with the server's).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

HOST = "127.0.0.1"  # never any other address
JSON = "application/json"
BATCH = 1000

BARE_APP = """
from fastapi import FastAPI

app = FastAPI()


@app.post("/v1/predict")
async def predict() -> dict[str, str]:
    return {"prediction": "constant"}


@app.post("/v1/predict/batch")
async def predict_batch() -> dict[str, str]:
    return {"prediction": "constant"}
"""

NAIVE_APP = """
from pathlib import Path

import pandas as pd
from fastapi import FastAPI

from {package}.modeling.skops_file import load_pipeline

pipeline = load_pipeline(Path("models/model.skops"))
app = FastAPI()


@app.post("/v1/predict")
def predict(record: dict) -> dict:
    return {{"prediction": str(pipeline.predict(pd.DataFrame([record]))[0])}}


@app.post("/v1/predict/batch")
def predict_batch(body: dict) -> dict:
    frame = pd.DataFrame(body["records"])
    return {{"predictions": [str(label) for label in pipeline.predict(frame)]}}
"""

WRK_SCRIPT = """
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
local f = io.open("{body}", "rb")
wrk.body = f:read("*all")
f:close()
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def venv_python(project: Path) -> str:
    # The interpreter itself, not `uv run`: its pid is the server's (for /proc).
    return str(project / ".venv" / "bin" / "python")


@contextmanager
def server(project: Path, kind: str, workdir: Path) -> Iterator[tuple[str, int]]:
    """Start server `kind` (bare | naive | ours) on a free loopback port; yield (url, pid)."""
    port = free_port()
    package = next(p.name for p in (project / "src").iterdir() if p.is_dir())
    env = {**os.environ, "PORT": str(port), "HOST": HOST, "PYTHONUNBUFFERED": "1"}
    env.pop("VIRTUAL_ENV", None)
    if kind == "ours":
        args = [venv_python(project), "-m", package, "serve"]
    else:
        source = BARE_APP if kind == "bare" else NAIVE_APP.format(package=package)
        module = workdir / f"{kind}_app.py"
        module.write_text(textwrap.dedent(source))
        env["PYTHONPATH"] = str(workdir)
        args = [venv_python(project), "-m", "uvicorn", f"{kind}_app:app", "--host", HOST,
                "--port", str(port), "--workers", "1", "--no-access-log",
                "--log-level", "warning"]  # fmt: skip
    log = (workdir / f"{kind}.log").open("w")
    process = subprocess.Popen(args, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT)
    url = f"http://{HOST}:{port}"
    try:
        wait_until_up(url, process)
        yield url, process.pid
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def wait_until_up(url: str, process: subprocess.Popen[bytes], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server at {url} exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/openapi.json", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not start in {timeout} s")


def wrk(url: str, body: Path, *, seconds: int, connections: int, workdir: Path) -> dict[str, Any]:
    """Closed loop: `connections` clients send `body` back to back for `seconds`."""
    script = workdir / f"{body.stem}.lua"
    script.write_text(WRK_SCRIPT.format(body=body))
    out = subprocess.run(
        ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", str(script), url],
        capture_output=True, text=True, check=True, timeout=seconds + 30,
    ).stdout  # fmt: skip
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))  # type: ignore[union-attr]
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    socket_errors = re.search(r"Socket errors: (.*)", out)
    return {
        "requests_per_s": round(rate, 1),
        "p50_ms": _wrk_percentile(out, "50%"),
        "p99_ms": _wrk_percentile(out, "99%"),
        "non_2xx": int(errors.group(1)) if errors else 0,
        "socket_errors": socket_errors.group(1) if socket_errors else None,
        "connections": connections,
        "seconds": seconds,
    }


def _wrk_percentile(out: str, label: str) -> float:
    value, unit = re.search(rf"^\s+{label}\s+([\d.]+)(us|ms|s)\s*$", out, re.M).groups()  # type: ignore[union-attr]
    return round(float(value) * {"us": 0.001, "ms": 1.0, "s": 1000.0}[unit], 3)


class Connections:
    """Keep-alive HTTP/1.1 connections to HOST:port over bare asyncio streams.

    httpx's AsyncClient costs about a millisecond of CPU per request, which on a
    2-core machine shared with the server delays requests by more than the server
    takes; writing the request and reading a Content-Length response by hand costs
    a few microseconds.
    """

    def __init__(self, port: int, size: int) -> None:
        self.port, self.size = port, size
        self.idle: asyncio.Queue[tuple[asyncio.StreamReader, asyncio.StreamWriter]] = (
            asyncio.Queue()
        )

    async def open(self) -> None:
        for _ in range(self.size):
            self.idle.put_nowait(await asyncio.open_connection(HOST, self.port))

    async def close(self) -> None:
        while not self.idle.empty():
            _, writer = self.idle.get_nowait()
            writer.close()

    async def post(self, path: str, body: bytes, content_type: str = JSON) -> int:
        """POST `body`; return the status code (the body is read and dropped)."""
        reader, writer = await self.idle.get()
        try:
            writer.write(
                f"POST {path} HTTP/1.1\r\nHost: {HOST}\r\nContent-Type: {content_type}\r\n"
                f"Content-Length: {len(body)}\r\n\r\n".encode()
                + body
            )
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head.split(b" ", 2)[1])
            length = int(re.search(rb"(?i)content-length: (\d+)", head).group(1))  # type: ignore[union-attr]
            await reader.readexactly(length)
        except BaseException:
            writer.close()
            self.idle.put_nowait(await asyncio.open_connection(HOST, self.port))
            raise
        self.idle.put_nowait((reader, writer))
        return status


async def fixed_rate(
    url: str,
    body: bytes,
    *,
    rate: float,
    count: int,
    on_tick: Any = None,
    content_type: str = JSON,
) -> dict[str, Any]:
    """Open loop: send `count` POST /v1/predict at `rate` per second, on schedule.

    Latency is measured from each request's scheduled time, so a server (or client)
    that falls behind shows it instead of silently sending fewer requests.
    `on_tick(i)` is called for every request sent (the load test samples memory).
    """
    port = int(url.rsplit(":", 1)[1])
    connections = Connections(port, size=32)
    await connections.open()
    latencies: list[float] = []
    failures = 0

    async def one(scheduled: float) -> None:
        nonlocal failures
        try:
            if await connections.post("/v1/predict", body, content_type) != 200:
                failures += 1
        except (OSError, asyncio.IncompleteReadError, ValueError):
            failures += 1
        latencies.append((time.perf_counter() - scheduled) * 1000)

    for _ in range(16):  # warm-up
        await one(time.perf_counter())
    latencies.clear()
    started = time.perf_counter()
    tasks = []
    for i in range(count):
        scheduled = started + i / rate
        delay = scheduled - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        tasks.append(asyncio.create_task(one(scheduled)))
        if on_tick is not None:
            on_tick(i)
    await asyncio.gather(*tasks)
    elapsed = time.perf_counter() - started
    await connections.close()
    cuts = statistics.quantiles(latencies, n=100, method="inclusive")
    return {
        "target_per_s": rate,
        "achieved_per_s": round(count / elapsed, 1),
        "requests": count,
        "seconds": round(elapsed, 1),
        "errors": failures,
        "p50_ms": round(statistics.median(latencies), 3),
        "p99_ms": round(cuts[98], 3),
        "max_ms": round(max(latencies), 3),
    }


def image_size(tag: str) -> dict[str, Any]:
    def size(name: str) -> int:
        out = subprocess.run(
            ["docker", "image", "inspect", name, "--format", "{{.Size}}"],
            capture_output=True, text=True, check=True,
        ).stdout  # fmt: skip
        return int(out.strip())

    image, base = size(tag), size("python:3.11-slim")
    return {
        "image": tag,
        "image_mb": round(image / 1e6, 1),
        "base_mb": round(base / 1e6, 1),
        "above_base_mb": round((image - base) / 1e6, 1),
    }


def prepare_project(workdir: Path) -> Path:
    """Render, install and train the default penguins project."""
    project = workdir / "penguins"
    mlscaffold = str(Path(sys.executable).parent / "mlscaffold")
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    subprocess.run([mlscaffold, "new", str(project), "--defaults"], check=True, env=env)
    for step in (["uv", "sync"], ["make", "data"], ["make", "train"]):
        subprocess.run(step, cwd=project, check=True, env=env, capture_output=True)
    return project


def bench(
    project: Path, workdir: Path, seconds: int, rate: float, rate_count: int
) -> dict[str, Any]:
    metadata = json.loads((project / "models" / "metadata.json").read_text())
    record = metadata["example_record"]
    single = workdir / "single.json"
    single.write_text(json.dumps(record))
    batch = workdir / "batch.json"
    batch.write_text(json.dumps({"records": [record] * BATCH}))
    results: dict[str, Any] = {"project": str(project), "model": metadata["estimator"]}
    for kind in ("bare", "naive", "ours"):
        with server(project, kind, workdir) as (url, _pid):
            predict, batch_url = f"{url}/v1/predict", f"{url}/v1/predict/batch"
            wrk(predict, single, seconds=2, connections=8, workdir=workdir)  # warm-up
            results[kind] = {
                "single": wrk(predict, single, seconds=seconds, connections=8, workdir=workdir),
                "batch_1000": wrk(
                    batch_url, batch, seconds=seconds, connections=1, workdir=workdir
                ),
                "fixed_rate": asyncio.run(
                    fixed_rate(url, single.read_bytes(), rate=rate, count=rate_count)
                ),
            }
    ceiling = results["bare"]["single"]["requests_per_s"]
    naive = results["naive"]["single"]["requests_per_s"]
    ours = results["ours"]["single"]["requests_per_s"]
    results["ratios"] = {
        "ours_vs_ceiling": round(ours / ceiling, 3),
        "ours_vs_naive": round(ours / naive, 2),
    }
    return results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", type=Path, help="a generated project, installed and trained")
    parser.add_argument("--image", help="tag of the project's built image, for its size")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each wrk run")
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--rate-count", type=int, default=2000, help="requests at --rate")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    # The image first: a missing one fails in a second, not after the whole run.
    image = image_size(options.image) if options.image else None
    with tempfile.TemporaryDirectory(prefix="bench-serving-") as tmp:
        workdir = Path(tmp)
        project = options.project.resolve() if options.project else prepare_project(workdir)
        results = bench(project, workdir, options.seconds, options.rate, options.rate_count)
    results["image"] = image
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
