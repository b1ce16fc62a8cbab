"""The report step: numbers equal metrics.json, author text is kept, a rerun changes nothing."""

from __future__ import annotations

import hashlib
import json
import re
import struct

import pytest

from writeup.bench import measure_latency
from writeup.blocks import block_content, count_prompts
from writeup.paths import WriteupPaths
from writeup.project import ProjectError, RunMetrics
from writeup.record import ReportRecord, block_digest
from writeup.report import write_report
from writeup.sections import number, spread_cell

AUTHOR_TOP = "# My project\r\n\r\nWhy I built it, in my own words.\r\n\r\n## Results\r\n\r\n"
AUTHOR_BOTTOM = "\r\n\r\nMy closing thoughts, kept as I wrote them.\r\n"
# A README saved with CRLF line endings, with both blocks the report writes.
README = (
    AUTHOR_TOP
    + "<!-- report:results:start -->\r\nold numbers\r\n<!-- report:results:end -->"
    + "\r\n\r\n## API\r\n\r\n"
    + "<!-- report:api-example:start -->\r\n<!-- report:api-example:end -->"
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
def paths(writeup_paths: WriteupPaths) -> WriteupPaths:
    """A project of its own for each test, with a README of the author's."""
    writeup_paths.readme.write_bytes(README.encode())
    return writeup_paths


def _metrics(paths: WriteupPaths) -> RunMetrics:
    return RunMetrics.load(paths.run.metrics_file)


def _rescore(paths: WriteupPaths, **model_scores: float) -> None:
    """Rewrite metrics.json as if a new evaluation had scored the model differently."""
    metrics = _metrics(paths)
    test = metrics.test.model_copy(update={"model": {**metrics.test.model, **model_scores}})
    metrics.model_copy(update={"test": test}).save(paths.run.metrics_file)


def _results(paths: WriteupPaths) -> str:
    content = block_content(paths.readme.read_text(), "results")
    assert content is not None
    return content


def _snapshot(paths: WriteupPaths) -> dict[str, bytes]:
    files = [paths.readme, paths.model_card, paths.writeup, paths.social_post]
    return {path.name: path.read_bytes() for path in [*files, paths.social_preview, paths.record]}


def test_readme_numbers_equal_metrics_json(paths: WriteupPaths) -> None:
    write_report(paths)

    metrics, results = _metrics(paths), _results(paths)
    for scores in (metrics.test.model, metrics.test.baseline):
        for name, value in scores.items():
            if value is not None:
                assert number(value) in results, name
    for spreads in (metrics.cv.model, metrics.cv.baseline):
        for name, spread in spreads.items():
            assert spread_cell(spread) in results, name
    assert f"{metrics.data.n_rows:,} images" in results


def test_readme_links_figures_that_exist(paths: WriteupPaths) -> None:
    write_report(paths)

    links = re.findall(r"!\[[^\]]*\]\(([^)]+)\)", _results(paths))
    assert sorted(links) == sorted(f"reports/{name}" for name in _metrics(paths).figures)
    assert all((paths.root / link).is_file() for link in links)


def test_author_text_outside_the_markers_is_kept_byte_for_byte(paths: WriteupPaths) -> None:
    write_report(paths)

    text = paths.readme.read_bytes().decode()
    assert text.startswith(AUTHOR_TOP)
    assert text.endswith(AUTHOR_BOTTOM)
    assert "old numbers" not in text
    assert "\n" not in text.replace("\r\n", "")  # the file's CRLF line endings are kept


def test_a_second_run_changes_nothing(paths: WriteupPaths) -> None:
    write_report(paths)
    before = _snapshot(paths)

    result = write_report(paths)

    assert {file.status for file in result.files} == {"unchanged"}
    assert _snapshot(paths) == before


def test_the_headline_says_the_model_beats_the_baseline_when_it_does(
    paths: WriteupPaths,
) -> None:
    write_report(paths)

    assert _metrics(paths).verdict.beats_baseline
    assert "The model beats the baseline on the test split and in" in _results(paths)


def test_a_model_that_loses_on_the_test_split_is_not_said_to_win(paths: WriteupPaths) -> None:
    metrics = _metrics(paths)
    verdict = metrics.verdict.model_copy(update={"beats_baseline_on_test": False})
    metrics.model_copy(update={"verdict": verdict}).save(paths.run.metrics_file)

    write_report(paths)

    results = _results(paths)
    assert "beats the baseline on the test split and" not in results
    assert "**not** on the test split" in results
    assert "does not clearly beat the baseline" in paths.social_post.read_text()


def test_a_model_that_never_beats_the_baseline_says_so(paths: WriteupPaths) -> None:
    metrics = _metrics(paths)
    verdict = metrics.verdict.model_copy(
        update={"beats_baseline_on_test": False, "beats_baseline_in_cv": False}
    )
    metrics.model_copy(update={"verdict": verdict}).save(paths.run.metrics_file)

    write_report(paths)

    results = _results(paths)
    assert "does **not** beat the baseline, neither on the test split nor clearly in" in results
    assert "little signal" in results
    record = ReportRecord.model_validate_json(paths.record.read_text())
    assert not record.headline.beats_baseline_on_test
    assert not record.headline.beats_baseline_in_cv


def test_model_card_has_the_model_card_sections_and_prompts(paths: WriteupPaths) -> None:
    write_report(paths)

    card = paths.model_card.read_text()
    positions = [card.index(section) for section in MODEL_CARD_SECTIONS]
    assert positions == sorted(positions)
    assert count_prompts(card) > 0
    assert count_prompts(paths.writeup.read_text()) > 0
    metrics = _metrics(paths)
    headline = metrics.test.model[metrics.headline_metric]
    assert headline is not None
    assert number(headline) in card
    assert number(headline) in paths.social_post.read_text()


def test_answers_survive_and_facts_follow_a_new_run(paths: WriteupPaths) -> None:
    write_report(paths)
    answered = re.sub(PROMPT_PATTERN, "My answer.", paths.model_card.read_text())
    paths.model_card.write_text(answered)
    _rescore(paths, **{_metrics(paths).headline_metric: 0.4242})

    result = write_report(paths)

    card = paths.model_card.read_text()
    assert count_prompts(card) == 0
    assert card.count("My answer.") == answered.count("My answer.")
    assert "0.424" in card
    assert "0.424" in _results(paths)
    statuses = {file.path.name: file.status for file in result.files}
    assert statuses["model_card.md"] == "updated"


def test_the_record_describes_what_was_written(paths: WriteupPaths) -> None:
    write_report(paths)

    record = ReportRecord.model_validate_json(paths.record.read_text())
    metrics_bytes = paths.run.metrics_file.read_bytes()
    assert record.metrics_sha256 == hashlib.sha256(metrics_bytes).hexdigest()
    readme = next(doc for doc in record.documents if doc.path == "README.md")
    assert readme.blocks["results"] == block_digest(_results(paths))
    assert readme.prompts_left == count_prompts(paths.readme.read_text())
    assert record.headline.model in _results(paths)
    assert record.headline.baseline in _results(paths)
    assert record.markers.start.format(name="results") in paths.readme.read_text()
    assert all((paths.root / figure).is_file() for figure in record.figures)


def test_a_deleted_block_stays_deleted(paths: WriteupPaths) -> None:
    write_report(paths)
    card = paths.model_card.read_text()
    end_marker = "<!-- report:caveats:end -->"
    start, end = card.index("<!-- report:caveats:start -->"), card.index(end_marker)
    paths.model_card.write_text(card[:start] + card[end + len(end_marker) :])

    result = write_report(paths)

    written = {file.path.name: file for file in result.files}
    assert "caveats" in written["model_card.md"].note
    assert "report:caveats" not in paths.model_card.read_text()


def test_broken_markers_are_refused_and_the_file_left_alone(paths: WriteupPaths) -> None:
    broken = README.replace("<!-- report:results:end -->", "").encode()
    paths.readme.write_bytes(broken)

    with pytest.raises(ProjectError, match="results"):
        write_report(paths)
    assert paths.readme.read_bytes() == broken


def test_readme_without_markers_is_skipped(paths: WriteupPaths) -> None:
    paths.readme.write_text("# Mine\n\nNo markers here.\n")

    result = write_report(paths)

    readme = next(file for file in result.files if file.path == paths.readme)
    assert readme.status == "skipped"
    assert paths.readme.read_text() == "# Mine\n\nNo markers here.\n"


def test_social_preview_is_a_1280_by_640_png(paths: WriteupPaths) -> None:
    write_report(paths)

    header = paths.social_preview.read_bytes()[:24]
    assert header.startswith(b"\x89PNG\r\n\x1a\n")
    assert struct.unpack(">II", header[16:24]) == (1280, 640)


def test_measured_latency_is_shown_for_the_current_model_only(paths: WriteupPaths) -> None:
    latency = measure_latency(paths, requests=5)
    write_report(paths)
    assert f"median {latency.p50_ms:.1f} ms" in _results(paths)

    saved = json.loads(paths.latency_file.read_text())
    paths.latency_file.write_text(json.dumps({**saved, "model_version": "0.0.0+00000000"}))
    write_report(paths)

    assert "not measured for an older model" in _results(paths)


def test_report_needs_the_evaluation(paths: WriteupPaths) -> None:
    paths.run.metrics_file.unlink()

    with pytest.raises(ProjectError, match="make evaluate"):
        write_report(paths)


def test_metrics_of_an_older_evaluate_step_are_refused(paths: WriteupPaths) -> None:
    metrics = json.loads(paths.run.metrics_file.read_text())
    del metrics["data"]
    paths.run.metrics_file.write_text(json.dumps(metrics))

    with pytest.raises(ProjectError, match="data"):
        write_report(paths)


def test_metrics_of_another_model_are_refused(paths: WriteupPaths) -> None:
    metrics = _metrics(paths).model_copy(update={"model_version": "0.0.0+00000000"})
    metrics.save(paths.run.metrics_file)

    with pytest.raises(ProjectError, match="another model"):
        write_report(paths)
