"""The test split as requests to the service, as it is or shifted.

Each prepared test image (data/processed/test.npz) is uploaded as a PNG file. The
shift darkens every image to SHIFT_LEVEL of its brightness, as an underexposed
camera or a scanner set too dark would: the uploads stay valid images, but their
brightness and contrast (the monitored features) fall.
"""

from __future__ import annotations

import io
from typing import Final

import numpy as np
from PIL import Image

from ..config import Paths
from ..dataset import Images
from ..schema import IMAGE_FIELD
from .request import Request

SHIFT_LEVEL: Final = 0.4
SHIFT: Final = f"every image darkened to {SHIFT_LEVEL:.0%} of its brightness"


def test_requests(paths: Paths, *, shift: bool) -> list[Request]:
    """One upload per test image, with its true label."""
    images = Images.load(paths.test_images)
    requests = []
    for pixels, label, name in zip(images.pixels, images.labels, images.files, strict=True):
        if shift:
            pixels = (pixels.astype(np.float32) * SHIFT_LEVEL).round().astype(np.uint8)
        upload = (f"{_stem(str(name))}.png", _png(pixels), "image/png")
        requests.append(Request(files={IMAGE_FIELD: upload}, actual=str(label)))
    return requests


def _png(pixels: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(pixels).save(buffer, format="PNG")
    return buffer.getvalue()


def _stem(name: str) -> str:
    # "3/img_0012.png" -> "img_0012": the upload's name, without its class folder.
    return name.rsplit("/", 1)[-1].rsplit(".", 1)[0]
