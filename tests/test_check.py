"""`mlscaffold check`: exit 0 when current, 1 with the notes of newer versions, 2 otherwise."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlscaffold.changelog import template_notes
from mlscaffold.cli import main
from tests.toy_template import V1, V2, ToyTemplate, use_toy_template

CHANGELOG = """\
# Changelog

## 0.2.0

### Template changes

#### toy 2
- Adds `added.py`.
- settings.py sets B to 20, which
  matters.

#### other 2
- Not about toy.

#### toy 1
- First version.

## 0.1.0
- toy 7 is not a heading, so not a version.
"""


@pytest.fixture
def toy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ToyTemplate:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(CHANGELOG, encoding="utf-8")
    monkeypatch.setattr("mlscaffold.changelog.changelog_path", lambda: changelog)
    return use_toy_template(tmp_path, monkeypatch)


def run_check(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["check", *args])
    return result.exit_code, result.output


def test_a_project_at_the_newest_version_is_current(toy: ToyTemplate, tmp_path: Path) -> None:
    toy.release(V1)
    project = toy.new_project(tmp_path / "proj")
    code, output = run_check(str(project))
    assert code == 0
    assert "version 1: current" in output


def test_a_newer_version_exits_1_with_what_it_brings(toy: ToyTemplate, tmp_path: Path) -> None:
    toy.release(V1)
    project = toy.new_project(tmp_path / "proj")
    toy.release(V2)

    code, output = run_check(str(project))

    assert code == 1
    assert "version 2 is available" in output
    assert "Adds `added.py`." in output
    assert "settings.py sets B to 20, which matters." in output
    assert "Not about toy" not in output
    assert "--dry-run" in output


def test_json_is_machine_readable(toy: ToyTemplate, tmp_path: Path) -> None:
    toy.release(V1)
    project = toy.new_project(tmp_path / "proj")
    toy.release(V2)

    code, output = run_check(str(project), "--json")

    assert code == 1
    report = json.loads(output)
    assert report["template"] == "toy"
    assert report["current_version"] == 1
    assert report["latest_version"] == 2
    assert report["update_available"] is True
    assert report["changes"][0]["version"] == 2
    assert report["changes"][0]["notes"][0] == "Adds `added.py`."


def test_a_plain_directory_is_exit_2(tmp_path: Path) -> None:
    code, output = run_check(str(tmp_path))
    assert code == 2
    assert "not a project made by mlscaffold" in output
    assert output.strip().count("\n") == 0


def test_a_project_whose_third_party_template_is_gone_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / ".copier-answers.yml").write_text(
        f"_commit: v1.0\n_src_path: {tmp_path / 'moved-away'}\n", encoding="utf-8"
    )
    code, output = run_check(str(tmp_path))
    assert code == 2
    assert "does not exist" in output
    assert output.strip().count("\n") == 0


def test_notes_are_read_per_template_and_version(tmp_path: Path) -> None:
    changelog = tmp_path / "CHANGELOG.md"
    changelog.write_text(CHANGELOG, encoding="utf-8")
    notes = template_notes("toy", changelog)
    assert notes == {
        2: ("Adds `added.py`.", "settings.py sets B to 20, which matters."),
        1: ("First version.",),
    }
