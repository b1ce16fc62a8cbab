"""Renders copier templates through copier's public API (`run_copy`)."""

from __future__ import annotations

import re
import sys
from collections.abc import Mapping
from typing import Any

import copier
import yaml
from copier.errors import CopierAnswersInterrupt, CopierError, InteractiveSessionError
from jinja2 import TemplateError

from mlscaffold.engines.base import RenderRequest
from mlscaffold.errors import Interrupted, InvalidAnswer, TemplateRenderError, UsageError

ANSWERS_FILE = ".copier-answers.yml"
# copier reports a failed validator as "Validation error for question 'x': <validator text>".
_VALIDATION_ERROR = re.compile(r"Validation error for question '(?P<question>[^']+)': (?P<text>.*)")
# ... and a value outside a question's choices as "Invalid choice for 'x': 'v' is not in [...]".
_INVALID_CHOICE = re.compile(
    r"Invalid choice for '(?P<question>[^']+)': '(?P<value>[^']*)' is not in \[(?P<choices>.*)\]"
)


class CopierEngine:
    name = "copier"

    def render(self, request: RenderRequest) -> Mapping[str, Any]:
        interactive = not request.use_defaults
        if interactive and not sys.stdin.isatty():
            raise UsageError(
                "no terminal to ask the template's questions; "
                "pass --defaults (and -d KEY=VALUE to set answers)"
            )
        try:
            copier.run_copy(
                str(request.template),
                request.destination,
                data=dict(request.data),
                defaults=request.use_defaults,
                unsafe=True,  # only mlscaffold's own templates reach this adapter yet
                quiet=True,
                cleanup_on_error=True,
            )
        except CopierAnswersInterrupt as err:
            raise Interrupted("interrupted; nothing was created") from err
        except InteractiveSessionError as err:
            raise UsageError(f"{err}; pass --defaults (and -d KEY=VALUE)") from err
        except ValueError as err:
            raise _answer_error(err) from err
        except (CopierError, TemplateError) as err:
            raise TemplateRenderError(f"the template failed to render: {err}") from err
        answers_path = request.destination / ANSWERS_FILE
        answers = yaml.safe_load(answers_path.read_text(encoding="utf-8"))
        return answers if isinstance(answers, dict) else {}


def _answer_error(err: ValueError) -> InvalidAnswer:
    text = str(err).strip()
    match = _VALIDATION_ERROR.match(text)
    if match:
        return InvalidAnswer(match["text"].strip())
    match = _INVALID_CHOICE.search(text)
    if match:
        choices = match["choices"].replace("'", "")
        return InvalidAnswer(
            f"unknown {match['question']} {match['value']!r}; choose one of: {choices} "
            "(see `mlscaffold list`)"
        )
    return InvalidAnswer(text.splitlines()[0] if text else "an answer is invalid")
