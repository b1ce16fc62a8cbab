"""Checks on template answers, shared by copier's questionnaire and `mlscaffold new`.

Each check returns an empty string when the value is fine, or a one-line message
that names the problem and the fix. Copier treats a non-empty validator result as
an error, so the same text reaches interactive users and `--defaults` runs alike.
"""

from __future__ import annotations

import csv
import keyword
import re
import sys
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

# Names a generated package must not take: it would shadow a dependency or a tool.
RESERVED_PACKAGE_NAMES = frozenset(
    {
        "sklearn", "scikit_learn", "pandas", "numpy", "scipy", "matplotlib", "fastapi",
        "uvicorn", "pydantic", "pydantic_settings", "skops", "pytest", "ruff", "copier",
        "mlscaffold", "palmerpenguins", "starlette", "httpx", "test", "tests", "src",
        "api", "data", "models", "reports",
    }
)  # fmt: skip
MIN_ROWS = 20
MAX_CLASSES_FOR_CLASSIFICATION = 20
MISSING_MARKERS = frozenset({"", "na", "n/a", "nan", "null", "none", "?"})


@dataclass(frozen=True)
class BuiltinDataset:
    """A data set that ships inside a Python package, so it loads offline."""

    key: str
    task: str
    target: str
    pitch: str


BUILTIN_DATASETS: dict[str, BuiltinDataset] = {
    d.key: d
    for d in (
        BuiltinDataset(
            "penguins",
            "classification",
            "species",
            "Predict a penguin's species from its measurements (Palmer penguins).",
        ),
        BuiltinDataset(
            "iris",
            "classification",
            "species",
            "Predict an iris flower's species from its petal and sepal sizes.",
        ),
        BuiltinDataset(
            "wine",
            "classification",
            "cultivar",
            "Predict a wine's cultivar from its chemical analysis.",
        ),
        BuiltinDataset(
            "breast_cancer",
            "classification",
            "diagnosis",
            "Predict whether a breast tumour is malignant or benign from cell measurements.",
        ),
        BuiltinDataset(
            "diabetes",
            "regression",
            "disease_progression",
            "Predict diabetes progression one year ahead from baseline health measurements.",
        ),
    )
}
MODEL_KEYS = ("auto", "linear", "random_forest", "gradient_boosting")
TASKS = ("classification", "regression")


def is_url(source: str | None) -> bool:
    return bool(source) and str(source).startswith(("http://", "https://"))


def project_name_problem(name: str) -> str:
    """The project name is the user's, in any script; the names made from it are ASCII.

    The distribution and image names are made from it (see `to_package_name`), so it
    needs letters or digits that can be written in ASCII. Whether the package name
    made from it is usable is package_name's check: a package_name answer overrides it.
    """
    if not _is_project_name(name):
        return (
            f"project name {name!r} is invalid; start with a letter and use only "
            "letters (in any script), digits, spaces, '-' and '_'"
        )
    if not to_package_name(name):
        return (
            f"project name {name!r} gives an empty ASCII name, and the distribution and "
            "image names are made from it; add a Latin letter or a digit to it"
        )
    return ""


def _is_project_name(name: str) -> bool:
    """A letter, then letters, their marks (accents, vowel signs), digits, spaces, - and _."""
    categories = [unicodedata.category(char) for char in name]
    return (
        bool(name)
        and categories[0].startswith("L")
        and all(
            category[0] in "LM" or category == "Nd" or char in " -_"
            for char, category in zip(name, categories, strict=True)
        )
    )


def to_package_name(project_name: str) -> str:
    """The project name as an ASCII identifier: "Análisis de precios" -> "analisis_de_precios".

    anyascii transliterates every script (Straße -> strasse, Łódź -> lodz, Привет ->
    privet); what is neither a letter nor a digit then becomes one '_'.
    """
    return re.sub(r"[^0-9a-zA-Z]+", "_", anyascii(project_name)).strip("_").lower()


def package_name_problem(name: str) -> str:
    """Checks the package name, whether given or made from the project name.

    Each message names the `package_name` answer, so that a user who never set it
    (the default comes from the project name) learns which answer to set.
    """
    if not name.isidentifier() or not name.isascii():
        return (
            f"package name {name!r} is not a valid Python identifier; set package_name to "
            "lowercase letters, digits and '_', starting with a letter"
        )
    if keyword.iskeyword(name) or keyword.issoftkeyword(name):
        return (
            f"package name {name!r} is a Python keyword; choose another package_name, "
            f"e.g. 'my_{name}'"
        )
    if name in sys.stdlib_module_names or name in RESERVED_PACKAGE_NAMES:
        return (
            f"package name {name!r} would shadow the module of the same name; "
            f"choose another package_name, e.g. 'my_{name}'"
        )
    return ""


@dataclass(frozen=True)
class CsvSample:
    """The header and the non-missing values of each column of (the start of) a CSV file."""

    columns: tuple[str, ...]
    row_count: int
    values: dict[str, list[str]]


