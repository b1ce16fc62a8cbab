"""The project this tooling writes about: where its run's files are, and how to read them.

The write-up reads the files a run leaves (models/metadata.json, reports/metrics.json,
the figures) through the package's own typed readers, and runs nothing of it but
the monitoring drill's `simulate` and `monitor`, as a user would.
"""

from digit_classifier.config import DISTRIBUTION, MONITOR_RULE, PATHS, PROJECT_NAME, Paths
from digit_classifier.errors import ProjectError
from digit_classifier.modeling.metadata import ModelMetadata
from digit_classifier.monitoring.monitor import run_monitor
from digit_classifier.monitoring.simulate import simulate
from digit_classifier.results import (
    LOWER_IS_BETTER,
    CandidateScores,
    DataFacts,
    Note,
    RunMetrics,
    Spread,
    Verdict,
)
from digit_classifier.timestamps import UTC

PACKAGE = "digit_classifier"

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
