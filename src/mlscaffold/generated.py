"""A project that `mlscaffold new` made: its built-in template, recorded version and answers."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from mlscaffold.engines.copier_engine import ANSWERS_FILE
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


def read_generated_project(path: Path) -> GeneratedProject:
    path = path.expanduser().absolute()
    answers = _read_answers(path)
    source = str(answers.get("_src_path") or "")
    name = template_name_from_url(source) or _template_name_of_folder(source)
    if name is None:
        raise NotAProject(
            f"{path} was not made from an mlscaffold template (its template: "
            f"{source or 'unknown'}); update it with `copier update` instead"
        )
    template = get_builtin_template(name)
    history = load_history(template.path)
    version = _recorded_version(path, name, answers.get("_commit"), history)
    return GeneratedProject(path, template, history, version, answers)


def _read_answers(path: Path) -> dict[str, Any]:
    answers_path = path / ANSWERS_FILE
    if not answers_path.is_file():
        raise NotAProject(
            f"{path} is not a project made by mlscaffold (no {ANSWERS_FILE}); "
            "run this in a directory created with `mlscaffold new`"
        )
    try:
        answers = yaml.safe_load(answers_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise NotAProject(
            f"{answers_path} is not valid YAML; restore it with `git checkout -- {ANSWERS_FILE}`"
        ) from err
    if not isinstance(answers, dict):
        raise NotAProject(f"{answers_path} is not a mapping of answers; restore it from git")
    return answers


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
