"""The data step: load labelled texts, clean them (noting every change), validate, split, save.

Real text is messy, and each kind of mess is handled here and said in
data/processed/cleaning.json, so nothing disappears silently:
- bytes that are not UTF-8 (the source step reads them as U+FFFD) are counted;
- Unicode is put in one form (NFC) and runs of whitespace and control characters
  become one space, so the same words are the same text;
- rows without a label, and empty or whitespace-only texts, are dropped;
- duplicates (the same text once spacing and case are ignored) are kept once, and
  dropped altogether when their copies disagree on the label. Splitting after this
  means no text is in both train and test, which would flatter the scores;
- very long texts are kept, and counted: the transformer reads their first
  MAX_TOKENS word pieces, TF-IDF all of them.

With a GROUP_COLUMN (the film a review is about), the split keeps each group on one
side: reviews of one film share its names, and a model could learn those instead of
the task.
"""

from __future__ import annotations

import json
import re
import unicodedata
from dataclasses import asdict, dataclass, field
from pathlib import Path

import pandas as pd
from sklearn.model_selection import StratifiedGroupKFold, train_test_split

from .config import (
    GROUP_COLUMN,
    MAX_TOKENS,
    MIN_ROWS_PER_CLASS,
    PATHS,
    SEED,
    TARGET,
    TEST_SIZE,
    TEXT_COLUMN,
    Paths,
)
from .errors import DataError
from .modeling.pretrained import encoder_tokenizer
from .results import Note
from .source import load_raw

