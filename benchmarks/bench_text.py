"""The text kind's figures: zero to trained, the generated tests, the served transformer, the image.

One run, on this machine:
- zero to trained: `mlscaffold new --defaults -d kind=text`, `make setup` (warm uv
  cache), `make data train`, each timed;
- the generated test suite (`make test`);
- the image: built, its size above python:3.11-slim, and one text at a fixed 50 req/s
  (open loop, latency from each request's scheduled time) against the container, next to
  the same load on a bare FastAPI endpoint that returns a constant, in the same run.

    uv run python benchmarks/bench_text.py --workdir /tmp/bench-text

Prints JSON. Needs `docker` (podman via ../shared/tools/container-setup) for the image.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_serving import fixed_rate, free_port, image_size, server

RATE = 50.0
REQUESTS = 1500


def timed(args: list[str], cwd: Path) -> float:
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    started = time.perf_counter()
    subprocess.run(args, cwd=cwd, env=env, check=True, capture_output=True)
    return round(time.perf_counter() - started, 1)


def zero_to_trained(workdir: Path) -> tuple[Path, dict[str, float]]:
    project = workdir / "review-classifier"
    steps = {
        "new": timed(
            ["mlscaffold", "new", str(project), "--defaults", "-d", "kind=text"], cwd=workdir
        ),
        "setup": timed(["make", "setup"], cwd=project),
        "data": timed(["make", "data"], cwd=project),
        "train": timed(["make", "train"], cwd=project),
    }
    steps["zero_to_trained"] = round(sum(steps.values()), 1)
    return project, steps


def container_latency(project: Path) -> dict[str, Any]:
    tag = f"bench-text:{free_port()}"
    build = ["docker", "build", "-t", tag, "."]
    subprocess.run(build, cwd=project, check=True, capture_output=True)
    port = free_port()
    name = tag.replace(":", "-")
    subprocess.run(
        ["docker", "run", "-d", "--name", name, "-e", f"PORT={port}", tag],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_ready(url)
        example = json.loads((project / "models" / "metadata.json").read_text())["example_record"]
        body = json.dumps(example).encode()
        served = asyncio.run(fixed_rate(url, body, rate=RATE, count=REQUESTS))
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)
    size = image_size(tag)
    subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, check=False)
    return {"served_transformer": served, "image": size}


def bare_latency(project: Path, workdir: Path) -> dict[str, Any]:
    body = json.dumps({"text": "An example review."}).encode()
    with server(project, "bare", workdir) as (url, _pid):
        return asyncio.run(fixed_rate(url, body, rate=RATE, count=REQUESTS))


def wait_ready(url: str, timeout: float = 120) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/ready", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise SystemExit(f"{url} not ready after {timeout} s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, help="where to make the project (default: temp)")
    parser.add_argument("--no-image", action="store_true", help="skip the image and its latency")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-text-"))
    workdir.mkdir(parents=True, exist_ok=True)
    project, steps = zero_to_trained(workdir)
    results: dict[str, Any] = {"seconds": steps, "tests_seconds": timed(["make", "test"], project)}
    if not args.no_image:
        results.update(container_latency(project))
        results["bare_fastapi_constant"] = bare_latency(project, workdir)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
