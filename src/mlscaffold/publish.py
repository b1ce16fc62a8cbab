"""`publish_project`: put a generated project on GitHub, with CI, Pages and topics.

The order is chosen so that a failure never blocks a retry: everything local is
checked before the first API call, the token is checked (GET /user) before the
first change, Pages is enabled before the push (so the first workflow run can
deploy), and `origin` is only configured once the push succeeded. After the
repository exists, re-running with `--existing` does the rest: every later step
(metadata, topics, Pages, push) can be repeated without harm.
"""

from __future__ import annotations

import base64
import os
import re
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from mlscaffold import __version__, git
from mlscaffold.answers import read_answers
from mlscaffold.credentials import (
    DEFAULT_API_URL,
    GITHUB_HOST,
    Token,
    describe_token_source,
    find_token,
)
from mlscaffold.errors import (
    DirtyWorkingTree,
    GitError,
    GitHubError,
    MlscaffoldError,
    RepositoryExists,
    UsageError,
    brief_list,
)
from mlscaffold.github import GitHubClient, Repository
from mlscaffold.validation import BUILTIN_DATASETS, to_package_name

BRANCH = "main"
REMOTE = "origin"
SOCIAL_PREVIEW = Path("reports") / "social_preview.png"
BASE_TOPICS = ("machine-learning", "scikit-learn", "fastapi", "docker")
DATASET_TOPICS = {"penguins": "palmer-penguins"}
# GitHub's rules: lowercase letters, digits and hyphens, at most 50 characters, 20 topics.
TOPIC = re.compile(r"^[a-z0-9][a-z0-9-]{0,49}$")
MAX_TOPICS = 20
# Repository and organisation names GitHub accepts as they are (it rewrites others).
REPOSITORY_NAME = re.compile(r"^[A-Za-z0-9._-]{1,100}$")
OWNER_NAME = re.compile(r"^[A-Za-z0-9](?:[A-Za-z0-9-]{0,38})$")
MAX_DESCRIPTION = 350


@dataclass(frozen=True)
class PublishOptions:
    name: str | None = None  # default: from the project name
    org: str | None = None  # default: the token's user
    private: bool = False
    existing: bool = False
    api_url: str = DEFAULT_API_URL
    remote_url: str | None = None  # default: the repository's clone URL


@dataclass(frozen=True)
class PublishPlan:
    project: Path
    name: str
    org: str | None
    private: bool
    existing: bool
    description: str
    topics: tuple[str, ...]
    api_url: str
    remote_url: str | None
    first_commit: bool
    token_source: str


@dataclass(frozen=True)
class PublishResult:
    plan: PublishPlan
    repository: str  # owner/name
    repository_url: str
    actions_url: str
    settings_url: str
    pages_url: str | None
    remote_url: str
    commit: str
    created: bool
    social_preview: Path
    warnings: tuple[str, ...] = field(default=())


def plan_publish(project: Path, options: PublishOptions) -> PublishPlan:
    """What publish would do, from local facts only: no network, no token lookup, no changes.

    Raises the errors a real run raises before its first API call (not a project,
    uncommitted files, invalid names), so --dry-run answers "would this work?".
    """
    project = project.expanduser().absolute()
    answers = read_answers(project)
    name = options.name or repository_name(answers)
    _check_names(name, options.org)
    first_commit = not (git.is_repository_root(project) and git.has_commits(project))
    if not first_commit:
        _check_clean(project)
        if git.branch_commit(project, BRANCH) is None:
            raise UsageError(
                f"{project} has no {BRANCH} branch; publish pushes {BRANCH} "
                f"(git branch -m {BRANCH} if your branch has another name)"
            )
    return PublishPlan(
        project=project,
        name=name,
        org=options.org,
        private=options.private,
        existing=options.existing,
        description=repository_description(answers),
        topics=project_topics(answers),
        api_url=options.api_url.rstrip("/"),
        remote_url=options.remote_url,
        first_commit=first_commit,
        token_source=describe_token_source(),
    )


