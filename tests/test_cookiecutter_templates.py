"""A cookiecutter template in a local git repository (two commits): `new`, then user
edits, `update` (clean, conflicting, refused) and `check`, with the update exit codes."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from mlscaffold.cruft_record import read_record
from tests.third_party_templates import (
    COOKIECUTTER_V1,
    COOKIECUTTER_V2,
    TemplateRepository,
    commit_all,
    edit,
    git,
    leftovers,
    run,
    snapshot,
)


@pytest.fixture(autouse=True)
def private_home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty home: nothing of the user's cookiecutter config, and nothing written there."""
    home = tmp_path / "home"
    home.mkdir()
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.delenv("COOKIECUTTER_CONFIG", raising=False)
    return home


@pytest.fixture
def template(tmp_path: Path) -> TemplateRepository:
    return TemplateRepository(tmp_path / "cookiecutter-tpl")


@pytest.fixture
def project(template: TemplateRepository, tmp_path: Path) -> Path:
    """A project made at the template's first commit; the template has a second one since."""
    template.commit(COOKIECUTTER_V1, "First version")
    code, output = run(
        "new", str(tmp_path / "proj"), "--template", str(template.path), "--defaults",
        "-d", "project_name=Hello World",
    )  # fmt: skip
    assert code == 0, output
    template.commit(COOKIECUTTER_V2, "Install line, B = 20, added.py, no legacy.py")
    return tmp_path / "proj"


def test_new_renders_runs_hooks_records_the_context_and_commits(
    template: TemplateRepository, tmp_path: Path, private_home: Path
) -> None:
    first = template.commit(COOKIECUTTER_V1, "First version")
    code, output = run(
        "new", str(tmp_path / "p"), "--template", str(template.path), "--defaults",
        "-d", "project_name=Hello World",
    )  # fmt: skip

    assert code == 0, output
    project = tmp_path / "p"
    assert (project / "README.md").read_text().startswith("# Hello World\n\nIntro.\n")
    assert (project / "hello_world" / "__init__.py").is_file()  # the computed slug
    assert not (project / "Dockerfile").exists()  # the hook removed it: use_docker=no
    assert (project / "hook.txt").is_file()
    record = json.loads((project / ".cruft.json").read_text())
    assert record["template"] == str(template.path)
    assert record["commit"] == first
    assert record["checkout"] is None
    assert record["directory"] is None
    context = record["context"]["cookiecutter"]
    assert context["project_name"] == "Hello World"
    assert context["project_slug"] == "hello_world"
    assert context["use_docker"] == "no"
    assert git(project, "status", "--porcelain") == ""
    assert git(project, "branch", "--show-current").strip() == "main"
    assert len(git(project, "log", "--oneline").splitlines()) == 1
    assert "cookiecutter template" in output
    assert list(private_home.iterdir()) == []  # no ~/.cookiecutters, no replay files


def test_choice_answer_enables_the_conditional_file(
    template: TemplateRepository, tmp_path: Path
) -> None:
    template.commit(COOKIECUTTER_V1, "First version")
    code, output = run(
        "new", str(tmp_path / "p"), "--template", str(template.path), "--defaults",
        "-d", "use_docker=yes",
    )  # fmt: skip
    assert code == 0, output
    assert (tmp_path / "p" / "Dockerfile").read_text() == "FROM python:3.11-slim\n"
    assert (tmp_path / "p" / "my_project").is_dir()


def test_template_changes_arrive_and_user_edits_stay(project: Path) -> None:
    edit(project / "README.md", "Intro.", "My own intro.")
    (project / "mine.py").write_text("MINE = 1\n", encoding="utf-8")
    commit_all(project)
    head = git(project, "rev-parse", "HEAD")

    code, output = run("update", str(project))

    assert code == 0, output
    assert (project / "README.md").read_text() == (
        "# Hello World\n\nMy own intro.\n\nSome text.\n\nUsage: run it.\n\nInstall: pip install.\n"
    )
    assert "B = 20" in (project / "settings.py").read_text()
    assert (project / "notes.txt").read_text() == "notes, revised\n"
    assert (project / "added.py").read_text() == "NEW = True\n"
    assert not (project / "legacy.py").exists()  # removed by the template, never edited
    assert not (project / "Dockerfile").exists()  # the hook still removes it
    assert (project / "mine.py").read_text() == "MINE = 1\n"
    record = read_record(project)
    assert record.commit == git(Path(record.template), "rev-parse", "main").strip()
    assert record.context["project_slug"] == "hello_world"
    assert git(project, "rev-parse", "HEAD") == head  # nothing committed: the user reviews
    assert git(project, "ls-files", "--unmerged") == ""
    assert "added.py" in output


