"""The versions of a third-party template that `update` and `check` compare.

A project made from a copier or cookiecutter template records the template's source
and the commit it came from. Both commands fetch the source (a local clone when it is
a local repository: offline), find that commit, and choose the one to go to:

- `--to REF` when given;
- else the ref the project follows (cruft's `checkout`: the ref `new --ref` or an
  earlier `update --to` named);
- else the engine's default: for copier its newest PEP 440 release tag, as
  `copier update` chooses; for cookiecutter (as cruft) the default branch's head.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from mlscaffold import git
from mlscaffold.engines import get_engine
from mlscaffold.errors import TemplateSourceUnavailable, UnknownTemplateVersion
from mlscaffold.generated import ThirdPartyProject
from mlscaffold.template_source import fetch, is_remote, parse_source, resolve


@dataclass(frozen=True)
class ThirdPartyVersions:
    location: str  # the source as git reaches it (short forms like gh: expanded)
    repository: Path  # mlscaffold's clone of it
    current: str  # the commit the project records
    target: str  # the commit to go to
    target_ref: str | None  # the ref that named it (None: the default branch)

    @property
    def is_current(self) -> bool:
        return self.current == self.target

    @property
    def is_downgrade(self) -> bool:
        """The target is older than the project's version: an ancestor of it."""
        return not self.is_current and git.is_ancestor(self.repository, self.target, self.current)

    def name(self, commit: str) -> str:
        return git.describe(self.repository, commit)

    def newer_subjects(self) -> tuple[str, ...]:
        """What the target brings: the subjects of its commits the project lacks."""
        return git.commit_subjects(self.repository, self.current, self.target)


def fetch_versions(project: ThirdPartyProject, to: str | None, scratch: Path) -> ThirdPartyVersions:
    if project.commit is None:
        raise UnknownTemplateVersion(
            f"{project.path.name} records no commit of its template {project.source} "
            f"(made from a folder that is not a git repository, or from a subfolder of one "
            f"with copier); it cannot be updated"
        )
    location = _source_location(project)
    repository = fetch(parse_source(location), scratch / "template.git")
    current = git.resolve_commit(repository, project.commit)
    if current is None:
        raise UnknownTemplateVersion(
            f"{project.path.name} records template commit {project.commit!r}, which "
            f"{project.source} does not have (rewritten history?); set the project's "
            "recorded commit to one the template has, commit, and run this again"
        )
    ref = to or project.follows or get_engine(project.engine).default_ref(repository)
    target = resolve(repository, ref, project.source)
    return ThirdPartyVersions(location, repository, current, target, ref)


def _source_location(project: ThirdPartyProject) -> str:
    source = project.source
    if not is_remote(source) and not source.startswith(("gh:", "gl:", "file://")):
        path = Path(source).expanduser()
        # copier keeps a relative source as given: relative to the project, as copier reads it
        source = str(path if path.is_absolute() else (project.path / path).resolve())
        if not Path(source).exists():
            raise TemplateSourceUnavailable(
                f"{project.path.name}'s template {project.source} does not exist (any more); "
                "restore it, or record where it is now in the project's "
                f"{'.cruft.json' if project.engine == 'cookiecutter' else 'answers file'}"
            )
    parsed = parse_source(source)
    if not parsed.is_repository:
        raise TemplateSourceUnavailable(
            f"{project.path.name}'s template {project.source} is not a git repository, so "
            "its earlier versions cannot be rendered; put the template under git"
        )
    return parsed.location
