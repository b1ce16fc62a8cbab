"""`mlscaffold doctor`: is a generated project ready to show? A checklist with a score.

The checks read files only (nothing is run): the README's results section against
reports/metrics.json, the figures, the author's answers to the write-up prompts,
and the license, tests and CI workflow a public repository should have.

Shared with the template's report step (`src/<package>/reporting/`), and tested
against it: the block markers, the prompt convention, the metrics digest and the
way numbers are written.
"""

from __future__ import annotations

import hashlib
import json
import re
import struct
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlscaffold.errors import NotAProject
from mlscaffold.generated import GeneratedProject, read_project

TEMPLATE = "ml-project"
# An author prompt: a blockquote line that starts with "✍️ **Your turn:**".
PROMPT_LINE = re.compile(r"^[ \t]*>[ \t]*(?:✍️?[ \t]*)?\*\*Your turn:\*\*", re.MULTILINE)
DIGEST = re.compile(r"reports/metrics\.json sha256=(?P<digest>[0-9a-f]{64})")
IMAGE_LINK = re.compile(r"!\[[^\]]*\]\((?P<target>[^)\s]+)\)")
PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SOCIAL_PREVIEW_SIZE = (1280, 640)
README = "README.md"
MODEL_CARD = "reports/model_card.md"
WRITEUP = "reports/writeup.md"
METRICS = "reports/metrics.json"
SOCIAL_PREVIEW = "reports/social_preview.png"


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
    checks = (Check(check_id, title, *check(root)) for check_id, title, check in CHECKS)
    return DoctorResult(root, tuple(checks))


def _ml_project(path: Path) -> GeneratedProject:
    project = read_project(path)
    if not isinstance(project, GeneratedProject) or project.template.name != TEMPLATE:
        raise NotAProject(
            f"{project.path} was not made from mlscaffold's {TEMPLATE} template; "
            "doctor knows only that template's layout"
        )
    return project


# --- the checks: each reads the project root and returns (passed, detail) ------------

Outcome = tuple[bool, str]  # passed?, and what was found (for a failure: what to do)


def passed(detail: str) -> Outcome:
    return True, detail


def failed(detail: str) -> Outcome:
    return False, detail


def check_results(root: Path) -> Outcome:
    if not (root / METRICS).is_file():
        return failed(f"no {METRICS}; run make evaluate, then make report")
    metrics = _json(root / METRICS)
    if metrics is None:
        return failed(f"{METRICS} is not a JSON object; run make evaluate")
    section = block_content(_read(root / README), "results")
    if section is None:
        return failed(
            f"{README} has no results section (the mlscaffold:results start and end "
            "markers); put them back where the results should go, then run make report"
        )
    recorded = DIGEST.search(section)
    if recorded is None:
        return failed("the results section is not written yet; run make report")
    if recorded["digest"] != metrics_digest(metrics):
        return failed(f"the results section is out of date: {METRICS} changed; run make report")
    missing = [value for value in headline_numbers(metrics) if value not in section]
    if missing:
        return failed(
            f"the headline numbers {', '.join(missing)} are not in the results section "
            "(edited by hand?); run make report"
        )
    return passed(f"{README} shows the numbers of {METRICS}")


def check_api_example(root: Path) -> Outcome:
    text = _read(root / README)
    if "curl" in text and "/v1/predict" in text:
        return passed("a curl example of POST /v1/predict")
    return failed(
        f"no curl example of /v1/predict in {README}; run make report (it fills the "
        "mlscaffold:api-example section with a real record)"
    )


def check_figures(root: Path) -> Outcome:
    metrics = _json(root / METRICS) or {}
    listed = [f"reports/{name}" for name in metrics.get("figures", [])]
    if not listed:
        return failed(f"no figures listed in {METRICS}; run make evaluate")
    missing = [name for name in listed if not (root / name).is_file()]
    for document in (README, MODEL_CARD, WRITEUP):
        path = root / document
        for target in IMAGE_LINK.findall(_read(path)):
            if "://" not in target and not (path.parent / target).is_file():
                missing.append(f"{target} (linked from {document})")
    if missing:
        return failed(f"missing: {', '.join(missing)}; run make evaluate report")
    return passed(f"{len(listed)} figures in reports/figures/, every image link works")


