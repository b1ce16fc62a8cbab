"""`check_project`: is a newer template version available, and what would it bring?"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mlscaffold.changelog import template_notes
from mlscaffold.generated import read_generated_project


@dataclass(frozen=True)
class VersionNotes:
    version: int
    notes: tuple[str, ...]  # from CHANGELOG.md's template changes


@dataclass(frozen=True)
class CheckResult:
    project: Path
    template: str
    current: int
    latest: int
    newer: tuple[VersionNotes, ...]  # the versions after `current`, oldest first

    @property
    def update_available(self) -> bool:
        return self.latest > self.current


def check_project(path: Path) -> CheckResult:
    project = read_generated_project(path)
    notes = template_notes(project.template.name)
    newer = tuple(
        VersionNotes(version, notes.get(version, ()))
        for version in project.history.numbers
        if version > project.version
    )
    latest = project.history.numbers[-1]
    return CheckResult(project.path, project.template.name, project.version, latest, newer)
