"""The project this tooling writes about: where its run's files are, and how to read them.

The write-up reads the files a run leaves (models/metadata.json, reports/metrics.json,
data/processed/cleaning.json, the figures) through the package's own typed readers,
and asks the served model for one forecast through the package's one inference path.
"""

from co2_forecast.config import (
    DATA_PROVENANCE,
    DISTRIBUTION,
    PATHS,
    PROJECT_NAME,
    Paths,
)
from co2_forecast.dataset import SeriesReport
from co2_forecast.errors import ProjectError
from co2_forecast.evaluate import ForecastReport, Verdict
from co2_forecast.modeling.metadata import CandidateScores, ForecastMetadata
from co2_forecast.modeling.predict import ForecastPoint, load_forecaster

PACKAGE = "co2_forecast"

__all__ = [
    "DATA_PROVENANCE",
    "DISTRIBUTION",
    "PACKAGE",
    "PATHS",
    "PROJECT_NAME",
    "CandidateScores",
    "ForecastMetadata",
    "ForecastPoint",
    "ForecastReport",
    "Paths",
    "ProjectError",
    "SeriesReport",
    "Verdict",
    "load_forecaster",
]
