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
from datetime import datetime
from functools import lru_cache
from pathlib import Path

from anyascii import anyascii

from mlscaffold import series_csv
from mlscaffold.errors import brief_list
from mlscaffold.kinds import (
    BACKTEST_FOLDS,
    CLASSIFICATION,
    CSV,
    DEFAULT_HORIZONS,
    KINDS,
    REGRESSION,
    BuiltinDataset,
    Kind,
    get_kind,
    kinds_taking,
    min_series_points,
)

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
# A text column's values average this many characters or more: prose, however repetitive.
MIN_TEXT_MEAN_LENGTH = 20
# A text project cross-validates two candidates over 5 folds and keeps a test split: with
# fewer rows a class is missing from some fold or from the test set, and its scores say
# nothing.
MIN_ROWS_PER_CLASS_TEXT = 10


# Every kind's built-ins by name (names are unique across kinds) and every model answer
# the template takes, in copier.yml's order; which kind each belongs to is in `kinds`.
BUILTIN_DATASETS: dict[str, BuiltinDataset] = {
    d.key: d for kind in KINDS.values() for d in kind.datasets
}
MODEL_KEYS = tuple(dict.fromkeys(m.key for kind in KINDS.values() for m in kind.models))
TASKS = (CLASSIFICATION, REGRESSION)


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


def kind_problem(kind: str) -> str:
    if kind not in KINDS:
        return f"unknown kind {kind!r}; choose one of: {', '.join(KINDS)}"
    return ""


def default_dataset(kind: str | None) -> str:
    known = get_kind(kind)
    return known.default_dataset if known else ""


def dataset_problem(dataset: str, kind: str | None = None) -> str:
    """A data set of another kind is refused, with the data sets of the kind asked for."""
    known = get_kind(kind)
    if known is None or dataset in known.dataset_keys:
        return ""  # an unknown kind is the kind question's to report
    owners = " or ".join(f"kind={owner.key}" for owner in kinds_taking(dataset))
    if not owners:
        return f"unknown dataset {dataset!r}; choose one of: {', '.join(known.dataset_keys)}"
    return (
        f"data set {dataset!r} is for {owners}; for kind={known.key} choose one of: "
        f"{', '.join(known.dataset_keys)}"
    )


def model_problem(model: str, kind: str | None = None) -> str:
    known = get_kind(kind)
    if known is None or model in known.model_keys:
        return ""
    return (
        f"model {model!r} is not a model for kind={known.key}; "
        f"choose one of: {', '.join(known.model_keys)}"
    )


def dataset_pitch(dataset: str, kind: str | None = None) -> str:
    """The default one-line description: the built-in's pitch, else the kind's for the
    user's own data (a CSV, a folder of images)."""
    builtin = BUILTIN_DATASETS.get(dataset)
    if builtin:
        return builtin.pitch
    known = get_kind(kind)
    return known.own_pitch if known else ""


@dataclass(frozen=True)
class CsvSample:
    """The header, the rows (stripped; a missing value is "") and each column's non-missing
    values, of (the start of) a CSV file."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    values: dict[str, list[str]]

    @property
    def row_count(self) -> int:
        return len(self.rows)


@lru_cache(maxsize=8)
def read_csv_sample(path: str, max_rows: int = 50_000) -> CsvSample:
    """Reads with the stdlib: pandas would cost `mlscaffold new` half a second to import.

    Bytes that are not UTF-8 read as U+FFFD: csv_path_problem refuses them where the
    project's kind does.
    """
    with Path(path).expanduser().open(newline="", encoding="utf-8-sig", errors="replace") as handle:
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
        rows: list[tuple[str, ...]] = []
        for row in reader:
            if not row:
                continue
            if len(row) != len(columns):
                raise ValueError(
                    f"line {reader.line_num} has {len(row)} fields, the header {len(columns)}"
                )
            rows.append(tuple("" if _is_missing(v) else v.strip() for v in row))
            if len(rows) >= max_rows:
                break
    values = {column: [row[i] for row in rows if row[i]] for i, column in enumerate(columns)}
    return CsvSample(columns, tuple(rows), values)


def _is_missing(value: str) -> bool:
    return value.strip().lower() in MISSING_MARKERS


def _is_number(value: str) -> bool:
    try:
        float(value)
    except ValueError:
        return False
    return True


def _all_numeric(values: list[str]) -> bool:
    return bool(values) and all(_is_number(v) for v in values)


def csv_path_problem(
    source: str | None, dataset: str | None = None, kind: str | None = None
) -> str:
    """Checks the CSV for dataset=csv; for a built-in data set the answer is not asked, and
    `mlscaffold new` refuses it as such (templates before kinds call this without dataset).

    A text project's data step reads bytes that are not UTF-8 as U+FFFD and counts them
    (real text is pasted from everywhere); a table's must be UTF-8 throughout. A kind
    whose own data is not a CSV (kind=image) never asks it: given, it is refused.
    """
    known = get_kind(kind)
    if source and known is not None and known.own_data.key != CSV:
        return _not_for_kind("csv_path", known)
    if dataset is not None and dataset != CSV:
        return ""
    return _csv_problem(source, strict_encoding=kind != "text")


def _not_for_kind(answer: str, kind: Kind) -> str:
    """E.g. "csv_path is not an answer for kind=image; drop it (for ...: -d dataset=folder
    -d image_dir=...)": what that kind takes instead."""
    own = kind.own_data
    return (
        f"{answer} is not an answer for kind={kind.key}; drop it (for {own.summary}: "
        f"-d dataset={own.key} -d {own.location}=...)"
    )


