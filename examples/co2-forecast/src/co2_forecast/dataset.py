"""Load the raw series, clean it into one value per regular timestamp, and say what was done.

Real series are messy. Each problem is either repaired, with a note in
data/processed/cleaning.json, or refused with a DataError that says why:

- a date that cannot be read, or dates in mixed formats: refused;
- a value that is not a number: refused; a missing value: interpolated (noted);
- the same timestamp twice: dropped when the values agree (noted), refused when not;
- rows out of order: sorted (noted);
- no regular frequency: refused; calendar dates inside their month (quarter, year):
  placed at its first day (noted);
- missing timestamps: filled by interpolation up to MAX_MISSING_SHARE (noted), refused
  beyond it;
- too few points for the horizon and the backtest folds: refused.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from .config import (
    BACKTEST_FOLDS,
    DATE_COLUMN,
    HORIZON,
    MAX_MISSING_SHARE,
    MIN_TRAIN_POINTS,
    PATHS,
    TARGET,
    Paths,
)
from .errors import DataError
from .frequency import MONTHS_PER_STEP, SEASON_LENGTHS, frequency_of_step
from .source import load_raw

# Tried in order when the dates are not ISO 8601; a file must use one throughout.
DATE_FORMATS = ("%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d", "%Y")
# The share of steps between timestamps that must be one frequency apart.
MIN_REGULAR_SHARE = 0.8
PANDAS_FREQUENCIES = {
    "hourly": "h", "daily": "D", "weekly": "7D", "monthly": "MS", "quarterly": "QS",
    "yearly": "YS",
}  # fmt: skip
# The calendar frequencies' pandas periods, and their names in the notes.
CALENDAR_PERIODS = {
    "monthly": ("M", "month"),
    "quarterly": ("Q", "quarter"),
    "yearly": ("Y", "year"),
}


@dataclass(frozen=True)
class SeriesReport:
    """What the data step did: written to data/processed/cleaning.json."""

    source: str
    sha256: str
    frequency: str
    season_length: int
    n_raw_rows: int
    n_points: int
    first_timestamp: str
    last_timestamp: str
    notes: list[dict[str, Any]] = field(default_factory=list)

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> SeriesReport:
        if not path.is_file():
            raise DataError(f"{path} is missing; run the data step first (make data)")
        return cls(**json.loads(path.read_text(encoding="utf-8")))


def min_points(horizon: int, season_length: int) -> int:
    """The backtest's folds, after a first training window of two seasons."""
    return horizon * BACKTEST_FOLDS + max(2 * season_length, MIN_TRAIN_POINTS)


def prepare_data(paths: Paths = PATHS) -> SeriesReport:
    """Clean the raw series and write data/processed/series.csv and cleaning.json."""
    raw = load_raw(paths.raw_dir)
    series, frequency, notes = clean_series(raw.frame)
    report = SeriesReport(
        source=raw.source,
        sha256=raw.sha256,
        frequency=frequency,
        season_length=SEASON_LENGTHS[frequency],
        n_raw_rows=len(raw.frame),
        n_points=len(series),
        first_timestamp=series.index[0].isoformat(),
        last_timestamp=series.index[-1].isoformat(),
        notes=notes,
    )
    paths.processed_dir.mkdir(parents=True, exist_ok=True)
    series.rename_axis(DATE_COLUMN).to_frame(TARGET).to_csv(paths.series_csv)
    report.save(paths.cleaning_report)
    return report


def load_series(paths: Paths = PATHS) -> tuple[pd.Series, SeriesReport]:
    """The cleaned series (indexed by timestamp) and the report of its cleaning."""
    report = SeriesReport.load(paths.cleaning_report)
    frame = pd.read_csv(paths.series_csv, parse_dates=[DATE_COLUMN], index_col=DATE_COLUMN)
    series = frame[TARGET].astype(float)
    series.index.freq = PANDAS_FREQUENCIES[report.frequency]
    return series, report


def clean_series(
    frame: pd.DataFrame, horizon: int = HORIZON
) -> tuple[pd.Series, str, list[dict[str, Any]]]:
    """One float per timestamp at a regular frequency, the frequency, and the notes."""
    notes: list[dict[str, Any]] = []
    frame = _drop_undated(frame, notes)
    dates = parse_dates(frame[DATE_COLUMN])
    values = _numeric_values(frame[TARGET])
    series = pd.Series(values.to_numpy(), index=pd.DatetimeIndex(dates), name=TARGET)
    if not series.index.is_monotonic_increasing:
        series = series.sort_index(kind="stable")
        notes.append({"problem": "rows out of order", "action": "sorted by timestamp"})
    series = _drop_duplicates(series, notes)
    frequency = infer_frequency(series.index)
    series = _on_regular_grid(series, frequency, notes)
    series = _filled(series, notes)
    needed = min_points(horizon, SEASON_LENGTHS[frequency])
    if len(series) < needed:
        raise DataError(
            f"the series has {len(series)} {frequency} points; a horizon of {horizon} needs "
            f"at least {needed} ({BACKTEST_FOLDS} backtest folds of {horizon} after two "
            "seasons of history): shorten HORIZON in config.py or give a longer series"
        )
    return series, frequency, notes


def _drop_undated(frame: pd.DataFrame, notes: list[dict[str, Any]]) -> pd.DataFrame:
    dates = frame[DATE_COLUMN].astype("string").str.strip()
    undated = dates.isna() | (dates == "")
    if undated.any():
        notes.append(
            {"problem": "no date", "rows": int(undated.sum()), "action": "dropped the rows"}
        )
    return frame.loc[~undated]


