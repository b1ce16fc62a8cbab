"""`create_project`: render a template into a new, committed project directory.

The template is a built-in one (by name) or a third-party copier or cookiecutter
template (a path or git URL). It is rendered beside the destination and moved into
place only when everything succeeded, so a failure leaves nothing behind (see
destination.py).
"""

from __future__ import annotations

import hashlib
import shutil
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

from mlscaffold import __version__, git, image_folder, validation
from mlscaffold.answers import check_asked_answers, check_known_answers
from mlscaffold.cruft_record import CruftRecord, write_record
from mlscaffold.destination import Staging, check_destination, staging
from mlscaffold.engines import RenderRequest, detect_engine, get_engine
from mlscaffold.errors import NotATemplate, UsageError
from mlscaffold.kinds import CSV, FOLDER
from mlscaffold.template_source import (
    TemplateSource,
    export,
    fetch,
    parse_source,
    resolve,
    uncommitted_changes,
)
from mlscaffold.template_versions import recorded_source
from mlscaffold.templates import DEFAULT_TEMPLATE, builtin_templates, get_builtin_template

# Answers that name a project's author in common templates: git's fallback identity.
_AUTHOR_NAMES = ("author_name", "full_name", "author")
_AUTHOR_EMAILS = ("author_email", "email")


@dataclass(frozen=True)
class CreateResult:
    destination: Path
    template: str  # a built-in template's name, or a third-party template's path or URL
    answers: Mapping[str, Any]
    commit: str
    engine: str = "copier"
    builtin: bool = True
    template_commit: str | None = None  # third-party templates from a git repository
    notes: tuple[str, ...] = ()  # what the user should know about the new project


def create_project(
    destination: Path,
    *,
    template: str = DEFAULT_TEMPLATE,
    data: Mapping[str, str] | None = None,
    use_defaults: bool = False,
    ref: str | None = None,
    directory: str | None = None,
    trust: bool = False,
) -> CreateResult:
    destination = destination.expanduser().absolute()
    check_destination(destination)
    data = dict(data or {})
    builtin = is_builtin_name(template)
    if builtin and (ref or directory):
        raise UsageError(
            f"--ref and --directory choose a version or folder of a template path or git "
            f"URL; the built-in {template!r} is the installed version (use ./{template} "
            "for a local folder of that name)"
        )
    # Made first: a destination that cannot be written is refused before any fetching.
    with staging(destination) as staged:
        if builtin:
            return _create_from_builtin(staged, template, data, use_defaults)
        return _create_from_source(
            staged, template, data, use_defaults, ref=ref, directory=directory, trust=trust
        )


def is_builtin_name(template: str) -> bool:
    """A bare name of a built-in template (a path to a folder of that name has a slash)."""
    return "/" not in template and template in {t.name for t in builtin_templates()}


def _create_from_builtin(
    staged: Staging, template: str, data: dict[str, str], use_defaults: bool
) -> CreateResult:
    builtin = get_builtin_template(template)
    check_known_answers(data, builtin.question_names)
    if data:  # with no answers given, none can be dropped
        check_asked_answers(data, builtin.questions)

    def render(rendered: Path) -> Mapping[str, Any]:
        answers = get_engine("copier").render(
            RenderRequest(
                builtin.path,
                rendered,
                data,
                use_defaults,
                recorded_as=recorded_source(builtin.name, builtin.path),
            )
        )
        _bring_in_own_data(rendered, answers)
        return answers

    answers, commit = _render_and_commit(
        staged, render, f"mlscaffold {__version__} ({template} template)"
    )
    return CreateResult(staged.destination, template, answers, commit)


def _create_from_source(
    staged: Staging,
    spec: str,
    data: dict[str, str],
    use_defaults: bool,
    *,
    ref: str | None,
    directory: str | None,
    trust: bool,
) -> CreateResult:
    source = parse_source(spec)
    with tempfile.TemporaryDirectory(prefix="mlscaffold-template-") as scratch_dir:
        files, template_commit = _template_files(source, ref, Path(scratch_dir))
        folder = _template_folder(source, directory)
        template_dir = files / folder
        if directory and not template_dir.is_dir():
            at = f" at {ref}" if ref else ""
            raise NotATemplate(
                f"--directory {directory!r} is not a folder of {source.location}{at}; "
                "give the template's folder relative to the repository's top"
            )
        engine_name = detect_engine(template_dir)
        if engine_name is None:
            raise NotATemplate(
                f"{spec}{'/' + folder if folder else ''} is neither a copier template "
                "(copier.yml) nor a cookiecutter template (cookiecutter.json); "
                "point --template (and --directory) at the template's folder"
            )
        engine = get_engine(engine_name)
        check_known_answers(data, engine.question_names(template_dir))
        notes = list(_notes(source, engine_name, template_commit))
        if engine_name == "cookiecutter":
            record = CruftRecord(source.location, template_commit, ref, folder or None, {})
            render = _cookiecutter_render(template_dir, record, data, use_defaults)
        else:
            render = _copier_render(source, folder, directory, ref, data, use_defaults, trust)
        described = f"{source.location} ({engine_name} template"
        described += f" at {template_commit[:7]})" if template_commit else ")"
        answers, commit = _render_and_commit(staged, render, described)
    if engine_name == "copier" and "_src_path" not in answers:
        notes.append(
            "the template writes no copier answers file, so `mlscaffold update` cannot "
            "update this project"
        )
    return CreateResult(
        staged.destination, source.location, answers, commit, engine_name, builtin=False,
        template_commit=template_commit, notes=tuple(notes),
    )  # fmt: skip


