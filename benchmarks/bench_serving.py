"""Serving speed of a generated project's API against the stack's ceiling, naive and BentoML.

Run on demand (not in CI): `uv run python benchmarks/bench_serving.py [--project DIR]
[--image TAG] [--seconds 10] [--bentoml-python PATH | --no-bentoml]`. Without --project
it renders the default penguins project into a temporary directory, installs it and
trains it first.

In ONE run, on 127.0.0.1 only, one worker each, one server at a time:
(a) bare: FastAPI parsing the same JSON body and returning a constant, the ceiling
    of this stack on this machine;
(b) naive: `pd.DataFrame([record])` + scikit-learn `pipeline.predict` per request;
(c) ours: the generated project's app (`python -m <package> serve`), as shipped;
(d) bentoml: the project's scikit-learn pipeline (models/model.skops, loaded with the
    project's own `load_pipeline`) behind a `@bentoml.service` written the way its docs
    show, with pandas + `pipeline.predict` (`bentoml serve`, 1 worker).

For each: requests/s and p50/p99 latency for single records and for batches of
1,000 records (closed loop, `wrk`), and p50/p99 at a fixed 200 requests/s (open
loop, an asyncio client that sends on a schedule); for (b), (c) and (d) the label
each serves for the project's example record, which must agree. Plus the Docker
image's size above its base with --image. Prints JSON.

BentoML is not a dependency of the project, and must not change the project's
environment: unless --bentoml-python names an interpreter that has it, the run makes
a virtual environment of its own in its temporary directory (`uv venv` from the
project's interpreter, then `uv pip install bentoml` with the project's scikit-learn,
skops, pandas and numpy pinned to the versions it has; uv's cache makes this a few
seconds after the first time). If BentoML cannot be installed or served, the JSON
says why under "bentoml" and the other servers are measured as usual. Its usage
tracking is off (BENTOML_DO_NOT_TRACK).

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
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx

HOST = "127.0.0.1"  # never any other address
JSON = "application/json"
BATCH = 1000

# The ceiling does what every server here must do before it can predict: read the
# request's body and parse its JSON (FastAPI does both for a `dict[str, Any]` body
# parameter), then return a constant. An endpoint that declares no body never reads
# it, and would set a ceiling that no server that predicts can reach.
BARE_APP = """
from typing import Any

from fastapi import FastAPI

app = FastAPI()


@app.post("/v1/predict")
async def predict(record: dict[str, Any]) -> dict[str, str]:
    return {"prediction": "constant"}


@app.post("/v1/predict/batch")
async def predict_batch(body: dict[str, Any]) -> dict[str, str]:
    return {"prediction": "constant"}
"""

# The same ceiling for the image kind, whose app takes multipart uploads (the
# fields `file` and `files`): it parses the form and returns a constant.
BARE_UPLOAD_APP = """
from fastapi import FastAPI, UploadFile

app = FastAPI()


@app.post("/v1/predict")
async def predict(file: UploadFile) -> dict[str, str]:
    return {"prediction": "constant"}


@app.post("/v1/predict/batch")
async def predict_batch(files: list[UploadFile]) -> dict[str, str]:
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

# A BentoML user's service for the same pipeline, as BentoML's docs write one: the
# model loaded once in `__init__`, each API's JSON body built from its parameters
# (`{"record": {...}}`, `{"records": [...]}`). One worker, as every server here
# has; BentoML's defaults otherwise (its access log stays on: the generated app logs
# every request too). The path is absolute: `bentoml serve` changes directory to
# --working-dir, where this module is.
BENTOML_SERVICE = """
from pathlib import Path
from typing import Any

import bentoml
import pandas as pd

from {package}.modeling.skops_file import load_pipeline


@bentoml.service(workers=1)
class Model:
    def __init__(self) -> None:
        self.pipeline = load_pipeline(Path({model_path!r}))

    @bentoml.api(route="/v1/predict")
    def predict(self, record: dict[str, Any]) -> str:
        return str(self.pipeline.predict(pd.DataFrame([record]))[0])

    @bentoml.api(route="/v1/predict/batch")
    def predict_batch(self, records: list[dict[str, Any]]) -> list[str]:
        return [str(label) for label in self.pipeline.predict(pd.DataFrame(records))]
"""

