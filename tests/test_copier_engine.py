"""The copier adapter: which templates copier renders with git out of its sight, and
that `new` then leaves every git run to mlscaffold's own first commit."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from mlscaffold.engines.copier_engine import runs_no_programs


def _template(folder: Path, copier_yml: str) -> Path:
    folder.mkdir(parents=True)
    (folder / "copier.yml").write_text(copier_yml, encoding="utf-8")
    return folder


def test_a_plain_folder_without_tasks_runs_no_programs(tmp_path: Path) -> None:
    assert runs_no_programs(_template(tmp_path / "t", "name:\n  type: str\n"))


def test_tasks_a_repository_or_a_url_may_need_programs(tmp_path: Path) -> None:
    with_tasks = _template(tmp_path / "tasks", "_tasks:\n  - git init\nname: x\n")
    repository = _template(tmp_path / "repo", "name: x\n")
    subprocess.run(["git", "init", "--quiet", str(repository)], check=True)
    unreadable = _template(tmp_path / "include", "!include other.yml\n")

    assert not runs_no_programs(with_tasks)
    assert not runs_no_programs(repository)
    assert not runs_no_programs(unreadable)  # copier alone reads its own YAML tags
    assert not runs_no_programs("https://example.org/template.git")


def test_new_runs_git_only_for_its_own_first_commit(tmp_path: Path) -> None:
    """copier would ask git about every file it writes; the built-in template is a plain
    folder without tasks, so the only git runs are the first commit's."""
    real_git = shutil.which("git")
    assert real_git
    bin_dir, log = tmp_path / "bin", tmp_path / "git.log"
    bin_dir.mkdir()
    (bin_dir / "git").write_text(f'#!/bin/sh\necho "$*" >> {log}\nexec {real_git} "$@"\n')
    (bin_dir / "git").chmod(0o755)
    env = {**os.environ, "PATH": f"{bin_dir}{os.pathsep}{os.environ['PATH']}"}

    subprocess.run(
        [sys.executable, "-c", "from mlscaffold.cli import run; run()",
         "new", str(tmp_path / "demo"), "--defaults"],
        env=env, check=True, capture_output=True,
    )  # fmt: skip

    runs = log.read_text(encoding="utf-8").splitlines()
    subcommands = {_subcommand(run.split()) for run in runs}
    assert subcommands == {"init", "config", "add", "commit", "rev-parse"}, runs
    assert not [run for run in runs if "core.fileMode" in run or "bundle" in run]


def _subcommand(args: list[str]) -> str:
    """`git -c key=value add --all` -> "add"."""
    while args and args[0] == "-c":
        args = args[2:]
    return args[0]
