"""Answer checks shared by copier's questionnaire and `mlscaffold new`."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlscaffold import validation


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        ("my-project", ""),
        ("Penguin Classifier 2", ""),
        ("Análisis de precios", ""),
        ("Ana\u0301lisis", ""),  # the accent as a combining mark (NFD)
        ("Привет мир", ""),
        ("数据分析", ""),
        ("हिन्दी परियोजना", ""),  # vowel signs and virama are marks, not letters
        ("9lives", "invalid"),
        ("bad/name", "invalid"),
        ("tab\there", "invalid"),
        ("line\nbreak", "invalid"),
        ("🐧", "invalid"),
        ("🐧 Penguins", "invalid"),
        ("", "invalid"),
        ("\u02bc", "empty ASCII name"),  # MODIFIER LETTER APOSTROPHE: transliterates to nothing
    ],
)
def test_project_names(name: str, problem: str) -> None:
    message = validation.project_name_problem(name)
    assert (problem in message) if problem else message == ""
    assert "\n" not in message


@pytest.mark.parametrize(
    ("project_name", "package_name"),
    [
        ("My Cool-Project", "my_cool_project"),
        ("Análisis de precios", "analisis_de_precios"),
        ("Ana\u0301lisis", "analisis"),
        ("Straße", "strasse"),
        ("Łódź 2024", "lodz_2024"),
        ("Ørsted wind", "orsted_wind"),
        ("Привет мир", "privet_mir"),
        ("Ελληνικά", "ellinika"),
        ("数据分析", "shujufenxi"),
    ],
)
def test_package_name_is_derived_as_an_ascii_identifier(
    project_name: str, package_name: str
) -> None:
    assert validation.to_package_name(project_name) == package_name
    assert validation.package_name_problem(package_name) == ""


@pytest.mark.parametrize(
    ("project_name", "problem"),
    [("class", "keyword"), ("\uff23lass", "keyword"), ("json", "shadow"), ("sklearn", "shadow")],
)
def test_a_project_name_whose_package_name_is_unusable_asks_for_a_package_name(
    project_name: str, problem: str
) -> None:
    """The project name is fine; the package name made from it is refused by its own
    check, which says which answer to set (and an answer given for it is checked instead)."""
    assert validation.project_name_problem(project_name) == ""
    message = validation.package_name_problem(validation.to_package_name(project_name))
    assert problem in message
    assert "package_name" in message


def test_csv_checks_accept_a_good_file(messy_csv: Path) -> None:
    assert validation.csv_path_problem(str(messy_csv)) == ""
    assert validation.default_target("csv", str(messy_csv)) == "churned"
    assert validation.infer_task(str(messy_csv), "churned") == "classification"
    assert validation.target_problem("churned", str(messy_csv)) == ""


def test_task_is_inferred_as_regression_for_many_numbers(regression_csv: Path) -> None:
    assert validation.infer_task(str(regression_csv), "price") == "regression"
    assert validation.infer_task(str(regression_csv), "district") == "classification"
    assert validation.infer_task(str(regression_csv), "rooms") == "classification"


def test_unknown_target_lists_the_columns(regression_csv: Path) -> None:
    message = validation.target_problem("cost", str(regression_csv))
    assert "rooms, area_m2, district, built, price" in message


def test_text_target_cannot_be_regression(regression_csv: Path) -> None:
    message = validation.task_problem("regression", "csv", str(regression_csv), "district")
    assert "not numeric" in message


def test_single_class_target_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "one.csv"
    path.write_text("x,y\n" + "".join(f"{i},same\n" for i in range(30)), encoding="utf-8")
    assert "1 distinct value" in validation.target_problem("y", str(path))


def test_class_with_one_row_cannot_be_stratified(tmp_path: Path) -> None:
    path = tmp_path / "rare.csv"
    rows = "".join(f"{i},{'a' if i % 2 else 'b'}\n" for i in range(30))
    path.write_text("x,y\n" + rows + "99,c\n", encoding="utf-8")
    assert "single row" in validation.task_problem("classification", "csv", str(path), "y")


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (b"", "is empty"),
        (b"\xff\xfe\x00garbage" * 10, "cannot be read"),
        (b"just one line of prose without separators\n" * 30, "1 column"),
        (b"a,b\n1,2\n", "data rows"),
        (b"only\n" + b"1\n" * 30, "column"),
        (b"a,b\n1,2,3\n" * 30, "does not look like a CSV"),
    ],
)
def test_bad_csv_files(tmp_path: Path, content: bytes, problem: str) -> None:
    path = tmp_path / "bad.csv"
    path.write_bytes(content)
    assert problem in validation.csv_path_problem(str(path))


def test_missing_csv_and_urls() -> None:
    assert "does not exist" in validation.csv_path_problem("/no/such/file.csv")
    assert "required" in validation.csv_path_problem("")
    assert validation.csv_path_problem("https://example.org/data.csv") == ""
