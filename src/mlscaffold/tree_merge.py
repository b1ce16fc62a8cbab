"""A template change, 3-way merged into a project, file by file.

`base` and `theirs` are two renders of a template (the version the project came from
and the new one, with the project's answers); the project is "ours". Per file:

- unchanged by the template: left alone (whatever the project did to it);
- the project never changed it: it gets the new version (or is deleted with it);
- the project deleted it: it stays deleted;
- the template deleted it but the project changed it: kept, and listed;
- both changed it: `git merge-file`; overlapping edits become a conflict, inline
  (markers, and unmerged index entries, as copier leaves them) or as a `<file>.rej`.

copier does the same for its own templates; this serves the engines that cannot.
"""

from __future__ import annotations

import difflib
import os
import stat
from collections.abc import Iterator
from dataclasses import dataclass
from fnmatch import fnmatch
from pathlib import Path
from typing import Literal

from mlscaffold import git

# Where an update leaves what it cannot merge: conflict markers in the file itself
# (inline), or the rejected hunks in `<file>.rej` beside it (rej). copier's names.
ConflictStyle = Literal["inline", "rej"]
REJECT_SUFFIX = ".rej"
# The labels of conflict markers, as copier writes them.
LABELS = ("before updating", "last update", "after updating")


@dataclass(frozen=True)
class MergeResult:
    conflicts: tuple[str, ...]  # files with conflicts (markers or a .rej beside them)
    kept: tuple[str, ...]  # files the template removed that the project had changed


@dataclass(frozen=True)
class _Version:
    content: bytes
    mode: str

    @classmethod
    def read(cls, path: Path) -> _Version | None:
        if path.is_symlink() or not path.is_file():
            return None
        return cls(path.read_bytes(), git.file_mode(path))


def merge_template_change(
    base: Path,
    theirs: Path,
    project: Path,
    *,
    conflict: ConflictStyle = "inline",
    skip: tuple[str, ...] = (),
) -> MergeResult:
    conflicts: list[str] = []
    kept: list[str] = []
    for path in sorted({*_files(base), *_files(theirs)}):
        if _skipped(path, skip):
            continue
        old = _Version.read(base / path)
        new = _Version.read(theirs / path)
        target = project / path
        if old == new:
            continue  # the template did not change it
        if target.is_symlink() or (target.exists() and not target.is_file()):
            continue  # the project made it something else: the project's choice
        mine = _Version.read(target)
        if mine is None:
            if old is None and new is not None:
                _write(target, new)  # new in the template
            continue  # else the project deleted it, and it stays deleted
        if new is not None and mine.content == new.content:
            if mine.mode != new.mode and (old is None or mine.mode == old.mode):
                _write(target, new)
            continue
        if new is None:
            if old is not None and mine.content == old.content:
                target.unlink()
            else:
                kept.append(path)
            continue
        if old is not None and mine.content == old.content:
            _write(target, new)
            continue
        if _merge(project, path, (old, mine, new), (base, theirs), conflict):
            conflicts.append(path)
    return MergeResult(tuple(conflicts), tuple(kept))


def _files(root: Path) -> Iterator[str]:
    """Every file below `root`, posix-relative; a .git that a hook made is not the template's."""
    for directory, dirs, names in os.walk(root):
        dirs[:] = [name for name in dirs if name != ".git"]
        for name in names:
            yield (Path(directory) / name).relative_to(root).as_posix()


def _skipped(path: str, patterns: tuple[str, ...]) -> bool:
    """cruft's `skip`: a path, a folder (everything below it) or a glob pattern."""
    return any(
        path == pattern.rstrip("/")
        or path.startswith(pattern.rstrip("/") + "/")
        or fnmatch(path, pattern)
        for pattern in patterns
    )


def _write(target: Path, version: _Version) -> None:
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_bytes(version.content)
    mode = target.stat().st_mode
    if version.mode == git.EXECUTABLE_FILE:
        target.chmod(mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    else:
        target.chmod(mode & ~(stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH))


def _merge(
    project: Path,
    path: str,
    versions: tuple[_Version | None, _Version, _Version],
    renders: tuple[Path, Path],
    conflict: ConflictStyle,
) -> bool:
    """Merges both sides' changes into the project's file; True when conflicts remain."""
    old, mine, new = versions
    base, theirs = renders
    target = project / path
    binary = any(b"\0" in v.content for v in versions if v is not None)
    if conflict == "rej":
        if old is None or binary:
            # No change to apply hunk by hunk: the template's whole file is the rejected part.
            _reject_whole_file(project / f"{path}{REJECT_SUFFIX}", path, new, binary)
            return True
        patch = git.diff_files(base.parent, f"{base.name}/{path}", f"{theirs.name}/{path}")
        if git.apply_with_rejects(project, patch, strip=2, directory=_prefix(project)):
            return False
        reject = project / f"{path}{REJECT_SUFFIX}"
        if not reject.is_file():  # git refused the whole patch: none of it is lost
            _reject_whole_file(reject, path, new, binary=False)
        return True
    if binary:
        conflicted = True  # as git does for a binary conflict: the project's file stays
    else:
        empty_base = base / path if old is not None else Path(os.devnull)
        merged, conflicted = git.merge_file(target, empty_base, theirs / path, LABELS)
        target.write_bytes(merged)
    if conflicted:
        stages = {2: (mine.mode, mine.content), 3: (new.mode, new.content)}
        if old is not None:
            stages[1] = (old.mode, old.content)
        prefix = _prefix(project)
        git.mark_unmerged(project, f"{prefix}/{path}" if prefix else path, stages)
    return conflicted


def _reject_whole_file(reject: Path, path: str, new: _Version, binary: bool) -> None:
    if binary:
        reject.write_text(
            "The template's new version of this binary file differs from yours; "
            "mlscaffold cannot merge binary files.\n",
            encoding="utf-8",
        )
        return
    lines = new.content.decode("utf-8", errors="replace").splitlines(keepends=True)
    diff = difflib.unified_diff([], lines, fromfile=f"a/{path}", tofile=f"b/{path}")
    reject.write_text("".join(diff), encoding="utf-8")


def _prefix(project: Path) -> str:
    """The project's path in its repository: git's index paths start from the top."""
    return git.path_in_repository(project)