# Pinned in BentoML's environment to the project's versions: the same file format
# reader, the same trees, the same DataFrame cost per request as (b) and (c).
PINNED_FROM_PROJECT = ("scikit-learn", "skops", "pandas", "numpy")

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


def project_kind(project: Path) -> str:
    """The project's kind (tabular, text, image, ...) from its answers file."""
    answers = (project / ".copier-answers.yml").read_text()
    found = re.search(r"^kind:\s*(\S+)", answers, re.M)
    return found.group(1) if found else "tabular"


@contextmanager
def server(
    project: Path, kind: str, workdir: Path, *, python: Path | None = None
) -> Iterator[tuple[str, int]]:
    """Start server `kind` (bare | naive | ours | bentoml) on a loopback port; yield (url, pid).

    `python` is BentoML's interpreter, for kind bentoml; the others run in the
    project's own environment.
    """
    port = free_port()
    package = next(p.name for p in (project / "src").iterdir() if p.is_dir())
    env = {**os.environ, "PORT": str(port), "HOST": HOST, "PYTHONUNBUFFERED": "1"}
    env.pop("VIRTUAL_ENV", None)
    ready = "/openapi.json"
    if kind == "ours":
        args = [venv_python(project), "-m", package, "serve"]
    elif kind == "bentoml":
        if python is None:
            raise ValueError("kind bentoml needs the interpreter that BentoML is installed in")
        model_path = str(project / "models" / "model.skops")
        source = BENTOML_SERVICE.format(package=package, model_path=model_path)
        (workdir / "bentoml_app.py").write_text(textwrap.dedent(source))
        env["PYTHONPATH"] = f"{workdir}{os.pathsep}{project / 'src'}"
        env["BENTOML_DO_NOT_TRACK"] = "True"
        env["BENTOML_HOME"] = str(workdir / "bentoml-home")
        args = [str(python), "-m", "bentoml", "serve", "bentoml_app:Model", "--working-dir",
                str(workdir), "--host", HOST, "--port", str(port)]  # fmt: skip
        ready = "/readyz"
    else:
        if kind == "bare":
            source = BARE_UPLOAD_APP if project_kind(project) == "image" else BARE_APP
        else:
            source = NAIVE_APP.format(package=package)
        module = workdir / f"{kind}_app.py"
        module.write_text(textwrap.dedent(source))
        env["PYTHONPATH"] = str(workdir)
        args = [venv_python(project), "-m", "uvicorn", f"{kind}_app:app", "--host", HOST,
                "--port", str(port), "--workers", "1", "--no-access-log",
                "--log-level", "warning"]  # fmt: skip
    log_path = workdir / f"{kind}.log"
    log = log_path.open("w")
    # A session of its own, so that stopping it stops whatever it started in it.
    # `bentoml serve` is a supervisor that puts its worker in a session of its own
    # and stops it on SIGTERM.
    process = subprocess.Popen(
        args, cwd=project, env=env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
    )
    url = f"http://{HOST}:{port}"
    try:
        wait_until_up(url, process, ready, log_path)
        yield url, process.pid
    finally:
        stop(process)
        log.close()