def check_social_preview(root: Path) -> Outcome:
    path = root / SOCIAL_PREVIEW
    if not path.is_file():
        return failed(f"no {SOCIAL_PREVIEW}; run make report")
    header = path.read_bytes()[:24]
    size = struct.unpack(">II", header[16:24]) if header.startswith(PNG_SIGNATURE) else None
    if size != SOCIAL_PREVIEW_SIZE:
        return failed(f"{SOCIAL_PREVIEW} is not a 1280x640 PNG; run make report")
    return passed(f"{SOCIAL_PREVIEW}: upload it in the repository's Settings -> Social preview")


def check_readme_prompts(root: Path) -> Outcome:
    return _prompts_answered(root, README)


def check_model_card(root: Path) -> Outcome:
    return _prompts_answered(root, MODEL_CARD)


def check_writeup(root: Path) -> Outcome:
    return _prompts_answered(root, WRITEUP)


def check_license(root: Path) -> Outcome:
    for name in ("LICENSE", "LICENSE.md", "LICENSE.txt", "COPYING"):
        if _read(root / name).strip():
            return passed(name)
    return failed("no LICENSE file; add one so that others may use the code")


def check_tests(root: Path) -> Outcome:
    tests = sorted((root / "tests").rglob("test_*.py")) if (root / "tests").is_dir() else []
    if not tests:
        return failed("no tests/test_*.py; tests show that the code works")
    return passed(f"{len(tests)} test files in tests/")


def check_ci(root: Path) -> Outcome:
    for name in ("ci.yml", "ci.yaml"):
        if (root / ".github" / "workflows" / name).is_file():
            return passed(f".github/workflows/{name}")
    return failed("no .github/workflows/ci.yml; restore it from the template")


# id, title, check: in the order they are shown.
CHECKS: tuple[tuple[str, str, Callable[[Path], Outcome]], ...] = (
    ("results", "README results match reports/metrics.json", check_results),
    ("api-example", "README shows a real API call", check_api_example),
    ("figures", "Figures exist and every image link works", check_figures),
    ("social-preview", "Social preview image (1280x640)", check_social_preview),
    ("readme-prompts", "README prompts answered", check_readme_prompts),
    ("model-card", "Model card written and answered", check_model_card),
    ("writeup", "Write-up written and answered", check_writeup),
    ("license", "License", check_license),
    ("tests", "Tests", check_tests),
    ("ci", "CI workflow", check_ci),
)


# --- what the report step writes, read the same way it writes it ---------------------


def metrics_digest(metrics: Any) -> str:
    """SHA-256 of metrics.json's content, however it is laid out (as the report computes it)."""
    canonical = json.dumps(metrics, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def number(value: float) -> str:
    """A number as the report writes it: 3 decimals below 10, 1 below 1000, else none."""
    if abs(value) < 10:
        return f"{value:.3f}"
    if abs(value) < 1000:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def headline_numbers(metrics: dict[str, Any]) -> list[str]:
    """The headline metric of the model and the baseline on the test split, as written."""
    name = metrics.get("headline_metric")
    test = metrics.get("test", {})
    values = [test.get(side, {}).get(name) for side in ("model", "baseline")]
    return [number(value) for value in values if isinstance(value, (int, float))]


def block_content(text: str, name: str) -> str | None:
    """The text between a block's start and end markers, or None without both."""
    marker = r"<!--[ \t]*mlscaffold:{name}:{end}[ \t]*-->"
    match = re.search(
        marker.format(name=re.escape(name), end="start")
        + r"(?P<content>.*?)"
        + marker.format(name=re.escape(name), end="end"),
        text,
        re.DOTALL,
    )
    return None if match is None else match["content"]


def prompt_lines(text: str) -> list[int]:
    """Line numbers (from 1) of the author prompts left in `text`."""
    return [text.count("\n", 0, match.start()) + 1 for match in PROMPT_LINE.finditer(text)]


def _prompts_answered(root: Path, document: str) -> Outcome:
    path = root / document
    if not path.is_file():
        return failed(f"no {document}; run make report")
    lines = prompt_lines(_read(path))
    if lines:
        where = ", ".join(map(str, lines[:8])) + (", ..." if len(lines) > 8 else "")
        return failed(
            f"{len(lines)} prompts left in {document} (lines {where}): replace each "
            '"✍️ Your turn" quote with your own words'
        )
    return passed(f"{document}: no prompts left")


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8") if path.is_file() else ""


def _json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None
    return data if isinstance(data, dict) else None
