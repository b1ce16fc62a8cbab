"""The few git operations mlscaffold needs, through the git command line."""

from __future__ import annotations

import os
import shutil
import stat
import subprocess
from collections.abc import Mapping
from pathlib import Path

from mlscaffold.errors import GitError

# The two modes git records for a file: regular, and executable.
REGULAR_FILE, EXECUTABLE_FILE = "100644", "100755"


def file_mode(path: Path) -> str:
    """The mode git records for the file at `path`: executable when its owner may run it."""
    return EXECUTABLE_FILE if path.stat().st_mode & stat.S_IXUSR else REGULAR_FILE


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
    # Every file goes into one pack rather than a loose object each (a file and often
    # a folder per file: most of the commit's time on a busy disk). Files that git
    # converts (line endings, filters) are added as usual, so the content is the same.
    _git(repo, "-c", "core.bigFileThreshold=1", "add", "--all")
    # A new repository needs no housekeeping: no `git maintenance` run after the commit.
    _git(
        repo, *identity, "-c", "maintenance.auto=false",
        "commit", "--quiet", "--no-verify", "-m", message,
    )  # fmt: skip
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
    return tuple(path for _, path in status_entries(repo))


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


def _git_bytes(repo: Path, *args: str, stdin: bytes | None = None) -> bytes:
    if shutil.which("git") is None:
        raise GitError("git is not installed; install git (mlscaffold merges updates with it)")
    completed = subprocess.run(
        ["git", *args], cwd=repo, input=stdin, capture_output=True, check=False
    )
    if completed.returncode != 0:
        detail = completed.stderr.decode(errors="replace").strip().splitlines()
        raise GitError(f"git {args[0]} failed: {detail[-1] if detail else 'no output'}")
    return completed.stdout


def fast_import(repository: Path, stream: bytes) -> None:
    """Creates the bare repository `repository` from a `git fast-import` stream."""
    repository.mkdir(parents=True, exist_ok=True)
    _git(repository, "init", "--quiet", "--bare")
    _git_bytes(repository, "fast-import", "--quiet", "--done", stdin=stream + b"done\n")


def is_work_tree(path: Path) -> bool:
    try:
        return _git(path, "rev-parse", "--is-inside-work-tree") == "true"
    except GitError:
        return False


def top_level(path: Path) -> Path:
    return Path(_git(path, "rev-parse", "--show-toplevel"))


def clone(source: Path, destination: Path) -> None:
    _git(source.parent, "clone", "--quiet", "--", str(source), str(destination))


def status_entries(repo: Path) -> tuple[tuple[str, str], ...]:
    """(two-letter status, path) for every changed, unmerged or untracked path, as porcelain v1."""
    output = _git(repo, "status", "--porcelain=v1", "-z", "--untracked-files=all", strip=False)
    entries = iter(output.split("\0"))
    result: list[tuple[str, str]] = []
    for entry in entries:
        if entry:
            result.append((entry[:2], entry[3:]))
            if entry[0] in "RC":
                next(entries, None)  # a rename's or copy's original path follows
    return tuple(result)


def unmerged_paths(repo: Path) -> tuple[str, ...]:
    """Paths with unmerged index entries (conflicts left by a merge)."""
    output = _git(repo, "ls-files", "--unmerged", "-z", strip=False)
    return tuple(sorted({entry.split("\t", 1)[1] for entry in output.split("\0") if entry}))


def untracked_files(repo: Path, pattern: str) -> tuple[str, ...]:
    """Untracked files matching `pattern` in any directory, ignored ones included."""
    output = _git(repo, "ls-files", "--others", "-z", "--", pattern, strip=False)
    return tuple(sorted(path for path in output.split("\0") if path))


def deleted_paths(repo: Path) -> tuple[str, ...]:
    """Tracked paths missing from the working tree."""
    output = _git(repo, "ls-files", "--deleted", "-z", strip=False)
    return tuple(sorted({path for path in output.split("\0") if path}))


def renames(old_dir: Path, new_dir: Path) -> dict[str, str]:
    """Files of `old_dir` that git sees again, moved, in `new_dir` (by content similarity)."""
    completed = _run(
        old_dir.parent, "diff", "--no-index", "--find-renames=50%", "--name-status", "-z",
        "--", str(old_dir), str(new_dir),
    )  # fmt: skip
    if completed.returncode > 1:  # 1 means "they differ"
        raise GitError(f"git diff failed: {completed.stderr.strip()}")
    fields = completed.stdout.split("\0")
    moved = {}
    for status, old, new in zip(fields, fields[1:], fields[2:], strict=False):
        if status.startswith("R"):
            moved[Path(old).relative_to(old_dir).as_posix()] = (
                Path(new).relative_to(new_dir).as_posix()
            )
    return moved


def committed_content(repo: Path, path: str) -> bytes:
    return _git_bytes(repo, "show", f"HEAD:./{path}")


def restore_from_index(repo: Path, paths: tuple[str, ...]) -> None:
    if paths:
        _git(repo, "checkout", "--", *paths)


def discard_uncommitted_changes(repo: Path) -> None:
    """Back to HEAD: only for a tree that was clean before, so nothing of the user's is lost."""
    _git(repo, "read-tree", "--reset", "-u", "HEAD")  # `reset --hard`, without writing ORIG_HEAD
    _git(repo, "clean", "--quiet", "--force", "-d")


