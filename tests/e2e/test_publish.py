"""`mlscaffold publish` end to end, against a local mock of GitHub's real REST API.

Prism serves GitHub's official OpenAPI description and rejects (422) any request
whose body breaks GitHub's schema; pushes go over smart HTTP to a local bare
repository that, like GitHub, wants the token as an Authorization header.
The CLI runs as a subprocess, so "the token is never printed" covers everything
it and git write. Slow: Prism takes ~20 s to start (once per test worker), and
its first install downloads two npm packages into .cache/.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from mlscaffold.create import create_project
from tests.e2e.github_mock import (
    GitHttpServer,
    RecordedRequest,
    RecordingProxy,
    ensure_prism,
    prism_server,
)
from tests.e2e.helpers import free_port

pytestmark = pytest.mark.slow

TOKEN = "ghp_e2eSecretToken0123456789abcdefABCDEF"
BAD_TOKEN = "ghp_revokedToken0123456789abcdefABCDEFGH"
CACHE = Path(__file__).resolve().parents[2] / ".cache" / "github-mock"
# What GitHub's OpenAPI examples answer for any repository (Prism returns examples).
EXAMPLE_REPOSITORY = "octocat/Hello-World"


@pytest.fixture(scope="session")
def github(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RecordingProxy]:
    prism, spec = ensure_prism(CACHE)
    log = tmp_path_factory.mktemp("prism") / "prism.log"
    with (
        prism_server(prism, spec, free_port(), log) as prism_url,
        RecordingProxy(prism_url) as proxy,
    ):
        yield proxy


@pytest.fixture
def api(github: RecordingProxy) -> RecordingProxy:
    github.reset()
    return github


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return create_project(tmp_path / "penguins", use_defaults=True).destination


@pytest.fixture
def git_server(tmp_path: Path) -> Iterator[GitHttpServer]:
    root = tmp_path / "remote"
    root.mkdir()
    subprocess.run(["git", "init", "--quiet", "--bare", str(root / "demo.git")], check=True)
    with GitHttpServer(root, TOKEN) as server:
        yield server


def publish(
    project: Path, *args: str, token: str | None = TOKEN
) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in {"GH_TOKEN", "GITHUB_TOKEN"}}
    if token is not None:
        env["GH_TOKEN"] = token
    # No gh: the token must come from the environment (or be missing).
    env["PATH"] = os.pathsep.join(p for p in env["PATH"].split(os.pathsep) if not _has_gh(p))
    return subprocess.run(
        [sys.executable, "-c", "from mlscaffold.cli import main; main()", "publish", str(project),
         *args],
        capture_output=True, text=True, env=env, timeout=300, check=False,
    )  # fmt: skip


def _has_gh(directory: str) -> bool:
    return (Path(directory) / "gh").exists()


def _bare_main(server: GitHttpServer) -> str | None:
    completed = subprocess.run(
        ["git", "-C", str(server.root / "demo.git"), "rev-parse", "--verify", "--quiet", "main"],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    return completed.stdout.strip() or None


def _head(project: Path) -> str:
    return subprocess.run(
        ["git", "-C", str(project), "rev-parse", "HEAD"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _assert_token_nowhere(project: Path, *outputs: str) -> None:
    for output in outputs:
        assert TOKEN not in output
    for path in (project / ".git").rglob("*"):
        if path.is_file():
            assert TOKEN.encode() not in path.read_bytes(), f"token written to {path}"
    remotes = subprocess.run(
        ["git", "-C", str(project), "remote", "-v"], capture_output=True, text=True, check=True
    ).stdout
    assert TOKEN not in remotes


def _calls(api: RecordingProxy) -> list[tuple[str, str]]:
    return [(r.method, r.path) for r in api.requests]


def _request(api: RecordingProxy, method: str, path: str) -> RecordedRequest:
    return next(r for r in api.requests if (r.method, r.path) == (method, path))


def test_publish_creates_the_repository_enables_pages_and_pushes_main(
    api: RecordingProxy, project: Path, git_server: GitHttpServer
) -> None:
    remote = f"{git_server.url}/demo.git"
    completed = publish(project, "--api-url", api.url, "--remote-url", remote)

    assert completed.returncode == 0, completed.stderr
    repo = f"/repos/{EXAMPLE_REPOSITORY}"
    assert _calls(api) == [
        ("GET", "/user"),
        ("POST", "/user/repos"),
        ("PUT", f"{repo}/topics"),
        ("POST", f"{repo}/pages"),
        ("PATCH", repo),
    ]
    # Prism validated every body against GitHub's schema: none was rejected.
    statuses = [(r.path, r.status) for r in api.requests]
    assert all(200 <= status < 300 for _, status in statuses), statuses
    assert all(r.headers["authorization"] == f"Bearer {TOKEN}" for r in api.requests)
    assert all(r.headers["x-github-api-version"] == "2022-11-28" for r in api.requests)
    created = _request(api, "POST", "/user/repos").body
    assert created["name"] == "penguin-classifier"
    assert created["private"] is False
    assert "penguin" in created["description"]
    topics = _request(api, "PUT", f"{repo}/topics").body["names"]
    assert {"machine-learning", "scikit-learn", "fastapi", "docker", "mlscaffold"} <= set(topics)
    assert "palmer-penguins" in topics
    assert _request(api, "POST", f"{repo}/pages").body == {"build_type": "workflow"}
    assert _request(api, "PATCH", repo).body["homepage"]

    # main landed in the bare repository, pushed with the token as a header.
    assert _bare_main(git_server) == _head(project)
    assert any(auth.startswith("Basic ") for auth in git_server.authorizations)
    assert "https://github.com/octocat/Hello-World" in completed.stdout
    assert "https://github.com/octocat/Hello-World/actions" in completed.stdout
    assert "Pages:" in completed.stdout
    assert "social_preview.png" in completed.stdout
    _assert_token_nowhere(project, completed.stdout, completed.stderr)
    # origin is configured, without credentials, and main tracks it.
    config = (project / ".git" / "config").read_text()
    assert f"url = {remote}" in config
    assert "merge = refs/heads/main" in config


def test_publish_into_an_organisation_as_private(
    api: RecordingProxy, project: Path, git_server: GitHttpServer
) -> None:
    completed = publish(
        project, "--api-url", api.url, "--remote-url", f"{git_server.url}/demo.git",
        "--org", "my-lab", "--private", "--name", "penguins-2026",
    )  # fmt: skip

    assert completed.returncode == 0, completed.stderr
    assert ("GET", "/user") not in _calls(api)  # the owner is the organisation
    created = _request(api, "POST", "/orgs/my-lab/repos")
    assert created.status == 201
    assert created.body["name"] == "penguins-2026"
    assert created.body["private"] is True


def test_a_taken_name_exits_2_and_existing_then_finishes(
    api: RecordingProxy, project: Path, git_server: GitHttpServer
) -> None:
    api.scenario.taken_names.add("penguin-classifier")
    remote = f"{git_server.url}/demo.git"

    taken = publish(project, "--api-url", api.url, "--remote-url", remote)

    assert taken.returncode == 2
    assert "already exists" in taken.stderr
    assert "--existing" in taken.stderr
    assert taken.stderr.strip().count("\n") == 0
    assert _calls(api) == [("GET", "/user"), ("POST", "/user/repos")]
    assert _bare_main(git_server) is None
    assert "[remote" not in (project / ".git" / "config").read_text()

    again = publish(project, "--api-url", api.url, "--remote-url", remote, "--existing")

    assert again.returncode == 0, again.stderr
    assert ("GET", "/repos/octocat/penguin-classifier") in _calls(api)
    assert _bare_main(git_server) == _head(project)
    assert "existing repository" in again.stdout
    _assert_token_nowhere(project, taken.stdout, taken.stderr, again.stdout, again.stderr)


def test_a_bad_token_is_refused_before_any_change(
    api: RecordingProxy, project: Path, git_server: GitHttpServer
) -> None:
    api.scenario.bad_tokens.add(BAD_TOKEN)

    completed = publish(
        project, "--api-url", api.url, "--remote-url", f"{git_server.url}/demo.git",
        token=BAD_TOKEN,
    )  # fmt: skip

    assert completed.returncode == 1
    assert "rejected the token" in completed.stderr
    assert "GH_TOKEN" in completed.stderr
    assert BAD_TOKEN not in completed.stdout + completed.stderr
    assert _calls(api) == [("GET", "/user")]
    assert api.requests[0].status == 401
    assert _bare_main(git_server) is None


def test_a_failed_push_leaves_nothing_that_blocks_a_retry(
    api: RecordingProxy, project: Path, tmp_path: Path
) -> None:
    root = tmp_path / "remote"
    root.mkdir()
    subprocess.run(["git", "init", "--quiet", "--bare", str(root / "demo.git")], check=True)
    # A server that expects another token: the push is refused with 401.
    with GitHttpServer(root, "some-other-token") as refusing:
        failed = publish(project, "--api-url", api.url, "--remote-url", f"{refusing.url}/demo.git")
    assert failed.returncode == 1
    assert "git push" in failed.stderr
    assert "--existing" in failed.stderr  # the repository was created: say how to finish
    assert "[remote" not in (project / ".git" / "config").read_text()

    with GitHttpServer(root, TOKEN) as server:
        retried = publish(
            project, "--api-url", api.url, "--remote-url", f"{server.url}/demo.git", "--existing"
        )
        assert retried.returncode == 0, retried.stderr
        assert _bare_main(server) == _head(project)
    _assert_token_nowhere(project, failed.stdout, failed.stderr, retried.stdout, retried.stderr)


def test_a_dirty_tree_is_refused_naming_the_files(
    api: RecordingProxy, project: Path, git_server: GitHttpServer
) -> None:
    (project / "notes.txt").write_text("draft\n", encoding="utf-8")
    (project / "README.md").write_text("changed\n", encoding="utf-8")

    completed = publish(project, "--api-url", api.url, "--remote-url", f"{git_server.url}/demo.git")

    assert completed.returncode == 2
    assert "notes.txt" in completed.stderr
    assert "README.md" in completed.stderr
    assert api.requests == []
    assert _bare_main(git_server) is None


def test_dry_run_prints_the_plan_and_calls_nothing(
    api: RecordingProxy, project: Path, git_server: GitHttpServer
) -> None:
    completed = publish(
        project, "--api-url", api.url, "--remote-url", f"{git_server.url}/demo.git", "--dry-run"
    )

    assert completed.returncode == 0, completed.stderr
    assert "create the public repository" in completed.stdout
    assert "palmer-penguins" in completed.stdout
    assert "GH_TOKEN" in completed.stdout  # where the token would come from
    assert api.requests == []
    assert git_server.authorizations == []
    assert TOKEN not in completed.stdout


def test_no_token_is_a_clear_usage_error(api: RecordingProxy, project: Path) -> None:
    completed = publish(project, "--api-url", api.url, "--remote-url", "/nowhere.git", token=None)

    assert completed.returncode == 2
    assert "no GitHub token" in completed.stderr
    assert "gh auth login" in completed.stderr
    assert api.requests == []


def test_an_unreachable_api_is_one_line(project: Path) -> None:
    closed = f"http://127.0.0.1:{free_port()}"

    completed = publish(project, "--api-url", closed, "--remote-url", "/nowhere.git")

    assert completed.returncode == 1
    assert "could not reach GitHub" in completed.stderr
    assert completed.stderr.strip().count("\n") == 0


def test_a_project_without_a_commit_gets_its_first_one_and_is_pushed(
    api: RecordingProxy, project: Path, git_server: GitHttpServer
) -> None:
    shutil.rmtree(project / ".git")

    completed = publish(project, "--api-url", api.url, "--remote-url", f"{git_server.url}/demo.git")

    assert completed.returncode == 0, completed.stderr
    assert _bare_main(git_server) == _head(project)
    assert subprocess.run(
        ["git", "-C", str(project), "status", "--porcelain"], capture_output=True, text=True,
        check=True,
    ).stdout == ""  # fmt: skip
