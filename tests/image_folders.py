"""Folders and .zip files of small images for image projects, built in tmp dirs.

`write_image_folder` makes small, tidy folders for the checks at `new`;
`write_messy_image_folder` makes one as people's own folders are, for the end-to-end
test: two classes a model can learn (circles and squares, drawn at random sizes,
places and colours) saved the ways real files come (PNG and JPEG, greyscale, palette
and transparent images, a photo stored sideways with an EXIF orientation, different
sizes), then the mess: a truncated JPEG, a text file, a copy of an image within its
class, and one image filed under both classes.
"""

from __future__ import annotations

import io
import random
import shutil
import zipfile
from collections.abc import Mapping
from pathlib import Path

from PIL import Image, ImageDraw

# Each class's images are of one colour, so a model could tell them apart.
COLOURS = {"cat": (200, 40, 40), "dog": (40, 40, 200), "owl": (40, 200, 40)}


def png_bytes(colour: tuple[int, int, int] = (128, 128, 128), size: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (size, size), colour).save(buffer, format="PNG")
    return buffer.getvalue()


def write_png(path: Path, colour: tuple[int, int, int] = (128, 128, 128), size: int = 8) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(png_bytes(colour, size))
    return path


def write_image_folder(
    root: Path,
    counts: Mapping[str, int] | None = None,
    *,
    broken: Mapping[str, int] | None = None,
    mess: bool = True,
) -> Path:
    """`root`/<class>/<n>.png for each class and count (by default cat and dog, 10 each).

    `broken` adds files that are not images (`bad-<n>.png`); `mess` adds what a real
    folder holds and a project must not: Finder's .DS_Store, a hidden folder, macOS's
    AppleDouble files.
    """
    for label, count in (counts or {"cat": 10, "dog": 10}).items():
        (root / label).mkdir(parents=True, exist_ok=True)
        for n in range(count):
            write_png(root / label / f"{n:03d}.png", COLOURS.get(label, (90, 90, 90)))
    for label, count in (broken or {}).items():
        for n in range(count):
            (root / label / f"bad-{n}.png").write_bytes(b"not a png at all")
    if mess:
        (root / ".DS_Store").write_bytes(b"\0\0\0\1Bud1")
        write_png(root / ".thumbnails" / "x.png")
        for label in counts or {"cat": 10, "dog": 10}:
            (root / label / "._000.png").write_bytes(b"\0\5\26\7AppleDouble")
    return root


def zip_folder(folder: Path, archive: Path, *, top: str = "") -> Path:
    """Zips every file under `folder`, inside a top folder `top` if given (as zipping a
    folder in a file manager does), with a __MACOSX folder as macOS adds one."""
    with zipfile.ZipFile(archive, "w", zipfile.ZIP_DEFLATED) as handle:
        for path in sorted(folder.rglob("*")):
            name = path.relative_to(folder).as_posix()
            if path.is_file():
                handle.write(path, f"{top}/{name}" if top else name)
        handle.writestr("__MACOSX/cat/._000.png", b"\0\5\26\7AppleDouble")
    return archive


def zip_members(archive: Path, members: Mapping[str, bytes]) -> Path:
    """A .zip of exactly these members (names as written, unchecked)."""
    with zipfile.ZipFile(archive, "w") as handle:
        for name, data in members.items():
            handle.writestr(name, data)
    return archive


CLASSES = ("circle", "square")
EXIF_ORIENTATION = 0x0112
ROTATED_90 = 6  # "the camera was turned": viewers rotate it 90° clockwise to show it


def write_messy_image_folder(root: Path, per_class: int = 30, seed: int = 0) -> Path:
    """Write `root`/<class>/<files>; return `root`. Every class gets `per_class` good images."""
    rng = random.Random(seed)
    for label in CLASSES:
        folder = root / label
        folder.mkdir(parents=True)
        for index in range(per_class):
            _save_in_some_format(_drawing(label, rng), folder / f"{label}_{index:03d}", index)
    circle, square = root / "circle", root / "square"
    # The mess, each kind once, where the data step must name it.
    good = (circle / "circle_000.png").read_bytes()
    (circle / "broken.jpg").write_bytes((square / "square_001.jpg").read_bytes()[:300])
    (square / "notes.txt").write_text("photos from the trip, sorted by shape\n", encoding="utf-8")
    shutil.copyfile(circle / "circle_000.png", circle / "circle_000 (copy).png")
    (square / "which_one.png").write_bytes((circle / "circle_002.png").read_bytes())
    (circle / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1" + good[:16])  # hidden: ignored
    return root


def _drawing(label: str, rng: random.Random) -> Image.Image:
    side = rng.choice((48, 64, 80, 96))
    background = tuple(rng.randrange(150, 256) for _ in range(3))
    ink = tuple(rng.randrange(0, 110) for _ in range(3))
    image = Image.new("RGB", (side + rng.randrange(0, 24), side), background)
    draw = ImageDraw.Draw(image)
    size = rng.randrange(side // 3, side * 2 // 3)
    left, top = rng.randrange(2, side - size - 2), rng.randrange(2, side - size - 2)
    box = (left, top, left + size, top + size)
    if label == "circle":
        draw.ellipse(box, fill=ink)
    else:
        draw.rectangle(box, fill=ink)
    return image


def _save_in_some_format(image: Image.Image, stem: Path, index: int) -> None:
    match index % 6:
        case 0:
            image.save(stem.with_suffix(".png"))
        case 1:
            image.save(stem.with_suffix(".jpg"), quality=90)
        case 2:
            image.convert("L").save(stem.with_suffix(".png"))
        case 3:
            image.convert("P", palette=Image.Palette.ADAPTIVE).save(stem.with_suffix(".gif"))
        case 4:
            rgba = image.convert("RGBA")
            rgba.putalpha(220)
            rgba.save(stem.with_suffix(".png"))
        case _:
            # Stored sideways, with the orientation a camera writes to put it right.
            exif = Image.Exif()
            exif[EXIF_ORIENTATION] = ROTATED_90
            image.rotate(90, expand=True).save(stem.with_suffix(".jpg"), exif=exif)
