"""mlscaffold's command line: parse, call the library, render the result.

The only module that imports click. Exit codes (see errors.py): 0 success,
1 failure, 2 bad input (nothing written), 130 interrupted.
"""

from __future__ import annotations

import atexit
import gc
import json
import sys
from collections.abc import Callable, Iterable
from dataclasses import asdict
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, ParamSpec, TypeVar

import click

from mlscaffold import __version__
from mlscaffold.credentials import DEFAULT_API_URL
from mlscaffold.errors import EXIT_FAILURE, EXIT_INTERRUPTED, MlscaffoldError, UsageError
from mlscaffold.templates import DEFAULT_TEMPLATE

# Each command imports the module that does its work when it runs, so a start-up pays
# only for the command it is (pipx does the same).
if TYPE_CHECKING:
    from mlscaffold.catalog import CatalogEntry
    from mlscaffold.check import CheckResult
    from mlscaffold.create import CreateResult
    from mlscaffold.doctor import DoctorResult
    from mlscaffold.publish import PublishPlan, PublishResult
    from mlscaffold.update import UpdateResult

P = ParamSpec("P")
R = TypeVar("R")


def _reports_errors(command: Callable[P, R]) -> Callable[P, R]:
    """Turns every failure into one line on stderr and an exit code; --debug shows the rest."""

    @wraps(command)
    def wrapper(*args: P.args, **kwargs: P.kwargs) -> R:
        debug = bool(click.get_current_context().find_root().params.get("debug"))
        try:
            return command(*args, **kwargs)
        except MlscaffoldError as err:
            if debug:
                raise
            _fail(err.message, err.exit_code)
        except KeyboardInterrupt:
            _fail("interrupted", EXIT_INTERRUPTED)
        except Exception as err:  # anything unexpected still ends as a message
            if debug:
                raise
            _fail(f"unexpected error: {err!r} (run with --debug for details)", EXIT_FAILURE)

    return wrapper


def _fail(message: str, exit_code: int) -> NoReturn:
    click.echo(f"mlscaffold: error: {message}", err=True)
    sys.exit(exit_code)


def parse_data_pairs(pairs: Iterable[str]) -> dict[str, str]:
    data: dict[str, str] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise UsageError(f"--data {pair!r} is not KEY=VALUE; write it like -d dataset=iris")
        data[key.strip()] = value
    return data


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="mlscaffold")
@click.option("--debug", is_flag=True, help="Show tracebacks instead of one-line errors.")
def main(debug: bool) -> None:
    """Start, ship and show machine-learning projects.

    \b
    Example:
        mlscaffold new demo --defaults
        cd demo && make all
    """


def run() -> None:
    """The `mlscaffold` command: `main` in a process of its own, which ends after it."""
    # Python's last garbage collections at exit walk every object that copier, jinja
    # and pydantic made, a tenth of a second of `new`; the memory goes with the process.
    atexit.register(gc.freeze)
    main()


@main.command()
@click.argument("destination", type=click.Path(path_type=Path))
@click.option(
    "--defaults", "use_defaults", is_flag=True, help="Ask nothing; use defaults and --data."
)
@click.option(
    "-d", "--data", "data_pairs", multiple=True, metavar="KEY=VALUE",
    help="Preset an answer (repeatable), e.g. -d dataset=diabetes -d model=linear.",
)  # fmt: skip
@click.option(
    "--template", default=DEFAULT_TEMPLATE, show_default=True, metavar="SRC",
    help="A built-in template's name (see `mlscaffold list`), or the path or git URL of a "
    "copier or cookiecutter template.",
)  # fmt: skip
@click.option(
    "--ref", metavar="REF",
    help="Branch, tag or commit of a git template (default: its default branch; copier: "
    "its newest release tag).",
)  # fmt: skip
@click.option("--directory", metavar="SUBDIR", help="The template's folder inside the repository.")
@click.option(
    "--trust", is_flag=True,
    help="Let a third-party copier template run its tasks, migrations and jinja extensions.",
)  # fmt: skip
@_reports_errors
def new(
    destination: Path,
    use_defaults: bool,
    data_pairs: tuple[str, ...],
    template: str,
    ref: str | None,
    directory: str | None,
    trust: bool,
) -> None:
    """Create a project in DESTINATION: a working end-to-end ML project, or any template's.

    Asks the template's questions (data set, model, names, ...) unless --defaults is given,
    renders the project, makes its first git commit and prints the next steps. --template
    also takes a copier template (copier.yml) or a cookiecutter template (cookiecutter.json)
    by path or git URL; `mlscaffold update` keeps the project up to date with it.

    \b
    Examples:
        mlscaffold new demo --defaults
        mlscaffold new house-prices -d dataset=csv -d csv_path=houses.csv -d target=price
        mlscaffold new wine-model --defaults -d dataset=wine -d model=gradient_boosting
        mlscaffold new reviews --defaults -d kind=text -d model=tfidf
        mlscaffold new pets --defaults -d kind=image -d dataset=folder -d image_dir=pets.zip
        mlscaffold new mypkg --template gh:audreyfeldroy/cookiecutter-pypackage --defaults
        mlscaffold new site --template ../templates --directory blog --ref v2.0
        mlscaffold new api --template https://example.org/copier-api.git --trust
    """
    from mlscaffold.create import create_project

    result = create_project(
        destination, template=template, data=parse_data_pairs(data_pairs),
        use_defaults=use_defaults, ref=ref, directory=directory, trust=trust,
    )  # fmt: skip
    click.echo(_next_steps(result) if result.builtin else _created_from_template(result))
    for note in result.notes:
        click.echo(f"mlscaffold: note: {note}", err=True)


