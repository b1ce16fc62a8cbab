"""`update_project`: bring a newer template version, or changed answers, into a project.

The engine renders the version the project records and the target version, and 3-way
merges their difference into the project, so the user's edits stay: copier itself for
copier templates, mlscaffold's `tree_merge` for cookiecutter ones. Around it, mlscaffold
refuses before changing anything (not a project, uncommitted changes, unknown version,
downgrade), rebuilds a built-in template's versions offline from the files that ship
with it (a third-party template's from a clone of its repository), keeps files the
template removed but the user changed, reports the conflicts left behind, and puts the
project back as it was when the update fails half-way.
"""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any, Literal, TypeVar

from mlscaffold import git
from mlscaffold.answers import check_known_answers
from mlscaffold.cruft_record import CruftRecord, read_record, write_record
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
    brief_list,
)
from mlscaffold.generated import GeneratedProject, ThirdPartyProject, read_project
from mlscaffold.template_source import export, is_remote
from mlscaffold.template_versions import materialise_repository, source_url
from mlscaffold.third_party_versions import ThirdPartyVersions, fetch_versions
from mlscaffold.tree_merge import REJECT_SUFFIX

Change = Literal["added", "modified", "deleted", "conflict"]
T = TypeVar("T")


@dataclass(frozen=True)
class FileChange:
    path: str
    change: Change


@dataclass(frozen=True)
class UpdateResult:
    project: Path
    template: str  # a built-in template's name, or a third-party template's source
    # Built-in templates count versions 1, 2, ...; third-party ones name commits.
    from_version: int | str
    to_version: int | str
    changes: tuple[FileChange, ...]
    conflicts: tuple[str, ...]  # files with conflict markers, and *.rej files
    kept: tuple[str, ...]  # files the template removed that the project had changed
    dry_run: bool = False
    # (old path, new path) of files the template moved; the project's edits went along
    moved: tuple[tuple[str, str], ...] = ()
    already_current: bool = False
    engine: str = "copier"
    builtin: bool = True


def update_project(
    path: Path,
    *,
    to: str | None = None,
    data: Mapping[str, str] | None = None,
    conflict: ConflictStyle = "inline",
    dry_run: bool = False,
    trust: bool = False,
) -> UpdateResult:
    """Updates the project at `path`; `trust` lets a third-party copier template run code."""
    project = read_project(path)
    if isinstance(project, ThirdPartyProject):
        return _update_third_party(
            project, to=to, data=dict(data or {}), conflict=conflict, dry_run=dry_run,
            trust=trust,
        )  # fmt: skip
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
        request = UpdateRequest(
            where, template, str(target), project.answers, data, conflict,
            from_version=str(project.version),
        )  # fmt: skip
        engine = get_engine("copier")

        def apply() -> _RemovedFiles:
            engine.update(request)
            return _keep_changed_files_the_template_removed(request, engine, scratch)

        removed = _update_or_restore(where, project.path.name, apply)
        changes = _changes(where)
        conflicts = _conflicts(where)
    return UpdateResult(
        project.path, project.template.name, project.version, target, changes, conflicts,
        removed.kept, dry_run=dry_run, moved=removed.moved,
    )  # fmt: skip


def _update_third_party(
    project: ThirdPartyProject,
    *,
    to: str | None,
    data: dict[str, str],
    conflict: ConflictStyle,
    dry_run: bool,
    trust: bool,
) -> UpdateResult:
    _require_clean_repository(project.path)
    engine = get_engine(project.engine)
    with TemporaryDirectory(prefix="mlscaffold-update-") as scratch_dir:
        scratch = Path(scratch_dir)
        versions = fetch_versions(project, to, scratch)
        target_files = export(versions.repository, versions.target, scratch / "target")
        check_known_answers(data, engine.question_names(target_files / (project.directory or "")))
        result = _ThirdPartyResult(project, versions, dry_run)
        if versions.is_current and not data:
            return result.build((), (), (), already_current=True)
        if versions.is_downgrade:
            raise DowngradeRefused(
                f"{project.path.name} is at {project.source} commit "
                f"{versions.name(versions.current)}, and {to or 'the target'} "
                f"({versions.name(versions.target)}) is older; update does not downgrade"
            )
        where = _dry_run_copy(project.path, scratch) if dry_run else project.path
        request = UpdateRequest(
            where,
            # copier fetches a remote template from mlscaffold's clone: one download.
            VersionedTemplate(
                versions.location,
                versions.repository
                if engine.name == "cookiecutter" or is_remote(versions.location)
                else None,
                project.directory,
            ),
            versions.target,
            project.answers,
            data,
            conflict,
            from_version=versions.current,
            unsafe=trust,
            skip=project.skip,
            answers_file=project.answers_file,
        )

        def apply() -> tuple[str, ...]:
            outcome = engine.update(request)
            if engine.name == "cookiecutter":
                _record_cookiecutter_update(where, versions, to, outcome.answers)
                return outcome.kept
            return _keep_changed_files_the_template_removed(request, engine, scratch).kept

        kept = _update_or_restore(where, project.path.name, apply)
        return result.build(_changes(where), _conflicts(where), kept)