@lru_cache(maxsize=8)
def read_csv_sample(path: str, max_rows: int = 50_000) -> CsvSample:
    """Reads with the stdlib: pandas would cost `mlscaffold new` half a second to import."""
    with Path(path).expanduser().open(newline="", encoding="utf-8-sig") as handle:
        header_line = handle.readline()
        try:
            dialect: type[csv.Dialect] | csv.Dialect = csv.Sniffer().sniff(
                header_line, delimiters=",;\t|"
            )
        except csv.Error:  # no delimiter in the header: a single column
            dialect = csv.excel
        handle.seek(0)
        reader = csv.reader(handle, dialect)
        columns = tuple(column.strip() for column in next(reader))
        values: dict[str, list[str]] = {column: [] for column in columns}
        row_count = 0
        for row in reader:
            if not row:
                continue
            if len(row) != len(columns):
                raise ValueError(
                    f"line {reader.line_num} has {len(row)} fields, the header {len(columns)}"
                )
            row_count += 1
            for column, value in zip(columns, row, strict=True):
                if value.strip().lower() not in MISSING_MARKERS:
                    values[column].append(value.strip())
            if row_count >= max_rows:
                break
    return CsvSample(columns, row_count, values)


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _all_numeric(values: list[str]) -> bool:
    return bool(values) and all(_is_number(v) for v in values)


def csv_path_problem(source: str | None) -> str:
    if not source:
        return "csv_path is required for dataset=csv; give a CSV file path or an http(s) URL"
    if is_url(source):
        return ""  # downloaded (and checked) by the generated project's data step
    path = Path(source).expanduser()
    if not path.is_file():
        return f"CSV file {source!r} does not exist; check the path"
    try:
        with path.open(encoding="utf-8-sig") as handle:
            start = handle.read(64 * 1024)
    except (OSError, UnicodeDecodeError) as err:
        return (
            f"CSV file {source!r} cannot be read ({err.__class__.__name__}); "
            "check its permissions and that it is UTF-8 text"
        )
    if not start.strip():
        return f"CSV file {source!r} is empty; give a file with a header and data rows"
    try:
        sample = read_csv_sample(str(path))
    except (csv.Error, ValueError, StopIteration) as err:
        return (
            f"{source!r} does not look like a CSV file ({err}); "
            "give a comma-separated file with a header row"
        )
    if len(sample.columns) < 2:
        return (
            f"CSV file {source!r} has {len(sample.columns)} column; "
            "it needs a target and at least one feature"
        )
    if sample.row_count < MIN_ROWS:
        return f"CSV file {source!r} has {sample.row_count} data rows; give at least {MIN_ROWS}"
    return ""


def csv_columns(source: str | None) -> list[str]:
    if not source or is_url(source) or csv_path_problem(source):
        return []
    return list(read_csv_sample(str(Path(source).expanduser())).columns)


def _target_values(csv_path: str, target: str) -> list[str]:
    return read_csv_sample(str(Path(csv_path).expanduser())).values[target]


def default_target(dataset: str, csv_path: str | None) -> str:
    if dataset in BUILTIN_DATASETS:
        return BUILTIN_DATASETS[dataset].target
    columns = csv_columns(csv_path)
    return columns[-1] if columns else ""


def target_problem(target: str | None, csv_path: str | None) -> str:
    if not target:
        return "target is required for dataset=csv; name the column to predict"
    columns = csv_columns(csv_path)
    if not columns:
        return ""  # a URL (checked when downloaded) or a bad path (reported on csv_path)
    if target not in columns:
        return f"target {target!r} is not a column of the CSV; choose one of: {', '.join(columns)}"
    distinct = set(_target_values(str(csv_path), target))
    if len(distinct) < 2:
        return (
            f"target {target!r} has {len(distinct)} distinct value(s); "
            "a model needs at least 2, so choose another target column"
        )
    return ""


def infer_task(csv_path: str | None, target: str | None) -> str:
    """Classification for text or few distinct whole numbers; regression otherwise."""
    if not csv_path or not target or target not in csv_columns(csv_path):
        return "classification"
    values = _target_values(csv_path, target)
    if not _all_numeric(values):
        return "classification"
    numbers = [float(v) for v in values]
    if len(set(numbers)) > MAX_CLASSES_FOR_CLASSIFICATION:
        return "regression"
    if any(not n.is_integer() for n in numbers):
        return "regression"
    return "classification"


def default_task(dataset: str, csv_path: str | None, target: str | None) -> str:
    if dataset in BUILTIN_DATASETS:
        return BUILTIN_DATASETS[dataset].task
    return infer_task(csv_path, target)


def task_problem(task: str, dataset: str, csv_path: str | None, target: str | None) -> str:
    if task not in TASKS:
        return f"task {task!r} is unknown; choose one of: {', '.join(TASKS)}"
    if dataset in BUILTIN_DATASETS:
        fixed = BUILTIN_DATASETS[dataset].task
        if task != fixed:
            return (
                f"data set {dataset!r} is a {fixed} task; drop the task answer or use dataset=csv"
            )
        return ""
    if not csv_path or not target or target not in csv_columns(csv_path):
        return ""
    values = _target_values(csv_path, target)
    if task == "regression" and not _all_numeric(values):
        return (
            f"target {target!r} is not numeric, so it cannot be a regression target; "
            "use task=classification"
        )
    if task == "classification":
        rare, rare_count = min(Counter(values).items(), key=lambda item: item[1])
        if rare_count < 2:
            return (
                f"target class {rare!r} has a single row; a stratified split needs "
                "at least 2 rows per class (merge or drop it)"
            )
    return ""
