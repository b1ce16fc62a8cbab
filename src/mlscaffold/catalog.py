"""What `mlscaffold list` shows: the data sets, models and templates a project can use."""

from __future__ import annotations

from dataclasses import dataclass

from mlscaffold.templates import builtin_templates
from mlscaffold.validation import BUILTIN_DATASETS


@dataclass(frozen=True)
class CatalogEntry:
    kind: str
    key: str
    summary: str


# What the ml-project template builds for each `model` answer (its modeling/estimators.py);
# tests/test_catalog.py checks that the two agree.
MODEL_SUMMARIES = {
    "auto": "random_forest below 10,000 training rows, else gradient_boosting (the default)",
    "linear": "LogisticRegression / Ridge: fast, interpretable",
    "random_forest": "RandomForestClassifier / RandomForestRegressor: robust on small tabular data",
    "gradient_boosting": (
        "GradientBoostingClassifier / GradientBoostingRegressor: strong on larger tabular data"
    ),
}


def catalog() -> tuple[CatalogEntry, ...]:
    datasets = [
        CatalogEntry("dataset", d.key, f"{d.task}, target {d.target!r}: {d.pitch}")
        for d in BUILTIN_DATASETS.values()
    ]
    datasets.append(
        CatalogEntry(
            "dataset", "csv", "your own CSV file or http(s) URL (-d csv_path=... -d target=...)"
        )
    )
    models = [CatalogEntry("model", key, summary) for key, summary in MODEL_SUMMARIES.items()]
    templates = [CatalogEntry("template", t.name, t.description) for t in builtin_templates()]
    return (*datasets, *models, *templates)
