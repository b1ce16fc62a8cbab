"""Renders and updates copier templates through copier's public API.

`run_copy` renders a template folder (`mlscaffold new`) or a recorded version;
`run_update` 3-way merges a template change into a project. Projects name their
template by a URL that never resolves; every call that may fetch it runs with git
told to fetch that URL from the repository rebuilt from the shipped history.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager, nullcontext
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import yaml
from jinja2 import TemplateError

from mlscaffold.answers import find_answers_file, read_answers_file
from mlscaffold.copier_config import read_config
from mlscaffold.engines.base import (
    RecordedSource,
    RenderRequest,
    UpdateOutcome,
    UpdateRequest,
    VersionedTemplate,
)
from mlscaffold.errors import (
    Interrupted,
    InvalidAnswer,
    TemplateRenderError,
    UntrustedTemplate,
    UsageError,
)
from mlscaffold.jinja_extension import accepting_recorded_answers

# copier, plumbum and copier's prompt libraries take about a second to import on a busy
# machine, so they are imported where used: `check`, `list` and `--help` do without them.
# copier reports a failed validator as "Validation error for question 'x': <validator text>".
_VALIDATION_ERROR = re.compile(r"Validation error for question '(?P<question>[^']+)': (?P<text>.*)")
# ... and a value outside a question's choices as "Invalid choice for 'x': 'v' is not in [...]".
_INVALID_CHOICE = re.compile(
    r"Invalid choice for '(?P<question>[^']+)': '(?P<value>[^']*)' is not in \[(?P<choices>.*)\]"
)


class CopierEngine:
    name = "copier"

    def question_names(self, template_dir: Path) -> tuple[str, ...] | None:
        config = read_config(template_dir)
        if config is None:
            return None
        return tuple(str(key) for key in config if not str(key).startswith("_"))

    def default_ref(self, repository: Path) -> str | None:
        """copier's own choice: the newest PEP 440 release tag, else the default branch."""
        from mlscaffold import git

        return latest_release_tag(git.tag_names(repository))

    def render(self, request: RenderRequest) -> Mapping[str, Any]:
        interactive = not request.use_defaults
        if interactive and not sys.stdin.isatty():
            raise UsageError(
                "no terminal to ask the template's questions; "
                "pass --defaults (and -d KEY=VALUE to set answers)"
            )
        import copier

        with (
            _copier_errors("interrupted; nothing was created", "the template failed to render"),
            _git_out_of_sight() if runs_no_programs(request.template) else nullcontext(),
        ):
            copier.run_copy(
                str(request.template),
                request.destination,
                data=dict(request.data),
                vcs_ref=request.vcs_ref,
                defaults=request.use_defaults,
                unsafe=request.unsafe,
                quiet=True,
                cleanup_on_error=True,
            )
        answers_path = find_answers_file(request.destination)
        if answers_path is None:
            return {}  # the template records no answers (so copier cannot update it)
        if request.recorded_as:
            _record_source(answers_path, request.recorded_as)
        return read_answers_file(answers_path)

    def render_version(
        self,
        template: VersionedTemplate,
        version: str,
        destination: Path,
        answers: Mapping[str, Any],
        *,
        unsafe: bool = True,
    ) -> None:
        import copier

        given = {key: value for key, value in answers.items() if not key.startswith("_")}
        with (
            _copier_errors("interrupted", f"template version {version} failed to render"),
            _fetching_from(template),
            accepting_recorded_answers(given),
        ):
            copier.run_copy(
                template.url, destination, data=given, vcs_ref=version, defaults=True,
                unsafe=unsafe, quiet=True,
            )  # fmt: skip

    def update(self, request: UpdateRequest) -> UpdateOutcome:
        import copier

        with (
            _copier_errors("interrupted", "the update failed"),
            _fetching_from(request.template),
            accepting_recorded_answers(request.recorded_answers),
        ):
            copier.run_update(
                request.project,
                data=dict(request.data),
                vcs_ref=request.version,
                answers_file=request.answers_file,
                defaults=True,  # ask nothing: recorded answers, then --data, then defaults
                overwrite=True,
                unsafe=request.unsafe,
                conflict=request.conflict,
                quiet=True,
            )
        return UpdateOutcome(answers={})  # copier writes the answers file itself


