"""Where the raw data comes from: scikit-learn's bundled diabetes data set."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from sklearn.datasets import load_diabetes

from .config import TARGET


@dataclass(frozen=True)
class RawData:
    """The data set as loaded, before any cleaning."""

    frame: pd.DataFrame
    source: str
    sha256: str


def load_raw(raw_dir: Path) -> RawData:
    """Load scikit-learn's copy of the data set: offline and always the same rows.

    `raw_dir` is where a CSV source would keep its file; nothing is read from it here.
    """
    # scaled=False keeps the measurements in their real units (years, kg/m², mm Hg),
    # so the API's example record reads like a real patient.
    bunch = load_diabetes(as_frame=True, scaled=False)
    frame = bunch.frame.rename(columns={"target": TARGET})
    frame.columns = [_snake_case(str(name)) for name in frame.columns]
    return RawData(frame=frame, source="scikit-learn diabetes", sha256=_frame_sha256(frame))


def _snake_case(name: str) -> str:
    # "sepal length (cm)" -> "sepal_length_cm": a name that works as a JSON key and in code.
    return re.sub(r"[^0-9a-zA-Z]+", "_", name).strip("_").lower()


def _frame_sha256(frame: pd.DataFrame) -> str:
    # Hash the CSV text so the value names the data itself, not how pandas holds it.
    return hashlib.sha256(frame.to_csv(index=False).encode()).hexdigest()
