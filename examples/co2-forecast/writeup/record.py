"""reports/report.json: a versioned record of what the report step wrote.

Whatever checks the write-up (a CI step, a portfolio checklist) reads this record
and the files it names, never the prose: which metrics.json the documents were
written from (its sha256), the headline numbers exactly as written, the block
markers and the prompt convention, and a digest of every block as written. So
rewording a heading or a prompt, or changing how numbers are written, cannot make
a checker wrong. The record has no timestamp: the same run gives the same bytes.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict

# Bump when a field changes meaning or goes away.
RECORD_VERSION: Final = 1


class RecordModel(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class Headline(RecordModel):
    """The headline metric of model and baseline, as the documents write it."""

    metric: str  # its key in metrics.json, e.g. "balanced_accuracy"
    label: str  # as written, e.g. "Balanced accuracy"
    model: str  # test split, as written
    baseline: str
    model_cv: str  # cross-validation mean ± std, as written
    baseline_cv: str
    baseline_name: str  # what the baseline does, in words
    beats_baseline_on_test: bool
    beats_baseline_in_cv: bool


class Markers(RecordModel):
    """The comments around a block; `{name}` stands for the block's name."""

    start: str
    end: str


class DocumentRecord(RecordModel):
    path: str  # relative to the project root
    blocks: dict[str, str]  # block name -> block_digest() of its content as written
    missing: list[str]  # blocks the report had content for, but the file has no markers of
    prompts_left: int  # author prompts in the file when it was written


class ImageRecord(RecordModel):
    path: str
    width: int
    height: int


class ReportRecord(RecordModel):
    schema_version: Literal[1] = RECORD_VERSION
    metrics_file: str  # relative to the project root
    metrics_sha256: str  # of the metrics file's bytes the documents were written from
    model_version: str
    headline: Headline
    markers: Markers
    prompt: str  # an author prompt is a line that starts with this
    documents: list[DocumentRecord]
    figures: list[str]  # relative to the project root
    social_preview: ImageRecord | None

    def save(self, path: Path) -> bool:
        """Write the record; return False when the file already held the same record."""
        text = self.model_dump_json(indent=2) + "\n"
        if path.is_file() and path.read_text(encoding="utf-8") == text:
            return False
        path.write_text(text, encoding="utf-8")
        return True


def block_digest(content: str) -> str:
    """sha256 of a block's content: line endings as "\\n", no newline next to the markers."""
    normalized = content.replace("\r\n", "\n").strip("\n")
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()