def parse_dates(column: pd.Series) -> pd.Series:
    """Timestamps from ISO 8601 or one other format used throughout; DataError otherwise."""
    text = column.astype("string").str.strip()
    for date_format in ("ISO8601", *DATE_FORMATS):
        try:
            # One series, one clock: timestamps with an offset are read as UTC, without it.
            parsed = pd.to_datetime(text, format=date_format, utc=True)
        except (ValueError, OverflowError):
            continue
        return parsed.dt.tz_localize(None)
    unreadable = [value for value in text if _unreadable(value)]
    if unreadable:
        raise DataError(
            f"{DATE_COLUMN} {unreadable[0]!r} is not a date; use ISO 8601 "
            "(2024-01-31 or 2024-01-31 13:00)"
        )
    raise DataError(
        f"{DATE_COLUMN} mixes date formats (e.g. {text.iloc[0]!r} and another); use one"
    )


def _unreadable(value: str) -> bool:
    for date_format in ("ISO8601", *DATE_FORMATS):
        try:
            pd.to_datetime(value, format=date_format)
        except (ValueError, OverflowError):
            continue
        return False
    return True


def _numeric_values(column: pd.Series) -> pd.Series:
    numbers = pd.to_numeric(column, errors="coerce")
    not_numbers = column[numbers.isna() & column.notna() & (column.astype("string") != "")]
    if len(not_numbers):
        raise DataError(
            f"{TARGET} holds {not_numbers.iloc[0]!r}, which is not a number; "
            "a forecast needs a numeric series"
        )
    return numbers.astype(float)


def _drop_duplicates(series: pd.Series, notes: list[dict[str, Any]]) -> pd.Series:
    repeated = series.index.duplicated(keep="first")
    if not repeated.any():
        return series
    spread = series.groupby(level=0).agg(lambda values: values.nunique(dropna=True))
    conflicting = spread[spread > 1]
    if len(conflicting):
        raise DataError(
            f"timestamp {conflicting.index[0]} appears more than once with different "
            f"{TARGET} values; keep one row per timestamp (or aggregate them) and rerun"
        )
    notes.append(
        {
            "problem": "duplicated timestamps",
            "rows": int(repeated.sum()),
            "action": "dropped the repeats (their values agree)",
        }
    )
    # Among agreeing repeats a missing value loses to a present one.
    return series.groupby(level=0).first()


def infer_frequency(index: pd.DatetimeIndex) -> str:
    """The frequency most steps between timestamps are; DataError when there is none."""
    steps = (index[1:] - index[:-1]).total_seconds() / 86400
    counts = Counter(frequency_of_step(float(days)) for days in steps)
    frequency, count = counts.most_common(1)[0] if counts else ("", 0)
    if not frequency or count < MIN_REGULAR_SHARE * len(steps):
        raise DataError(
            f"{DATE_COLUMN} has no regular frequency (hourly, daily, weekly, monthly, "
            "quarterly or yearly); aggregate the series to one first"
        )
    return frequency


def _on_regular_grid(series: pd.Series, frequency: str, notes: list[dict[str, Any]]) -> pd.Series:
    """Reindex on every step from the first timestamp to the last; missing ones are NaN."""
    index = series.index
    if frequency in MONTHS_PER_STEP:
        # A month (quarter, year) is one step however its dates fall inside it.
        period, name = CALENDAR_PERIODS[frequency]
        starts = index.to_period(period).to_timestamp(how="start")
        if not starts.equals(index):
            notes.append(
                {"problem": f"dates inside their {name}",
                 "action": f"placed at the first day of the {name}"}
            )  # fmt: skip
        if starts.has_duplicates:
            shared = starts[starts.duplicated()][0]
            raise DataError(
                f"two observations fall in the {name} of {shared:%Y-%m-%d}; "
                f"aggregate the series to one value per {name} first"
            )
        series = pd.Series(series.to_numpy(), index=starts, name=series.name)
    grid = pd.date_range(series.index[0], series.index[-1], freq=PANDAS_FREQUENCIES[frequency])
    if frequency not in MONTHS_PER_STEP:
        off_grid = series.index.difference(grid)
        if len(off_grid):
            raise DataError(
                f"timestamp {off_grid[0]} is off the {frequency} grid that starts at "
                f"{grid[0]}; give the series at one regular time of day"
            )
    return series.reindex(grid)


def _filled(series: pd.Series, notes: list[dict[str, Any]]) -> pd.Series:
    missing = series.isna()
    if not missing.any():
        return series
    if missing.mean() > MAX_MISSING_SHARE:
        raise DataError(
            f"{int(missing.sum())} of {len(series)} steps have no value "
            f"({missing.mean():.0%}); more than {MAX_MISSING_SHARE:.0%} missing is too much "
            "to fill in: give a more complete series"
        )
    # Missing at the ends: nothing to interpolate between, so the series starts later
    # (or ends earlier).
    first, last = series.first_valid_index(), series.last_valid_index()
    trimmed = int(missing.loc[:first].sum() + missing.loc[last:].sum())
    series = series.loc[first:last]
    if trimmed:
        notes.append({"problem": "missing values at the ends", "rows": trimmed,
                      "action": "dropped"})  # fmt: skip
    inside = int(series.isna().sum())
    if inside:
        notes.append(
            {"problem": "missing values or timestamps", "rows": inside,
             "action": "filled by linear interpolation"}
        )  # fmt: skip
    return series.interpolate(method="linear")
