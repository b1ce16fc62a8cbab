"""`mlscaffold new` with kind=forecast: a messy series CSV is taken with the answers it
implies, and a series the project could not forecast is refused in one line before
anything is rendered."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from mlscaffold import validation
from mlscaffold.cli import main
from tests.conftest import CreateProject
from tests.series_csv import Row, write_messy_series_csv


def _run_new(dest: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", str(dest), "--defaults", *args])
    return result.exit_code, result.output


def _series(
    tmp_path: Path, *more: str, change: Callable[[list[Row]], list[Row]] | None = None
) -> list[str]:
    path = write_messy_series_csv(tmp_path / "sales.csv", change=change)
    return ["-d", "kind=forecast", "-d", "dataset=csv", "-d", f"csv_path={path}", *more]


def _set(row: int, column: int, value: str) -> Callable[[list[Row]], list[Row]]:
    def change(rows: list[Row]) -> list[Row]:
        rows[row][column] = value
        return rows

    return change


def _clash(rows: list[Row]) -> list[Row]:
    return [*rows, [rows[20][0], "999.0", "0.5"]]  # the same month, another value


# case: (arguments, made from tmp_path, and the words the one line must hold)
CASES = {
    "horizon 0": (
        lambda t: _series(t, "-d", "horizon=0"),
        "horizon 0 is not a number of steps ahead; give 1 or more",
    ),
    "horizon below 0": (
        lambda t: ["-d", "kind=forecast", "-d", "horizon=-2"],
        "horizon -2 is not a number of steps ahead",
    ),
    "horizon not a number": (
        lambda t: ["-d", "kind=forecast", "-d", "horizon=soon"],
        "horizon 'soon' is not a whole number",
    ),
    "date_column not a column": (
        lambda t: _series(t, "-d", "date_column=when"),
        "date_column 'when' is not a column of the CSV; choose one of: month, sales, promo",
    ),
    "date_column not dates": (
        lambda t: _series(t, "-d", "date_column=promo"),
        "date_column 'promo' cannot be read: '0.",
    ),
    "an unparseable date": (
        lambda t: _series(t, change=_set(5, 0, "sometime in May")),
        "date_column 'month' cannot be read: 'sometime in May' is not a date; use ISO 8601",
    ),
    "mixed date formats": (
        lambda t: _series(t, change=_set(5, 0, "01/06/2016")),
        "date_column 'month' cannot be read: its dates mix formats",
    ),
    "a missing date": (
        lambda t: _series(t, change=_set(5, 0, "")),
        "date_column 'month' is empty in 1 row(s)",
    ),
    "non-numeric target": (
        lambda t: _series(t, "-d", "target=sales", change=_set(7, 1, "lots")),
        "target 'sales' is not numeric (e.g. 'lots'); kind=forecast forecasts numbers",
    ),
    "no numeric column to forecast": (
        lambda t: _series(t, change=lambda rows: _set(7, 2, "some")(_set(7, 1, "lots")(rows))),
        "the CSV has no numeric column besides 'month' to forecast (sales, promo); "
        "give target=COLUMN",
    ),
    "target is the dates": (
        lambda t: _series(t, "-d", "target=month"), "target 'month' is the date column"
    ),
    "conflicting duplicated timestamps": (
        lambda t: _series(t, change=_clash),
        "timestamp 2017-08-01 appears twice with different sales values",
    ),
    "too few points for the horizon": (
        lambda t: _series(t, "-d", "horizon=24"),
        "the series has 94 monthly points; a horizon of 24 needs at least 120",
    ),
    "built-in too short for the horizon": (
        lambda t: ["-d", "kind=forecast", "-d", "horizon=200"],
        "the series has 526 monthly points; a horizon of 200 needs at least 824",
    ),
    "date_column with kind=tabular": (
        lambda t: ["-d", "date_column=month"],
        "date_column is an answer for kind=forecast and dataset=csv",
    ),
    "tabular model for kind=forecast": (
        lambda t: ["-d", "kind=forecast", "-d", "model=random_forest"],
        "model 'random_forest' is not a model for kind=forecast; "
        "choose one of: auto, ets, gradient_boosting",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_a_series_that_cannot_be_forecast_exits_2_in_one_line_and_leaves_nothing(
    tmp_path: Path, case: str
) -> None:
    make_args, message = CASES[case]
    out = tmp_path / "out"
    out.mkdir()
    code, output = _run_new(out / "demo", *make_args(tmp_path))
    assert code == 2, output
    assert output.strip().count("\n") == 0, output
    assert output.startswith(f"mlscaffold: error: {message}"), output
    assert list(out.iterdir()) == []  # neither DEST nor a staging directory beside it


def test_a_messy_series_renders_with_the_answers_it_implies(
    new_project: CreateProject, tmp_path: Path
) -> None:
    """Repairable mess (a gap, a missing value, a repeated row, rows out of order) is
    the data step's to note: `new` takes the CSV, finds the dates, the series and the
    frequency's horizon."""
    csv_path = write_messy_series_csv(tmp_path / "sales.csv")
    result = new_project("sales", kind="forecast", dataset="csv", csv_path=str(csv_path))
    assert (result.answers["date_column"], result.answers["target"]) == ("month", "sales")
    assert result.answers["horizon"] == 12
    package = str(result.answers["package_name"])
    config = (result.destination / "src" / package / "config.py").read_text(encoding="utf-8")
    assert 'DATE_COLUMN: Final = "month"' in config
    assert "HORIZON: Final = 12" in config
    assert (result.destination / "data" / "raw" / "sales.csv").is_file()


@pytest.mark.parametrize(
    ("frequency", "dates", "horizon"),
    [
        ("hourly", [f"2024-01-01 {h:02d}:00" for h in range(24)], 24),
        ("daily", [f"2024-01-{d:02d}" for d in range(1, 29)], 14),
        ("weekly", [(date(2024, 1, 1) + timedelta(weeks=w)).isoformat() for w in range(26)], 13),
        ("quarterly", [f"{y}-{m:02d}-01" for y in range(2015, 2021) for m in (1, 4, 7, 10)], 8),
        ("yearly", [f"{y}-01-01" for y in range(1990, 2020)], 5),
    ],
)
def test_the_default_horizon_follows_the_inferred_frequency(
    tmp_path: Path, frequency: str, dates: list[str], horizon: int
) -> None:
    path = tmp_path / f"{frequency}.csv"
    rows = [f"{stamp},{i}" for i, stamp in enumerate(dates)]
    path.write_text("when,value\n" + "\n".join(rows) + "\n", encoding="utf-8")
    assert validation.default_date_column("csv", "forecast", str(path)) == "when"
    assert validation.default_horizon("csv", "forecast", str(path), "when") == horizon
