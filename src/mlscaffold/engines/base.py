"""The interface every template engine adapter implements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from mlscaffold.tree_merge import ConflictStyle


@dataclass(frozen=True)
class RecordedSource:
    """How a project names its template for later updates: a URL and a version."""

    url: str
    version: str


@dataclass(frozen=True)
class VersionedTemplate:
    """A template with versions: known to projects by `url`, fetched from `repository`.

    `repository` is a local git repository that stands in for `url` (the rebuilt
    history of a built-in template, or mlscaffold's clone of a third-party one);
    None lets the engine fetch `url` itself. `directory` is the template's folder
    inside the repository.
    """

    url: str
    repository: Path | None = None
    directory: str | None = None


@dataclass(frozen=True)
class RenderRequest:
    template: Path | str  # a folder, or for copier also a repository path or git URL
    destination: Path
    data: Mapping[str, str] = field(default_factory=dict)
    use_defaults: bool = False
    # The rendered files are those of this recorded version: say so in the answers file.
    recorded_as: RecordedSource | None = None
    vcs_ref: str | None = None  # copier: the git ref to render (None: copier's default)
    # Whether the template may run its own code (copier: tasks, migrations, jinja
    # extensions). mlscaffold's own templates may; a third-party one only with --trust.
    unsafe: bool = True


@dataclass(frozen=True)
class UpdateRequest:
    project: Path
    template: VersionedTemplate
    version: str  # the version to update to
    recorded_answers: Mapping[str, Any]  # the project's answers, before the update
    data: Mapping[str, str] = field(default_factory=dict)
    conflict: ConflictStyle = "inline"
    # The version the project records; copier reads it from the answers file itself.
    from_version: str = ""
    unsafe: bool = True
    skip: tuple[str, ...] = ()  # paths the update leaves alone (cruft's `skip`)
    answers_file: str | None = None  # copier: when not the template's default


@dataclass(frozen=True)
class UpdateOutcome:
    answers: Mapping[str, Any]  # the answers after the update (engines that record them)
    kept: tuple[str, ...] = ()  # files the template removed that the project had changed


class TemplateEngine(Protocol):
    name: str

    def question_names(self, template_dir: Path) -> tuple[str, ...] | None:
        """The answers `-d` may set; None when the template's questions cannot be read."""
        ...

    def render(self, request: RenderRequest) -> Mapping[str, Any]:
        """Renders the template into `request.destination` and returns the answers used."""
        ...

    def render_version(
        self,
        template: VersionedTemplate,
        version: str,
        destination: Path,
        answers: Mapping[str, Any],
        *,
        unsafe: bool = True,
    ) -> None:
        """Renders a recorded version with the given answers (asks nothing)."""
        ...

    def update(self, request: UpdateRequest) -> UpdateOutcome:
        """3-way merges the template change into the project; conflicts stay in the files."""
        ...

    def default_ref(self, repository: Path) -> str | None:
        """The ref an update goes to by default (None: the default branch's head)."""
        ...
