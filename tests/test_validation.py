"""Answer checks shared by copier's questionnaire and `mlscaffold new`."""

from __future__ import annotations

from pathlib import Path

import pytest

from mlscaffold import validation
from tests.text_csv import write_csv, write_messy_text_csv


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


# Kinds: the answers that choose what a project learns from, and a text project's CSV.


@pytest.fixture
def text_csv(tmp_path: Path) -> Path:
    return write_messy_text_csv(tmp_path / "reviews.csv")


@pytest.mark.parametrize(
    ("kind", "problem"), [("tabular", ""), ("text", ""), ("image", ""), ("audio", "audio")]
)
def test_kind_names_the_known_kinds_for_an_unknown_one(kind: str, problem: str) -> None:
    message = validation.kind_problem(kind)
    expected = f"unknown kind {kind!r}; choose one of: tabular, text, image, forecast"
    assert message == (expected if problem else "")


@pytest.mark.parametrize(
    ("kind", "dataset"),
    [("tabular", "penguins"), ("text", "rotten_tomatoes"), ("image", "digits"), (None, "penguins")],
)
def test_each_kind_has_its_default_data_set(kind: str | None, dataset: str) -> None:
    """No kind (a project made before kinds) is a tabular project."""
    assert validation.default_dataset(kind) == dataset


@pytest.mark.parametrize(
    ("dataset", "kind", "message"),
    [
        ("penguins", "tabular", ""),
        ("csv", "tabular", ""),
        ("rotten_tomatoes", "text", ""),
        ("csv", "text", ""),
        ("penguins", None, ""),
        ("digits", "image", ""),
        ("folder", "image", ""),
        ("diabetes", "audio", ""),  # the kind's own check reports an unknown kind
        (
            "penguins", "text",
            "data set 'penguins' is for kind=tabular; for kind=text choose one of: "
            "rotten_tomatoes, csv",
        ),
        (
            "rotten_tomatoes", "tabular",
            "data set 'rotten_tomatoes' is for kind=text; for kind=tabular choose one of: "
            "penguins, iris, wine, breast_cancer, diabetes, csv",
        ),
        ("mnist", "text", "unknown dataset 'mnist'; choose one of: rotten_tomatoes, csv"),
        (
            "diabetes", "image",
            "data set 'diabetes' is for kind=tabular; for kind=image choose one of: digits, folder",
        ),
        (
            "csv", "image",
            "data set 'csv' is for kind=tabular or kind=text or kind=forecast; for kind=image "
            "choose one of: digits, folder",
        ),
        (
            "folder", "text",
            "data set 'folder' is for kind=image; for kind=text choose one of: "
            "rotten_tomatoes, csv",
        ),
    ],
)  # fmt: skip
def test_a_data_set_of_another_kind_is_refused(
    dataset: str, kind: str | None, message: str
) -> None:
    assert validation.dataset_problem(dataset, kind) == message


@pytest.mark.parametrize(
    ("model", "kind", "message"),
    [
        ("auto", "text", ""),
        ("tfidf", "text", ""),
        ("embedding", "text", ""),
        ("auto", "tabular", ""),
        ("gradient_boosting", None, ""),
        ("cnn", "image", ""),
        ("transfer", "image", ""),
        ("linear", "image", ""),
        (
            "tfidf", "image",
            "model 'tfidf' is not a model for kind=image; choose one of: auto, linear, cnn, "
            "transfer",
        ),
        (
            "random_forest", "text",
            "model 'random_forest' is not a model for kind=text; "
            "choose one of: auto, tfidf, embedding",
        ),
        (
            "tfidf", "tabular",
            "model 'tfidf' is not a model for kind=tabular; "
            "choose one of: auto, linear, random_forest, gradient_boosting",
        ),
    ],
)  # fmt: skip
def test_a_model_of_another_kind_is_refused(model: str, kind: str | None, message: str) -> None:
    assert validation.model_problem(model, kind) == message


def test_the_default_description_suits_the_kind() -> None:
    assert validation.dataset_pitch("rotten_tomatoes", "text").startswith("Tell a fresh")
    assert validation.dataset_pitch("csv", "text") == "Classify free text by its label."
    assert validation.dataset_pitch("csv") == "Predict a target from tabular data."
    assert validation.dataset_pitch("digits", "image").startswith("Recognise a handwritten")
    assert validation.dataset_pitch("folder", "image") == "Classify images by their folder's label."


