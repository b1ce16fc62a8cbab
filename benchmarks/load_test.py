"""Bounded load test of a generated project's API: a fixed rate for a fixed time, on loopback.

Run on demand (not in CI): `uv run python benchmarks/load_test.py --project DIR
[--rate 200] [--seconds 60]`, where DIR is a generated project, installed and trained.

Starts `python -m <package> serve` (one uvicorn worker) on 127.0.0.1, warms it up
for --warmup-seconds at the same rate, then sends single-record POST /v1/predict at
--rate requests/s for --seconds, on schedule (the open-loop client of
bench_serving.py). The server's resident memory (VmRSS in /proc/<pid>/status) is
sampled every second. Passes with zero errors and RSS growth under 10% from the end
of the warm-up to the end of the run. Prints JSON; exits 1 on failure.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench_serving import fixed_rate, server

MAX_RSS_GROWTH = 0.10


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError(f"no VmRSS for pid {pid}")


def load_test(project: Path, rate: float, seconds: float, warmup_seconds: float) -> dict[str, Any]:
    metadata = json.loads((project / "models" / "metadata.json").read_text())
    body = json.dumps(metadata["example_record"]).encode()
    with (
        tempfile.TemporaryDirectory(prefix="load-test-") as tmp,
        server(project, "ours", Path(tmp)) as (url, pid),
    ):
        started_mb = rss_mb(pid)
        asyncio.run(fixed_rate(url, body, rate=rate, count=int(rate * warmup_seconds)))
        samples: list[float] = []
        per_second = max(1, int(rate))

        def sample(i: int) -> None:
            if i % per_second == 0:
                samples.append(rss_mb(pid))

        run = asyncio.run(
            fixed_rate(url, body, rate=rate, count=int(rate * seconds), on_tick=sample)
        )
        final_mb = rss_mb(pid)
    growth = (final_mb - samples[0]) / samples[0]
    return {
        "project": str(project),
        "load": run,
        "rss_mb": {
            "at_start": round(started_mb, 1),
            "after_warmup": round(samples[0], 1),
            "max": round(max([*samples, final_mb]), 1),
            "final": round(final_mb, 1),
            "samples": len(samples),
        },
        "rss_growth": round(growth, 4),
        "passed": run["errors"] == 0 and growth < MAX_RSS_GROWTH,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--project", type=Path, required=True)
    parser.add_argument("--rate", type=float, default=200.0)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--warmup-seconds", type=float, default=10.0)
    options = parser.parse_args()
    if options.seconds * options.rate > 100_000:
        sys.exit("refusing to send more than 100,000 requests; lower --seconds or --rate")
    result = load_test(
        options.project.resolve(), options.rate, options.seconds, options.warmup_seconds
    )
    print(json.dumps(result, indent=2))
    sys.exit(0 if result["passed"] else 1)


if __name__ == "__main__":
    main()
