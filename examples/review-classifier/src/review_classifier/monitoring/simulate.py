"""Simulated traffic: the test split sent to a running service, then its true outcomes.

Each test record is one POST /v1/predict over one keep-alive connection, as a client
calling the service would send it; with feedback, each answer's `request_id` comes
back in a POST /v1/feedback with the record's true label or value. Run against a
service started with PREDICTION_LOG set, this fills the log that `monitor` reads:
as it is, the test split looks like the training data and should pass; shifted
(traffic.SHIFT says how), it should not.
"""

from __future__ import annotations

import time
from contextlib import nullcontext
from dataclasses import dataclass

import httpx

from ..config import PATHS, Paths
from ..errors import ProjectError
from .request import Request
from .traffic import SHIFT, test_requests

DEFAULT_URL = "http://127.0.0.1:8000"
# Seconds to wait for one answer: a cold model's first prediction can take a while.
TIMEOUT = 30.0


@dataclass(frozen=True)
class SimulationSummary:
    """What was sent and how the service answered."""

    url: str
    shift: str | None  # what was done to the test split, None if it was sent as it is
    sent: int
    predicted: int
    refused: int  # predictions answered with an error status
    feedback_sent: int
    feedback_refused: int
    first_error: str | None  # the first error answer, to say what went wrong
    seconds: float


def simulate(
    base_url: str = DEFAULT_URL,
    *,
    shift: bool,
    feedback: bool = True,
    limit: int | None = None,
    paths: Paths = PATHS,
    client: httpx.Client | None = None,
) -> SimulationSummary:
    """Send every test record (or the first `limit`) to the service at `base_url`,
    and its feedback.

    `client` replaces the connection to `base_url` (tests pass FastAPI's TestClient).
    Raises ProjectError if `base_url` is not a URL or the service cannot be reached.
    """
    if limit is not None and limit < 1:
        raise ValueError(f"limit must be a positive number of records, not {limit}")
    requests = test_requests(paths, shift=shift)[:limit]
    started = time.perf_counter()
    predicted = refused = feedback_sent = feedback_refused = 0
    errors: list[str] = []
    try:
        connection = (
            nullcontext(client) if client else httpx.Client(base_url=base_url, timeout=TIMEOUT)
        )
        with connection as http:
            for request in requests:
                response = _predict(http, request)
                if response.status_code != httpx.codes.OK:
                    refused += 1
                    errors.append(_error(response))
                    continue
                predicted += 1
                if not feedback:
                    continue
                answer = _send_feedback(http, _request_id(response), request)
                if answer.status_code == httpx.codes.OK:
                    feedback_sent += 1
                else:
                    feedback_refused += 1
                    errors.append(_error(answer))
    except httpx.InvalidURL as err:
        raise ProjectError(
            f"{base_url} is not a URL ({err}); pass the service's, e.g. --url {DEFAULT_URL}"
        ) from err
    except httpx.TransportError as err:
        raise ProjectError(
            f"cannot reach the service at {base_url} ({err}); start it with "
            "PREDICTION_LOG set (PREDICTION_LOG=logs/predictions.db make serve)"
        ) from err
    return SimulationSummary(
        url=str(client.base_url) if client else base_url,
        shift=SHIFT if shift else None,
        sent=len(requests),
        predicted=predicted,
        refused=refused,
        feedback_sent=feedback_sent,
        feedback_refused=feedback_refused,
        first_error=errors[0] if errors else None,
        seconds=round(time.perf_counter() - started, 3),
    )


def _predict(http: httpx.Client, request: Request) -> httpx.Response:
    if request.files is not None:
        return http.post("/v1/predict", files=request.files)
    return http.post("/v1/predict", json=request.json)


def _send_feedback(http: httpx.Client, request_id: str, request: Request) -> httpx.Response:
    return http.post("/v1/feedback", json={"request_id": request_id, "actual": request.actual})


def _request_id(response: httpx.Response) -> str:
    # The body names it; the header carries the same id for clients that read only those
    # (and for a body that is not this service's JSON: its feedback is then refused).
    try:
        body = response.json()
    except ValueError:
        body = None
    found = body.get("request_id") if isinstance(body, dict) else None
    return str(found or response.headers.get("x-request-id", ""))


def _error(response: httpx.Response) -> str:
    request = response.request
    return f"{request.method} {request.url.path}: {response.status_code} {response.text[:200]}"
