"""What one run measured, read back from its files: the only input of the documents.

The documents are built from reports/metrics.json (evaluate), models/metadata.json
(train), models/history.json (an image model's CNN training, when there is one),
reports/latency.json (bench, optional), reports/monitoring_drill.json (drill,
optional), the figures on disk and the installed package's metadata (name,
description, author, license, repository).
Nothing is measured or predicted here, so the same files always give the same
documents.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from email.utils import getaddresses
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from typing import Any

from .paths import WriteupPaths
from .project import DISTRIBUTION, PROJECT_NAME, DataFacts, ModelMetadata, ProjectError, RunMetrics

# Written next to the model by an image project's training when it trained the CNN.
HISTORY_FILE = "history.json"


@dataclass(frozen=True)
class About:
    """Who made the project and where it lives (from pyproject.toml, as installed)."""

    name: str
    description: str
    author: str
    author_email: str
    license: str
    repository_url: str


@dataclass(frozen=True)
class Latency:
    """reports/latency.json, written by the bench step."""

    endpoint: str
    client: str
    requests: int
    p50_ms: float
    p95_ms: float
    p99_ms: float
    mean_ms: float
    model_version: str
    measured_at: str
    machine: str


@dataclass(frozen=True)
class DrillRun:
    """One replay of the test split through the service, and what `monitor` made of it."""

    traffic: str  # "as it is" or "shifted"
    predictions: int  # logged predictions the monitor read
    feedback: int  # of which came with their true outcome
    exit_code: int
    verdict: str  # the monitor's one line
    drifted: list[str]  # the features found to drift
    report: str  # the run's full report, relative to the project root


@dataclass(frozen=True)
class MonitoringDrill:
    """reports/monitoring_drill.json: the drill for one model version."""

    model_version: str
    run_at: str
    runs: list[DrillRun]

    @classmethod
    def load(cls, path: Path) -> MonitoringDrill | None:
        """The drill saved at `path`; None when there is none."""
        if not path.is_file():
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        try:
            return cls(
                model_version=data["model_version"],
                run_at=data["run_at"],
                runs=[DrillRun(**run) for run in data["runs"]],
            )
        except (KeyError, TypeError) as err:
            raise ProjectError(
                f"{path} is not what the drill writes; run it again (python -m writeup drill)"
            ) from err


@dataclass(frozen=True)
class TrainingHistory:
    """models/history.json, summed up: how the CNN's training went, epoch by epoch."""

    epochs: int  # epochs trained
    best_epoch: int  # the epoch whose weights were kept (lowest validation loss)
    best_valid_loss: float
    best_valid_accuracy: float


@dataclass(frozen=True)
class RunFacts:
    about: About
    metrics: RunMetrics
    metadata: ModelMetadata
    latency: Latency | None  # None when never measured, or measured for another model
    latency_stale: bool  # measured, but for another model version
    figures: tuple[str, ...]  # paths under reports/ that exist, e.g. "figures/roc_curve.png"
    model_files: tuple[str, ...]  # what train saved, e.g. ("models/metadata.json", ...)
    metrics_sha256: str  # of reports/metrics.json's bytes, as read
    demo_screenshot: str  # "reports/demo.png" when it exists, else ""
    history: TrainingHistory | None = None  # an image model's CNN training, when trained
    monitoring: MonitoringDrill | None = None  # the drill, when run for this model version

    @property
    def task(self) -> str:
        return self.metadata.task

    @property
    def headline(self) -> str:
        return self.metrics.headline_metric

    @property
    def data(self) -> DataFacts:
        return self.metrics.data


def load_run(documents: WriteupPaths) -> RunFacts:
    """Read one run's files; raise ProjectError, saying which step to run, if one is missing."""
    paths = documents.run
    if not paths.metadata_file.is_file():
        raise ProjectError(f"{paths.metadata_file} is missing; train a model first (make train)")
    metadata = ModelMetadata.load(paths.metadata_file)
    metrics = RunMetrics.load(paths.metrics_file)
    if not _same_run(metrics, metadata):
        raise ProjectError(
            f"{paths.metrics_file} describes another model than {paths.metadata_file}; "
            "evaluate the current one (make evaluate)"
        )
    latency = _read_latency(documents.latency_file)
    stale = latency is not None and latency.model_version != metadata.model_version
    return RunFacts(
        about=read_about(),
        metrics=metrics,
        metadata=metadata,
        latency=None if stale else latency,
        latency_stale=stale,
        figures=tuple(name for name in metrics.figures if (paths.reports_dir / name).is_file()),
        model_files=tuple(
            f"{paths.models_dir.name}/{path.name}"
            for path in sorted(paths.models_dir.iterdir())
            if path.is_file() and not path.name.startswith(".")
        ),
        metrics_sha256=hashlib.sha256(paths.metrics_file.read_bytes()).hexdigest(),
        demo_screenshot=(
            documents.demo_screenshot.relative_to(documents.root).as_posix()
            if documents.demo_screenshot.is_file()
            else ""
        ),
        history=_read_history(paths.models_dir / HISTORY_FILE),
        monitoring=_current(MonitoringDrill.load(documents.monitoring_drill), metadata),
    )


def read_about(distribution: str = DISTRIBUTION) -> About:
    """The project's description, author, license and repository URL from its metadata."""
    try:
        info = metadata(distribution)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return About(PROJECT_NAME, "", "", "", "", "")
    authors = getaddresses(info.get_all("Author-email") or [])
    author, email = authors[0] if authors else ("", "")
    entries = (entry.partition(",") for entry in info.get_all("Project-URL") or [])
    urls = {label.strip().lower(): url.strip() for label, _, url in entries}
    return About(
        name=PROJECT_NAME,
        description=_first(info.get_all("Summary")),
        author=author,
        author_email=email,
        license=_first(info.get_all("License-Expression")) or _first(info.get_all("License")),
        repository_url=urls.get("repository", ""),
    )


def _first(values: list[Any] | None) -> str:
    return str(values[0]).strip() if values else ""


def _same_run(metrics: RunMetrics, metadata: ModelMetadata) -> bool:
    # Evaluate copies these from the metadata; they differ when the model was
    # retrained after the last evaluation.
    return (
        metrics.model_version == metadata.model_version
        and metrics.model == metadata.model
        and metrics.cv == metadata.metrics.cv
    )


def _current(drill: MonitoringDrill | None, metadata: ModelMetadata) -> MonitoringDrill | None:
    # A drill run on another model says nothing about this one.
    if drill is None or drill.model_version != metadata.model_version:
        return None
    return drill


def _read_latency(path: Path) -> Latency | None:
    if not path.is_file():
        return None
    data = json.loads(path.read_text(encoding="utf-8"))
    try:
        return Latency(**data)
    except TypeError as err:
        raise ProjectError(f"{path} is not what the bench step writes; run make bench") from err


def _read_history(path: Path) -> TrainingHistory | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        best_epoch = int(data["best_epoch"])
        epochs = data["epochs"]
        best = next(row for row in epochs if int(row["epoch"]) == best_epoch)
        return TrainingHistory(
            epochs=len(epochs),
            best_epoch=best_epoch,
            best_valid_loss=float(best["valid_loss"]),
            best_valid_accuracy=float(best["valid_accuracy"]),
        )
    except (ValueError, KeyError, TypeError, StopIteration) as err:
        raise ProjectError(f"{path} is not what training writes; train again (make train)") from err
