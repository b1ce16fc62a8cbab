"""The monitoring drill: the real service with its log, the test split replayed, monitor's say."""

from __future__ import annotations

import dataclasses
import json
import shutil

import pytest

from writeup.drill import run_drill
from writeup.monitoring_text import monitoring_line, monitoring_section
from writeup.paths import WriteupPaths
from writeup.project import MONITOR_RULE, ModelMetadata, Paths
from writeup.run import DrillRun, MonitoringDrill, load_run


@pytest.fixture
def drill_paths(writeup_paths: WriteupPaths, project_paths: Paths) -> WriteupPaths:
    """The session's run, with the data split that the drill replays."""
    shutil.copytree(project_paths.processed_dir, writeup_paths.run.processed_dir)
    return writeup_paths


def a_run(traffic: str, exit_code: int) -> DrillRun:
    return DrillRun(
        traffic=traffic,
        predictions=120,
        feedback=120,
        exit_code=exit_code,
        verdict=f"the verdict for {traffic}",
        drifted=["x"] if exit_code == 1 else [],
        report=f"reports/monitoring/{traffic}/monitoring.md",
    )


def test_the_drill_replays_the_test_split_as_it_is_and_shifted(drill_paths: WriteupPaths) -> None:
    drill = run_drill(drill_paths)

    saved = json.loads(drill_paths.monitoring_drill.read_text())
    assert saved == dataclasses.asdict(drill)
    metadata = ModelMetadata.load(drill_paths.run.metadata_file)
    assert drill.model_version == metadata.model_version
    as_is, shifted = drill.runs
    assert (as_is.traffic, shifted.traffic) == ("as it is", "shifted")
    for run in drill.runs:
        report = json.loads((drill_paths.root / run.report).with_suffix(".json").read_text())
        assert (run.exit_code, run.verdict) == (report["exit_code"], report["reason"])
        assert run.predictions == report["records"]["judged"] > 0
        assert run.feedback == run.predictions  # every replayed record got its outcome
    # The test split replayed as it is passes; shifted, it calls for retraining; unless
    # it is too small to judge at all.
    enough = as_is.predictions >= MONITOR_RULE.min_records
    assert (as_is.exit_code, shifted.exit_code) == ((0, 1) if enough else (2, 2))
    assert bool(shifted.drifted) == enough


def test_the_readme_says_what_the_drill_found(drill_paths: WriteupPaths) -> None:
    facts = load_run(drill_paths)
    drill = MonitoringDrill(
        "v", "2026-01-01T00:00:00+00:00", [a_run("as it is", 0), a_run("shifted", 1)]
    )

    section = monitoring_section(dataclasses.replace(facts, monitoring=drill))

    assert "Traffic like the training data passed" in section
    assert "| as it is | 120 | 120 | 0 | the verdict for as it is |" in section
    assert "(reports/monitoring/shifted/monitoring.md)" in section
    line = monitoring_line(dataclasses.replace(facts, monitoring=drill))
    assert "it called for retraining (`x` drifted)" in line


def test_a_drill_that_went_wrong_is_not_called_a_success(drill_paths: WriteupPaths) -> None:
    facts = load_run(drill_paths)
    drill = MonitoringDrill(
        "v", "2026-01-01T00:00:00+00:00", [a_run("as it is", 1), a_run("shifted", 1)]
    )

    section = monitoring_section(dataclasses.replace(facts, monitoring=drill))

    assert "did not come out as expected" in section
    assert "passed" not in section
    assert "exit 1 for the test split as it is" in monitoring_line(
        dataclasses.replace(facts, monitoring=drill)
    )


def test_a_test_split_too_small_to_judge_is_said_to_be(drill_paths: WriteupPaths) -> None:
    facts = load_run(drill_paths)
    drill = MonitoringDrill(
        "v", "2026-01-01T00:00:00+00:00", [a_run("as it is", 2), a_run("shifted", 2)]
    )

    section = monitoring_section(dataclasses.replace(facts, monitoring=drill))

    assert "too few for the rule to judge" in section
    assert "did not come out as expected" not in section


def test_a_drill_of_another_model_is_not_shown(drill_paths: WriteupPaths) -> None:
    drill = MonitoringDrill(
        "0.0.0+00000000", "2026-01-01T00:00:00+00:00", [a_run("as it is", 0), a_run("shifted", 1)]
    )
    drill_paths.monitoring_drill.write_text(json.dumps(dataclasses.asdict(drill)))

    facts = load_run(drill_paths)

    assert facts.monitoring is None
    assert "Not run yet for this model" in monitoring_section(facts)
