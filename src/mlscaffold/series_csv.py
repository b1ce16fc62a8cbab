"""A time series in a CSV file, as `mlscaffold new` checks it for kind=forecast.

Read with the standard library (pandas would cost `new` half a second to import): the
dates parsed, their spacing classified (hourly .. yearly), and the problems that the
generated project's data step would refuse found now, each as one line.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from datetime import datetime, timezone
from itertools import pairwise

# The date formats the generated project reads (its dataset.py, via pandas): ISO 8601
# first, then the few others that are unambiguous per file.
DATE_FORMATS = ("%Y-%m", "%Y/%m/%d", "%d/%m/%Y", "%m/%d/%Y", "%d.%m.%Y", "%Y%m%d", "%Y")
# A spacing, in days, and the frequency it means; months and years vary in length.
SPACINGS = (
    ("hourly", 1 / 24, 1 / 24),
    ("daily", 1, 1),
    ("weekly", 7, 7),
    ("monthly", 28, 31),
    ("quarterly", 89, 92),
    ("yearly", 365, 366),
)
# The share of consecutive dates that must be one frequency apart (the rest are gaps).
MIN_REGULAR_SHARE = 0.8


Parser = Callable[[str], datetime]


def parse_dates(values: list[str]) -> tuple[list[datetime], str] | str:
    """The dates and the one format they are all in, or why they cannot be read."""
    for name, parse in _parsers():
        parsed: list[datetime] = []
        for value in values:
            try:
                parsed.append(parse(value))
            except ValueError:
                break
        else:
            return parsed, name
    bad = next((v for v in values if not any(_parses(p, v) for _, p in _parsers())), None)
    if bad is None:
        return "its dates mix formats (e.g. 2024-01-31 and 31/01/2024); use one format"
    return f"{bad!r} is not a date; use ISO 8601 (2024-01-31 or 2024-01-31 13:00)"


def _parsers() -> list[tuple[str, Parser]]:
    def iso(value: str) -> datetime:
        # One series, one clock: UTC without its offset, as the project's data step reads it.
        moment = datetime.fromisoformat(value)
        return moment.astimezone(timezone.utc).replace(tzinfo=None) if moment.tzinfo else moment

    def fixed(fmt: str) -> Parser:
        return lambda value: datetime.strptime(value, fmt)

    return [("iso", iso), *((fmt, fixed(fmt)) for fmt in DATE_FORMATS)]


def _parses(parse: Parser, value: str) -> bool:
    try:
        parse(value)
    except ValueError:
        return False
    return True


def infer_frequency(dates: list[datetime]) -> str:
    """The frequency most consecutive distinct dates are apart ("" when none is)."""
    ordered = sorted(set(dates))
    steps = [(b - a).total_seconds() / 86400 for a, b in pairwise(ordered)]
    kinds = Counter(_spacing(step) for step in steps)
    if not kinds:
        return ""
    frequency, count = kinds.most_common(1)[0]
    return frequency if frequency and count >= MIN_REGULAR_SHARE * len(steps) else ""


def _spacing(days: float) -> str:
    for name, low, high in SPACINGS:
        if low - 1e-9 <= days <= high + 1e-9:
            return name
    return ""


def conflicting_duplicate(dates: list[datetime], values: list[str]) -> datetime | None:
    """The first date that appears twice with different values (identical rows are dropped)."""
    seen: dict[datetime, str] = {}
    for date, value in zip(dates, values, strict=True):
        if date in seen and seen[date] != value:
            return date
        seen.setdefault(date, value)
    return None