def test_overlapping_edits_become_conflict_markers_and_exit_1(project: Path) -> None:
    edit(project / "settings.py", "B = 2", "B = 5")
    commit_all(project)

    code, output = run("update", str(project))

    assert code == 1, output
    text = (project / "settings.py").read_text()
    assert "<<<<<<< before updating" in text
    assert "B = 5" in text
    assert "B = 20" in text
    assert "settings.py" in git(project, "ls-files", "--unmerged")
    assert "1 conflict(s)" in output
    assert (project / "added.py").is_file()  # the rest of the update is there


def test_rej_style_leaves_rej_files_and_exit_1(project: Path) -> None:
    edit(project / "settings.py", "B = 2", "B = 5")
    edit(project / "settings.py", "G = 7", "G = 70")
    commit_all(project)

    code, output = run("update", str(project), "--conflict", "rej")

    assert code == 1, output
    assert "B = 20" in (project / "settings.py.rej").read_text()
    assert "B = 5" in (project / "settings.py").read_text()
    assert "settings.py.rej" in output
    assert git(project, "ls-files", "--unmerged") == ""


def test_a_file_the_user_deleted_stays_deleted(project: Path) -> None:
    (project / "notes.txt").unlink()  # and the template changed notes.txt
    commit_all(project)

    code, output = run("update", str(project))

    assert code == 0, output
    assert not (project / "notes.txt").exists()


def test_a_file_the_template_removed_is_kept_when_the_user_changed_it(project: Path) -> None:
    (project / "legacy.py").write_text("OLD = True\nMY_ADDITION = 1\n", encoding="utf-8")
    commit_all(project)

    code, output = run("update", str(project))

    assert code == 0, output
    assert (project / "legacy.py").read_text() == "OLD = True\nMY_ADDITION = 1\n"
    assert "Kept" in output
    assert "legacy.py" in output


def test_uncommitted_changes_refuse_with_exit_2_and_change_nothing(project: Path) -> None:
    (project / "README.md").write_text("work in progress\n", encoding="utf-8")
    before = snapshot(project)

    code, output = run("update", str(project))

    assert code == 2
    assert "uncommitted changes" in output
    assert output.strip().count("\n") == 0
    assert snapshot(project) == before


def test_check_exits_1_with_the_commits_then_0_once_updated(project: Path) -> None:
    code, output = run("check", str(project))
    assert code == 1
    assert "Install line, B = 20" in output

    assert run("update", str(project))[0] == 0
    commit_all(project, "update")

    code, output = run("check", str(project), "--json")
    assert code == 0, output
    assert json.loads(output)["update_available"] is False
    code, output = run("update", str(project))
    assert code == 0
    assert "nothing to update" in output


def test_dry_run_reports_and_changes_nothing(project: Path) -> None:
    before = snapshot(project)
    code, output = run("update", str(project), "--dry-run")
    assert code == 0, output
    assert output.startswith("Would update")
    assert "added.py" in output
    assert snapshot(project) == before


def test_data_changes_an_answer_at_the_same_version(project: Path) -> None:
    recorded = read_record(project).commit
    code, output = run("update", str(project), "--to", str(recorded), "-d", "use_docker=yes")

    assert code == 0, output
    assert (project / "Dockerfile").read_text() == "FROM python:3.11-slim\n"
    assert not (project / "added.py").exists()
    assert read_record(project).context["use_docker"] == "yes"
    assert read_record(project).commit == recorded


