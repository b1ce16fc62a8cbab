"""Answers `--data` gives to questions the other answers skip: copier would drop them."""

from __future__ import annotations

from pathlib import Path

import pytest
from jinja2 import Environment

from mlscaffold.jinja_extension import AnswersExtension
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
        ({"kind": "image"}, ""),
        ({"kind": "image", "task": "classification", "target": "digit"}, ""),  # as it is anyway
        ({"kind": "image", "dataset": "folder", "target": "label"}, ""),
        ({"kind": "image", "csv_path": ""}, ""),
        ({"kind": "image", "dataset": "folder", "image_dir": "/photos"}, ""),  # asked
        ({"kind": "image", "image_dir": "/photos"}, "image_dir is an answer for dataset=folder; "
         "drop it or add -d dataset=folder"),
        ({"image_dir": "/photos"}, "image_dir is an answer for kind=image and dataset=folder; "
         "drop it or add -d kind=image -d dataset=folder"),
        ({"kind": "text", "dataset": "csv", "image_dir": "/photos"}, "image_dir is an answer "
         "for kind=image and dataset=folder; drop it or add -d kind=image -d dataset=folder"),
        ({"kind": "image", "csv_path": "data.csv"}, "csv_path is not an answer for kind=image; "
         "drop it (for your own folder of images, one sub-folder per class, or a .zip of one: "
         "-d dataset=folder -d image_dir=...)"),
        ({"kind": "image", "dataset": "folder", "target": "species"}, "target is not an answer "
         "for kind=image: the target is 'label' for dataset=folder; drop it"),
        ({"kind": "image", "text_column": "review"}, "text_column is an answer for kind=text "
         "and dataset=csv; drop it or add -d kind=text -d dataset=csv"),
    ],
)  # fmt: skip
def test_the_built_in_templates_unasked_answers(data: dict[str, str], problem: str) -> None:
    assert unasked_answer_problem(data, BUILTIN) == problem


def _defaults(data: dict[str, str]) -> dict[str, object]:
    """The built-in template's answers for `data`, each default rendered as copier does."""
    environment = Environment(extensions=[AnswersExtension])
    context: dict[str, object] = dict(data)
    for question in BUILTIN:
        if question.name not in context and isinstance(question.default, str):
            context[question.name] = environment.from_string(question.default).render(context)
    return context


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({}, {"project_name": "penguin-classifier", "dataset": "penguins", "target": "species"}),
        ({"kind": "text"}, {"project_name": "review-classifier", "target": "rating"}),
        ({"kind": "image"}, {"project_name": "digit-classifier", "dataset": "digits",
                             "target": "digit", "task": "classification", "image_dir": "",
                             "csv_path": "", "text_column": ""}),
        ({"kind": "image", "dataset": "folder", "image_dir": "/photos"},
         {"target": "label", "task": "classification",
          "description": "Classify images by their folder's label."}),
    ],
)  # fmt: skip
def test_each_kind_has_its_defaults(data: dict[str, str], expected: dict[str, str]) -> None:
    defaults = _defaults(data)
    assert {key: defaults[key] for key in expected} == expected
