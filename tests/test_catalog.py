"""`mlscaffold list`: what it says about the models matches what the template builds."""

from __future__ import annotations

import ast
import re

import yaml

from mlscaffold.catalog import MODEL_SUMMARIES
from mlscaffold.templates import get_builtin_template
from mlscaffold.validation import MODEL_KEYS

TEMPLATE = get_builtin_template("ml-project").path
ESTIMATORS = TEMPLATE / "template" / "src" / "{{package_name}}" / "modeling" / "estimators.py"
# Summaries are lowercase but for scikit-learn's class names (RandomForestClassifier, Ridge).
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")
# Imported by estimators.py but not a model choice: the base class and the baseline.
NOT_A_MODEL = ("sklearn.base", "sklearn.dummy")


def _model_choices() -> list[str]:
    questions = yaml.safe_load((TEMPLATE / "copier.yml").read_text(encoding="utf-8"))
    return [str(choice) for choice in questions["model"]["choices"]]


def _estimators_source() -> ast.Module:
    assert ESTIMATORS.is_file(), f"{ESTIMATORS} moved: point tests/test_catalog.py at it"
    return ast.parse(ESTIMATORS.read_text(encoding="utf-8"), filename=str(ESTIMATORS))


def _model_classes(module: ast.Module) -> set[str]:
    """The scikit-learn estimators estimators.py imports to build a model."""
    return {
        alias.name
        for node in ast.walk(module)
        if isinstance(node, ast.ImportFrom)
        and (node.module or "").startswith("sklearn.")
        and node.module not in NOT_A_MODEL
        for alias in node.names
    }


def _constant(module: ast.Module, name: str) -> object:
    for node in module.body:
        targets = node.targets if isinstance(node, ast.Assign) else []
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            return ast.literal_eval(node.value)
    raise AssertionError(f"{ESTIMATORS.name} no longer defines {name}")


def test_the_catalog_lists_exactly_the_templates_model_choices() -> None:
    assert list(MODEL_SUMMARIES) == _model_choices()
    assert list(MODEL_KEYS) == _model_choices()  # the render matrix covers each of them


def test_every_class_a_model_summary_names_is_one_the_template_builds() -> None:
    built = _model_classes(_estimators_source())
    named = {name for summary in MODEL_SUMMARIES.values() for name in CLASS_NAME.findall(summary)}
    assert named - built == set(), f"named in catalog.py, not built by {ESTIMATORS.name}"
    assert built - named == set(), f"built by {ESTIMATORS.name}, not named in catalog.py"


def test_auto_names_the_row_count_at_which_the_template_switches_models() -> None:
    threshold = _constant(_estimators_source(), "RANDOM_FOREST_MAX_ROWS")
    assert isinstance(threshold, int)
    assert f"{threshold:,}" in MODEL_SUMMARIES["auto"]
