"""The one exception family of mlscaffold: each error carries its message and exit code.

A `MlscaffoldError`'s text is meant for the user: the CLI prints it on one line,
without a traceback, and exits with `exit_code`.
"""

from __future__ import annotations

from collections.abc import Sequence

# Exit codes besides 0 (success), documented in the README. Decided here, mapped in cli.py.
EXIT_FAILURE = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130
# A message names at most this many files, then says how many more there are.
MAX_LISTED = 10


def brief_list(names: Sequence[str], limit: int = MAX_LISTED) -> str:
    """Names for a one-line message: all of them, or the first `limit` and "and N more"."""
    listed = ", ".join(names[:limit])
    return f"{listed} and {len(names) - limit} more" if len(names) > limit else listed


class MlscaffoldError(Exception):
    """An error whose message is for the user."""

    exit_code = EXIT_FAILURE

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class UsageError(MlscaffoldError):
    """The user asked for something that cannot be done as asked."""

    exit_code = EXIT_USAGE


class DestinationNotEmpty(UsageError):
    pass


class DestinationNotWritable(UsageError):
    """The destination cannot be made: a file is in its path, or its directory takes no files."""


class InvalidAnswer(UsageError):
    """A template answer (from a prompt, `--data` or an answers file) is not acceptable."""


class UnknownTemplate(UsageError):
    pass


class NotATemplate(UsageError):
    """--template names something that is neither a copier nor a cookiecutter template."""


class TemplateSourceUnavailable(UsageError):
    """A template's path or git URL cannot be read (missing, not a repository, unreachable)."""


class UnknownRef(UsageError):
    """--ref or --to names no branch, tag or commit of the template's repository."""


class UntrustedTemplate(UsageError):
    """A third-party copier template runs tasks, migrations or jinja extensions: needs --trust."""


class TemplateRenderError(MlscaffoldError):
    """The template engine failed for a reason that is not the user's input."""


class GitError(MlscaffoldError):
    pass


class Interrupted(MlscaffoldError):
    exit_code = EXIT_INTERRUPTED


class NotAProject(UsageError):
    """The directory is not a project mlscaffold generated (no answers file)."""


class DirtyWorkingTree(UsageError):
    """Uncommitted or untracked files: publishing would leave them out."""


class MissingToken(UsageError):
    """No GitHub token in the environment nor from the gh CLI."""


class RepositoryExists(UsageError):
    """The repository to create already exists (publish it with --existing)."""


class GitHubError(MlscaffoldError):
    """GitHub's API refused a request, failed, or could not be reached."""

    def __init__(self, message: str, *, status: int | None = None) -> None:
        super().__init__(message)
        self.status = status


class UnknownTemplateVersion(UsageError):
    """A project records, or --to asks for, a template version this mlscaffold has not got."""


class DowngradeRefused(UsageError):
    """--to names a template version older than the project's."""
