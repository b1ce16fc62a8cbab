"""A local stand-in for GitHub: Prism serving GitHub's OpenAPI, a recording proxy, a git server.

- Prism (`@stoplight/prism-cli`) mocks GitHub's REST API from GitHub's official
  OpenAPI description (`@octokit/openapi`): it answers with the spec's examples
  and rejects (422) any request body that breaks the schema. Both come from the
  npm registry into a cache directory, once.
- `RecordingProxy` sits in front of Prism and records every request, so tests
  can check what publish sent. It also stages what Prism cannot: a bad token
  (asks Prism for its 401 with `Prefer: code=401`) and a taken repository name
  (answers GitHub's real 422 body itself).
- `GitHttpServer` serves bare repositories over git's smart HTTP protocol
  (`git http-backend`) and, like GitHub, refuses pushes without the right
  `Authorization` header: the token must travel as a header.

Everything listens on 127.0.0.1 only.
"""

from __future__ import annotations

import base64
import fcntl
import json
import os
import shutil
import subprocess
import tarfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import httpx

OPENAPI_PACKAGE = "@octokit/openapi@23.0.2"
PRISM_PACKAGE = "@stoplight/prism-cli@5.16.0"
SPEC = Path("package") / "generated" / "api.github.com.json"
# GitHub's answer when a name is taken (Prism only has a generic 422 example).
NAME_TAKEN = {
    "message": "Repository creation failed.",
    "errors": [
        {
            "resource": "Repository",
            "code": "custom",
            "field": "name",
            "message": "name already exists on this account",
        }
    ],
    "documentation_url": "https://docs.github.com/rest/repos/repos#create-a-repository-for-the-authenticated-user",
    "status": "422",
}
HOP_BY_HOP = {"connection", "keep-alive", "transfer-encoding", "content-length", "host"}


