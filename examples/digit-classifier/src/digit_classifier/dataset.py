"""The data step: read the labelled images, clean them (noting every change), split, save.

Real image folders are messy, and each kind of mess is handled here and said in
data/processed/cleaning.json, naming the files, so nothing disappears silently:
- files that are not images, or are corrupt or truncated, are skipped;
- images larger than MAX_IMAGE_PIXELS are skipped from their header alone;
- greyscale, palette and transparent images are converted to RGB, and images
  stored sideways are turned upright by their EXIF orientation (kept, counted);
- images of any size are cropped to a square and resized (kept, counted);
- copies of one file are kept once, and dropped altogether when they sit in
  different class folders: nobody can say which label is right. Splitting after
  this means no image is in both train and test, which would flatter the scores.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass
from pathlib import Path

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from .config import IMAGE_SIZE, MIN_IMAGES_PER_CLASS, PATHS, SEED, TARGET, TEST_SIZE, Paths
from .errors import DataError
from .images import ImageError, PreparedImage, prepare
from .results import Note
from .source import RawImage, load_raw

MIN_IMAGES = 20
# A note names this many files, then counts the rest.
FILES_NAMED = 5
FILE = "file"


@dataclass(frozen=True)
class Images:
    """Prepared images with their labels and the files they came from, in one order."""

    pixels: np.ndarray  # uint8, [n, IMAGE_SIZE, IMAGE_SIZE, 3]
    labels: np.ndarray  # str
    files: np.ndarray  # str: class folder / file name

    def __len__(self) -> int:
        return len(self.labels)

    def take(self, rows: np.ndarray) -> Images:
        return Images(pixels=self.pixels[rows], labels=self.labels[rows], files=self.files[rows])

    def save(self, path: Path) -> None:
        np.savez_compressed(path, pixels=self.pixels, labels=self.labels, files=self.files)

    @classmethod
    def load(cls, path: Path) -> Images:
        if not path.exists():
            raise DataError(f"{path} is missing; run the data step first (make data)")
        # allow_pickle=False: the arrays are numbers and unicode strings, never objects.
        with np.load(path, allow_pickle=False) as arrays:
            return cls(pixels=arrays["pixels"], labels=arrays["labels"], files=arrays["files"])


@dataclass(frozen=True)
class DataReport:
    """What the data step did; saved as data/processed/cleaning.json."""

    source: str
    data_sha256: str
    n_raw_rows: int  # files found
    n_rows: int  # images kept
    n_train: int
    n_test: int
    image_size: int
    dropped: list[Note]

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> DataReport:
        if not path.exists():
            raise DataError(f"{path} is missing; run the data step first (make data)")
        return cls(**json.loads(path.read_text()))


def prepare_data(paths: Paths = PATHS) -> DataReport:
    """Read, clean and split the images; write train/test .npz and .csv, and cleaning.json."""
    raw = load_raw(paths.raw_dir)
    images, notes = clean(raw.images)
    validate(images)
    train, test = split(images, seed=SEED)

    paths.processed_dir.mkdir(parents=True, exist_ok=True)
    parts = (
        (train, paths.train_images, paths.train_csv),
        (test, paths.test_images, paths.test_csv),
    )
    for part, npz, csv in parts:
        part.save(npz)
        # The same split as a table, to read or to open the files by.
        pd.DataFrame({FILE: part.files, TARGET: part.labels}).to_csv(csv, index=False)
    report = DataReport(
        source=raw.source,
        data_sha256=raw.sha256,
        n_raw_rows=len(raw.images),
        n_rows=len(images),
        n_train=len(train),
        n_test=len(test),
        image_size=IMAGE_SIZE,
        dropped=notes,
    )
    report.save(paths.cleaning_report)
    return report


def clean(raw: list[RawImage]) -> tuple[Images, list[Note]]:
    """Prepare every readable image; skip the rest and drop conflicting copies, with notes."""
    skipped: dict[str, list[str]] = defaultdict(list)
    prepared: list[tuple[RawImage, PreparedImage]] = []
    for item in raw:
        try:
            prepared.append((item, prepare(item.data)))
        except ImageError as err:
            skipped[err.reason].append(item.name)

    notes: list[Note] = [_named(files, f"skipped, {reason}") for reason, files in skipped.items()]
    kept, duplicate_notes = _drop_duplicates(prepared)
    notes.extend(duplicate_notes)
    # What was done to the images kept, counted once the copies are gone.
    converted = Counter(image.mode for _, image in kept if image.mode != "RGB")
    rotated = [item.name for item, image in kept if image.rotated]
    sizes = Counter(image.size for _, image in kept if image.size != (IMAGE_SIZE, IMAGE_SIZE))
    if converted:
        modes = ", ".join(f"{count} {mode}" for mode, count in sorted(converted.items()))
        notes.append(
            {"rows": sum(converted.values()), "reason": f"kept, converted to RGB from {modes}"}
        )
    if rotated:
        notes.append(_named(rotated, "kept, turned upright by their EXIF orientation"))
    if sizes:
        common = ", ".join(f"{width} x {height}" for (width, height), _ in sizes.most_common(3))
        others = " and others" if len(sizes) > 3 else ""
        notes.append(
            {
                "rows": sum(sizes.values()),
                "reason": f"kept, resized to {IMAGE_SIZE} x {IMAGE_SIZE} from {common}{others}",
            }
        )
    images = Images(
        pixels=np.stack([image.pixels for _, image in kept]) if kept else _no_pixels(),
        labels=np.array([item.label for item, _ in kept], dtype=str),
        files=np.array([item.name for item, _ in kept], dtype=str),
    )
    return images, notes


def validate(images: Images) -> None:
    """Raise DataError, in one line, if the cleaned images cannot train and test a model."""
    if len(images) < MIN_IMAGES:
        raise DataError(
            f"{len(images)} usable images are left after cleaning; at least {MIN_IMAGES} needed"
        )
    counts = pd.Series(images.labels).value_counts()
    if len(counts) < 2:
        raise DataError(f"only one class, {counts.index[0]!r}, has usable images; need at least 2")
    small = counts[counts < MIN_IMAGES_PER_CLASS]
    if len(small):
        named = ", ".join(f"{label!r} ({count})" for label, count in small.items())
        raise DataError(
            f"classes with fewer than {MIN_IMAGES_PER_CLASS} usable images: {named}; "
            "add images to them or remove their folders"
        )


def split(images: Images, *, seed: int) -> tuple[Images, Images]:
    """Hold out TEST_SIZE of the images, stratified so that every class is in both parts."""
    rows = np.arange(len(images))
    train, test = train_test_split(
        rows, test_size=TEST_SIZE, random_state=seed, stratify=images.labels
    )
    return images.take(np.sort(train)), images.take(np.sort(test))


def _drop_duplicates(
    kept: list[tuple[RawImage, PreparedImage]],
) -> tuple[list[tuple[RawImage, PreparedImage]], list[Note]]:
    # Byte-for-byte copies: the same file saved twice, or filed under two classes.
    by_digest: dict[str, list[int]] = defaultdict(list)
    for row, (item, _) in enumerate(kept):
        by_digest[hashlib.sha256(item.data).hexdigest()].append(row)
    conflicting, repeated = [], []
    for rows in by_digest.values():
        if len({kept[row][0].label for row in rows}) > 1:
            conflicting.extend(rows)
        else:
            repeated.extend(rows[1:])
    notes: list[Note] = []
    if conflicting:
        files = [kept[row][0].name for row in conflicting]
        notes.append(_named(files, "dropped, the same image in more than one class folder"))
    if repeated:
        files = [kept[row][0].name for row in repeated]
        notes.append(_named(files, "dropped, copies of an image kept once"))
    gone = set(conflicting) | set(repeated)
    return [pair for row, pair in enumerate(kept) if row not in gone], notes


def _named(files: list[str], reason: str) -> Note:
    """A note that names the first few files and counts the rest."""
    shown = ", ".join(files[:FILES_NAMED])
    more = len(files) - FILES_NAMED
    listed = f"{shown} and {more} more" if more > 0 else shown
    return {"rows": len(files), "reason": f"{reason}: {listed}"}


def _no_pixels() -> np.ndarray:
    return np.zeros((0, IMAGE_SIZE, IMAGE_SIZE, 3), dtype=np.uint8)
