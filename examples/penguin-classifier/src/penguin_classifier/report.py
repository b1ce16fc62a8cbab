"""The report step: the README's results, the model card, the write-up and the social post.

Everything is rebuilt from the run's files (see reporting/facts.py), never measured
here. Generated text lives between `mlscaffold` markers and is replaced there only;
the author's text around it is never touched, and a second run with the same facts
changes nothing. The model card, write-up and social post are created with prompts
for the author the first time; after that only their marked blocks are rewritten.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from .config import PATHS, Paths
from .errors import ProjectError
from .reporting.blocks import FilledText, MarkerError, count_prompts, fill_blocks
from .reporting.facts import RunFacts, load_run
from .reporting.model_card import model_card_blocks, new_model_card
from .reporting.preview import social_preview_png
from .reporting.readme import readme_blocks
from .reporting.writeup import new_social_post, new_writeup, social_post_blocks, writeup_blocks

Status = Literal["created", "updated", "unchanged", "skipped"]


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


def write_report(paths: Paths = PATHS) -> ReportResult:
    """Write the README blocks, model card, write-up, social post and preview image."""
    facts = load_run(paths)
    return ReportResult(
        files=(
            _update_readme(paths.readme, readme_blocks(facts)),
            _update_document(paths.model_card, model_card_blocks(facts), new_model_card, facts),
            _update_document(paths.writeup, writeup_blocks(facts), new_writeup, facts),
            _update_document(paths.social_post, social_post_blocks(facts), new_social_post, facts),
            _write_if_changed(paths.social_preview, social_preview_png(facts)),
        )
    )


def _update_readme(path: Path, contents: Mapping[str, str]) -> WrittenFile:
    # The README is the author's: without its markers there is nowhere to write.
    if not path.is_file():
        return WrittenFile(path, "skipped", note="no README.md")
    text = _read(path)
    filled = _fill(path, text, contents)
    if len(filled.missing) == len(contents):
        markers = " and ".join(f"<!-- mlscaffold:{name}:start/end -->" for name in contents)
        return WrittenFile(
            path,
            "skipped",
            count_prompts(text),
            note=f"no markers; add {markers} where the results should go",
        )
    status = _write_text_if_changed(path, text, filled.text)
    return WrittenFile(path, status, count_prompts(filled.text), note=_missing_note(filled.missing))


def _update_document(
    path: Path,
    contents: Mapping[str, str],
    new_document: Callable[[RunFacts], str],
    facts: RunFacts,
) -> WrittenFile:
    if not path.exists():
        text = new_document(facts)
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="")
        return WrittenFile(path, "created", count_prompts(text))
    text = _read(path)
    filled = _fill(path, text, contents)
    status = _write_text_if_changed(path, text, filled.text)
    return WrittenFile(path, status, count_prompts(filled.text), note=_missing_note(filled.missing))


def _fill(path: Path, text: str, contents: Mapping[str, str]) -> FilledText:
    try:
        return fill_blocks(text, contents)
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
