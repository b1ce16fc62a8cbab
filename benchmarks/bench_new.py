"""Speed of `mlscaffold new` and of the project it makes, measured in one run.

Run on demand (not in CI): `uv run python benchmarks/bench_new.py [--runs 7]`.

Measures, on this machine:
- `mlscaffold new --defaults` wall time (median of N) vs a bare `copier copy` of the same
  template (ratio; target <= 1.2x and <= 1.0 s);
- "zero to trained": new -> install (warm uv cache) -> data + train + evaluate (target <= 60 s);
- the generated project's pipeline time and its test-suite time (target <= 15 s).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

from mlscaffold.templates import get_builtin_template


def timed(args: list[str], cwd: Path | None = None) -> float:
    env = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
    start = time.perf_counter()
    subprocess.run(args, cwd=cwd, check=True, capture_output=True, env=env)
    return time.perf_counter() - start


def median_of(runs: int, make_args: Callable[[Path], list[str]], workdir: Path) -> float:
    times = []
    for i in range(runs):
        dest = workdir / f"run-{i}"
        times.append(timed(make_args(dest)))
        shutil.rmtree(dest)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=7)
    options = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    mlscaffold = str(bin_dir / "mlscaffold")
    copier = str(bin_dir / "copier")
    template = str(get_builtin_template("ml-project").path)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        # Warm up both (first import compiles bytecode).
        timed([mlscaffold, "new", str(work / "warm1"), "--defaults"])
        timed([copier, "copy", "--trust", "--defaults", "--quiet", template, str(work / "warm2")])
        new = median_of(options.runs, lambda d: [mlscaffold, "new", str(d), "--defaults"], work)
        bare = median_of(
            options.runs,
            lambda d: [copier, "copy", "--trust", "--defaults", "--quiet", template, str(d)],
            work,
        )

        project = work / "zero"
        start = time.perf_counter()
        timed([mlscaffold, "new", str(project), "--defaults"])
        install = timed(["make", "setup"], cwd=project)
        pipeline = sum(timed(["make", step], cwd=project) for step in ("data", "train", "evaluate"))
        zero_to_trained = time.perf_counter() - start
        tests = timed(["make", "test"], cwd=project)

    figures = {
        "new_median_s": round(new, 3),
        "bare_copier_median_s": round(bare, 3),
        "new_vs_copier_ratio": round(new / bare, 2),
        "install_warm_s": round(install, 2),
        "pipeline_s": round(pipeline, 2),
        "zero_to_trained_s": round(zero_to_trained, 2),
        "generated_tests_s": round(tests, 2),
        "runs": options.runs,
        "cpus": os.cpu_count(),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