def test_an_image_projects_target_is_fixed_by_its_data() -> None:
    """A built-in's target, or for the user's folder of images each one's folder: "label"."""
    assert validation.default_target("digits", "", "image") == "digit"
    assert validation.default_target("folder", "", "image") == "label"
    assert validation.default_target("folder", "", "tabular") == ""  # refused as a data set
    assert validation.target_problem("label", "", "image", "", "folder") == ""
    assert validation.target_problem("digit", "", "image", "", "digits") == ""
    assert validation.target_problem("species", "", "image", "", "folder") == (
        "target is not an answer for kind=image: the target is 'label' for dataset=folder; drop it"
    )


def test_an_image_project_takes_no_csv() -> None:
    assert validation.csv_path_problem("", "digits", "image") == ""
    assert validation.csv_path_problem("data.csv", "folder", "image").startswith(
        "csv_path is not an answer for kind=image; drop it"
    )


def test_the_text_column_defaults_to_the_longest_free_text(text_csv: Path) -> None:
    assert validation.default_text_column("csv", "text", str(text_csv)) == "review"
    assert validation.default_text_column("rotten_tomatoes", "text") == "review"
    assert validation.default_text_column("penguins") == ""
    assert validation.default_text_column("csv", "tabular", str(text_csv)) == ""
    assert validation.default_text_column("csv", "text", "https://example.org/r.csv") == ""


def test_a_text_column_first_still_leaves_the_label_as_the_target(tmp_path: Path) -> None:
    rows = [(f"viewer {i} found it {'good' if i % 2 else 'bad'} overall", i % 2) for i in range(30)]
    path = write_csv(tmp_path / "t.csv", ("label_text", "label"), rows)
    assert validation.default_text_column("csv", "text", str(path)) == "label_text"
    assert validation.default_target("csv", str(path), "text", "label_text") == "label"
    last = write_csv(tmp_path / "l.csv", ("label", "text"), [(b, a) for a, b in rows])
    assert validation.default_text_column("csv", "text", str(last)) == "text"
    assert validation.default_target("csv", str(last), "text", "text") == "label"
    assert validation.default_target("csv", str(last)) == "text"  # tabular: the last column


def test_a_good_text_csv_passes_every_check(text_csv: Path) -> None:
    path = str(text_csv)
    assert validation.csv_path_problem(path, "csv") == ""
    assert validation.text_column_problem("review", path, "text", "csv") == ""
    assert validation.default_target("csv", path, "text", "review") == "sentiment"
    assert validation.target_problem("sentiment", path, "text", "review") == ""
    assert validation.default_task("csv", path, "sentiment", "text") == "classification"
    assert validation.task_problem("classification", "csv", path, "sentiment", "text") == ""


TEXT_COLUMN_PROBLEMS = {
    "missing": (
        "",
        "text_column is required for kind=text with dataset=csv; name the column that holds "
        "the text (columns: review_id, posted, channel, stars, review, sentiment)",
    ),
    "not a column": (
        "body",
        "text_column 'body' is not a column of the CSV; choose one of: review_id, posted, "
        "channel, stars, review, sentiment",
    ),
    "numbers": (
        "stars", "text_column 'stars' holds numbers, not text; choose the column that holds "
        "the text, e.g. review",
    ),
    "an ID": ("review_id", "text_column 'review_id' holds numbers, not text"),
    "a category": (
        "channel", "text_column 'channel' looks like a category (3 distinct values), not free "
        "text; choose the column that holds the text, e.g. review",
    ),
    "dates": ("posted", "text_column 'posted' holds single words or codes (10 characters"),
}  # fmt: skip


@pytest.mark.parametrize("case", TEXT_COLUMN_PROBLEMS, ids=list(TEXT_COLUMN_PROBLEMS))
def test_the_text_column_must_be_a_column_of_free_text(text_csv: Path, case: str) -> None:
    column, message = TEXT_COLUMN_PROBLEMS[case]
    assert validation.text_column_problem(column, str(text_csv), "text", "csv").startswith(message)


def test_text_is_long_values_or_varied_prose(tmp_path: Path) -> None:
    """Repetitive long notes are text; short tweets are text when varied; one-word labels
    that vary (codes) are not."""
    rows = [
        ("the customer called about billing twice", f"so good {i}", f"SKU{i}", "", "a")
        for i in range(30)
    ]
    path = write_csv(tmp_path / "t.csv", ("notes", "tweet", "code", "blank", "y"), rows)
    for column in ("notes", "tweet"):
        assert validation.text_column_problem(column, str(path), "text", "csv") == ""
    code = validation.text_column_problem("code", str(path), "text", "csv")
    assert code.startswith("text_column 'code' holds single words or codes")
    assert code.endswith("e.g. notes")
    blank = validation.text_column_problem("blank", str(path), "text", "csv")
    assert blank.startswith("text_column 'blank' is empty in every row")


