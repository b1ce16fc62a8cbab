"""What the prediction log costs: a generated project's API with PREDICTION_LOG off and on.

Run on demand (not in CI): `uv run python benchmarks/bench_prediction_log.py
[--project DIR] [--seconds 10] [--rounds 3]`. Without --project it renders the
default penguins project into a temporary directory, installs it and trains it.

In ONE run, on 127.0.0.1, one worker: the service as shipped (`python -m <package>
serve`), started alternately without and with PREDICTION_LOG (off, on, off, on, ...)
so that a machine that speeds up or slows down during the run weighs on both alike.
Each start is measured with `wrk` (single records, 8 connections; batches of 1,000
records, 1 connection). Reported: requests/s and p99 of each start, the medians, the
ratio on/off (the issue's target: at least 0.90 for single records), the rows the
log holds after each start, the bytes per row on disk, and whether the service
warned that it dropped rows (its queue full).
Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import os
import sqlite3
import statistics
import tempfile
from pathlib import Path
from typing import Any

from bench_serving import BATCH, prepare_project, server, wrk


def one_start(
    project: Path, workdir: Path, single: Path, batch: Path, *, log: Path | None, seconds: int
) -> dict[str, Any]:
    """Serve once (log on when `log` is given) and measure single records, then batches."""
    if log is None:
        os.environ.pop("PREDICTION_LOG", None)
    else:
        os.environ["PREDICTION_LOG"] = str(log)
    with server(project, "ours", workdir) as (url, _pid):
        wrk(f"{url}/v1/predict", single, seconds=2, connections=8, workdir=workdir)  # warm-up
        result = {
            "single": wrk(
                f"{url}/v1/predict", single, seconds=seconds, connections=8, workdir=workdir
            ),
            "batch_1000": wrk(
                f"{url}/v1/predict/batch", batch, seconds=seconds, connections=1, workdir=workdir
            ),
        }
    server_log = (workdir / "ours.log").read_text(errors="replace")
    result["dropped_warning"] = "dropped" in server_log
    if log is not None:
        with sqlite3.connect(log) as connection:
            (rows,) = connection.execute("SELECT COUNT(*) FROM predictions").fetchone()
        result["rows"] = rows
        result["bytes_per_row"] = round(log.stat().st_size / max(rows, 1), 1)
        for suffix in ("", "-wal", "-shm"):
            Path(f"{log}{suffix}").unlink(missing_ok=True)
    return result


def bench(project: Path, workdir: Path, *, seconds: int, rounds: int) -> dict[str, Any]:
    record = json.loads((project / "models" / "metadata.json").read_text())["example_record"]
    single = workdir / "single.json"
    single.write_text(json.dumps(record))
    batch = workdir / "batch.json"
    batch.write_text(json.dumps({"records": [record] * BATCH}))
    log = workdir / "predictions.db"
    starts: dict[str, list[dict[str, Any]]] = {"off": [], "on": []}
    for _ in range(rounds):
        starts["off"].append(one_start(project, workdir, single, batch, log=None, seconds=seconds))
        starts["on"].append(one_start(project, workdir, single, batch, log=log, seconds=seconds))

    def median(state: str, load: str, key: str) -> float:
        return statistics.median(start[load][key] for start in starts[state])

    summary = {
        load: {
            state: {
                "requests_per_s": median(state, load, "requests_per_s"),
                "p99_ms": median(state, load, "p99_ms"),
            }
            for state in ("off", "on")
        }
        for load in ("single", "batch_1000")
    }
    for load in summary:
        off, on = summary[load]["off"]["requests_per_s"], summary[load]["on"]["requests_per_s"]
        summary[load]["on_vs_off"] = round(on / off, 3)
    return {"project": str(project), "rounds": rounds, "starts": starts, "summary": summary}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--project", type=Path, help="a generated project, installed and trained")
    parser.add_argument("--seconds", type=int, default=10, help="duration of each wrk run")
    parser.add_argument("--rounds", type=int, default=3, help="starts with the log off, and on")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        workdir = Path(scratch)
        project = args.project.resolve() if args.project else prepare_project(workdir)
        result = bench(project, workdir, seconds=args.seconds, rounds=args.rounds)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
