"""The GitHub REST client: request shapes, one-line errors per status, retries, token hygiene.

Fast: httpx.MockTransport stands in for GitHub; the end-to-end run against Prism
is in tests/e2e/test_publish.py.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable

import httpx
import pytest
from httpx_retries import Retry

from mlscaffold.credentials import Token
from mlscaffold.errors import GitHubError, RepositoryExists
from mlscaffold.github import GitHubClient, Repository

TOKEN = Token("ghp_unitSecret", "GH_TOKEN")
REPOSITORY_JSON = {
    "name": "demo",
    "owner": {"login": "you"},
    "html_url": "https://github.com/you/demo",
    "clone_url": "https://github.com/you/demo.git",
}
REPO = Repository("you", "demo", "https://github.com/you/demo", "https://github.com/you/demo.git")
Handler = Callable[[httpx.Request], httpx.Response]


def client(handler: Handler, seen: list[httpx.Request] | None = None) -> GitHubClient:
    def recording(request: httpx.Request) -> httpx.Response:
        if seen is not None:
            seen.append(request)
        return handler(request)

    return GitHubClient(
        TOKEN,
        api_url="https://api.example.test",
        transport=httpx.MockTransport(recording),
        retry=Retry(total=2, backoff_factor=0, allowed_methods=["GET", "PUT", "PATCH"]),
    )


def answer(status: int, body: object = None, **headers: str) -> Handler:
    return lambda request: httpx.Response(status, json=body, headers=headers)


def test_requests_carry_the_token_as_bearer_and_githubs_headers() -> None:
    seen: list[httpx.Request] = []
    with client(answer(200, {"login": "you"}), seen) as github:
        assert github.authenticated_user() == "you"
    request = seen[0]
    assert request.headers["authorization"] == f"Bearer {TOKEN.value}"
    assert request.headers["x-github-api-version"] == "2022-11-28"
    assert "application/vnd.github+json" in request.headers["accept"]


def test_create_repository_in_the_user_account_or_an_org() -> None:
    seen: list[httpx.Request] = []
    with client(answer(201, REPOSITORY_JSON), seen) as github:
        created = github.create_repository("demo", org=None, description="d", private=False)
        github.create_repository("demo", org="lab", description="d", private=True)
    assert created == REPO
    assert [r.url.path for r in seen] == ["/user/repos", "/orgs/lab/repos"]
    body = json.loads(seen[1].content)
    assert body["name"] == "demo"
    assert body["private"] is True
    assert body["auto_init"] is False


def test_a_taken_name_is_repository_exists() -> None:
    taken = {"message": "Repository creation failed.", "errors": [
        {"resource": "Repository", "code": "custom", "field": "name",
         "message": "name already exists on this account"}]}  # fmt: skip
    with client(answer(422, taken)) as github, pytest.raises(RepositoryExists):
        github.create_repository("demo", org=None, description="", private=False)


@pytest.mark.parametrize(
    ("status", "body", "expected"),
    [
        (401, {"message": "Bad credentials"}, "rejected the token"),
        (403, {"message": "Resource not accessible by integration"}, "lacks a permission"),
        (404, {"message": "Not Found"}, "found nothing"),
        (422, {"message": "Validation Failed", "errors": [{"message": "bad name"}]}, "bad name"),
        (500, {"message": "oops"}, "try again"),
    ],
)
def test_each_status_is_one_line_that_says_what_to_do(
    status: int, body: object, expected: str
) -> None:
    with client(answer(status, body)) as github, pytest.raises(GitHubError) as raised:
        github.create_repository("demo", org=None, description="", private=False)
    assert expected in raised.value.message
    assert raised.value.status == status
    assert "POST /user/repos" in raised.value.message
    assert "\n" not in raised.value.message
    assert TOKEN.value not in raised.value.message


def test_an_exhausted_rate_limit_says_so() -> None:
    limited = answer(403, {"message": "API rate limit exceeded"}, **{"x-ratelimit-remaining": "0"})
    with client(limited) as github, pytest.raises(GitHubError, match="rate limit"):
        github.authenticated_user()


def test_network_failures_are_one_line() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("connection refused", request=request)

    with client(refuse) as github, pytest.raises(GitHubError, match="could not reach GitHub"):
        github.authenticated_user()


def test_transient_failures_of_idempotent_requests_are_retried() -> None:
    statuses = iter([503, 502, 200])
    seen: list[httpx.Request] = []

    def flaky(request: httpx.Request) -> httpx.Response:
        return httpx.Response(next(statuses), json={"names": []})

    with client(flaky, seen) as github:
        github.replace_topics(REPO, ["machine-learning"])
    assert len(seen) == 3


def test_creating_a_repository_is_never_retried() -> None:
    seen: list[httpx.Request] = []
    with client(answer(503, {"message": "busy"}), seen) as github, pytest.raises(GitHubError):
        github.create_repository("demo", org=None, description="", private=False)
    assert len(seen) == 1  # a retried POST could create the repository twice


def test_pages_is_enabled_for_the_workflow_or_switched_to_it_when_already_on() -> None:
    seen: list[httpx.Request] = []

    def pages(request: httpx.Request) -> httpx.Response:
        if request.method == "POST":
            return httpx.Response(409, json={"message": "GitHub Pages is already enabled."})
        if request.method == "PUT":
            return httpx.Response(204)
        return httpx.Response(200, json={"html_url": "https://you.github.io/demo/"})

    with client(pages, seen) as github:
        site = github.enable_pages(REPO)
    assert site.html_url == "https://you.github.io/demo/"
    assert [(r.method, json.loads(r.content or b"null")) for r in seen] == [
        ("POST", {"build_type": "workflow"}),
        ("PUT", {"build_type": "workflow"}),
        ("GET", None),
    ]


def test_the_token_stays_out_of_reprs_and_debug_logs(caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    with client(answer(200, {"login": "you"})) as github:
        github.authenticated_user()
    assert TOKEN.value not in repr(TOKEN)
    assert TOKEN.value not in str(TOKEN)
    assert TOKEN.value not in caplog.text
