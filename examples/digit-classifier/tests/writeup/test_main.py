"""`python -m writeup`: every command has help with an example, and errors are one line."""

from __future__ import annotations

import pytest

from writeup.__main__ import build_parser, main

COMMANDS = ["report", "bench", "screenshot", "site", "notebook"]


def test_the_help_lists_every_command() -> None:
    listed = build_parser().format_help()

    for command in COMMANDS:
        assert f"\n    {command}" in listed, command


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(
    command: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exit_info:
        main([command, "--help"])

    assert exit_info.value.code == 0
    assert f"Example:\n  python -m writeup {command}" in capsys.readouterr().out


def test_a_bench_of_too_few_requests_is_one_line_and_exit_1(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["bench", "--requests", "1"]) == 1

    assert capsys.readouterr().err == "error: measure at least 2 requests\n"
