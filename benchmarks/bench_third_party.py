"""Speed of `mlscaffold new` and `update` on a third-party cookiecutter template.

Run on demand (not in CI): `uv run python benchmarks/bench_third_party.py [--runs 5]`.

A cookiecutter template of about 40 files (jinja in most, a post-generation hook)
in a local git repository with two commits. Measures, on this machine (median of N):
- `mlscaffold new DEST --template REPO --defaults`, and the baseline: a bare
  `cookiecutter --no-input REPO` (which neither commits nor records anything);
- `mlscaffold update` of a project made at the first commit, with a user edit, to the
  second (each on a fresh copy), and `mlscaffold check` on it.
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
from pathlib import Path

ENV = {k: v for k, v in os.environ.items() if k != "VIRTUAL_ENV"}
SLUG = "{{cookiecutter.project_slug}}"
BIN = Path(sys.executable).parent


def template_files(version: int) -> dict[str, str]:
    files = {
        "cookiecutter.json": json.dumps(
            {
                "project_name": "Bench Project",
                "project_slug": "{{ cookiecutter.project_name.lower().replace(' ', '_') }}",
                "author": "Someone",
                "license": ["MIT", "BSD-3-Clause"],
                "use_docker": ["yes", "no"],
            }
        ),
        "hooks/post_gen_project.py": (
            'import pathlib\nif "{{ cookiecutter.use_docker }}" != "yes":\n'
            '    pathlib.Path("Dockerfile").unlink()\n'
        ),
        f"{SLUG}/README.md": "# {{ cookiecutter.project_name }}\n\nBy {{ cookiecutter.author }}.\n",
        f"{SLUG}/Dockerfile": "FROM python:3.12-slim\n",
        f"{SLUG}/LICENSE": "{{ cookiecutter.license }} licence text\n" * 20,
    }
    for i in range(36):
        body = "".join(f"VALUE_{j} = {j}\n" for j in range(40))
        if version == 2 and i % 4 == 0:
            body = body.replace("VALUE_20 = 20", "VALUE_20 = 200")
        files[f"{SLUG}/src/{SLUG}/module_{i}.py"] = (
            f'"""Module {i} of {{{{ cookiecutter.project_name }}}}."""\n\n{body}'
        )
    if version == 2:
        files[f"{SLUG}/src/{SLUG}/added.py"] = "NEW = True\n"
        del files[f"{SLUG}/src/{SLUG}/module_35.py"]
    return files


def git(cwd: Path, *args: str) -> None:
    subprocess.run(
        ["git", "-c", "user.name=b", "-c", "user.email=b@b", *args],
        cwd=cwd, check=True, capture_output=True,
    )  # fmt: skip


def commit_version(repo: Path, version: int) -> None:
    for old in repo.glob("*"):
        if old.name != ".git":
            shutil.rmtree(old) if old.is_dir() else old.unlink()
    for relative, text in template_files(version).items():
        (repo / relative).parent.mkdir(parents=True, exist_ok=True)
        (repo / relative).write_text(text, encoding="utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-q", "-m", f"version {version}")


def timed(args: list[str], cwd: Path, ok: tuple[int, ...] = (0,)) -> float:
    start = time.perf_counter()
    completed = subprocess.run(args, cwd=cwd, capture_output=True, env=ENV, check=False)
    elapsed = time.perf_counter() - start
    if completed.returncode not in ok:
        sys.exit(
            f"{' '.join(args)} failed:\n{completed.stdout.decode()}{completed.stderr.decode()}"
        )
    return elapsed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs
    mlscaffold, cookiecutter = str(BIN / "mlscaffold"), str(BIN / "cookiecutter")
    with tempfile.TemporaryDirectory(prefix="bench-third-party-") as work_dir:
        work = Path(work_dir)
        ENV["HOME"] = str(work / "home")  # cookiecutter's replay files and clones go there
        repo = work / "template"
        repo.mkdir()
        git(repo, "init", "-q", "--initial-branch=main")
        commit_version(repo, 1)

        new_times, bare_times = [], []
        for i in range(runs):
            new_times.append(
                timed([mlscaffold, "new", f"new-{i}", "--template", str(repo), "--defaults"], work)
            )
            bare_times.append(
                timed([cookiecutter, "--no-input", "-o", f"bare-{i}", str(repo)], work)
            )
        made = work / "new-0"
        readme = made / "README.md"
        readme.write_text(readme.read_text() + "\nMy own notes.\n", encoding="utf-8")
        git(made, "commit", "-q", "-am", "my edits")
        commit_version(repo, 2)

        check = statistics.median(
            timed([mlscaffold, "check", str(made)], work, ok=(1,)) for _ in range(runs)
        )
        update_times = []
        for i in range(runs):
            copy = work / f"update-{i}"
            shutil.copytree(made, copy, symlinks=True)
            update_times.append(timed([mlscaffold, "update", str(copy)], work))
    print(
        json.dumps(
            {
                "template_files": len(template_files(1)),
                "runs": runs,
                "mlscaffold_new_s": round(statistics.median(new_times), 3),
                "bare_cookiecutter_s": round(statistics.median(bare_times), 3),
                "mlscaffold_update_s": round(statistics.median(update_times), 3),
                "mlscaffold_check_s": round(check, 3),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
