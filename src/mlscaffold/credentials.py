"""Where the GitHub token comes from: GH_TOKEN, GITHUB_TOKEN, else `gh auth token`.

The token's value never leaves the `Token` object in readable form: its repr and
str name only its source, so it cannot end up in a message or a log by accident.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Mapping
from dataclasses import dataclass, field

from mlscaffold.errors import MissingToken

# The same variables, in the same order, as GitHub's own gh CLI reads.
TOKEN_VARIABLES = ("GH_TOKEN", "GITHUB_TOKEN")
GITHUB_HOST = "github.com"
DEFAULT_API_URL = "https://api.github.com"


@dataclass(frozen=True)
class Token:
    value: str = field(repr=False)
    source: str

    def __str__(self) -> str:
        return f"<token from {self.source}>"


def find_token(
    *,
    hostname: str = GITHUB_HOST,
    environ: Mapping[str, str] | None = None,
    gh: str | None = None,
) -> Token:
    """The token to use, by precedence: GH_TOKEN, GITHUB_TOKEN, `gh auth token`.

    `gh` is the gh executable (looked up on PATH when not given).
    """
    environ = os.environ if environ is None else environ
    for variable in TOKEN_VARIABLES:
        value = environ.get(variable, "").strip()
        if value:
            return Token(value, variable)
    gh = gh or shutil.which("gh")
    if gh:
        value = _gh_auth_token(gh, hostname)
        if value:
            return Token(value, "gh auth token")
    raise MissingToken(
        "no GitHub token: set GH_TOKEN to a token with the repo and workflow scopes, "
        "or log in with the GitHub CLI (gh auth login)"
    )


def describe_token_source(
    *, environ: Mapping[str, str] | None = None, gh: str | None = None
) -> str:
    """Where `find_token` would look first, without running anything (for --dry-run)."""
    environ = os.environ if environ is None else environ
    for variable in TOKEN_VARIABLES:
        if environ.get(variable, "").strip():
            return variable
    if gh or shutil.which("gh"):
        return "gh auth token"
    return "none found (set GH_TOKEN or run gh auth login)"


def _gh_auth_token(gh: str, hostname: str) -> str:
    args = [gh, "auth", "token"]
    if hostname != GITHUB_HOST:
        args += ["--hostname", hostname]
    try:
        completed = subprocess.run(
            args, capture_output=True, text=True, timeout=20, check=False
        )  # fmt: skip
    except (OSError, subprocess.TimeoutExpired):
        return ""
    # Not logged in: gh exits non-zero and explains on stderr, which we replace
    # with our own message (naming both ways to provide a token).
    return completed.stdout.strip() if completed.returncode == 0 else ""
