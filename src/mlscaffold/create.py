"""`create_project`: render a template into a new, committed project directory.

Rendering happens in a staging directory beside the destination and is moved into
place only when everything succeeded, so a failure leaves nothing behind.
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mlscaffold import __version__, validation
from mlscaffold.engines import RenderRequest, get_engine
from mlscaffold.errors import DestinationNotEmpty, InvalidAnswer
from mlscaffold.git import init_and_commit
from mlscaffold.template_versions import recorded_source
from mlscaffold.templates import DEFAULT_TEMPLATE, get_builtin_template


@dataclass(frozen=True)
class CreateResult:
    destination: Path
    template: str
    answers: Mapping[str, Any]
    commit: str


def create_project(
    destination: Path,
    *,
    template: str = DEFAULT_TEMPLATE,
    data: Mapping[str, str] | None = None,
    use_defaults: bool = False,
) -> CreateResult:
    destination = destination.expanduser().absolute()
    _check_destination(destination)
    builtin = get_builtin_template(template)
    data = dict(data or {})
    check_known_answers(data, builtin.question_names)

    staging_parent = _nearest_existing_dir(destination.parent)
    staging = Path(tempfile.mkdtemp(prefix=f".{destination.name}-", dir=staging_parent))
    try:
        rendered = staging / destination.name
        answers = get_engine(builtin.path).render(
            RenderRequest(
                builtin.path,
                rendered,
                data,
                use_defaults,
                recorded_as=recorded_source(builtin.name, builtin.path),
            )
        )
        _bring_in_local_csv(rendered, answers)
        commit = init_and_commit(
            rendered,
            f"Create {answers.get('project_name', destination.name)} "
            f"from mlscaffold {__version__} ({template} template)",
            fallback_name=str(answers.get("author_name") or "mlscaffold"),
            fallback_email=str(answers.get("author_email") or "mlscaffold@localhost"),
        )
        _move_into_place(rendered, destination)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return CreateResult(destination, template, answers, commit)


def _check_destination(destination: Path) -> None:
    if destination.exists() and not destination.is_dir():
        raise DestinationNotEmpty(f"{destination} exists and is a file; choose another directory")
    if destination.is_dir() and any(destination.iterdir()):
        raise DestinationNotEmpty(
            f"{destination} already exists and is not empty; choose another directory"
        )


def check_known_answers(data: Mapping[str, str], known: tuple[str, ...]) -> None:
    unknown = sorted(set(data) - set(known))
    if unknown:
        raise InvalidAnswer(
            f"unknown answer {unknown[0]!r} in --data; known answers: {', '.join(known)}"
        )


def _nearest_existing_dir(path: Path) -> Path:
    while not path.is_dir():
        path = path.parent
    return path


def _bring_in_local_csv(project: Path, answers: Mapping[str, Any]) -> None:
    """Copies a local CSV into data/raw/ with its sha256, which the data step verifies."""
    source = answers.get("csv_path")
    if answers.get("dataset") != "csv" or not source or validation.is_url(str(source)):
        return
    source_path = Path(str(source)).expanduser()
    raw = project / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    copied = raw / source_path.name
    shutil.copyfile(source_path, copied)
    digest = hashlib.sha256(copied.read_bytes()).hexdigest()
    (raw / f"{copied.name}.sha256").write_text(f"{digest}\n", encoding="utf-8")


def _move_into_place(rendered: Path, destination: Path) -> None:
    if destination.is_dir():
        destination.rmdir()  # checked empty above; os.replace onto a directory is not portable
    destination.parent.mkdir(parents=True, exist_ok=True)
    rendered.replace(destination)