def publish_project(
    project: Path,
    options: PublishOptions,
    *,
    token: Token | None = None,
) -> PublishResult:
    plan = plan_publish(project, options)
    token = token or find_token(hostname=api_hostname(plan.api_url))
    if plan.first_commit:
        answers = read_answers(plan.project)
        git.commit_first(
            plan.project,
            f"Create {answers.get('project_name', plan.name)} with mlscaffold {__version__}",
            fallback_name=str(answers.get("author_name") or "mlscaffold"),
            fallback_email=str(answers.get("author_email") or "mlscaffold@localhost"),
        )
    with GitHubClient(token, api_url=plan.api_url) as client:
        owner = plan.org or client.authenticated_user()
        _check_origin(plan, _predicted_remote(plan, owner))
        repository, created = _create_or_get(client, plan, owner)
        with _hint_on_failure(created, repository):
            return _finish(client, plan, repository, created, token)


def _create_or_get(client: GitHubClient, plan: PublishPlan, owner: str) -> tuple[Repository, bool]:
    if plan.existing:
        try:
            return client.get_repository(owner, plan.name), False
        except GitHubError as err:
            if err.status == 404:
                err.message = f"{err.message}; to create {owner}/{plan.name}, drop --existing"
            raise
    try:
        repository = client.create_repository(
            plan.name, org=plan.org, description=plan.description, private=plan.private
        )
    except RepositoryExists as err:
        raise RepositoryExists(
            f"{owner}/{plan.name} already exists on GitHub; to push this project there and "
            "set its description, topics and Pages, run again with --existing "
            "(or choose another --name)"
        ) from err
    return repository, True


def _finish(
    client: GitHubClient,
    plan: PublishPlan,
    repository: Repository,
    created: bool,
    token: Token,
) -> PublishResult:
    warnings: list[str] = []
    client.replace_topics(repository, plan.topics)
    pages_url = _enable_pages(client, repository, warnings)
    client.update_repository(repository, description=plan.description, homepage=pages_url)
    remote = plan.remote_url or repository.clone_url
    try:
        git.push_branch(plan.project, remote, BRANCH, env=push_environment(remote, token))
    except GitError as err:
        raise GitError(_redact(err.message, token)) from None
    if git.remote_url(plan.project, REMOTE) in (None, remote):
        git.track_remote_branch(plan.project, REMOTE, remote, BRANCH)
    else:
        warnings.append(f"{REMOTE} points elsewhere and was left as it is")
    commit = git.branch_commit(plan.project, BRANCH) or ""
    return PublishResult(
        plan=plan,
        repository=repository.full_name,
        repository_url=repository.html_url,
        actions_url=f"{repository.html_url}/actions",
        settings_url=f"{repository.html_url}/settings",
        pages_url=pages_url,
        remote_url=remote,
        commit=commit,
        created=created,
        social_preview=plan.project / SOCIAL_PREVIEW,
        warnings=tuple(warnings),
    )


def _enable_pages(client: GitHubClient, repository: Repository, warnings: list[str]) -> str | None:
    # Pages can be refused for reasons that must not stop the push (e.g. a private
    # repository on a free plan); the repository is still worth having.
    try:
        return client.enable_pages(repository).html_url
    except GitHubError as err:
        if err.status not in {403, 404, 409, 422}:
            raise
        warnings.append(
            f"GitHub Pages was not enabled ({err.message}); enable it in Settings -> Pages -> "
            "Source: GitHub Actions"
        )
        return None


@contextmanager
def _hint_on_failure(created: bool, repository: Repository) -> Iterator[None]:
    """Once the repository exists, a failure says how to finish: run again with --existing."""
    try:
        yield
    except MlscaffoldError as err:
        if created:
            err.message = (
                f"{err.message} ({repository.full_name} was created: once fixed, "
                "run publish again with --existing to finish)"
            )
            err.args = (err.message,)
        raise


def repository_name(answers: Mapping[str, Any]) -> str:
    """The project's distribution name (penguin-classifier), as in its pyproject's URLs."""
    project_name = str(answers.get("project_name") or "")
    return to_package_name(project_name).replace("_", "-") if project_name else ""


def repository_description(answers: Mapping[str, Any]) -> str:
    text = " ".join(str(answers.get("description") or "").split())
    return text[:MAX_DESCRIPTION]


def project_topics(answers: Mapping[str, Any]) -> tuple[str, ...]:
    """GitHub topics from the answers: the stack, the data set, the task, and mlscaffold."""
    dataset = str(answers.get("dataset") or "")
    builtin = BUILTIN_DATASETS.get(dataset)
    task = builtin.task if builtin else str(answers.get("task") or "")
    candidates = [
        *BASE_TOPICS,
        DATASET_TOPICS.get(dataset, dataset) if builtin else "",
        task,
        "mlscaffold",
    ]
    topics: list[str] = []
    for candidate in candidates:
        topic = topic_slug(candidate)
        if TOPIC.match(topic) and topic not in topics:
            topics.append(topic)
    return tuple(topics[:MAX_TOPICS])


