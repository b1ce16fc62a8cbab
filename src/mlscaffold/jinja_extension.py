"""Jinja filters for the built-in template: the answer checks of `validation` and
`image_folder`, and quoting."""

from __future__ import annotations

import json
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from jinja2 import Environment
from jinja2.ext import Extension

from mlscaffold import image_folder, validation


def _columns_hint(csv_path: str | None) -> str:
    columns = validation.csv_columns(csv_path)
    return f" (columns: {', '.join(columns)})" if columns else ""


# Answers a project recorded were checked when it was made. An update replays them on
# what may be another machine, where a local CSV or image folder they name is not (it
# is in data/raw/).
_recorded_answers: ContextVar[Mapping[str, Any]] = ContextVar("recorded_answers")


@contextmanager
def accepting_recorded_answers(answers: Mapping[str, Any]) -> Iterator[None]:
    """While active, a csv_path or image_dir equal to the recorded one is not checked again."""
    token = _recorded_answers.set(answers)
    try:
        yield
    finally:
        _recorded_answers.reset(token)


def _csv_path_problem(
    csv_path: str | None, dataset: str | None = None, kind: str | None = None
) -> str:
    if csv_path and csv_path == _recorded_answers.get({}).get("csv_path"):
        return ""
    return validation.csv_path_problem(csv_path, dataset, kind)


def _image_dir_problem(
    image_dir: str | None, dataset: str | None = None, kind: str | None = None
) -> str:
    if image_dir and image_dir == _recorded_answers.get({}).get("image_dir"):
        return ""
    return image_folder.image_dir_problem(image_dir, dataset, kind)


def _quoted(value: object) -> str:
    """A double-quoted literal that Python, TOML and YAML all read back as `value`.

    jinja's own `tojson` is made for HTML pages: it writes an apostrophe as \\u0027
    and "Análisis" as "An\\u00e1lisis", which is valid but not what a person writes.
    """
    return json.dumps(value, ensure_ascii=False)


class AnswersExtension(Extension):
    """Filters that copier.yml's questions use for defaults and validators.

    Every version of the template in its history is rendered with these (an update
    renders the project's own version), so a filter keeps the arguments older
    copier.yml files pass it: new ones are optional and default to a tabular project.
    """

    def __init__(self, environment: Environment) -> None:
        super().__init__(environment)
        filters: dict[str, Any] = {
            "project_name_problem": validation.project_name_problem,
            "kind_problem": validation.kind_problem,
            "default_dataset": validation.default_dataset,
            "dataset_problem": validation.dataset_problem,
            "model_problem": validation.model_problem,
            "default_text_column": validation.default_text_column,
            "text_column_problem": validation.text_column_problem,
            "default_date_column": validation.default_date_column,
            "date_column_problem": validation.date_column_problem,
            "default_horizon": validation.default_horizon,
            "horizon_problem": validation.horizon_problem,
            "to_package_name": validation.to_package_name,
            "package_name_problem": validation.package_name_problem,
            "csv_path_problem": _csv_path_problem,
            "image_dir_problem": _image_dir_problem,
            "csv_columns_hint": _columns_hint,
            "default_target": validation.default_target,
            "target_problem": validation.target_problem,
            "default_task": validation.default_task,
            "task_problem": validation.task_problem,
            "dataset_pitch": validation.dataset_pitch,
            "is_url": validation.is_url,
            "quoted": _quoted,
        }
        environment.filters.update(filters)
