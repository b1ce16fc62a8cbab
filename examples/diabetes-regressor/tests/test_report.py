"""The report step: numbers equal metrics.json, author text is kept, a rerun changes nothing."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
import struct
from pathlib import Path
from typing import Any

import pytest

from diabetes_regressor.bench import measure_latency
from diabetes_regressor.config import Paths
from diabetes_regressor.errors import ProjectError
from diabetes_regressor.report import write_report
from diabetes_regressor.reporting.blocks import block_content, count_prompts
from diabetes_regressor.reporting.facts import metrics_digest
from diabetes_regressor.reporting.sections import number

AUTHOR_TOP = "# My project\r\n\r\nWhy I built it, in my own words.\r\n\r\n## Results\r\n\r\n"
AUTHOR_BOTTOM = "\r\n\r\nMy closing thoughts, kept as I wrote them.\r\n"
README = (
    AUTHOR_TOP
    + "<!-- mlscaffold:results:start -->\r\nold numbers\r\n<!-- mlscaffold:results:end -->"
    + "\r\n\r\n## API\r\n\r\n"
    + "<!-- mlscaffold:api-example:start -->\r\n<!-- mlscaffold:api-example:end -->"
    + AUTHOR_BOTTOM
)
# An answered prompt: the prompt's blockquote line replaced by the author's text.
PROMPT_PATTERN = re.compile(r"(?m)^> ✍️ \*\*Your turn:\*\*.*$")
MODEL_CARD_SECTIONS = [
    "## Model details",
    "## Intended use",
    "## Factors",
    "## Metrics",
    "## Evaluation data",
    "## Training data",
    "## Quantitative analyses",
    "## Ethical considerations",
    "## Caveats and recommendations",
]


@pytest.fixture
def paths(project_paths: Paths, evaluation: dict[str, Any], tmp_path: Path) -> Paths:
    """A project of its own for each test: the session's model and reports, a README."""
    paths = dataclasses.replace(Paths.under(tmp_path), raw_dir=project_paths.raw_dir)
    shutil.copytree(project_paths.models_dir, paths.models_dir)
    shutil.copytree(project_paths.reports_dir, paths.reports_dir)
    for generated in (paths.model_card, paths.writeup, paths.social_post, paths.latency_file):
        generated.unlink(missing_ok=True)
    paths.readme.write_bytes(README.encode())
    return paths


def _metrics(paths: Paths) -> dict[str, Any]:
    metrics: dict[str, Any] = json.loads(paths.metrics_file.read_text())
    return metrics


def _results(paths: Paths) -> str:
    content = block_content(paths.readme.read_text(), "results")
    assert content is not None
    return content


def _snapshot(paths: Paths) -> dict[str, bytes]:
    files = [paths.readme, paths.model_card, paths.writeup, paths.social_post]
    return {path.name: path.read_bytes() for path in [*files, paths.social_preview]}


def test_readme_numbers_equal_metrics_json(paths: Paths) -> None:
    write_report(paths)

    metrics, results = _metrics(paths), _results(paths)
    for split in ("model", "baseline"):
        for name, value in metrics["test"][split].items():
            if isinstance(value, float):
                assert number(value) in results, name
        for name, scores in metrics["cv"][split].items():
            spread = number(scores["std"], like=scores["mean"])
            assert f"{number(scores['mean'])} ± {spread}" in results, name
    assert f"sha256={metrics_digest(metrics)}" in results
    assert f"{metrics['data']['n_rows']:,} rows" in results


def test_readme_links_figures_that_exist(paths: Paths) -> None:
    write_report(paths)

    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", _results(paths))
    assert sorted(links) == sorted(f"reports/{name}" for name in _metrics(paths)["figures"])
    assert all((paths.readme.parent / link).is_file() for link in links)


def test_author_text_outside_the_markers_is_kept_byte_for_byte(paths: Paths) -> None:
    write_report(paths)

    text = paths.readme.read_bytes().decode()
    assert text.startswith(AUTHOR_TOP)
    assert text.endswith(AUTHOR_BOTTOM)
    assert "old numbers" not in text
    assert "\n" not in text.replace("\r\n", "")  # the file's CRLF line endings are kept


