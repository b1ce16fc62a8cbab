"""422 responses for invalid requests: which field, what is wrong, as valid JSON."""

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from starlette.exceptions import HTTPException

from .body_limit import refusal


async def validation_error_handler(request: Request, exc: RequestValidationError) -> JSONResponse:
    """Describe every problem without echoing the input back.

    FastAPI's default handler returns each error's `input`, which breaks on inputs
    this API must reject: a NaN cannot be written as JSON (the client would get a
    500 instead of a 422), and an oversized batch would be sent back whole.
    """
    errors = [
        {"loc": list(error["loc"]), "msg": error["msg"], "type": error["type"]}
        for error in exc.errors()
    ]
    message = "; ".join(_describe(error) for error in exc.errors())
    return JSONResponse(status_code=422, content={"message": message, "detail": errors})


async def unreadable_body_handler(request: Request, exc: HTTPException) -> Response:
    """Answer a body that cannot even be decoded as a 422, like malformed JSON.

    FastAPI turns a JSON syntax error into a 422 but anything else its parser
    raises (bytes that are not UTF-8, nesting too deep to read) into a bare 400;
    for a client both are the same mistake.
    """
    if exc.status_code == 400 and exc.__cause__ is not None:
        problem = {"loc": ["body"], "msg": "Body is not valid JSON", "type": "json_invalid"}
        message = f"body is not valid JSON: {exc.__cause__}"
        return JSONResponse(status_code=422, content={"message": message, "detail": [problem]})
    if exc.status_code == 413:  # a body streamed past MAX_BODY_BYTES
        return refusal(str(exc.detail))
    return await http_exception_handler(request, exc)


def add_error_handlers(app: FastAPI) -> None:
    """Install the handlers above on `app`."""
    # Starlette types handlers as taking any Exception; each of these is only ever
    # called with the class it is registered for.
    app.add_exception_handler(RequestValidationError, validation_error_handler)  # type: ignore[arg-type]
    app.add_exception_handler(HTTPException, unreadable_body_handler)  # type: ignore[arg-type]


def _describe(error: dict[str, Any]) -> str:
    # loc is ("body", field, ...) for a bad field, ("body", offset) for bad JSON.
    if error["type"] == "json_invalid":
        return f"body is not valid JSON: {error.get('ctx', {}).get('error', error['msg'])}"
    where = ".".join(str(part) for part in error["loc"][1:]) or "body"
    return f"{where}: {error['msg']}"
