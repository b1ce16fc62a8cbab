"""The forecast kind's service in its container: latency at a fixed 50 req/s, and its ceiling.

One run, on this machine:
- the forecast default (`mlscaffold new --defaults -d kind=forecast`, `make setup data
  train`), or `--project` for one already trained;
- its image, built and run (`docker run -e PORT=...`: containers share the host's
  network here), then `POST /v1/forecast {"horizon": 12}` at a fixed 50 req/s for
  `--seconds` (open loop, latency from each request's scheduled time, keep-alive
  connections; see bench_serving.fixed_rate);
- in the same run, the same load on a bare FastAPI endpoint that parses the same body
  and returns a constant, served by uvicorn in a container of the same image, so both
  pay the same container, Python and uvicorn costs; rounds alternate ours and bare;
- the load average before and after, and the image's size above python:3.11-slim.

    uv run python benchmarks/bench_forecast_service.py --workdir /tmp/bench-forecast --seconds 30

Prints JSON. Needs `docker` (podman via ../shared/tools/container-setup).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_serving import fixed_rate, free_port, image_size
from bench_text import timed, wait_ready

RATE = 50.0
BODY = json.dumps({"horizon": 12}).encode()
TARGET_P99_MS = 20.0

# The ceiling: read and parse the same JSON body, answer a constant. Run with the
# image's own Python, FastAPI and uvicorn (one worker, no access log, as ours).
BARE_SERVER = """
import os
from typing import Any

import uvicorn
from fastapi import FastAPI

app = FastAPI()


@app.post("/v1/forecast")
async def forecast(body: dict[str, Any]) -> dict[str, str]:
    return {"forecast": "constant"}


@app.get("/ready")
async def ready() -> dict[str, str]:
    return {"status": "ready"}


uvicorn.run(app, host="127.0.0.1", port=int(os.environ["PORT"]), access_log=False,
            log_level="warning")
"""


def trained_project(workdir: Path) -> tuple[Path, dict[str, float]]:
    project = workdir / "series-forecast"
    steps = {
        "new": timed(
            ["mlscaffold", "new", str(project), "--defaults", "-d", "kind=forecast"], cwd=workdir
        ),
        "setup_data_train": timed(["make", "setup", "data", "train"], cwd=project),
    }
    return project, steps


def container_latency(tag: str, command: list[str], seconds: int) -> dict[str, Any]:
    """Run `tag` (with `command`, if any) on a free port; drive it at RATE for `seconds`."""
    port = free_port()
    name = f"bench-forecast-{port}"
    subprocess.run(
        ["docker", "run", "-d", "--name", name, "-e", f"PORT={port}", tag, *command],
        check=True, capture_output=True,
    )  # fmt: skip
    try:
        url = f"http://127.0.0.1:{port}"
        wait_ready(url)
        count = int(RATE * seconds)
        return asyncio.run(fixed_rate(url, BODY, rate=RATE, count=count, path="/v1/forecast"))
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)


def summary(rounds: list[dict[str, Any]]) -> dict[str, Any]:
    """Each round's figures, and the medians of p50 and p99 over the rounds."""
    return {
        "rounds": rounds,
        "errors": sum(r["errors"] for r in rounds),
        "p50_ms": round(statistics.median(r["p50_ms"] for r in rounds), 3),
        "p99_ms": round(statistics.median(r["p99_ms"] for r in rounds), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, help="where to make the project (default: temp)")
    parser.add_argument("--project", type=Path, help="a trained forecast project to use instead")
    parser.add_argument("--seconds", type=int, default=30, help="load per round (default 30)")
    parser.add_argument("--rounds", type=int, default=1, help="rounds of ours then bare")
    args = parser.parse_args()
    results: dict[str, Any] = {"load_average_before": os.getloadavg()}
    if args.project:
        project = args.project.resolve()
    else:
        workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-forecast-"))
        workdir.mkdir(parents=True, exist_ok=True)
        project, results["seconds"] = trained_project(workdir)
    tag = f"bench-forecast:{free_port()}"
    subprocess.run(["docker", "build", "-t", tag, "."], cwd=project, check=True,
                   capture_output=True)  # fmt: skip
    try:
        ours, bare = [], []
        for _ in range(args.rounds):
            ours.append(container_latency(tag, [], args.seconds))
            bare.append(container_latency(tag, ["python", "-c", BARE_SERVER], args.seconds))
        results["image"] = image_size(tag)
    finally:
        subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, check=False)
    results["served_forecast"] = summary(ours)
    results["bare_fastapi_constant"] = summary(bare)
    results["p99_ratio_to_bare"] = round(
        results["served_forecast"]["p99_ms"] / results["bare_fastapi_constant"]["p99_ms"], 2
    )
    results["p99_target_ms"] = TARGET_P99_MS
    results["p99_target_met"] = results["served_forecast"]["p99_ms"] <= TARGET_P99_MS
    results["load_average_after"] = os.getloadavg()
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
