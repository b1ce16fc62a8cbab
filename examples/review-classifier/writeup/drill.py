"""The monitoring drill: the whole production loop, run once, for the README to show.

It serves the trained model on 127.0.0.1 with its prediction log on, replays the test
split through the API with feedback (what `python -m <package> simulate` does), and
judges the log (what `python -m <package> monitor` does); then it does the same with
the shifted test split.
Traffic like the training data should pass (exit 0) and the shifted traffic should
call for retraining (exit 1): reports/monitoring_drill.json records what each did,
and each run's full report is kept under reports/monitoring/.
"""

from __future__ import annotations

import json
import tempfile
from dataclasses import asdict
from datetime import datetime
from pathlib import Path

from .bench import service
from .paths import WRITEUP_PATHS, WriteupPaths
from .project import UTC, ModelMetadata, ProjectError, run_monitor, simulate
from .run import DrillRun, MonitoringDrill

# What `monitor` exits with, and what each code means (3, its errors, is not a decision).
DECISIONS = {0: "no action", 1: "retrain", 2: "too little to judge"}


def run_drill(paths: WriteupPaths = WRITEUP_PATHS) -> MonitoringDrill:
    """Replay the test split as it is and shifted; save and return what monitor said."""
    if not paths.run.onnx_file.is_file():
        raise ProjectError(f"{paths.run.onnx_file} is missing; train a model first (make train)")
    metadata = ModelMetadata.load(paths.run.metadata_file)
    runs = [_replay(paths, shifted=False), _replay(paths, shifted=True)]
    drill = MonitoringDrill(
        model_version=metadata.model_version,
        run_at=datetime.now(UTC).isoformat(timespec="seconds"),
        runs=runs,
    )
    paths.monitoring_drill.write_text(json.dumps(asdict(drill), indent=2) + "\n", "utf-8")
    return drill


def _replay(paths: WriteupPaths, *, shifted: bool) -> DrillRun:
    report_dir = paths.monitoring_dir / ("shifted" if shifted else "replay")
    with tempfile.TemporaryDirectory() as scratch:
        log = Path(scratch) / "predictions.db"
        with service(paths, env={"PREDICTION_LOG": str(log)}) as base_url:
            sent = simulate(base_url, shift=shifted, paths=paths.run)
        # The service has stopped, so everything it buffered is written.
        if sent.refused or sent.feedback_refused:
            raise ProjectError(
                f"the service refused {sent.refused + sent.feedback_refused} of the drill's "
                f"requests: {sent.first_error}"
            )
        result = run_monitor(log, paths=paths.run, report_dir=report_dir)
    return DrillRun(
        traffic="shifted" if shifted else "as it is",
        predictions=result.records.judged,
        feedback=result.records.with_feedback,
        exit_code=result.exit_code,
        verdict=result.reason,
        drifted=list(result.drifted),
        report=(report_dir / "monitoring.md").relative_to(paths.root).as_posix(),
    )
