"""A folder of images with one sub-folder per class, or a .zip of one: the `image_dir` answer.

kind=image with dataset=folder learns from the user's own images, each labelled by the
name of the folder it is in. `image_dir_problem` checks the answer before anything is
rendered (one line that names the problem and the fix); `bring_in_images` copies the
class folders into the new project's data/raw/images/ and pins the copy with
`images_sha256`, the digest the project's data step recomputes to verify it.

Hidden files and folders (a name starting with '.') and __MACOSX, which macOS adds to
the archives it makes, are neither counted nor copied. Every other file of a class
folder is copied, images Pillow cannot open included: the project's data step names
and skips each of those.
"""

from __future__ import annotations

import hashlib
import re
import shutil
import warnings
import zipfile
from collections.abc import Generator, Iterable
from contextlib import closing
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import IO

from mlscaffold.errors import InvalidAnswer, brief_list
from mlscaffold.kinds import FOLDER, IMAGE_FOLDER, MIN_IMAGES_PER_CLASS, get_kind

IMAGES = "images"  # data/raw/images/<class>/<file>
DIGEST_FILE = "images.sha256"  # data/raw/images.sha256: images_sha256 of that folder
# A .zip is unpacked by `new`; these bound what a small or malicious archive may unpack to.
MAX_ZIP_BYTES = 2 * 1024**3
MAX_ZIP_MEMBERS = 200_000
_READABLE_COMPRESSIONS = frozenset(
    {zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED, zipfile.ZIP_BZIP2, zipfile.ZIP_LZMA}
)
_DRIVE = re.compile(r"^[A-Za-z]:")
_CHUNK = 1024 * 1024
_LAYOUT_FIX = "put each class's images in a sub-folder named after the class"


@dataclass(frozen=True)
class ImageFile:
    """A file of a class folder: its class, its name there, and where it is read from."""

    label: str  # the class: the name of the folder the file is in
    name: str
    member: str  # a path (a folder) or a member's name (a .zip)

    @property
    def relative(self) -> str:
        """Where it goes under images/: `<class>/<file>`."""
        return f"{self.label}/{self.name}"


@dataclass(frozen=True)
class ClassFolders:
    """The class folders of a folder or .zip of images, and the files in them."""

    answer: str  # image_dir as given
    source: Path
    is_zip: bool
    labels: tuple[str, ...]  # sorted; a folder that holds no file is a class with none
    files: tuple[ImageFile, ...]  # sorted by class, then name

    @property
    def described(self) -> str:
        """How messages name it: "image folder 'photos'", ".zip file 'photos.zip'"."""
        return _described(self.answer, self.is_zip)

    def opened(
        self, files: Iterable[ImageFile]
    ) -> Generator[tuple[ImageFile, IO[bytes]], None, None]:
        """Each of `files` with its contents open for reading (a .zip is opened once)."""
        if not self.is_zip:
            for file in files:
                # Only opening raises here: reads and writes happen in the caller.
                try:
                    with Path(file.member).open("rb") as stream:
                        yield file, stream
                except OSError as err:
                    raise InvalidAnswer(_unreadable(self.answer, err)) from err
            return
        with zipfile.ZipFile(self.source) as archive:
            for file in files:
                with archive.open(file.member) as stream:
                    yield file, stream


@dataclass(frozen=True)
class _Entry:
    """A file or folder of the source, by the parts of its path from the top."""

    parts: tuple[str, ...]
    is_dir: bool
    member: str = ""


def image_dir_problem(
    image_dir: str | None, dataset: str | None = None, kind: str | None = None
) -> str:
    """Checks image_dir for kind=image with dataset=folder ("" when it is fine).

    For any other answers the question is not asked, and `mlscaffold new` refuses the
    answer as such.
    """
    known = get_kind(kind)
    if known is None or known.own_data is not IMAGE_FOLDER or dataset != FOLDER:
        return ""
    if not image_dir:
        return (
            "image_dir is required for dataset=folder; give a folder of images with one "
            "sub-folder per class, or a .zip of one"
        )
    path = Path(image_dir).expanduser()
    try:
        return _cached_problem(image_dir, _signature(path))
    except OSError as err:
        return _unreadable(image_dir, err)


