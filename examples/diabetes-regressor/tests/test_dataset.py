"""The data step: loading, cleaning messy data, validation and the train/test split."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from diabetes_regressor.config import TARGET, TEST_SIZE, Paths
from diabetes_regressor.dataset import DataReport, clean, split, validate
from diabetes_regressor.errors import DataError
from diabetes_regressor.source import load_raw


def test_raw_data_has_rows_and_the_target(project_paths: Paths) -> None:
    raw = load_raw(project_paths.raw_dir)

    assert len(raw.frame) > 0
    assert TARGET in raw.frame.columns
    assert len(raw.sha256) == 64


def test_no_target_is_missing_after_cleaning(
    train_split: pd.DataFrame, test_split: pd.DataFrame
) -> None:
    assert train_split[TARGET].notna().all()
    assert test_split[TARGET].notna().all()


def test_split_holds_out_the_test_fraction(
    data_report: DataReport, train_split: pd.DataFrame, test_split: pd.DataFrame
) -> None:
    assert len(train_split) + len(test_split) == data_report.n_rows
    assert len(test_split) / data_report.n_rows == pytest.approx(TEST_SIZE, abs=0.01)
    assert list(train_split.columns) == list(test_split.columns)


def test_cleaning_report_is_saved(project_paths: Paths, data_report: DataReport) -> None:
    assert DataReport.load(project_paths.cleaning_report) == data_report
    assert project_paths.train_csv.exists()
    assert project_paths.test_csv.exists()


def messy_frame(n_rows: int = 60) -> pd.DataFrame:
    """A small frame with the faults of real CSV exports."""
    rng = np.random.default_rng(0)
    dates = pd.date_range("2023-01-01", periods=n_rows, freq="9D")
    frame = pd.DataFrame(
        {
            "customer_id": np.arange(1, n_rows + 1),
            "country": "NL",
            "comment": [f"note number {i}" for i in range(n_rows)],
            "signed_up": dates.strftime("%Y-%m-%d"),
            "plan": rng.choice(["basic", "pro", None], size=n_rows),
            "monthly_spend": rng.normal(50, 10, size=n_rows).round(2),
            "churned": rng.choice(["yes", "no"], size=n_rows, p=[0.2, 0.8]),
        }
    )
    frame.loc[[3, 17, 42], "churned"] = None
    frame.loc[[5, 6], "monthly_spend"] = np.nan
    return frame


def test_clean_drops_rows_without_a_target() -> None:
    cleaned = clean(messy_frame(), target="churned", task="classification")

    assert len(cleaned.frame) == 57
    assert {"rows": 3, "reason": "missing target 'churned'"} in cleaned.dropped


def test_clean_drops_ids_constants_and_free_text() -> None:
    cleaned = clean(messy_frame(), target="churned", task="classification")

    dropped = {note["column"] for note in cleaned.dropped if "column" in note}
    assert {"customer_id", "country", "comment"} <= dropped
    assert {"customer_id", "country", "comment"}.isdisjoint(cleaned.frame.columns)
    # Real features survive, missing values and all: the model imputes them.
    assert {"plan", "monthly_spend"} <= set(cleaned.frame.columns)


def test_clean_expands_dates_into_numbers() -> None:
    cleaned = clean(messy_frame(), target="churned", task="classification")

    assert "signed_up" not in cleaned.frame.columns
    assert {"signed_up_year", "signed_up_month", "signed_up_day_of_week"} <= set(cleaned.frame)
    assert cleaned.frame["signed_up_year"].min() == 2023


def test_clean_keeps_distinct_measurements() -> None:
    frame = messy_frame()
    frame["price"] = np.linspace(10, 99, len(frame)) ** 1.5  # distinct per row, not an id

    cleaned = clean(frame, target="churned", task="classification")

    assert "price" in cleaned.frame.columns


def test_clean_drops_high_cardinality_text() -> None:
    frame = messy_frame(n_rows=400)
    frame["street"] = [f"street {i % 150}" for i in range(len(frame))]

    cleaned = clean(frame, target="churned", task="classification")

    assert "street" not in cleaned.frame.columns


def test_clean_turns_whole_number_labels_into_text() -> None:
    frame = pd.DataFrame({"x": range(6), "label": [1.0, 0.0, None, 1.0, 0.0, 1.0]})

    cleaned = clean(frame, target="label", task="classification")

    assert sorted(cleaned.frame["label"].unique()) == ["0", "1"]


def test_clean_rejects_text_in_a_regression_target() -> None:
    frame = pd.DataFrame({"x": range(4), "price": ["1.5", "2", "n/a", "4"]})

    with pytest.raises(DataError, match="non-numeric"):
        clean(frame, target="price", task="regression")


def test_clean_rejects_a_missing_target_column() -> None:
    with pytest.raises(DataError, match="not found"):
        clean(messy_frame(), target="absent", task="classification")


@pytest.mark.parametrize(
    ("labels", "message"),
    [
        (["a"] * 30, "single class"),
        (["a"] * 29 + ["b"], "1 row"),
        (["a", "b"] * 5, "at least 20"),
    ],
)
def test_validate_rejects_data_that_cannot_train(labels: list[str], message: str) -> None:
    frame = pd.DataFrame({"x": range(len(labels)), "y": labels})

    with pytest.raises(DataError, match=message):
        validate(frame, target="y", task="classification")


def test_split_is_stratified_for_a_rare_class() -> None:
    frame = pd.DataFrame({"x": range(100), "y": ["rare"] * 10 + ["common"] * 90})

    train, test = split(frame, target="y", task="classification", seed=0)

    assert (test["y"] == "rare").sum() == 2
    assert (train["y"] == "rare").sum() == 8
