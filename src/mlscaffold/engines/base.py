"""The interface every template engine adapter implements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, Protocol

ConflictStyle = Literal["inline", "rej"]


@dataclass(frozen=True)
class RecordedSource:
    """How a project names its template for later updates: a URL and a version."""

    url: str
    version: str


@dataclass(frozen=True)
class VersionedTemplate:
    """A template's recorded versions as a local git repository, known to projects by `url`."""

    url: str
    repository: Path


@dataclass(frozen=True)
class RenderRequest:
    template: Path
    destination: Path
    data: Mapping[str, str] = field(default_factory=dict)
    use_defaults: bool = False
    # The rendered files are those of this recorded version: say so in the answers file.
    recorded_as: RecordedSource | None = None


@dataclass(frozen=True)
class UpdateRequest:
    project: Path
    template: VersionedTemplate
    version: str
    recorded_answers: Mapping[str, Any]  # the project's answers file, before the update
    data: Mapping[str, str] = field(default_factory=dict)
    conflict: ConflictStyle = "inline"


class TemplateEngine(Protocol):
    name: str

    def render(self, request: RenderRequest) -> Mapping[str, Any]:
        """Renders the template into `request.destination` and returns the answers used."""
        ...

    def render_version(
        self,
        template: VersionedTemplate,
        version: str,
        destination: Path,
        answers: Mapping[str, Any],
    ) -> None:
        """Renders a recorded version with the given answers (asks nothing)."""
        ...

    def update(self, request: UpdateRequest) -> None:
        """3-way merges the template change into the project; conflicts stay in the files."""
        ...
