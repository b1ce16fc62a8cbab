"""The command line: every command has help with an example; errors are one line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from co2_forecast.__main__ import build_parser, main


@pytest.mark.parametrize("command", ["data", "train", "evaluate", "forecast", "serve"])
def test_every_command_has_help_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit):
        build_parser().parse_args([command, "--help"])
    assert "Example:" in capsys.readouterr().out


def test_a_missing_model_is_one_line_not_a_traceback(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["forecast", "--model", f"{tmp_path}/missing.json"])
    assert status == 1
    assert capsys.readouterr().err.startswith("error: no trained model")


@pytest.mark.parametrize("horizon", ["0", "-1", "999"])
def test_a_horizon_outside_the_trained_one_is_one_line(
    trained_model_path: Path, horizon: str, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["forecast", "--model", str(trained_model_path), "--horizon", horizon])
    assert status == 1
    assert capsys.readouterr().err.startswith("error: horizon must be between 1 and ")


def test_forecast_prints_the_steps_asked_for(
    trained_model_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    status = main(["forecast", "--model", str(trained_model_path), "--horizon", "2"])
    assert status == 0
    steps = json.loads(capsys.readouterr().out)
    assert [sorted(step) for step in steps] == [["forecast", "lower", "timestamp", "upper"]] * 2
