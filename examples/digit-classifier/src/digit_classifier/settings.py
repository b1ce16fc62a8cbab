"""Runtime settings of the prediction service, read from the environment."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from .config import MAX_IMAGE_PIXELS

LogLevel = Literal["debug", "info", "warning", "error", "critical"]


def _lower(value: object) -> object:
    # Operators write LOG_LEVEL=INFO as often as info; accept both.
    return value.lower() if isinstance(value, str) else value


class Settings(BaseSettings):
    """Service configuration.

    Each field is read from the environment variable of the same name in upper case
    (MODEL_PATH, HOST, PORT, LOG_LEVEL, MAX_BATCH, MAX_BODY_BYTES, MAX_IMAGE_BYTES,
    MAX_IMAGE_PIXELS, PREDICTION_LOG, PREDICTION_LOG_MAX_RECORDS, WEB_CONCURRENCY), or
    from a `.env` file in the working directory; explicit keyword arguments win over both.
    """

    # `model_` is a namespace pydantic reserves for itself; MODEL_PATH is still the
    # name operators expect, so turn the guard off rather than rename the setting.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", protected_namespaces=())

    model_path: Path = Field(
        default=Path("models/model.onnx"),
        description="The model's ONNX export; its metadata.json must sit beside it.",
    )
    host: str = Field(
        default="127.0.0.1",
        description="Interface to bind; the Docker image sets 0.0.0.0.",
    )
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: Annotated[LogLevel, BeforeValidator(_lower)] = "info"
    max_batch: int = Field(
        default=64,
        ge=1,
        description="Most images accepted by one POST /v1/predict/batch.",
    )
    max_body_bytes: int | None = Field(
        default=None,
        ge=1024,
        description=(
            "Largest request body accepted, in bytes (413 above it, before it is read); "
            "by default room for MAX_BATCH records of this model's features."
        ),
    )
    max_image_bytes: int = Field(
        default=5 * 1024 * 1024,
        ge=1024,
        description="Largest image file accepted, in bytes (413 above it, naming the limit).",
    )
    max_image_pixels: int = Field(
        default=MAX_IMAGE_PIXELS,
        ge=1,
        description=(
            "Most pixels an image may claim (422 above it), read from its header before "
            "decoding, so a decompression bomb is refused unopened."
        ),
    )
    prediction_log: Path | None = Field(
        default=None,
        description=(
            "SQLite file that keeps every prediction (inputs, output, latency) and its "
            "feedback, for `monitor`; unset, nothing is logged."
        ),
    )
    prediction_log_max_records: int = Field(
        default=1_000_000,
        ge=1_000,
        description="Predictions the log keeps; the oldest are deleted past this many.",
    )
    web_concurrency: int = Field(
        default=1,
        ge=1,
        description="Worker processes; each loads the model (one per CPU core is typical).",
    )


@lru_cache
def get_settings() -> Settings:
    """Build the settings on first use, not at import, so the environment can be set first."""
    return Settings()
