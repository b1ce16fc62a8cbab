"""`new --template SRC`: what SRC may be, and the bad inputs that must leave nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlscaffold.template_source import parse_source
from tests.third_party_templates import (
    COOKIECUTTER_V1,
    TemplateRepository,
    leftovers,
    run,
)


@pytest.fixture
def template(tmp_path: Path) -> TemplateRepository:
    repository = TemplateRepository(tmp_path / "tpl")
    repository.commit(COOKIECUTTER_V1, "First version")
    return repository


def _bad_input(tmp_path: Path, *args: str) -> str:
    code, output = run("new", str(tmp_path / "out" / "p"), "--defaults", *args)
    assert code == 2, output
    assert output.strip().count("\n") == 0, output
    assert output.startswith("mlscaffold: error: ")
    assert "Traceback" not in output
    assert not (tmp_path / "out").exists() or leftovers(tmp_path / "out", "p") == []
    return output


def test_a_folder_that_is_neither_kind_of_template(tmp_path: Path) -> None:
    folder = tmp_path / "not-a-template"
    folder.mkdir()
    (folder / "README.md").write_text("hello\n", encoding="utf-8")
    output = _bad_input(tmp_path, "--template", str(folder))
    assert "neither a copier template (copier.yml) nor a cookiecutter template" in output


def test_a_missing_path(tmp_path: Path) -> None:
    output = _bad_input(tmp_path, "--template", str(tmp_path / "nowhere"))
    assert "not a built-in template name, an existing path or a git URL" in output


def test_an_unknown_ref(tmp_path: Path, template: TemplateRepository) -> None:
    output = _bad_input(tmp_path, "--template", str(template.path), "--ref", "v9")
    assert "'v9' is not a branch, tag or commit" in output


def test_a_directory_that_is_not_there(tmp_path: Path, template: TemplateRepository) -> None:
    output = _bad_input(tmp_path, "--template", str(template.path), "--directory", "nope")
    assert "--directory 'nope' is not a folder of" in output


def test_a_directory_outside_the_template(tmp_path: Path, template: TemplateRepository) -> None:
    output = _bad_input(tmp_path, "--template", str(template.path), "--directory", "../x")
    assert "must be a folder inside the template" in output


def test_an_unknown_answer(tmp_path: Path, template: TemplateRepository) -> None:
    output = _bad_input(tmp_path, "--template", str(template.path), "-d", "colour=blue")
    assert "unknown answer 'colour'" in output
    assert "project_name" in output


def test_a_ref_for_a_built_in_template(tmp_path: Path) -> None:
    output = _bad_input(tmp_path, "--ref", "v1")
    assert "--ref and --directory" in output


def test_a_ref_for_a_plain_folder(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    folder.mkdir()
    (folder / "cookiecutter.json").write_text('{"x": "1"}', encoding="utf-8")
    output = _bad_input(tmp_path, "--template", str(folder), "--ref", "main")
    assert "--ref needs a git repository" in output


def test_an_unreachable_git_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GIT_ALLOW_PROTOCOL", "file")  # no network in tests
    output = _bad_input(tmp_path, "--template", "https://example.invalid/none.git")
    assert "cannot read the template repository https://example.invalid/none.git" in output


def test_a_plain_folder_renders_with_a_note_that_it_cannot_update(tmp_path: Path) -> None:
    folder = tmp_path / "plain"
    (folder / "{{cookiecutter.name}}").mkdir(parents=True)
    (folder / "cookiecutter.json").write_text('{"name": "thing"}', encoding="utf-8")
    (folder / "{{cookiecutter.name}}" / "a.txt").write_text("{{ cookiecutter.name }}\n")

    code, output = run("new", str(tmp_path / "p"), "--template", str(folder), "--defaults")

    assert code == 0, output
    assert (tmp_path / "p" / "a.txt").read_text() == "thing\n"
    assert "not in a git repository" in output
    code, output = run("update", str(tmp_path / "p"))
    assert code == 2
    assert "records no commit" in output


@pytest.mark.parametrize(
    ("text", "location"),
    [
        ("gh:owner/repo", "https://github.com/owner/repo.git"),
        ("gl:group/repo.git", "https://gitlab.com/group/repo.git"),
        ("git+https://example.org/x.git", "https://example.org/x.git"),
        ("git@github.com:owner/repo.git", "git@github.com:owner/repo.git"),
        ("ssh://host/x.git", "ssh://host/x.git"),
    ],
)
def test_git_urls_are_recognised(text: str, location: str) -> None:
    source = parse_source(text)
    assert (source.location, source.is_repository, source.is_local) == (location, True, False)


def test_a_local_repository_by_path_and_by_file_url(template: TemplateRepository) -> None:
    by_path = parse_source(str(template.path))
    by_url = parse_source(f"file://{template.path}")
    assert by_path == by_url
    assert (by_path.location, by_path.is_repository, by_path.subfolder) == (
        str(template.path),
        True,
        "",
    )


def test_an_untracked_folder_in_a_repository_is_a_plain_folder(
    template: TemplateRepository,
) -> None:
    untracked = template.path / "scratch"
    untracked.mkdir()
    (untracked / "cookiecutter.json").write_text("{}", encoding="utf-8")
    source = parse_source(str(untracked))
    assert (source.location, source.is_repository) == (str(untracked), False)
