"""Structured logs: one JSON object per line, and the line written for each HTTP request."""

import json
import logging
import sys
import time
from typing import Any

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


def log_request(method: str, path: str, status: int, seconds: float, request_id: str) -> None:
    """Write the one log line of an HTTP request: method, path, status, latency and id."""
    logger.info(
        "request",
        extra={
            "request_id": request_id,
            "method": method,
            "path": path,
            "status": status,
            "latency_ms": round(seconds * 1000, 3),
        },
    )
