"""The git helpers publish relies on, on real repositories in tmp dirs."""

from __future__ import annotations

import subprocess
from pathlib import Path

from mlscaffold import git


def _git(repo: Path, *args: str) -> str:
    return subprocess.run(
        ["git", "-C", str(repo), *args], capture_output=True, text=True, check=True
    ).stdout.strip()


def test_first_commit_lands_on_main_even_in_an_empty_repository_on_another_branch(
    tmp_path: Path,
) -> None:
    subprocess.run(["git", "init", "--quiet", "--initial-branch=master", str(tmp_path)], check=True)
    (tmp_path / "a.txt").write_text("a\n", encoding="utf-8")
    assert not git.has_commits(tmp_path)

    commit = git.commit_first(tmp_path, "first", fallback_name="T", fallback_email="t@x.invalid")

    assert git.branch_commit(tmp_path, "main") == commit
    assert git.uncommitted_files(tmp_path) == ()


def test_first_commit_has_every_file_as_git_adds_it(tmp_path: Path) -> None:
    """One pack for all the files, yet the same commit as `git add`: executable bits,
    empty files, and line endings converted as .gitattributes asks."""
    (tmp_path / ".gitattributes").write_text("*.txt text eol=lf\n", encoding="utf-8")
    (tmp_path / "crlf.txt").write_bytes(b"a\r\nb\r\n")
    (tmp_path / "empty").write_bytes(b"")
    (tmp_path / "bin").mkdir()
    (tmp_path / "bin" / "run.sh").write_text("#!/bin/sh\n", encoding="utf-8")
    (tmp_path / "bin" / "run.sh").chmod(0o755)

    git.init_and_commit(tmp_path, "first", fallback_name="T", fallback_email="t@x.invalid")

    assert _git(tmp_path, "show", "HEAD:crlf.txt") == "a\nb"
    assert _git(tmp_path, "ls-tree", "HEAD", "bin/run.sh").startswith("100755 ")
    assert _git(tmp_path, "ls-tree", "-r", "--name-only", "HEAD").splitlines() == [
        ".gitattributes", "bin/run.sh", "crlf.txt", "empty",
    ]  # fmt: skip
    assert git.uncommitted_files(tmp_path) == ()
    _git(tmp_path, "fsck", "--strict")


def test_uncommitted_files_lists_modified_untracked_and_renamed_paths(tmp_path: Path) -> None:
    (tmp_path / "kept.txt").write_text("k\n", encoding="utf-8")
    git.commit_first(tmp_path, "first", fallback_name="T", fallback_email="t@x.invalid")
    (tmp_path / " spaced.txt").write_text("x\n", encoding="utf-8")
    (tmp_path / "old.txt").write_text("o\n", encoding="utf-8")
    _git(tmp_path, "add", "old.txt")
    _git(tmp_path, "-c", "user.name=T", "-c", "user.email=t@x.invalid", "commit", "-qm", "old")
    _git(tmp_path, "mv", "old.txt", "new.txt")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "deep.txt").write_text("d\n", encoding="utf-8")

    assert set(git.uncommitted_files(tmp_path)) == {" spaced.txt", "new.txt", "sub/deep.txt"}


def test_push_then_track_sets_origin_and_upstream_without_credentials(tmp_path: Path) -> None:
    project, bare = tmp_path / "project", tmp_path / "bare.git"
    project.mkdir()
    subprocess.run(["git", "init", "--quiet", "--bare", str(bare)], check=True)
    (project / "a.txt").write_text("a\n", encoding="utf-8")
    commit = git.commit_first(project, "first", fallback_name="T", fallback_email="t@x.invalid")

    git.push_branch(project, str(bare), "main", env={})
    git.track_remote_branch(project, "origin", str(bare), "main")

    assert _git(bare, "rev-parse", "main") == commit
    assert git.remote_url(project, "origin") == str(bare)
    assert _git(project, "rev-parse", "--abbrev-ref", "main@{upstream}") == "origin/main"