@dataclass(frozen=True)
class _ThirdPartyResult:
    project: ThirdPartyProject
    versions: ThirdPartyVersions
    dry_run: bool

    def build(
        self,
        changes: tuple[FileChange, ...],
        conflicts: tuple[str, ...],
        kept: tuple[str, ...],
        *,
        already_current: bool = False,
    ) -> UpdateResult:
        return UpdateResult(
            self.project.path, self.project.source,
            self.versions.name(self.versions.current), self.versions.name(self.versions.target),
            changes, conflicts, kept, dry_run=self.dry_run, already_current=already_current,
            engine=self.project.engine, builtin=False,
        )  # fmt: skip


def _record_cookiecutter_update(
    project: Path, versions: ThirdPartyVersions, to: str | None, context: Mapping[str, Any]
) -> None:
    """The new commit and context in .cruft.json; `--to REF` becomes the ref to follow."""
    record = read_record(project)
    write_record(
        project,
        CruftRecord(
            record.template, versions.target, to or record.checkout, record.directory,
            context, record.skip, record.other,
        ),
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
        raise DirtyWorkingTree(
            f"{project.name} has uncommitted changes ({brief_list(files)}); commit or stash them "
            "(git stash -u), then update again"
        )


def _dry_run_copy(project: Path, scratch: Path) -> Path:
    """A clone of the project's repository to update instead (the tree is clean: same files)."""
    top = git.top_level(project)
    clone = scratch / "dry-run"
    git.clone(top, clone)
    return clone / project.relative_to(top)


def _update_or_restore(where: Path, name: str, apply: Callable[[], T]) -> T:
    try:
        return apply()
    except KeyboardInterrupt as err:
        git.discard_uncommitted_changes(where)
        raise Interrupted(f"interrupted; {name} is as it was") from err
    except BaseException:
        # The tree was clean before: going back to HEAD loses nothing of the user's.
        git.discard_uncommitted_changes(where)
        raise


@dataclass(frozen=True)
class _RemovedFiles:
    kept: tuple[str, ...]  # removed by the template, changed by the user: put back
    moved: tuple[tuple[str, str], ...]  # (old, new): moved by the template, edits carried


def _keep_changed_files_the_template_removed(
    request: UpdateRequest, engine: TemplateEngine, scratch: Path
) -> _RemovedFiles:
    """copier deletes a file the new version dropped even when the user changed it.

    A file is the user's when its committed content differs from what the recorded
    version renders. When the new version moved it (a new file git finds similar), the
    user's edits are merged into the new file (3-way, conflicts marked) and the old
    path goes; otherwise the file is put back (and its *.rej dropped).
    """
    removed = git.deleted_paths(request.project)
    if not removed:
        return _RemovedFiles((), ())
    baseline = scratch / "baseline"
    engine.render_version(
        request.template, request.from_version, baseline, request.recorded_answers,
        unsafe=request.unsafe,
    )  # fmt: skip
    changed = tuple(
        path
        for path in removed
        if not (baseline / path).is_file()
        or (baseline / path).read_bytes() != git.committed_content(request.project, path)
    )
    moves = _moves(request.project, baseline, changed, scratch)
    for old, new in moves.items():
        # A clash is marked unmerged in the index, so it is listed with the other conflicts.
        _carry_edits(request.project, baseline, old, new, scratch)
    kept = tuple(path for path in changed if path not in moves)
    git.restore_from_index(request.project, kept)
    for path in changed:
        (request.project / f"{path}{REJECT_SUFFIX}").unlink(missing_ok=True)
    return _RemovedFiles(kept, tuple(moves.items()))


def _moves(
    project: Path, baseline: Path, changed: tuple[str, ...], scratch: Path
) -> dict[str, str]:
    """Changed, removed path -> the path the new version moved it to (new files only)."""
    added = git.untracked_files(project, "*")
    if not changed or not added:
        return {}
    before, after = scratch / "moved-from", scratch / "moved-to"
    for path in changed:
        if (baseline / path).is_file():
            _copy(baseline / path, before / path)
    for path in added:
        _copy(project / path, after / path)
    return git.renames(before, after)


def _carry_edits(project: Path, baseline: Path, old: str, new: str, scratch: Path) -> None:
    """The user's version of `old`, with the template's changes up to `new` merged in.

    Conflicts are left marked in the file and recorded in the index, as a merge would.
    """
    yours = scratch / "yours" / old
    _copy_bytes(git.committed_content(project, old), yours)
    template = (project / new).read_bytes()
    merged, conflicted = git.merge_file(
        yours, baseline / old, project / new, ("yours", "before updating", "after updating")
    )
    (project / new).write_bytes(merged)
    if conflicted:
        mode = git.file_mode(project / new)
        git.mark_unmerged(
            project,
            new,
            {
                1: (mode, (baseline / old).read_bytes()),
                2: (mode, yours.read_bytes()),
                3: (mode, template),
            },
        )


def _copy_bytes(content: bytes, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    destination.write_bytes(content)


def _copy(source: Path, destination: Path) -> None:
    destination.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(source, destination)


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