def _csv_problem(source: str | None, *, strict_encoding: bool) -> str:
    if not source:
        return "csv_path is required for dataset=csv; give a CSV file path or an http(s) URL"
    if is_url(source):
        return ""  # downloaded (and checked) by the generated project's data step
    path = Path(source).expanduser()
    if not path.is_file():
        return f"CSV file {source!r} does not exist; check the path"
    errors = "strict" if strict_encoding else "replace"
    try:
        with path.open(encoding="utf-8-sig", errors=errors) as handle:
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
    # The encoding was checked on csv_path, as its kind wants; columns are read either way.
    if not source or is_url(source) or _csv_problem(source, strict_encoding=False):
        return []
    return list(_sample(source).columns)


def _sample(csv_path: str) -> CsvSample:
    return read_csv_sample(str(Path(csv_path).expanduser()))


def _target_values(csv_path: str, target: str) -> list[str]:
    return _sample(csv_path).values[target]


def _is_text_csv(kind: str | None, dataset: str | None = CSV) -> bool:
    return get_kind(kind) is KINDS["text"] and dataset == CSV


def _free_text_problem(column: str, values: list[str]) -> str:
    """Why a column is not free text ("" when it is).

    Free text is not numbers, and either long (MIN_TEXT_MEAN_LENGTH characters on
    average: reviews, notes, articles) or short but varied prose: at least half the
    values distinct and at least half of more than one word (tweets, titles). That
    turns down the columns a user may pick by mistake: numbers, categories (plan,
    country, a yes/no label: few distinct values) and codes (IDs, dates: one short
    word each), on which a text model would learn nothing a table model could not.
    """
    if not values:
        return f"text_column {column!r} is empty in every row"
    if _all_numeric(values):
        return f"text_column {column!r} holds numbers, not text"
    mean_length = sum(len(v) for v in values) / len(values)
    if mean_length >= MIN_TEXT_MEAN_LENGTH:
        return ""
    distinct = len(set(values))
    multi_word = sum(1 for v in values if len(v.split()) > 1)
    if distinct >= len(values) / 2 and multi_word >= len(values) / 2:
        return ""
    if distinct < len(values) / 2:
        return (
            f"text_column {column!r} looks like a category ({distinct} distinct values), "
            "not free text"
        )
    return (
        f"text_column {column!r} holds single words or codes ({mean_length:.0f} characters "
        "on average), not free text"
    )


def _text_columns(csv_path: str) -> list[str]:
    """The CSV's free-text columns, the longest on average first."""
    sample = _sample(csv_path)
    texts = [c for c in sample.columns if not _free_text_problem(c, sample.values[c])]
    return sorted(texts, key=lambda c: -_mean_length(sample.values[c]))


def _mean_length(values: list[str]) -> float:
    return sum(len(v) for v in values) / len(values) if values else 0.0


def default_text_column(dataset: str, kind: str | None = None, csv_path: str | None = None) -> str:
    """A built-in's text column; for a text CSV, the non-numeric column of the longest values.

    Asked before the target, whose default is then the last column that is not this one,
    so the two defaults never name the same column.
    """
    builtin = BUILTIN_DATASETS.get(dataset)
    if builtin:
        return builtin.text_column
    if not _is_text_csv(kind, dataset) or not csv_columns(csv_path):
        return ""
    sample = _sample(str(csv_path))
    candidates = [c for c in sample.columns if not _all_numeric(sample.values[c])]
    return max(candidates, key=lambda c: _mean_length(sample.values[c]), default="")