def test_a_second_run_changes_nothing(paths: Paths) -> None:
    write_report(paths)
    before = _snapshot(paths)

    result = write_report(paths)

    assert {file.status for file in result.files} == {"unchanged"}
    assert _snapshot(paths) == before


def test_model_card_has_the_model_card_sections_and_prompts(paths: Paths) -> None:
    write_report(paths)

    card = paths.model_card.read_text()
    positions = [card.index(section) for section in MODEL_CARD_SECTIONS]
    assert positions == sorted(positions)
    assert count_prompts(card) > 0
    assert count_prompts(paths.writeup.read_text()) > 0
    headline = _metrics(paths)["test"]["model"][_metrics(paths)["headline_metric"]]
    assert number(headline) in card
    assert number(headline) in paths.social_post.read_text()


def test_answers_survive_and_facts_follow_a_new_run(paths: Paths) -> None:
    write_report(paths)
    answered = re.sub(PROMPT_PATTERN, "My answer.", paths.model_card.read_text())
    paths.model_card.write_text(answered)
    metrics = _metrics(paths)
    headline = metrics["headline_metric"]
    metrics["test"]["model"][headline] = 0.4242  # as if a new evaluation scored differently
    paths.metrics_file.write_text(json.dumps(metrics, indent=2))

    result = write_report(paths)

    card = paths.model_card.read_text()
    assert count_prompts(card) == 0
    assert card.count("My answer.") == answered.count("My answer.")
    assert "0.424" in card
    assert "0.424" in _results(paths)
    statuses = {file.path.name: file.status for file in result.files}
    assert statuses["model_card.md"] == "updated"


def test_a_deleted_block_stays_deleted(paths: Paths) -> None:
    write_report(paths)
    card = paths.model_card.read_text()
    end_marker = "<!-- mlscaffold:caveats:end -->"
    start, end = card.index("<!-- mlscaffold:caveats:start -->"), card.index(end_marker)
    paths.model_card.write_text(card[:start] + card[end + len(end_marker) :])

    result = write_report(paths)

    written = {file.path.name: file for file in result.files}
    assert "caveats" in written["model_card.md"].note
    assert "mlscaffold:caveats" not in paths.model_card.read_text()


def test_broken_markers_are_refused_and_the_file_left_alone(paths: Paths) -> None:
    broken = README.replace("<!-- mlscaffold:results:end -->", "").encode()
    paths.readme.write_bytes(broken)

    with pytest.raises(ProjectError, match="results"):
        write_report(paths)
    assert paths.readme.read_bytes() == broken


def test_readme_without_markers_is_skipped(paths: Paths) -> None:
    paths.readme.write_text("# Mine\n\nNo markers here.\n")

    result = write_report(paths)

    readme = next(file for file in result.files if file.path == paths.readme)
    assert readme.status == "skipped"
    assert paths.readme.read_text() == "# Mine\n\nNo markers here.\n"


def test_social_preview_is_a_1280_by_640_png(paths: Paths) -> None:
    write_report(paths)

    header = paths.social_preview.read_bytes()[:24]
    assert header.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", header[16:24]) == (1280, 640)


def test_measured_latency_is_shown_for_the_current_model_only(paths: Paths) -> None:
    latency = measure_latency(paths, requests=5)
    write_report(paths)
    assert f"median {latency.p50_ms:.1f} ms" in _results(paths)

    saved = json.loads(paths.latency_file.read_text())
    paths.latency_file.write_text(json.dumps({**saved, "model_version": "0.0.0+00000000"}))
    write_report(paths)

    assert "not measured for an older model" in _results(paths)


def test_report_needs_the_evaluation(paths: Paths) -> None:
    paths.metrics_file.unlink()

    with pytest.raises(ProjectError, match="make evaluate"):
        write_report(paths)


def test_metrics_of_an_older_evaluate_step_are_refused(paths: Paths) -> None:
    metrics = _metrics(paths)
    del metrics["data"]
    paths.metrics_file.write_text(json.dumps(metrics))

    with pytest.raises(ProjectError, match="lacks data"):
        write_report(paths)


def test_metrics_of_another_model_are_refused(paths: Paths) -> None:
    metrics = _metrics(paths)
    metrics["model_version"] = "0.0.0+00000000"
    paths.metrics_file.write_text(json.dumps(metrics))

    with pytest.raises(ProjectError, match="another model"):
        write_report(paths)