def test_new_with_ref_pins_the_version_and_to_moves_it(
    template: TemplateRepository, tmp_path: Path
) -> None:
    template.commit(COOKIECUTTER_V1, "First version", tag="v1")
    template.commit(COOKIECUTTER_V2, "Second version", tag="v2")
    project = tmp_path / "p"
    code, output = run(
        "new", str(project), "--template", f"file://{template.path}", "--ref", "v1", "--defaults"
    )
    assert code == 0, output
    assert not (project / "added.py").exists()
    assert read_record(project).checkout == "v1"
    assert run("check", str(project))[0] == 0  # it follows v1, which has not moved

    code, output = run("update", str(project), "--to", "main")

    assert code == 0, output
    assert (project / "added.py").is_file()
    assert read_record(project).checkout == "main"
    assert "v1 -> v2" in output


def test_unknown_ref_and_downgrade_are_refused(project: Path) -> None:
    code, output = run("update", str(project), "--to", "no-such-branch")
    assert code == 2
    assert "'no-such-branch' is not a branch, tag or commit" in output

    assert run("update", str(project))[0] == 0
    commit_all(project, "update")
    code, output = run("update", str(project), "--to", "main~1")
    assert code == 2
    assert "does not downgrade" in output


def test_an_unknown_answer_is_refused(project: Path) -> None:
    code, output = run("update", str(project), "-d", "use_dokcer=yes")
    assert code == 2
    assert "unknown answer 'use_dokcer'" in output


def test_a_template_in_a_subfolder_with_directory(tmp_path: Path) -> None:
    template = TemplateRepository(tmp_path / "many-templates", folder="python/package")
    template.commit(COOKIECUTTER_V1, "First version")
    project = tmp_path / "p"
    code, output = run(
        "new", str(project), "--template", str(template.path), "--directory", "python/package",
        "--defaults",
    )  # fmt: skip
    assert code == 0, output
    assert read_record(project).directory == "python/package"
    template.commit(COOKIECUTTER_V2, "Second version")

    code, output = run("update", str(project))

    assert code == 0, output
    assert (project / "added.py").is_file()


def test_a_path_to_a_folder_in_a_repository_records_repository_and_directory(
    tmp_path: Path,
) -> None:
    template = TemplateRepository(tmp_path / "many-templates", folder="package")
    template.commit(COOKIECUTTER_V1, "First version")
    code, output = run(
        "new", str(tmp_path / "p"), "--template", str(template.path / "package"), "--defaults"
    )
    assert code == 0, output
    record = read_record(tmp_path / "p")
    assert (record.template, record.directory) == (str(template.path), "package")


def test_a_project_cruft_made_is_adopted_as_it_is(
    template: TemplateRepository, tmp_path: Path
) -> None:
    """cruft's own .cruft.json: its keys, a `skip` list, and a context from cookiecutter."""
    first = template.commit(COOKIECUTTER_V1, "First version")
    made = tmp_path / "made"
    assert run("new", str(made), "--template", str(template.path), "--defaults")[0] == 0
    template.commit(COOKIECUTTER_V2, "Second version")
    context = json.loads((made / ".cruft.json").read_text())["context"]
    cruft_file = {
        "template": str(template.path),
        "commit": first,
        "checkout": None,
        "context": context,
        "directory": None,
        "skip": ["notes.txt"],
    }
    (made / ".cruft.json").write_text(json.dumps(cruft_file, indent=2), encoding="utf-8")
    commit_all(made, "as cruft writes it")

    code, output = run("update", str(made))

    assert code == 0, output
    assert (made / "added.py").is_file()
    assert (made / "notes.txt").read_text() == "notes\n"  # skipped
    assert json.loads((made / ".cruft.json").read_text())["skip"] == ["notes.txt"]