def text_column_problem(
    text_column: str | None,
    csv_path: str | None,
    kind: str | None = None,
    dataset: str | None = None,
) -> str:
    if not _is_text_csv(kind, dataset):
        return ""  # not asked: `mlscaffold new` refuses it as an answer for another kind
    columns = csv_columns(csv_path)
    problem = _column_answer_problem(
        "text_column", text_column, columns, "kind=text", "the column that holds the text"
    )
    if problem or not text_column or not columns:
        return problem
    problem = _free_text_problem(text_column, _target_values(str(csv_path), text_column))
    if not problem:
        return ""
    others = [c for c in _text_columns(str(csv_path)) if c != text_column]
    if others:
        return f"{problem}; choose the column that holds the text, e.g. {others[0]}"
    return f"{problem}; the CSV needs a column of free text (sentences) for kind=text"


def default_target(
    dataset: str,
    csv_path: str | None,
    kind: str | None = None,
    text_column: str | None = None,
    date_column: str | None = None,
) -> str:
    """A built-in's target; the user's own data's when it fixes one (a folder of images:
    "label"); for a CSV its last column (kind=text: the last but the text; kind=forecast:
    the last numeric one but the dates)."""
    if dataset in BUILTIN_DATASETS:
        return BUILTIN_DATASETS[dataset].target
    known = get_kind(kind)
    if known is not None and dataset == known.own_data.key and known.own_data.target:
        return known.own_data.target
    columns = csv_columns(csv_path)
    if _is_text_csv(kind):
        columns = [c for c in columns if c != text_column]
    if _is_series_csv(kind) and columns:
        # The first numeric column but the dates: the series, before any regressors.
        values = _sample(str(csv_path)).values
        numeric = [c for c in columns if c != date_column and _all_numeric(values[c])]
        return numeric[0] if numeric else ""
    return columns[-1] if columns else ""


def target_problem(
    target: str | None,
    csv_path: str | None,
    kind: str | None = None,
    text_column: str | None = None,
    dataset: str | None = None,
    date_column: str | None = None,
) -> str:
    """Checks the target column of a CSV. A kind whose own data is not a CSV never asks
    it (its target is fixed): a target other than that one is refused."""
    known = get_kind(kind)
    if known is not None and known.own_data.key != CSV:
        fixed = default_target(dataset or known.default_dataset, csv_path, kind)
        if not target or target == fixed:
            return ""
        return (
            f"target is not an answer for kind={known.key}: the target is {fixed!r} for "
            f"dataset={dataset or known.default_dataset}; drop it"
        )
    columns = csv_columns(csv_path)
    if not target and known is KINDS["forecast"] and columns:
        # The default is the first numeric column but the dates: there was none.
        dates = repr(date_column) if date_column else "the dates"
        besides = ", ".join(c for c in columns if c != date_column) or "no other column"
        return (
            f"the CSV has no numeric column besides {dates} to forecast ({besides}); "
            "give target=COLUMN, a column of numbers"
        )
    if not target:
        return "target is required for dataset=csv; name the column to predict"
    if not columns:
        return ""  # a URL (checked when downloaded) or a bad path (reported on csv_path)
    if target not in columns:
        return f"target {target!r} is not a column of the CSV; choose one of: {', '.join(columns)}"
    text = get_kind(kind) is KINDS["text"]
    if text and target == text_column:
        others = [c for c in columns if c != text_column]
        return (
            f"target {target!r} is the text column; name the column of labels to predict "
            f"from it, e.g. {others[-1]}"
        )
    if _is_series_csv(kind):
        return _series_target_problem(str(csv_path), target, date_column or "")
    distinct = set(_target_values(str(csv_path), target))
    if len(distinct) < 2:
        return (
            f"target {target!r} has {len(distinct)} distinct value(s); "
            "a model needs at least 2, so choose another target column"
        )
    if text:
        return _text_target_problem(str(csv_path), target, text_column or "")
    return ""


def _text_target_problem(csv_path: str, target: str, text_column: str) -> str:
    """A text project classifies, with every class in each cross-validation fold."""
    if infer_task(csv_path, target) == REGRESSION:
        count = len(set(_target_values(csv_path, target)))
        return (
            f"target {target!r} holds {count} different numbers, a score rather than labels; "
            "kind=text classifies, so choose a column of labels (or bin the scores into classes)"
        )
    counts = Counter(_labelled_texts(csv_path, target, text_column))
    small = sorted(
        (item for item in counts.items() if item[1] < MIN_ROWS_PER_CLASS_TEXT),
        key=lambda item: (item[1], item[0]),
    )
    if small:
        listed = brief_list([f"{label!r} ({count})" for label, count in small])
        return (
            f"target {target!r} has classes with fewer than {MIN_ROWS_PER_CLASS_TEXT} rows: "
            f"{listed}; merge or drop them"
        )
    return ""


