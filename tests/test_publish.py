"""publish's local logic: plan, topics, names, token sources, push environment, CLI dry run.

Fast: no network. The end-to-end run against Prism is in tests/e2e/test_publish.py.
"""

from __future__ import annotations

import base64
import re
import stat
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlscaffold.cli import main
from mlscaffold.credentials import Token, describe_token_source, find_token
from mlscaffold.errors import DirtyWorkingTree, MissingToken, NotAProject, UsageError
from mlscaffold.publish import (
    PublishOptions,
    api_hostname,
    iter_plan_steps,
    plan_publish,
    project_topics,
    push_environment,
    repository_name,
    topic_slug,
    web_url,
)
from mlscaffold.validation import BUILTIN_DATASETS
from tests.conftest import CreateProject

GITHUB_TOPIC = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")


@pytest.mark.parametrize("dataset", list(BUILTIN_DATASETS))
def test_topics_are_valid_github_topics_with_the_stack_and_the_data_set(dataset: str) -> None:
    topics = project_topics({"dataset": dataset, "project_name": "x"})
    assert all(GITHUB_TOPIC.match(topic) for topic in topics), topics
    assert topics[:4] == ("machine-learning", "scikit-learn", "fastapi", "docker")
    assert topics[-1] == "mlscaffold"
    assert BUILTIN_DATASETS[dataset].task in topics
    assert len(topics) == len(set(topics)) <= 20


def test_topics_name_the_data_set_as_people_search_for_it() -> None:
    assert "palmer-penguins" in project_topics({"dataset": "penguins"})
    assert "breast-cancer" in project_topics({"dataset": "breast_cancer"})


def test_a_csv_project_gets_its_task_but_no_data_set_topic() -> None:
    topics = project_topics({"dataset": "csv", "task": "regression"})
    assert "regression" in topics
    assert "csv" not in topics


@pytest.mark.parametrize(
    ("text", "slug"),
    [("Breast_Cancer", "breast-cancer"), ("  a  b ", "a-b"), ("--x--", "x"), ("é", ""),
     ("a" * 60, "a" * 50)],
)  # fmt: skip
def test_topic_slug(text: str, slug: str) -> None:
    assert topic_slug(text) == slug


def test_repository_name_is_the_projects_distribution_name() -> None:
    assert repository_name({"project_name": "Penguin Classifier"}) == "penguin-classifier"
    assert repository_name({"project_name": "sales_forecast"}) == "sales-forecast"


def test_hosts_and_web_urls_for_github_and_enterprise() -> None:
    assert api_hostname("https://api.github.com") == "github.com"
    assert web_url("https://api.github.com") == "https://github.com"
    assert api_hostname("https://ghe.example.com/api/v3") == "ghe.example.com"
    assert web_url("https://ghe.example.com/api/v3") == "https://ghe.example.com"


def test_token_precedence_gh_token_then_github_token() -> None:
    both = {"GH_TOKEN": "one", "GITHUB_TOKEN": "two"}
    assert find_token(environ=both, gh="/nonexistent") == Token("one", "GH_TOKEN")
    blank = {"GH_TOKEN": "  ", "GITHUB_TOKEN": "two"}
    assert find_token(environ=blank, gh="/nonexistent") == Token("two", "GITHUB_TOKEN")
    assert describe_token_source(environ=blank, gh=None) == "GITHUB_TOKEN"


def _fake_gh(tmp_path: Path, script: str) -> str:
    gh = tmp_path / "gh"
    gh.write_text(f"#!/bin/sh\n{script}\n", encoding="utf-8")
    gh.chmod(gh.stat().st_mode | stat.S_IEXEC)
    return str(gh)


def test_token_falls_back_to_gh_auth_token(tmp_path: Path) -> None:
    gh = _fake_gh(tmp_path, "echo gho_fromGh")
    token = find_token(environ={}, gh=gh)
    assert token == Token("gho_fromGh", "gh auth token")
    assert str(token) == "<token from gh auth token>"


def test_gh_is_asked_for_the_enterprise_host(tmp_path: Path) -> None:
    record = tmp_path / "args.txt"
    gh = _fake_gh(tmp_path, f'echo "$@" > {record}; echo gho_x')
    find_token(environ={}, gh=gh, hostname="ghe.example.com")
    assert record.read_text().split() == ["auth", "token", "--hostname", "ghe.example.com"]


