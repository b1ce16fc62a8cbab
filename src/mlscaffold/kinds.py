"""The kinds of project the ml-project template makes, and each kind's data sets and models.

A kind names what the model learns from (a table, free text, images, the past of a
time series). The answer checks (validation.py, image_folder.py), `mlscaffold list`
(catalog.py) and the tests that hold the template to this registry all read it, so a
new kind is one more `Kind` in `KINDS` and its choices in copier.yml.
"""

from __future__ import annotations

from dataclasses import dataclass

CSV = "csv"  # the user's own CSV file: tabular, text and forecast projects
FOLDER = "folder"  # the user's own folder of images: image projects
DEFAULT_KIND = "tabular"
CLASSIFICATION = "classification"
REGRESSION = "regression"
FORECAST = "forecast"
# A class of an image project needs this many images that open, for a stratified test
# split and every cross-validation fold to hold some (the template's config says the same).
MIN_IMAGES_PER_CLASS = 10
# A forecast project backtests on this many rolling origins, each `horizon` steps after
# the last; the first fold trains on at least two seasons (and MIN_TRAIN_POINTS) before
# it. The template's config.py says the same.
BACKTEST_FOLDS = 4
MIN_TRAIN_POINTS = 24
# Per frequency: the season's length in steps, and the default horizon (steps ahead).
SEASON_LENGTHS = {
    "hourly": 24, "daily": 7, "weekly": 52, "monthly": 12, "quarterly": 4, "yearly": 1,
}  # fmt: skip
DEFAULT_HORIZONS = {
    "hourly": 24, "daily": 14, "weekly": 13, "monthly": 12, "quarterly": 8, "yearly": 5,
}  # fmt: skip


def min_series_points(horizon: int, frequency: str) -> int:
    """The fewest points a series needs for its backtest: the folds, and the first training
    window of two seasons (at least MIN_TRAIN_POINTS) before them."""
    season = SEASON_LENGTHS.get(frequency, 1)
    return horizon * BACKTEST_FOLDS + max(2 * season, MIN_TRAIN_POINTS)


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
    date_column: str = ""  # kind=forecast: the column of timestamps
    frequency: str = ""  # kind=forecast: the series' frequency (a key of SEASON_LENGTHS)
    length: int = 0  # kind=forecast: the series' points once cleaned


@dataclass(frozen=True)
class OwnData:
    """How a kind takes the user's own data: a `dataset` answer and the answer naming where."""

    key: str  # the `dataset` answer
    location: str  # the answer that names the file or folder
    summary: str  # what it is, as `mlscaffold list` says it
    target: str = ""  # the target's name when the data fixes it; "" when the user names it


CSV_FILE = OwnData(CSV, "csv_path", "your own CSV file or http(s) URL")
IMAGE_FOLDER = OwnData(
    FOLDER,
    "image_dir",
    "your own folder of images, one sub-folder per class, or a .zip of one",
    target="label",
)


@dataclass(frozen=True)
class ModelChoice:
    """A `model` answer and what the template builds for it, in one line."""

    key: str
    summary: str


@dataclass(frozen=True)
class Kind:
    key: str
    summary: str
    datasets: tuple[BuiltinDataset, ...]  # the built-ins; the user's own data comes on top
    models: tuple[ModelChoice, ...]
    default_dataset: str
    tasks: tuple[str, ...]  # the tasks the user's own data of this kind may be
    own_pitch: str  # the default description of a project on the user's own data
    own_answers: tuple[str, ...]  # what the user's own data needs named, besides its location
    own_data: OwnData = CSV_FILE

    @property
    def dataset_keys(self) -> tuple[str, ...]:
        return (*(d.key for d in self.datasets), self.own_data.key)

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
    own_pitch="Predict a target from tabular data.",
    own_answers=("target",),
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
    own_pitch="Classify free text by its label.",
    own_answers=("text_column", "target"),
)  # fmt: skip

IMAGE = Kind(
    key="image",
    summary="images; a CNN in PyTorch and a pre-trained EfficientNet-Lite0",
    datasets=(
        BuiltinDataset(
            "digits", "image", CLASSIFICATION, "digit",
            # Short and ASCII: it becomes the generated package's one-line docstring.
            "Recognise a handwritten digit from its 8 x 8 scan (UCI optical digits, "
            "via scikit-learn).",
            classes=tuple(str(digit) for digit in range(10)),
        ),
    ),
    # What the template builds for each answer (its image modeling/candidates.py).
    models=(
        ModelChoice(
            "auto", "the best in cross-validation of linear, cnn and transfer (the default)"
        ),
        ModelChoice("linear", "LogisticRegression on the pixels: the floor a network must beat"),
        ModelChoice(
            "cnn",
            "a small CNN trained from scratch in PyTorch, with augmentation and early stopping",
        ),
        ModelChoice(
            "transfer",
            "EfficientNet-Lite0 pre-trained on ImageNet (frozen) + LogisticRegression: "
            "transfer learning",
        ),
    ),
    default_dataset="digits",
    tasks=(CLASSIFICATION,),  # a label per image, from its folder's name
    own_pitch="Classify images by their folder's label.",
    own_answers=(),  # the folder's names are the labels: nothing else to name
    own_data=IMAGE_FOLDER,
)  # fmt: skip

FORECAST_KIND = Kind(
    key="forecast",
    summary="a time series; seasonal baselines, ETS and gradient boosting on lags",
    datasets=(
        BuiltinDataset(
            "co2", "forecast", FORECAST, "co2",
            "Forecast the monthly CO2 concentration at Mauna Loa (Scripps, via statsmodels).",
            date_column="date",
            frequency="monthly",
            length=526,
        ),
        BuiltinDataset(
            "elnino", "forecast", FORECAST, "temperature",
            "Forecast the monthly sea temperature off Peru (El Nino 1+2, NOAA, via statsmodels).",
            date_column="date",
            frequency="monthly",
            length=732,
        ),
    ),
    # What the template builds for each answer (its forecast modeling/candidates.py).
    models=(
        ModelChoice(
            "auto",
            "the best on the rolling-origin backtest of the baselines, ets and "
            "gradient_boosting (the default)",
        ),
        ModelChoice("ets", "exponential smoothing (statsforecast AutoETS), served from its state"),
        ModelChoice(
            "gradient_boosting",
            "HistGradientBoostingRegressor on lag and calendar features, recursive, via ONNX",
        ),
    ),
    default_dataset="co2",
    tasks=(FORECAST,),
    own_pitch="Forecast a time series.",
    own_answers=("date_column", "target", "horizon"),
)  # fmt: skip

KINDS: dict[str, Kind] = {kind.key: kind for kind in (TABULAR, TEXT, IMAGE, FORECAST_KIND)}


def get_kind(key: str | None) -> Kind | None:
    """The kind of that name; an unset answer (projects made before kinds) is tabular."""
    return KINDS.get(key or DEFAULT_KIND)


def kinds_taking(dataset: str) -> tuple[Kind, ...]:
    """The kinds that take `dataset`: a built-in's one kind, or those taking that own data."""
    return tuple(k for k in KINDS.values() if dataset in k.dataset_keys)


def kind_of_dataset(dataset: str) -> Kind | None:
    """The one kind that takes `dataset` (None for csv, which several take, or an unknown)."""
    owners = kinds_taking(dataset)
    return owners[0] if len(owners) == 1 else None
