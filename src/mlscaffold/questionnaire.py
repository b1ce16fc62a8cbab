"""The built-in template's questions, followed in order as copier follows them.

copier skips a question whose `when` is false and quietly drops an answer `--data`
gave it, so `-d text_column=review` on a tabular project would be lost without a
word. `unasked_answer_problem` finds such an answer before anything is rendered. It
reads copier.yml's documented fields (`default`, `when`, `validator`) and renders
them with mlscaffold's own filters, the only extension the built-in template uses.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml
from jinja2 import Environment, TemplateError, nodes

from mlscaffold.jinja_extension import AnswersExtension

# The words copier's `when` reads as false (copier's cast_to_bool), besides 0 and "".
_FALSE_WORDS = frozenset({"n", "no", "f", "false", "off", "~", "null", "none"})
_NO_DEFAULT = object()


@dataclass(frozen=True)
class Question:
    name: str
    default: object = _NO_DEFAULT  # a jinja template, a plain value, or _NO_DEFAULT
    when: object = True  # a jinja template or a plain value
    validator: str = ""
    type: str = "str"  # copier's answer type: str, int, float, bool, yaml, json


@cache
def read_questions(copier_yml: Path) -> tuple[Question, ...]:
    config = yaml.safe_load(copier_yml.read_text(encoding="utf-8")) or {}
    return tuple(
        Question(
            str(name),
            spec.get("default", _NO_DEFAULT),
            spec.get("when", True),
            str(spec.get("validator") or ""),
            str(spec.get("type") or "str"),
        )
        for name, spec in config.items()
        if not str(name).startswith("_") and isinstance(spec, dict)
    )


def unasked_answer_problem(data: Mapping[str, str], questions: tuple[Question, ...]) -> str:
    """Why an answer in `data` would be dropped ("" when every one is used).

    An answer to a question that is not asked is fine when it is what the question
    takes anyway (its default, e.g. -d task=classification for a text project); else
    its validator's message, when it has one for the case, is the most precise (e.g.
    "data set 'diabetes' is a regression task"); else the conditions it is asked on.
    """
    environment = Environment(extensions=[AnswersExtension])
    # copier renders each question with every --data answer, later questions' included,
    # and the answers (or defaults) of the questions before it.
    context: dict[str, object] = dict(data)
    try:
        for question in questions:
            default = _render(environment, question.default, context)
            given = question.name in data
            if given and not _is_true(_render(environment, question.when, context)):
                value = data[question.name]
                answered = {**context, question.name: value}
                problem = str(_render(environment, question.validator, answered)).strip()
                if problem:
                    return problem
                if default is _NO_DEFAULT or str(default) != value:
                    return _not_asked_message(environment, question, context)
            if not given and default is not _NO_DEFAULT:
                context[question.name] = default
    except (TemplateError, ValueError, OSError):
        return ""  # copier renders the same fields, and reports what is wrong with them
    return ""


def mistyped_answer_problem(data: Mapping[str, str], questions: tuple[Question, ...]) -> str:
    """Why an answer in `data` is not of its question's type ("" when all are).

    copier casts an answer before validating it, and its cast error names no question
    ("invalid literal for int() with base 10: 'abc'"); this one does.
    """
    for question in questions:
        value = data.get(question.name)
        if value is None or question.type != "int":
            continue
        try:
            int(str(value))
        except ValueError:
            return f"{question.name} {value!r} is not a whole number; give one, e.g. 12"
    return ""


def _render(environment: Environment, value: object, context: Mapping[str, object]) -> object:
    if not isinstance(value, str):
        return value
    return environment.from_string(value).render(context)


def _is_true(value: object) -> bool:
    if isinstance(value, bool):
        return value
    text = str(value).strip().lower()
    try:
        return bool(float(text))
    except ValueError:
        return bool(text) and text not in _FALSE_WORDS


def _not_asked_message(
    environment: Environment, question: Question, context: Mapping[str, object]
) -> str:
    """E.g. "text_column is an answer for kind=text; drop it or add -d kind=text"."""
    unmet = [
        f"{name}={value}"
        for name, value in _equalities(environment, question.when)
        if context.get(name) != value
    ]
    if not unmet:
        return (
            f"{question.name} is not asked with these answers (it is asked when "
            f"{question.when}); drop it"
        )
    adds = " ".join(f"-d {condition}" for condition in unmet)
    return f"{question.name} is an answer for {' and '.join(unmet)}; drop it or add {adds}"


def _equalities(environment: Environment, when: object) -> list[tuple[str, object]]:
    """The `answer == 'value'` tests in a `when` template, in the order written."""
    if not isinstance(when, str):
        return []
    return [
        (compare.expr.name, compare.ops[0].expr.value)
        for compare in environment.parse(when).find_all(nodes.Compare)
        if isinstance(compare.expr, nodes.Name)
        and len(compare.ops) == 1
        and compare.ops[0].op == "eq"
        and isinstance(compare.ops[0].expr, nodes.Const)
    ]