def stop(process: subprocess.Popen[bytes]) -> None:
    """Stop the server and every process of its session (SIGTERM, then SIGKILL)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            break
        try:
            process.wait(timeout=15)
            break
        except subprocess.TimeoutExpired:
            continue
    process.wait()


def wait_until_up(
    url: str, process: subprocess.Popen[bytes], ready: str, log: Path, timeout: float = 60
) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server at {url} exited with {process.returncode}: {tail(log)}")
        try:
            if httpx.get(f"{url}{ready}", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.2)
    raise RuntimeError(f"server at {url} did not answer {ready} in {timeout} s: {tail(log)}")


def tail(log: Path, lines: int = 5) -> str:
    return " | ".join(log.read_text(errors="replace").strip().splitlines()[-lines:])


def served_label(url: str, body: bytes) -> str:
    """The label a server returns for one record: `prediction` in JSON, or the body as text."""
    response = httpx.post(
        f"{url}/v1/predict", content=body, headers={"Content-Type": JSON}, timeout=30
    )
    response.raise_for_status()
    if response.headers["content-type"].startswith(JSON):
        return str(response.json()["prediction"])
    return response.text


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
    path: str = "/v1/predict",
) -> dict[str, Any]:
    """Open loop: send `count` POST `path` at `rate` per second, on schedule.

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
            if await connections.post(path, body, content_type) != 200:
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


def installed_versions(python: Path | str, names: tuple[str, ...]) -> dict[str, str]:
    """Versions of distributions `names` in the environment of interpreter `python`."""
    code = """
import importlib.metadata as m, json, sys
versions = {}
for name in sys.argv[1:]:
    try:
        versions[name] = m.version(name)
    except m.PackageNotFoundError:
        pass
print(json.dumps(versions))
"""
    versions: dict[str, str] = json.loads(_run([str(python), "-c", code, *names]))
    missing = [name for name in names if name not in versions]
    if missing:
        raise RuntimeError(f"{python} has no {', '.join(missing)} installed")
    return versions


def bentoml_venv(project: Path, workdir: Path) -> Path:
    """A virtual environment of its own for BentoML, with the project's library versions.

    It is made from the project's interpreter, so both run on the same Python.
    """
    venv = workdir / "bentoml-venv"
    pins = installed_versions(venv_python(project), PINNED_FROM_PROJECT)
    _run(["uv", "venv", "--quiet", "--python", venv_python(project), str(venv)])
    python = venv / "bin" / "python"
    requirements = ["bentoml", *(f"{name}=={version}" for name, version in pins.items())]
    _run(["uv", "pip", "install", "--quiet", "--python", str(python), *requirements])
    return python


def _run(args: list[str]) -> str:
    """Run `args`; return stdout, or raise RuntimeError with the end of stderr."""
    done = subprocess.run(args, capture_output=True, text=True, check=False, timeout=900)
    if done.returncode != 0:
        message = " | ".join(done.stderr.strip().splitlines()[-3:])
        command = " ".join([Path(args[0]).name, *args[1:2]])
        raise RuntimeError(f"{command} exited with {done.returncode}: {message}")
    return done.stdout


@dataclass(frozen=True)
class Load:
    """What every server is put through: wrk runs of `seconds`, then `rate_count` at `rate`."""

    seconds: int
    rate: float
    rate_count: int


def measure(url: str, single: Path, batch: Path, load: Load, workdir: Path) -> dict[str, Any]:
    """Single records and batches (closed loop, wrk), then single records at a fixed rate."""
    predict, batch_url = f"{url}/v1/predict", f"{url}/v1/predict/batch"
    seconds = load.seconds
    wrk(predict, single, seconds=2, connections=8, workdir=workdir)  # warm-up
    return {
        "single": wrk(predict, single, seconds=seconds, connections=8, workdir=workdir),
        "batch_1000": wrk(batch_url, batch, seconds=seconds, connections=1, workdir=workdir),
        "fixed_rate": asyncio.run(
            fixed_rate(url, single.read_bytes(), rate=load.rate, count=load.rate_count)
        ),
    }


