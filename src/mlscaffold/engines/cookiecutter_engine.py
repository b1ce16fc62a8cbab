"""Renders cookiecutter templates through `cookiecutter.main.cookiecutter`, and updates them.

cookiecutter cannot update a project, so `update` renders the version the project
records and the new one with the project's recorded context (asking nothing), and
3-way merges their difference into the project (`tree_merge`). Every render runs
with a private configuration: replay files and clones stay out of the user's home,
and the replay file that cookiecutter writes is where the full context (computed
defaults included) is read back from, for `.cruft.json`.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any

import yaml

from mlscaffold import git
from mlscaffold.engines.base import RenderRequest, UpdateOutcome, UpdateRequest, VersionedTemplate
from mlscaffold.errors import InvalidAnswer, TemplateRenderError, UsageError
from mlscaffold.tree_merge import merge_template_change

CONTEXT_FILE = "cookiecutter.json"
# What cookiecutter adds to the context about one run (temporary paths): not the project's.
_RUN_KEYS = frozenset({"_template", "_output_dir", "_repo_dir", "_checkout"})


class CookiecutterEngine:
    name = "cookiecutter"

    def question_names(self, template_dir: Path) -> tuple[str, ...] | None:
        try:
            variables = json.loads((template_dir / CONTEXT_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # cookiecutter reports a broken cookiecutter.json itself
        if not isinstance(variables, dict):
            return None
        return tuple(key for key in variables if not key.startswith("_"))

    def default_ref(self, repository: Path) -> str | None:
        return None  # cookiecutter (and cruft) follow the default branch

    def render(self, request: RenderRequest) -> Mapping[str, Any]:
        interactive = not request.use_defaults
        if interactive and not _has_terminal():
            raise UsageError(
                "no terminal to ask the template's questions; "
                "pass --defaults (and -d KEY=VALUE to set answers)"
            )
        return _generate(
            Path(request.template),
            request.destination,
            extra_context=dict(request.data),
            no_input=request.use_defaults,
            # A cookiecutter user's own defaults (author name, ...) apply to new projects;
            # updates replay the recorded context and need none.
            default_context=_user_default_context(),
        )

    def replay(
        self, template_dir: Path, destination: Path, context: Mapping[str, Any]
    ) -> dict[str, Any]:
        """Renders with `context`'s values, asking nothing; returns the full new context."""
        return _generate(
            template_dir,
            destination,
            extra_context={k: v for k, v in context.items() if not k.startswith("_")},
            no_input=True,
            default_context={},
        )

    def render_version(
        self,
        template: VersionedTemplate,
        version: str,
        destination: Path,
        answers: Mapping[str, Any],
        *,
        unsafe: bool = True,
    ) -> None:
        self._render_commit(template, version, destination, answers)

    def update(self, request: UpdateRequest) -> UpdateOutcome:
        with TemporaryDirectory(prefix="mlscaffold-cookiecutter-") as scratch_dir:
            scratch = Path(scratch_dir)
            old, new = scratch / "old", scratch / "new"
            self._render_commit(
                request.template, request.from_version, old, request.recorded_answers
            )
            context = self._render_commit(
                request.template, request.version, new, {**request.recorded_answers, **request.data}
            )
            merged = merge_template_change(
                old, new, request.project, conflict=request.conflict, skip=request.skip
            )
        return UpdateOutcome(answers=context, kept=merged.kept)

    def _render_commit(
        self,
        template: VersionedTemplate,
        commit: str,
        destination: Path,
        context: Mapping[str, Any],
    ) -> dict[str, Any]:
        if template.repository is None:
            raise TemplateRenderError(f"no repository to render {template.url} at {commit} from")
        source = destination.parent / f"{destination.name}-template"
        git.export_commit(template.repository, commit, source)
        return self.replay(source / (template.directory or ""), destination, context)