def read_class_folders(image_dir: str) -> ClassFolders:
    """The class folders of `image_dir`; InvalidAnswer, with the message, when it has none."""
    path = Path(image_dir).expanduser()
    try:
        if not path.exists():
            raise InvalidAnswer(f"image folder {image_dir!r} does not exist; check the path")
        if path.is_dir():
            return _layout(image_dir, path, False, _folder_entries(path))
        if path.is_file() and (path.suffix.lower() == ".zip" or zipfile.is_zipfile(path)):
            return _layout(image_dir, path, True, _zip_entries(image_dir, path))
    except OSError as err:
        raise InvalidAnswer(_unreadable(image_dir, err)) from err
    raise InvalidAnswer(
        f"{image_dir!r} is neither a folder nor a .zip file; give a folder of images with "
        "one sub-folder per class, or a .zip of one"
    )


def bring_in_images(image_dir: str, raw: Path) -> str:
    """Copies the class folders into `raw`/images/ and writes `raw`/images.sha256.

    Returns the digest written (see `images_sha256`). A .zip is unpacked here, member
    by member, to the paths its checked layout gives: nothing lands outside images/.
    """
    folders = read_class_folders(image_dir)
    images = raw / IMAGES
    for label in folders.labels:
        (images / label).mkdir(parents=True, exist_ok=True)
    try:
        for file, stream in folders.opened(folders.files):
            with (images / file.label / file.name).open("wb") as copy:
                shutil.copyfileobj(stream, copy, _CHUNK)
    except zipfile.BadZipFile as err:
        raise InvalidAnswer(
            f".zip file {image_dir!r} is damaged ({err}); make the .zip again, or give the folder"
        ) from err
    digest = images_sha256(images)
    (raw / DIGEST_FILE).write_text(f"{digest}\n", encoding="utf-8")
    return digest


def images_sha256(images: Path) -> str:
    """The digest that pins a folder of class folders: the hex SHA-256 of its file list.

    The list has one line per file under `images`, at any depth, but for hidden ones (a
    part of the path starts with '.'), sorted by its path relative to `images` in POSIX
    form (`cat/001.png`) as Python sorts strings; each line is
    f"{relative_path}\\t{sha256_hex_of_the_file}\\n". The digest is
    `hashlib.sha256("".join(lines).encode("utf-8")).hexdigest()`. `mlscaffold new`
    writes it to data/raw/images.sha256 (the digest and a newline); the project's data
    step computes the same to verify its copy.
    """
    relatives = ((path.relative_to(images), path) for path in images.rglob("*") if path.is_file())
    files = sorted(
        (relative.as_posix(), path)
        for relative, path in relatives
        if not any(part.startswith(".") for part in relative.parts)
    )
    lines = "".join(f"{relative}\t{_file_sha256(path)}\n" for relative, path in files)
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _signature(path: Path) -> tuple[object, ...]:
    """What changes when the source does: a .zip's size and time, a folder's and its
    class folders' times (adding or removing an image changes its folder's)."""
    if not path.is_dir():
        return (_modified(path), path.stat().st_size) if path.is_file() else ()
    children = sorted((child.name, _modified(child)) for child in path.iterdir())
    return (_modified(path), *children)


def _modified(path: Path) -> int:
    try:
        return path.stat().st_mtime_ns
    except OSError:  # a broken link: whatever it is, the checks report it
        return 0


@lru_cache(maxsize=8)
def _cached_problem(image_dir: str, signature: tuple[object, ...]) -> str:
    """copier checks an answer more than once; opening the images takes a while."""
    try:
        return _small_classes_problem(read_class_folders(image_dir))
    except InvalidAnswer as err:
        return err.message


