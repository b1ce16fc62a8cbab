"""How every image is read: the one function that training and the service share.

`prepare` turns a file's bytes into the array the models take: decoded by Pillow,
turned upright by its EXIF orientation, in RGB whatever its mode (greyscale,
palette, with transparency), then cropped to a square at its centre and resized
to IMAGE_SIZE pixels a side. The data step reads the training images through it
and the service reads uploads through it, so the model sees served images exactly
as it saw the ones it learnt from.

It imports only numpy and Pillow, the service image's libraries.
"""

from __future__ import annotations

import io
import warnings
from dataclasses import dataclass

import numpy as np
from PIL import Image, ImageOps, UnidentifiedImageError

from .config import IMAGE_SIZE, MAX_IMAGE_PIXELS
from .errors import ProjectError

# Transparent pixels are laid on white, as a viewer shows them.
BACKGROUND = (255, 255, 255)


class ImageError(ProjectError):
    """Bytes that are not an image this project can read.

    `reason` is short and the same for every file with this problem, so the data step
    can group them; the message adds what was found.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason} ({detail})" if detail else reason)
        self.reason = reason


@dataclass(frozen=True)
class PreparedImage:
    """An image as the models take it, and what was done to get there."""

    pixels: np.ndarray  # uint8, shape [IMAGE_SIZE, IMAGE_SIZE, 3]
    mode: str  # Pillow's mode before conversion: RGB, L, P, RGBA, ...
    size: tuple[int, int]  # width and height as stored, before rotation and resizing
    rotated: bool  # turned upright by its EXIF orientation


def pixel_stats(pixels: np.ndarray) -> dict[str, float]:
    """Brightness and contrast of prepared pixels, on a 0-1 scale: mean and spread.

    The service logs these for every upload and `monitor` computes them for the
    training images, so the two can be compared without keeping the images.
    """
    scaled = pixels.astype(np.float32) / 255.0
    return {"brightness": float(scaled.mean()), "contrast": float(scaled.std())}


def prepare(
    data: bytes, *, size: int = IMAGE_SIZE, max_pixels: int = MAX_IMAGE_PIXELS
) -> PreparedImage:
    """Decode `data` into a size x size RGB array.

    Raises ImageError when the bytes are not an image, are truncated or corrupt, or
    claim more than `max_pixels` pixels. That last check reads only the header, so a
    small file that would inflate to gigapixels (a decompression bomb) is refused
    before any pixel is decoded.
    """
    try:
        with warnings.catch_warnings():
            # Pillow warns past its own bomb limit; the check below decides, with ours.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
    except UnidentifiedImageError as err:
        raise ImageError("not an image", "Pillow reads PNG, JPEG, GIF, BMP, WebP, ...") from err
    except Image.DecompressionBombError as err:
        # Pillow's own guard, at twice its limit, fires in open(); ours is below it.
        raise ImageError(f"more than {max_pixels:,} pixels", "send a smaller image") from err
    except Exception as err:
        # Hostile headers make Pillow's parsers raise assorted errors (struct.error,
        # IndexError, SyntaxError, ...): each means the same to a caller.
        raise ImageError("an unreadable image header", str(err)) from err
    width, height = image.size
    if width * height > max_pixels:
        raise ImageError(
            f"more than {max_pixels:,} pixels", f"{width} x {height}; send a smaller image"
        )
    try:
        with warnings.catch_warnings():
            # Pillow warns past its own bomb limit; the check above already decided.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            image.load()
            upright = ImageOps.exif_transpose(image)
    except Exception as err:  # as above: OSError for truncation, others for corruption
        raise ImageError("a corrupt or truncated image", str(err)) from err
    rotated = _orientation(image) not in (None, 1)
    square = ImageOps.fit(_rgb(upright), (size, size), method=Image.Resampling.BILINEAR)
    return PreparedImage(
        pixels=np.asarray(square, dtype=np.uint8),
        mode=image.mode,
        size=(width, height),
        rotated=rotated,
    )


def _rgb(image: Image.Image) -> Image.Image:
    """The image in RGB; transparency (RGBA, LA, or a palette's) is laid on white."""
    if image.mode == "RGB":
        return image
    if image.mode.startswith("I;16"):
        # 16-bit greyscale (PNG, TIFF): Pillow's own conversion clips every level over 255.
        levels = np.asarray(image, dtype=np.uint16) >> 8
        return Image.fromarray(levels.astype(np.uint8), mode="L").convert("RGB")
    if image.mode in ("RGBA", "LA") or "transparency" in image.info:
        rgba = image.convert("RGBA")
        background = Image.new("RGBA", rgba.size, (*BACKGROUND, 255))
        return Image.alpha_composite(background, rgba).convert("RGB")
    return image.convert("RGB")


def _orientation(image: Image.Image) -> int | None:
    orientation = image.getexif().get(0x0112)  # the EXIF Orientation tag
    return int(orientation) if orientation is not None else None
