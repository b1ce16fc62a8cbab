"""What `mlscaffold list` shows: the kinds of project, each kind's data sets and models, and
the templates."""

from __future__ import annotations

from dataclasses import dataclass

from mlscaffold.kinds import DEFAULT_KIND, KINDS, BuiltinDataset, Kind
from mlscaffold.templates import builtin_templates

SECTIONS = ("kind", "dataset", "model", "template")


@dataclass(frozen=True)
class CatalogEntry:
    section: str  # one of SECTIONS
    key: str
    summary: str
    kind: str | None = None  # the kind of project a data set or model is for


def catalog() -> tuple[CatalogEntry, ...]:
    kinds = [
        CatalogEntry("kind", k.key, k.summary + (" (the default)" if k.key == DEFAULT_KIND else ""))
        for k in KINDS.values()
    ]
    datasets = [entry for k in KINDS.values() for entry in _dataset_entries(k)]
    models = [
        CatalogEntry("model", m.key, m.summary, k.key) for k in KINDS.values() for m in k.models
    ]
    templates = [CatalogEntry("template", t.name, t.description) for t in builtin_templates()]
    return (*kinds, *datasets, *models, *templates)


def _dataset_entries(kind: Kind) -> list[CatalogEntry]:
    entries = [CatalogEntry("dataset", d.key, _dataset_summary(d), kind.key) for d in kind.datasets]
    # How to ask for one's own data (a CSV, a folder of images): the kind (unless the
    # default), where the data is, then the answers it needs.
    own = kind.own_data
    answers = [] if kind.key == DEFAULT_KIND else [f"-d kind={kind.key}"]
    answers += [f"-d dataset={own.key}", f"-d {own.location}=..."]
    answers += [f"-d {name}=..." for name in kind.own_answers]
    entries.append(
        CatalogEntry("dataset", own.key, f"{own.summary} ({' '.join(answers)})", kind.key)
    )
    return entries


def _dataset_summary(dataset: BuiltinDataset) -> str:
    classes = f" ({'/'.join(dataset.classes)})" if dataset.classes else ""
    text = f", text {dataset.text_column!r}" if dataset.text_column else ""
    return f"{dataset.task}, target {dataset.target!r}{classes}{text}: {dataset.pitch}"
