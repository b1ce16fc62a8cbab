"""Speed of `mlscaffold new` and of the project it makes, measured in one run.

Run on demand (not in CI):
    uv run python benchmarks/bench_new.py [--runs 7] [--new-only]
        [--ccds PATH] [--ccds-template DIR]

Measures, on this machine:
- `mlscaffold new --defaults` wall time (median of N) against, in the same rounds,
  cookiecutter-data-science's own default (`ccds --no-input`) and a bare `copier copy`
  of the same template (targets: <= ccds, <= 1.2x copier);
- where `new`'s time goes (one more `new` per round, timed inside; median of each
  part): python's start and exit, the imports, rendering (our copier adapter around
  `copier.run_copy`), the first git commit, and the rest (click, checks, staging,
  moving into place);
- unless --new-only: "zero to trained": new -> install (warm uv cache) -> data +
  train + evaluate (target <= 60 s), and the generated test suite (target <= 15 s).

The rounds interleave the tools (ours, ccds, copier, our timed run, ours, ...), so a
machine that gets busier mid-run slows all of them alike. Each tool runs once first,
unmeasured: its first start writes python's bytecode caches, which every later start
reuses (the child processes run without PYTHONDONTWRITEBYTECODE for that).

ccds is not a dependency: install it apart, e.g. `uv tool install
cookiecutter-data-science`, and it is found on PATH (or pass --ccds). Its default
template is its GitHub repository, which it clones at the installed version's release
tag on every run (the package ships no template). Offline, pass --ccds-template:
- a clone of that repository (`git clone --bare <repository> DIR`): ccds clones it
  and checks out the same tag, as its default does, less the network;
- a folder with the tag checked out (`git clone --branch v2.3.0 <repository> DIR`):
  ccds renders it in place, without a clone, the faster of the two.
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
from collections.abc import Callable, Mapping
from pathlib import Path

from mlscaffold.templates import get_builtin_template

Command = Callable[[Path], list[str]]  # a fresh destination -> the command that fills it


def child_env() -> dict[str, str]:
    """The environment every measured command runs in: the project's venv is not forced
    on the generated project, and python caches its bytecode as it does for users."""
    dropped = {"VIRTUAL_ENV", "PYTHONDONTWRITEBYTECODE"}
    return {key: value for key, value in os.environ.items() if key not in dropped}


def timed(args: list[str], cwd: Path | None = None) -> float:
    start = time.perf_counter()
    completed = subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=child_env())
    elapsed = time.perf_counter() - start
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        sys.exit(f"{' '.join(args)} failed: {detail[-1] if detail else 'no output'}")
    return elapsed


# One real `mlscaffold new --defaults`, with the adapter's render and the first commit
# timed where create.py calls them; the figures go to the file named last.
_PHASES = """
import json, sys, time
from pathlib import Path
start = time.perf_counter()
import copier, mlscaffold.cli, mlscaffold.create
imported = time.perf_counter()
from mlscaffold import git
from mlscaffold.engines.copier_engine import CopierEngine
spent = {"imports": imported - start}
def timing(name, function):
    def timed(*args, **kwargs):
        begin = time.perf_counter()
        try:
            return function(*args, **kwargs)
        finally:
            spent[name] = time.perf_counter() - begin
    return timed
CopierEngine.render = timing("render", CopierEngine.render)
git.init_and_commit = timing("commit", git.init_and_commit)
destination, record = sys.argv[1:]
sys.argv = ["mlscaffold", "new", destination, "--defaults"]
try:
    mlscaffold.cli.run()
finally:
    spent["in_process"] = time.perf_counter() - start
    Path(record).write_text(json.dumps(spent), encoding="utf-8")
