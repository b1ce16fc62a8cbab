"""create_app refuses to start without a usable model; serving needs no training library."""

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from co2_forecast.api.main import create_app
from co2_forecast.errors import ModelLoadError
from co2_forecast.settings import Settings


def test_a_missing_model_is_a_clear_error(tmp_path: Path) -> None:
    settings = Settings(_env_file=None, model_path=tmp_path / "forecaster.json")  # type: ignore[call-arg]

    with pytest.raises(ModelLoadError, match="make train"):
        create_app(settings)


def test_a_model_retrained_after_the_app_was_built_is_not_served(
    trained_model_path: Path, tmp_path: Path
) -> None:
    """The request's horizon bound was read from the old metadata: it may not fit the new."""
    for model_file in trained_model_path.parent.glob("*"):
        shutil.copy(model_file, tmp_path / model_file.name)
    app = create_app(Settings(_env_file=None, model_path=tmp_path / trained_model_path.name))  # type: ignore[call-arg]
    metadata = json.loads((tmp_path / "metadata.json").read_text())
    metadata["model_version"] += ".retrained"
    (tmp_path / "metadata.json").write_text(json.dumps(metadata))

    with pytest.raises(ModelLoadError, match="restart"), TestClient(app):
        pass


def test_serving_code_imports_no_training_library() -> None:
    """The Docker image installs only the serving dependencies (see pyproject.toml)."""
    package = "co2_forecast"
    training_only = ("statsforecast", "statsmodels", "sklearn", "pandas", "skl2onnx")
    code = (
        f"import sys, {package}.api.main, {package}.__main__; "
        f"print(sorted(set({training_only!r}) & set(sys.modules)))"
    )

    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=True
    )

    assert result.stdout.strip() == "[]"
