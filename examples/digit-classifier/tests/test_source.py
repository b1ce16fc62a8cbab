"""Loading the raw images: the digits scanned into PNG files, the same on every load."""

from __future__ import annotations

import io
from pathlib import Path

from PIL import Image

from digit_classifier.source import load_raw

N_SCANS = 1797


def test_raw_images_are_the_same_on_every_load(tmp_path: Path) -> None:
    first, second = load_raw(tmp_path), load_raw(tmp_path)

    assert first.sha256 == second.sha256
    assert first.images == second.images


def test_raw_images_write_nothing(tmp_path: Path) -> None:
    load_raw(tmp_path)

    assert not list(tmp_path.iterdir())


def test_each_scan_is_a_png_in_the_folder_of_its_digit(tmp_path: Path) -> None:
    images = load_raw(tmp_path).images

    assert len(images) == N_SCANS
    assert {image.label for image in images} == {str(digit) for digit in range(10)}
    for image in images[:50]:
        assert image.name.startswith(f"{image.label}/")
        with Image.open(io.BytesIO(image.data)) as scan:
            assert (scan.format, scan.mode, scan.size) == ("PNG", "L", (8, 8))
