"""The forecaster's report step: the README's results, the model card, the drafts.

Everything is rebuilt from the run's files (see run.py), never measured here. Generated
text lives between `report` markers and is replaced there only; the author's text
around it is never touched, and a second run with the same facts changes nothing. The
model card and the write-up draft are created with prompts for the author the first
time; after that only their marked blocks are rewritten. Last, reports/report.json
records what was written, in the shared record's schema (record.py) that
`mlscaffold doctor` reads: MASE is the headline, the backtest stands where the other
kinds put cross-validation, and the test period where they put the test split.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from ..blocks import (
    END_MARKER,
    PROMPT,
    START_MARKER,
    FilledText,
    MarkerError,
    block_content,
    count_prompts,
    fill_blocks,
)
from ..paths import WRITEUP_PATHS, WriteupPaths
from ..project import ProjectError
from ..record import DocumentRecord, Headline, ImageRecord, Markers, ReportRecord, block_digest
from . import text
from .model_card import model_card_blocks, new_model_card
from .posts import new_social_post, new_writeup, social_post_blocks, writeup_blocks
from .preview import HEIGHT, WIDTH, social_preview_png
from .readme import readme_blocks
from .run import ForecastRun, load_run

Status = Literal["created", "updated", "unchanged", "skipped"]
HEADLINE_METRIC = "mase"


@dataclass(frozen=True)
class WrittenFile:
    path: Path
    status: Status
    prompts: int = 0  # author prompts still unanswered in the file
    note: str = ""


@dataclass(frozen=True)
class ReportResult:
    files: tuple[WrittenFile, ...]

    @property
    def prompts(self) -> int:
        return sum(file.prompts for file in self.files)


def write_report(paths: WriteupPaths = WRITEUP_PATHS) -> ReportResult:
    """Write the README blocks, model card, write-up, social post, preview and the record."""
    facts = load_run(paths)
    documents = {
        paths.readme: readme_blocks(facts),
        paths.model_card: model_card_blocks(facts),
        paths.writeup: writeup_blocks(facts),
        paths.social_post: social_post_blocks(facts),
    }
    written = (
        _update_readme(paths.readme, documents[paths.readme]),
        _update_document(paths.model_card, documents[paths.model_card], new_model_card, facts),
        _update_document(paths.writeup, documents[paths.writeup], new_writeup, facts),
        _update_document(paths.social_post, documents[paths.social_post], new_social_post, facts),
        _write_if_changed(paths.social_preview, social_preview_png(facts)),
    )
    record = _record(facts, paths, documents)
    status: Status = "updated" if record.save(paths.record) else "unchanged"
    return ReportResult(files=(*written, WrittenFile(paths.record, status)))


def headline(facts: ForecastRun) -> Headline:
    """The served model's MASE against the better baseline's, as the documents write it."""
    served, baseline = facts.served, facts.baseline
    return Headline(
        metric=HEADLINE_METRIC,
        label="MASE (lower is better)",
        model=text.number(served.test_mase),
        baseline=text.number(baseline.test_mase),
        model_cv=text.number(served.mase),
        baseline_cv=text.number(baseline.mase),
        baseline_name=text.baseline_name(facts),
        beats_baseline_on_test=facts.beats_baseline_on_test,
        beats_baseline_in_cv=facts.beats_baseline_in_backtest,
    )


def _record(
    facts: ForecastRun, paths: WriteupPaths, documents: Mapping[Path, Mapping[str, str]]
) -> ReportRecord:
    """What was written, read back from the files as they are now."""
    return ReportRecord(
        metrics_file=_relative(paths.run.metrics_file, paths),
        metrics_sha256=facts.metrics_sha256,
        model_version=facts.metadata.model_version,
        headline=headline(facts),
        markers=Markers(start=START_MARKER, end=END_MARKER),
        prompt=PROMPT,
        documents=[
            _document_record(path, names, paths)
            for path, names in documents.items()
            if path.is_file()
        ],
        figures=[_relative(paths.run.reports_dir / name, paths) for name in facts.figures],
        social_preview=ImageRecord(
            path=_relative(paths.social_preview, paths), width=WIDTH, height=HEIGHT
        ),
    )


def _document_record(path: Path, names: Iterable[str], paths: WriteupPaths) -> DocumentRecord:
    text_now = _read(path)
    contents = {name: block_content(text_now, name) for name in names}
    return DocumentRecord(
        path=_relative(path, paths),
        blocks={
            name: block_digest(content) for name, content in contents.items() if content is not None
        },
        missing=[name for name, content in contents.items() if content is None],
        prompts_left=count_prompts(text_now),
    )


def _relative(path: Path, paths: WriteupPaths) -> str:
    return path.relative_to(paths.root).as_posix()


def _update_readme(path: Path, contents: Mapping[str, str]) -> WrittenFile:
    # The README is the author's: without its markers there is nowhere to write.
    if not path.is_file():
        return WrittenFile(path, "skipped", note="no README.md")
    old = _read(path)
    filled = _fill(path, old, contents)
    if len(filled.missing) == len(contents):
        markers = " and ".join(f"<!-- report:{name}:start/end -->" for name in contents)
        return WrittenFile(
            path,
            "skipped",
            count_prompts(old),
            note=f"no markers; add {markers} where the results should go",
        )
    status = _write_text_if_changed(path, old, filled.text)
    return WrittenFile(path, status, count_prompts(filled.text), note=_missing_note(filled.missing))


def _update_document(
    path: Path,
    contents: Mapping[str, str],
    new_document: Callable[[ForecastRun], str],
    facts: ForecastRun,
) -> WrittenFile:
    if not path.exists():
        new = new_document(facts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(new, encoding="utf-8", newline="")
        return WrittenFile(path, "created", count_prompts(new))
    old = _read(path)
    filled = _fill(path, old, contents)
    status = _write_text_if_changed(path, old, filled.text)
    return WrittenFile(path, status, count_prompts(filled.text), note=_missing_note(filled.missing))


def _fill(path: Path, old: str, contents: Mapping[str, str]) -> FilledText:
    try:
        return fill_blocks(old, contents)
    except MarkerError as err:
        raise ProjectError(f"{path}: {err}; fix the markers, then run the report again") from err


def _missing_note(missing: tuple[str, ...]) -> str:
    # A block the author deleted stays deleted; say so, in case it was an accident.
    return f"no {', '.join(missing)} block (removed?); not written" if missing else ""


def _read(path: Path) -> str:
    # newline="": keep the file's own line endings, so untouched text stays byte for byte.
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def _write_text_if_changed(path: Path, old: str, new: str) -> Status:
    if new == old:
        return "unchanged"
    path.write_text(new, encoding="utf-8", newline="")
    return "updated"


def _write_if_changed(path: Path, content: bytes) -> WrittenFile:
    if path.is_file() and path.read_bytes() == content:
        return WrittenFile(path, "unchanged")
    existed = path.exists()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return WrittenFile(path, "updated" if existed else "created")
