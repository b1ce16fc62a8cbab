"""`mlscaffold update`: template versions v1 and v2 built inline, a project made at v1,
scripted user edits, then the update to v2."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlscaffold import template_versions
from mlscaffold.cli import main
from mlscaffold.engines import ConflictStyle
from mlscaffold.errors import TemplateRenderError
from mlscaffold.update import FileChange, update_project
from tests.toy_template import (
    V1,
    V2,
    ToyTemplate,
    answers,
    commit_all,
    git,
    snapshot,
    use_toy_template,
)


@pytest.fixture
def toy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> ToyTemplate:
    return use_toy_template(tmp_path, monkeypatch)


@pytest.fixture
def project(toy: ToyTemplate, tmp_path: Path) -> Path:
    """A project made at v1; the template is at v2 since."""
    assert toy.release(V1) == 1
    made = toy.new_project(tmp_path / "proj")
    assert toy.release(V2) == 2
    return made


def run_update(project: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["update", str(project), *args])
    return result.exit_code, result.output


def test_template_changes_arrive_and_user_edits_stay(project: Path) -> None:
    readme = project / "README.md"
    readme.write_text(readme.read_text().replace("Intro.", "My own intro."), encoding="utf-8")
    (project / "mine.py").write_text("MINE = 1\n", encoding="utf-8")
    commit_all(project)
    head = git(project, "rev-parse", "HEAD")

    code, output = run_update(project)

    assert code == 0, output
    assert readme.read_text() == (
        "# demo\n\nMy own intro.\n\nSome text.\n\nUsage: run it.\n\nInstall: pip install.\n"
    )
    assert (project / "settings.py").read_text() == V2["template/settings.py"]  # unchanged by me
    assert (project / "added.py").read_text() == "NEW = True\n"
    assert not (project / "legacy.py").exists()  # removed by the template, never edited
    assert (project / "mine.py").read_text() == "MINE = 1\n"
    assert answers(project)["_commit"] == "2"
    assert git(project, "rev-parse", "HEAD") == head  # nothing committed: the user reviews
    assert git(project, "ls-files", "--unmerged") == ""
    assert "-> 2" in output
    assert "added.py" in output


def test_overlapping_edits_become_conflict_markers_and_exit_1(project: Path) -> None:
    settings = project / "settings.py"
    settings.write_text(settings.read_text().replace("B = 2", "B = 5"), encoding="utf-8")
    commit_all(project)

    code, output = run_update(project)

    assert code == 1, output
    text = settings.read_text()
    assert "<<<<<<<" in text
    assert "B = 5" in text
    assert "B = 20" in text
    assert "settings.py" in git(project, "ls-files", "--unmerged")
    assert "1 conflict(s)" in output
    assert "settings.py" in output.split("conflict(s)")[1]
    assert (project / "added.py").is_file()  # the rest of the update is there


def test_rej_style_leaves_rej_files_and_exit_1(project: Path) -> None:
    settings = project / "settings.py"
    settings.write_text(settings.read_text().replace("B = 2", "B = 5"), encoding="utf-8")
    commit_all(project)

    code, output = run_update(project, "--conflict", "rej")

    assert code == 1, output
    assert (project / "settings.py.rej").is_file()
    assert "settings.py.rej" in output


def test_a_file_the_user_deleted_stays_deleted(project: Path) -> None:
    (project / "notes.txt").unlink()  # and v2 changed notes.txt
    commit_all(project)

    code, output = run_update(project)

    assert code == 0, output
    assert not (project / "notes.txt").exists()


@pytest.mark.parametrize("conflict", ["inline", "rej"])
def test_a_file_the_template_removed_is_kept_when_the_user_changed_it(
    project: Path, conflict: ConflictStyle
) -> None:
    (project / "legacy.py").write_text("OLD = True\nMY_ADDITION = 1\n", encoding="utf-8")
    commit_all(project)

    result = update_project(project, conflict=conflict)

    assert (project / "legacy.py").read_text() == "OLD = True\nMY_ADDITION = 1\n"
    assert result.kept == ("legacy.py",)
    assert result.conflicts == ()
    assert not (project / "legacy.py.rej").exists()
    assert FileChange("legacy.py", "deleted") not in result.changes


def test_uncommitted_changes_refuse_with_exit_2_and_change_nothing(project: Path) -> None:
    (project / "README.md").write_text("work in progress\n", encoding="utf-8")
    (project / "scratch.txt").write_text("untracked\n", encoding="utf-8")
    before = snapshot(project)

    code, output = run_update(project)

    assert code == 2
    assert "uncommitted changes" in output
    assert "README.md" in output
    assert output.strip().count("\n") == 0
    assert snapshot(project) == before


def test_an_untracked_file_alone_also_refuses(project: Path) -> None:
    (project / "scratch.txt").write_text("untracked\n", encoding="utf-8")
    code, output = run_update(project)
    assert code == 2
    assert "scratch.txt" in output


def test_dry_run_reports_the_changes_and_changes_nothing(project: Path) -> None:
    settings = project / "settings.py"
    settings.write_text(settings.read_text().replace("B = 2", "B = 5"), encoding="utf-8")
    commit_all(project)
    before = snapshot(project)

    code, output = run_update(project, "--dry-run")

    assert code == 1  # the conflict it would leave
    assert output.startswith("Would update")
    assert "added.py" in output
    assert "settings.py" in output
    assert snapshot(project) == before


def test_data_changes_an_answer_and_keeps_the_version(project: Path) -> None:
    code, output = run_update(project, "--to", "1", "-d", "model=forest")

    assert code == 0, output
    assert (project / "model.py").read_text() == 'MODEL = "forest"\n'
    assert answers(project)["model"] == "forest"
    assert answers(project)["_commit"] == "1"
    assert not (project / "added.py").exists()


def test_already_current_is_exit_0_and_changes_nothing(project: Path) -> None:
    assert run_update(project)[0] == 0
    commit_all(project, "update to 2")
    before = snapshot(project)

    code, output = run_update(project)

    assert code == 0
    assert "nothing to update" in output
    assert snapshot(project) == before


def test_downgrade_is_refused(project: Path) -> None:
    assert run_update(project)[0] == 0
    commit_all(project, "update to 2")
    code, output = run_update(project, "--to", "1")
    assert code == 2
    assert "does not downgrade" in output


@pytest.mark.parametrize(
    ("commit", "message"),
    [("9", "newer than this mlscaffold's 2"), ("abc", "does not know"), ("", "no toy template")],
)
def test_an_unknown_recorded_version_is_refused(project: Path, commit: str, message: str) -> None:
    path = project / ".copier-answers.yml"
    path.write_text(path.read_text().replace("_commit: '1'", f"_commit: '{commit}'"))
    commit_all(project)
    code, output = run_update(project)
    assert code == 2
    assert message in output


def test_an_unknown_target_version_is_refused(project: Path) -> None:
    code, output = run_update(project, "--to", "7")
    assert code == 2
    assert "choose one of: 1, 2" in output


def test_an_unknown_answer_is_refused(project: Path) -> None:
    code, output = run_update(project, "-d", "modle=forest")
    assert code == 2
    assert "unknown answer 'modle'" in output


def test_a_directory_that_is_not_a_generated_project_is_refused(tmp_path: Path) -> None:
    (tmp_path / "plain").mkdir()
    code, output = run_update(tmp_path / "plain")
    assert code == 2
    assert "not a project made by mlscaffold" in output


def test_it_needs_no_cache_and_no_network_on_another_machine(
    project: Path, toy: ToyTemplate, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Another machine: the template installed elsewhere, empty home and caches."""
    elsewhere = tmp_path / "site-packages" / "mlscaffold" / "templates"
    shutil.copytree(toy.root, elsewhere)
    shutil.rmtree(toy.root)
    monkeypatch.setattr("mlscaffold.templates.templates_root", lambda: elsewhere)
    home = tmp_path / "home"
    home.mkdir()
    for variable in ("HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(variable, str(home))

    code, output = run_update(project)

    assert code == 0, output
    assert answers(project)["_commit"] == "2"
    assert list(home.iterdir()) == []  # no cache left behind


def test_a_failed_update_puts_the_project_back(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def fail_half_way(self: object, request: object) -> None:
        (project / "README.md").write_text("half-written\n", encoding="utf-8")
        (project / "new_file.py").write_text("x = 1\n", encoding="utf-8")
        raise TemplateRenderError("the update failed: boom")

    monkeypatch.setattr("mlscaffold.engines.copier_engine.CopierEngine.update", fail_half_way)
    before = snapshot(project, index=False)

    code, output = run_update(project)

    assert code == 1
    assert "boom" in output
    assert snapshot(project, index=False) == before
    assert git(project, "status", "--porcelain") == ""


def test_plain_copier_update_works_with_the_exported_versions(
    project: Path, tmp_path: Path
) -> None:
    """The README's recipe: export the versions, point git at them, run copier itself."""
    exported = tmp_path / "toy.git"
    assert template_versions.main(["export", "toy", str(exported)]) == 0
    copier = Path(sys.executable).parent / "copier"
    env = {
        **os.environ,
        "GIT_CONFIG_COUNT": "1",
        "GIT_CONFIG_KEY_0": f"url.{exported}.insteadOf",
        "GIT_CONFIG_VALUE_0": "https://mlscaffold.invalid/templates/toy.git",
        "COPIER_CACHE_DIR": str(tmp_path / "copier-cache"),
    }
    subprocess.run(
        [str(copier), "update", "--trust", "--defaults", "--quiet", str(project)],
        env=env, check=True, capture_output=True,
    )  # fmt: skip
    assert answers(project)["_commit"] == "2"
    assert (project / "added.py").is_file()