@contextmanager
def _copier_errors(interrupted: str, failed: str) -> Iterator[None]:
    """copier's and jinja's exceptions as mlscaffold errors, each with its exit code."""
    from copier.errors import (
        CopierAnswersInterrupt,
        CopierError,
        InteractiveSessionError,
        UnsafeTemplateError,
    )

    try:
        yield
    except CopierAnswersInterrupt as err:
        raise Interrupted(interrupted) from err
    except UnsafeTemplateError as err:
        # copier's text lists what the template would run ("... unsafe features: tasks").
        detail = str(err).strip().splitlines()[0].rstrip(".")
        raise UntrustedTemplate(
            f"{detail}; review the template, then pass --trust to let it run its own code"
        ) from err
    except InteractiveSessionError as err:
        raise UsageError(f"{err}; pass --defaults (and -d KEY=VALUE)") from err
    except ValueError as err:
        raise _answer_error(err) from err
    except (CopierError, TemplateError) as err:
        raise TemplateRenderError(f"{failed}: {err}") from err


def runs_no_programs(template: Path | str) -> bool:
    """Whether copier renders `template` without running a program: a folder that is not
    a repository (copier reads those through git) and declares no tasks."""
    folder = Path(template)
    if not folder.is_dir() or (folder / ".git").exists():
        return False
    config = read_config(folder)
    return config is not None and "_tasks" not in config


@contextmanager
def _git_out_of_sight() -> Iterator[None]:
    """copier finds no git while it renders: for a template that `runs_no_programs`, into
    a new directory, every question it would ask git has a known answer.

    copier asks git, for each file it writes, whether the destination's repository
    ignores file modes (`core.fileMode`, to fix up modes already in its index), and
    whether the template folder is a repository or a bundle: some 120 git processes,
    a fifth of the time `new` takes. Nothing in a new directory is in an index, and
    the folder is neither, so copier skips them all when git is not on PATH. It looks
    on plumbum's PATH, set here to an empty folder; os.environ is left alone.
    """
    from plumbum import local

    with TemporaryDirectory(prefix="mlscaffold-no-programs-") as empty, local.env(PATH=empty):
        yield


@contextmanager
def _fetching_from(template: VersionedTemplate) -> Iterator[None]:
    """copier's git calls fetch `template.url` from `template.repository` instead.

    git reads the redirection from GIT_CONFIG_* variables (added after any the user
    has), in plumbum's environment: plumbum copied os.environ when copier imported it.
    A private COPIER_CACHE_DIR keeps copier's mirror of the URL from outliving this
    run and from mixing with another mlscaffold's history.
    """
    from plumbum import local

    count = int(local.env.get("GIT_CONFIG_COUNT") or 0)
    redirect: dict[str, str] = {}
    if template.repository is not None:
        redirect = {
            "GIT_CONFIG_COUNT": str(count + 1),
            f"GIT_CONFIG_KEY_{count}": f"url.{template.repository}.insteadOf",
            f"GIT_CONFIG_VALUE_{count}": template.url,
        }
    previous_cache = os.environ.get("COPIER_CACHE_DIR")
    with TemporaryDirectory(prefix="mlscaffold-copier-cache-") as cache, local.env(**redirect):
        os.environ["COPIER_CACHE_DIR"] = cache  # copier reads it from os.environ
        try:
            yield
        finally:
            if previous_cache is None:
                os.environ.pop("COPIER_CACHE_DIR", None)
            else:
                os.environ["COPIER_CACHE_DIR"] = previous_cache


def _record_source(answers_path: Path, source: RecordedSource) -> None:
    """Writes `_commit` and `_src_path` as copier writes them when it renders that version.

    `new` renders the template folder, which is faster than cloning its history; the
    answers file then names the URL and version that `update` fetches the baseline from.
    copier's answers file lists keys sorted, so these two come first.
    """
    lines = answers_path.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.startswith(("_commit:", "_src_path:"))]
    first_key = next((i for i, line in enumerate(kept) if not line.startswith("#")), len(kept))
    stamp = yaml.safe_dump({"_commit": source.version, "_src_path": source.url}, sort_keys=True)
    kept.insert(first_key, stamp)
    answers_path.write_text("".join(kept), encoding="utf-8")


def _answer_error(err: ValueError) -> InvalidAnswer:
    text = str(err).strip()
    match = _VALIDATION_ERROR.match(text)
    if match:
        return InvalidAnswer(match["text"].strip())
    match = _INVALID_CHOICE.search(text)
    if match:
        choices = match["choices"].replace("'", "")
        return InvalidAnswer(
            f"unknown {match['question']} {match['value']!r}; choose one of: {choices} "
            "(see `mlscaffold list`)"
        )
    return InvalidAnswer(text.splitlines()[0] if text else "an answer is invalid")


def latest_release_tag(tags: Iterable[str]) -> str | None:
    """The newest tag that is a PEP 440 release, the tag copier updates to by default."""
    from packaging.version import InvalidVersion, Version

    releases: list[tuple[Version, str]] = []
    for tag in tags:
        try:
            version = Version(tag)
        except InvalidVersion:
            continue
        if not version.is_prerelease:
            releases.append((version, tag))
    return max(releases)[1] if releases else None