@pytest.mark.parametrize(
    ("hook", "code", "message"),
    [
        ("pre_gen_project.py", 2, "hook refused"),
        ("post_gen_project.py", 1, "post-generation hook failed"),
    ],
)
def test_a_failing_hook_is_one_line_and_leaves_nothing(
    template: TemplateRepository, tmp_path: Path, hook: str, code: int, message: str
) -> None:
    files = {**COOKIECUTTER_V1, f"hooks/{hook}": "import sys\nsys.exit('no, thanks')\n"}
    template.commit(files, "A failing hook")
    dest = tmp_path / "out" / "p"

    exit_code, output = run("new", str(dest), "--template", str(template.path), "--defaults")

    assert exit_code == code, output
    errors = [line for line in output.splitlines() if line.startswith("mlscaffold: error:")]
    assert len(errors) == 1
    assert message in errors[0]
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists() or leftovers(tmp_path / "out", "p") == []


def test_a_bad_choice_is_exit_2(template: TemplateRepository, tmp_path: Path) -> None:
    template.commit(COOKIECUTTER_V1, "First version")
    code, output = run(
        "new", str(tmp_path / "p"), "--template", str(template.path), "--defaults",
        "-d", "use_docker=maybe",
    )  # fmt: skip
    assert code == 2
    assert "maybe" in output
    assert not (tmp_path / "p").exists()


def test_without_a_terminal_and_without_defaults_says_what_to_do(
    template: TemplateRepository, tmp_path: Path
) -> None:
    template.commit(COOKIECUTTER_V1, "First version")
    code, output = run("new", str(tmp_path / "p"), "--template", str(template.path), input="")
    assert code == 2
    assert "--defaults" in output
    assert not (tmp_path / "p").exists()


def test_prompts_ask_each_question_with_presets_as_defaults(
    template: TemplateRepository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("mlscaffold.engines.cookiecutter_engine._has_terminal", lambda: True)
    template.commit(COOKIECUTTER_V1, "First version")
    # project_name typed; project_slug: the computed default; use_docker: preset by -d
    answers = "Typed Name\n\n\n"
    code, output = run(
        "new", str(tmp_path / "p"), "--template", str(template.path), "-d", "use_docker=yes",
        input=answers,
    )  # fmt: skip
    assert code == 0, output
    context = read_record(tmp_path / "p").context
    assert (context["project_name"], context["project_slug"]) == ("Typed Name", "typed_name")
    assert context["use_docker"] == "yes"
    assert (tmp_path / "p" / "Dockerfile").is_file()


def test_the_users_cookiecutter_defaults_apply_to_new_projects(
    template: TemplateRepository, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "cookiecutterrc.yaml"
    config.write_text("default_context:\n  project_name: From My Config\n", encoding="utf-8")
    monkeypatch.setenv("COOKIECUTTER_CONFIG", str(config))
    template.commit(COOKIECUTTER_V1, "First version")
    code, output = run("new", str(tmp_path / "p"), "--template", str(template.path), "--defaults")
    assert code == 0, output
    assert (tmp_path / "p" / "from_my_config").is_dir()


def test_update_needs_only_the_local_repository(
    project: Path, private_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Offline: git may not use any protocol but local files; no cache, nothing in ~."""
    monkeypatch.setenv("GIT_ALLOW_PROTOCOL", "file")
    code, output = run("update", str(project))
    assert code == 0, output
    assert list(private_home.iterdir()) == []


@pytest.mark.parametrize("conflict", ["inline", "rej"])
def test_a_project_in_a_folder_of_a_larger_repository(
    project: Path, tmp_path: Path, conflict: str
) -> None:
    """git's index and `git apply` count paths from the repository's top, not the project's."""
    monorepo = tmp_path / "monorepo"
    shutil.copytree(project, monorepo / "services" / "proj", ignore=shutil.ignore_patterns(".git"))
    git(monorepo, "init", "-q")
    inner = monorepo / "services" / "proj"
    edit(inner / "settings.py", "B = 2", "B = 5")
    commit_all(monorepo, "a project among others")

    code, output = run("update", str(inner), "--conflict", conflict)

    assert code == 1, output
    assert (inner / "added.py").is_file()
    if conflict == "inline":
        assert git(monorepo, "ls-files", "--unmerged").count("services/proj/settings.py") == 3
    else:
        assert (inner / "settings.py.rej").is_file()
        assert "B = 5" in (inner / "settings.py").read_text()
