"""Regenerate examples/: generated projects as they look on GitHub after a full run.

Each example is made with `mlscaffold new`, then runs `make setup data train evaluate
notebook bench report` (a forecast: `setup data train evaluate report`) in a temporary
directory; the files git would commit there (the project's own .gitignore decides: no
.venv, data/processed or models/) replace examples/<name>/. The example's uv.lock is
reused, so library versions (and with them the numbers and figures) change only with
--upgrade.

    uv run python scripts/regenerate_examples.py             # rewrite examples/
    uv run python scripts/regenerate_examples.py --check     # exit 1 if examples/ is stale
    uv run python scripts/regenerate_examples.py --upgrade   # also re-resolve the libraries

--check compares byte for byte, except the values a rerun cannot repeat, which it
normalises in text files (VOLATILE below): dates, the training time, measured
latencies and the machine they were measured on, Python's patch version, and the
report record's digests of the blocks that hold them; the demo's screenshot need
only be there.
"""

from __future__ import annotations

import argparse
import difflib
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from mlscaffold.create import create_project

ROOT = Path(__file__).resolve().parents[1]
EXAMPLES_DIR = ROOT / "examples"
# name -> answers for `mlscaffold new --defaults -d ...`
EXAMPLES: dict[str, dict[str, str]] = {
    "penguin-classifier": {"project_name": "penguin-classifier", "dataset": "penguins"},
    "diabetes-regressor": {"project_name": "diabetes-regressor", "dataset": "diabetes"},
    "review-classifier": {"project_name": "review-classifier", "kind": "text"},
    "digit-classifier": {"project_name": "digit-classifier", "kind": "image"},
    "co2-forecast": {"project_name": "co2-forecast", "kind": "forecast"},
}
PIPELINE = ("setup", "data", "train", "evaluate", "notebook", "bench", "report")
# A forecast project has no notebook or latency bench (yet): its whole pipeline.
PIPELINES = {"forecast": ("setup", "data", "train", "evaluate", "report")}
# What a rerun cannot repeat, normalised by --check in text files (pattern, replacement).
VOLATILE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})?)?"), "<date>"),
    # the monitoring drill's prediction logs live in temporary directories
    (re.compile(r"/tmp/[\w.-]+/predictions\.db"), "<log>"),
    (re.compile(r"Trained in [0-9.]+ s"), "Trained in <seconds> s"),
    # a forecast's model card: "trained on <date> in 5.2 s"
    (re.compile(r"(trained on \S+) in [0-9.]+ s\b"), r"\1 in <seconds> s"),
    # a text project's candidates: their training times, in the README and metrics.json
    (re.compile(r"\| [0-9.]+ s \|"), "| <seconds> s |"),
    (re.compile(r"\d+ s of training instead of \d+ s"), "<seconds> s of training instead of <s>"),
    (re.compile(r"trains in \d+ s instead of \d+ s"), "trains in <seconds> s instead of <s>"),
    # an image project's candidates compared by their cost
    (re.compile(r"for \d+ s of training against \d+ s"), "for <seconds> s of training against <s>"),
    (re.compile(r'"fit_seconds": [0-9.]+'), '"fit_seconds": <seconds>'),
    (re.compile(r"[0-9.]+ ms\b"), "<ms> ms"),
    (re.compile(r'"(p50_ms|p95_ms|p99_ms|mean_ms)": [0-9.]+'), r'"\1": <ms>'),
    (re.compile(r"\b[\w-]+, \d+ CPUs"), "<machine>"),
    (re.compile(r"Python \d+\.\d+\.\d+"), "Python <version>"),
    (re.compile(r'"python": "\d+\.\d+\.\d+"'), '"python": "<version>"'),
    # reports/report.json: digests of blocks that hold the dates and timings above
    (re.compile(r'": "[0-9a-f]{64}"'), '": "<sha256>"'),
)
TEXT_SUFFIXES = {".md", ".json", ".yml", ".yaml", ".toml", ".py", ".jinja", ".txt", ".lock", ""}
# Screenshots of a browser: its fonts and the latency shown differ from run to run,
# so --check asks only that they are there.
PHOTOGRAPHS = frozenset({"reports/demo.png"})