# The processed splits hold the cleaned text, its label and, with a GROUP_COLUMN, its group.
TEXT: str = "text"
MIN_ROWS = 20
# Unicode's control and format characters (zero-width spaces, BOMs, ...) and all whitespace.
INVISIBLE = re.compile(r"[\s\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff]+")
REPLACEMENT_CHARACTER = "\ufffd"


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
    n_truncated: int  # texts longer than the transformer reads
    dropped: list[Note]

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(asdict(self), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> DataReport:
        if not path.exists():
            raise DataError(f"{path} is missing; run the data step first (make data)")
        return cls(**json.loads(path.read_text()))


def prepare_data(paths: Paths = PATHS) -> DataReport:
    """Load, clean, validate and split the texts; write train.csv, test.csv, cleaning.json."""
    raw = load_raw(paths.raw_dir)
    cleaned = clean(raw.frame, text_column=TEXT_COLUMN, target=TARGET, group=GROUP_COLUMN)
    validate(cleaned.frame, target=TARGET)
    train, test = split(cleaned.frame, target=TARGET, seed=SEED, group=GROUP_COLUMN)

    n_truncated = count_truncated(cleaned.frame[TEXT].tolist())
    notes = list(cleaned.dropped)
    if n_truncated:
        notes.append(
            {
                "rows": n_truncated,
                "reason": f"kept; longer than the {MAX_TOKENS} word pieces the transformer "
                "reads (it sees their start, TF-IDF all of it)",
            }
        )
    paths.processed_dir.mkdir(parents=True, exist_ok=True)
    train.to_csv(paths.train_csv, index=False)
    test.to_csv(paths.test_csv, index=False)
    report = DataReport(
        source=raw.source,
        data_sha256=raw.sha256,
        n_raw_rows=len(raw.frame),
        n_rows=len(cleaned.frame),
        n_train=len(train),
        n_test=len(test),
        n_truncated=n_truncated,
        dropped=notes,
    )
    report.save(paths.cleaning_report)
    return report


def read_split(path: Path, report: DataReport) -> pd.DataFrame:
    """Read train.csv or test.csv: the text, the label and the group, all as text."""
    if not path.exists():
        raise DataError(f"{path} is missing; run the data step first (make data)")
    columns = [TEXT, TARGET, *([GROUP_COLUMN] if GROUP_COLUMN else [])]
    # keep_default_na=False: a review that reads "NA" or "null" is text, not a gap.
    return pd.read_csv(path, dtype=str, keep_default_na=False, usecols=columns)


def clean(
    frame: pd.DataFrame, *, text_column: str, target: str, group: str | None = None
) -> CleanData:
    """Normalise the texts; drop unlabelled, empty and duplicated ones, with a note each."""
    for column in (text_column, target, *([group] if group else [])):
        if column not in frame.columns:
            raise DataError(f"column {column!r} not found; columns: {', '.join(map(str, frame))}")
    notes: list[Note] = []
    texts = frame[text_column].astype("string")
    labels = frame[target].astype("string").str.strip()
    data = pd.DataFrame({TEXT: texts, target: labels})
    if group:
        data[group] = frame[group].astype("string").fillna("")

    undecodable = int(data[TEXT].str.contains(REPLACEMENT_CHARACTER, regex=False).sum())
    if undecodable:
        notes.append(
            {
                "rows": undecodable,
                "reason": "kept; held bytes that are not UTF-8, read as \ufffd",
            }
        )

    unlabelled = data[target].isna() | (data[target] == "")
    _note(notes, int(unlabelled.sum()), f"no {target!r} label")
    data = data.loc[~unlabelled]

    data[TEXT] = data[TEXT].map(normalize, na_action="ignore")
    empty = data[TEXT].isna() | (data[TEXT] == "")
    _note(notes, int(empty.sum()), "empty or only whitespace")
    data = data.loc[~empty]

    data, duplicate_notes = _drop_duplicates(data, target=target)
    notes.extend(duplicate_notes)
    return CleanData(frame=data.reset_index(drop=True).astype(str), dropped=notes)


def normalize(text: str) -> str:
    """One Unicode form (NFC), one space between words, no invisible characters."""
    return INVISIBLE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def validate(frame: pd.DataFrame, *, target: str) -> None:
    """Raise DataError, in one line, if the cleaned texts cannot train and test a model."""
    if len(frame) < MIN_ROWS:
        raise DataError(f"{len(frame)} texts are left after cleaning; at least {MIN_ROWS} needed")
    counts = frame[target].value_counts()
    if len(counts) < 2:
        raise DataError(f"{target!r} has a single class {counts.index[0]!r}; need at least 2")
    small = counts[counts < MIN_ROWS_PER_CLASS]
    if len(small):
        named = ", ".join(f"{label!r} ({count})" for label, count in small.items())
        raise DataError(
            f"classes with fewer than {MIN_ROWS_PER_CLASS} texts: {named}; "
            "merge them into other classes or drop them"
        )


def split(
    frame: pd.DataFrame, *, target: str, seed: int, group: str | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Hold out TEST_SIZE of the texts, stratified so that every class is in both parts.

    With `group`, whole groups are held out: one fold of a stratified group k-fold
    with 1 / TEST_SIZE folds, which keeps the classes' shares as near as groups allow.
    """
    if group is None:
        train, test = train_test_split(
            frame, test_size=TEST_SIZE, random_state=seed, stratify=frame[target]
        )
        return train.reset_index(drop=True), test.reset_index(drop=True)
    folds = StratifiedGroupKFold(n_splits=round(1 / TEST_SIZE), shuffle=True, random_state=seed)
    train_rows, test_rows = next(folds.split(frame, frame[target], groups=frame[group]))
    return (
        frame.iloc[train_rows].reset_index(drop=True),
        frame.iloc[test_rows].reset_index(drop=True),
    )


def count_truncated(texts: list[str]) -> int:
    """How many texts are longer than the MAX_TOKENS word pieces the transformer reads."""
    tokenizer = encoder_tokenizer()
    tokenizer.no_truncation()
    tokenizer.no_padding()
    return sum(len(encoding.ids) > MAX_TOKENS for encoding in tokenizer.encode_batch(texts))


def _drop_duplicates(data: pd.DataFrame, *, target: str) -> tuple[pd.DataFrame, list[Note]]:
    # Copies that differ only in case are one text to a reader and nearly one to
    # the models (both lowercase): keep the first, or none if the labels disagree.
    key = data[TEXT].str.casefold()
    labels_per_text = data.groupby(key)[target].transform("nunique")
    conflicting = labels_per_text > 1
    repeated = key.duplicated() & ~conflicting
    notes: list[Note] = []
    _note(notes, int(conflicting.sum()), "the same text with different labels")
    _note(notes, int(repeated.sum()), "duplicates of a text kept once")
    return data.loc[~conflicting & ~repeated], notes


def _note(notes: list[Note], rows: int, reason: str) -> None:
    if rows:
        notes.append({"rows": rows, "reason": reason})
