"""The generated GitHub configuration: workflows, Dependabot, pre-commit, the Pages site builder.

Every rendered variant must pass GitHub's workflow schema (check-jsonschema) and
zizmor's offline security audit, as the issue asks; the rest pins down the
properties that make the workflows safe to hand to someone: least privilege,
SHA-pinned actions, no credentials left on disk.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from mlscaffold.create import create_project
from tests.conftest import write_regression_csv

VARIANTS: dict[str, dict[str, str]] = {
    "defaults": {},
    "iris-linear-3.10": {"dataset": "iris", "model": "linear", "python_version": "3.10"},
    "diabetes-gb-3.13": {
        "dataset": "diabetes",
        "model": "gradient_boosting",
        "python_version": "3.13",
    },
    "wine-rf-3.12": {"dataset": "wine", "model": "random_forest", "python_version": "3.12"},
    "csv-regression": {"dataset": "csv", "target": "price", "model": "linear"},
}
WORKFLOWS = ("ci.yml", "pages.yml", "release.yml")
PINNED = re.compile(r"^[\w.-]+/[\w./-]+@[0-9a-f]{40}$")


def _tool(name: str) -> str:
    """A console script of the test environment (next to its python), else from PATH."""
    beside = Path(sys.executable).parent / name
    if beside.is_file():
        return str(beside)
    found = shutil.which(name)
    if found is None:
        pytest.fail(f"{name} is missing; it is in the dev dependency group (uv sync)")
    return found


@pytest.fixture(scope="module", params=list(VARIANTS))
def project(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    answers = dict(VARIANTS[request.param])
    tmp = tmp_path_factory.mktemp(request.param)
    if answers.get("dataset") == "csv":
        answers["csv_path"] = str(write_regression_csv(tmp / "houses.csv"))
    result = create_project(tmp / "project", data=answers, use_defaults=True)
    return result.destination


def _workflow(project: Path, name: str) -> dict[str, Any]:
    loaded = yaml.safe_load((project / ".github" / "workflows" / name).read_text("utf-8"))
    assert isinstance(loaded, dict)
    return loaded


def _steps(workflow: dict[str, Any]) -> list[dict[str, Any]]:
    return [step for job in workflow["jobs"].values() for step in job.get("steps", [])]


def test_workflows_pass_githubs_schema(project: Path) -> None:
    files = [str(project / ".github" / "workflows" / name) for name in WORKFLOWS]
    completed = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.github-workflows", *files],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_dependabot_config_passes_its_schema(project: Path) -> None:
    completed = subprocess.run(
        [_tool("check-jsonschema"), "--builtin-schema", "vendor.dependabot",
         str(project / ".github" / "dependabot.yml")],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert completed.returncode == 0, completed.stdout + completed.stderr


def test_zizmor_finds_nothing_of_medium_or_high_severity(project: Path) -> None:
    completed = subprocess.run(
        [_tool("zizmor"), "--offline", "--format", "json", ".github/"],
        cwd=project, capture_output=True, text=True, check=False,
    )  # fmt: skip
    # zizmor exits non-zero when it finds something; the JSON says what.
    findings = json.loads(completed.stdout or "[]")
    serious = [
        f"{finding['ident']} ({finding['determinations']['severity']}): {finding['desc']}"
        for finding in findings
        if finding["determinations"]["severity"] in {"Medium", "High"}
    ]
    assert not serious, "\n".join(serious) + completed.stderr


def test_every_action_is_pinned_to_a_commit_with_its_version(project: Path) -> None:
    for name in WORKFLOWS:
        text = (project / ".github" / "workflows" / name).read_text("utf-8")
        for line in text.splitlines():
            if "uses:" not in line:
                continue
            reference = line.split("uses:", 1)[1].split("#", 1)[0].strip()
            assert PINNED.match(reference), f"{name}: {line.strip()} is not pinned to a SHA"
            assert re.search(r"# v\d+\.\d+\.\d+$", line), f"{name}: {line.strip()} has no version"


def test_permissions_are_least_privilege(project: Path) -> None:
    for name in WORKFLOWS:
        workflow = _workflow(project, name)
        assert workflow["permissions"] == {}, f"{name}: top-level permissions must be empty"
        for job_name, job in workflow["jobs"].items():
            assert "permissions" in job, f"{name}:{job_name} must say what it needs"
    ci = _workflow(project, "ci.yml")
    assert all(job["permissions"] == {"contents": "read"} for job in ci["jobs"].values())
    pages = _workflow(project, "pages.yml")
    assert pages["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    release = _workflow(project, "release.yml")
    assert release["jobs"]["image"]["permissions"] == {"contents": "read", "packages": "write"}


def test_checkouts_keep_no_credentials(project: Path) -> None:
    for name in WORKFLOWS:
        for step in _steps(_workflow(project, name)):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name


def test_workflows_use_the_projects_python(project: Path) -> None:
    answers = yaml.safe_load((project / ".copier-answers.yml").read_text("utf-8"))
    for name in WORKFLOWS:
        assert _workflow(project, name)["env"]["UV_PYTHON"] == answers["python_version"]


def test_ci_runs_lint_pipeline_tests_docker_and_a_non_blocking_check(project: Path) -> None:
    ci = _workflow(project, "ci.yml")
    on = ci[True]  # YAML 1.1 reads the key `on` as True
    assert "push" in on
    assert "pull_request" in on
    runs = {
        name: [step.get("run", "") for step in job["steps"]] for name, job in ci["jobs"].items()
    }
    assert "make lint" in runs["lint"]
    pipeline = runs["pipeline"]
    order = ["make data", "make train", "make evaluate", "make report", "make test"]
    assert [pipeline.index(command) for command in order] == sorted(
        pipeline.index(command) for command in order
    )
    assert any(command.startswith("docker build") for command in runs["docker"])
    assert ci["jobs"]["template"]["continue-on-error"] is True
    assert any("mlscaffold check" in command for command in runs["template"])
    uploads = [s for s in ci["jobs"]["pipeline"]["steps"] if "upload-artifact" in s.get("uses", "")]
    assert "reports/metrics.json" in uploads[0]["with"]["path"]
    assert "reports/figures/" in uploads[0]["with"]["path"]


def test_pages_deploys_on_main_and_release_pushes_to_ghcr_on_tags(project: Path) -> None:
    pages = _workflow(project, "pages.yml")
    assert pages[True]["push"]["branches"] == ["main"]
    assert pages["jobs"]["deploy"]["environment"]["name"] == "github-pages"
    release = _workflow(project, "release.yml")
    assert release[True]["push"]["tags"] == ["v*"]
    steps = release["jobs"]["image"]["steps"]
    push = next(s for s in steps if "build-push-action" in s.get("uses", ""))
    assert push["with"]["push"] is True
    assert push["with"]["context"] == "."  # the trained model is not in git
    login = next(s for s in steps if "login-action" in s.get("uses", ""))
    assert login["with"]["registry"] == "ghcr.io"


def test_pre_commit_runs_ruff_at_a_pinned_release(project: Path) -> None:
    config = yaml.safe_load((project / ".pre-commit-config.yaml").read_text("utf-8"))
    ruff = next(repo for repo in config["repos"] if repo["repo"].endswith("ruff-pre-commit"))
    assert re.fullmatch(r"v\d+\.\d+\.\d+", ruff["rev"])
    assert {hook["id"] for hook in ruff["hooks"]} == {"ruff-check", "ruff-format"}


def test_dependabot_updates_python_dependencies_and_actions(project: Path) -> None:
    config = yaml.safe_load((project / ".github" / "dependabot.yml").read_text("utf-8"))
    ecosystems = {update["package-ecosystem"] for update in config["updates"]}
    assert {"uv", "github-actions"} <= ecosystems


def test_pages_builds_the_site_with_make_site(project: Path) -> None:
    # The site builder is the project's own (writeup/site.py), tested in the project.
    pages = (project / ".github" / "workflows" / "pages.yml").read_text("utf-8")
    assert "make setup data train evaluate report" in pages
    assert "make site SITE_ARGS=" in pages
