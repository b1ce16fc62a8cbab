"""Every HTTP request in one pass: its id, its log line and its metrics."""

import time

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from .metrics import count_request
from .request_id import add_header, new_request_id
from .request_log import log_request


class ObserveRequestsMiddleware:
    """Name every HTTP request, then log and count it once its response is sent (or fails).

    A plain ASGI middleware rather than `BaseHTTPMiddleware`: it adds no task or
    stream wrapping per request, which matters on a service judged by latency. One
    middleware for both signals, so the response is watched by one wrapper, not two.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request through, noting the status the app answers with."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        request_id = new_request_id(scope)
        root_path = scope.get("root_path", "")
        # Stays 500 if the app raises before it starts a response.
        status_code = 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
                add_header(message, request_id)
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            seconds = time.perf_counter() - started
            log_request(scope["method"], scope["path"], status_code, seconds, request_id)
            count_request(scope, root_path, status_code, seconds)
