"""A cap on request bodies, enforced while they arrive: 413 before a large body is read.

A declared Content-Length over the cap is refused without reading a byte; a body
streamed without one is counted as it comes and refused as soon as it passes the
cap. Either way the service never holds more than the cap of a body in memory.
"""

from starlette.exceptions import HTTPException
from starlette.responses import JSONResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

# Room for the JSON around the records, and never below what a single request needs.
MIN_BODY_BYTES = 64 * 1024
MAX_DEFAULT_BODY_BYTES = 8 * 1024 * 1024


def default_body_limit(record_bytes: int, max_batch: int) -> int:
    """A cap that fits MAX_BATCH records of `record_bytes` each, with room to spare."""
    return max(MIN_BODY_BYTES, min(MAX_DEFAULT_BODY_BYTES, 2 * record_bytes * max_batch))


def too_large(limit: int) -> str:
    return f"request body is larger than {limit:,} bytes (MAX_BODY_BYTES); send fewer records"


class BodyLimitMiddleware:
    """Refuse request bodies over `max_bytes` with 413, reading at most that much."""

    def __init__(self, app: ASGIApp, max_bytes: int) -> None:
        self.app = app
        self.max_bytes = max_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        declared = _content_length(scope)
        if declared is not None and declared > self.max_bytes:
            await refusal(too_large(self.max_bytes))(scope, receive, send)
            return
        received = 0

        async def counted() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > self.max_bytes:
                    # Raised inside the app's read of the body: its handler answers 413.
                    raise HTTPException(status_code=413, detail=too_large(self.max_bytes))
            return message

        await self.app(scope, counted, send)


def refusal(message: str) -> JSONResponse:
    """The 413, in the shape of the API's other errors."""
    problem = {"loc": ["body"], "msg": message, "type": "body_too_large"}
    return JSONResponse(status_code=413, content={"message": message, "detail": [problem]})


def _content_length(scope: Scope) -> int | None:
    for name, value in scope["headers"]:
        if name == b"content-length":
            try:
                return int(value)
            except ValueError:
                return None  # the server refuses a malformed length before the app sees it
    return None
