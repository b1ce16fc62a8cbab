"""The few git operations mlscaffold needs, through the git command line."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from pathlib import Path

from mlscaffold.errors import GitError


def _git(repo: Path, *args: str, env: Mapping[str, str] | None = None, strip: bool = True) -> str:
    completed = _run(repo, *args, env=env)
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise GitError(f"git {args[0]} failed: {detail[-1] if detail else 'no output'}")
    return completed.stdout.strip() if strip else completed.stdout


def _run(
    repo: Path, *args: str, env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    if shutil.which("git") is None:
        raise GitError("git is not installed; install git (mlscaffold commits each project)")
    return subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=False,
        env={**os.environ, **env} if env else None,
    )  # fmt: skip


def has_identity(repo: Path) -> bool:
    try:
        return bool(_git(repo, "config", "user.email"))
    except GitError:
        return False


def init_and_commit(repo: Path, message: str, *, fallback_name: str, fallback_email: str) -> str:
    """Makes `repo` a git repository on `main` with everything in one first commit.

    Later updates 3-way merge against this commit. Where git has no identity
    configured (CI, fresh machines), the project's author answers stand in.
    """
    _git(repo, "init", "--quiet", "--initial-branch=main")
    identity: tuple[str, ...] = ()
    if not has_identity(repo):
        identity = ("-c", f"user.name={fallback_name}", "-c", f"user.email={fallback_email}")
    _git(repo, "add", "--all")
    _git(repo, *identity, "commit", "--quiet", "--no-verify", "-m", message)
    return _git(repo, "rev-parse", "HEAD")


def is_repository_root(path: Path) -> bool:
    """Whether `path` has a repository of its own (not just a parent directory's)."""
    return (path / ".git").exists()


def has_commits(repo: Path) -> bool:
    try:
        _git(repo, "rev-parse", "--verify", "--quiet", "HEAD")
    except GitError:
        return False
    return True


def commit_first(repo: Path, message: str, *, fallback_name: str, fallback_email: str) -> str:
    """The first commit of everything, on `main`, in a new or still empty repository."""
    if is_repository_root(repo):
        # An empty repository's unborn branch may be called anything; publish pushes main.
        _git(repo, "symbolic-ref", "HEAD", "refs/heads/main")
    return init_and_commit(
        repo, message, fallback_name=fallback_name, fallback_email=fallback_email
    )


def uncommitted_files(repo: Path) -> tuple[str, ...]:
    """Paths with changes not committed yet, untracked files included (ignored ones not)."""
    output = _git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all", strip=False)
    entries = iter(output.split("\0"))
    paths: list[str] = []
    for entry in entries:
        if not entry:
            continue
        paths.append(entry[3:])
        if entry[0] in "RC":
            next(entries, None)  # a rename's or copy's original path follows
    return tuple(paths)


def branch_commit(repo: Path, branch: str) -> str | None:
    try:
        return _git(repo, "rev-parse", "--verify", "--quiet", f"refs/heads/{branch}")
    except GitError:
        return None


def remote_url(repo: Path, remote: str) -> str | None:
    try:
        return _git(repo, "remote", "get-url", remote)
    except GitError:
        return None


def push_branch(repo: Path, url: str, branch: str, *, env: Mapping[str, str]) -> None:
    """Pushes `branch` to the same name at `url`, never forcing and never prompting.

    Credentials come through `env` (e.g. GIT_CONFIG_* with an http.extraHeader), so
    they are neither written to .git/config nor visible in the process list.
    """
    completed = _run(
        repo, "push", "--porcelain", url, f"refs/heads/{branch}:refs/heads/{branch}",
        env={"GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never", **env},
    )  # fmt: skip
    if completed.returncode != 0:
        # The lines that say why (rejected ref, authentication, remote's message), not
        # git's closing "failed to push some refs".
        lines = [
            line.strip()
            for line in (completed.stdout + completed.stderr).splitlines()
            if line.startswith(("!", "fatal:", "remote:", "error: RPC")) or "[rejected]" in line
        ]
        raise GitError(f"git push to {url} failed: {'; '.join(lines) or 'no output'}")


def track_remote_branch(repo: Path, remote: str, url: str, branch: str) -> None:
    """Records that `branch` was pushed to `url` as `remote`, as `git push -u` would."""
    if remote_url(repo, remote) is None:
        _git(repo, "remote", "add", remote, url)
    _git(repo, "update-ref", f"refs/remotes/{remote}/{branch}", f"refs/heads/{branch}")
    _git(repo, "config", f"branch.{branch}.remote", remote)
    _git(repo, "config", f"branch.{branch}.merge", f"refs/heads/{branch}")
