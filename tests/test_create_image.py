"""kind=image with dataset=folder: the user's folder (or .zip) of images is checked at `new`,
refused in one line when it cannot be learnt, and copied into data/raw/images/ with the
digest the project's data step verifies."""

from __future__ import annotations

import hashlib
import struct
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from jinja2 import Environment

from mlscaffold import image_folder
from mlscaffold.cli import main
from mlscaffold.image_folder import bring_in_images, image_dir_problem, images_sha256
from mlscaffold.jinja_extension import AnswersExtension, accepting_recorded_answers
from tests.conftest import CreateProject
from tests.image_folders import (
    png_bytes,
    write_image_folder,
    write_png,
    zip_folder,
    zip_members,
)

PNG = png_bytes()


def _run_new(dest: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", str(dest), "--defaults", *args])
    return result.exit_code, result.output


def _folder_args(image_dir: Path | str | None) -> list[str]:
    given = [] if image_dir is None else ["-d", f"image_dir={image_dir}"]
    return ["-d", "kind=image", "-d", "dataset=folder", *given]


def _flat(t: Path) -> Path:
    for n in range(3):
        write_png(t / "flat" / f"{n:03d}.png")
    return t / "flat"


def _beside(t: Path) -> Path:
    folder = write_image_folder(t / "beside")
    (folder / "notes.txt").write_text("where these came from\n", encoding="utf-8")
    return folder


def _nested(t: Path) -> Path:
    folder = write_image_folder(t / "nested")
    write_png(folder / "cat" / "2019" / "old.png")
    return folder


def _empty(t: Path) -> Path:
    (t / "empty").mkdir()
    (t / "empty" / ".DS_Store").write_bytes(b"\0")
    return t / "empty"


def _not_a_zip(t: Path) -> Path:
    (t / "x.zip").write_bytes(b"PK, but no archive")
    return t / "x.zip"


def _too_big_zip(t: Path) -> Path:
    """A .zip whose directory says it unpacks to 3 GiB (a zip bomb says so, or lies)."""
    archive = zip_members(t / "big.zip", {"cat/0.png": PNG, "dog/0.png": PNG})
    data = bytearray(archive.read_bytes())
    at = data.index(b"PK\x01\x02")  # the central directory's first entry
    data[at + 24 : at + 28] = struct.pack("<I", 3 * 1024**3)  # its uncompressed size
    archive.write_bytes(bytes(data))
    return archive


def _encrypted_zip(t: Path) -> Path:
    """A .zip whose first member is marked as encrypted (zipfile cannot write one)."""
    archive = zip_members(t / "secret.zip", {"cat/0.png": PNG, "dog/0.png": PNG})
    data = bytearray(archive.read_bytes())
    at = data.index(b"PK\x01\x02")  # the central directory's first entry
    data[at + 8] |= 0x1  # its general purpose flags: bit 0, encrypted
    archive.write_bytes(bytes(data))
    return archive


# case: made from tmp_path, the arguments and the start of the one line
Case = Callable[[Path], tuple[list[str], str]]
FOLDER_FIX = "give a folder of images with one sub-folder per class, or a .zip of one"
CASES: dict[str, Case] = {
    "image_dir missing": lambda t: (
        _folder_args(None), f"image_dir is required for dataset=folder; {FOLDER_FIX}"
    ),
    "image_dir empty": lambda t: (
        _folder_args(""), f"image_dir is required for dataset=folder; {FOLDER_FIX}"
    ),
    "does not exist": lambda t: (
        _folder_args(t / "nope"), f"image folder '{t / 'nope'}' does not exist; check the path"
    ),
    "neither a folder nor a .zip": lambda t: (
        _folder_args(write_png(t / "one.png")),
        f"'{t / 'one.png'}' is neither a folder nor a .zip file; {FOLDER_FIX}",
    ),
    "empty folder": lambda t: (
        _folder_args(_empty(t)),
        f"image folder '{t / 'empty'}' is empty; put each class's images in a sub-folder "
        "named after the class",
    ),
    "images at the top, no class folders": lambda t: (
        _folder_args(_flat(t)),
        f"image folder '{t / 'flat'}' holds files but no class folders ('000.png', "
        "'001.png', '002.png'); put each class's images in a sub-folder named after the class",
    ),
    "a file beside the class folders": lambda t: (
        _folder_args(_beside(t)),
        f"image folder '{t / 'beside'}' holds files beside its class folders ('notes.txt'); "
        "move each into its class's folder, or out of the image folder",
    ),
    "a folder inside a class folder": lambda t: (
        _folder_args(_nested(t)),
        f"class folder 'cat' in image folder '{t / 'nested'}' holds a folder ('2019'); "
        "put each class's images directly in its class folder",
    ),
    "one class": lambda t: (
        _folder_args(write_image_folder(t / "one", {"cat": 12})),
        f"image folder '{t / 'one'}' has one class ('cat'); a classifier needs at least 2, "
        "so add a sub-folder of images for each other class",
    ),
    "a class with too few usable images": lambda t: (
        _folder_args(write_image_folder(t / "few", {"cat": 10, "dog": 3}, broken={"dog": 9})),
        f"class 'dog' of image folder '{t / 'few'}' has 3 usable image(s), fewer than 10; "
        "add images (files Pillow opens) to its folder, or remove the folder",
    ),
    "classes with too few usable images": lambda t: (
        _folder_args(write_image_folder(t / "few", {"cat": 10, "dog": 4, "owl": 0})),
        f"classes of image folder '{t / 'few'}' with fewer than 10 usable images: 'owl' (0), "
        "'dog' (4); add images (files Pillow opens) to their folders, or remove the folders",
    ),
    "not a readable .zip": lambda t: (
        _folder_args(_not_a_zip(t)),
        f"'{t / 'x.zip'}' is not a readable .zip file (File is not a zip file); make the .zip "
        "again, or give the folder",
    ),
    "a .zip member with '..'": lambda t: (
        _folder_args(zip_members(t / "evil.zip", {"cat/../../evil.png": PNG})),
        f".zip file '{t / 'evil.zip'}' holds 'cat/../../evil.png', a path outside the archive "
        "(absolute or with '..'); make the .zip again from inside the image folder",
    ),
    "a .zip member with an absolute path": lambda t: (
        _folder_args(zip_members(t / "evil.zip", {"cat/0.png": PNG, "C:/evil.png": PNG})),
        f".zip file '{t / 'evil.zip'}' holds 'C:/evil.png', a path outside the archive",
    ),
    "a .zip that unpacks to too much": lambda t: (
        _folder_args(_too_big_zip(t)),
        f".zip file '{t / 'big.zip'}' unpacks to 3.0 GiB, more than the 2 GiB mlscaffold "
        "unpacks; give the folder instead",
    ),
    "an encrypted .zip": lambda t: (
        _folder_args(_encrypted_zip(t)),
        f".zip file '{t / 'secret.zip'}' holds encrypted files ('cat/0.png'); make the .zip "
        "again without a password, or give the folder",
    ),
    "a .zip of one class in a top folder": lambda t: (
        _folder_args(zip_folder(write_image_folder(t / "one", {"cat": 12}), t / "one.zip",
                                top="one")),
        f".zip file '{t / 'one.zip'}' has one class ('cat')",
    ),
    "a .zip of one folder of images": lambda t: (
        _folder_args(zip_folder(_flat(t), t / "flat.zip", top="photos")),
        f".zip file '{t / 'flat.zip'}' has one class ('photos'); a classifier needs at least 2",
    ),
    "a .zip with too few usable images": lambda t: (
        _folder_args(zip_folder(write_image_folder(t / "few", {"cat": 10, "dog": 2}),
                                t / "few.zip", top="few")),
        f"class 'dog' of .zip file '{t / 'few.zip'}' has 2 usable image(s), fewer than 10",
    ),
    # Answers for another kind or data set: refused, never dropped.
    "image_dir with kind=tabular": lambda t: (
        ["-d", f"image_dir={write_image_folder(t / 'ok')}"],
        "image_dir is an answer for kind=image and dataset=folder; drop it or add "
        "-d kind=image -d dataset=folder",
    ),
    "image_dir with kind=text": lambda t: (
        ["-d", "kind=text", "-d", f"image_dir={write_image_folder(t / 'ok')}"],
        "image_dir is an answer for kind=image and dataset=folder; drop it or add "
        "-d kind=image -d dataset=folder",
    ),
    "image_dir with the built-in digits": lambda t: (
        ["-d", "kind=image", "-d", f"image_dir={write_image_folder(t / 'ok')}"],
        "image_dir is an answer for dataset=folder; drop it or add -d dataset=folder",
    ),
    "csv_path with kind=image": lambda t: (
        ["-d", "kind=image", "-d", f"csv_path={t / 'data.csv'}"],
        "csv_path is not an answer for kind=image; drop it (for your own folder of images, "
        "one sub-folder per class, or a .zip of one: -d dataset=folder -d image_dir=...)",
    ),
    "csv_path with kind=image and a folder": lambda t: (
        [*_folder_args(write_image_folder(t / "ok")), "-d", f"csv_path={t / 'data.csv'}"],
        "csv_path is not an answer for kind=image; drop it",
    ),
    "target with kind=image": lambda t: (
        ["-d", "kind=image", "-d", "target=species"],
        "target is not an answer for kind=image: the target is 'digit' for dataset=digits; "
        "drop it",
    ),
    "text_column with kind=image": lambda t: (
        ["-d", "kind=image", "-d", "text_column=review"],
        "text_column is an answer for kind=text and dataset=csv; drop it or add -d kind=text "
        "-d dataset=csv",
    ),
    "regression for kind=image": lambda t: (
        ["-d", "kind=image", "-d", "task=regression"],
        "kind=image does classification only, not regression; drop the task answer",
    ),
    "dataset=csv for kind=image": lambda t: (
        ["-d", "kind=image", "-d", "dataset=csv"],
        "data set 'csv' is for kind=tabular or kind=text or kind=forecast; for kind=image "
        "choose one of: digits, folder",
    ),
    "dataset=folder for kind=tabular": lambda t: (
        ["-d", "dataset=folder"],
        "data set 'folder' is for kind=image; for kind=tabular choose one of: penguins, iris, "
        "wine, breast_cancer, diabetes, csv",
    ),
    "digits for kind=text": lambda t: (
        ["-d", "kind=text", "-d", "dataset=digits"],
        "data set 'digits' is for kind=image; for kind=text choose one of: rotten_tomatoes, csv",
    ),
    "a tabular model for kind=image": lambda t: (
        ["-d", "kind=image", "-d", "model=random_forest"],
        "model 'random_forest' is not a model for kind=image; choose one of: auto, linear, "
        "cnn, transfer",
    ),
    "an image model for kind=tabular": lambda t: (
        ["-d", "model=cnn"], "model 'cnn' is not a model for kind=tabular"
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_image_answers_exit_2_with_one_line_and_leave_nothing(
    tmp_path: Path, case: str
) -> None:
    args, message = CASES[case](tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    code, output = _run_new(out / "demo", *args)
    assert code == 2, output
    assert output.strip().count("\n") == 0, output
    assert output.startswith(f"mlscaffold: error: {message}"), output
    assert "Traceback" not in output
    assert list(out.iterdir()) == []  # neither DEST nor a staging directory beside it


def test_too_many_zip_members_are_refused(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(image_folder, "MAX_ZIP_MEMBERS", 5)
    archive = zip_folder(write_image_folder(tmp_path / "many", mess=False), tmp_path / "m.zip")
    assert image_dir_problem(str(archive), "folder", "image") == (
        f".zip file '{archive}' holds 21 entries, more than the 5 mlscaffold unpacks; "
        "give the folder instead"
    )


def test_an_unreadable_folder_is_said_so(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = write_image_folder(tmp_path / "locked")
    listing = Path.iterdir

    def iterdir(path: Path) -> Iterator[Path]:
        if path == folder / "cat":  # as for a folder without read permission (root reads all)
            raise PermissionError(13, "Permission denied", str(path))
        return listing(path)

    monkeypatch.setattr(Path, "iterdir", iterdir)
    assert image_dir_problem(str(folder), "folder", "image") == (
        f"'{folder}' cannot be read (Permission denied: {folder / 'cat'}); check its permissions"
    )


# Good folders and archives: checked as fine, copied as they are, pinned by their digest.


def _good_sources(tmp_path: Path) -> dict[str, Path]:
    folder = write_image_folder(tmp_path / "pets", broken={"dog": 2})
    return {
        "folder": folder,
        "zip": zip_folder(folder, tmp_path / "pets.zip"),
        "zip with a top folder": zip_folder(folder, tmp_path / "wrapped.zip", top="pets"),
    }


EXPECTED_FILES = sorted(
    [f"cat/{n:03d}.png" for n in range(10)]
    + [f"dog/{n:03d}.png" for n in range(10)]
    + ["dog/bad-0.png", "dog/bad-1.png"]  # copied: the data step names and skips them
)


@pytest.mark.parametrize("source", ["folder", "zip", "zip with a top folder"])
def test_a_good_folder_or_zip_passes_the_check(tmp_path: Path, source: str) -> None:
    path = _good_sources(tmp_path)[source]
    assert image_dir_problem(str(path), "folder", "image") == ""


@pytest.mark.parametrize("source", ["folder", "zip", "zip with a top folder"])
def test_the_class_folders_are_copied_with_their_digest(tmp_path: Path, source: str) -> None:
    path = _good_sources(tmp_path)[source]
    raw = tmp_path / "project" / "data" / "raw"
    digest = bring_in_images(str(path), raw)
    images = raw / "images"
    copied = sorted(p.relative_to(images).as_posix() for p in images.rglob("*") if p.is_file())
    assert copied == EXPECTED_FILES  # hidden files, .thumbnails/ and __MACOSX/ left out
    original = tmp_path / "pets"
    for relative in copied:
        assert (images / relative).read_bytes() == (original / relative).read_bytes()
    assert (raw / "images.sha256").read_text(encoding="utf-8") == f"{digest}\n"
    assert digest == images_sha256(images) == _digest_by_hand(images)


def _digest_by_hand(images: Path) -> str:
    """The format as the project's data step reads it: sorted "<path>\\t<sha256>\\n" lines
    (no hidden file is copied, so every file is listed)."""
    lines = [
        f"{path.relative_to(images).as_posix()}\t{hashlib.sha256(path.read_bytes()).hexdigest()}\n"
        for path in images.rglob("*")
        if path.is_file()
    ]
    return hashlib.sha256("".join(sorted(lines)).encode("utf-8")).hexdigest()


def test_the_digest_is_of_the_sorted_list_of_paths_and_file_digests(tmp_path: Path) -> None:
    images = tmp_path / "images"
    (images / "b").mkdir(parents=True)
    (images / "a").mkdir()
    (images / "b" / "1.png").write_bytes(b"one")
    (images / "a" / "é.png").write_bytes(b"two")
    listing = (
        f"a/é.png\t{hashlib.sha256(b'two').hexdigest()}\n"
        f"b/1.png\t{hashlib.sha256(b'one').hexdigest()}\n"
    )
    assert images_sha256(images) == hashlib.sha256(listing.encode("utf-8")).hexdigest()
    (images / ".DS_Store").write_bytes(b"Finder")  # hidden: not part of the data
    (images / "a" / ".thumbnails").mkdir()
    (images / "a" / ".thumbnails" / "1.png").write_bytes(b"small")
    assert images_sha256(images) == hashlib.sha256(listing.encode("utf-8")).hexdigest()
    (images / "b" / "1.png").write_bytes(b"changed")
    assert images_sha256(images) != hashlib.sha256(listing.encode("utf-8")).hexdigest()


def test_the_check_sees_images_added_since_it_last_ran(tmp_path: Path) -> None:
    """copier asks again after a refusal: the user may have fixed the folder meanwhile."""
    folder = write_image_folder(tmp_path / "growing", {"cat": 10, "dog": 9})
    assert "has 9 usable image(s)" in image_dir_problem(str(folder), "folder", "image")
    write_png(folder / "dog" / "new.png")
    assert image_dir_problem(str(folder), "folder", "image") == ""


@pytest.mark.parametrize(
    ("dataset", "kind"), [("digits", "image"), ("penguins", "tabular"), ("csv", "text"),
                          ("folder", None), ("folder", "text")]
)  # fmt: skip
def test_image_dir_is_checked_only_for_an_image_folder(dataset: str, kind: str | None) -> None:
    """Elsewhere it is not asked, and `mlscaffold new` refuses it as such."""
    assert image_dir_problem("/no/such/folder", dataset, kind) == ""


def test_an_update_does_not_check_the_recorded_image_dir_again(tmp_path: Path) -> None:
    """The images are in data/raw/images/; the folder they came from may be gone."""
    gone = str(tmp_path / "gone")
    check = Environment(extensions=[AnswersExtension]).from_string(
        "{{ image_dir | image_dir_problem(dataset, kind) }}"
    )
    answers = {"image_dir": gone, "dataset": "folder", "kind": "image"}
    assert check.render(answers).startswith(f"image folder '{gone}' does not exist")
    with accepting_recorded_answers({"image_dir": gone}):
        assert check.render(answers) == ""
        elsewhere = str(tmp_path / "elsewhere")
        assert check.render({**answers, "image_dir": elsewhere}).startswith("image folder")


# `mlscaffold new` end to end. These render the whole template for kind=image.


@pytest.mark.parametrize("source", ["folder", "zip with a top folder"])
def test_new_copies_the_images_into_the_project(
    new_project: CreateProject, tmp_path: Path, source: str
) -> None:
    path = _good_sources(tmp_path)[source]
    result = new_project("shelter", kind="image", dataset="folder", image_dir=str(path))
    raw = result.destination / "data" / "raw"
    copied = sorted(p.relative_to(raw / "images").as_posix() for p in raw.rglob("*.png"))
    assert copied == EXPECTED_FILES
    digest = (raw / "images.sha256").read_text(encoding="utf-8")
    assert digest == f"{_digest_by_hand(raw / 'images')}\n"
    answers = yaml.safe_load((result.destination / ".copier-answers.yml").read_text("utf-8"))
    assert answers["image_dir"] == str(path)
    assert answers["description"] == "Classify images by their folder's label."
    assert "csv_path" not in answers and "target" not in answers  # not asked, not recorded
    assert not list(raw.glob("*.csv*"))


def test_new_on_digits_names_the_project_and_target(new_project: CreateProject) -> None:
    result = new_project("digits", kind="image")
    assert result.answers["project_name"] == "digit-classifier"
    assert result.answers["dataset"] == "digits"
    assert result.answers["model"] == "auto"
    assert "image_dir" not in result.answers
    assert not (result.destination / "data" / "raw" / "images").exists()
