"""One request that `simulate` sends, and the true outcome it reports back as feedback."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from .columns import PredictedValue

# A multipart upload, as httpx takes it: {field: (file name, bytes, media type)}.
Upload = dict[str, tuple[str, bytes, str]]


@dataclass(frozen=True)
class Request:
    """A POST /v1/predict body (JSON or an upload) and the record's true outcome."""

    actual: PredictedValue
    json: dict[str, Any] | None = None
    files: Upload | None = None
