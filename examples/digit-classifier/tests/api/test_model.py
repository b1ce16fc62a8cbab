"""GET /v1/model describes the model that is loaded."""

from fastapi.testclient import TestClient

from digit_classifier.modeling.metadata import ModelMetadata


def test_model_info_comes_from_the_saved_metadata(
    client: TestClient, metadata: ModelMetadata
) -> None:
    response = client.get("/v1/model")

    assert response.status_code == 200
    info = response.json()
    assert info["name"] == metadata.project
    assert info["model_version"] == metadata.model_version
    assert info["task"] == metadata.task
    assert info["target"] == metadata.target
    assert info["estimator"] == metadata.estimator
    assert info["trained_at"] == metadata.trained_at
    assert info["data_sha256"] == metadata.data_sha256
    assert info["metrics"] == metadata.metrics.model_dump(mode="json")
    expected_classes = list(metadata.classes) if metadata.classes is not None else None
    assert info["classes"] == expected_classes


def test_model_info_lists_every_feature_with_its_type(
    client: TestClient, metadata: ModelMetadata
) -> None:
    features = client.get("/v1/model").json()["features"]

    assert features == [spec.to_dict() for spec in metadata.features]
