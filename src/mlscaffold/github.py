"""GitHub's REST API: the few calls `publish` makes, through httpx.

Transient failures are retried by the transport (httpx-retries): connection
errors for any request, since nothing reached GitHub yet; timeouts, 429 and
502/503/504 only for idempotent requests, so a repository is never created twice.
Every other failure becomes one `GitHubError` line that says what to do.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import httpx
from httpx_retries import Retry, RetryTransport

from mlscaffold import __version__
from mlscaffold.credentials import DEFAULT_API_URL, Token
from mlscaffold.errors import GitHubError, RepositoryExists

API_VERSION = "2022-11-28"
# GitHub answers within seconds; creating a repository can take a little longer.
TIMEOUT = httpx.Timeout(30.0, connect=10.0)
# PATCH and PUT here set fields to fixed values, so repeating them is harmless.
IDEMPOTENT_METHODS = ("GET", "HEAD", "PUT", "PATCH", "DELETE")


def default_retry() -> Retry:
    """Three more tries with exponential backoff, honouring Retry-After, at most two minutes."""
    return Retry(
        total=3,
        backoff_factor=0.5,
        allowed_methods=IDEMPOTENT_METHODS,
        max_backoff_wait=30.0,
        total_timeout=120.0,
    )


@dataclass(frozen=True)
class Repository:
    owner: str
    name: str
    html_url: str
    clone_url: str

    @property
    def full_name(self) -> str:
        return f"{self.owner}/{self.name}"


@dataclass(frozen=True)
class PagesSite:
    html_url: str | None


class GitHubClient:
    """A client for one API base URL and one token; use it as a context manager."""

    def __init__(
        self,
        token: Token,
        *,
        api_url: str = DEFAULT_API_URL,
        transport: httpx.BaseTransport | None = None,
        retry: Retry | None = None,
    ) -> None:
        self.api_url = api_url.rstrip("/")
        # Connection failures are retried for every method: nothing was sent yet.
        inner = transport or httpx.HTTPTransport(retries=2)
        self._client = httpx.Client(
            base_url=self.api_url,
            headers={
                "Authorization": f"Bearer {token.value}",
                # GitHub's media type first; plain JSON for servers that only know that.
                "Accept": "application/vnd.github+json, application/json;q=0.9",
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": f"mlscaffold/{__version__}",
            },
            timeout=TIMEOUT,
            transport=RetryTransport(transport=inner, retry=retry or default_retry()),
        )

    def __enter__(self) -> GitHubClient:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def close(self) -> None:
        self._client.close()

    def authenticated_user(self) -> str:
        """The login of the token's user; the first call, so a bad token fails before any change."""
        return str(self._json("GET", "/user")["login"])

    def create_repository(
        self, name: str, *, org: str | None, description: str, private: bool
    ) -> Repository:
        path = f"/orgs/{org}/repos" if org else "/user/repos"
        body = {
            "name": name,
            "description": description,
            "private": private,
            "has_wiki": False,
            "auto_init": False,  # the project brings its own history
        }
        response = self._send("POST", path, body)
        if response.status_code == 422 and "already exists" in _detail(response):
            raise RepositoryExists(f"{org or 'your account'} already has a repository {name}")
        return _repository(self._checked("POST", path, response).json())

    def get_repository(self, owner: str, name: str) -> Repository:
        return _repository(self._json("GET", f"/repos/{owner}/{name}"))

    def update_repository(
        self, repository: Repository, *, description: str, homepage: str | None
    ) -> None:
        body: dict[str, Any] = {"description": description}
        if homepage:
            body["homepage"] = homepage
        self._json("PATCH", f"/repos/{repository.full_name}", body)

    def replace_topics(self, repository: Repository, topics: Iterable[str]) -> None:
        self._json("PUT", f"/repos/{repository.full_name}/topics", {"names": list(topics)})

    def enable_pages(self, repository: Repository) -> PagesSite:
        """Pages built by a GitHub Actions workflow (the project's pages.yml)."""
        path = f"/repos/{repository.full_name}/pages"
        response = self._send("POST", path, {"build_type": "workflow"})
        if response.status_code == 409:
            # Already enabled (a re-run, or enabled by hand): make sure it uses the workflow.
            self._checked("PUT", path, self._send("PUT", path, {"build_type": "workflow"}))
            return PagesSite(self._json("GET", path).get("html_url"))
        return PagesSite(self._checked("POST", path, response).json().get("html_url"))

    def _json(self, method: str, path: str, body: Mapping[str, Any] | None = None) -> Any:
        response = self._checked(method, path, self._send(method, path, body))
        return response.json() if response.content else {}

    def _send(self, method: str, path: str, body: Mapping[str, Any] | None) -> httpx.Response:
        try:
            return self._client.request(method, path, json=body)
        except httpx.TimeoutException as err:
            raise GitHubError(
                f"GitHub at {self.api_url} did not answer {method} {path} in time; "
                "try again in a minute"
            ) from err
        except httpx.HTTPError as err:
            raise GitHubError(
                f"could not reach GitHub at {self.api_url} ({err or type(err).__name__}); "
                "check your network connection or --api-url"
            ) from err

    def _checked(self, method: str, path: str, response: httpx.Response) -> httpx.Response:
        if response.is_success:
            return response
        raise GitHubError(_status_message(method, path, response), status=response.status_code)


def _repository(data: Mapping[str, Any]) -> Repository:
    return Repository(
        owner=str(data["owner"]["login"]),
        name=str(data["name"]),
        html_url=str(data["html_url"]),
        clone_url=str(data["clone_url"]),
    )


def _detail(response: httpx.Response) -> str:
    """GitHub's own explanation: its message plus each validation error's message."""
    try:
        data = response.json()
    except ValueError:
        return response.reason_phrase
    if not isinstance(data, dict):
        return response.reason_phrase
    parts = [str(data.get("message") or response.reason_phrase)]
    for error in data.get("errors") or ():
        if isinstance(error, dict) and error.get("message"):
            parts.append(str(error["message"]))
        elif isinstance(error, str):
            parts.append(error)
    return ": ".join(parts)


def _status_message(method: str, path: str, response: httpx.Response) -> str:
    status, detail = response.status_code, _detail(response)
    request = f"{method} {path}"
    if status == 401:
        return (
            f"GitHub rejected the token ({status} {detail} on {request}): it is wrong, expired "
            "or revoked; create one with the repo and workflow scopes and set GH_TOKEN"
        )
    if status == 403 and (
        response.headers.get("x-ratelimit-remaining") == "0" or "rate limit" in detail.lower()
    ):
        return f"GitHub's API rate limit is used up ({request}); try again in an hour"
    if status == 403:
        return (
            f"GitHub refused {request} ({status} {detail}): the token lacks a permission "
            "(classic token: repo and workflow scopes; fine-grained: Administration, Contents, "
            "Pages and Workflows read/write)"
        )
    if status == 404:
        return (
            f"GitHub found nothing at {request} ({status} {detail}): check the owner (--org), "
            "the repository name, and that the token may see them"
        )
    if status == 422:
        return f"GitHub rejected {request} as invalid ({status} {detail})"
    if status >= 500:
        return f"GitHub failed on {request} ({status} {detail}); try again in a few minutes"
    return f"GitHub answered {status} to {request}: {detail}"