def bench(
    project: Path,
    workdir: Path,
    load: Load,
    *,
    bentoml: bool = True,
    bentoml_python: Path | None = None,
) -> dict[str, Any]:
    metadata = json.loads((project / "models" / "metadata.json").read_text())
    record = metadata["example_record"]
    single = workdir / "single.json"
    single.write_text(json.dumps(record))
    batch = workdir / "batch.json"
    batch.write_text(json.dumps({"records": [record] * BATCH}))
    results: dict[str, Any] = {"project": str(project), "model": metadata["estimator"]}
    labels: dict[str, str] = {}
    for kind in ("bare", "naive", "ours"):
        with server(project, kind, workdir) as (url, _pid):
            results[kind] = measure(url, single, batch, load, workdir)
            if kind != "bare":
                labels[kind] = served_label(url, single.read_bytes())
    if bentoml:
        results["bentoml"], label = bench_bentoml(
            project, workdir, record, batch, load, python=bentoml_python
        )
        if label is not None:
            labels["bentoml"] = label
    # The label each predicting server returns for the example record: the same
    # model behind each, so they must agree.
    results["example_labels"] = labels
    results["labels_agree"] = len(set(labels.values())) == 1
    ceiling = results["bare"]["single"]["requests_per_s"]
    naive = results["naive"]["single"]["requests_per_s"]
    ours = results["ours"]["single"]["requests_per_s"]
    results["ratios"] = {
        "ours_vs_ceiling": round(ours / ceiling, 3),
        "ours_vs_naive": round(ours / naive, 2),
    }
    if bentoml:
        results["ratios"].update(versus_bentoml(results["ours"], results["bentoml"]))
    return results


def bench_bentoml(
    project: Path,
    workdir: Path,
    record: dict[str, Any],
    batch: Path,
    load: Load,
    *,
    python: Path | None,
) -> tuple[dict[str, Any], str | None]:
    """Measure (d) and the label it serves; on any failure, say why instead of failing the run."""
    # BentoML names an API's JSON fields after its parameters: {"record": {...}}.
    # The batch body, {"records": [...]}, is already that shape.
    single = workdir / "bentoml_single.json"
    single.write_text(json.dumps({"record": record}))
    try:
        python = python or bentoml_venv(project, workdir)
        versions = installed_versions(python, ("bentoml", *PINNED_FROM_PROJECT))
        with server(project, "bentoml", workdir, python=python) as (url, _pid):
            measured = measure(url, single, batch, load, workdir)
            label = served_label(url, single.read_bytes())
    except (OSError, RuntimeError, subprocess.SubprocessError, httpx.HTTPError) as err:
        return {"error": f"BentoML could not be measured: {err}"}, None
    version = versions.pop("bentoml")
    return {"bentoml_version": version, "library_versions": versions, **measured}, label


def versus_bentoml(ours: dict[str, Any], bentoml: dict[str, Any]) -> dict[str, float | None]:
    """Ours' requests/s over BentoML's, single and batch; None where BentoML was not measured."""
    return {
        f"ours_vs_bentoml{suffix}": (
            None
            if "error" in bentoml
            else round(ours[load]["requests_per_s"] / bentoml[load]["requests_per_s"], 2)
        )
        for suffix, load in (("", "single"), ("_batch_1000", "batch_1000"))
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--project", type=Path, help="a generated project, installed and trained")
    parser.add_argument("--image", help="tag of the project's built image, for its size")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each wrk run")
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--rate-count", type=int, default=2000, help="requests at --rate")
    bento = parser.add_mutually_exclusive_group()
    bento.add_argument(
        "--bentoml-python",
        type=Path,
        metavar="PATH",
        help="an interpreter with bentoml, scikit-learn, skops and pandas installed "
        "(default: make a virtual environment for it in the run's temporary directory)",
    )
    bento.add_argument("--no-bentoml", action="store_true", help="skip (d), BentoML")
    options = parser.parse_args()
    if shutil.which("wrk") is None:
        sys.exit("wrk is not installed (apt-get install wrk)")
    # The image first: a missing one fails in a second, not after the whole run.
    image = image_size(options.image) if options.image else None
    with tempfile.TemporaryDirectory(prefix="bench-serving-") as tmp:
        workdir = Path(tmp)
        project = options.project.resolve() if options.project else prepare_project(workdir)
        load = Load(options.seconds, options.rate, options.rate_count)
        results = bench(
            project,
            workdir,
            load,
            bentoml=not options.no_bentoml,
            bentoml_python=options.bentoml_python,
        )
    results["image"] = image
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
