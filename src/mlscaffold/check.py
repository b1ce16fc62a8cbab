"""`check_project`: is a newer template version available, and what would it bring?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory

from mlscaffold.changelog import template_notes
from mlscaffold.generated import ThirdPartyProject, read_project
from mlscaffold.third_party_versions import fetch_versions


@dataclass(frozen=True)
class VersionNotes:
    version: int | str  # a built-in template's version, or a third-party template's commit
    notes: tuple[str, ...]  # from CHANGELOG.md's template changes, or the commits' subjects


@dataclass(frozen=True)
class CheckResult:
    project: Path
    template: str  # a built-in template's name, or a third-party template's source
    current: int | str
    latest: int | str
    newer: tuple[VersionNotes, ...]  # the versions after `current`, oldest first
    engine: str = "copier"
    builtin: bool = True

    @property
    def update_available(self) -> bool:
        return bool(self.newer)


def check_project(path: Path) -> CheckResult:
    project = read_project(path)
    if isinstance(project, ThirdPartyProject):
        return _check_third_party(project)
    notes = template_notes(project.template.name)
    newer = tuple(
        VersionNotes(version, notes.get(version, ()))
        for version in project.history.numbers
        if version > project.version
    )
    latest = project.history.numbers[-1]
    return CheckResult(project.path, project.template.name, project.version, latest, newer)


def _check_third_party(project: ThirdPartyProject) -> CheckResult:
    """Fetches the template (offline for a local repository) and compares commits."""
    with TemporaryDirectory(prefix="mlscaffold-check-") as scratch:
        versions = fetch_versions(project, None, Path(scratch))
        current, latest = versions.name(versions.current), versions.name(versions.target)
        newer: tuple[VersionNotes, ...] = ()
        if not versions.is_current and not versions.is_downgrade:
            newer = (VersionNotes(latest, versions.newer_subjects()),)
    return CheckResult(
        project.path, project.source, current, latest, newer, project.engine, builtin=False
    )
