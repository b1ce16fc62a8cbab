"""A copier template that is not mlscaffold's, in a local git repository (two tagged
releases): `new`, user edits, `update` through copier (clean, conflicting, refused),
`check`, and --trust for templates that run their own code."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml

from tests.third_party_templates import (
    COPIER_V1,
    COPIER_V2,
    TemplateRepository,
    commit_all,
    edit,
    git,
    leftovers,
    run,
    snapshot,
)


def answers(project: Path) -> dict[str, object]:
    loaded = yaml.safe_load((project / ".copier-answers.yml").read_text(encoding="utf-8"))
    assert isinstance(loaded, dict)
    return loaded


@pytest.fixture
def template(tmp_path: Path) -> TemplateRepository:
    return TemplateRepository(tmp_path / "copier-tpl")


@pytest.fixture
def project(template: TemplateRepository, tmp_path: Path) -> Path:
    """A project made at release 1.0.0; the template has released 2.0.0 since."""
    template.commit(COPIER_V1, "First release", tag="1.0.0")
    code, output = run(
        "new", str(tmp_path / "proj"), "--template", str(template.path), "--defaults",
        "-d", "model=forest",
    )  # fmt: skip
    assert code == 0, output
    template.commit(COPIER_V2, "Install line, B = 20, added.py", tag="2.0.0")
    return tmp_path / "proj"


def test_new_records_the_real_source_and_release(
    project: Path, template: TemplateRepository
) -> None:
    recorded = answers(project)
    assert recorded["_src_path"] == str(template.path)
    assert recorded["_commit"] == "1.0.0"
    assert recorded["model"] == "forest"
    assert (project / "model.py").read_text() == 'MODEL = "forest"\n'
    assert git(project, "status", "--porcelain") == ""
    assert len(git(project, "log", "--oneline").splitlines()) == 1


def test_update_brings_the_release_and_keeps_user_edits(project: Path) -> None:
    edit(project / "README.md", "Intro.", "My own intro.")
    commit_all(project)

    code, output = run("update", str(project))

    assert code == 0, output
    readme = (project / "README.md").read_text()
    assert "My own intro." in readme
    assert "Install: pip install." in readme
    assert "B = 20" in (project / "settings.py").read_text()
    assert (project / "added.py").is_file()
    assert answers(project)["_commit"] == "2.0.0"
    assert "1.0.0 -> 2.0.0" in output


def test_overlapping_edits_are_conflicts_exit_1(project: Path) -> None:
    edit(project / "settings.py", "B = 2", "B = 5")
    commit_all(project)

    code, output = run("update", str(project))

    assert code == 1, output
    assert "<<<<<<<" in (project / "settings.py").read_text()
    assert "settings.py" in git(project, "ls-files", "--unmerged")
    assert "1 conflict(s)" in output


def test_rej_conflicts_exit_1(project: Path) -> None:
    edit(project / "settings.py", "B = 2", "B = 5")
    commit_all(project)
    code, output = run("update", str(project), "--conflict", "rej")
    assert code == 1, output
    assert (project / "settings.py.rej").is_file()


def test_dirty_tree_is_refused_and_nothing_changes(project: Path) -> None:
    (project / "scratch.txt").write_text("untracked\n", encoding="utf-8")
    before = snapshot(project)
    code, output = run("update", str(project))
    assert code == 2
    assert "scratch.txt" in output
    assert snapshot(project) == before


def test_check_names_the_release_then_is_current(project: Path) -> None:
    code, output = run("check", str(project), "--json")
    assert code == 1
    report = json.loads(output)
    assert report["engine"] == "copier"
    assert report["current_version"] == "1.0.0"
    assert report["latest_version"] == "2.0.0"
    assert report["changes"][0]["notes"] == ["Install line, B = 20, added.py"]

    assert run("update", str(project))[0] == 0
    commit_all(project, "update")
    assert run("check", str(project))[0] == 0


def test_to_a_release_and_a_downgrade(project: Path) -> None:
    code, output = run("update", str(project), "--to", "1.0.0")
    assert code == 0
    assert "nothing to update" in output
    assert run("update", str(project), "--to", "2.0.0")[0] == 0
    commit_all(project, "update")
    code, output = run("update", str(project), "--to", "1.0.0")
    assert code == 2
    assert "does not downgrade" in output


def test_a_project_plain_copier_made_is_adopted(
    template: TemplateRepository, tmp_path: Path
) -> None:
    import copier

    template.commit(COPIER_V1, "First release", tag="1.0.0")
    made = tmp_path / "made"
    copier.run_copy(str(template.path), made, defaults=True, quiet=True)
    git(made, "init", "-q")
    commit_all(made, "made by copier")
    template.commit(COPIER_V2, "Second release", tag="2.0.0")

    code, output = run("update", str(made))

    assert code == 0, output
    assert (made / "added.py").is_file()


TASKS = "_tasks:\n  - touch task-ran.txt\n"


def test_tasks_need_trust_in_new(template: TemplateRepository, tmp_path: Path) -> None:
    template.commit({**COPIER_V1, "copier.yml": COPIER_V1["copier.yml"] + TASKS}, "With a task")
    dest = tmp_path / "p"

    code, output = run("new", str(dest), "--template", str(template.path), "--defaults")

    assert code == 2
    assert "tasks" in output
    assert "--trust" in output
    assert output.count("mlscaffold: error:") == 1
    assert leftovers(tmp_path, "p") == []

    code, output = run("new", str(dest), "--template", str(template.path), "--defaults", "--trust")
    assert code == 0, output
    assert (dest / "task-ran.txt").is_file()
    assert git(dest, "status", "--porcelain") == ""  # the task's file is in the first commit


def test_tasks_need_trust_in_update(template: TemplateRepository, tmp_path: Path) -> None:
    template.commit(COPIER_V1, "First release", tag="1.0.0")
    project = tmp_path / "p"
    assert run("new", str(project), "--template", str(template.path), "--defaults")[0] == 0
    template.commit({**COPIER_V2, "copier.yml": COPIER_V2["copier.yml"] + TASKS}, "v2", tag="2.0.0")
    before = snapshot(project)

    code, output = run("update", str(project))

    assert code == 2
    assert "--trust" in output
    assert snapshot(project) == before
    code, output = run("update", str(project), "--trust")
    assert code == 0, output
    assert (project / "added.py").is_file()


def test_copier_templates_refuse_directory(template: TemplateRepository, tmp_path: Path) -> None:
    template.commit(COPIER_V1, "First release", tag="1.0.0")
    code, output = run(
        "new", str(tmp_path / "p"), "--template", str(template.path), "--directory", ".",
        "--defaults",
    )  # fmt: skip
    assert code == 2
    assert "--directory is for cookiecutter templates" in output
    assert not (tmp_path / "p").exists()
