"""Where the raw data comes from: the Mauna Loa CO2 readings shipped in `statsmodels`.

statsmodels ships 2,284 weekly readings (1958-03 to 2001-12, in the public domain), 59
of them missing. The project forecasts the monthly mean, so the weeks are averaged per
calendar month here; a month without a reading stays missing, for the data step to see.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from statsmodels.datasets import co2

from .config import DATE_COLUMN, TARGET


@dataclass(frozen=True)
class RawData:
    """The series as loaded, before any cleaning."""

    frame: pd.DataFrame
    source: str
    sha256: str


def load_raw(raw_dir: Path) -> RawData:
    """The monthly means of the weekly readings; offline and always the same.

    `raw_dir` is where a CSV source would keep its file; nothing is read from it here.
    """
    weekly = co2.load_pandas().data["co2"]
    monthly = weekly.resample("MS").mean()
    frame = pd.DataFrame({DATE_COLUMN: monthly.index.strftime("%Y-%m-%d"), TARGET: monthly})
    frame = frame.reset_index(drop=True)
    return RawData(frame=frame, source="statsmodels co2", sha256=_frame_sha256(frame))


def _frame_sha256(frame: pd.DataFrame) -> str:
    # Hash the CSV text so the value names the data itself, not how pandas holds it.
    return hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()
