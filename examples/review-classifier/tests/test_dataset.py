"""The data step: every kind of messy text is cleaned or dropped, and each change is noted."""

from __future__ import annotations

import pandas as pd
import pytest

from review_classifier.config import GROUP_COLUMN, MIN_ROWS_PER_CLASS, TARGET, TEXT_COLUMN
from review_classifier.dataset import (
    MIN_ROWS,
    TEXT,
    CleanData,
    DataReport,
    clean,
    normalize,
    split,
    validate,
)
from review_classifier.errors import DataError


def cleaned(texts: list[object], labels: list[object]) -> CleanData:
    frame = pd.DataFrame({TEXT_COLUMN: texts, TARGET: labels})
    return clean(frame, text_column=TEXT_COLUMN, target=TARGET)


def reasons(data: CleanData) -> dict[str, int]:
    return {note["reason"]: note["rows"] for note in data.dropped}


def labelled(counts: dict[str, int]) -> pd.DataFrame:
    """A cleaned frame with `counts[label]` distinct texts of each label."""
    rows = [(f"text {label} {i}", label) for label, n in counts.items() for i in range(n)]
    return pd.DataFrame(rows, columns=[TEXT, TARGET])


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("  a   film\t\nof  note ", "a film of note"),
        ("zero\u200bwidth\ufeffspaces", "zero width spaces"),
        ("cafe\u0301", "caf\u00e9"),  # e and a combining accent: one character
        ("line\u2028break\x00null", "line break null"),
    ],
)
def test_normalize_gives_one_form_and_single_spaces(raw: str, expected: str) -> None:
    assert normalize(raw) == expected


def test_clean_normalises_the_kept_texts() -> None:
    data = cleaned(["  Good\n\nfilm  "], [" fresh "])

    assert data.frame.to_dict("records") == [{TEXT: "Good film", TARGET: "fresh"}]
    assert data.dropped == []


def test_empty_and_whitespace_only_texts_are_dropped_with_a_note() -> None:
    data = cleaned(["fine", "", "   ", "\u200b\n", None], ["a", "a", "b", "b", "a"])

    assert data.frame[TEXT].tolist() == ["fine"]
    assert reasons(data) == {"empty or only whitespace": 4}


def test_unlabelled_rows_are_dropped_with_a_note() -> None:
    data = cleaned(["one", "two", "three"], ["a", None, "  "])

    assert data.frame[TEXT].tolist() == ["one"]
    assert reasons(data) == {f"no {TARGET!r} label": 2}


def test_duplicates_are_kept_once_ignoring_case_and_spacing() -> None:
    data = cleaned(
        ["A great film", "a  GREAT film", "A great film ", "another"], ["a", "a", "a", "b"]
    )

    assert data.frame[TEXT].tolist() == ["A great film", "another"]
    assert reasons(data) == {"duplicates of a text kept once": 2}


def test_copies_with_conflicting_labels_are_all_dropped() -> None:
    data = cleaned(["Fine.", "FINE.", "fine.", "kept"], ["a", "a", "b", "b"])

    assert data.frame[TEXT].tolist() == ["kept"]
    assert reasons(data) == {"the same text with different labels": 3}


def test_replacement_characters_are_counted_and_kept() -> None:
    data = cleaned(["caf\ufffd au lait", "plain", "two \ufffd\ufffd"], ["a", "b", "a"])

    assert len(data.frame) == 3
    assert reasons(data) == {"kept; held bytes that are not UTF-8, read as \ufffd": 2}


def test_a_missing_column_is_named() -> None:
    frame = pd.DataFrame({"body": ["x"], TARGET: ["a"]})

    with pytest.raises(DataError, match=f"column {TEXT_COLUMN!r} not found; columns: body"):
        clean(frame, text_column=TEXT_COLUMN, target=TARGET)


def test_a_single_class_is_rejected() -> None:
    with pytest.raises(DataError, match=r"has a single class 'fresh'; need at least 2"):
        validate(labelled({"fresh": MIN_ROWS}), target=TARGET)


def test_small_classes_are_named_with_their_counts() -> None:
    frame = labelled({"big": MIN_ROWS, "tiny": 3, "few": MIN_ROWS_PER_CLASS - 1})

    with pytest.raises(DataError) as raised:
        validate(frame, target=TARGET)

    message = str(raised.value)
    assert f"fewer than {MIN_ROWS_PER_CLASS} texts" in message
    assert "'tiny' (3)" in message
    assert f"'few' ({MIN_ROWS_PER_CLASS - 1})" in message
    assert "'big'" not in message


def test_too_few_texts_are_rejected() -> None:
    with pytest.raises(DataError, match=f"at least {MIN_ROWS} needed"):
        validate(labelled({"a": 5, "b": 5}), target=TARGET)


def test_enough_texts_of_every_class_pass() -> None:
    validate(labelled({"a": MIN_ROWS_PER_CLASS, "b": MIN_ROWS}), target=TARGET)


def test_no_text_is_in_both_train_and_test(
    train_split: pd.DataFrame, test_split: pd.DataFrame
) -> None:
    train = set(train_split[TEXT].str.casefold())
    test = set(test_split[TEXT].str.casefold())

    assert not train & test
    assert len(train) == len(train_split)
    assert len(test) == len(test_split)


def test_splits_hold_clean_labelled_texts(
    train_split: pd.DataFrame, test_split: pd.DataFrame
) -> None:
    both = pd.concat([train_split, test_split])

    assert list(both.columns) == [TEXT, TARGET, GROUP_COLUMN]
    assert (both[TEXT] == both[TEXT].map(normalize)).all()
    assert (both[TEXT] != "").all()
    assert set(train_split[TARGET]) == set(test_split[TARGET])


def test_report_counts_the_rows(data_report: DataReport) -> None:
    dropped = sum(
        note["rows"] for note in data_report.dropped if not note["reason"].startswith("kept;")
    )

    assert data_report.n_train + data_report.n_test == data_report.n_rows
    assert data_report.n_raw_rows - dropped == data_report.n_rows


def test_a_grouped_split_keeps_every_group_on_one_side() -> None:
    frame = pd.DataFrame(
        {
            TEXT: [f"review {i} of film {i % 12}" for i in range(120)],
            TARGET: ["fresh" if i % 2 else "rotten" for i in range(120)],
            "film": [f"film {i % 12}" for i in range(120)],
        }
    )

    train, test = split(frame, target=TARGET, seed=3, group="film")

    assert set(train["film"]).isdisjoint(test["film"])
    assert len(train) + len(test) == len(frame)
    assert set(test[TARGET]) == {"fresh", "rotten"}


def test_no_film_is_reviewed_in_both_train_and_test(
    train_split: pd.DataFrame, test_split: pd.DataFrame
) -> None:
    assert GROUP_COLUMN is not None
    assert set(train_split[GROUP_COLUMN]).isdisjoint(test_split[GROUP_COLUMN])
