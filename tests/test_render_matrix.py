"""Every data set x model (and other answer) combination renders clean code.

Fast: renders only (no install). Installing and running is in tests/e2e.
"""

from __future__ import annotations

import ast
import itertools
import re
import shutil
import subprocess
import sys
from pathlib import Path

import jinja2
import pytest
import yaml

from mlscaffold.kinds import KINDS
from mlscaffold.templates import get_builtin_template
from tests.conftest import CreateProject
from tests.text_csv import write_messy_text_csv

UNRENDERED_JINJA = re.compile(r"(?<!\$)\{\{|\{%|%\}")
TEXT_SUFFIXES = {".py", ".toml", ".md", ".yml", ".yaml", ".cfg", ".txt", ".json", ""}


def _ruff() -> list[str]:
    ruff = shutil.which("ruff")
    return [ruff] if ruff else [sys.executable, "-m", "ruff"]


def _rendered_from_jinja(project: Path) -> set[Path]:
    """The project's files that copier rendered from a `.jinja` source (the rest are copied).

    Source paths are rendered as copier renders them; a kind's own directories
    (`{% if kind == 'text' %}src{% endif %}`) come out empty for other kinds.
    """
    source = get_builtin_template("ml-project").path / "template"
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    context = {**answers, "_copier_conf": {"answers_file": ".copier-answers.yml"}}
    rendered = set()
    for path in source.rglob("*.jinja"):
        parts = [jinja2.Template(part).render(context) for part in path.relative_to(source).parts]
        if all(parts):
            rendered.add(project.joinpath(*parts[:-1], parts[-1].removesuffix(".jinja")))
    return rendered


def _assert_clean(project: Path) -> None:
    rendered = [p for p in project.rglob("*") if p.is_file() and ".git" not in p.parts]
    assert not [p for p in rendered if p.suffix == ".jinja"], "a .jinja file was copied verbatim"
    assert not [p for p in rendered if "{{" in str(p)], "a path was not rendered"
    # Only rendered files can hold leftover jinja; copied files may hold any text.
    from_jinja = _rendered_from_jinja(project)
    for path in rendered:
        if path.suffix not in TEXT_SUFFIXES and path.name not in {"Makefile", "Dockerfile"}:
            continue
        text = path.read_text(encoding="utf-8")
        if path in from_jinja:
            assert not UNRENDERED_JINJA.search(text), f"unrendered jinja in {path}"
        if path.suffix == ".py":
            ast.parse(text, filename=str(path))
    for args in (["check", "--no-cache"], ["format", "--check", "--no-cache"]):
        completed = subprocess.run(
            [*_ruff(), *args, "."], cwd=project, capture_output=True, text=True, check=False
        )
        assert completed.returncode == 0, f"ruff {args[0]}:\n{completed.stdout}{completed.stderr}"


# Each kind's built-in data sets with each of its models.
COMBINATIONS = [
    (kind.key, dataset, model)
    for kind in KINDS.values()
    for dataset, model in itertools.product(
        [d.key for d in kind.datasets], [m.key for m in kind.models]
    )
]
TABULAR_MODELS = [model.key for model in KINDS["tabular"].models]


@pytest.mark.parametrize(("kind", "dataset", "model"), COMBINATIONS)
def test_builtin_dataset_and_model_render_clean(
    new_project: CreateProject, kind: str, dataset: str, model: str
) -> None:
    project = new_project(f"{dataset}-{model}", kind=kind, dataset=dataset, model=model)
    _assert_clean(project.destination)


@pytest.mark.parametrize("model", [model.key for model in KINDS["text"].models])
def test_text_csv_projects_render_clean(
    new_project: CreateProject, tmp_path: Path, model: str
) -> None:
    csv_path = write_messy_text_csv(tmp_path / "reviews.csv")
    result = new_project(
        f"reviews-{model}", kind="text", dataset="csv", csv_path=str(csv_path),
        text_column="review", target="sentiment", model=model,
    )  # fmt: skip
    assert result.answers["text_column"] == "review"
    _assert_clean(result.destination)
    package = str(result.answers["package_name"])
    config = (result.destination / "src" / package / "config.py").read_text(encoding="utf-8")
    assert 'TEXT_COLUMN: Final = "review"' in config


@pytest.mark.parametrize("model", TABULAR_MODELS)
def test_csv_projects_render_clean(
    new_project: CreateProject, messy_csv: Path, regression_csv: Path, model: str
) -> None:
    churn = new_project(
        f"churn-{model}", dataset="csv", csv_path=str(messy_csv), target="churned", model=model
    )
    assert churn.answers["task"] == "classification"
    _assert_clean(churn.destination)
    houses = new_project(
        f"houses-{model}", dataset="csv", csv_path=str(regression_csv), target="price", model=model
    )
    assert houses.answers["task"] == "regression"
    _assert_clean(houses.destination)


def test_csv_url_project_renders_clean(new_project: CreateProject) -> None:
    result = new_project(
        "remote", dataset="csv", csv_path="http://127.0.0.1:9/houses.csv", target="price",
        task="regression",
    )  # fmt: skip
    _assert_clean(result.destination)
    assert not (
        result.destination / "data" / "raw" / "houses.csv"
    ).exists()  # the data step fetches it


@pytest.mark.parametrize(
    "answers",
    [
        {"license": "Apache-2.0", "python_version": "3.10"},
        {"license": "BSD-3-Clause", "python_version": "3.13"},
        {"project_name": "Sales Forecast 2", "author_name": 'Ada O\'Neil "the" Tester'},
    ],
)
def test_other_answers_render_clean(new_project: CreateProject, answers: dict[str, str]) -> None:
    _assert_clean(new_project("other", **answers).destination)


def test_exclude_list_keeps_copier_defaults() -> None:
    config = yaml.safe_load(
        (get_builtin_template("ml-project").path / "copier.yml").read_text(encoding="utf-8")
    )
    for pattern in (".git", "__pycache__", "*.py[co]", "copier.yml"):
        assert pattern in config["_exclude"]