def topic_slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:50].strip("-")


def api_hostname(api_url: str) -> str:
    """The host whose token gh holds: github.com for the public API, else the API's host."""
    host = urlsplit(api_url).hostname or GITHUB_HOST
    return GITHUB_HOST if host == "api.github.com" else host


def web_url(api_url: str) -> str:
    """https://github.com for api.github.com; https://HOST for GitHub Enterprise's HOST/api/v3."""
    parts = urlsplit(api_url)
    if parts.hostname == "api.github.com":
        return "https://github.com"
    return f"{parts.scheme}://{parts.netloc}"


def push_environment(remote: str, token: Token) -> dict[str, str]:
    """Git configuration through the environment: an Authorization header for `remote`'s host.

    Nothing lands in .git/config, the remote URL or the command line (visible to
    every user in the process list); the header is scoped to the remote's origin,
    so a redirect or submodule elsewhere never receives it. GitHub takes a token
    over HTTPS as the password of basic auth, as actions/checkout sends it.
    """
    parts = urlsplit(remote)
    if parts.scheme not in {"http", "https"}:
        return {}  # ssh or a local path: git's own credentials, nothing of ours
    basic = base64.b64encode(f"x-access-token:{token.value}".encode()).decode()
    # Appended after the caller's own GIT_CONFIG_* entries, which stay in force.
    count = int(os.environ.get("GIT_CONFIG_COUNT", "0") or 0)
    return {
        "GIT_CONFIG_COUNT": str(count + 1),
        f"GIT_CONFIG_KEY_{count}": f"http.{parts.scheme}://{parts.netloc}/.extraHeader",
        f"GIT_CONFIG_VALUE_{count}": f"Authorization: Basic {basic}",
    }


def _redact(text: str, token: Token) -> str:
    basic = base64.b64encode(f"x-access-token:{token.value}".encode()).decode()
    return text.replace(token.value, "***").replace(basic, "***")


def _predicted_remote(plan: PublishPlan, owner: str) -> str:
    return plan.remote_url or f"{web_url(plan.api_url)}/{owner}/{plan.name}.git"


def _check_origin(plan: PublishPlan, remote: str) -> None:
    current = git.remote_url(plan.project, REMOTE)
    if current not in (None, remote):
        raise UsageError(
            f"{REMOTE} already points to {current}, not {remote}; remove it "
            f"(git remote remove {REMOTE}) or pass --remote-url {current}"
        )


def _check_names(name: str, org: str | None) -> None:
    if not REPOSITORY_NAME.match(name) or name in {".", ".."} or name.endswith(".git"):
        raise UsageError(
            f"{name!r} is not a repository name GitHub keeps as it is; use letters, digits, "
            ". - and _ (at most 100), e.g. --name penguin-classifier"
        )
    if org is not None and not OWNER_NAME.match(org):
        raise UsageError(f"{org!r} is not a GitHub organisation name (letters, digits and -)")


def _check_clean(project: Path) -> None:
    files = git.uncommitted_files(project)
    if not files:
        return
    raise DirtyWorkingTree(
        f"uncommitted or untracked files would not be published: {brief_list(files)}; "
        "commit them (git add -A && git commit) or ignore them, then publish again"
    )


def iter_plan_steps(plan: PublishPlan) -> Iterator[str]:
    """The plan as steps a person reads (used by --dry-run)."""
    owner = plan.org or "<your user>"
    if plan.first_commit:
        yield f"commit everything in {plan.project} (the project has no commit yet)"
    if plan.existing:
        yield f"use the existing repository {owner}/{plan.name} at {plan.api_url}"
    else:
        visibility = "private" if plan.private else "public"
        yield f"create the {visibility} repository {owner}/{plan.name} at {plan.api_url}"
    yield f"set topics: {', '.join(plan.topics)}"
    yield "enable GitHub Pages, built by .github/workflows/pages.yml"
    yield f"set description {plan.description!r} and the Pages URL as homepage"
    remote = plan.remote_url or f"{web_url(plan.api_url)}/{owner}/{plan.name}.git"
    yield f"push {BRANCH} to {remote} (token sent as an HTTP header, never stored)"
    yield f"add remote {REMOTE} -> {remote} (if missing)"
    yield f"token from: {plan.token_source}"
