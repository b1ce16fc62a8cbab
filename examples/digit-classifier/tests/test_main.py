"""The command line: help for every command, and predictions through the Predictor."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from dataclasses import asdict
from pathlib import Path

import pytest
from PIL import Image

from digit_classifier.__main__ import build_parser, main
from digit_classifier.modeling.predict import Predictor

COMMANDS = ["data", "train", "evaluate", "predict", "serve", "monitor", "simulate"]


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])

    assert exit_info.value.code == 0
    assert "Example:" in capsys.readouterr().out


def test_parser_knows_every_command() -> None:
    help_text = build_parser().format_help()

    assert all(command in help_text for command in COMMANDS)


@pytest.fixture
def image_files(trained_model_path: Path, tmp_path: Path) -> list[Path]:
    """Two image files: the example PNG saved with the model, and a JPEG of another size."""
    example = tmp_path / "example.png"
    example.write_bytes(trained_model_path.with_name("example.png").read_bytes())
    photo = tmp_path / "photo.jpg"
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (200, 180, 40)).save(buffer, format="JPEG")
    photo.write_bytes(buffer.getvalue())
    return [example, photo]


def test_predict_prints_one_answer_per_image_file(
    predictor: Predictor,
    trained_model_path: Path,
    image_files: list[Path],
    capsys: pytest.CaptureFixture[str],
) -> None:
    code = main(["predict", *map(str, image_files), "--model", str(trained_model_path)])

    printed = json.loads(capsys.readouterr().out)
    expected = predictor.predict_files([path.read_bytes() for path in image_files])
    assert code == 0
    assert printed == [
        {"file": str(path), **asdict(prediction)}
        for path, prediction in zip(image_files, expected, strict=True)
    ]


def test_a_file_that_is_not_an_image_is_one_line_on_stderr_and_exit_1(
    trained_model_path: Path, image_files: list[Path], tmp_path: Path
) -> None:
    """Run as a program: nothing on stdout, so a script piping the JSON gets none of it."""
    notes = tmp_path / "notes.txt"
    notes.write_text("not an image")
    command = [sys.executable, "-m", "digit_classifier", "predict", str(image_files[0])]

    result = subprocess.run(
        [*command, str(notes), "--model", str(trained_model_path)], capture_output=True, text=True
    )

    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.startswith(f"error: {notes}: not an image")
    assert result.stderr.count("\n") == 1


def test_a_file_that_cannot_be_read_is_named(
    trained_model_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = tmp_path / "missing.png"

    code = main(["predict", str(missing), "--model", str(trained_model_path)])

    assert code == 1
    assert capsys.readouterr().err.startswith(f"error: {missing}: cannot be read")
