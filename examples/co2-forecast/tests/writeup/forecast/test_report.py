"""The forecaster's report: README blocks, model card, drafts and report.json are
written from the run's files, agree with reports/metrics.json, and a second run changes
nothing."""

from __future__ import annotations

import dataclasses
import hashlib
import json
import re
from typing import Any

import pytest

from writeup.blocks import PROMPT, block_content, count_prompts
from writeup.forecast import text
from writeup.forecast.report import write_report
from writeup.forecast.run import ForecastRun
from writeup.paths import WriteupPaths
from writeup.project import ProjectError
from writeup.record import ReportRecord, block_digest

SCORE_COLUMNS = ("mase", "mae", "rmse", "coverage", "test_mase", "test_mae", "test_coverage")


def metrics_json(paths: WriteupPaths) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(paths.run.metrics_file.read_text(encoding="utf-8"))
    return loaded


def table_rows(block: str) -> dict[str, list[str]]:
    """The scores table's rows: the model's name (as `text.model_name` writes it) -> cells."""
    rows = {}
    for line in block.splitlines():
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        if len(cells) == 1 + len(SCORE_COLUMNS) and re.search(r"\d", cells[1]):
            name = re.sub(r"\*|\((baseline|served)\)", "", cells[0]).strip()
            rows[name] = cells[1:]
    return rows


def close(cell: str, value: float) -> bool:
    """Whether a table cell shows `value`, to the precision it is written with."""
    if cell.endswith("%"):
        return int(cell.removesuffix("%")) == round(100 * value)
    decimals = len(cell.partition(".")[2])
    return abs(float(cell.replace(",", "")) - value) <= 0.5 * 10**-decimals + 1e-12


def test_the_readme_table_shows_every_candidate_as_metrics_json_has_it(
    writeup_paths: WriteupPaths,
) -> None:
    write_report(writeup_paths)

    readme = writeup_paths.readme.read_text(encoding="utf-8")
    results = block_content(readme, "results")
    assert results is not None
    rows = table_rows(results)
    candidates = metrics_json(writeup_paths)["candidates"]
    assert set(rows) == {text.model_name(c["name"]) for c in candidates}
    for candidate in candidates:
        cells = rows[text.model_name(candidate["name"])]
        for cell, column in zip(cells, SCORE_COLUMNS, strict=True):
            assert close(cell, candidate[column]), (candidate["name"], column, cell)


def test_the_verdict_names_the_served_model_and_the_better_baseline(
    writeup_paths: WriteupPaths, facts: ForecastRun
) -> None:
    write_report(writeup_paths)

    results = block_content(writeup_paths.readme.read_text(encoding="utf-8"), "results")
    assert results is not None
    verdict = metrics_json(writeup_paths)["verdict"]
    assert text.model_name(verdict["baseline"]) in results.splitlines()[1]
    assert text.number(facts.served.mase) in results
    assert f"held {text.percent(facts.served.coverage)} of the" in results
    for figure in facts.figures:
        assert f"(reports/{figure})" in results
        assert (writeup_paths.run.reports_dir / figure).is_file()


def test_the_data_block_has_the_frequency_and_every_cleaning_note(
    writeup_paths: WriteupPaths, facts: ForecastRun
) -> None:
    write_report(writeup_paths)

    data = block_content(writeup_paths.readme.read_text(encoding="utf-8"), "data")
    assert data is not None
    assert facts.cleaning.frequency in data
    for note in facts.cleaning.notes:
        assert note["problem"] in data
        assert note["action"] in data


def test_every_cleaning_note_is_written_with_its_rows_when_it_has_some(
    facts: ForecastRun,
) -> None:
    notes = [
        {"problem": "rows out of order", "action": "sorted by timestamp"},
        {"problem": "duplicated timestamps", "rows": 2, "action": "dropped the repeats"},
    ]
    cleaned = dataclasses.replace(facts, cleaning=dataclasses.replace(facts.cleaning, notes=notes))

    lines = text.data_lines(cleaned)

    assert "  - rows out of order: sorted by timestamp" in lines
    assert "  - duplicated timestamps: 2 rows, dropped the repeats" in lines


