"""Runtime settings of the prediction service, read from the environment."""

from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BeforeValidator, Field
from pydantic_settings import BaseSettings, SettingsConfigDict

LogLevel = Literal["debug", "info", "warning", "error", "critical"]


def _lower(value: object) -> object:
    # Operators write LOG_LEVEL=INFO as often as info; accept both.
    return value.lower() if isinstance(value, str) else value


class Settings(BaseSettings):
    """Service configuration.

    Each field is read from the environment variable of the same name in upper case
    (MODEL_PATH, HOST, PORT, LOG_LEVEL, MAX_BODY_BYTES, WEB_CONCURRENCY), or from a
    `.env` file in the working directory; explicit keyword arguments win over both.
    """

    # `model_` is a namespace pydantic reserves for itself; MODEL_PATH is still the
    # name operators expect, so turn the guard off rather than rename the setting.
    model_config = SettingsConfigDict(env_file=".env", extra="ignore", protected_namespaces=())

    model_path: Path = Field(
        default=Path("models/forecaster.json"),
        description="The served model's state; its metadata.json must sit beside it.",
    )
    host: str = Field(
        default="127.0.0.1",
        description="Interface to bind; the Docker image sets 0.0.0.0.",
    )
    port: int = Field(default=8000, ge=1, le=65535)
    log_level: Annotated[LogLevel, BeforeValidator(_lower)] = "info"
    max_body_bytes: int = Field(
        default=64 * 1024,
        ge=1024,
        description="Largest request body accepted, in bytes (413 above it, before it is read).",
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
