"""A project made from a template: which template, the version it records, its answers.

Built-in templates record a version number in `.copier-answers.yml`; a third-party
copier template records its source and commit there too (copier's `_src_path` and
`_commit`); a cookiecutter template records them in `.cruft.json` (see cruft_record).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlscaffold.answers import ANSWERS_FILE, find_answers_file, read_answers_file
from mlscaffold.cruft_record import CRUFT_FILE, read_record
from mlscaffold.errors import NotAProject, UnknownTemplateVersion
from mlscaffold.template_versions import (
    TemplateHistory,
    load_history,
    source_url,
    template_name_from_url,
)
from mlscaffold.templates import BuiltinTemplate, builtin_templates, get_builtin_template


@dataclass(frozen=True)
class GeneratedProject:
    path: Path
    template: BuiltinTemplate
    history: TemplateHistory
    version: int  # the template version the project was made from or last updated to
    answers: Mapping[str, Any]


@dataclass(frozen=True)
class ThirdPartyProject:
    """A project made from a copier or cookiecutter template that is not mlscaffold's."""

    path: Path
    engine: str  # "copier" or "cookiecutter"
    source: str  # the template's path or git URL
    directory: str | None  # the template's folder in its repository (cookiecutter)
    commit: str | None  # a commit, or copier's `git describe` of it
    follows: str | None  # the ref updates follow (cruft's `checkout`); None: the default
    answers: Mapping[str, Any]
    skip: tuple[str, ...] = ()  # paths updates leave alone (cruft's `skip`)
    answers_file: str | None = None  # copier's, when not .copier-answers.yml


def read_project(path: Path) -> GeneratedProject | ThirdPartyProject:
    """The project at `path`, from whichever template made it."""
    path = path.expanduser().absolute()
    answers_path = find_answers_file(path)
    if answers_path is not None:
        answers = read_answers_file(answers_path)
        source = str(answers.get("_src_path") or "")
        name = template_name_from_url(source) or _template_name_of_folder(source)
        if name is not None:
            return _builtin_project(path, name, answers)
        if source:
            commit = str(answers.get("_commit") or "") or None
            return ThirdPartyProject(
                path, "copier", source, None, commit, None, answers,
                answers_file=None if answers_path.name == ANSWERS_FILE else answers_path.name,
            )  # fmt: skip
    if (path / CRUFT_FILE).is_file():
        record = read_record(path)
        return ThirdPartyProject(
            path, "cookiecutter", record.template, record.directory, record.commit,
            record.checkout, record.context, record.skip,
        )  # fmt: skip
    raise NotAProject(
        f"{path} is not a project made by mlscaffold or from a copier or cookiecutter "
        f"template (no {ANSWERS_FILE} or {CRUFT_FILE}); run this in a project's directory"
    )


def _builtin_project(path: Path, name: str, answers: dict[str, Any]) -> GeneratedProject:
    template = get_builtin_template(name)
    history = load_history(template.path)
    version = _recorded_version(path, name, answers.get("_commit"), history)
    return GeneratedProject(path, template, history, version, answers)


def _template_name_of_folder(source: str) -> str | None:
    """Projects made before versions were recorded name the template folder they came from."""
    names = {template.name for template in builtin_templates()}
    name = Path(source).name if source else ""
    return name if name in names else None


def _recorded_version(path: Path, name: str, commit: object, history: TemplateHistory) -> int:
    text = str(commit or "")
    known = history.numbers
    if text.isdigit() and int(text) in known:
        return int(text)
    if text.isdigit() and known and int(text) > known[-1]:
        raise UnknownTemplateVersion(
            f"{path.name} records {name} template version {text}, newer than this "
            f"mlscaffold's {known[-1]}; upgrade mlscaffold, then run this again"
        )
    if not text:
        raise UnknownTemplateVersion(
            f"{path.name} records no {name} template version (made before versions were "
            f"recorded); in {ANSWERS_FILE} set `_commit: 'N'` (the version it came from) and "
            f"`_src_path: {source_url(name)}`, commit, and run this again"
        )
    raise UnknownTemplateVersion(
        f"{path.name} records {name} template version {text!r}, which this mlscaffold does "
        f"not know (it has {', '.join(map(str, known)) or 'none'}); "
        f"restore `_commit` in {ANSWERS_FILE} from git"
    )