def _created_from_template(result: CreateResult) -> str:
    where = _display_path(result.destination)
    at = f" at {result.template_commit[:7]}" if result.template_commit else ""
    return "\n".join(
        [
            f"Created {where} from the {result.engine} template {result.template}{at} "
            f"(first commit {result.commit[:7]}).",
            "",
            "Next steps:",
            f"  cd {where}",
            f"  mlscaffold check {where}   # later: is the template newer?",
            f"  mlscaffold update {where}  # bring its changes in, keeping yours",
        ]
    )


def _next_steps(result: CreateResult) -> str:
    package = result.answers.get("package_name", "<package>")
    where = _display_path(result.destination)
    return "\n".join(
        [
            f"Created {result.answers.get('project_name', where)} in {where} "
            f"({result.answers.get('dataset')}, {result.answers.get('model')} model; "
            f"first commit {result.commit[:7]}).",
            "",
            "Next steps:",
            f"  cd {where}",
            "  make all          # set up, get data, train, evaluate, test",
            "  make serve        # the model behind an HTTP API on http://127.0.0.1:8000/docs",
            "  make docker-build # the same service as a container image",
            f"Without make: uv sync, then uv run python -m {package} data|train|evaluate|serve",
        ]
    )


def _display_path(path: Path) -> str:
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


@main.command(name="list")
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@_reports_errors
def list_(as_json: bool) -> None:
    """List the kinds of project, the data sets and models of each, and the templates.

    \b
    Example:
        mlscaffold list
        mlscaffold list --json
    """
    from mlscaffold.catalog import catalog

    entries = catalog()
    if as_json:
        click.echo(json.dumps([asdict(entry) for entry in entries], indent=2))
        return
    click.echo(_render_catalog(entries))


def _render_catalog(entries: tuple[CatalogEntry, ...]) -> str:
    def rows(section: str, kind: str | None, indent: str) -> list[str]:
        return [
            f"{indent}{entry.key:<18} {entry.summary}"
            for entry in entries
            if entry.section == section and entry.kind == kind
        ]

    lines = ["Kinds (-d kind=...):", *rows("kind", None, "  "), ""]
    for kind in (entry.key for entry in entries if entry.section == "kind"):
        lines += [f"kind={kind}:", "  Data sets:", *rows("dataset", kind, "    ")]
        lines += ["  Models:", *rows("model", kind, "    "), ""]
    lines += ["Templates:", *rows("template", None, "  ")]
    return "\n".join(lines)


