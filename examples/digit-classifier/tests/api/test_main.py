"""create_app refuses to start without a usable model."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from digit_classifier.api.main import create_app
from digit_classifier.errors import ModelLoadError
from digit_classifier.settings import Settings


def test_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, model_path=tmp_path / "model.onnx")  # type: ignore[call-arg]

    with pytest.raises(ModelLoadError, match="make train"):
        create_app(settings)


def test_model_retrained_after_the_app_was_built_is_not_served(
    trained_model_path: Path, tmp_path: Path
) -> None:
    """The request schema was made from the old metadata; serving the new model with it
    could accept records the new model does not understand."""
    model_path = tmp_path / "model.onnx"
    shutil.copy(trained_model_path, model_path)
    shutil.copy(trained_model_path.with_name("metadata.json"), tmp_path / "metadata.json")
    shutil.copy(trained_model_path.with_name("example.png"), tmp_path / "example.png")
    app = create_app(Settings(_env_file=None, model_path=model_path))  # type: ignore[call-arg]
    metadata = json.loads((tmp_path / "metadata.json").read_text())
    metadata["model_version"] += ".retrained"
    (tmp_path / "metadata.json").write_text(json.dumps(metadata))

    with pytest.raises(ModelLoadError, match="restart"), TestClient(app):
        pass


def test_a_model_without_its_example_image_is_a_clear_error(
    trained_model_path: Path, tmp_path: Path
) -> None:
    """GET /v1/example serves it and startup predicts it: without it, no app."""
    shutil.copy(trained_model_path, tmp_path / "model.onnx")
    shutil.copy(trained_model_path.with_name("metadata.json"), tmp_path / "metadata.json")
    settings = Settings(_env_file=None, model_path=tmp_path / "model.onnx")  # type: ignore[call-arg]

    with pytest.raises(ModelLoadError, match=r"example\.png"):
        create_app(settings)


def test_serving_code_imports_neither_torch_nor_scikit_learn() -> None:
    """The Docker image installs only the serving dependencies (see pyproject.toml)."""
    package = "digit_classifier"
    training_only = ("torch", "sklearn", "pandas", "matplotlib", "efficientnet_lite_pytorch")
    code = (
        f"import sys, {package}.api.main, {package}.__main__; "
        f"print(sorted(set({training_only!r}) & set(sys.modules)))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"
