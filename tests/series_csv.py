"""Messy time-series CSV files for forecast projects, built in tmp dirs."""

from __future__ import annotations

import csv
import math
import random
from collections.abc import Callable
from datetime import date
from pathlib import Path

COLUMNS = ("month", "sales", "promo")
Row = list[str]


def write_messy_series_csv(
    path: Path,
    months: int = 96,
    seed: int = 3,
    change: Callable[[list[Row]], list[Row]] | None = None,
) -> Path:
    """Monthly sales as they come: a seasonal trend, a known regressor (promo), a missing
    value, a gap of two months, one row exported twice, and rows out of order.

    `change` edits the rows (after the mess) to make a case the project must refuse.
    """
    rng = random.Random(seed)
    rows: list[Row] = []
    for i in range(months):
        year, month = 2016 + i // 12, i % 12 + 1
        value = 200 + 2 * i + 30 * math.sin(2 * math.pi * month / 12) + rng.gauss(0, 5)
        rows.append([date(year, month, 1).isoformat(), f"{value:.1f}", f"{rng.random():.2f}"])
    rows[40][1] = ""  # a missing value
    del rows[30:32]  # a gap
    rows.insert(11, list(rows[10]))  # the same row twice
    rows[50], rows[51] = rows[51], rows[50]  # out of order
    rows = change(rows) if change else rows
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        writer.writerows(rows)
    return path
