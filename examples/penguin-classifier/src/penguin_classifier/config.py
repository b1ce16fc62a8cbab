"""What this project predicts, from which data, and where its files live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

PROJECT_NAME: Final = "penguin-classifier"
# The name in pyproject.toml, under which the package's metadata is installed.
DISTRIBUTION: Final = "penguin-classifier"
DATASET: Final = "penguins"
TARGET: Final = "species"
TASK: Final[Literal["classification", "regression"]] = "classification"
# "auto" is resolved at training time from the task and the number of rows.
MODEL: Final[Literal["auto", "linear", "random_forest", "gradient_boosting"]] = "auto"

# One seed for the split, cross-validation and every estimator, so a rerun reproduces
# the same model and the same numbers.
SEED: Final = 42
TEST_SIZE: Final = 0.2
CV_FOLDS: Final = 5
# Bump on a change to the features or the model; the data's hash is appended to it.
MODEL_VERSION: Final = "1.0.0"

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
    def model_file(self) -> Path:
        return self.models_dir / "model.skops"

    @property
    def onnx_file(self) -> Path:
        # The model as the service runs it: model_file exported to ONNX by training.
        return self.models_dir / "model.onnx"

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
