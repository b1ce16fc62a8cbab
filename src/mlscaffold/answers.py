"""A project's answers: the answers file copier records them in, and the ones `--data` gives.

A project made from a copier template (every built-in template is one) keeps the
answers it was rendered with in `.copier-answers.yml`, or in another
`.copier-answers*.yml` that the template chose with `_answers_file`; `new`, `update`,
`check`, `publish` and `doctor` find and read it here. `-d KEY=VALUE` may set only
answers the template asks for, and for a built-in template only those it asks given
the other answers.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

from mlscaffold.errors import InvalidAnswer, NotAProject
from mlscaffold.questionnaire import Question, mistyped_answer_problem, unasked_answer_problem

ANSWERS_FILE = ".copier-answers.yml"


def find_answers_file(project: Path) -> Path | None:
    """The project's answers file: `.copier-answers.yml`, else another `.copier-answers*.yml`."""
    default = project / ANSWERS_FILE
    if default.is_file():
        return default
    return next(iter(sorted(project.glob(".copier-answers*.yml"))), None)


def read_answers(project: Path) -> dict[str, Any]:
    """The answers the project at `project` records; NotAProject when it records none."""
    return read_answers_file(find_answers_file(project) or project / ANSWERS_FILE)


def read_answers_file(answers_path: Path) -> dict[str, Any]:
    if not answers_path.is_file():
        raise NotAProject(
            f"{answers_path.parent} is not a project made by mlscaffold (no "
            f"{answers_path.name}); run this in a directory created with `mlscaffold new`"
        )
    try:
        answers = yaml.safe_load(answers_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as err:
        raise NotAProject(
            f"{answers_path} is not valid YAML; restore it with "
            f"`git checkout -- {answers_path.name}`"
        ) from err
    if not isinstance(answers, dict):
        raise NotAProject(f"{answers_path} is not a mapping of answers; restore it from git")
    return answers


def check_known_answers(data: Mapping[str, str], known: tuple[str, ...] | None) -> None:
    """Refuses a `--data` key the template does not ask (None: its questions are unknown)."""
    if known is None:
        return
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise InvalidAnswer(
            f"unknown answer {unknown[0]!r} in --data; known answers: {', '.join(known)}"
        )


def check_asked_answers(data: Mapping[str, str], questions: tuple[Question, ...]) -> None:
    """Refuses a `--data` answer of the wrong type, or to a question the other answers
    skip (copier drops it)."""
    problem = mistyped_answer_problem(data, questions) or unasked_answer_problem(data, questions)
    if problem:
        raise InvalidAnswer(problem)
