"""What one run measured, read back from its files: the only input of the documents.

models/metadata.json (train), reports/metrics.json (evaluate), data/processed/
cleaning.json (data), the figures on disk, the installed package's metadata (name,
description, author, license, repository) and one forecast of the served model, made
by the package's own inference path. Nothing is measured here, so the same files
always give the same documents.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from email.utils import getaddresses
from importlib.metadata import PackageNotFoundError, metadata
from pathlib import Path
from typing import Any

from ..paths import WriteupPaths
from ..project import (
    DATA_PROVENANCE,
    DISTRIBUTION,
    PROJECT_NAME,
    CandidateScores,
    ForecastMetadata,
    ForecastPoint,
    ForecastReport,
    ProjectError,
    SeriesReport,
    Verdict,
    load_forecaster,
)

# The API example's horizon: a few steps, enough to show the shape of the answer.
EXAMPLE_HORIZON = 3


@dataclass(frozen=True)
class About:
    """Who made the project and where it lives (from pyproject.toml, as installed)."""

    name: str
    description: str
    author: str
    license: str
    repository_url: str


@dataclass(frozen=True)
class ForecastRun:
    about: About
    metrics: ForecastReport
    metadata: ForecastMetadata
    cleaning: SeriesReport
    provenance: str
    figures: tuple[str, ...]  # paths under reports/ that exist, e.g. "figures/forecast.png"
    model_files: tuple[str, ...]  # what train saved, e.g. ("models/forecaster.json", ...)
    metrics_sha256: str  # of reports/metrics.json's bytes, as read
    example: tuple[ForecastPoint, ...]  # the served model's next EXAMPLE_HORIZON steps

    @property
    def served(self) -> CandidateScores:
        return self.scores(self.metadata.model)

    @property
    def baseline(self) -> CandidateScores:
        """The better baseline on the backtest, the one the verdict compares with."""
        return self.scores(self.metrics.verdict.baseline)

    @property
    def served_is_baseline(self) -> bool:
        return self.served.baseline

    @property
    def backtest_points(self) -> int:
        # Every fold forecasts a whole horizon.
        return self.metrics.backtest_folds * self.metrics.horizon

    @property
    def beats_baseline_in_backtest(self) -> bool:
        return self.served.mase < self.baseline.mase

    @property
    def beats_baseline_on_test(self) -> bool:
        return self.served.test_mase < self.baseline.test_mase

    def scores(self, name: str) -> CandidateScores:
        return next(c for c in self.metrics.candidates if c.name == name)


def load_run(documents: WriteupPaths) -> ForecastRun:
    """Read one run's files; raise ProjectError, saying which step to run, if one is missing."""
    paths = documents.run
    if not paths.metadata_file.is_file():
        raise ProjectError(f"{paths.metadata_file} is missing; train a model first (make train)")
    metadata = ForecastMetadata.load(paths.metadata_file)
    metrics = read_metrics(paths.metrics_file)
    if metrics.verdict.served != metadata.model or metrics.candidates != metadata.candidates:
        raise ProjectError(
            f"{paths.metrics_file} describes another model than {paths.metadata_file}; "
            "evaluate the current one (make evaluate)"
        )
    forecaster = load_forecaster(paths.forecaster_file)
    return ForecastRun(
        about=read_about(),
        metrics=metrics,
        metadata=metadata,
        cleaning=SeriesReport.load(paths.cleaning_report),
        provenance=DATA_PROVENANCE,
        figures=tuple(name for name in metrics.figures if (paths.reports_dir / name).is_file()),
        model_files=tuple(
            f"{paths.models_dir.name}/{path.name}"
            for path in sorted(paths.models_dir.iterdir())
            if path.is_file() and not path.name.startswith(".")
        ),
        metrics_sha256=hashlib.sha256(paths.metrics_file.read_bytes()).hexdigest(),
        example=tuple(forecaster.forecast(min(EXAMPLE_HORIZON, metadata.horizon))),
    )


def read_metrics(path: Path) -> ForecastReport:
    """reports/metrics.json as evaluate wrote it, as typed objects."""
    if not path.is_file():
        raise ProjectError(f"{path} is missing; evaluate the model first (make evaluate)")
    try:
        fields: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
        return ForecastReport(
            **{
                **fields,
                "candidates": [CandidateScores(**c) for c in fields["candidates"]],
                "verdict": Verdict(**fields["verdict"]),
            }
        )
    except (json.JSONDecodeError, KeyError, TypeError) as err:
        raise ProjectError(f"{path} is not what evaluate writes; run make evaluate") from err


def read_about(distribution: str = DISTRIBUTION) -> About:
    """The project's description, author, license and repository URL from its metadata."""
    try:
        info = metadata(distribution)
    except PackageNotFoundError:  # run from a source tree that was never installed
        return About(PROJECT_NAME, "", "", "", "")
    authors = getaddresses(info.get_all("Author-email") or [])
    author = authors[0][0] if authors else ""
    entries = (entry.partition(",") for entry in info.get_all("Project-URL") or [])
    urls = {label.strip().lower(): url.strip() for label, _, url in entries}
    return About(
        name=PROJECT_NAME,
        description=_first(info.get_all("Summary")),
        author=author,
        license=_first(info.get_all("License-Expression")) or _first(info.get_all("License")),
        repository_url=urls.get("repository", ""),
    )


def _first(values: list[Any] | None) -> str:
    return str(values[0]).strip() if values else ""
