"""The prediction log seen through the API: what is logged, and POST /v1/feedback."""

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from digit_classifier import prediction_log
from digit_classifier.errors import PredictionLogError
from digit_classifier.modeling.metadata import ModelMetadata
from digit_classifier.prediction_log import read_predictions

AppFactory = Callable[..., FastAPI]


@pytest.fixture(scope="module")
def log_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("log") / "predictions.db"


@pytest.fixture(scope="module")
def logging_client(make_app: AppFactory, log_path: Path) -> Iterator[TestClient]:
    with TestClient(make_app(prediction_log=log_path)) as client:
        yield client


@pytest.fixture
def predict(upload: dict[str, Any]) -> Any:
    """Send the example image; return the response's JSON."""

    def send(client: TestClient) -> dict[str, Any]:
        response = client.post("/v1/predict", files=upload)
        assert response.status_code == 200, response.text
        body: dict[str, Any] = response.json()
        return body

    return send


def a_true_outcome(metadata: ModelMetadata) -> str | float:
    return metadata.classes[-1] if metadata.classes else 1.5


def test_a_prediction_is_logged_with_its_id_inputs_output_and_version(
    logging_client: TestClient, log_path: Path, predict: Any, metadata: ModelMetadata
) -> None:
    body = predict(logging_client)
    logging_client.app.state.prediction_log.flush()  # type: ignore[attr-defined]

    (logged,) = [p for p in read_predictions(log_path) if p.request_id == body["request_id"]]
    assert logged.prediction == body["prediction"]
    assert logged.model_version == metadata.model_version
    assert logged.latency_ms >= 0
    assert logged.actual is None
    assert set(logged.inputs) == {"width", "height", "mode", "bytes", "brightness", "contrast"}
    assert 0 <= logged.inputs["brightness"] <= 1


def test_each_batch_item_is_logged_under_its_own_id(
    logging_client: TestClient, log_path: Path, upload: dict[str, Any]
) -> None:
    files = [("files", upload["file"]), ("files", upload["file"])]
    batch = logging_client.post("/v1/predict/batch", files=files).json()
    logging_client.app.state.prediction_log.flush()  # type: ignore[attr-defined]

    logged = {p.request_id for p in read_predictions(log_path)}
    assert {item["request_id"] for item in batch["predictions"]} <= logged


def test_feedback_is_recorded_beside_its_prediction(
    logging_client: TestClient, log_path: Path, predict: Any, metadata: ModelMetadata
) -> None:
    body = predict(logging_client)
    actual = a_true_outcome(metadata)

    response = logging_client.post(
        "/v1/feedback", json={"request_id": body["request_id"], "actual": actual}
    )

    assert response.status_code == 200, response.text
    assert response.json() == {
        "request_id": body["request_id"],
        "actual": actual,
        "prediction": body["prediction"],
        "model_version": metadata.model_version,
    }
    (logged,) = [p for p in read_predictions(log_path) if p.request_id == body["request_id"]]
    assert logged.actual == actual


def test_feedback_for_a_batch_item_uses_the_item_s_own_id(
    logging_client: TestClient, metadata: ModelMetadata, upload: dict[str, Any]
) -> None:
    files = [("files", upload["file"]), ("files", upload["file"])]
    batch = logging_client.post("/v1/predict/batch", files=files).json()
    actual = a_true_outcome(metadata)

    item = logging_client.post(
        "/v1/feedback", json={"request_id": batch["predictions"][1]["request_id"], "actual": actual}
    )
    whole = logging_client.post(
        "/v1/feedback", json={"request_id": batch["request_id"], "actual": actual}
    )

    assert item.status_code == 200, item.text
    assert whole.status_code == 404
    assert "position" in whole.json()["detail"]


def test_a_log_locked_too_long_is_503_and_the_service_keeps_serving(
    logging_client: TestClient,
    log_path: Path,
    predict: Any,
    metadata: ModelMetadata,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    request_id = predict(logging_client)["request_id"]
    logging_client.app.state.prediction_log.flush()  # type: ignore[attr-defined]
    monkeypatch.setattr(prediction_log, "LOCK_TIMEOUT", 0.05)
    sent = {"request_id": request_id, "actual": a_true_outcome(metadata)}

    with sqlite3.connect(log_path, isolation_level=None) as other_process:
        other_process.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        locked = logging_client.post("/v1/feedback", json=sent)
        other_process.execute("COMMIT")

    assert locked.status_code == 503
    assert locked.headers["retry-after"] == "1"
    assert logging_client.post("/v1/feedback", json=sent).status_code == 200
    predict(logging_client)


def test_every_response_names_its_request(client: TestClient) -> None:
    responses = [
        client.get("/no-such-page"),
        client.post("/v1/predict", json={}),
        client.post("/v1/predict", content=b"x" * 10_000_000),
        client.get("/health"),
    ]

    assert [r.status_code for r in responses] == [404, 415, 413, 200]
    ids = [r.headers["x-request-id"] for r in responses]
    assert len(set(ids)) == len(ids)
    assert all(len(request_id) == 32 for request_id in ids)


def test_feedback_sent_again_replaces_the_first(
    logging_client: TestClient, log_path: Path, predict: Any, metadata: ModelMetadata
) -> None:
    request_id = predict(logging_client)["request_id"]
    first, second = metadata.classes[0], metadata.classes[-1]  # type: ignore[index]

    for actual in (first, second):
        sent = {"request_id": request_id, "actual": actual}
        assert logging_client.post("/v1/feedback", json=sent).status_code == 200

    (logged,) = [p for p in read_predictions(log_path) if p.request_id == request_id]
    assert logged.actual == second


def test_feedback_for_an_unknown_id_is_404(
    logging_client: TestClient, metadata: ModelMetadata
) -> None:
    sent = {"request_id": "no-such-request", "actual": a_true_outcome(metadata)}

    response = logging_client.post("/v1/feedback", json=sent)

    assert response.status_code == 404
    assert "no-such-request" in response.json()["detail"]


@pytest.mark.parametrize(
    "actual",
    ["not a class", 12345.5, None, True],
)
def test_feedback_the_target_cannot_take_is_422_naming_actual(
    logging_client: TestClient, predict: Any, actual: object
) -> None:
    request_id = predict(logging_client)["request_id"]

    response = logging_client.post(
        "/v1/feedback", json={"request_id": request_id, "actual": actual}
    )

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"][:2] == ["body", "actual"]


@pytest.mark.parametrize("body", [{}, {"request_id": ""}, {"actual": 1}, [1, 2]])
def test_a_malformed_feedback_body_is_422(logging_client: TestClient, body: object) -> None:
    assert logging_client.post("/v1/feedback", json=body).status_code == 422


def test_without_the_setting_nothing_is_logged(
    client: TestClient, predict: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)

    predict(client)

    assert client.app.state.prediction_log is None  # type: ignore[attr-defined]
    assert list(tmp_path.iterdir()) == []


def test_without_the_log_feedback_is_404_naming_the_setting(
    client: TestClient, predict: Any, metadata: ModelMetadata
) -> None:
    request_id = predict(client)["request_id"]

    response = client.post(
        "/v1/feedback", json={"request_id": request_id, "actual": a_true_outcome(metadata)}
    )

    assert response.status_code == 404
    assert "PREDICTION_LOG" in response.json()["detail"]


def test_an_unwritable_log_path_is_one_clear_error(
    make_app: AppFactory, trained_model_path: Path, tmp_path: Path
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")

    with (
        pytest.raises(PredictionLogError, match="PREDICTION_LOG"),
        TestClient(make_app(prediction_log=blocker / "predictions.db")),
    ):
        pass