# Template repositories: mlscaffold reads third-party templates through its own clone,
# so a ref resolves to one commit and every version renders offline once fetched.
_NO_PROMPT = {"GIT_TERMINAL_PROMPT": "0", "GCM_INTERACTIVE": "never"}


def clone_bare(url: str, destination: Path) -> None:
    """All branches and tags of `url` (a git URL or local repository) in a bare repository."""
    completed = _run(
        destination.parent, "clone", "--quiet", "--bare", "--", url, str(destination),
        env=_NO_PROMPT,
    )  # fmt: skip
    if completed.returncode != 0:
        detail = completed.stderr.strip().splitlines()
        raise GitError(detail[-1] if detail else f"git clone of {url} failed")


def resolve_commit(repo: Path, ref: str) -> str | None:
    """The full hash of the commit `ref` (branch, tag, hash or `git describe` output) names."""
    completed = _run(
        repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"
    )
    return completed.stdout.strip() if completed.returncode == 0 else None


def export_commit(repo: Path, commit: str, destination: Path) -> None:
    """Writes the files of `commit` to `destination`, without a .git of their own.

    A private index keeps the repository's own index (if any) untouched; checkout-index
    keeps file modes and symlinks as committed.
    """
    destination.mkdir(parents=True, exist_ok=True)
    env = {"GIT_INDEX_FILE": str(destination.parent / f".{destination.name}.index")}
    try:
        _git(repo, "read-tree", commit, env=env)
        _git(repo, f"--work-tree={destination}", "checkout-index", "--all", "--force", env=env)
    finally:
        Path(env["GIT_INDEX_FILE"]).unlink(missing_ok=True)


def is_ancestor(repo: Path, ancestor: str, descendant: str) -> bool:
    return _run(repo, "merge-base", "--is-ancestor", ancestor, descendant).returncode == 0


def commit_subjects(repo: Path, since: str, until: str) -> tuple[str, ...]:
    """The subjects of the commits after `since` up to `until`, oldest first."""
    output = _git(repo, "log", "--reverse", "--format=%s", f"{since}..{until}")
    return tuple(line for line in output.splitlines() if line)


def tag_names(repo: Path) -> tuple[str, ...]:
    return tuple(_git(repo, "tag", "--list").split())


def describe(repo: Path, commit: str) -> str:
    """A commit's name for people: its tag, `<tag>-<n>-g<hash>`, or its short hash."""
    return _git(repo, "describe", "--tags", "--always", commit)


def merge_file(
    ours: Path, base: Path, theirs: Path, labels: tuple[str, str, str]
) -> tuple[bytes, bool]:
    """3-way merges three versions of a file: (the result, whether conflicts remain)."""
    completed = subprocess.run(
        ["git", "merge-file", "--stdout", "-L", labels[0], "-L", labels[1], "-L", labels[2],
         str(ours), str(base), str(theirs)],
        capture_output=True, check=False,
    )  # fmt: skip
    if completed.returncode < 0 or completed.returncode > 127:
        detail = completed.stderr.decode(errors="replace").strip()
        raise GitError(f"git merge-file failed: {detail or 'no output'}")
    return completed.stdout, completed.returncode > 0


def mark_unmerged(repo: Path, path: str, stages: Mapping[int, tuple[str, bytes]]) -> None:
    """Records `path` as a conflict in the index, as a merge would: `git status` shows it
    unmerged and `git checkout --ours/--theirs` work. `stages` maps 1 (base), 2 (ours)
    and 3 (theirs) to (mode, content); a side that has no file is left out."""
    lines = [f"0 {'0' * 40}\t{path}"]
    for stage, (mode, content) in sorted(stages.items()):
        blob = _git_bytes(repo, "hash-object", "-w", "--stdin", stdin=content).decode().strip()
        lines.append(f"{mode} {blob} {stage}\t{path}")
    _git_bytes(repo, "update-index", "--index-info", stdin="\n".join(lines).encode() + b"\n")


def diff_files(cwd: Path, old: str, new: str) -> bytes:
    """A patch from `old` to `new` (paths relative to `cwd`), with one line of context
    so that separate changes become separate hunks, as copier makes them."""
    completed = subprocess.run(
        ["git", "diff", "--no-index", "--no-color", "--binary", "--unified=1", "--", old, new],
        cwd=cwd, capture_output=True, check=False,
    )  # fmt: skip
    if completed.returncode > 1:
        raise GitError(f"git diff failed: {completed.stderr.decode(errors='replace').strip()}")
    return completed.stdout


def apply_with_rejects(repo: Path, patch: bytes, *, strip: int, directory: str) -> bool:
    """Applies what applies of `patch` in `repo` and writes the rest to <file>.rej.

    True when every hunk applied.
    """
    args = ["apply", "--reject", f"-p{strip}"]
    if directory not in ("", "."):
        args.append(f"--directory={directory}")
    completed = subprocess.run(
        ["git", *args], cwd=repo, input=patch, capture_output=True, check=False
    )
    return completed.returncode == 0


def is_committed(repo: Path, path: str) -> bool:
    """Whether HEAD has `path` (a file or folder relative to the top of the working tree)."""
    return bool(_git(repo, "ls-tree", "--name-only", "HEAD", "--", path))


def path_in_repository(path: Path) -> str:
    """`path` relative to the top of its repository's working tree ("" at the top)."""
    return _git(path, "rev-parse", "--show-prefix").rstrip("/")
