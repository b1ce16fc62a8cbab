"""Prometheus metrics of every HTTP request, and GET /metrics that exposes them.

Two series, in the names and labels Prometheus' HTTP dashboards expect:
- `http_requests_total{method, status, handler}`: a counter, status grouped as 2xx/4xx/5xx;
- `http_request_duration_seconds{method, handler}`: a histogram, buckets from 1 ms to 10 s.

`handler` is the route's template (`/v1/predict`, never a raw path), so a client that
probes random URLs cannot create a series per URL: anything no route matched is
counted as "none".

A plain ASGI middleware on prometheus_client: the route is read from the scope that
routing has already filled in, where prometheus-fastapi-instrumentator matches every
request against the routes a second time. That second match was the largest cost of
a request after the model itself (measured with the project's load generator).
"""

import time

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import ASGIApp, Message, Receive, Scope, Send

REQUESTS = Counter(
    "http_requests_total",
    "HTTP requests answered, by method, status class and route.",
    ["method", "status", "handler"],
)
DURATION = Histogram(
    "http_request_duration_seconds",
    "Time from the request's arrival to the end of its response, by method and route.",
    ["method", "handler"],
    buckets=(0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 10.0),
)
UNMATCHED = "none"

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
async def metrics() -> Response:
    """The metrics in Prometheus' text format, for a scraper."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


class MetricsMiddleware:
    """Count every HTTP request and time it, labelled by the route that answered it."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        """Pass the request through, then record its status class and duration."""
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = time.perf_counter()
        root_path = scope.get("root_path", "")
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
            handler = _handler(scope, root_path)
            method = scope["method"]
            REQUESTS.labels(method, f"{status_code // 100}xx", handler).inc()
            DURATION.labels(method, handler).observe(time.perf_counter() - started)


def _handler(scope: Scope, root_path: str) -> str:
    # Routing stores the matched route in the scope it passes on, which is this
    # request's scope: FastAPI's routes carry their template as `path_format`. A
    # mount (the demo's assets) extends the root path instead.
    route = scope.get("route")
    if route is not None:
        return str(getattr(route, "path_format", UNMATCHED))
    mounted_at: str = scope.get("root_path", "")
    return mounted_at if mounted_at != root_path else UNMATCHED
