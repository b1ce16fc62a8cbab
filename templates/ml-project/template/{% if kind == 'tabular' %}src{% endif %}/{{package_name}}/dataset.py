"""The data step: load raw data, clean it (noting every change), validate, split, save.

Real CSV files carry columns that only look useful: row ids, constants, free text,
dates as strings. Cleaning removes or reshapes them and says so in
data/processed/cleaning.json, so nothing disappears silently.
"""

from __future__ import annotations

import json
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from sklearn.model_selection import train_test_split

from .config import PATHS, SEED, TARGET, TASK, TEST_SIZE, Paths
from .errors import DataError
from .results import Note
from .schema import NUMERIC_DTYPES, column_dtype
from .source import load_raw

MIN_ROWS = 20
# One-hot encoding more distinct values than this (when they are also more than 5% of
# the rows) gives the model mostly noise; such columns are free text, not categories.
MAX_CATEGORIES = 50
# Text that starts like 2024-03-01, 01/03/2024 or 2024.03.01.
DATE_PATTERN = re.compile(r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}")
# Tried in order. Day-first comes before month-first, as most of the world writes
# dates; a month-first column fails it on its first day above 12 and falls through.
DATE_FORMATS = ("ISO8601", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%d-%m-%Y", "mixed")
ID_NAME_PATTERN = re.compile(r"(^|[^a-z])id$|Id$|ID$|^index$|^Unnamed: \d+$")


@dataclass(frozen=True)
class CleanData:
    frame: pd.DataFrame
    dropped: list[Note] = field(default_factory=list)


@dataclass(frozen=True)
class DataReport:
    """What the data step did; saved as data/processed/cleaning.json."""

    source: str
    data_sha256: str
    n_raw_rows: int
    n_rows: int
    n_train: int
    n_test: int
    feature_dtypes: dict[str, str]
    dropped: list[Note]

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> DataReport:
        if not path.exists():
            raise DataError(f"{path} is missing; run the data step first (make data)")
        return cls(**json.loads(path.read_text()))


def prepare_data(paths: Paths = PATHS) -> DataReport:
    """Load, clean, validate and split the data; write train.csv, test.csv, cleaning.json."""
    raw = load_raw(paths.raw_dir)
    cleaned = clean(raw.frame, target=TARGET, task=TASK)
    validate(cleaned.frame, target=TARGET, task=TASK)
    train, test = split(cleaned.frame, target=TARGET, task=TASK, seed=SEED)

    paths.processed_dir.mkdir(parents=True, exist_ok=True)
    train.to_csv(paths.train_csv, index=False)
    test.to_csv(paths.test_csv, index=False)
    features = cleaned.frame.drop(columns=TARGET)
    report = DataReport(
        source=raw.source,
        data_sha256=raw.sha256,
        n_raw_rows=len(raw.frame),
        n_rows=len(cleaned.frame),
        n_train=len(train),
        n_test=len(test),
        feature_dtypes={str(name): column_dtype(features[name]) for name in features.columns},
        dropped=cleaned.dropped,
    )
    report.save(paths.cleaning_report)
    return report


def read_split(path: Path, report: DataReport) -> pd.DataFrame:
    """Read train.csv or test.csv with the dtypes the data step saw.

    Without them pandas re-guesses per file: a text column whose training rows happen
    to hold only digits would turn numeric in one split and stay text in the other.
    """
    if not path.exists():
        raise DataError(f"{path} is missing; run the data step first (make data)")
    dtypes: dict[str, Any] = {
        name: "float64" if dtype in NUMERIC_DTYPES else object
        for name, dtype in report.feature_dtypes.items()
    }
    dtypes[TARGET] = object if TASK == "classification" else "float64"
    return pd.read_csv(path, dtype=dtypes, usecols=[*report.feature_dtypes, TARGET])


def clean(frame: pd.DataFrame, *, target: str, task: str) -> CleanData:
    """Drop rows without a target and columns that cannot help; expand dates."""
    if target not in frame.columns:
        raise DataError(
            f"target column {target!r} not found; columns: {', '.join(map(str, frame))}"
        )
    notes: list[Note] = []
    missing_target = frame[target].isna()
    if missing_target.any():
        notes.append({"rows": int(missing_target.sum()), "reason": f"missing target {target!r}"})
    frame = frame.loc[~missing_target].reset_index(drop=True)
    frame[target] = _clean_target(frame[target], target=target, task=task)

    for name in [column for column in frame.columns if column != target]:
        dates = _parse_dates(frame[name])
        if dates is not None:
            parts = _date_parts(str(name), dates)
            frame = frame.drop(columns=name).assign(**parts)
            notes.append({"column": str(name), "reason": f"date; replaced by {', '.join(parts)}"})

    for name in [column for column in frame.columns if column != target]:
        reason = _drop_reason(frame[name])
        if reason:
            frame = frame.drop(columns=name)
            notes.append({"column": str(name), "reason": reason})
    return CleanData(frame=frame, dropped=notes)


def validate(frame: pd.DataFrame, *, target: str, task: str) -> None:
    """Raise DataError, in one line, if the cleaned data cannot train and test a model."""
    if len(frame) < MIN_ROWS:
        raise DataError(f"{len(frame)} rows have a target; at least {MIN_ROWS} are needed")
    if frame.shape[1] < 2:
        raise DataError("no feature column is left after cleaning; see the notes in cleaning.json")
    if task == "regression":
        if frame[target].nunique() < 2:
            raise DataError(f"target {target!r} is constant; there is nothing to predict")
        return
    counts = frame[target].value_counts()
    if len(counts) < 2:
        raise DataError(
            f"target {target!r} has a single class {counts.index[0]!r}; need at least 2"
        )
    if counts.min() < 2:
        raise DataError(
            f"class {counts.idxmin()!r} of {target!r} has 1 row; a stratified split needs "
            "at least 2 per class (merge it into another class or drop it)"
        )


def split(
    frame: pd.DataFrame, *, target: str, task: str, seed: int
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hold out TEST_SIZE of the rows; stratified, so rare classes appear in both parts."""
    stratify = frame[target] if task == "classification" else None
    try:
        train, test = train_test_split(
            frame, test_size=TEST_SIZE, random_state=seed, stratify=stratify
        )
    except ValueError as err:  # e.g. more classes than test rows
        raise DataError(f"cannot split the data into train and test: {err}") from err
    return train.reset_index(drop=True), test.reset_index(drop=True)


def _clean_target(column: pd.Series, *, target: str, task: str) -> pd.Series:
    if task == "regression":
        numbers = pd.to_numeric(column, errors="coerce")
        if numbers.isna().any():
            example = column[numbers.isna()].iloc[0]
            raise DataError(
                f"target {target!r} has non-numeric values such as {example!r}; "
                "use task=classification or fix the data"
            )
        return numbers.astype("float64")
    # Class labels are text. Whole numbers read as floats (1.0, because of a missing
    # value elsewhere in the column) become "1", not "1.0".
    if pd.api.types.is_numeric_dtype(column) and (column == column.round()).all():
        column = column.astype("int64")
    return column.astype(str).astype(object)


def _parse_dates(column: pd.Series) -> pd.Series | None:
    """The column as datetimes if (nearly) all its values are dates written as text."""
    if pd.api.types.is_numeric_dtype(column) or pd.api.types.is_bool_dtype(column):
        return None
    text = column.dropna().astype(str)
    if text.empty or text.str.match(DATE_PATTERN).mean() < 0.9:
        return None
    # One format for the whole column, tried in turn: guessing per value would read
    # 03/04 as March in one row and April in the next.
    for date_format in DATE_FORMATS:
        dates = pd.to_datetime(column, errors="coerce", format=date_format, utc=True)
        if dates.notna().sum() >= 0.9 * len(text):
            return dates
    return None


def _date_parts(name: str, dates: pd.Series) -> dict[str, pd.Series]:
    # A model cannot use a timestamp as such, but it can use the season and weekday
    # patterns hidden in one, and the year for trends.
    return {
        f"{name}_year": dates.dt.year.astype("float64"),
        f"{name}_month": dates.dt.month.astype("float64"),
        f"{name}_day_of_week": dates.dt.day_of_week.astype("float64"),
    }


def _drop_reason(column: pd.Series) -> str | None:
    """Why a feature column cannot help a model, or None if it can."""
    values = column.dropna()
    n_distinct = values.nunique()
    if n_distinct == 0:
        return "empty (no values)"
    if n_distinct == 1:
        only = values.iloc[0]
        if isinstance(only, np.generic):  # np.float64(2023.0) would leak into the reports
            only = only.item()
        return f"constant (only {only!r})"
    numeric = pd.api.types.is_numeric_dtype(column) and not pd.api.types.is_bool_dtype(column)
    unique_per_row = n_distinct == len(column)
    if not numeric and unique_per_row:
        return "unique text per row (an identifier or free text)"
    if numeric and unique_per_row and _looks_like_id(column):
        return "identifier (a distinct whole number per row)"
    if not numeric and n_distinct > MAX_CATEGORIES and n_distinct > 0.05 * len(column):
        return f"high-cardinality text ({n_distinct} distinct values)"
    return None


def _looks_like_id(column: pd.Series) -> bool:
    # Distinct whole numbers are an id when named like one or when they count rows
    # (1, 2, 3, ...); distinct measurements such as prices are kept.
    if not (column == column.round()).all():
        return False
    steps = column.sort_values().diff().dropna()
    return bool(ID_NAME_PATTERN.search(str(column.name))) or bool((steps == 1).all())
