"""The command line: help with examples, version, list, and one-line errors."""

from __future__ import annotations

import ast
import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlscaffold import __version__
from mlscaffold.cli import main, parse_data_pairs
from mlscaffold.errors import UsageError


def _all_commands() -> list[str]:
    return sorted(main.commands)


@pytest.mark.parametrize("command", _all_commands())
def test_every_command_has_help_with_an_example(command: str) -> None:
    result = CliRunner().invoke(main, [command, "--help"])
    assert result.exit_code == 0
    assert "Example" in result.output
    assert f"mlscaffold {command}" in result.output


def test_version() -> None:
    result = CliRunner().invoke(main, ["--version"])
    assert result.exit_code == 0
    assert __version__ in result.output


def test_list_shows_kinds_with_their_datasets_and_models_and_templates() -> None:
    result = CliRunner().invoke(main, ["list"])
    assert result.exit_code == 0
    tabular, rest = result.output.split("kind=tabular:\n")[1].split("kind=text:\n")
    text, rest = rest.split("kind=image:\n")
    image, forecast = rest.split("kind=forecast:\n")
    for key in ("penguins", "diabetes", "csv", "gradient_boosting"):
        assert f"    {key} " in tabular
    for key in ("rotten_tomatoes", "csv", "auto", "tfidf", "embedding"):
        assert f"    {key} " in text
    for key in ("digits", "folder", "auto", "linear", "cnn", "transfer"):
        assert f"    {key} " in image
    for key in ("co2", "elnino", "csv", "auto", "ets", "gradient_boosting"):
        assert f"    {key} " in forecast
    assert "tfidf" not in tabular and "penguins" not in text and "csv" not in image
    assert "digits" not in forecast
    assert "-d kind=text -d dataset=csv -d csv_path=... -d text_column=... -d target=..." in text
    assert "-d kind=image -d dataset=folder -d image_dir=...)" in image
    assert "-d kind=forecast -d dataset=csv -d csv_path=... -d date_column=..." in forecast
    assert result.output.startswith("Kinds (-d kind=...):\n  tabular ")
    assert "Templates:\n  ml-project " in result.output


def test_list_json_is_machine_readable() -> None:
    entries = json.loads(CliRunner().invoke(main, ["list", "--json"]).output)
    listed = {(entry["section"], entry["key"], entry["kind"]) for entry in entries}
    assert ("kind", "text", None) in listed
    assert ("dataset", "wine", "tabular") in listed
    assert ("dataset", "rotten_tomatoes", "text") in listed
    assert ("model", "auto", "tabular") in listed
    assert ("model", "embedding", "text") in listed
    assert ("kind", "image", None) in listed
    assert ("dataset", "folder", "image") in listed
    assert ("model", "cnn", "image") in listed
    assert ("template", "ml-project", None) in listed


def test_data_pairs_parse_and_keep_equals_in_values() -> None:
    assert parse_data_pairs(["dataset=csv", "csv_path=a=b.csv"]) == {
        "dataset": "csv",
        "csv_path": "a=b.csv",
    }


@pytest.mark.parametrize("pair", ["dataset", "=iris", " =x"])
def test_malformed_data_pair_is_a_usage_error(pair: str) -> None:
    with pytest.raises(UsageError, match="KEY=VALUE"):
        parse_data_pairs([pair])


def test_new_without_terminal_and_without_defaults_says_what_to_do(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["new", str(tmp_path / "p")], input="")
    assert result.exit_code == 2
    assert "--defaults" in result.output
    assert not (tmp_path / "p").exists()


def test_new_with_a_non_ascii_project_name_shows_its_ascii_package(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        main, ["new", str(tmp_path / "p"), "--defaults", "-d", "project_name=Análisis de precios"]
    )
    assert result.exit_code == 0, result.output
    assert "Created Análisis de precios in" in result.output
    assert "uv run python -m analisis_de_precios " in result.output


def test_new_in_an_unwritable_place_is_one_line_and_exit_2(tmp_path: Path) -> None:
    (tmp_path / "a-file").write_text("x", encoding="utf-8")
    result = CliRunner().invoke(main, ["new", str(tmp_path / "a-file" / "p"), "--defaults"])
    assert result.exit_code == 2
    assert result.output.startswith("mlscaffold: error: cannot create ")
    assert result.output.strip().count("\n") == 0


def test_unexpected_errors_are_one_line_without_traceback(monkeypatch: pytest.MonkeyPatch) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("boom")

    monkeypatch.setattr("mlscaffold.create.create_project", explode)
    result = CliRunner().invoke(main, ["new", "x", "--defaults"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert result.output.strip().count("\n") == 0
    assert "--debug" in result.output


def _imported_modules(source: str) -> set[str]:
    """The top-level modules a source file imports: `import x.y` and `from x.y import z`."""
    modules: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            modules.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            modules.add(node.module.split(".")[0])
    return modules


@pytest.mark.parametrize(
    "source", ["import click", "from click import echo", "from click.testing import CliRunner",
               "def f():\n    import click.core"],
)  # fmt: skip
def test_every_form_of_importing_click_is_seen(source: str) -> None:
    assert "click" in _imported_modules(source)


def test_cli_is_the_only_module_importing_click() -> None:
    package = Path(__file__).parents[1] / "src" / "mlscaffold"
    importers = sorted(
        path.relative_to(package).as_posix()
        for path in package.rglob("*.py")
        if "click" in _imported_modules(path.read_text(encoding="utf-8"))
    )
    assert importers == ["cli.py"]