def ensure_prism(cache: Path) -> tuple[Path, Path]:
    """Installs Prism and GitHub's OpenAPI description into `cache` once; (prism, spec)."""
    npm = shutil.which("npm")
    if npm is None:
        raise RuntimeError("npm is needed for the GitHub mock: apt-get install nodejs npm")
    cache.mkdir(parents=True, exist_ok=True)
    (cache / ".gitignore").write_text("*\n", encoding="utf-8")
    prism, spec = cache / "node_modules" / ".bin" / "prism", cache / SPEC
    # pytest-xdist workers share the cache: one installs, the others wait.
    with (cache / ".lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not spec.is_file():
            archive = subprocess.run(
                [npm, "pack", "--silent", OPENAPI_PACKAGE], cwd=cache, capture_output=True,
                text=True, check=True, timeout=600,
            ).stdout.strip().splitlines()[-1]  # fmt: skip
            with tarfile.open(cache / archive) as tar:
                tar.extractall(cache, filter="data")
            (cache / archive).unlink()
        if not prism.is_file():
            subprocess.run(
                [npm, "install", "--no-audit", "--no-fund", "--no-save", "--prefix", str(cache),
                 PRISM_PACKAGE],
                capture_output=True, text=True, check=True, timeout=900,
            )  # fmt: skip
    return prism, spec


@contextmanager
def prism_server(prism: Path, spec: Path, port: int, log: Path) -> Iterator[str]:
    """Runs `prism mock` on 127.0.0.1:port until the context ends; yields its base URL."""
    base_url = f"http://127.0.0.1:{port}"
    with log.open("w") as output:
        process = subprocess.Popen(
            [str(prism), "mock", "-h", "127.0.0.1", "-p", str(port), str(spec)],
            stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
        try:
            _wait_for(base_url, process, log)
            yield base_url
        finally:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()


def _wait_for(base_url: str, process: subprocess.Popen[bytes], log: Path) -> None:
    # Prism reads GitHub's 10 MB description first: about 20 s on this machine.
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"prism exited early:\n{log.read_text()[-2000:]}")
        try:
            if httpx.get(f"{base_url}/user", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.5)
    raise RuntimeError(f"prism did not answer within 180 s:\n{log.read_text()[-2000:]}")


@dataclass
class RecordedRequest:
    method: str
    path: str
    headers: dict[str, str]
    body: Any
    status: int = 0


@dataclass
class Scenario:
    """What the proxy stages on top of Prism."""

    bad_tokens: set[str] = field(default_factory=set)
    taken_names: set[str] = field(default_factory=set)


class RecordingProxy:
    """Forwards to Prism, recording each request; stages a bad token and a taken name."""

    def __init__(self, upstream: str) -> None:
        self.upstream = upstream
        self.requests: list[RecordedRequest] = []
        self.scenario = Scenario()
        self._lock = threading.Lock()
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _proxy_handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> RecordingProxy:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()

    def reset(self) -> None:
        with self._lock:
            self.requests.clear()
            self.scenario = Scenario()

    def record(self, request: RecordedRequest) -> None:
        with self._lock:
            self.requests.append(request)

    def answer(
        self, request: RecordedRequest, raw_body: bytes
    ) -> tuple[int, dict[str, str], bytes]:
        token = request.headers.get("authorization", "").removeprefix("Bearer ")
        creates = request.method == "POST" and (
            request.path == "/user/repos" or request.path.endswith("/repos")
        )
        body = request.body if isinstance(request.body, dict) else {}
        if creates and body.get("name") in self.scenario.taken_names:
            return 422, {"content-type": "application/json"}, json.dumps(NAME_TAKEN).encode()
        headers = {k: v for k, v in request.headers.items() if k.lower() not in HOP_BY_HOP}
        if token in self.scenario.bad_tokens:
            headers["Prefer"] = "code=401"
        response = httpx.request(
            request.method, f"{self.upstream}{request.path}", headers=headers,
            content=raw_body or None, timeout=30,
        )  # fmt: skip
        out = {k: v for k, v in response.headers.items() if k.lower() not in HOP_BY_HOP}
        out.pop("content-encoding", None)  # httpx decoded the body already
        return response.status_code, out, response.content


def _proxy_handler(proxy: RecordingProxy) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            raw = self.rfile.read(int(self.headers.get("Content-Length") or 0))
            try:
                body = json.loads(raw) if raw else None
            except ValueError:
                body = raw.decode("utf-8", "replace")
            request = RecordedRequest(
                self.command, self.path, {k.lower(): v for k, v in self.headers.items()}, body
            )
            status, headers, content = proxy.answer(request, raw)
            request.status = status
            proxy.record(request)
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        # http.server's names for the per-method handlers
        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


class GitHttpServer:
    """Bare repositories under `root` over smart HTTP, pushes only with the expected header."""

    def __init__(self, root: Path, token: str) -> None:
        self.root = root
        self.expected = "Basic " + base64.b64encode(f"x-access-token:{token}".encode()).decode()
        self.authorizations: list[str] = []
        self._server = ThreadingHTTPServer(("127.0.0.1", 0), _git_handler(self))
        self.url = f"http://127.0.0.1:{self._server.server_address[1]}"
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    def __enter__(self) -> GitHttpServer:
        self._thread.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self._server.shutdown()
        self._server.server_close()


def _git_handler(server: GitHttpServer) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def _handle(self) -> None:
            authorization = self.headers.get("Authorization", "")
            server.authorizations.append(authorization)
            if authorization != server.expected:
                self.send_response(401)
                self.send_header("WWW-Authenticate", 'Basic realm="GitHub"')
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            body = self._body()
            path, _, query = self.path.partition("?")
            env = {
                "PATH": os.environ.get("PATH", ""),
                "GIT_PROJECT_ROOT": str(server.root),
                "GIT_HTTP_EXPORT_ALL": "1",
                "REMOTE_USER": "x-access-token",  # lets http-backend accept pushes
                "REMOTE_ADDR": "127.0.0.1",
                "REQUEST_METHOD": self.command,
                "PATH_INFO": path,
                "QUERY_STRING": query,
                "CONTENT_TYPE": self.headers.get("Content-Type", ""),
                "CONTENT_LENGTH": str(len(body)),
                "HTTP_CONTENT_ENCODING": self.headers.get("Content-Encoding", ""),
                "GIT_PROTOCOL": self.headers.get("Git-Protocol", ""),
            }
            completed = subprocess.run(
                ["git", "http-backend"], input=body, env=env, capture_output=True, check=False
            )
            head, _, content = completed.stdout.partition(b"\r\n\r\n")
            status, headers = 200, []
            for line in head.decode("latin-1").split("\r\n"):
                key, _, value = line.partition(":")
                if key.lower() == "status":
                    status = int(value.split()[0])
                elif key:
                    headers.append((key, value.strip()))
            self.send_response(status)
            for key, value in headers:
                self.send_header(key, value)
            self.send_header("Content-Length", str(len(content)))
            self.end_headers()
            self.wfile.write(content)

        def _body(self) -> bytes:
            if self.headers.get("Transfer-Encoding", "").lower() != "chunked":
                return self.rfile.read(int(self.headers.get("Content-Length") or 0))
            chunks = []
            while True:
                size = int(self.rfile.readline().split(b";")[0].strip(), 16)
                if size == 0:
                    self.rfile.readline()
                    return b"".join(chunks)
                chunks.append(self.rfile.read(size))
                self.rfile.readline()

        do_GET = do_POST = _handle  # noqa: N815

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler
