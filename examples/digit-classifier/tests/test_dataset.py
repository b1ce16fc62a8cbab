"""The data step: every kind of messy image folder is cleaned or skipped, and each change noted."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from PIL import Image

from digit_classifier.config import IMAGE_SIZE, MIN_IMAGES_PER_CLASS, TARGET, TEST_SIZE, Paths
from digit_classifier.dataset import (
    FILE,
    FILES_NAMED,
    MIN_IMAGES,
    DataReport,
    Images,
    clean,
    split,
    validate,
)
from digit_classifier.errors import DataError
from digit_classifier.results import Note
from digit_classifier.source import RawImage

RED, GREEN, BLUE = (220, 20, 20), (20, 200, 20), (20, 20, 220)
# EXIF's Orientation tag, and its value for "turn 90° clockwise to view".
ORIENTATION, ROTATE_CLOCKWISE = 0x0112, 6


def encode(image: Image.Image, format: str = "PNG", **options: Any) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format=format, **options)
    return buffer.getvalue()


def read_folder(root: Path) -> list[RawImage]:
    """The files of `root`/<class>/, as a project's source hands them to the data step."""
    return [
        RawImage(
            name=path.relative_to(root).as_posix(),
            label=path.relative_to(root).parts[0],
            data=path.read_bytes(),
        )
        for path in sorted(root.glob("*/*"))
    ]


def reasons(notes: list[Note]) -> dict[str, int]:
    return {str(note["reason"]): int(note["rows"]) for note in notes}


def labelled(counts: dict[str, int]) -> Images:
    """Cleaned images: `counts[label]` blank images of each label."""
    labels = np.array([label for label, n in counts.items() for _ in range(n)], dtype=str)
    return Images(
        pixels=np.zeros((len(labels), IMAGE_SIZE, IMAGE_SIZE, 3), dtype=np.uint8),
        labels=labels,
        files=np.array([f"{label}/{i}.png" for i, label in enumerate(labels)], dtype=str),
    )


@pytest.fixture
def messy_folder(tmp_path: Path) -> Path:
    """A folder of two classes holding what real folders hold, each file named for its mess."""
    root = tmp_path / "images"
    files: dict[str, bytes] = {
        "cat/red.png": encode(Image.new("RGB", (IMAGE_SIZE, IMAGE_SIZE), RED)),
        "cat/red_copy.png": encode(Image.new("RGB", (IMAGE_SIZE, IMAGE_SIZE), RED)),
        "cat/grey.png": encode(Image.new("L", (IMAGE_SIZE, IMAGE_SIZE), 90)),
        "cat/palette.gif": encode(Image.new("P", (IMAGE_SIZE, IMAGE_SIZE), 3), "GIF"),
        "cat/clear.png": encode(Image.new("RGBA", (IMAGE_SIZE, IMAGE_SIZE), (*RED, 0))),
        "cat/wide.jpg": encode(Image.new("RGB", (120, 40), GREEN), "JPEG"),
        "cat/broken.jpg": _truncated_jpeg(),
        "cat/notes.txt": b"photos from the weekend\n",
        "dog/blue.png": encode(Image.new("RGB", (IMAGE_SIZE, IMAGE_SIZE), BLUE)),
        "dog/sideways.jpg": _sideways_jpeg(),
        "dog/both.png": encode(Image.new("L", (IMAGE_SIZE, IMAGE_SIZE), 200)),
        "cat/both.png": encode(Image.new("L", (IMAGE_SIZE, IMAGE_SIZE), 200)),
    }
    for name, data in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(data)
    return root