def test_report_json_is_the_record_doctor_reads(writeup_paths: WriteupPaths) -> None:
    write_report(writeup_paths)

    record = ReportRecord.model_validate_json(writeup_paths.record.read_bytes())
    metrics = metrics_json(writeup_paths)
    verdict = metrics["verdict"]
    candidates = {c["name"]: c for c in metrics["candidates"]}
    served, baseline = candidates[verdict["served"]], candidates[verdict["baseline"]]
    assert (
        record.metrics_sha256
        == hashlib.sha256(writeup_paths.run.metrics_file.read_bytes()).hexdigest()
    )
    headline = record.headline
    assert headline.metric == "mase"
    assert close(headline.model, served["test_mase"])
    assert close(headline.baseline, baseline["test_mase"])
    assert close(headline.model_cv, served["mase"])
    assert close(headline.baseline_cv, baseline["mase"])
    assert headline.beats_baseline_in_cv == (served["mase"] < baseline["mase"])
    assert headline.beats_baseline_on_test == (served["test_mase"] < baseline["test_mase"])
    assert record.figures == [f"reports/{name}" for name in metrics["figures"]]
    assert [d.path for d in record.documents] == [
        "README.md",
        "reports/model_card.md",
        "reports/writeup.md",
        "reports/social_post.md",
    ]
    for document in record.documents:
        written = (writeup_paths.root / document.path).read_text(encoding="utf-8")
        assert document.missing == []
        assert document.prompts_left == count_prompts(written)
        for name, digest in document.blocks.items():
            content = block_content(written, name)
            assert content is not None
            assert block_digest(content) == digest
    assert record.social_preview is not None
    preview = writeup_paths.root / record.social_preview.path
    assert preview.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_the_social_post_gives_the_served_models_backtest_against_the_baseline(
    writeup_paths: WriteupPaths,
) -> None:
    write_report(writeup_paths)

    post = block_content(writeup_paths.social_post.read_text(encoding="utf-8"), "social-post")
    assert post is not None
    metrics = metrics_json(writeup_paths)
    candidates = {c["name"]: c for c in metrics["candidates"]}
    served = candidates[metrics["verdict"]["served"]]
    baseline = candidates[metrics["verdict"]["baseline"]]
    if served["baseline"]:
        assert f"no model beat {text.model_name(baseline['name'])}" in post
    else:
        scores = f"MASE {text.number(served['mase'])}, against {text.number(baseline['mase'])}"
        assert scores in post
        assert f"held {text.percent(served['coverage'])} of the actual values" in post
    assert "#TimeSeries" in post


def test_a_second_report_changes_no_file(writeup_paths: WriteupPaths) -> None:
    write_report(writeup_paths)
    files = sorted(p for p in writeup_paths.root.rglob("*") if p.is_file())
    before = {path: path.read_bytes() for path in files}

    second = write_report(writeup_paths)

    assert {path: path.read_bytes() for path in files} == before
    assert {file.status for file in second.files} == {"unchanged"}


def test_the_authors_words_are_kept_and_the_facts_rewritten(
    writeup_paths: WriteupPaths,
) -> None:
    write_report(writeup_paths)
    card = writeup_paths.model_card
    first = card.read_text(encoding="utf-8")
    assert count_prompts(first) > 0
    answered = first.replace(PROMPT, "My own words:", 1)
    stale = answered.replace("MASE", "MASE (stale)", 1)
    card.write_text(stale, encoding="utf-8")

    write_report(writeup_paths)

    again = card.read_text(encoding="utf-8")
    assert "My own words:" in again
    assert count_prompts(again) == count_prompts(first) - 1
    assert again == answered


@pytest.mark.parametrize(
    ("coverage", "judged"),
    [(0.58, "too narrow"), (0.83, "about what they claim"), (0.99, "wider than")],
)
def test_intervals_are_judged_against_their_nominal_coverage(
    facts: ForecastRun, coverage: float, judged: str
) -> None:
    assert judged in text.interval_judgement(coverage, facts)


def test_other_models_miss_too_when_the_served_models_intervals_miss(
    facts: ForecastRun,
) -> None:
    served = facts.served
    other = next(c for c in facts.metrics.candidates if c.name != served.name)
    changed = {served.name: dataclasses.replace(served, coverage=0.99),
               other.name: dataclasses.replace(other, coverage=0.30)}  # fmt: skip
    candidates = [changed.get(c.name, c) for c in facts.metrics.candidates]
    missing = dataclasses.replace(
        facts, metrics=dataclasses.replace(facts.metrics, candidates=candidates)
    )

    sentence = text.intervals_sentence(missing)

    assert "wider than they need to be" in sentence
    assert "Other models' intervals miss too" in sentence
    assert "Not every model's intervals do" not in sentence


def test_a_model_that_loses_on_the_test_period_is_said_to(facts: ForecastRun) -> None:
    served = facts.served
    if served.baseline:
        pytest.skip("this run serves a baseline")
    worse = dataclasses.replace(served, test_mase=facts.baseline.test_mase * 2)
    candidates = [worse if c.name == served.name else c for c in facts.metrics.candidates]
    losing = dataclasses.replace(
        facts, metrics=dataclasses.replace(facts.metrics, candidates=candidates)
    )

    sentence = text.verdict_sentence(losing)

    assert "but not on the test period" in sentence
    assert "100% higher" in sentence


def test_without_metrics_the_report_says_to_evaluate(writeup_paths: WriteupPaths) -> None:
    writeup_paths.run.metrics_file.unlink()

    with pytest.raises(ProjectError, match="make evaluate"):
        write_report(writeup_paths)


def test_the_readme_as_rendered_has_every_block(writeup_paths: WriteupPaths) -> None:
    readme = writeup_paths.readme.read_text(encoding="utf-8")
    for name in ("results", "data", "api-example"):
        assert block_content(readme, name) is not None