def _labelled_texts(csv_path: str, target: str, text_column: str) -> list[str]:
    """The target of each row that has one and (when the column is known) a text to learn
    from: the rows a text project trains on."""
    sample = _sample(csv_path)
    label = sample.columns.index(target)
    text = sample.columns.index(text_column) if text_column in sample.columns else label
    return [row[label] for row in sample.rows if row[label] and row[text]]


def infer_task(csv_path: str | None, target: str | None) -> str:
    """Classification for text or few distinct whole numbers; regression otherwise."""
    if not csv_path or not target or target not in csv_columns(csv_path):
        return CLASSIFICATION
    values = _target_values(csv_path, target)
    if not _all_numeric(values):
        return CLASSIFICATION
    numbers = [float(v) for v in values]
    if len(set(numbers)) > MAX_CLASSES_FOR_CLASSIFICATION:
        return REGRESSION
    if any(not n.is_integer() for n in numbers):
        return REGRESSION
    return CLASSIFICATION


def default_task(
    dataset: str, csv_path: str | None, target: str | None, kind: str | None = None
) -> str:
    if dataset in BUILTIN_DATASETS:
        return BUILTIN_DATASETS[dataset].task
    known = get_kind(kind)
    if known is not None and len(known.tasks) == 1:
        return known.tasks[0]
    return infer_task(csv_path, target)


def task_problem(
    task: str,
    dataset: str,
    csv_path: str | None,
    target: str | None,
    kind: str | None = None,
) -> str:
    known = get_kind(kind)
    if task not in TASKS and not (known is not None and task in known.tasks):
        return f"task {task!r} is unknown; choose one of: {', '.join(TASKS)}"
    if known is not None and task not in known.tasks:
        return (
            f"kind={known.key} does {' and '.join(known.tasks)} only, not {task}; "
            "drop the task answer"
        )
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
    if task == REGRESSION and not _all_numeric(values):
        return (
            f"target {target!r} is not numeric, so it cannot be a regression target; "
            "use task=classification"
        )
    if task == CLASSIFICATION:
        rare, rare_count = min(Counter(values).items(), key=lambda item: item[1])
        if rare_count < 2:
            return (
                f"target class {rare!r} has a single row; a stratified split needs "
                "at least 2 rows per class (merge or drop it)"
            )
    return ""


def _is_series_csv(kind: str | None, dataset: str | None = CSV) -> bool:
    return get_kind(kind) is KINDS["forecast"] and dataset == CSV


def default_date_column(dataset: str, kind: str | None = None, csv_path: str | None = None) -> str:
    """A built-in series' date column; for a forecast CSV, the first column of dates (else
    the first column that is not numbers, so that its check says which value is no date)."""
    builtin = BUILTIN_DATASETS.get(dataset)
    if builtin:
        return builtin.date_column
    if not _is_series_csv(kind, dataset) or not csv_columns(csv_path):
        return ""
    sample = _sample(str(csv_path))
    textual = [c for c in sample.columns if sample.values[c] and not _all_numeric(sample.values[c])]
    dated = [c for c in textual if not isinstance(series_csv.parse_dates(sample.values[c]), str)]
    return (dated or textual or [""])[0]


def _column_answer_problem(
    question: str, answer: str | None, columns: list[str], kind: str, what: str
) -> str:
    """An answer that must name a column of the CSV: given, and one of `columns`."""
    if not answer:
        listed = f" (columns: {', '.join(columns)})" if columns else ""
        return f"{question} is required for {kind} with dataset=csv; name {what}{listed}"
    if columns and answer not in columns:
        return (
            f"{question} {answer!r} is not a column of the CSV; choose one of: {', '.join(columns)}"
        )
    # No columns: a URL (checked when downloaded) or a bad path (reported on csv_path).
    return ""


