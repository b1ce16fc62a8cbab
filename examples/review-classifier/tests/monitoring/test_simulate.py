"""simulate against the real app, served in-process: predictions, feedback, the log."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from review_classifier.api.main import create_app
from review_classifier.config import MonitorRule, Paths
from review_classifier.monitoring.monitor import run_monitor
from review_classifier.monitoring.simulate import simulate
from review_classifier.prediction_log import read_predictions
from review_classifier.settings import Settings

# Enough records for the session's rule to judge, few enough to send in a second.
RECORDS = 40


@pytest.fixture
def log_path(tmp_path: Path) -> Path:
    return tmp_path / "logs" / "predictions.db"


@pytest.fixture
def service(trained_model_path: Path, log_path: Path) -> TestClient:
    """The service, logging to `log_path`; `with service as client` starts it, and its
    log has every prediction written once the block ends."""
    # _env_file=None: a developer's .env must not change what the tests see.
    settings = Settings(_env_file=None, model_path=trained_model_path, prediction_log=log_path)  # type: ignore[call-arg]
    return TestClient(create_app(settings))


def test_simulate_logs_every_prediction_with_its_feedback(
    service: TestClient, project_paths: Paths, log_path: Path
) -> None:
    with service as client:
        summary = simulate(shift=False, limit=RECORDS, paths=project_paths, client=client)

    logged = read_predictions(log_path)
    assert summary.shift is None
    assert summary.first_error is None
    assert summary.predicted == summary.feedback_sent == summary.sent == len(logged)
    assert all(record.actual is not None for record in logged)


def test_simulate_without_feedback_sends_predictions_only(
    service: TestClient, project_paths: Paths, log_path: Path
) -> None:
    with service as client:
        summary = simulate(shift=False, feedback=False, limit=5, paths=project_paths, client=client)

    assert (summary.predicted, summary.feedback_sent) == (summary.sent, 0)
    assert all(record.actual is None for record in read_predictions(log_path))


def test_a_shifted_simulation_is_what_the_monitor_flags(
    service: TestClient, project_paths: Paths, log_path: Path, rule: MonitorRule, tmp_path: Path
) -> None:
    with service as client:
        summary = simulate(shift=True, limit=RECORDS, paths=project_paths, client=client)

    result = run_monitor(log_path, paths=project_paths, rule=rule, report_dir=tmp_path)

    assert summary.shift
    assert summary.refused == 0
    assert result.decision == "retrain"
    assert result.drifted
