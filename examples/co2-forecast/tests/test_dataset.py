"""The data step: a messy series is repaired with a note per problem, or refused."""

from __future__ import annotations

import pandas as pd
import pytest

from co2_forecast.config import DATE_COLUMN, TARGET
from co2_forecast.dataset import SeriesReport, clean_series, min_points
from co2_forecast.errors import DataError

HORIZON = 3


def monthly_frame(months: int = 60) -> pd.DataFrame:
    dates = pd.date_range("2015-01-01", periods=months, freq="MS")
    values = [100.0 + i + 10 * ((i % 12) < 6) for i in range(months)]
    return pd.DataFrame({DATE_COLUMN: dates.strftime("%Y-%m-%d"), TARGET: values})


def problems(notes: list[dict[str, object]]) -> set[object]:
    return {note["problem"] for note in notes}


def test_a_messy_series_is_repaired_and_each_repair_noted() -> None:
    """It sorts, drops agreeing duplicates, fills gaps and missing values, and says so."""
    frame = monthly_frame()
    frame.loc[5, TARGET] = None  # a missing value
    frame = frame.drop(index=[20, 21])  # a gap of two months
    frame = pd.concat([frame, frame.iloc[[10]]])  # the same row twice
    frame = frame.sample(frac=1.0, random_state=0)  # out of order
    frame.iloc[0, frame.columns.get_loc(DATE_COLUMN)] = None  # a row without a date

    series, frequency, notes = clean_series(frame, horizon=HORIZON)

    assert frequency == "monthly"
    assert len(series) == 60 - 1 or len(series) == 60  # the undated row may be an end
    assert series.index.is_monotonic_increasing
    assert series.notna().all()
    assert (series.index.to_series().diff().dropna().dt.days.between(28, 31)).all()
    assert {"no date", "rows out of order", "duplicated timestamps",
            "missing values or timestamps"} <= problems(notes)  # fmt: skip


def test_dates_inside_the_month_are_placed_at_its_start() -> None:
    frame = monthly_frame()
    frame[DATE_COLUMN] = pd.to_datetime(frame[DATE_COLUMN]) + pd.Timedelta(days=14)
    series, frequency, notes = clean_series(frame, horizon=HORIZON)
    assert frequency == "monthly"
    assert (series.index.day == 1).all()
    assert "dates inside their month" in problems(notes)


def test_conflicting_duplicates_are_refused() -> None:
    frame = monthly_frame()
    clash = frame.iloc[[7]].assign(**{TARGET: -1.0})
    with pytest.raises(DataError, match="more than once with different"):
        clean_series(pd.concat([frame, clash]), horizon=HORIZON)


def test_an_unreadable_date_is_refused_by_name() -> None:
    frame = monthly_frame()
    frame.loc[3, DATE_COLUMN] = "sometime in spring"
    with pytest.raises(DataError, match="'sometime in spring' is not a date"):
        clean_series(frame, horizon=HORIZON)


def test_a_non_numeric_value_is_refused() -> None:
    frame = monthly_frame().astype({TARGET: object})
    frame.loc[3, TARGET] = "twelve"
    with pytest.raises(DataError, match="not a number"):
        clean_series(frame, horizon=HORIZON)


def test_an_irregular_series_is_refused() -> None:
    days = (
        pd.to_datetime("2020-01-01")
        + pd.to_timedelta([0, 1, 3, 8, 9, 20, 21, 40, 41, 60] * 10, unit="D").unique()
    )
    frame = pd.DataFrame({DATE_COLUMN: days.strftime("%Y-%m-%d"), TARGET: range(len(days))})
    with pytest.raises(DataError, match="no regular frequency"):
        clean_series(frame, horizon=HORIZON)


def test_too_many_gaps_are_refused_rather_than_invented() -> None:
    frame = monthly_frame().iloc[::2]  # every other month missing
    with pytest.raises(DataError):
        clean_series(frame, horizon=HORIZON)


def test_a_series_too_short_for_the_horizon_and_folds_is_refused() -> None:
    needed = min_points(HORIZON, 12)
    with pytest.raises(DataError, match=f"needs at least {needed}"):
        clean_series(monthly_frame(needed - 1), horizon=HORIZON)


def test_the_data_step_states_the_frequency(data_report: SeriesReport) -> None:
    assert data_report.frequency in {"hourly", "daily", "weekly", "monthly", "quarterly", "yearly"}
    assert data_report.n_points >= min_points(1, data_report.season_length)


def test_timestamps_with_an_offset_are_read_as_utc() -> None:
    stamps = pd.date_range("2024-03-30", periods=120, freq="h", tz="Europe/Paris")
    frame = pd.DataFrame({DATE_COLUMN: stamps.strftime("%Y-%m-%dT%H:%M:%S%z"), TARGET: 1.0})
    series, frequency, notes = clean_series(frame, horizon=HORIZON)
    assert frequency == "hourly"
    assert series.index[0] == pd.Timestamp("2024-03-29 23:00")
    assert len(series) == 120  # the change to summer time is no gap in UTC
    assert notes == []