def _described(image_dir: str, is_zip: bool) -> str:
    return f".zip file {image_dir!r}" if is_zip else f"image folder {image_dir!r}"


def _unreadable(image_dir: str, err: OSError) -> str:
    reason = err.strerror or type(err).__name__
    what = f"{reason}: {err.filename}" if err.filename else reason
    return f"{image_dir!r} cannot be read ({what}); check its permissions"


def _is_ignored(name: str) -> bool:
    return name.startswith(".") or name == "__MACOSX"


def _folder_entries(root: Path) -> list[_Entry]:
    """The top two levels, which is all a class layout has (deeper is refused)."""
    entries: list[_Entry] = []
    for top in root.iterdir():
        if _is_ignored(top.name):
            continue
        if top.is_file():
            entries.append(_Entry((top.name,), False, str(top)))
        elif top.is_dir():
            entries.append(_Entry((top.name,), True))
            for inner in top.iterdir():
                if _is_ignored(inner.name):
                    continue
                if inner.is_dir():
                    entries.append(_Entry((top.name, inner.name), True))
                elif inner.is_file():
                    entries.append(_Entry((top.name, inner.name), False, str(inner)))
    return entries


def _zip_entries(image_dir: str, path: Path) -> list[_Entry]:
    """A .zip's members, checked before any is read: paths, count, size, compression."""
    where = _described(image_dir, True)
    try:
        with zipfile.ZipFile(path) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, zipfile.LargeZipFile) as err:
        raise InvalidAnswer(
            f"{image_dir!r} is not a readable .zip file ({err}); make the .zip again, "
            "or give the folder"
        ) from err
    if len(members) > MAX_ZIP_MEMBERS:
        raise InvalidAnswer(
            f"{where} holds {len(members):,} entries, more than the {MAX_ZIP_MEMBERS:,} "
            "mlscaffold unpacks; give the folder instead"
        )
    unpacked = sum(member.file_size for member in members)
    if unpacked > MAX_ZIP_BYTES:
        raise InvalidAnswer(
            f"{where} unpacks to {unpacked / 1024**3:.1f} GiB, more than the "
            f"{MAX_ZIP_BYTES // 1024**3} GiB mlscaffold unpacks; give the folder instead"
        )
    entries: dict[tuple[str, ...], _Entry] = {}
    for member in members:
        name = member.filename.replace("\\", "/")
        parts = tuple(part for part in name.split("/") if part not in ("", "."))
        if name.startswith("/") or _DRIVE.match(name) or ".." in parts:
            raise InvalidAnswer(
                f"{where} holds {member.filename!r}, a path outside the archive (absolute "
                "or with '..'); make the .zip again from inside the image folder"
            )
        if not parts or any(_is_ignored(part) for part in parts):
            continue
        if member.is_dir():
            entries[parts] = _Entry(parts, True)
            continue
        if member.flag_bits & 0x1:
            raise InvalidAnswer(
                f"{where} holds encrypted files ({member.filename!r}); make the .zip again "
                "without a password, or give the folder"
            )
        if member.compress_type not in _READABLE_COMPRESSIONS:
            raise InvalidAnswer(
                f"{where} holds {member.filename!r}, compressed in a way Python cannot read; "
                "make the .zip again with standard (deflate) compression, or give the folder"
            )
        entries[parts] = _Entry(parts, False, member.filename)  # a later duplicate wins
    return list(entries.values())


