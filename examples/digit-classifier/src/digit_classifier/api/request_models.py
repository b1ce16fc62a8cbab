"""What an image request may hold: one upload, or up to MAX_BATCH, each bounded.

The rules, so that bad input is a 4xx naming the field and never a 500:
- the body must be multipart/form-data (415 otherwise), the image in the field
  `file`, or in `files` for a batch;
- each file may take at most MAX_IMAGE_BYTES (413 above it, naming the limit);
  the whole body is capped before it is parsed (api/body_limit.py);
- each must be an image Pillow can read, whole, of at most MAX_IMAGE_PIXELS
  pixels (422 otherwise). The pixel count is read from the header, so a
  decompression bomb is refused before it is decoded.
"""

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fastapi import HTTPException, Request, UploadFile, status

from ..modeling.metadata import ModelMetadata
from ..schema import IMAGE_FIELD
from ..settings import Settings

BATCH_FIELD = "files"
MULTIPART = "multipart/form-data"


@dataclass(frozen=True)
class RequestModels:
    """What the upload routes accept, and a real upload to show as an example."""

    example: dict[str, Any]
    example_file: Path  # models/example.png: a real test image
    max_image_bytes: int
    max_image_pixels: int
    max_batch: int
    record_bytes: int  # the most one upload may take, for the body cap


def build_request_models(metadata: ModelMetadata, settings: Settings) -> RequestModels:
    """The limits of one service's uploads, from its settings."""
    return RequestModels(
        example=dict(metadata.example_record),
        example_file=settings.model_path.with_name("example.png"),
        max_image_bytes=settings.max_image_bytes,
        max_image_pixels=settings.max_image_pixels,
        max_batch=settings.max_batch,
        # The part's headers and boundary come on top of the file itself.
        record_bytes=settings.max_image_bytes + 1024,
    )


async def require_multipart(request: Request) -> None:
    """415 for a body that is not a form upload: a JSON body holds no file to read."""
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()
    if content_type != MULTIPART:
        raise HTTPException(
            status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
            detail=(
                f"send {MULTIPART} with the image in the field {IMAGE_FIELD!r} "
                f"(curl -F {IMAGE_FIELD}=@image.png), not {content_type or 'no content type'}"
            ),
        )


def read_upload(upload: UploadFile, max_bytes: int, field: str) -> bytes:
    """The upload's bytes; 413 when it holds more than `max_bytes`, 422 when it is empty."""
    data = upload.file.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise HTTPException(
            status.HTTP_413_CONTENT_TOO_LARGE,
            detail=f"{field}: the file is larger than {max_bytes:,} bytes (MAX_IMAGE_BYTES)",
        )
    return data
