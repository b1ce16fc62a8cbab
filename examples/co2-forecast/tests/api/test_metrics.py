"""GET /metrics: every request counted and timed under the route that answered it."""

from fastapi.testclient import TestClient
from prometheus_client import REGISTRY


def requests_counted(handler: str, method: str = "GET", status: str = "2xx") -> float:
    labels = {"handler": handler, "method": method, "status": status}
    return REGISTRY.get_sample_value("http_requests_total", labels) or 0.0


def requests_timed(handler: str, method: str) -> float:
    labels = {"handler": handler, "method": method}
    return REGISTRY.get_sample_value("http_request_duration_seconds_count", labels) or 0.0


def test_metrics_are_prometheus_text_counting_requests_by_route(client: TestClient) -> None:
    before = requests_counted("/health")
    client.get("/health")

    response = client.get("/metrics")

    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/plain")
    assert 'http_requests_total{handler="/health",method="GET",status="2xx"}' in response.text
    assert requests_counted("/health") == before + 1


def test_forecasts_are_counted_and_timed_by_status_class(client: TestClient) -> None:
    answered = requests_counted("/v1/forecast", "POST")
    refused = requests_counted("/v1/forecast", "POST", "4xx")
    timed = requests_timed("/v1/forecast", "POST")

    client.post("/v1/forecast", json={"horizon": 1})
    client.post("/v1/forecast", json={"horizon": 2})
    client.post("/v1/forecast", json={"horizon": 0})

    assert requests_counted("/v1/forecast", "POST") == answered + 2
    assert requests_counted("/v1/forecast", "POST", "4xx") == refused + 1
    assert requests_timed("/v1/forecast", "POST") == timed + 3
    exposed = client.get("/metrics").text
    assert 'http_requests_total{handler="/v1/forecast",method="POST",status="2xx"}' in exposed


def test_unknown_paths_share_one_series_instead_of_one_each(client: TestClient) -> None:
    """A scanner probing random URLs must not grow the metrics without bound."""
    before = requests_counted("none", status="4xx")

    for path in ("/wp-admin", "/.env", "/v1/forecast/extra"):
        assert client.get(path).status_code == 404

    assert requests_counted("none", status="4xx") == before + 3
    assert "/wp-admin" not in client.get("/metrics").text


def test_the_demo_assets_are_counted_under_their_mount(client: TestClient) -> None:
    before = requests_counted("/demo")

    assert client.get("/demo/demo.js").status_code == 200

    assert requests_counted("/demo") == before + 1
