"""X-Request-ID: every response names its request, whatever its status."""

import re

from fastapi.testclient import TestClient

REQUEST_ID = re.compile(r"[0-9a-f]{32}")


def test_every_response_carries_a_new_request_id(client: TestClient) -> None:
    responses = [
        client.post("/v1/forecast", json={"horizon": 1}),
        client.post("/v1/forecast", json={"horizon": 0}),
        client.get("/no-such-page"),
        client.get("/health"),
        client.get("/"),
    ]

    ids = [response.headers["x-request-id"] for response in responses]
    assert [response.status_code for response in responses] == [200, 422, 404, 200, 200]
    assert all(REQUEST_ID.fullmatch(request_id) for request_id in ids)
    assert len(set(ids)) == len(ids)


def test_a_client_cannot_choose_its_request_id(client: TestClient) -> None:
    response = client.post(
        "/v1/forecast", json={"horizon": 1}, headers={"X-Request-ID": "chosen-by-the-client"}
    )

    assert response.headers["x-request-id"] != "chosen-by-the-client"
    assert response.headers.get_list("x-request-id") == [response.headers["x-request-id"]]
