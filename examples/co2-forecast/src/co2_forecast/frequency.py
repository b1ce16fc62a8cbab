"""The frequencies a series may have, and the calendar arithmetic the service needs.

numpy and the standard library only: the service computes the timestamps it forecasts
for without pandas.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Final

# Each frequency's season in steps (what seasonal naive repeats) and its step in days,
# as the data step recognises it from the gaps between timestamps: months and years
# vary in length, so each has a range.
SEASON_LENGTHS: Final = {
    "hourly": 24, "daily": 7, "weekly": 52, "monthly": 12, "quarterly": 4, "yearly": 1,
}  # fmt: skip
STEP_DAYS: Final = {
    "hourly": (1 / 24, 1 / 24),
    "daily": (1.0, 1.0),
    "weekly": (7.0, 7.0),
    "monthly": (28.0, 31.0),
    "quarterly": (89.0, 92.0),
    "yearly": (365.0, 366.0),
}
# The months a step moves by, for the calendar frequencies (their timestamps are the
# first day of the period); the others move by a fixed time.
MONTHS_PER_STEP: Final = {"monthly": 1, "quarterly": 3, "yearly": 12}
FIXED_STEPS: Final = {
    "hourly": timedelta(hours=1),
    "daily": timedelta(days=1),
    "weekly": timedelta(weeks=1),
}


def frequency_of_step(days: float) -> str:
    """The frequency whose step is `days` long ("" when none is)."""
    for name, (low, high) in STEP_DAYS.items():
        if low - 1e-9 <= days <= high + 1e-9:
            return name
    return ""


def following_timestamps(last: datetime, frequency: str, steps: int) -> list[datetime]:
    """The `steps` timestamps after `last`, one step of `frequency` apart."""
    if frequency in MONTHS_PER_STEP:
        months = MONTHS_PER_STEP[frequency]
        return [_add_months(last, months * step) for step in range(1, steps + 1)]
    return [last + FIXED_STEPS[frequency] * step for step in range(1, steps + 1)]


def _add_months(moment: datetime, months: int) -> datetime:
    # Calendar frequencies are kept on the first day of their period, so day 1 is safe.
    index = moment.year * 12 + moment.month - 1 + months
    return moment.replace(year=index // 12, month=index % 12 + 1, day=1)
