"""`mlscaffold doctor`: is a generated project ready to show? A checklist with a score.

The checks read files only (nothing is run). What the write-up says is read from
the project's own record of it, reports/report.json (written by its report step):
which metrics.json the documents were written from, the headline as written, the
block markers, the prompt convention and a digest of every block. Doctor knows
none of the documents' wording or number formats, so the author may reword any of
them. The rest (license, tests, CI) is what a public repository should have.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from mlscaffold.errors import NotAProject
from mlscaffold.generated import GeneratedProject, read_project

TEMPLATE = "ml-project"
RECORD = "reports/report.json"
SUPPORTED_RECORD_VERSION = 1
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\((?P<target>[^)\s]+)\)")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
# The routes a generated service answers on: a model's predictions, a forecaster's forecasts.
API_ROUTES = ("/v1/predict", "/v1/forecast")


# --- the report's record, as its report step writes it (schema version 1) ------------


class _Record(BaseModel):
    # Unknown fields are allowed: a newer report may add some without breaking doctor.
    model_config = ConfigDict(frozen=True, extra="ignore")


class Headline(_Record):
    metric: str
    label: str
    model: str
    baseline: str
    model_cv: str
    baseline_cv: str
    baseline_name: str
    beats_baseline_on_test: bool
    beats_baseline_in_cv: bool


class Markers(_Record):
    start: str
    end: str


class DocumentRecord(_Record):
    path: str
    blocks: dict[str, str]
    missing: list[str]
    prompts_left: int


class ImageRecord(_Record):
    path: str
    width: int
    height: int


class ReportRecord(_Record):
    schema_version: int
    metrics_file: str
    metrics_sha256: str
    headline: Headline
    markers: Markers
    prompt: str
    documents: list[DocumentRecord]
    figures: list[str]
    social_preview: ImageRecord | None


@dataclass(frozen=True)
class Check:
    id: str
    title: str
    passed: bool
    detail: str  # what was found; for a failure, also what to do


@dataclass(frozen=True)
class DoctorResult:
    project: Path
    checks: tuple[Check, ...]

    @property
    def passed(self) -> int:
        return sum(check.passed for check in self.checks)

    @property
    def total(self) -> int:
        return len(self.checks)

    @property
    def score(self) -> int:
        """The share of checks that pass, in percent."""
        return round(100 * self.passed / self.total) if self.total else 100

    @property
    def ok(self) -> bool:
        return self.passed == self.total


def doctor_project(path: Path) -> DoctorResult:
    """Run every check on the project at `path`; raise NotAProject if it is not one."""
    root = _ml_project(path).path
    record = _read_record(root)
    checks = (Check(check_id, title, *check(root, record)) for check_id, title, check in CHECKS)
    return DoctorResult(root, tuple(checks))


def _ml_project(path: Path) -> GeneratedProject:
    project = read_project(path)
    if not isinstance(project, GeneratedProject) or project.template.name != TEMPLATE:
        raise NotAProject(
            f"{project.path} was not made from mlscaffold's {TEMPLATE} template; "
            "doctor knows only that template's layout"
        )
    return project


# --- the checks: each reads the project root and the record; returns (passed, detail) ---

Outcome = tuple[bool, str]  # passed?, and what was found (for a failure: what to do)
# The record, or why there is none to use (a failure's detail).
RecordOrProblem = ReportRecord | str
NO_RECORD = f"no {RECORD}; run make report (after make evaluate)"


def passed(detail: str) -> Outcome:
    return True, detail


def failed(detail: str) -> Outcome:
    return False, detail


def check_results(root: Path, record: RecordOrProblem) -> Outcome:
    if isinstance(record, str):
        return failed(record)
    metrics = root / record.metrics_file
    if not metrics.is_file():
        return failed(f"no {record.metrics_file}; run make evaluate, then make report")
    if hashlib.sha256(metrics.read_bytes()).hexdigest() != record.metrics_sha256:
        return failed(
            f"the write-up is out of date: {record.metrics_file} changed since make report; "
            "run make report"
        )
    missing = [
        f"{document.path} ({name})" for document in record.documents for name in document.missing
    ]
    if missing:
        return failed(
            f"no markers for {', '.join(missing)}, so the report could not write it; put "
            f"the {record.markers.start!r} and {record.markers.end!r} lines back (name = the "
            "block), then run make report"
        )
    stale = _stale_blocks(root, record)
    if stale:
        return failed(
            f"changed since make report (edited by hand, or the markers moved): "
            f"{', '.join(stale)}; run make report"
        )
    headline = record.headline
    return passed(
        f"{_documents(record)} show {record.metrics_file}: {headline.label} "
        f"{headline.model} vs {headline.baseline} for the baseline (test split)"
    )


def check_beats_baseline(root: Path, record: RecordOrProblem) -> Outcome:
    if isinstance(record, str):
        return failed(record)
    headline = record.headline
    scores = (
        f"{headline.label} {headline.model} vs {headline.baseline} on the test split, "
        f"{headline.model_cv} vs {headline.baseline_cv} in cross-validation"
    )
    if headline.beats_baseline_on_test and headline.beats_baseline_in_cv:
        return passed(f"{scores}")
    where = " and ".join(
        name
        for name, beaten in (
            ("on the test split", headline.beats_baseline_on_test),
            ("in cross-validation", headline.beats_baseline_in_cv),
        )
        if not beaten
    )
    return failed(
        f"the model does not beat {headline.baseline_name} {where}: {scores}; "
        "the features may carry little signal about the target: improve the data or the "
        "features before showing it"
    )


def check_api_example(root: Path, record: RecordOrProblem) -> Outcome:
    if isinstance(record, str):
        return failed(record)
    for document in record.documents:
        text = _read(root / document.path)
        for name in document.blocks:
            content = block_content(text, name, record.markers) or ""
            route = next((route for route in API_ROUTES if route in content), None)
            if "curl" in content and route is not None:
                return passed(f"a curl example of POST {route} in {document.path}")
    return failed(
        f"no curl example of POST {' or '.join(API_ROUTES)} in the write-up; run make report"
    )


def check_figures(root: Path, record: RecordOrProblem) -> Outcome:
    if isinstance(record, str):
        return failed(record)
    if not record.figures:
        return failed("the write-up shows no figures; run make evaluate report")
    missing = [name for name in record.figures if not (root / name).is_file()]
    for document in record.documents:
        path = root / document.path
        for target in IMAGE_LINK.findall(_read(path)):
            if "://" not in target and not (path.parent / target).is_file():
                missing.append(f"{target} (linked from {document.path})")
    if missing:
        return failed(f"missing: {', '.join(missing)}; run make evaluate report")
    return passed(f"{len(record.figures)} figures, every image link works")


def check_social_preview(root: Path, record: RecordOrProblem) -> Outcome:
    if isinstance(record, str):
        return failed(record)
    image = record.social_preview
    if image is None:
        return failed("the report wrote no social preview; run make report")
    path = root / image.path
    if not path.is_file():
        return failed(f"no {image.path}; run make report")
    header = path.read_bytes()[:24]
    is_png = len(header) == 24 and header.startswith(PNG_SIGNATURE)
    size = struct.unpack(">II", header[16:24]) if is_png else None
    if size != (image.width, image.height):
        return failed(f"{image.path} is not a {image.width}x{image.height} PNG; run make report")
    return passed(f"{image.path}: upload it in the repository's Settings -> Social preview")


def check_prompts(root: Path, record: RecordOrProblem) -> Outcome:
    if isinstance(record, str):
        return failed(record)
    left: list[str] = []
    for document in record.documents:
        lines = prompt_lines(_read(root / document.path), record.prompt)
        if lines:
            where = ", ".join(map(str, lines[:8])) + (", ..." if len(lines) > 8 else "")
            left.append(f"{document.path} ({len(lines)}: lines {where})")
    if left:
        return failed(
            f"prompts left in {'; '.join(left)}: replace each {record.prompt!r} quote with "
            "your own words"
        )
    return passed(f"no prompts left in {_documents(record)}")


def check_license(root: Path, record: RecordOrProblem) -> Outcome:
    for name in ("LICENSE", "LICENSE.md", "LICENSE.txt", "COPYING"):
        if _read(root / name).strip():
            return passed(name)
    return failed("no LICENSE file; add one so that others may use the code")


def check_tests(root: Path, record: RecordOrProblem) -> Outcome:
    tests = sorted((root / "tests").rglob("test_*.py")) if (root / "tests").is_dir() else []
    if not tests:
        return failed("no tests/test_*.py; tests show that the code works")
    return passed(f"{len(tests)} test files in tests/")


def check_ci(root: Path, record: RecordOrProblem) -> Outcome:
    for name in ("ci.yml", "ci.yaml"):
        if (root / ".github" / "workflows" / name).is_file():
            return passed(f".github/workflows/{name}")
    return failed("no .github/workflows/ci.yml; restore it from the template")


# id, title, check: in the order they are shown.
CHECKS: tuple[tuple[str, str, Callable[[Path, RecordOrProblem], Outcome]], ...] = (
    ("results", "The write-up shows the current reports/metrics.json", check_results),
    ("beats-baseline", "The model beats its baseline (test split and CV)", check_beats_baseline),
    ("api-example", "README shows a real API call", check_api_example),
    ("figures", "Figures exist and every image link works", check_figures),
    ("social-preview", "Social preview image", check_social_preview),
    ("prompts", "Every write-up prompt answered", check_prompts),
    ("license", "License", check_license),
    ("tests", "Tests", check_tests),
    ("ci", "CI workflow", check_ci),
)


# --- reading what the report step left ------------------------------------------------


def _read_record(root: Path) -> RecordOrProblem:
    path = root / RECORD
    if not path.is_file():
        return NO_RECORD
    not_a_record = f"{RECORD} is not a report record; run make report"
    try:
        data = json.loads(path.read_bytes())
    except (json.JSONDecodeError, UnicodeDecodeError):
        return not_a_record
    # The version first: another version's fields are not this one's to validate.
    version = data.get("schema_version") if isinstance(data, dict) else None
    if isinstance(version, int) and version != SUPPORTED_RECORD_VERSION:
        return (
            f"{RECORD} has schema version {version}, doctor reads "
            f"{SUPPORTED_RECORD_VERSION}; update mlscaffold, or run make report with this template"
        )
    try:
        return ReportRecord.model_validate(data)
    except ValidationError:
        return not_a_record


def _stale_blocks(root: Path, record: ReportRecord) -> list[str]:
    """The blocks whose content differs from what the report wrote (or that are gone)."""
    stale = []
    for document in record.documents:
        text = _read(root / document.path)
        for name, digest in document.blocks.items():
            content = block_content(text, name, record.markers)
            if content is None or block_digest(content) != digest:
                stale.append(f"{document.path} ({name})")
    return stale


def block_content(text: str, name: str, markers: Markers) -> str | None:
    """The text between a block's start and end markers, or None without both."""
    start = markers.start.format(name=name)
    end = markers.end.format(name=name)
    begin = text.find(start)
    finish = text.find(end, begin + len(start)) if begin >= 0 else -1
    return None if finish < 0 else text[begin + len(start) : finish]


def block_digest(content: str) -> str:
    """As the record defines it: line endings as "\\n", no newline next to the markers."""
    normalized = content.replace("\r\n", "\n").strip("\n")
    return hashlib.sha256(normalized.encode("utf-8")).hexdigest()


def prompt_lines(text: str, prompt: str) -> list[int]:
    """Line numbers (from 1) of the lines that start with `prompt`."""
    return [
        number
        for number, line in enumerate(text.splitlines(), 1)
        if line.lstrip().startswith(prompt)
    ]


def _documents(record: ReportRecord) -> str:
    return ", ".join(document.path for document in record.documents)


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""
