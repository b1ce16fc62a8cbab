"""`mlscaffold new` with kinds: answers for another kind, and a text CSV that cannot be learnt,
are refused in one line before anything is rendered (text projects are not rendered here;
image projects' answers are in test_create_image.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from mlscaffold.cli import main
from tests.text_csv import write_csv, write_messy_text_csv


def _run_new(dest: Path, *args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, ["new", str(dest), "--defaults", *args])
    return result.exit_code, result.output


def _text_csv(tmp_path: Path, *more: str, csv: Path | None = None) -> list[str]:
    path = csv or write_messy_text_csv(tmp_path / "reviews.csv")
    return ["-d", "kind=text", "-d", "dataset=csv", "-d", f"csv_path={path}", *more]


def _numbers_csv(tmp_path: Path) -> Path:
    return write_csv(tmp_path / "numbers.csv", ("a", "b"), [(i, i % 2) for i in range(30)])


def _one_class_csv(tmp_path: Path) -> Path:
    rows = [(f"a long enough review number {i}", "fresh") for i in range(30)]
    return write_csv(tmp_path / "one.csv", ("review", "rating"), rows)


def _small_classes_csv(tmp_path: Path) -> Path:
    return write_messy_text_csv(tmp_path / "small.csv", extra_classes={"mixed": 3, "unsure": 1})


# case: (arguments, made from tmp_path, and the words the one line must hold)
CASES = {
    "unknown kind": (
        lambda t: ["-d", "kind=audio"],
        "unknown kind 'audio'; choose one of: tabular, text, image",
    ),
    "tabular data set for kind=text": (
        lambda t: ["-d", "kind=text", "-d", "dataset=penguins"],
        "data set 'penguins' is for kind=tabular; for kind=text choose one of: "
        "rotten_tomatoes, csv",
    ),
    "model of another kind": (
        lambda t: ["-d", "kind=text", "-d", "model=random_forest"],
        "model 'random_forest' is not a model for kind=text; "
        "choose one of: auto, tfidf, embedding",
    ),
    "text model for kind=tabular": (
        lambda t: ["-d", "model=tfidf"], "model 'tfidf' is not a model for kind=tabular"
    ),
    "text_column with kind=tabular": (
        lambda t: ["-d", "dataset=csv", "-d", f"csv_path={write_messy_text_csv(t / 'r.csv')}",
                   "-d", "text_column=review"],
        "text_column is an answer for kind=text; drop it or add -d kind=text",
    ),
    "text_column with a built-in data set": (
        lambda t: ["-d", "kind=text", "-d", "text_column=body"],
        "text_column is an answer for dataset=csv; drop it or add -d dataset=csv",
    ),
    "csv_path with a built-in data set": (
        lambda t: ["-d", f"csv_path={write_messy_text_csv(t / 'r.csv')}"],
        "csv_path is an answer for dataset=csv; drop it or add -d dataset=csv",
    ),
    "regression for kind=text": (
        lambda t: ["-d", "kind=text", "-d", "task=regression"],
        "kind=text does classification only, not regression; drop the task answer",
    ),
    "text_column missing": (
        lambda t: _text_csv(t, "-d", "text_column="),
        "text_column is required for kind=text with dataset=csv; name the column that holds "
        "the text (columns: review_id, posted, channel, stars, review, sentiment)",
    ),
    "no text in the CSV": (
        lambda t: _text_csv(t, csv=_numbers_csv(t)), "text_column is required for kind=text"
    ),
    "text_column not a column": (
        lambda t: _text_csv(t, "-d", "text_column=body"),
        "text_column 'body' is not a column of the CSV; choose one of: review_id, posted,",
    ),
    "text_column numeric": (
        lambda t: _text_csv(t, "-d", "text_column=stars"),
        "text_column 'stars' holds numbers, not text; choose the column that holds the text, "
        "e.g. review",
    ),
    "text_column a category": (
        lambda t: _text_csv(t, "-d", "text_column=channel"),
        "text_column 'channel' looks like a category (3 distinct values), not free text",
    ),
    "target missing": (
        lambda t: _text_csv(t, "-d", "target="), "target is required for dataset=csv"
    ),
    "target not a column": (
        lambda t: _text_csv(t, "-d", "target=label"),
        "target 'label' is not a column of the CSV; choose one of: review_id,",
    ),
    "target is the text column": (
        lambda t: _text_csv(t, "-d", "target=review"), "target 'review' is the text column"
    ),
    "one class": (
        lambda t: _text_csv(t, csv=_one_class_csv(t)), "target 'rating' has 1 distinct value(s)"
    ),
    "too few rows per class": (
        lambda t: _text_csv(t, csv=_small_classes_csv(t)),
        "target 'sentiment' has classes with fewer than 10 rows: 'unsure' (1), 'mixed' (3); "
        "merge or drop them",
    ),
}  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=list(CASES))
def test_bad_kind_answers_exit_2_with_one_line_and_leave_nothing(tmp_path: Path, case: str) -> None:
    make_args, message = CASES[case]
    out = tmp_path / "out"
    out.mkdir()
    code, output = _run_new(out / "demo", *make_args(tmp_path))
    assert code == 2, output
    assert output.strip().count("\n") == 0, output
    assert output.startswith(f"mlscaffold: error: {message}"), output
    assert "Traceback" not in output
    assert list(out.iterdir()) == []  # neither DEST nor a staging directory beside it
