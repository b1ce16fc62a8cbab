"""The test split as requests to the service, as it is or shifted.

The shift cuts every text to its first SHIFT_WORDS words, as a client that starts
sending titles or truncated snippets would: the texts stay valid requests, but
their lengths (the monitored features) and what the model can read in them change.
"""

from __future__ import annotations

from typing import Final

from ..config import TARGET, Paths
from ..dataset import TEXT, DataReport, read_split
from ..schema import TEXT_FIELD
from .request import Request

SHIFT_WORDS: Final = 3
SHIFT: Final = f"every text cut to its first {SHIFT_WORDS} words"


def test_requests(paths: Paths, *, shift: bool) -> list[Request]:
    """One request per test-split text, with its true label."""
    test = read_split(paths.test_csv, DataReport.load(paths.cleaning_report))
    texts = test[TEXT].tolist()
    if shift:
        texts = [" ".join(text.split()[:SHIFT_WORDS]) for text in texts]
    return [
        Request(json={TEXT_FIELD: text}, actual=str(label))
        for text, label in zip(texts, test[TARGET].tolist(), strict=True)
    ]