def _truncated_jpeg() -> bytes:
    noise = np.random.default_rng(0).integers(0, 256, (64, 64, 3), dtype=np.uint8)
    data = encode(Image.fromarray(noise), "JPEG")
    return data[: len(data) // 2]


def _sideways_jpeg() -> bytes:
    image = Image.new("RGB", (IMAGE_SIZE * 2, IMAGE_SIZE), BLUE)
    exif = Image.Exif()
    exif[ORIENTATION] = ROTATE_CLOCKWISE
    return encode(image, "JPEG", exif=exif.tobytes())


def test_a_messy_folder_is_cleaned_and_every_change_is_noted(messy_folder: Path) -> None:
    images, notes = clean(read_folder(messy_folder))

    assert sorted(images.files) == [
        "cat/clear.png",
        "cat/grey.png",
        "cat/palette.gif",
        "cat/red.png",
        "cat/wide.jpg",
        "dog/blue.png",
        "dog/sideways.jpg",
    ]
    assert reasons(notes) == {
        "skipped, a corrupt or truncated image: cat/broken.jpg": 1,
        "skipped, not an image: cat/notes.txt": 1,
        "dropped, the same image in more than one class folder: cat/both.png, dog/both.png": 2,
        "dropped, copies of an image kept once: cat/red_copy.png": 1,
        "kept, converted to RGB from 1 L, 1 P, 1 RGBA": 3,
        "kept, turned upright by their EXIF orientation: dog/sideways.jpg": 1,
        f"kept, resized to {IMAGE_SIZE} x {IMAGE_SIZE} from 120 x 40, "
        f"{IMAGE_SIZE * 2} x {IMAGE_SIZE}": 2,
    }


def test_kept_images_are_prepared_and_labelled_by_their_folder(messy_folder: Path) -> None:
    images, _ = clean(read_folder(messy_folder))
    by_file = dict(zip(images.files, range(len(images)), strict=True))

    assert images.pixels.shape == (len(images), IMAGE_SIZE, IMAGE_SIZE, 3)
    assert images.pixels.dtype == np.uint8
    assert [str(label) for label in images.labels] == [name.split("/")[0] for name in images.files]
    np.testing.assert_array_equal(images.pixels[by_file["cat/clear.png"]], 255)  # on white
    assert images.pixels[by_file["cat/grey.png"]].tolist() == [[[90] * 3] * IMAGE_SIZE] * IMAGE_SIZE


def test_a_note_names_a_few_files_and_counts_the_rest() -> None:
    raw = [RawImage(name=f"cat/{i}.png", label="cat", data=b"junk") for i in range(8)]

    _, notes = clean(raw)

    shown = ", ".join(f"cat/{i}.png" for i in range(FILES_NAMED))
    assert notes == [
        {"rows": 8, "reason": f"skipped, not an image: {shown} and {8 - FILES_NAMED} more"}
    ]


def test_nothing_readable_leaves_no_images() -> None:
    images, _ = clean([RawImage(name="cat/a.txt", label="cat", data=b"text")])

    assert len(images) == 0
    assert images.pixels.shape == (0, IMAGE_SIZE, IMAGE_SIZE, 3)
    with pytest.raises(DataError, match=f"0 usable images .* at least {MIN_IMAGES} needed"):
        validate(images)


def test_a_single_class_is_refused() -> None:
    with pytest.raises(DataError, match=r"only one class, 'cat', has usable images"):
        validate(labelled({"cat": MIN_IMAGES}))


def test_small_classes_are_named_with_their_counts() -> None:
    images = labelled({"big": MIN_IMAGES, "tiny": 3, "few": MIN_IMAGES_PER_CLASS - 1})

    with pytest.raises(DataError) as raised:
        validate(images)

    message = str(raised.value)
    assert f"fewer than {MIN_IMAGES_PER_CLASS} usable images" in message
    assert "'tiny' (3)" in message
    assert f"'few' ({MIN_IMAGES_PER_CLASS - 1})" in message
    assert "'big'" not in message


def test_enough_images_of_every_class_pass() -> None:
    validate(labelled({"cat": MIN_IMAGES_PER_CLASS, "dog": MIN_IMAGES}))


def test_the_split_is_stratified_and_disjoint() -> None:
    images = labelled({"cat": 40, "dog": 20, "owl": 10})

    train, test = split(images, seed=3)

    assert set(train.files).isdisjoint(test.files)
    assert sorted([*train.files, *test.files]) == sorted(images.files)
    assert len(test) == pytest.approx(TEST_SIZE * len(images), abs=1)
    counts = pd.Series(test.labels).value_counts()
    for label, n in {"cat": 40, "dog": 20, "owl": 10}.items():
        assert counts[label] == pytest.approx(TEST_SIZE * n, abs=1)


def test_the_split_is_the_same_for_a_seed() -> None:
    images = labelled({"cat": 30, "dog": 30})

    first, second = split(images, seed=5), split(images, seed=5)

    assert first[1].files.tolist() == second[1].files.tolist()
    assert first[1].files.tolist() != split(images, seed=6)[1].files.tolist()


def test_images_round_trip_through_their_file(tmp_path: Path) -> None:
    images = labelled({"cat": 3, "dog": 2})
    images.pixels[1] = 7

    images.save(tmp_path / "part.npz")
    loaded = Images.load(tmp_path / "part.npz")

    np.testing.assert_array_equal(loaded.pixels, images.pixels)
    assert loaded.labels.tolist() == images.labels.tolist()
    assert loaded.files.tolist() == images.files.tolist()


def test_missing_processed_files_say_to_run_the_data_step(tmp_path: Path) -> None:
    with pytest.raises(DataError, match="make data"):
        Images.load(tmp_path / "train.npz")
    with pytest.raises(DataError, match="make data"):
        DataReport.load(tmp_path / "cleaning.json")


def test_the_real_split_holds_every_class_on_both_sides(
    train_split: Images, test_split: Images
) -> None:
    assert set(train_split.files).isdisjoint(test_split.files)
    assert set(train_split.labels) == set(test_split.labels)
    assert train_split.pixels.shape[1:] == (IMAGE_SIZE, IMAGE_SIZE, 3)
    assert test_split.pixels.dtype == np.uint8


def test_the_tables_list_the_same_images_as_the_arrays(
    data_paths: Paths, train_split: Images, test_split: Images
) -> None:
    for csv, images in ((data_paths.train_csv, train_split), (data_paths.test_csv, test_split)):
        table = pd.read_csv(csv, dtype=str)
        assert list(table.columns) == [FILE, TARGET]
        assert table[FILE].tolist() == images.files.tolist()
        assert table[TARGET].tolist() == images.labels.tolist()


def test_report_counts_the_images(data_paths: Paths, data_report: DataReport) -> None:
    notes = reasons(data_report.dropped)
    gone = sum(count for reason, count in notes.items() if not reason.startswith("kept"))

    assert data_report.n_train + data_report.n_test == data_report.n_rows
    assert data_report.n_raw_rows - gone == data_report.n_rows
    assert data_report.image_size == IMAGE_SIZE
    assert DataReport.load(data_paths.cleaning_report) == data_report