def _layout(image_dir: str, path: Path, is_zip: bool, entries: list[_Entry]) -> ClassFolders:
    """The class folders in `entries`, or InvalidAnswer saying why they are not that."""
    where = _described(image_dir, is_zip)
    if is_zip:
        entries = _unwrapped(entries)
    if not entries:
        raise InvalidAnswer(f"{where} is empty; {_LAYOUT_FIX}")
    loose = sorted(repr(e.parts[0]) for e in entries if not e.is_dir and len(e.parts) == 1)
    labels = sorted({e.parts[0] for e in entries if e.is_dir or len(e.parts) > 1})
    if loose and not labels:
        raise InvalidAnswer(
            f"{where} holds files but no class folders ({brief_list(loose, 3)}); {_LAYOUT_FIX}"
        )
    if loose:
        raise InvalidAnswer(
            f"{where} holds files beside its class folders ({brief_list(loose, 3)}); move "
            "each into its class's folder, or out of the image folder"
        )
    nested = sorted(e.parts for e in entries if len(e.parts) > 2 or (e.is_dir and len(e.parts) > 1))
    if nested:
        label, inner = nested[0][:2]
        raise InvalidAnswer(
            f"class folder {label!r} in {where} holds a folder ({inner!r}); put each class's "
            "images directly in its class folder"
        )
    if len(labels) == 1:
        raise InvalidAnswer(
            f"{where} has one class ({labels[0]!r}); a classifier needs at least 2, so add "
            "a sub-folder of images for each other class"
        )
    files = sorted(
        (ImageFile(e.parts[0], e.parts[1], e.member) for e in entries if not e.is_dir),
        key=lambda file: (file.label, file.name),
    )
    for name in (*labels, *(file.name for file in files)):
        try:
            name.encode("utf-8")
        except UnicodeEncodeError:
            raise InvalidAnswer(
                f"{where} holds a name that is not UTF-8 ({name!r}); rename it"
            ) from None
    return ClassFolders(image_dir, path, is_zip, tuple(labels), tuple(files))


def _unwrapped(entries: list[_Entry]) -> list[_Entry]:
    """The class folders of a .zip that holds them inside one top folder (as zipping a
    folder makes), else the entries as they are."""
    tops = {e.parts[0] for e in entries}
    wrapped = (
        len(tops) == 1
        and all(e.is_dir or len(e.parts) > 1 for e in entries)
        and any(len(e.parts) > 2 or (e.is_dir and len(e.parts) > 1) for e in entries)
    )
    if not wrapped:
        return entries
    return [_Entry(e.parts[1:], e.is_dir, e.member) for e in entries if len(e.parts) > 1]


def _small_classes_problem(folders: ClassFolders) -> str:
    """Classes with fewer than MIN_IMAGES_PER_CLASS images that open ("" when none)."""
    usable = {label: _count_usable(folders, label) for label in folders.labels}
    small = sorted(
        (item for item in usable.items() if item[1] < MIN_IMAGES_PER_CLASS),
        key=lambda item: (item[1], item[0]),
    )
    if len(small) == 1:
        label, count = small[0]
        return (
            f"class {label!r} of {folders.described} has {count} usable image(s), fewer "
            f"than {MIN_IMAGES_PER_CLASS}; add images (files Pillow opens) to its folder, "
            "or remove the folder"
        )
    if small:
        listed = brief_list([f"{label!r} ({count})" for label, count in small])
        return (
            f"classes of {folders.described} with fewer than {MIN_IMAGES_PER_CLASS} usable "
            f"images: {listed}; add images (files Pillow opens) to their folders, or remove "
            "the folders"
        )
    return ""


def _count_usable(folders: ClassFolders, label: str) -> int:
    """How many of the class's images open, counted up to MIN_IMAGES_PER_CLASS (enough)."""
    count = 0
    files = (file for file in folders.files if file.label == label)
    with closing(folders.opened(files)) as opened:
        for _, stream in opened:
            count += _opens_as_image(stream)
            if count >= MIN_IMAGES_PER_CLASS:
                break
    return count


def _opens_as_image(stream: IO[bytes]) -> bool:
    """Pillow opens it and `verify()` finds it whole."""
    from PIL import Image  # here: `mlscaffold --help` and `list` do without Pillow

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # e.g. a very large image: opening it is the test
            with Image.open(stream) as image:
                image.verify()
    except Exception:  # Pillow's decoders raise OSError, SyntaxError, ValueError, ...
        return False
    return True
