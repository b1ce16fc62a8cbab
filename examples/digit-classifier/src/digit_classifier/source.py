"""Where the raw images come from: the handwritten digits shipped inside scikit-learn.

1,797 scans of digits written by 43 people, each reduced to 8 x 8 pixels of 17 grey
levels: the UCI "Optical Recognition of Handwritten Digits" data set (CC BY 4.0),
as `sklearn.datasets.load_digits` ships it. Each scan becomes a PNG here, so the
data step reads it through the same decoder as an uploaded file.
"""

from __future__ import annotations

import hashlib
import io
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from PIL import Image
from sklearn.datasets import load_digits

# load_digits' grey levels run from 0 (paper) to 16 (ink).
GREY_LEVELS = 16


@dataclass(frozen=True)
class RawImage:
    """One file as found: its name (class folder / file), its label and its bytes."""

    name: str
    label: str
    data: bytes


@dataclass(frozen=True)
class RawData:
    """The images as loaded, before any cleaning."""

    images: list[RawImage]
    source: str
    sha256: str


def load_raw(raw_dir: Path) -> RawData:
    """Load the scans from the installed package: offline and always the same images.

    `raw_dir` is where a folder of your own would be kept; nothing is read from it here.
    """
    digits = load_digits()
    scans = np.round(digits.images * (255 / GREY_LEVELS)).astype(np.uint8)
    images = [
        RawImage(name=f"{label}/{index:04d}.png", label=str(label), data=_png(scan))
        for index, (scan, label) in enumerate(zip(scans, digits.target, strict=True))
    ]
    digest = hashlib.sha256(scans.tobytes() + digits.target.tobytes()).hexdigest()
    return RawData(images=images, source="scikit-learn load_digits", sha256=digest)


def _png(scan: np.ndarray) -> bytes:
    buffer = io.BytesIO()
    Image.fromarray(scan, mode="L").save(buffer, format="PNG")
    return buffer.getvalue()
