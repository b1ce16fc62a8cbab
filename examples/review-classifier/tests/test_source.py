"""Loading the raw data from the installed package."""

from __future__ import annotations

from pathlib import Path

from review_classifier.config import TARGET
from review_classifier.source import load_raw


def test_raw_data_is_the_same_on_every_load(tmp_path: Path) -> None:
    first, second = load_raw(tmp_path), load_raw(tmp_path)

    assert first.sha256 == second.sha256
    assert first.frame.equals(second.frame)


def test_raw_data_writes_nothing(tmp_path: Path) -> None:
    load_raw(tmp_path)

    assert not list(tmp_path.iterdir())


def test_column_names_are_identifiers(tmp_path: Path) -> None:
    frame = load_raw(tmp_path).frame

    assert all(str(name).isidentifier() for name in frame.columns)


def test_classes_are_named(tmp_path: Path) -> None:
    labels = load_raw(tmp_path).frame[TARGET].dropna()

    assert all(isinstance(label, str) and not label.isdigit() for label in labels)
