"""Structured logs: one JSON object per line, and one line per HTTP request."""

import json
import logging
import sys
import time
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

logger = logging.getLogger(__name__)

# Attributes every LogRecord has; anything else was passed in `extra=` and is logged,
# except uvicorn's `color_message`, a copy of the message with terminal escape codes.
_NOT_EXTRA = frozenset(logging.makeLogRecord({}).__dict__) | {"message", "asctime", "color_message"}


class JsonFormatter(logging.Formatter):
    """Format a record as one JSON object, with `extra=` fields as top-level keys."""

    def format(self, record: logging.LogRecord) -> str:
        """Render `record`; values JSON cannot hold are written with str()."""
        payload: dict[str, Any] = {
            "time": _utc_timestamp(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        payload.update(
            (key, value) for key, value in record.__dict__.items() if key not in _NOT_EXTRA
        )
        if record.exc_info:
            payload["exception"] = self.formatException(record.exc_info)
        return json.dumps(payload, default=str)


def _utc_timestamp(record: logging.LogRecord) -> str:
    seconds = time.strftime("%Y-%m-%dT%H:%M:%S", time.gmtime(record.created))
    return f"{seconds}.{int(record.msecs):03d}Z"


def configure_logging(level: str) -> None:
    """Send every logger's output (uvicorn's included) to stdout as JSON lines."""
    handler = logging.StreamHandler(sys.stdout)
    handler.setFormatter(JsonFormatter())
    logging.basicConfig(level=level.upper(), handlers=[handler], force=True)
    for name in ("uvicorn", "uvicorn.error"):
        # uvicorn's own handlers would print plain text; let records reach the root.
        logging.getLogger(name).handlers.clear()
        logging.getLogger(name).propagate = True


class RequestLogMiddleware:
    """Log method, path, status and latency of every HTTP request.

    A plain ASGI middleware rather than `BaseHTTPMiddleware`: it adds no task or
    stream wrapping per request, which matters on a service judged by latency.
    """

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request through, noting the status the app answers with."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        # Stays 500 if the app raises before it starts a response.
        status_code = 500

        async def send_noting_status(message: Message) -> None:
            nonlocal status_code
            if message["type"] == "http.response.start":
                status_code = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, send_noting_status)
        finally:
            logger.info(
                "request",
                extra={
                    "method": scope["method"],
                    "path": scope["path"],
                    "status": status_code,
                    "latency_ms": round((time.perf_counter() - started) * 1000, 3),
                },
            )