@main.command()
@click.argument("path", default=".", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--name", help="Repository name (default: from the project name).")
@click.option("--org", help="Create the repository in this organisation (default: your user).")
@click.option("--private", is_flag=True, help="Create a private repository.")
@click.option(
    "--existing", is_flag=True,
    help="The repository exists already: only push and set description, topics and Pages.",
)  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Print the plan; change nothing, call nothing.")
@click.option(
    "--api-url", default=DEFAULT_API_URL, show_default=True,
    help="GitHub's REST API (GitHub Enterprise: https://HOST/api/v3).",
)  # fmt: skip
@click.option("--remote-url", help="Push here instead of the repository's clone URL.")
@_reports_errors
def publish(
    path: Path,
    name: str | None,
    org: str | None,
    private: bool,
    existing: bool,
    dry_run: bool,
    api_url: str,
    remote_url: str | None,
) -> None:
    """Put a generated project on GitHub: repository, push, Pages, topics.

    Creates the repository through GitHub's REST API with the project's description
    and topics, enables GitHub Pages for the write-up, pushes main (its workflows
    then run CI and publish the site) and prints the repository, Pages and Actions
    URLs. Refuses uncommitted or untracked files. The token comes from GH_TOKEN or
    GITHUB_TOKEN, else from `gh auth token`; it is sent as an HTTP header and never
    stored or printed.

    \b
    Examples:
        mlscaffold publish demo --dry-run
        GH_TOKEN=... mlscaffold publish demo
        mlscaffold publish demo --org my-lab --private
        mlscaffold publish demo --existing
    """
    from mlscaffold.publish import PublishOptions, plan_publish, publish_project

    options = PublishOptions(
        name=name, org=org, private=private, existing=existing, api_url=api_url,
        remote_url=remote_url,
    )  # fmt: skip
    if dry_run:
        click.echo(_render_plan(plan_publish(path, options)))
        return
    result = publish_project(path, options)
    click.echo(_render_published(result))
    for warning in result.warnings:
        click.echo(f"mlscaffold: warning: {warning}", err=True)


def _render_plan(plan: PublishPlan) -> str:
    from mlscaffold.publish import iter_plan_steps

    steps = [f"  {number}. {step}" for number, step in enumerate(iter_plan_steps(plan), 1)]
    return "\n".join([f"Plan for {_display_path(plan.project)} (dry run: nothing done):", *steps])


def _render_published(result: PublishResult) -> str:
    how = "created" if result.created else "existing repository"
    pages = (
        f"{result.pages_url} (live after the Pages workflow's first run)"
        if result.pages_url
        else "not enabled (see the warning below)"
    )
    preview = _display_path(result.social_preview)
    if result.social_preview.is_file():
        upload = f"upload {preview}"
    else:
        upload = f"once `make report` has written {preview}, upload it"
    return "\n".join(
        [
            f"Published {result.repository} ({how}; pushed {result.commit[:7]} to main).",
            f"  Repository: {result.repository_url}",
            f"  Pages:      {pages}",
            f"  Actions:    {result.actions_url}",
            f"  Topics:     {', '.join(result.plan.topics)}",
            f"Social preview (GitHub has no API for it): {upload} in "
            f"{result.settings_url} -> Social preview.",
        ]
    )


@main.command()
@click.argument("path", default=".", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option(
    "--to", "to_version", metavar="VERSION",
    help="Template version to update to (default: the newest this mlscaffold has); for a "
    "third-party template a branch, tag or commit.",
)  # fmt: skip
@click.option(
    "-d", "--data", "data_pairs", multiple=True, metavar="KEY=VALUE",
    help="Change an answer (repeatable), e.g. -d model=linear; re-renders what it affects.",
)  # fmt: skip
@click.option(
    "--conflict", type=click.Choice(["inline", "rej"]), default="inline", show_default=True,
    help="Leave conflicts as markers in the files (inline) or in *.rej files beside them.",
)  # fmt: skip
@click.option("--dry-run", is_flag=True, help="Show what would change; change nothing.")
@click.option(
    "--trust", is_flag=True,
    help="Let a third-party copier template run its tasks, migrations and jinja extensions.",
)  # fmt: skip
@_reports_errors
def update(
    path: Path,
    to_version: str | None,
    data_pairs: tuple[str, ...],
    conflict: str,
    dry_run: bool,
    trust: bool,
) -> None:
    """Bring template changes into a project made by `mlscaffold new`, keeping your edits.

    A 3-way merge of what changed in the template between the version PATH records
    and the newest one (or --to), applied onto your committed project; files you
    never changed get the new version, files you deleted stay deleted, overlapping
    edits become conflicts. Works offline (for a third-party template, when its
    repository is local). Projects from copier or cookiecutter templates (.cruft.json,
    cruft's too) update the same way. Commit (or stash) your changes first.
    Exit codes: 0 updated or already current, 1 conflicts left to resolve, 2 refused.

    \b
    Examples:
        mlscaffold update --dry-run
        mlscaffold update demo
        mlscaffold update demo -d model=gradient_boosting
        mlscaffold update demo --to 3 --conflict rej
        mlscaffold update mypkg --to v2.1
    """
    from mlscaffold.update import update_project

    result = update_project(
        path, to=to_version, data=parse_data_pairs(data_pairs),
        conflict="rej" if conflict == "rej" else "inline", dry_run=dry_run, trust=trust,
    )  # fmt: skip
    click.echo(_render_update(result))
    if result.conflicts:
        sys.exit(EXIT_FAILURE)


def _render_update(result: UpdateResult) -> str:
    where = _display_path(result.project)
    versions = _version_text(result.template, result.from_version, result.builtin)
    if result.to_version != result.from_version:
        versions += f" -> {result.to_version}"
    if result.already_current:
        newest = "the newest this mlscaffold has" if result.builtin else "the version to update to"
        return f"{where} is at {versions}, {newest}; nothing to update."
    verb = "Would update" if result.dry_run else "Updated"
    lines = [f"{verb} {where}: {versions} ({len(result.changes)} files)."]
    lines += [f"  {change.change:<9} {change.path}" for change in result.changes]
    if result.kept:
        lines.append("Kept, though the template removed them, because you changed them:")
        lines += [f"  {path}" for path in result.kept]
    if result.moved:
        lines.append("Moved by the template; your edits were merged into the new files:")
        lines += [f"  {old} -> {new}" for old, new in result.moved]
    if result.conflicts:
        lines.append(f"{len(result.conflicts)} conflict(s) to resolve:")
        lines += [f"  {path}" for path in result.conflicts]
        if not result.dry_run:
            lines.append(
                "Resolve the <<<<<<< / >>>>>>> blocks (or the *.rej hunks), then "
                "git add the files and commit."
            )
    elif not result.dry_run:
        lines.append("Review with `git diff`, run the tests, then commit.")
    return "\n".join(lines)


@main.command()
@click.argument("path", default=".", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@_reports_errors
def check(path: Path, as_json: bool) -> None:
    """Tell whether a newer template version is available for a project, and what it brings.

    Exit codes: 0 current, 1 a newer template version is available, 2 not a project
    made by mlscaffold. Reads only; CI can run it as a non-blocking job.

    \b
    Examples:
        mlscaffold check
        mlscaffold check demo --json
    """
    from mlscaffold.check import check_project

    result = check_project(path)
    click.echo(json.dumps(_check_json(result), indent=2) if as_json else _render_check(result))
    if result.update_available:
        sys.exit(EXIT_FAILURE)


def _check_json(result: CheckResult) -> dict[str, object]:
    return {
        "project": str(result.project),
        "template": result.template,
        "engine": result.engine,
        "current_version": result.current,
        "latest_version": result.latest,
        "update_available": result.update_available,
        "changes": [asdict(notes) for notes in result.newer],
    }


def _version_text(template: str, version: int | str, builtin: bool) -> str:
    if builtin:
        return f"{template} template version {version}"
    return f"template {template} at {version}"


def _render_check(result: CheckResult) -> str:
    where = _display_path(result.project)
    at = _version_text(result.template, result.current, result.builtin)
    if not result.update_available:
        return f"{where} is at {at}: current."
    newer = "version" if result.builtin else "commit"
    lines = [f"{where} is at {at}; {newer} {result.latest} is available:"]
    for notes in result.newer:
        lines.append(f"  {result.template} {notes.version}:")
        lines += [f"    - {note}" for note in notes.notes] or ["    (no notes)"]
    lines.append(f"See the changes with `mlscaffold update {where} --dry-run`.")
    return "\n".join(lines)


@main.command()
@click.argument("path", default=".", type=click.Path(path_type=Path, file_okay=False, exists=True))
@click.option("--json", "as_json", is_flag=True, help="Print JSON for machines.")
@_reports_errors
def doctor(path: Path, as_json: bool) -> None:
    """Check that a generated project is ready to show: a checklist with a score.

    Checks the README's results against reports/metrics.json, the figures and the
    social preview, that no "Your turn" prompt is left in the README, model card and
    write-up, and that the license, tests and CI workflow are there. Reads files
    only. Exit codes: 0 all pass, 1 any fails, 2 not a project made by mlscaffold.

    \b
    Examples:
        mlscaffold doctor
        mlscaffold doctor demo --json
    """
    from mlscaffold.doctor import doctor_project

    result = doctor_project(path)
    click.echo(json.dumps(_doctor_json(result), indent=2) if as_json else _render_doctor(result))
    if not result.ok:
        sys.exit(EXIT_FAILURE)


def _doctor_json(result: DoctorResult) -> dict[str, object]:
    return {
        "project": str(result.project),
        "passed": result.passed,
        "total": result.total,
        "score": result.score,
        "checks": [asdict(check) for check in result.checks],
    }


def _render_doctor(result: DoctorResult) -> str:
    lines = [f"Portfolio check of {_display_path(result.project)}:"]
    lines += [
        f"  [{'pass' if check.passed else 'FAIL'}] {check.title}: {check.detail}"
        for check in result.checks
    ]
    lines.append(f"Score: {result.passed}/{result.total} checks pass ({result.score}%).")
    return "\n".join(lines)
