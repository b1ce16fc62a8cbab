"""`.cruft.json`: what a project made from a cookiecutter template records for updates.

cookiecutter itself records nothing, so mlscaffold writes the file cruft writes, in
cruft's format: a project cruft made updates with mlscaffold as it is, and a project
mlscaffold made stays usable with `cruft update`/`cruft diff`. The file holds the
template's source (`template`, a path or git URL, and `directory` inside it), the commit
the project was rendered from or last updated to (`commit`), the ref updates follow
(`checkout`; none: the default branch) and every variable of the rendered context
(`context.cookiecutter`), which an update replays to render the old and the new version.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlscaffold.errors import NotAProject

CRUFT_FILE = ".cruft.json"
_KNOWN_KEYS = ("template", "commit", "checkout", "context", "directory", "skip")


@dataclass(frozen=True)
class CruftRecord:
    template: str
    commit: str | None
    checkout: str | None
    directory: str | None
    context: Mapping[str, Any]  # context.cookiecutter: answers, computed values, _ settings
    skip: tuple[str, ...] = ()  # paths that updates leave alone (cruft's `skip`)
    # Keys cruft or the user added that mlscaffold does not use, written back as they were.
    other: Mapping[str, Any] = field(default_factory=dict)

    @property
    def answers(self) -> dict[str, Any]:
        """The variables to replay: cookiecutter's `_` settings come from the template."""
        return {key: value for key, value in self.context.items() if not key.startswith("_")}


def read_record(project: Path) -> CruftRecord:
    path = project / CRUFT_FILE
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        raise NotAProject(
            f"{path} is not valid JSON; restore it with `git checkout -- {CRUFT_FILE}`"
        ) from err
    context = raw.get("context", {}).get("cookiecutter") if isinstance(raw, dict) else None
    if not isinstance(raw, dict) or not raw.get("template") or not isinstance(context, dict):
        raise NotAProject(
            f"{path} lacks the template or its context; restore it with "
            f"`git checkout -- {CRUFT_FILE}`"
        )
    return CruftRecord(
        template=str(raw["template"]),
        commit=_optional(raw.get("commit")),
        checkout=_optional(raw.get("checkout")),
        directory=_optional(raw.get("directory")),
        context=context,
        skip=tuple(str(path) for path in raw.get("skip") or ()),
        other={key: value for key, value in raw.items() if key not in _KNOWN_KEYS},
    )


def write_record(project: Path, record: CruftRecord) -> None:
    context = dict(record.context)
    # Recent cruft versions also keep these two in the context; templates may use them.
    context["_template"] = record.template
    if record.commit:
        context["_commit"] = record.commit
    raw: dict[str, Any] = {
        "template": record.template,
        "commit": record.commit,
        "checkout": record.checkout,
        "context": {"cookiecutter": context},
        "directory": record.directory,
    }
    if record.skip:
        raw["skip"] = list(record.skip)
    raw.update(record.other)
    # cruft's own layout, so that either tool rewriting the file leaves a small diff.
    text = json.dumps(raw, ensure_ascii=False, indent=2, separators=(",", ": "))
    (project / CRUFT_FILE).write_text(text + "\n", encoding="utf-8")


def _optional(value: object) -> str | None:
    return str(value) if value not in (None, "") else None
