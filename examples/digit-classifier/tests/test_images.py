"""prepare: every readable image becomes the same uint8 RGB square; anything else an ImageError."""

from __future__ import annotations

import io
import struct
import warnings
import zlib
from typing import Any

import numpy as np
import pytest
from PIL import Image

from digit_classifier.config import IMAGE_SIZE, MAX_IMAGE_PIXELS
from digit_classifier.images import ImageError, prepare

RED, BLUE, WHITE = (220, 20, 20), (20, 20, 220), (255, 255, 255)
# EXIF's Orientation tag, and its value for "turn 90° clockwise to view".
ORIENTATION, ROTATE_CLOCKWISE = 0x0112, 6


def encode(image: Image.Image, format: str = "PNG", **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG of a few dozen bytes whose header claims `width` x `height` pixels."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)  # 8-bit RGB
    pixels = zlib.compress(b"\0" * 64)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def halves(left: tuple[int, int, int], right: tuple[int, int, int], size: int = 64) -> Image.Image:
    """A square image: its left half one colour, its right half another."""
    image = Image.new("RGB", (size, size), left)
    image.paste(right, (size // 2, 0, size, size))
    return image


def mean_colour(pixels: np.ndarray) -> np.ndarray:
    mean: np.ndarray = pixels.reshape(-1, 3).mean(axis=0)
    return mean


@pytest.mark.parametrize(
    ("mode", "fill", "colour"),
    [
        pytest.param("L", 128, (128, 128, 128), id="L"),
        pytest.param("1", 1, WHITE, id="1"),
        pytest.param("I;16", 30_000, (117, 117, 117), id="I;16"),  # 16-bit: 30,000 / 256
        pytest.param("RGB", RED, RED, id="RGB"),
        pytest.param("RGBA", (*RED, 255), RED, id="RGBA"),
        pytest.param("RGBA", (*RED, 0), WHITE, id="RGBA-transparent"),  # laid on white
        pytest.param("LA", (60, 255), (60, 60, 60), id="LA"),
        pytest.param("LA", (0, 0), WHITE, id="LA-transparent"),
        pytest.param("CMYK", (0, 255, 255, 0), (255, 0, 0), id="CMYK"),
    ],
)
def test_every_mode_becomes_rgb(mode: str, fill: Any, colour: tuple[int, int, int]) -> None:
    image = Image.new(mode, (20, 20), fill)

    prepared = prepare(encode(image, "TIFF" if mode == "CMYK" else "PNG"))

    assert prepared.pixels.shape == (IMAGE_SIZE, IMAGE_SIZE, 3)
    assert prepared.pixels.dtype == np.uint8
    assert prepared.mode == mode
    np.testing.assert_array_equal(prepared.pixels, np.broadcast_to(colour, prepared.pixels.shape))


def test_a_palette_image_keeps_its_colours_and_its_transparency_is_white() -> None:
    image = Image.new("P", (20, 20), 1)
    image.putpalette([*BLUE, *RED])
    image.paste(0, (0, 0, 10, 20))  # the left half: colour 0, declared transparent

    prepared = prepare(encode(image, transparency=0))

    assert prepared.mode == "P"
    np.testing.assert_array_equal(prepared.pixels[:, 0], np.broadcast_to(WHITE, (IMAGE_SIZE, 3)))
    np.testing.assert_array_equal(prepared.pixels[:, -1], np.broadcast_to(RED, (IMAGE_SIZE, 3)))


def test_an_image_stored_sideways_is_turned_upright_by_its_exif_orientation() -> None:
    stored = halves(RED, BLUE)  # shown after a quarter turn clockwise: red on top
    exif = Image.Exif()
    exif[ORIENTATION] = ROTATE_CLOCKWISE

    upright = prepare(encode(stored, "JPEG", quality=95, exif=exif.tobytes()))
    plain = prepare(encode(stored, "JPEG", quality=95))

    top, bottom = upright.pixels[: IMAGE_SIZE // 4], upright.pixels[-IMAGE_SIZE // 4 :]
    assert upright.rotated
    assert not plain.rotated
    np.testing.assert_allclose(mean_colour(top), RED, atol=12)
    np.testing.assert_allclose(mean_colour(bottom), BLUE, atol=12)
    np.testing.assert_allclose(mean_colour(plain.pixels[:, : IMAGE_SIZE // 4]), RED, atol=12)


def test_a_wide_image_is_cropped_to_its_centre_then_resized() -> None:
    wide = Image.new("RGB", (300, 100), RED)
    wide.paste(BLUE, (100, 0, 200, 100))  # the centre square

    prepared = prepare(encode(wide))

    inside = prepared.pixels[:, 1:-1]  # the edge columns blend in a little of the red
    assert prepared.size == (300, 100)
    assert prepared.pixels.shape == (IMAGE_SIZE, IMAGE_SIZE, 3)
    np.testing.assert_array_equal(inside, np.broadcast_to(BLUE, inside.shape))


@pytest.mark.parametrize("size", [8, 17, 96])
def test_the_side_is_the_one_asked_for(size: int) -> None:
    prepared = prepare(encode(Image.new("RGB", (50, 70), RED)), size=size)

    assert prepared.pixels.shape == (size, size, 3)
    assert prepared.pixels.dtype == np.uint8


def test_a_truncated_file_is_an_image_error() -> None:
    noise = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    for format in ("PNG", "JPEG"):
        data = encode(Image.fromarray(noise), format)

        with pytest.raises(ImageError, match="corrupt or truncated") as raised:
            prepare(data[: len(data) // 2])

        assert raised.value.reason == "a corrupt or truncated image"


@pytest.mark.parametrize(
    "data",
    [b"", b"plain text, not an image", b"%PDF-1.7\n", b"\x89PNG\r\n\x1a\n" + b"\xff" * 40],
    ids=["empty", "text", "pdf", "png-garbage"],
)
def test_bytes_that_are_not_an_image_are_an_image_error(data: bytes) -> None:
    with pytest.raises(ImageError):
        prepare(data)


@pytest.mark.parametrize(
    ("width", "height"),
    [
        (20_000, 20_000),  # past twice Pillow's own limit: refused as Pillow opens it
        (10_000, 10_000),  # past Pillow's limit, under twice it: refused by our check
        (8_000, 6_000),  # under Pillow's limit, over MAX_IMAGE_PIXELS
    ],
)
def test_a_decompression_bomb_is_refused_from_its_header(width: int, height: int) -> None:
    data = png_claiming(width, height)
    assert len(data) < 200
    assert width * height > MAX_IMAGE_PIXELS

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # and without Pillow's warning
        with pytest.raises(ImageError, match=f"more than {MAX_IMAGE_PIXELS:,} pixels"):
            prepare(data)


def test_the_pixel_limit_is_a_parameter() -> None:
    data = encode(Image.new("RGB", (100, 100), RED))

    assert prepare(data, max_pixels=10_000).pixels.shape == (IMAGE_SIZE, IMAGE_SIZE, 3)
    with pytest.raises(ImageError, match="more than 9,999 pixels"):
        prepare(data, max_pixels=9_999)
