"""The image kind's figures: zero to trained, the generated tests, served uploads, the image.

One run, on this machine:
- zero to trained: `mlscaffold new --defaults -d kind=image`, `make setup` (warm uv
  cache), `make data train`, each timed;
- the generated test suite (`make test`);
- the image: built, its size above python:3.11-slim, and one upload (models/example.png
  as multipart/form-data) at a fixed 50 req/s (open loop, latency from each request's
  scheduled time) against the container, next to the same load on a bare FastAPI
  endpoint that returns a constant, in the same run.

    uv run python benchmarks/bench_image.py --workdir /tmp/bench-image

Prints JSON. Needs `docker` (podman via ../shared/tools/container-setup) for the image.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from bench_serving import fixed_rate, free_port, image_size, server
from bench_text import timed, wait_ready

RATE = 50.0
REQUESTS = 1500
BOUNDARY = "bench-image-boundary"
MULTIPART = f"multipart/form-data; boundary={BOUNDARY}"


def zero_to_trained(workdir: Path) -> tuple[Path, dict[str, float]]:
    project = workdir / "digit-classifier"
    steps = {
        "new": timed(
            ["mlscaffold", "new", str(project), "--defaults", "-d", "kind=image"], cwd=workdir
        ),
        "setup": timed(["make", "setup"], cwd=project),
        "data": timed(["make", "data"], cwd=project),
        "train": timed(["make", "train"], cwd=project),
    }
    steps["zero_to_trained"] = round(sum(steps.values()), 1)
    return project, steps


def upload_body(image: bytes) -> bytes:
    """One multipart/form-data body with the image in the field `file`, as curl -F sends it."""
    head = (
        f"--{BOUNDARY}\r\n"
        'Content-Disposition: form-data; name="file"; filename="example.png"\r\n'
        "Content-Type: image/png\r\n\r\n"
    ).encode()
    return head + image + f"\r\n--{BOUNDARY}--\r\n".encode()


def container_latency(project: Path, body: bytes) -> dict[str, Any]:
    tag = f"bench-image:{free_port()}"
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
        served = asyncio.run(
            fixed_rate(url, body, rate=RATE, count=REQUESTS, content_type=MULTIPART)
        )
    finally:
        subprocess.run(["docker", "rm", "-f", name], capture_output=True, check=False)
    size = image_size(tag)
    subprocess.run(["docker", "rmi", "-f", tag], capture_output=True, check=False)
    return {"served_upload": served, "image": size}


def bare_latency(project: Path, workdir: Path, body: bytes) -> dict[str, Any]:
    with server(project, "bare", workdir) as (url, _pid):
        return asyncio.run(fixed_rate(url, body, rate=RATE, count=REQUESTS, content_type=MULTIPART))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workdir", type=Path, help="where to make the project (default: temp)")
    parser.add_argument("--no-image", action="store_true", help="skip the image and its latency")
    args = parser.parse_args()
    workdir = args.workdir or Path(tempfile.mkdtemp(prefix="bench-image-"))
    workdir.mkdir(parents=True, exist_ok=True)
    project, steps = zero_to_trained(workdir)
    results: dict[str, Any] = {"seconds": steps, "tests_seconds": timed(["make", "test"], project)}
    if not args.no_image:
        body = upload_body((project / "models" / "example.png").read_bytes())
        results.update(container_latency(project, body))
        results["bare_fastapi_constant"] = bare_latency(project, workdir, body)
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
