"""Template versions: the recorded history of a built-in template, shipped as plain files.

Every change to a template gets the next version number (1, 2, 3, ...), recorded in
`templates/<name>/history/`: one small JSON manifest per version, listing the files
that version changed or removed, and `blobs/<sha256>` with the content of every file
version. Nothing else is needed to rebuild any version offline, on any machine:
`materialise_repository` replays the manifests into a local git repository with one
tagged commit per version, which copier diffs and merges like any template repository.

Record a new version after changing a template:
    python -m mlscaffold.template_versions record ml-project
Write the versions as a git repository, for plain `copier update` (see the README):
    python -m mlscaffold.template_versions export ml-project DIR
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import re
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from mlscaffold import git
from mlscaffold.engines.base import RecordedSource

HISTORY_DIR = "history"
BLOBS_DIR = "blobs"
# Never part of a template's content: caches that tools drop next to the files.
_JUNK_NAMES = frozenset(
    {"__pycache__", ".pytest_cache", ".ruff_cache", ".mypy_cache", ".venv", ".git", ".DS_Store"}
)
_JUNK_SUFFIXES = (".pyc", ".pyo")
_MANIFEST = re.compile(r"^(\d+)\.json$")
# Projects name their template by this URL (copier's `_src_path`); `.invalid` never
# resolves (RFC 2606), so nothing is ever fetched from it: update redirects it to the
# repository rebuilt from the shipped history.
SOURCE_URL_PREFIX = "https://mlscaffold.invalid/templates/"


def source_url(template_name: str) -> str:
    return f"{SOURCE_URL_PREFIX}{template_name}.git"


def template_name_from_url(url: str) -> str | None:
    if url.startswith(SOURCE_URL_PREFIX) and url.endswith(".git"):
        return url[len(SOURCE_URL_PREFIX) : -len(".git")]
    return None


@dataclass(frozen=True)
class FileEntry:
    """One file of a template version, as git sees it: its mode and its content's sha256."""

    mode: str
    blob: str

    def __str__(self) -> str:
        return f"{self.mode} {self.blob}"

    @classmethod
    def parse(cls, text: str) -> FileEntry:
        mode, blob = text.split(" ")
        return cls(mode, blob)


Tree = Mapping[str, FileEntry]  # posix path inside the template directory -> entry


