"""Prometheus metrics of every HTTP request, and GET /metrics that exposes them.

Two series, in the names and labels Prometheus' HTTP dashboards expect:
- `http_requests_total{method, status, handler}`: a counter, status grouped as 2xx/4xx/5xx;
- `http_request_duration_seconds{method, handler}`: a histogram, buckets from 1 ms to 10 s.
And one of the prediction log (PREDICTION_LOG), which never makes a request wait:
- `prediction_log_dropped_total{reason}`: predictions it could not keep, and why.

`handler` is the route's template (`/v1/predict`, never a raw path), so a client that
probes random URLs cannot create a series per URL: anything no route matched is
counted as "none".

Recorded by api/observe.py's middleware on prometheus_client, from the route that
routing has already put in the request's scope: prometheus-fastapi-instrumentator
matches every request against the routes a second time, and that second match was
the largest cost of a request after the model itself.
"""

from fastapi import APIRouter, Response
from prometheus_client import CONTENT_TYPE_LATEST, Counter, Histogram, generate_latest
from starlette.types import Scope

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
PREDICTIONS_NOT_LOGGED = Counter(
    "prediction_log_dropped_total",
    "Predictions the prediction log could not keep: buffer_full, not_json, write_failed.",
    ["reason"],
)
UNMATCHED = "none"

router = APIRouter(include_in_schema=False)


@router.get("/metrics")
async def metrics() -> Response:
    """The metrics in Prometheus' text format, for a scraper."""
    return Response(generate_latest(), media_type=CONTENT_TYPE_LATEST)


def count_request(scope: Scope, root_path: str, status: int, seconds: float) -> None:
    """Count one answered HTTP request and its duration under the route that answered it.

    `root_path` is the scope's root path before routing: a mount extends it.
    """
    handler = _handler(scope, root_path)
    method = scope["method"]
    REQUESTS.labels(method, f"{status // 100}xx", handler).inc()
    DURATION.labels(method, handler).observe(seconds)


def count_unlogged(reason: str, count: int) -> None:
    """Count predictions the prediction log dropped, by reason."""
    PREDICTIONS_NOT_LOGGED.labels(reason).inc(count)


def _handler(scope: Scope, root_path: str) -> str:
    # Routing stores the matched route in the scope it passes on, which is this
    # request's scope: FastAPI's routes carry their template as `path_format`. A
    # mount (the demo's assets) extends the root path instead.
    route = scope.get("route")
    if route is not None:
        return str(getattr(route, "path_format", UNMATCHED))
    mounted_at: str = scope.get("root_path", "")
    return mounted_at if mounted_at != root_path else UNMATCHED
