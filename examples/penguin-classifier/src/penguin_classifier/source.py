"""Where the raw data comes from: the Palmer penguins, shipped in the `palmerpenguins` package."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from palmerpenguins import load_penguins


@dataclass(frozen=True)
class RawData:
    """The data set as loaded, before any cleaning."""

    frame: pd.DataFrame
    source: str
    sha256: str


def load_raw(raw_dir: Path) -> RawData:
    """Load the penguins from the installed package: offline and always the same rows.

    `raw_dir` is where a CSV source would keep its file; nothing is read from it here.
    """
    frame = load_penguins()
    return RawData(frame=frame, source="palmerpenguins", sha256=_frame_sha256(frame))


def _frame_sha256(frame: pd.DataFrame) -> str:
    # Hash the CSV text so the value names the data itself, not how pandas holds it.
    return hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()
