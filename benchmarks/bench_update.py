"""Speed of `mlscaffold update` on a default project, with its baselines measured in one run.

Run on demand (not in CI): `uv run python benchmarks/bench_update.py [--runs 5]`.

Measures, on this machine (median of N, each on a fresh copy of the same project):
- `mlscaffold update` of a default project made at the previous template version to the
  current one (target <= 3 s), and `update -d model=linear` (an answer, same version);
- baselines: a bare `copier update` doing the same merge (the rebuilt versions
  repository handed to it the way mlscaffold does), `mlscaffold new --defaults`, and
  `mlscaffold check`.
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

from mlscaffold.engines import CopierEngine, VersionedTemplate
from mlscaffold.git import init_and_commit
from mlscaffold.template_versions import load_history, materialise_repository, source_url
from mlscaffold.templates import get_builtin_template

ENV = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}


def timed(args: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> float:
    start = time.perf_counter()
    completed = subprocess.run(args, cwd=cwd, capture_output=True, env=env or ENV, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        output = completed.stdout.decode() + completed.stderr.decode()
        sys.exit(f"{' '.join(args)} failed:\n{output}")
    return elapsed


def median_on_copies(
    runs: int, original: Path, work: Path, command: Callable[[Path], float]
) -> float:
    times = []
    for i in range(runs):
        copy = work / f"{original.name}-{i}"
        shutil.copytree(original, copy, symlinks=True)
        times.append(command(copy))
        shutil.rmtree(copy)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    mlscaffold, copier = str(bin_dir / "mlscaffold"), str(bin_dir / "copier")
    history = load_history(get_builtin_template("ml-project").path)
    latest = history.numbers[-1]
    start_version = max(latest - 1, 1)

    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        repository = materialise_repository(history, work / "ml-project.git")
        template = VersionedTemplate(source_url("ml-project"), repository)
        old = work / "old-project"
        CopierEngine().render_version(
            template, str(start_version), old, {"project_name": "penguin-classifier"}
        )
        init_and_commit(old, "start", fallback_name="bench", fallback_email="bench@localhost")
        # What mlscaffold's copier adapter does: git fetches the URL from the local repository.
        copier_env = {
            **ENV,
            "GIT_CONFIG_COUNT": "1",
            "GIT_CONFIG_KEY_0": f"url.{repository}.insteadOf",
            "GIT_CONFIG_VALUE_0": template.url,
            "COPIER_CACHE_DIR": str(work / "copier-cache"),
        }

        timed([mlscaffold, "new", str(work / "warm"), "--defaults"])  # warm bytecode caches
        update = median_on_copies(
            options.runs, old, work, lambda p: timed([mlscaffold, "update", str(p)])
        )
        answer = median_on_copies(
            options.runs, old, work,
            lambda p: timed([mlscaffold, "update", str(p), "--to", str(start_version),
                             "-d", "model=linear"]),
        )  # fmt: skip
        bare = median_on_copies(
            options.runs, old, work,
            lambda p: timed([copier, "update", "--trust", "--defaults", "--quiet",
                             "--vcs-ref", str(latest), str(p)], env=copier_env),
        )  # fmt: skip
        new = statistics.median(
            timed([mlscaffold, "new", str(work / f"new-{i}"), "--defaults"])
            for i in range(options.runs)
        )
        check = statistics.median(
            timed([mlscaffold, "check", str(work / "warm")]) for _ in range(options.runs)
        )

    figures = {
        "versions": f"{start_version} -> {latest}",
        "update_median_s": round(update, 3),
        "update_answer_median_s": round(answer, 3),
        "bare_copier_update_median_s": round(bare, 3),
        "update_vs_copier_ratio": round(update / bare, 2),
        "new_median_s": round(new, 3),
        "check_median_s": round(check, 3),
        "runs": options.runs,
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
