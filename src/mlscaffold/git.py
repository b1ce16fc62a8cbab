"""The few git operations mlscaffold needs, through the git command line."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from mlscaffold.errors import GitError


def _git(repo: Path, *args: str) -> str:
    if shutil.which("git") is None:
        raise GitError("git is not installed; install git (mlscaffold commits each project)")
    completed = subprocess.run(
        ["git", *args], cwd=repo, capture_output=True, text=True, check=False
    )
    if completed.returncode != 0:
        detail = (completed.stderr or completed.stdout).strip().splitlines()
        raise GitError(f"git {args[0]} failed: {detail[-1] if detail else 'no output'}")
    return completed.stdout.strip()


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