def date_column_problem(
    date_column: str | None,
    csv_path: str | None,
    kind: str | None = None,
    dataset: str | None = None,
) -> str:
    if not _is_series_csv(kind, dataset):
        return ""  # not asked: `mlscaffold new` refuses it as an answer for another kind
    columns = csv_columns(csv_path)
    problem = _column_answer_problem(
        "date_column", date_column, columns, "kind=forecast", "the column of dates or timestamps"
    )
    if problem or not date_column or not columns:
        return problem
    sample = _sample(str(csv_path))
    dated = sum(1 for row in sample.rows if row[sample.columns.index(date_column)])
    if dated < sample.row_count:
        return (
            f"date_column {date_column!r} is empty in {sample.row_count - dated} row(s); "
            "every observation needs its date"
        )
    parsed = series_csv.parse_dates(sample.values[date_column])
    if isinstance(parsed, str):
        return f"date_column {date_column!r} cannot be read: {parsed}"
    if not series_csv.infer_frequency(parsed[0]):
        return (
            f"date_column {date_column!r} has no regular frequency (hourly, daily, weekly, "
            "monthly, quarterly or yearly); aggregate the series to one first"
        )
    return ""


def _series_target_problem(csv_path: str, target: str, date_column: str) -> str:
    """A series to forecast is numbers, one value per timestamp."""
    if target == date_column:
        return f"target {target!r} is the date column; name the column of values to forecast"
    values = _target_values(csv_path, target)
    if not _all_numeric(values):
        example = next(v for v in values if not _is_number(v)) if values else ""
        return (
            f"target {target!r} is not numeric (e.g. {example!r}); kind=forecast forecasts "
            "numbers, so choose a numeric column"
        )
    return ""


def _series(
    csv_path: str, date_column: str, target: str
) -> tuple[list[datetime], list[str]] | None:
    """The parsed dates and the target's values (as written) of a readable series."""
    sample = _sample(csv_path)
    if date_column not in sample.columns or target not in sample.columns:
        return None
    date_index, target_index = sample.columns.index(date_column), sample.columns.index(target)
    rows = [row for row in sample.rows if row[date_index]]
    parsed = series_csv.parse_dates([row[date_index] for row in rows])
    if isinstance(parsed, str):
        return None
    return parsed[0], [row[target_index] for row in rows]


def default_horizon(
    dataset: str,
    kind: str | None = None,
    csv_path: str | None = None,
    date_column: str | None = None,
) -> int:
    """Steps ahead by default: a season for most frequencies (0 for other kinds)."""
    if get_kind(kind) is not KINDS["forecast"]:
        return 0
    return DEFAULT_HORIZONS.get(_frequency(dataset, csv_path, date_column), 12)


def _frequency(dataset: str, csv_path: str | None, date_column: str | None) -> str:
    builtin = BUILTIN_DATASETS.get(dataset)
    if builtin:
        return builtin.frequency
    if not csv_path or not date_column or not csv_columns(csv_path):
        return ""
    sample = _sample(csv_path)
    if date_column not in sample.columns:
        return ""
    parsed = series_csv.parse_dates(sample.values[date_column])
    return "" if isinstance(parsed, str) else series_csv.infer_frequency(parsed[0])


def horizon_problem(
    horizon: object,
    kind: str | None = None,
    dataset: str | None = None,
    csv_path: str | None = None,
    date_column: str | None = None,
    target: str | None = None,
) -> str:
    """Checks the horizon, and that the series is long enough and unambiguous for it."""
    if get_kind(kind) is not KINDS["forecast"]:
        return ""
    try:
        steps = int(str(horizon))
    except ValueError:
        return f"horizon {horizon!r} is not a whole number; give the steps ahead, e.g. 12"
    if steps <= 0:
        return f"horizon {steps} is not a number of steps ahead; give 1 or more"
    if dataset != CSV:
        builtin = BUILTIN_DATASETS.get(dataset or "")
        return _length_problem(steps, builtin.frequency, builtin.length) if builtin else ""
    if not csv_path or not date_column or not target or not csv_columns(csv_path):
        return ""  # reported on csv_path, date_column or target
    series = _series(csv_path, date_column, target)
    if series is None:
        return ""
    dates, values = series
    clash = series_csv.conflicting_duplicate(dates, values)
    if clash is not None:
        return (
            f"timestamp {clash.isoformat(sep=' ').removesuffix(' 00:00:00')} appears twice "
            f"with different {target} values; keep one row per timestamp (or aggregate them) "
            "and rerun"
        )
    frequency = series_csv.infer_frequency(dates)
    return _length_problem(steps, frequency, len(set(dates)))


def _length_problem(horizon: int, frequency: str, points: int) -> str:
    needed = min_series_points(horizon, frequency)
    if points >= needed:
        return ""
    return (
        f"the series has {points} {frequency} points; a horizon of {horizon} needs at least "
        f"{needed} ({BACKTEST_FOLDS} backtest folds of {horizon} after two seasons of history): "
        "give a "
        "smaller horizon or a longer series"
    )
