"""The template notes of CHANGELOG.md: what each template version brings to a project.

Under "Template changes", each version has a heading `#### <template> <version>`
followed by bullets; `mlscaffold check` shows them for the versions a project lacks.
CHANGELOG.md ships inside the wheel next to the templates.
"""

from __future__ import annotations

import re
from pathlib import Path

_HEADING = re.compile(r"^#{1,6}\s")
_BULLET = re.compile(r"^[-*]\s+")


def changelog_path() -> Path:
    packaged = Path(__file__).parent / "CHANGELOG.md"
    if packaged.is_file():
        return packaged
    return Path(__file__).resolve().parents[2] / "CHANGELOG.md"


def template_notes(template_name: str, path: Path | None = None) -> dict[int, tuple[str, ...]]:
    """Version -> its notes, one per bullet (continuation lines joined)."""
    path = path or changelog_path()
    if not path.is_file():
        return {}
    version_heading = re.compile(rf"^#{{1,6}}\s+{re.escape(template_name)}\s+(\d+)\s*$")
    notes: dict[int, list[str]] = {}
    current: list[str] | None = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if _HEADING.match(line):
            match = version_heading.match(line.strip())
            current = notes.setdefault(int(match[1]), []) if match else None
        elif current is not None and _BULLET.match(line):
            current.append(_BULLET.sub("", line).strip())
        elif current is not None and current and line.strip():
            current[-1] = f"{current[-1]} {line.strip()}"
    return {version: tuple(lines) for version, lines in notes.items()}