"""


def new_phases(python: str, dest: Path, record: Path) -> dict[str, float]:
    """One timed `new`, in parts that add up to its wall time: python's start and exit
    (the wall time less what ran inside), the imports, rendering, the first commit,
    and the rest (click, checks, staging, moving the project into place)."""
    wall = timed([python, "-c", _PHASES, str(dest), str(record)])
    spent = json.loads(record.read_text(encoding="utf-8"))
    inside = spent["in_process"]
    return {
        "start_and_exit": wall - inside,
        "imports": spent["imports"],
        "render": spent["render"],
        "commit": spent["commit"],
        "rest": inside - spent["imports"] - spent["render"] - spent["commit"],
    }


def interleaved_medians(
    commands: Mapping[str, Command], python: str, runs: int, workdir: Path
) -> tuple[dict[str, float], dict[str, float]]:
    """Runs everything once unmeasured, then `runs` rounds of each command in turn and
    one timed `new`; the median wall time of each command, and of each part of `new`.
    Every run gets a new, empty destination."""
    times: dict[str, list[float]] = {name: [] for name in commands}
    parts: dict[str, list[float]] = {}
    for round_number in range(-1, runs):
        for name, command in commands.items():
            dest = workdir / f"{name}-{round_number + 1}"
            elapsed = timed(command(dest))
            if round_number >= 0:
                times[name].append(elapsed)
            shutil.rmtree(dest, ignore_errors=True)
        dest = workdir / f"phases-{round_number + 1}"
        phases = new_phases(python, dest, workdir / "phases.json")
        if round_number >= 0:
            for part, seconds in phases.items():
                parts.setdefault(part, []).append(seconds)
        shutil.rmtree(dest, ignore_errors=True)
    return (
        {name: statistics.median(values) for name, values in times.items()},
        {part: statistics.median(values) for part, values in parts.items()},
    )


def find_ccds(given: str | None) -> str:
    found = given or shutil.which("ccds")
    if found is None or not Path(found).is_file():
        sys.exit(
            "cookiecutter-data-science's `ccds` is missing: install it apart from this "
            "project (`uv tool install cookiecutter-data-science`) or pass --ccds PATH"
        )
    return found


def ccds_source(template: Path | None) -> tuple[list[str], str]:
    """ccds's template argument, and what it makes ccds do (see the module's notes)."""
    if template is None:
        return [], "its default: clones its GitHub repository"
    template = template.absolute()
    if (template / "cookiecutter.json").is_file():
        return [str(template)], f"renders the folder {template} (no clone)"
    if (template / "HEAD").is_file() and (template / "objects").is_dir():
        if "+" in str(template):  # cookiecutter reads "a+b" as "<vcs>+<url>"
            sys.exit(f"ccds cannot clone from {template} (a '+' in the path); clone it elsewhere")
        return [f"git+{template.as_uri()}"], f"clones {template} at its release tag"
    sys.exit(f"--ccds-template {template} is neither a bare git repository nor a template folder")


def ccds_command(ccds: str, source: list[str], config: Path) -> Command:
    """`ccds --no-input` into a fresh folder; its private config keeps the replay files
    and clones out of the home directory (as mlscaffold's own cookiecutter runs do)."""

    def command(dest: Path) -> list[str]:
        dest.mkdir(parents=True)
        return [ccds, *source, "--no-input", "-o", str(dest), "--config-file", str(config)]

    return command


def zero_to_trained(mlscaffold: str, workdir: Path) -> dict[str, float]:
    project = workdir / "zero"
    start = time.perf_counter()
    timed([mlscaffold, "new", str(project), "--defaults"])
    install = timed(["make", "setup"], cwd=project)
    pipeline = sum(timed(["make", step], cwd=project) for step in ("data", "train", "evaluate"))
    total = time.perf_counter() - start
    tests = timed(["make", "test"], cwd=project)
    return {
        "install_warm_s": round(install, 2),
        "pipeline_s": round(pipeline, 2),
        "zero_to_trained_s": round(total, 2),
        "generated_tests_s": round(tests, 2),
    }


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--ccds", help="the ccds executable (default: ccds on PATH)")
    parser.add_argument(
        "--ccds-template", type=Path,
        help="a local clone of ccds's repository, or a folder of its template at its release "
        "tag (default: ccds clones its GitHub repository)",
    )  # fmt: skip
    parser.add_argument(
        "--new-only", action="store_true",
        help="only `new` and its baselines: skip install, pipeline and generated tests",
    )  # fmt: skip
    options = parser.parse_args()
    bin_dir = Path(sys.executable).parent
    mlscaffold = str(bin_dir / "mlscaffold")
    ccds = find_ccds(options.ccds)
    ccds_args, ccds_does = ccds_source(options.ccds_template)
    template = str(get_builtin_template("ml-project").path)
    bare_copy = [str(bin_dir / "copier"), "copy", "--trust", "--defaults", "--quiet", template]

    with tempfile.TemporaryDirectory(prefix="bench-new-") as tmp:
        work = Path(tmp)
        config = work / "ccds-config.yaml"
        config.write_text(
            f"cookiecutters_dir: {work / 'cookiecutters'}\nreplay_dir: {work / 'replay'}\n",
            encoding="utf-8",
        )
        commands: dict[str, Command] = {
            "new": lambda d: [mlscaffold, "new", str(d), "--defaults"],
            "ccds": ccds_command(ccds, ccds_args, config),
            "copier": lambda d: [*bare_copy, str(d)],
        }
        medians, phases = interleaved_medians(commands, sys.executable, options.runs, work)
        project = {} if options.new_only else zero_to_trained(mlscaffold, work)

    new = medians["new"]
    figures = {
        "new_median_s": round(new, 3),
        "ccds_median_s": round(medians["ccds"], 3),
        "new_vs_ccds_ratio": round(new / medians["ccds"], 2),
        "bare_copier_median_s": round(medians["copier"], 3),
        "new_vs_copier_ratio": round(new / medians["copier"], 2),
        **{f"new_{part}_s": round(seconds, 3) for part, seconds in phases.items()},
        **project,
        "ccds_template": ccds_does,
        "runs": options.runs,
        "cpus": os.cpu_count(),
        "load_average_1min": round(os.getloadavg()[0], 2),
    }
    print(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()
