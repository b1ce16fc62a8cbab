"""The kinds of project the ml-project template makes, and each kind's data sets and models.

A kind names what the model learns from (a table, free text; images and time series
later). The answer checks (validation.py), `mlscaffold list` (catalog.py) and the tests
that hold the template to this registry all read it, so a new kind is one more `Kind`
in `KINDS` and its choices in copier.yml.
"""

from __future__ import annotations

from dataclasses import dataclass

CSV = "csv"  # every kind takes the user's own CSV file
DEFAULT_KIND = "tabular"
CLASSIFICATION = "classification"
REGRESSION = "regression"


@dataclass(frozen=True)
class BuiltinDataset:
    """A data set that ships inside a Python package (or its cache), so it loads offline."""

    key: str
    kind: str
    task: str
    target: str
    pitch: str
    classes: tuple[str, ...] = ()  # named where there are few and they say what is learnt
    text_column: str = ""  # kind=text: the column that holds the text


@dataclass(frozen=True)
class ModelChoice:
    """A `model` answer and what the template builds for it, in one line."""

    key: str
    summary: str


@dataclass(frozen=True)
class Kind:
    key: str
    summary: str
    datasets: tuple[BuiltinDataset, ...]  # the built-ins; csv comes on top of them
    models: tuple[ModelChoice, ...]
    default_dataset: str
    tasks: tuple[str, ...]  # the tasks a CSV of this kind may be
    csv_pitch: str  # the default description of a project on the user's CSV
    csv_answers: tuple[str, ...]  # what a CSV of this kind needs named, besides csv_path

    @property
    def dataset_keys(self) -> tuple[str, ...]:
        return (*(d.key for d in self.datasets), CSV)

    @property
    def model_keys(self) -> tuple[str, ...]:
        return tuple(m.key for m in self.models)


TABULAR = Kind(
    key="tabular",
    summary="a table of numbers and categories; scikit-learn",
    datasets=(
        BuiltinDataset(
            "penguins", "tabular", CLASSIFICATION, "species",
            "Predict a penguin's species from its measurements (Palmer penguins).",
        ),
        BuiltinDataset(
            "iris", "tabular", CLASSIFICATION, "species",
            "Predict an iris flower's species from its petal and sepal sizes.",
        ),
        BuiltinDataset(
            "wine", "tabular", CLASSIFICATION, "cultivar",
            "Predict a wine's cultivar from its chemical analysis.",
        ),
        BuiltinDataset(
            "breast_cancer", "tabular", CLASSIFICATION, "diagnosis",
            "Predict whether a breast tumour is malignant or benign from cell measurements.",
        ),
        BuiltinDataset(
            "diabetes", "tabular", REGRESSION, "disease_progression",
            "Predict diabetes progression one year ahead from baseline health measurements.",
        ),
    ),
    # What the template builds for each answer (its tabular modeling/estimators.py);
    # tests/test_catalog.py checks that the two agree.
    models=(
        ModelChoice(
            "auto",
            "random_forest below 10,000 training rows, else gradient_boosting (the default)",
        ),
        ModelChoice("linear", "LogisticRegression / Ridge: fast, interpretable"),
        ModelChoice(
            "random_forest",
            "RandomForestClassifier / RandomForestRegressor: robust on small tabular data",
        ),
        ModelChoice(
            "gradient_boosting",
            "GradientBoostingClassifier / GradientBoostingRegressor: strong on larger tabular data",
        ),
    ),
    default_dataset="penguins",
    tasks=(CLASSIFICATION, REGRESSION),
    csv_pitch="Predict a target from tabular data.",
    csv_answers=("target",),
)  # fmt: skip

TEXT = Kind(
    key="text",
    summary="free text; TF-IDF and a pre-trained transformer",
    datasets=(
        BuiltinDataset(
            "rotten_tomatoes", "text", CLASSIFICATION, "rating",
            "Tell a fresh (positive) film review from a rotten one by its text "
            "(Rotten Tomatoes snippets).",
            classes=("fresh", "rotten"),
            text_column="review",
        ),
    ),
    models=(
        ModelChoice(
            "auto",
            "the best in cross-validation of tfidf, embedding and, where training finds a "
            "GPU, the transformer fine-tuned end to end (the default)",
        ),
        ModelChoice(
            "tfidf", "TF-IDF of words and word pairs + LogisticRegression: the strong classic"
        ),
        ModelChoice(
            "embedding",
            "all-MiniLM-L6-v2 sentence embeddings (a pre-trained transformer) + "
            "LogisticRegression: transfer learning",
        ),
    ),
    default_dataset="rotten_tomatoes",
    tasks=(CLASSIFICATION,),  # a label per text; scores from text are not offered
    csv_pitch="Classify free text by its label.",
    csv_answers=("text_column", "target"),
)  # fmt: skip

KINDS: dict[str, Kind] = {kind.key: kind for kind in (TABULAR, TEXT)}


def get_kind(key: str | None) -> Kind | None:
    """The kind of that name; an unset answer (projects made before kinds) is tabular."""
    return KINDS.get(key or DEFAULT_KIND)


def kind_of_dataset(dataset: str) -> Kind | None:
    """The kind whose built-in `dataset` is (None for csv, which every kind takes)."""
    return next((k for k in KINDS.values() if dataset in {d.key for d in k.datasets}), None)
