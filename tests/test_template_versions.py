"""Template versions: every template change is recorded, and every version rebuilds."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from mlscaffold.changelog import template_notes
from mlscaffold.engines import CopierEngine, VersionedTemplate
from mlscaffold.template_versions import (
    is_recorded,
    load_history,
    materialise_repository,
    record_version,
    source_url,
    tree_hash,
    working_tree,
)
from mlscaffold.templates import builtin_templates
from tests.toy_template import V1, V2, ToyTemplate, use_toy_template

BUILTINS = [template.name for template in builtin_templates()]


@pytest.mark.parametrize("name", BUILTINS)
def test_the_template_is_its_latest_recorded_version(name: str) -> None:
    """People install from main: any two states of a template need different versions."""
    template = next(t for t in builtin_templates() if t.name == name)
    history = load_history(template.path)
    assert is_recorded(template.path), (
        f"templates/{name} changed since its version {history.latest} was recorded. Record "
        f"the change as version {(history.latest or 0) + 1}: "
        f"`uv run python -m mlscaffold.template_versions record {name}`, then describe it "
        f"under '#### {name} {(history.latest or 0) + 1}' in CHANGELOG.md and commit "
        f"templates/{name}/history/ with your change."
    )


@pytest.mark.parametrize("name", BUILTINS)
def test_every_recorded_version_rebuilds_as_a_tagged_commit(name: str, tmp_path: Path) -> None:
    template = next(t for t in builtin_templates() if t.name == name)
    history = load_history(template.path)
    repository = materialise_repository(history, tmp_path / "repo.git")
    tags = subprocess.run(
        ["git", "tag", "--list"], cwd=repository, capture_output=True, text=True, check=True
    ).stdout.split()
    assert sorted(map(int, tags)) == list(history.numbers)


@pytest.mark.parametrize("name", BUILTINS)
def test_the_changelog_tells_what_every_version_brings(name: str) -> None:
    template = next(t for t in builtin_templates() if t.name == name)
    notes = template_notes(name)
    missing = [n for n in load_history(template.path).numbers if not notes.get(n)]
    assert not missing, f"CHANGELOG.md has no '#### {name} N' notes for versions {missing}"


def test_recording_stores_only_what_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toy = use_toy_template(tmp_path, monkeypatch)
    assert toy.release(V1) == 1
    assert record_version(toy.path) is None  # nothing changed
    assert toy.release(V2) == 2

    manifest = json.loads((toy.path / "history" / "2.json").read_text(encoding="utf-8"))
    assert sorted(manifest["changed"]) == [
        "template/README.md.jinja", "template/added.py", "template/notes.txt",
        "template/settings.py",
    ]  # fmt: skip
    assert manifest["removed"] == ["template/legacy.py"]
    history = load_history(toy.path)
    assert tree_hash(history.tree(2)) == tree_hash(working_tree(toy.path))
    assert set(history.tree(1)) == set(V1)


def test_tool_caches_are_not_part_of_a_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toy = use_toy_template(tmp_path, monkeypatch)
    toy.release(V1)
    cache = toy.path / "template" / "__pycache__"
    cache.mkdir()
    (cache / "x.cpython-311.pyc").write_bytes(b"\0")
    assert is_recorded(toy.path)


def test_the_executable_bit_is_part_of_a_version(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    toy = use_toy_template(tmp_path, monkeypatch)
    toy.release({**V1, "template/run.sh": "#!/bin/sh\n"})
    (toy.path / "template" / "run.sh").chmod(0o755)
    assert not is_recorded(toy.path)
    assert record_version(toy.path) == 2
    assert load_history(toy.path).tree(2)["template/run.sh"].mode == "100755"


def test_new_records_what_copier_records_from_the_versions_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`new` renders the folder (fast) and writes `_commit`/`_src_path` itself: exactly as
    copier writes them when it renders that version from the rebuilt repository."""
    toy: ToyTemplate = use_toy_template(tmp_path, monkeypatch)
    toy.release(V1)
    made = toy.new_project(tmp_path / "made", model="forest")
    repository = materialise_repository(load_history(toy.path), tmp_path / "toy.git")
    rendered = tmp_path / "rendered"
    CopierEngine().render_version(
        VersionedTemplate(source_url("toy"), repository), "1", rendered,
        {"project_name": "demo", "model": "forest"},
    )  # fmt: skip
    answers = ".copier-answers.yml"
    assert (made / answers).read_text() == (rendered / answers).read_text()
    assert "_commit: '1'" in (made / answers).read_text()
