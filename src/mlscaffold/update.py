"""`update_project`: bring a newer template version, or changed answers, into a project.

copier renders the version the project records and the target version, and 3-way
merges their difference into the project, so the user's edits stay. Around it,
mlscaffold refuses before changing anything (not a project, uncommitted changes,
unknown version, downgrade), rebuilds the template's versions offline from the files
that ship with it, keeps files the template removed but the user changed, reports
the conflicts copier leaves behind while exiting 0, and puts the project back as it
was when the update fails half-way.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Literal

from mlscaffold import git
from mlscaffold.create import check_known_answers
from mlscaffold.engines import (
    ConflictStyle,
    TemplateEngine,
    UpdateRequest,
    VersionedTemplate,
    get_engine,
)
from mlscaffold.errors import (
    DirtyWorkingTree,
    DowngradeRefused,
    Interrupted,
    NotAProject,
    UnknownTemplateVersion,
)
from mlscaffold.generated import GeneratedProject, read_generated_project
from mlscaffold.template_versions import materialise_repository, source_url

Change = Literal["added", "modified", "deleted", "conflict"]
MAX_LISTED_FILES = 10
REJECT_SUFFIX = ".rej"


@dataclass(frozen=True)
class FileChange:
    path: str
    change: Change


@dataclass(frozen=True)
class UpdateResult:
    project: Path
    template: str
    from_version: int
    to_version: int
    changes: tuple[FileChange, ...]
    conflicts: tuple[str, ...]  # files with conflict markers, and *.rej files
    kept: tuple[str, ...]  # files the template removed that the project had changed
    dry_run: bool = False
    already_current: bool = False


def update_project(
    path: Path,
    *,
    to: str | None = None,
    data: Mapping[str, str] | None = None,
    conflict: ConflictStyle = "inline",
    dry_run: bool = False,
) -> UpdateResult:
    project = read_generated_project(path)
    target = _target_version(project, to)
    data = dict(data or {})
    check_known_answers(data, project.template.question_names)
    _require_clean_repository(project.path)
    if target == project.version and not data:
        return UpdateResult(
            project.path, project.template.name, project.version, target, (), (), (),
            dry_run=dry_run, already_current=True,
        )  # fmt: skip
    with TemporaryDirectory(prefix="mlscaffold-update-") as scratch_dir:
        scratch = Path(scratch_dir)
        template = VersionedTemplate(
            source_url(project.template.name),
            materialise_repository(project.history, scratch / "template.git"),
        )
        where = _dry_run_copy(project.path, scratch) if dry_run else project.path
        request = UpdateRequest(where, template, str(target), project.answers, data, conflict)
        kept = _update_or_restore(request, project, get_engine(project.template.path), scratch)
        changes = _changes(where)
        conflicts = _conflicts(where)
    return UpdateResult(
        project.path, project.template.name, project.version, target, changes, conflicts, kept,
        dry_run=dry_run,
    )  # fmt: skip


def _target_version(project: GeneratedProject, to: str | None) -> int:
    known = project.history.numbers
    if to is None:
        return known[-1]
    wanted = to.strip().removeprefix("v")
    if not wanted.isdigit() or int(wanted) not in known:
        raise UnknownTemplateVersion(
            f"unknown {project.template.name} template version {to!r}; "
            f"choose one of: {', '.join(map(str, known))}"
        )
    if int(wanted) < project.version:
        raise DowngradeRefused(
            f"{project.path.name} is at {project.template.name} template version "
            f"{project.version} and update does not downgrade; choose --to "
            f"{project.version} or later"
        )
    return int(wanted)


def _require_clean_repository(project: Path) -> None:
    """copier merges against the last commit, and a failed update goes back to it."""
    if not git.is_work_tree(project):
        raise NotAProject(
            f"{project} is not a git repository, which update needs to merge; "
            "run `git init && git add -A && git commit -m start` in it first"
        )
    files = git.uncommitted_files(project)
    if files:
        listed = ", ".join(files[:MAX_LISTED_FILES])
        more = f" and {len(files) - MAX_LISTED_FILES} more" if len(files) > MAX_LISTED_FILES else ""
        raise DirtyWorkingTree(
            f"{project.name} has uncommitted changes ({listed}{more}); commit or stash them "
            "(git stash -u), then update again"
        )


def _dry_run_copy(project: Path, scratch: Path) -> Path:
    """A clone of the project's repository to update instead (the tree is clean: same files)."""
    top = git.top_level(project)
    clone = scratch / "dry-run"
    git.clone(top, clone)
    return clone / project.relative_to(top)


def _update_or_restore(
    request: UpdateRequest, project: GeneratedProject, engine: TemplateEngine, scratch: Path
) -> tuple[str, ...]:
    try:
        engine.update(request)
        return _keep_changed_files_the_template_removed(request, project, engine, scratch)
    except KeyboardInterrupt as err:
        git.discard_uncommitted_changes(request.project)
        raise Interrupted(f"interrupted; {project.path.name} is as it was") from err
    except BaseException:
        # The tree was clean before: going back to HEAD loses nothing of the user's.
        git.discard_uncommitted_changes(request.project)
        raise


def _keep_changed_files_the_template_removed(
    request: UpdateRequest, project: GeneratedProject, engine: TemplateEngine, scratch: Path
) -> tuple[str, ...]:
    """copier deletes a file the new version dropped even when the user changed it.

    A file is the user's when its committed content differs from what the recorded
    version renders; those are put back (and their *.rej dropped), the rest stay deleted.
    """
    removed = git.deleted_paths(request.project)
    if not removed:
        return ()
    baseline = scratch / "baseline"
    engine.render_version(request.template, str(project.version), baseline, project.answers)
    kept = tuple(
        path
        for path in removed
        if not (baseline / path).is_file()
        or (baseline / path).read_bytes() != git.committed_content(request.project, path)
    )
    git.restore_from_index(request.project, kept)
    for path in kept:
        (request.project / f"{path}{REJECT_SUFFIX}").unlink(missing_ok=True)
    return kept


def _conflicts(project: Path) -> tuple[str, ...]:
    rejects = git.untracked_files(project, f"*{REJECT_SUFFIX}")
    return tuple(sorted({*git.unmerged_paths(project), *rejects}))


def _changes(project: Path) -> tuple[FileChange, ...]:
    changes = []
    for status, path in git.status_entries(project):
        if path.endswith(REJECT_SUFFIX):
            continue
        changes.append(FileChange(path, _change_kind(status)))
    return tuple(sorted(changes, key=lambda change: change.path))


def _change_kind(status: str) -> Change:
    if "U" in status or status in {"AA", "DD"}:
        return "conflict"
    if status == "??" or "A" in status:
        return "added"
    if "D" in status:
        return "deleted"
    return "modified"
