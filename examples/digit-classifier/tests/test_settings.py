"""Service settings come from the environment, and are read when first asked for."""

from pathlib import Path

import pytest
from pydantic import ValidationError

from digit_classifier.config import MAX_IMAGE_PIXELS
from digit_classifier.settings import Settings, get_settings


def test_defaults(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MODEL_PATH", "HOST", "PORT", "LOG_LEVEL", "MAX_BATCH"):
        monkeypatch.delenv(name, raising=False)

    settings = Settings(_env_file=None)  # type: ignore[call-arg]

    assert settings.model_path == Path("models/model.onnx")
    assert settings.port == 8000
    assert settings.log_level == "info"
    assert settings.max_batch == 64


def test_environment_variables_set_every_field(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MODEL_PATH", "/srv/model.onnx")
    monkeypatch.setenv("HOST", "0.0.0.0")
    monkeypatch.setenv("PORT", "9001")
    monkeypatch.setenv("LOG_LEVEL", "DEBUG")
    monkeypatch.setenv("MAX_BATCH", "50")

    settings = Settings(_env_file=None)  # type: ignore[call-arg]

    assert settings.model_path == Path("/srv/model.onnx")
    assert settings.host == "0.0.0.0"
    assert settings.port == 9001
    assert settings.log_level == "debug"
    assert settings.max_batch == 50


@pytest.mark.parametrize(
    ("name", "value"), [("PORT", "0"), ("PORT", "http"), ("MAX_BATCH", "0"), ("LOG_LEVEL", "loud")]
)
def test_invalid_values_are_refused(monkeypatch: pytest.MonkeyPatch, name: str, value: str) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(ValidationError, match=name.lower()):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_the_upload_limits_come_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("MAX_IMAGE_BYTES", "MAX_IMAGE_PIXELS"):
        monkeypatch.delenv(name, raising=False)
    defaults = Settings(_env_file=None)  # type: ignore[call-arg]
    monkeypatch.setenv("MAX_IMAGE_BYTES", "65536")
    monkeypatch.setenv("MAX_IMAGE_PIXELS", "1000000")

    settings = Settings(_env_file=None)  # type: ignore[call-arg]

    assert defaults.max_image_bytes == 5 * 1024 * 1024
    assert defaults.max_image_pixels == MAX_IMAGE_PIXELS
    assert settings.max_image_bytes == 65536
    assert settings.max_image_pixels == 1_000_000


@pytest.mark.parametrize(("name", "value"), [("MAX_IMAGE_BYTES", "100"), ("MAX_IMAGE_PIXELS", "0")])
def test_upload_limits_too_small_to_serve_are_refused(
    monkeypatch: pytest.MonkeyPatch, name: str, value: str
) -> None:
    monkeypatch.setenv(name, value)

    with pytest.raises(ValidationError, match=name.lower()):
        Settings(_env_file=None)  # type: ignore[call-arg]


def test_get_settings_reads_the_environment_once(monkeypatch: pytest.MonkeyPatch) -> None:
    get_settings.cache_clear()
    monkeypatch.setenv("PORT", "9002")
    first = get_settings()
    monkeypatch.setenv("PORT", "9003")

    assert get_settings() is first
    assert first.port == 9002
    get_settings.cache_clear()