def _generate(
    template_dir: Path,
    destination: Path,
    *,
    extra_context: dict[str, Any],
    no_input: bool,
    default_context: Mapping[str, Any],
) -> dict[str, Any]:
    """One `cookiecutter()` run into `destination`; returns the context it rendered with."""
    from cookiecutter.main import cookiecutter

    destination.parent.mkdir(parents=True, exist_ok=True)
    with TemporaryDirectory(prefix=".mlscaffold-cookiecutter-", dir=destination.parent) as work:
        workdir = Path(work)
        config = workdir / "config.yaml"
        config.write_text(
            yaml.safe_dump(
                {
                    "cookiecutters_dir": str(workdir / "cookiecutters"),
                    "replay_dir": str(workdir / "replay"),
                    "default_context": dict(default_context),
                }
            ),
            encoding="utf-8",
        )
        output = workdir / "output"
        with _cookiecutter_errors(output):
            project_dir = cookiecutter(
                str(template_dir),
                no_input=no_input,
                extra_context=extra_context or None,
                output_dir=str(output),
                config_file=str(config),
                # Kept so that a failed hook can be told apart (pre- or post-generation);
                # the whole work folder goes anyway.
                keep_project_on_failure=True,
            )
        Path(project_dir).replace(destination)
        return _replayed_context(workdir / "replay")


def _replayed_context(replay_dir: Path) -> dict[str, Any]:
    """The context cookiecutter rendered with, from the replay file it wrote for this run."""
    replays = sorted(replay_dir.glob("*.json"))
    if not replays:
        raise TemplateRenderError("cookiecutter wrote no replay file; cannot record the context")
    context = json.loads(replays[0].read_text(encoding="utf-8")).get("cookiecutter", {})
    return {key: value for key, value in context.items() if key not in _RUN_KEYS}


@contextmanager
def _cookiecutter_errors(output: Path) -> Iterator[None]:
    """cookiecutter's and jinja's exceptions as mlscaffold errors, each with its exit code."""
    from cookiecutter.exceptions import (
        CookiecutterException,
        FailedHookException,
        UndefinedVariableInTemplate,
    )
    from jinja2 import TemplateError

    try:
        yield
    except FailedHookException as err:
        # The hook printed its own reason above. A pre-generation hook runs before any
        # file is written and usually checks the answers; a post-generation one sets up
        # the rendered project.
        if _rendered_files(output):
            raise TemplateRenderError(
                f"the template's post-generation hook failed ({err}); see its output above"
            ) from err
        raise InvalidAnswer(
            f"the template's hook refused to generate the project ({err}); see its "
            "output above, then run again with other answers (-d KEY=VALUE)"
        ) from err
    except UndefinedVariableInTemplate as err:
        raise TemplateRenderError(
            f"the template failed to render: {err.message} ({err.error.message})"
        ) from err
    except ValueError as err:  # a -d value outside a choice variable's choices, ...
        raise InvalidAnswer(str(err).strip().splitlines()[0]) from err
    except (CookiecutterException, TemplateError) as err:
        raise TemplateRenderError(f"the template failed to render: {err}") from err


def _has_terminal() -> bool:
    return sys.stdin.isatty()


def _rendered_files(output: Path) -> bool:
    return output.is_dir() and any(path.is_file() for path in output.rglob("*"))


def _user_default_context() -> dict[str, Any]:
    """`default_context` from the user's cookiecutter configuration, as cookiecutter reads it."""
    path = Path(os.environ.get("COOKIECUTTER_CONFIG") or "~/.cookiecutterrc").expanduser()
    if not path.is_file():
        return {}
    try:
        config = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as err:
        raise UsageError(
            f"cookiecutter's configuration {path} cannot be read ({err.__class__.__name__}); "
            "fix it, or point COOKIECUTTER_CONFIG at another file"
        ) from err
    defaults = config.get("default_context") if isinstance(config, dict) else None
    return dict(defaults) if isinstance(defaults, dict) else {}
