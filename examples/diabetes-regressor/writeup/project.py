"""The project this tooling writes about: where its run's files are, and how to read them.

The write-up reads the files a run leaves (models/metadata.json, reports/metrics.json,
the figures) through the package's own typed readers, and runs nothing of it but
the monitoring drill's `simulate` and `monitor`, as a user would.
"""

from diabetes_regressor.config import DISTRIBUTION, MONITOR_RULE, PATHS, PROJECT_NAME, Paths
from diabetes_regressor.errors import ProjectError
from diabetes_regressor.modeling.metadata import ModelMetadata
from diabetes_regressor.monitoring.monitor import run_monitor
from diabetes_regressor.monitoring.simulate import simulate
from diabetes_regressor.results import (
    LOWER_IS_BETTER,
    CandidateScores,
    DataFacts,
    Note,
    RunMetrics,
    Spread,
    Verdict,
)
from diabetes_regressor.timestamps import UTC

PACKAGE = "diabetes_regressor"

__all__ = [
    "DISTRIBUTION",
    "LOWER_IS_BETTER",
    "MONITOR_RULE",
    "PACKAGE",
    "PATHS",
    "PROJECT_NAME",
    "UTC",
    "CandidateScores",
    "DataFacts",
    "ModelMetadata",
    "Note",
    "Paths",
    "ProjectError",
    "RunMetrics",
    "Spread",
    "Verdict",
    "run_monitor",
    "simulate",
]
