"""The command line: help for every command, and predictions through the Predictor."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from penguin_classifier.__main__ import build_parser, main
from penguin_classifier.modeling.predict import Predictor

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


def test_predict_prints_the_predictor_output(
    predictor: Predictor,
    trained_model_path: Path,
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    record = predictor.metadata.example_record
    records_file = tmp_path / "records.json"
    records_file.write_text(json.dumps([record, record]))

    code = main(["predict", "--input", str(records_file), "--model", str(trained_model_path)])

    printed = json.loads(capsys.readouterr().out)
    expected = predictor.predict([record])[0]
    assert code == 0
    assert len(printed) == 2
    assert printed[0]["prediction"] == pytest.approx(expected.prediction)


def test_predict_reports_bad_json_without_a_traceback(
    trained_model_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    records_file = tmp_path / "records.json"
    records_file.write_text("{not json")

    code = main(["predict", "--input", str(records_file), "--model", str(trained_model_path)])

    assert code == 1
    assert capsys.readouterr().err.startswith("error: input is not valid JSON")