def test_no_token_anywhere_is_a_usage_error_that_says_how(tmp_path: Path) -> None:
    logged_out = _fake_gh(tmp_path, "echo 'not logged in' >&2; exit 1")
    with pytest.raises(MissingToken, match=r"GH_TOKEN.*gh auth login"):
        find_token(environ={}, gh=logged_out)


def test_push_environment_scopes_a_basic_auth_header_to_the_remote(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GIT_CONFIG_COUNT", raising=False)
    env = push_environment("https://github.com/you/demo.git", Token("ghp_x", "GH_TOKEN"))
    assert env["GIT_CONFIG_COUNT"] == "1"
    assert env["GIT_CONFIG_KEY_0"] == "http.https://github.com/.extraHeader"
    header = env["GIT_CONFIG_VALUE_0"]
    assert header.startswith("Authorization: Basic ")
    assert base64.b64decode(header.split()[-1]) == b"x-access-token:ghp_x"


def test_push_environment_keeps_the_callers_git_config_entries(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GIT_CONFIG_COUNT", "2")
    env = push_environment("http://127.0.0.1:9/x.git", Token("t", "GH_TOKEN"))
    assert env["GIT_CONFIG_COUNT"] == "3"
    assert env["GIT_CONFIG_KEY_2"] == "http.http://127.0.0.1:9/.extraHeader"


@pytest.mark.parametrize("remote", ["/srv/git/demo.git", "git@github.com:you/demo.git"])
def test_push_environment_adds_nothing_for_local_or_ssh_remotes(remote: str) -> None:
    assert push_environment(remote, Token("t", "GH_TOKEN")) == {}


def test_plan_of_a_generated_project(new_project: CreateProject) -> None:
    project = new_project("demo", dataset="wine").destination
    plan = plan_publish(project, PublishOptions(org="lab", private=True))
    assert plan.name == "penguin-classifier"  # from the project name
    assert plan.org == "lab"
    assert not plan.first_commit
    assert "wine" in plan.topics
    steps = list(iter_plan_steps(plan))
    assert any("create the private repository lab/" in step for step in steps)
    assert any(step.startswith("push main to https://github.com/lab/") for step in steps)


def test_plan_refuses_uncommitted_and_untracked_files_naming_them(
    new_project: CreateProject,
) -> None:
    project = new_project("demo").destination
    (project / "scratch.py").write_text("x = 1\n", encoding="utf-8")
    (project / "Makefile").write_text("changed\n", encoding="utf-8")
    with pytest.raises(DirtyWorkingTree) as raised:
        plan_publish(project, PublishOptions())
    assert "scratch.py" in raised.value.message
    assert "Makefile" in raised.value.message
    assert raised.value.exit_code == 2


def test_many_uncommitted_files_are_counted_past_the_tenth(new_project: CreateProject) -> None:
    project = new_project("demo").destination
    for number in range(13):
        (project / f"scratch_{number:02}.py").write_text("x = 1\n", encoding="utf-8")
    with pytest.raises(DirtyWorkingTree) as raised:
        plan_publish(project, PublishOptions())
    assert "scratch_09.py and 3 more;" in raised.value.message
    assert "scratch_10.py" not in raised.value.message


def test_a_project_without_commits_gets_a_first_one(new_project: CreateProject) -> None:
    project = new_project("demo").destination
    subprocess.run(["rm", "-rf", str(project / ".git")], check=True)
    assert plan_publish(project, PublishOptions()).first_commit


def test_plan_refuses_a_directory_that_is_not_a_generated_project(tmp_path: Path) -> None:
    with pytest.raises(NotAProject, match="mlscaffold new"):
        plan_publish(tmp_path, PublishOptions())


@pytest.mark.parametrize("name", ["has space", "a/b", "x.git", "..", "é"])
def test_plan_refuses_names_github_would_rewrite(new_project: CreateProject, name: str) -> None:
    project = new_project("demo").destination
    with pytest.raises(UsageError, match="repository name"):
        plan_publish(project, PublishOptions(name=name))


def test_cli_dry_run_prints_the_plan_without_calling_anything(
    new_project: CreateProject, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("GH_TOKEN", "ghp_dryRunSecret")
    project = new_project("demo").destination

    def no_network(*args: object, **kwargs: object) -> None:
        raise AssertionError("--dry-run must not call GitHub")

    monkeypatch.setattr("mlscaffold.github.GitHubClient.__init__", no_network)
    result = CliRunner().invoke(main, ["publish", str(project), "--dry-run"])
    assert result.exit_code == 0, result.output
    assert "dry run" in result.output
    assert "token from: GH_TOKEN" in result.output
    assert "ghp_dryRunSecret" not in result.output
