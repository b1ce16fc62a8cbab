"""`merge_template_change` on hand-made renders: the cases the template tests do not reach."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from mlscaffold.tree_merge import ConflictStyle, merge_template_change
from tests.third_party_templates import commit_all, git


def _tree(root: Path, files: dict[str, bytes]) -> Path:
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return root


@pytest.fixture
def project(tmp_path: Path) -> Path:
    path = tmp_path / "project"
    path.mkdir()
    git(path, "init", "-q")
    return path


def test_a_new_template_file_the_project_already_has_is_a_conflict(
    tmp_path: Path, project: Path
) -> None:
    base = _tree(tmp_path / "old", {"keep.txt": b"same\n"})
    theirs = _tree(tmp_path / "new", {"keep.txt": b"same\n", "config.toml": b"a = 1\n"})
    _tree(project, {"keep.txt": b"same\n", "config.toml": b"a = 2\n"})
    commit_all(project)

    result = merge_template_change(base, theirs, project)

    assert result.conflicts == ("config.toml",)
    assert "a = 1" in (project / "config.toml").read_text()
    assert "a = 2" in (project / "config.toml").read_text()
    stages = git(project, "ls-files", "--unmerged").splitlines()
    assert sorted(line.split()[2] for line in stages) == ["2", "3"]  # no base version


@pytest.mark.parametrize("conflict", ["inline", "rej"])
def test_binary_files_changed_on_both_sides_keep_the_projects(
    tmp_path: Path, project: Path, conflict: ConflictStyle
) -> None:
    base = _tree(tmp_path / "old", {"logo.png": b"\x89PNG\0old"})
    theirs = _tree(tmp_path / "new", {"logo.png": b"\x89PNG\0new"})
    _tree(project, {"logo.png": b"\x89PNG\0mine"})
    commit_all(project)

    result = merge_template_change(base, theirs, project, conflict=conflict)

    assert result.conflicts == ("logo.png",)
    assert (project / "logo.png").read_bytes() == b"\x89PNG\0mine"
    assert (project / "logo.png.rej").is_file() == (conflict == "rej")


def test_the_executable_bit_follows_the_template(tmp_path: Path, project: Path) -> None:
    base = _tree(tmp_path / "old", {"run.sh": b"#!/bin/sh\n"})
    theirs = _tree(tmp_path / "new", {"run.sh": b"#!/bin/sh\n"})
    (theirs / "run.sh").chmod(0o755)
    _tree(project, {"run.sh": b"#!/bin/sh\n"})
    commit_all(project)

    merge_template_change(base, theirs, project)

    assert (project / "run.sh").stat().st_mode & stat.S_IXUSR


def test_skip_and_a_hooks_git_folder_are_left_alone(tmp_path: Path, project: Path) -> None:
    base = _tree(tmp_path / "old", {"docs/a.md": b"1\n", "b.txt": b"1\n", ".git/HEAD": b"x\n"})
    theirs = _tree(tmp_path / "new", {"docs/a.md": b"2\n", "b.txt": b"2\n", ".git/HEAD": b"y\n"})
    _tree(project, {"docs/a.md": b"1\n", "b.txt": b"1\n"})
    commit_all(project)

    result = merge_template_change(base, theirs, project, skip=("docs/",))

    assert result == merge_template_change(base, theirs, project, skip=("docs",))
    assert (project / "docs" / "a.md").read_text() == "1\n"
    assert (project / "b.txt").read_text() == "2\n"
    assert (project / ".git" / "HEAD").read_text() != "y\n"