def tree_hash(tree: Tree) -> str:
    listing = "".join(f"{tree[path]} {path}\n" for path in sorted(tree))
    return hashlib.sha256(listing.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RecordedVersion:
    number: int
    tree: str  # tree_hash of the whole version, checked when the version is rebuilt
    changed: Mapping[str, FileEntry]
    removed: tuple[str, ...]


@dataclass(frozen=True)
class TemplateHistory:
    """The recorded versions of the template in `template_dir`, oldest first."""

    template_dir: Path
    versions: tuple[RecordedVersion, ...]

    @property
    def numbers(self) -> tuple[int, ...]:
        return tuple(version.number for version in self.versions)

    @property
    def latest(self) -> int | None:
        return self.versions[-1].number if self.versions else None

    @property
    def blobs_dir(self) -> Path:
        return self.template_dir / HISTORY_DIR / BLOBS_DIR

    def trees(self) -> Iterator[tuple[int, dict[str, FileEntry]]]:
        """Each version's whole tree, replayed from the first version's manifest on."""
        tree: dict[str, FileEntry] = {}
        for version in self.versions:
            tree = {p: e for p, e in tree.items() if p not in version.removed}
            tree.update(version.changed)
            yield version.number, dict(tree)

    def tree(self, number: int) -> dict[str, FileEntry]:
        for version, tree in self.trees():
            if version == number:
                return tree
        raise KeyError(number)

    def blob(self, sha256: str) -> bytes:
        return (self.blobs_dir / sha256).read_bytes()


def load_history(template_dir: Path) -> TemplateHistory:
    history_dir = template_dir / HISTORY_DIR
    manifests = sorted(
        (int(match[1]), path)
        for path in (history_dir.iterdir() if history_dir.is_dir() else ())
        if (match := _MANIFEST.match(path.name))
    )
    versions = tuple(_read_manifest(path) for _, path in manifests)
    numbers = [version.number for version in versions]
    if numbers != list(range(1, len(numbers) + 1)):
        raise ValueError(f"{history_dir}: versions must be numbered 1, 2, ... without gaps")
    return TemplateHistory(template_dir, versions)


def _read_manifest(path: Path) -> RecordedVersion:
    raw = json.loads(path.read_text(encoding="utf-8"))
    return RecordedVersion(
        number=int(raw["version"]),
        tree=str(raw["tree"]),
        changed={p: FileEntry.parse(e) for p, e in raw.get("changed", {}).items()},
        removed=tuple(raw.get("removed", ())),
    )


def working_tree(template_dir: Path) -> dict[str, FileEntry]:
    """The template's files as they are now (its history and tool caches left out)."""
    return {path: FileEntry(mode, _sha256(data)) for path, (mode, data) in _files(template_dir)}


def _files(template_dir: Path) -> Iterator[tuple[str, tuple[str, bytes]]]:
    for root, dirs, names in os.walk(template_dir):
        here = Path(root)
        top = here == template_dir
        dirs[:] = sorted(d for d in dirs if d not in _JUNK_NAMES and not (top and d == HISTORY_DIR))
        for name in sorted(names):
            if name in _JUNK_NAMES or name.endswith(_JUNK_SUFFIXES):
                continue
            path = here / name
            yield (
                path.relative_to(template_dir).as_posix(),
                (git.file_mode(path), path.read_bytes()),
            )


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def recorded_source(template_name: str, template_dir: Path) -> RecordedSource | None:
    """What a project made now records as its template: the URL and the latest version.

    A developer's template with changes not recorded yet still records the latest
    version: an update then sees those changes as the project's own, and keeps them.
    """
    latest = load_history(template_dir).latest
    return RecordedSource(source_url(template_name), str(latest)) if latest else None


def is_recorded(template_dir: Path) -> bool:
    """Whether the template's files are exactly its latest recorded version."""
    history = load_history(template_dir)
    return bool(history.versions) and history.versions[-1].tree == tree_hash(
        working_tree(template_dir)
    )


def record_version(template_dir: Path) -> int | None:
    """Records the template's current files as the next version; None when nothing changed."""
    history = load_history(template_dir)
    previous = history.tree(history.latest) if history.latest else {}
    files = dict(_files(template_dir))
    current = {path: FileEntry(mode, _sha256(data)) for path, (mode, data) in files.items()}
    if history.latest and tree_hash(current) == history.versions[-1].tree:
        return None
    history.blobs_dir.mkdir(parents=True, exist_ok=True)
    for path, (_, data) in files.items():
        blob = history.blobs_dir / current[path].blob
        if not blob.exists():
            blob.write_bytes(data)
    number = (history.latest or 0) + 1
    manifest = {
        "version": number,
        "tree": tree_hash(current),
        "changed": {p: str(e) for p, e in sorted(current.items()) if previous.get(p) != e},
        "removed": sorted(set(previous) - set(current)),
    }
    manifest_path = template_dir / HISTORY_DIR / f"{number}.json"
    manifest_path.write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return number


def materialise_repository(history: TemplateHistory, repository: Path) -> Path:
    """A bare git repository at `repository` with one commit per version, tagged "1", "2", ...

    Commits have fixed authors and dates, so every machine rebuilds the same commits.
    Each version's tree is checked against its recorded hash first.
    """
    stream = bytearray()
    marks: dict[str, int] = {}
    for number, tree in history.trees():
        recorded = history.versions[number - 1].tree
        if tree_hash(tree) != recorded:
            raise ValueError(f"{history.template_dir.name} version {number} does not replay")
        for entry in tree.values():
            if entry.blob not in marks:
                marks[entry.blob] = len(marks) + 1
                data = history.blob(entry.blob)
                if _sha256(data) != entry.blob:
                    raise ValueError(f"blob {entry.blob} of {history.template_dir} is corrupt")
                stream += b"blob\nmark :%d\ndata %d\n%s\n" % (marks[entry.blob], len(data), data)
        message = f"{history.template_dir.name} template version {number}\n".encode()
        stream += b"commit refs/heads/main\n"
        stream += b"committer mlscaffold <mlscaffold@mlscaffold.invalid> 0 +0000\n"
        stream += b"data %d\n%s" % (len(message), message)
        stream += b"deleteall\n"
        for path in sorted(tree):
            stream += b"M %s :%d %s\n" % (
                tree[path].mode.encode(),
                marks[tree[path].blob],
                path.encode("utf-8"),
            )
        stream += b"\nreset refs/tags/%d\nfrom refs/heads/main\n\n" % number
    git.fast_import(repository, bytes(stream))
    return repository


def main(argv: list[str] | None = None) -> int:
    from mlscaffold.templates import get_builtin_template

    parser = argparse.ArgumentParser(prog="python -m mlscaffold.template_versions")
    parser.add_argument("action", choices=["record", "status", "export"])
    parser.add_argument("template", nargs="?", default="ml-project")
    parser.add_argument("directory", nargs="?", type=Path, help="where export writes")
    options = parser.parse_args(argv)
    template_dir = get_builtin_template(options.template).path
    history = load_history(template_dir)
    if options.action == "export":
        if options.directory is None or options.directory.exists():
            parser.error("export needs a DIRECTORY that does not exist yet")
        repository = materialise_repository(history, options.directory.absolute())
        print(f"url.{repository}.insteadOf={source_url(options.template)}")
        return 0
    if options.action == "status":
        state = "recorded" if is_recorded(template_dir) else "changed since it was recorded"
        print(f"{options.template}: latest version {history.latest}; the template is {state}")
        return 0
    number = record_version(template_dir)
    if number is None:
        print(f"{options.template}: unchanged since version {history.latest}; nothing recorded")
        return 0
    print(
        f"Recorded {options.template} template version {number}.\n"
        f"Now describe it for users under '#### {options.template} {number}' in "
        "CHANGELOG.md (Template changes), and commit templates/ with it."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
