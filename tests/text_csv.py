"""Messy CSV files for text projects, built in tmp dirs."""

from __future__ import annotations

import csv
import random
from collections.abc import Mapping
from pathlib import Path

COLUMNS = ("review_id", "posted", "channel", "stars", "review", "sentiment")
PRAISE = ("a warm, funny film", "sharp writing and a great cast", "moving from start to end")
SCORN = ("a dull mess", "two hours I will not get back", "flat jokes and a silly plot")


def write_messy_text_csv(
    path: Path, rows: int = 80, seed: int = 5, extra_classes: Mapping[str, int] | None = None
) -> Path:
    """Reviews as they come: an ID, a date, a channel (a category), stars (numbers), the
    text (some empty, some duplicated) and the label (some missing, last).

    `extra_classes` adds rows of further labels, e.g. {"mixed": 3} for a class too
    small to learn.
    """
    rng = random.Random(seed)
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(COLUMNS)
        previous = ""
        labels = [rng.choice(("positive", "negative")) for _ in range(rows)]
        for label, count in (extra_classes or {}).items():
            labels += [label] * count
        for i, label in enumerate(labels):
            words = PRAISE if label == "positive" else SCORN
            text = f"{rng.choice(words)}, said viewer {i}"
            if i % 10 == 9:
                text = previous  # a duplicate, as scraped data has
            elif i % 17 == 0:
                text = ""
            previous = text
            writer.writerow(
                [
                    1000 + i,
                    f"2024-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
                    rng.choice(("web", "app", "store")),
                    rng.randint(1, 5),
                    text,
                    "" if i % 23 == 5 else label,
                ]
            )
    return path


def write_csv(path: Path, header: tuple[str, ...], rows: list[tuple[object, ...]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(header)
        writer.writerows(rows)
    return path