def test_a_csv_without_text_says_so(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "n.csv", ("a", "b"), [(i, i % 2) for i in range(30)])
    assert validation.default_text_column("csv", "text", str(path)) == ""
    assert validation.text_column_problem("a", str(path), "text", "csv") == (
        "text_column 'a' holds numbers, not text; the CSV needs a column of free text "
        "(sentences) for kind=text"
    )


@pytest.mark.parametrize(
    ("kind", "dataset"), [("tabular", "csv"), ("text", "rotten_tomatoes"), (None, "csv")]
)
def test_the_text_column_is_not_checked_where_it_is_not_asked(
    text_csv: Path, kind: str | None, dataset: str
) -> None:
    """`mlscaffold new` refuses such an answer as one for another kind; copier drops it."""
    assert validation.text_column_problem("stars", str(text_csv), kind, dataset) == ""


def test_a_text_target_is_not_the_text_column(text_csv: Path) -> None:
    assert validation.target_problem("review", str(text_csv), "text", "review") == (
        "target 'review' is the text column; name the column of labels to predict from it, "
        "e.g. sentiment"
    )
    assert "not a column" in validation.target_problem("label", str(text_csv), "text", "review")
    assert "required" in validation.target_problem("", str(text_csv), "text", "review")


def test_a_text_target_needs_two_classes(tmp_path: Path) -> None:
    rows = [(f"a long enough review number {i}", "fresh") for i in range(30)]
    path = write_csv(tmp_path / "one.csv", ("review", "rating"), rows)
    assert "1 distinct value" in validation.target_problem("rating", str(path), "text", "review")


def test_small_text_classes_are_named(tmp_path: Path) -> None:
    path = write_messy_text_csv(tmp_path / "r.csv", extra_classes={"mixed": 3, "unsure": 1})
    assert validation.target_problem("sentiment", str(path), "text", "review") == (
        "target 'sentiment' has classes with fewer than 10 rows: 'unsure' (1), 'mixed' (3); "
        "merge or drop them"
    )
    # A tabular project needs only 2 rows per class (and checks that on the task).
    assert validation.target_problem("sentiment", str(path)) == ""


def test_rows_without_text_do_not_count_for_a_class(tmp_path: Path) -> None:
    rows = [(f"review number {i} of the film", "fresh") for i in range(20)]
    rows += [(f"review number {i} of the film" if i < 8 else "", "rotten") for i in range(12)]
    path = write_csv(tmp_path / "r.csv", ("review", "rating"), rows)
    assert "'rotten' (8)" in validation.target_problem("rating", str(path), "text", "review")


def test_a_text_target_is_labels_not_scores(tmp_path: Path) -> None:
    rows = [(f"review number {i} of the film", i * 1.5) for i in range(40)]
    path = write_csv(tmp_path / "s.csv", ("review", "score"), rows)
    message = validation.target_problem("score", str(path), "text", "review")
    assert message.startswith("target 'score' holds 40 different numbers, a score")
    assert validation.default_task("csv", str(path), "score", "text") == "classification"
    assert validation.default_task("csv", str(path), "score") == "regression"


def test_a_text_project_classifies(text_csv: Path) -> None:
    message = validation.task_problem("regression", "csv", str(text_csv), "stars", "text")
    assert message == "kind=text does classification only, not regression; drop the task answer"
    assert validation.task_problem("regression", "rotten_tomatoes", None, None, "text")
    assert validation.task_problem("classification", "rotten_tomatoes", None, None, "text") == ""


def test_a_csv_path_is_checked_only_for_dataset_csv() -> None:
    """For a built-in, `mlscaffold new` refuses csv_path as an answer for dataset=csv."""
    assert validation.csv_path_problem("/no/such.csv", "penguins") == ""
    assert "does not exist" in validation.csv_path_problem("/no/such.csv", "csv")
    assert "does not exist" in validation.csv_path_problem("/no/such.csv")


def _with_a_latin1_row(path: Path) -> Path:
    with path.open("ab") as handle:
        handle.write(
            "2000,2024-05-05,web,4,caf\xe9 cr\xe8me: a fine film,positive\n".encode("latin-1")
        )
    return path


def test_a_text_csv_may_hold_bytes_that_are_not_utf8(tmp_path: Path) -> None:
    """Real text is pasted from everywhere: the data step reads such bytes as U+FFFD."""
    csv_path = str(_with_a_latin1_row(write_messy_text_csv(tmp_path / "reviews.csv")))

    assert validation.csv_path_problem(csv_path, "csv", "text") == ""
    assert validation.text_column_problem("review", csv_path, "text", "csv") == ""


def test_a_table_must_be_utf8(tmp_path: Path) -> None:
    csv_path = str(_with_a_latin1_row(write_messy_text_csv(tmp_path / "reviews.csv")))

    problem = validation.csv_path_problem(csv_path, "csv", "tabular")

    assert "UTF-8" in problem
