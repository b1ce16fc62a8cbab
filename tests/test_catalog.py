"""`mlscaffold list` and the kinds registry: they agree with what the template asks and builds."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
import yaml

from mlscaffold.catalog import catalog
from mlscaffold.kinds import CSV, DEFAULT_KIND, FOLDER, KINDS, kind_of_dataset, kinds_taking
from mlscaffold.templates import get_builtin_template
from mlscaffold.validation import BUILTIN_DATASETS, MODEL_KEYS, default_dataset

TEMPLATE = get_builtin_template("ml-project").path
# Summaries are lowercase but for scikit-learn's class names (RandomForestClassifier, Ridge)
# and these, which name a network, the data set it was trained on and a library.
CLASS_NAME = re.compile(r"\b[A-Z][a-z]+(?:[A-Z][a-z]+)*\b")
NOT_CLASS_NAMES = frozenset({"EfficientNet", "ImageNet", "PyTorch"})
# Imported by estimators.py but not a model choice: the base class and the baseline.
NOT_A_MODEL = ("sklearn.base", "sklearn.dummy")


def _questions() -> dict[str, dict[str, object]]:
    loaded = yaml.safe_load((TEMPLATE / "copier.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _choices(question: str) -> list[str]:
    """A question's answers: a list's items, or a mapping's values (its keys are labels)."""
    choices = _questions()[question]["choices"]
    assert isinstance(choices, (dict, list))
    return [str(value) for value in (choices.values() if isinstance(choices, dict) else choices)]


# Where each kind builds its models (what `mlscaffold list` summarises).
MODEL_MODULES = {
    "tabular": "modeling/estimators.py",
    "text": "modeling/candidates.py",
    "image": "modeling/candidates.py",
    "forecast": "modeling/candidates.py",
}


def _estimators(kind: str) -> Path | None:
    """The kind's model module: in a folder rendered only for that kind (its path names
    `kind == '...'`), else the one every kind shares."""
    found = sorted((TEMPLATE / "template").rglob(MODEL_MODULES.get(kind, "modeling/estimators.py")))
    own = [path for path in found if f"kind == '{kind}'" in str(path)]
    shared = [path for path in found if "kind ==" not in str(path)]
    return next(iter(own or shared), None)


def _estimators_source(kind: str) -> ast.Module:
    path = _estimators(kind)
    if path is None:
        pytest.skip(f"the {kind} template has no {MODEL_MODULES.get(kind)} yet")
    return ast.parse(path.read_text(encoding="utf-8"), filename=str(path))


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
    """A module-level constant, plain (`X = 1`) or annotated (`X: Final = 1`)."""
    for node in module.body:
        if isinstance(node, ast.Assign):
            targets, value = node.targets, node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            targets, value = [node.target], node.value
        else:
            continue
        if any(isinstance(target, ast.Name) and target.id == name for target in targets):
            return ast.literal_eval(value)
    raise AssertionError(f"the model module no longer defines {name}")


def test_the_template_asks_for_exactly_the_registrys_kinds() -> None:
    assert _choices("kind") == list(KINDS)
    assert _questions()["kind"]["default"] == DEFAULT_KIND


def test_the_template_offers_every_kinds_data_sets_and_models() -> None:
    datasets = {key for kind in KINDS.values() for key in kind.dataset_keys}
    assert set(_choices("dataset")) == datasets
    assert _choices("dataset")[-2:] == [CSV, FOLDER]  # the user's own data, after the built-ins
    assert _choices("model") == list(MODEL_KEYS)  # the render matrix covers each of them


@pytest.mark.parametrize("kind", KINDS)
def test_each_kind_owns_its_data_sets_and_defaults_to_one(kind: str) -> None:
    registered = KINDS[kind]
    assert all(dataset.kind == kind for dataset in registered.datasets)
    assert registered.default_dataset in registered.dataset_keys
    assert default_dataset(kind) == registered.default_dataset
    assert registered.model_keys[0] == "auto"  # the template's default model, for every kind


def test_data_set_names_are_unique_across_kinds() -> None:
    keys = [dataset.key for kind in KINDS.values() for dataset in kind.datasets]
    assert len(keys) == len(set(keys)) == len(BUILTIN_DATASETS)


def test_the_users_own_data_is_a_csv_but_for_images() -> None:
    assert {key: kind.own_data.key for key, kind in KINDS.items()} == {
        "tabular": CSV, "text": CSV, "image": FOLDER, "forecast": CSV
    }  # fmt: skip
    assert [kind.key for kind in kinds_taking(CSV)] == ["tabular", "text", "forecast"]
    assert kind_of_dataset(CSV) is None  # more than one kind takes it
    assert kind_of_dataset(FOLDER) is KINDS["image"]
    assert kind_of_dataset("digits") is KINDS["image"]
    assert kind_of_dataset("mnist") is None


def test_each_own_data_location_and_answer_is_a_question_of_the_template() -> None:
    questions = _questions()
    for kind in KINDS.values():
        for answer in (kind.own_data.location, *kind.own_answers):
            assert answer in questions, f"kind={kind.key} names {answer}, which is not asked"


def test_text_data_sets_name_their_text_column() -> None:
    assert all(dataset.text_column for dataset in KINDS["text"].datasets)
    assert not any(dataset.text_column for dataset in KINDS["tabular"].datasets)


@pytest.mark.parametrize("kind", KINDS)
def test_the_catalog_lists_each_kinds_data_sets_and_models(kind: str) -> None:
    entries = catalog()
    listed = {
        section: [e.key for e in entries if e.section == section and e.kind == kind]
        for section in ("dataset", "model")
    }
    assert listed["dataset"] == list(KINDS[kind].dataset_keys)
    assert listed["model"] == list(KINDS[kind].model_keys)
    assert [e.key for e in entries if e.section == "kind"] == list(KINDS)


@pytest.mark.parametrize("kind", KINDS)
def test_every_class_a_model_summary_names_is_one_the_template_builds(kind: str) -> None:
    built = _model_classes(_estimators_source(kind))
    named = {name for m in KINDS[kind].models for name in CLASS_NAME.findall(m.summary)}
    assert named - NOT_CLASS_NAMES - built == set(), (
        f"named in kinds.py, not built by the {kind} {MODEL_MODULES[kind]}"
    )


@pytest.mark.parametrize(
    "kind", [kind for kind, module in MODEL_MODULES.items() if module.endswith("candidates.py")]
)
def test_auto_compares_the_candidates_that_are_the_other_model_answers(kind: str) -> None:
    candidates = _constant(_estimators_source(kind), "CANDIDATES")
    assert isinstance(candidates, tuple)
    assert list(candidates) == [key for key in KINDS[kind].model_keys if key != "auto"]


def test_every_tabular_model_class_the_template_builds_is_named() -> None:
    built = _model_classes(_estimators_source("tabular"))
    named = {name for m in KINDS["tabular"].models for name in CLASS_NAME.findall(m.summary)}
    assert built - named == set(), "built by the tabular estimators.py, not named in kinds.py"


def test_auto_names_the_row_count_at_which_the_template_switches_models() -> None:
    threshold = _constant(_estimators_source("tabular"), "RANDOM_FOREST_MAX_ROWS")
    assert isinstance(threshold, int)
    auto = next(m for m in KINDS["tabular"].models if m.key == "auto")
    assert f"{threshold:,}" in auto.summary
