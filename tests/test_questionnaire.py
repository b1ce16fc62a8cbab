"""Answers `--data` gives to questions the other answers skip: copier would drop them."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlscaffold.questionnaire import read_questions, unasked_answer_problem
from mlscaffold.templates import get_builtin_template

COPIER_YML = """\
_subdirectory: template
flavour:
  type: str
  default: plain
topping:
  type: str
  when: "{{ flavour == 'sundae' and size == 'large' }}"
  default: "{{ 'cherry' if flavour == 'sundae' else '' }}"
  validator: "{% if topping == 'gravel' %}gravel is not a topping{% endif %}"
size:
  type: str
  default: large
sprinkles:
  type: str
  when: "{{ flavour | length > 9 }}"
  default: none
cone:
  type: bool
  when: false
"""


@pytest.fixture
def toy(tmp_path: Path) -> Path:
    path = tmp_path / "copier.yml"
    path.write_text(COPIER_YML, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({}, ""),
        # asked (copier checks the answer); a later question's answer counts, not its default
        ({"flavour": "sundae", "topping": "nuts", "size": "large"}, ""),
        ({"flavour": "sundae", "topping": "nuts"}, "topping is an answer for size=large; "
         "drop it or add -d size=large"),
        ({"topping": "nuts"}, "topping is an answer for flavour=sundae and size=large; "
         "drop it or add -d flavour=sundae -d size=large"),
        ({"topping": ""}, ""),  # what it takes anyway when not asked: harmless
        ({"topping": "gravel"}, "gravel is not a topping"),  # the validator knows best
        ({"sprinkles": "lots"}, "sprinkles is not asked with these answers (it is asked when "
         "{{ flavour | length > 9 }}); drop it"),
        ({"cone": "yes"}, "cone is not asked with these answers (it is asked when False); "
         "drop it"),
    ],
)  # fmt: skip
def test_an_answer_to_a_question_not_asked_is_refused_unless_harmless(
    toy: Path, data: dict[str, str], problem: str
) -> None:
    assert unasked_answer_problem(data, read_questions(toy)) == problem


def test_a_template_that_does_not_render_is_left_to_copier(tmp_path: Path) -> None:
    path = tmp_path / "copier.yml"
    path.write_text('a:\n  type: str\n  when: "{{ b | no_such_filter }}"\n', encoding="utf-8")
    assert unasked_answer_problem({"a": "x"}, read_questions(path)) == ""


BUILTIN = read_questions(get_builtin_template("ml-project").path / "copier.yml")


@pytest.mark.parametrize(
    ("data", "problem"),
    [
        ({}, ""),
        ({"kind": "text"}, ""),
        ({"kind": "text", "task": "classification"}, ""),  # what text projects do anyway
        ({"kind": "text", "dataset": "rotten_tomatoes", "text_column": "review"}, ""),
        ({"dataset": "diabetes", "task": "regression"}, ""),
        ({"text_column": "review"}, "text_column is an answer for kind=text and dataset=csv; "
         "drop it or add -d kind=text -d dataset=csv"),
        ({"kind": "text", "text_column": "body"}, "text_column is an answer for dataset=csv; "
         "drop it or add -d dataset=csv"),
        ({"csv_path": "data.csv"}, "csv_path is an answer for dataset=csv; drop it or add "
         "-d dataset=csv"),
        ({"target": "price"}, "target is an answer for dataset=csv; drop it or add "
         "-d dataset=csv"),
        ({"dataset": "diabetes", "task": "classification"}, "data set 'diabetes' is a "
         "regression task; drop the task answer or use dataset=csv"),
        ({"kind": "text", "task": "regression"}, "kind=text does classification only, not "
         "regression; drop the task answer"),
    ],
)  # fmt: skip
def test_the_built_in_templates_unasked_answers(data: dict[str, str], problem: str) -> None:
    assert unasked_answer_problem(data, BUILTIN) == problem