def regenerate(name: str, destination: Path, *, upgrade: bool = False) -> None:
    """Write example `name` into `destination` (replaced) after a full run of its pipeline."""
    with tempfile.TemporaryDirectory(prefix=f"example-{name}-") as work:
        project = create_project(Path(work) / name, data=EXAMPLES[name], use_defaults=True)
        root = project.destination
        lock = EXAMPLES_DIR / name / "uv.lock"
        if lock.is_file() and not upgrade:
            shutil.copy2(lock, root / "uv.lock")
        _run(root, "make", *PIPELINES.get(EXAMPLES[name].get("kind", ""), PIPELINE))
        if destination.exists():
            shutil.rmtree(destination)
        for relative in _committed_files(root):
            target = destination / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(root / relative, target)


def stale_files(committed: Path, fresh: Path) -> list[str]:
    """Differences between two example trees, after normalising VOLATILE values."""
    problems = []
    old = {p.relative_to(committed).as_posix() for p in committed.rglob("*") if p.is_file()}
    new = {p.relative_to(fresh).as_posix() for p in fresh.rglob("*") if p.is_file()}
    problems += [f"only in examples/: {path}" for path in sorted(old - new)]
    problems += [f"missing from examples/: {path}" for path in sorted(new - old)]
    for path in sorted(old & new):
        before, after = (committed / path).read_bytes(), (fresh / path).read_bytes()
        if before == after or path in PHOTOGRAPHS:
            continue
        if Path(path).suffix not in TEXT_SUFFIXES:
            problems.append(f"differs: {path}")
            continue
        lines_before = normalise(before.decode()).splitlines()
        lines_after = normalise(after.decode()).splitlines()
        if lines_before != lines_after:
            diff = difflib.unified_diff(lines_before, lines_after, path, path, lineterm="", n=1)
            problems.append(f"differs: {path}\n" + "\n".join(list(diff)[:40]))
    return problems


def normalise(text: str) -> str:
    for pattern, replacement in VOLATILE:
        text = pattern.sub(replacement, text)
    return text


def _committed_files(root: Path) -> list[str]:
    # What `git add -A` would commit: the project's .gitignore decides.
    _run(root, "git", "add", "-A")
    listed = _run(root, "git", "ls-files", "-z").stdout
    return [name for name in listed.split("\0") if name]


def _run(cwd: Path, *args: str) -> subprocess.CompletedProcess[str]:
    # The generated project manages its own environment; an active one would hide it.
    env = {key: value for key, value in os.environ.items() if key != "VIRTUAL_ENV"}
    completed = subprocess.run(args, cwd=cwd, env=env, capture_output=True, text=True, check=False)
    if completed.returncode != 0:
        output = completed.stdout[-3000:] + completed.stderr[-3000:]
        sys.exit(f"{' '.join(args)} failed in {cwd}:\n{output}")
    return completed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="compare; change nothing")
    parser.add_argument("--upgrade", action="store_true", help="re-resolve library versions")
    parser.add_argument("--only", choices=sorted(EXAMPLES), action="append", help="one example")
    args = parser.parse_args()
    names = args.only or sorted(EXAMPLES)
    if not args.check:
        for name in names:
            regenerate(name, EXAMPLES_DIR / name, upgrade=args.upgrade)
            print(f"regenerated examples/{name}")
        return 0
    problems = []
    with tempfile.TemporaryDirectory(prefix="examples-") as fresh:
        for name in names:
            regenerate(name, Path(fresh) / name)
            problems += [
                f"{name}: {problem}"
                for problem in stale_files(EXAMPLES_DIR / name, Path(fresh) / name)
            ]
    if problems:
        print("\n".join(problems))
        print("examples/ is stale; run: uv run python scripts/regenerate_examples.py")
        return 1
    print(f"examples/ is current ({', '.join(names)})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
