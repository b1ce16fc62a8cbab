"""Where a third-party template comes from: a local folder, a local repository or a git URL.

`parse_source` reads what the user typed after --template; `fetch` makes a bare
clone of a repository (local ones included), so that `resolve` turns any branch,
tag or commit into one commit and `export` writes that commit's files. Every
version of a template then renders from the clone, offline once it is fetched.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote, urlparse

from mlscaffold import git
from mlscaffold.errors import GitError, TemplateSourceUnavailable, UnknownRef

# The forms of a remote git repository that git itself accepts, and the two short forms
# that copier and cookiecutter both know (gh:owner/repo, gl:owner/repo).
_REMOTE = re.compile(r"^(https?|ssh|git)://|^git\+|^[\w.-]+@[\w.-]+:")
_ABBREVIATIONS = {"gh:": "https://github.com/", "gl:": "https://gitlab.com/"}


@dataclass(frozen=True)
class TemplateSource:
    """A template's origin, as projects record it for later updates."""

    location: str  # an absolute path, or a git URL
    is_repository: bool  # a git repository (local or remote): it has versions
    # For a folder inside a local repository: its path in that repository.
    subfolder: str = ""

    @property
    def is_local(self) -> bool:
        return not is_remote(self.location)


def is_remote(location: str) -> bool:
    return bool(_REMOTE.match(location))


def parse_source(text: str) -> TemplateSource:
    """The template that `text` (a path, a file:// URL or a git URL) names.

    A folder inside a local repository is that repository plus the folder's path in
    it, so that it has versions too.
    """
    for short, prefix in _ABBREVIATIONS.items():
        if text.startswith(short):
            name = text[len(short) :].strip("/")
            return TemplateSource(f"{prefix}{name.removesuffix('.git')}.git", True)
    if text.startswith("git+"):
        text = text[len("git+") :]
    if is_remote(text):
        return TemplateSource(text, True)
    path = Path(_local_path(text)).expanduser()
    if not path.exists():
        raise TemplateSourceUnavailable(
            f"template {text!r} is not a built-in template name, an existing path or a "
            "git URL; check the path (see `mlscaffold list` for built-in templates)"
        )
    path = path.resolve()
    if path.is_dir() and git.is_work_tree(path):
        subfolder = git.path_in_repository(path)
        top = git.top_level(path)
        # Only a committed folder has versions: an untracked one inside some larger
        # repository (a home directory under git, say) is a plain folder.
        if git.has_commits(top) and (not subfolder or git.is_committed(top, subfolder)):
            return TemplateSource(str(top), True, subfolder)
    elif path.is_file() or _is_bare_repository(path):
        # A bare repository or a git bundle: git clones both.
        return TemplateSource(str(path), True)
    return TemplateSource(str(path), False)


def _local_path(text: str) -> str:
    if text.startswith("file://"):
        return unquote(urlparse(text).path)
    return text


def _is_bare_repository(path: Path) -> bool:
    return path.is_dir() and (path / "HEAD").is_file() and (path / "objects").is_dir()


def fetch(source: TemplateSource, destination: Path) -> Path:
    """A bare clone of the template's repository at `destination`."""
    try:
        git.clone_bare(source.location, destination)
    except GitError as err:
        raise TemplateSourceUnavailable(
            f"cannot read the template repository {source.location} ({err.message}); "
            "check the path or URL and your network"
        ) from err
    return destination


def resolve(repository: Path, ref: str | None, source: str) -> str:
    """The commit `ref` names in the clone; without a ref, the default branch's head."""
    commit = git.resolve_commit(repository, ref or "HEAD")
    if commit is None:
        if ref is None:
            raise TemplateSourceUnavailable(f"the template repository {source} has no commits")
        raise UnknownRef(
            f"{ref!r} is not a branch, tag or commit of {source}; "
            "check it with `git ls-remote` (or leave it out for the default branch)"
        )
    return commit


def export(repository: Path, commit: str, destination: Path) -> Path:
    git.export_commit(repository, commit, destination)
    return destination


def uncommitted_changes(source: TemplateSource) -> bool:
    """Whether a local repository has changes that a render from its commits leaves out."""
    if (
        not source.is_local
        or not source.is_repository
        or not git.is_work_tree(Path(source.location))
    ):
        return False
    return bool(git.uncommitted_files(Path(source.location)))