def _template_files(
    source: TemplateSource, ref: str | None, scratch: Path
) -> tuple[Path, str | None]:
    """The template's files at `ref` (from a clone), or a plain folder as it is."""
    if not source.is_repository:
        if ref:
            raise UsageError(
                f"--ref needs a git repository, and {source.location} is a plain folder; "
                "leave out --ref or put the template under git"
            )
        return Path(source.location), None
    repository = fetch(source, scratch / "template.git")
    commit = resolve(repository, ref, source.location)
    return export(repository, commit, scratch / "files"), commit


def _template_folder(source: TemplateSource, directory: str | None) -> str:
    """The template's folder in its repository: the path given, then --directory in it."""
    parts = [part for part in (source.subfolder, directory or "") if part]
    folder = PurePosixPath(*parts).as_posix() if parts else ""
    if folder.startswith(("/", "..")) or "/../" in f"/{folder}/":
        raise UsageError(f"--directory {directory!r} must be a folder inside the template")
    return "" if folder == "." else folder


def _cookiecutter_render(
    template_dir: Path, record: CruftRecord, data: dict[str, str], use_defaults: bool
) -> Callable[[Path], Mapping[str, Any]]:
    """Renders, then records in .cruft.json what updates need: the source, the commit and
    the whole context cookiecutter rendered with."""
    engine = get_engine("cookiecutter")

    def render(rendered: Path) -> Mapping[str, Any]:
        context = engine.render(RenderRequest(template_dir, rendered, data, use_defaults))
        write_record(rendered, replace(record, context=context))
        return context

    return render


def _copier_render(
    source: TemplateSource,
    folder: str,
    directory: str | None,
    ref: str | None,
    data: dict[str, str],
    use_defaults: bool,
    trust: bool,
) -> Callable[[Path], Mapping[str, Any]]:
    if directory:
        raise UsageError(
            "--directory is for cookiecutter templates; copier renders a template from "
            "the top of its repository (copier.yml may name its own _subdirectory)"
        )
    # copier fetches the template itself and records where from (`_src_path`), which is
    # what its updates fetch again. A folder inside a repository is a plain folder to it.
    template = str(Path(source.location) / folder) if folder else source.location
    engine = get_engine("copier")

    def render(rendered: Path) -> Mapping[str, Any]:
        return engine.render(
            RenderRequest(
                template, rendered, data, use_defaults,
                vcs_ref=ref if source.is_repository and not folder else None, unsafe=trust,
            )
        )  # fmt: skip

    return render


def _notes(source: TemplateSource, engine: str, commit: str | None) -> tuple[str, ...]:
    if commit is None:
        return (
            f"{source.location} is not in a git repository, so `mlscaffold update` cannot "
            "render the version this project came from; put the template under git",
        )
    if engine == "copier" and source.subfolder:
        return (
            "copier updates only templates at the top of a git repository; this one is a "
            "folder inside one, so `mlscaffold update` cannot update this project",
        )
    if engine == "cookiecutter" and uncommitted_changes(source):
        return (
            f"{source.location} has uncommitted changes, which are left out: the project "
            f"is made from its last commit, {commit[:7]}",
        )
    return ()


def _render_and_commit(
    staged: Staging, render: Callable[[Path], Mapping[str, Any]], template: str
) -> tuple[Mapping[str, Any], str]:
    """Renders into the staging directory, makes the first commit, moves it into place."""
    with staged.writing():
        answers = render(staged.project)
        commit = git.init_and_commit(
            staged.project,
            f"Create {answers.get('project_name', staged.destination.name)} from {template}",
            fallback_name=_first_answer(answers, _AUTHOR_NAMES) or "mlscaffold",
            fallback_email=_first_answer(answers, _AUTHOR_EMAILS) or "mlscaffold@localhost",
        )
    staged.move_into_place()
    return answers, commit


def _first_answer(answers: Mapping[str, Any], keys: tuple[str, ...]) -> str:
    return next((str(answers[key]) for key in keys if answers.get(key)), "")


def _bring_in_own_data(project: Path, answers: Mapping[str, Any]) -> None:
    """Copies the user's own data into data/raw/ with its sha256, which the data step
    verifies: a local CSV, or a folder (or .zip) of images as data/raw/images/."""
    if answers.get("dataset") == CSV:
        _bring_in_local_csv(project, answers)
    elif answers.get("dataset") == FOLDER and answers.get("image_dir"):
        image_folder.bring_in_images(str(answers["image_dir"]), project / "data" / "raw")


def _bring_in_local_csv(project: Path, answers: Mapping[str, Any]) -> None:
    source = answers.get("csv_path")
    if not source or validation.is_url(str(source)):
        return
    source_path = Path(str(source)).expanduser()
    raw = project / "data" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    copied = raw / source_path.name
    shutil.copyfile(source_path, copied)
    digest = hashlib.sha256(copied.read_bytes()).hexdigest()
    (raw / f"{copied.name}.sha256").write_text(f"{digest}\n", encoding="utf-8")
