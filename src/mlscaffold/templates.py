"""The built-in templates that ship inside the mlscaffold package."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from mlscaffold.copier_config import read_config
from mlscaffold.errors import UnknownTemplate
from mlscaffold.questionnaire import Question, read_questions

DEFAULT_TEMPLATE = "ml-project"

_DESCRIPTIONS = {
    "ml-project": (
        "End-to-end scikit-learn project: data, training vs a baseline, evaluation, "
        "FastAPI service, Docker image, tests"
    ),
}


@dataclass(frozen=True)
class BuiltinTemplate:
    name: str
    path: Path
    description: str

    @property
    def question_names(self) -> tuple[str, ...]:
        return _question_names(self.path / "copier.yml")

    @property
    def questions(self) -> tuple[Question, ...]:
        return read_questions(self.path / "copier.yml")


def templates_root() -> Path:
    """Templates live in the wheel as package data, or at the top of a source checkout."""
    packaged = Path(__file__).parent / "templates"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "templates"


def builtin_templates() -> tuple[BuiltinTemplate, ...]:
    root = templates_root()
    return tuple(
        BuiltinTemplate(path.name, path, _DESCRIPTIONS.get(path.name, ""))
        for path in sorted(root.iterdir())
        if (path / "copier.yml").is_file()
    )


def get_builtin_template(name: str) -> BuiltinTemplate:
    templates = {template.name: template for template in builtin_templates()}
    if name not in templates:
        known = ", ".join(templates) or "none installed"
        raise UnknownTemplate(f"unknown template {name!r}; choose one of: {known}")
    return templates[name]


@cache
def _question_names(copier_yml: Path) -> tuple[str, ...]:
    config = read_config(copier_yml.parent) or {}
    return tuple(key for key in config if not key.startswith("_"))
