"""The scores of a run, as typed records: models/metadata.json and reports/metrics.json.

Training measures the model and its baseline (`ModelScores`, kept in the metadata);
evaluation adds what a reader needs to judge them (`RunMetrics`, saved as
reports/metrics.json with a schema version). Everything that reads these files
goes through these models, so a renamed or missing field fails loudly, in one place.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final, Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from .errors import ProjectError

# Bump when a field of RunMetrics changes meaning or goes away.
SCHEMA_VERSION: Final = 1

Task = Literal["classification", "regression"]
# Error metrics: smaller is better. Every other metric: larger is better.
LOWER_IS_BETTER = frozenset({"mae", "rmse"})
# A metric's value on one split; None where it is undefined (ROC AUC without both classes).
MetricValues = dict[str, float | None]
# A cleaning note: {"column": name, "reason": ...} or {"rows": count, "reason": ...}.
Note = dict[str, str | int]
JsonScalar = str | int | float | bool | None


class Record(BaseModel):
    # `model_version` and `model` are field names here, not pydantic's namespace.
    model_config = ConfigDict(frozen=True, extra="forbid", protected_namespaces=())


class Spread(Record):
    """Mean and standard deviation of a metric over the cross-validation folds."""

    mean: float
    std: float


class HeldOutScores(Record):
    """Model and baseline on the held-out test split."""

    model: MetricValues
    baseline: MetricValues


class CrossValidation(Record):
    """Model and baseline over the folds of the training split."""

    folds: int
    model: dict[str, Spread]
    baseline: dict[str, Spread]


class CandidateScores(Record):
    """One of the models that training compared, on the test split and in cross-validation."""

    name: str
    description: str
    test: MetricValues
    cv: dict[str, Spread]
    fit_seconds: float


class ModelScores(Record):
    """What training measured: the test split and cross-validation.

    `candidates` lists every model compared when training chose among several (the
    served one included), in the order they were tried; empty when it trained one.
    """

    test: HeldOutScores
    cv: CrossValidation
    candidates: list[CandidateScores] = []


class Verdict(Record):
    """Does the model beat the baseline on the headline metric: on the test split, and in
    cross-validation by more than its scores' spread over the folds?"""

    metric: str
    lower_is_better: bool
    beats_baseline_on_test: bool
    beats_baseline_in_cv: bool

    @property
    def beats_baseline(self) -> bool:
        return self.beats_baseline_on_test and self.beats_baseline_in_cv


class ClassScores(Record):
    precision: float
    recall: float
    f1: float
    support: int


class Importance(Record):
    """How much the headline metric drops when one column is shuffled."""

    feature: str
    mean: float
    std: float


class TargetSummary(Record):
    min: float
    max: float
    mean: float
    median: float
    std: float


class DataFacts(Record):
    """The data behind the scores: size, split, the target, what cleaning dropped."""

    source: str
    n_raw_rows: int
    n_rows: int
    n_train: int
    n_test: int
    dropped: list[Note]
    class_counts: dict[str, int] | None = None  # classification, largest class first
    target_summary: TargetSummary | None = None  # regression
    provenance: str = ""  # where the data comes from and on what terms, when known
    grouped_by: str = ""  # the column whose groups the split kept apart, if any


class Mistake(Record):
    """A test-split text the served model got wrong, with its confidence in the wrong label."""

    text: str
    actual: str
    predicted: str
    probability: float


class ExamplePrediction(Record):
    """A real test-split record and what the served model (the ONNX export) answers."""

    record: dict[str, JsonScalar]
    prediction: str | float
    probabilities: dict[str, float] | None = None


class RunMetrics(Record):
    """reports/metrics.json."""

    schema_version: Literal[1] = SCHEMA_VERSION
    project: str
    model_version: str
    task: Task
    target: str
    model: str
    estimator: str
    headline_metric: str
    data: DataFacts
    test: HeldOutScores
    cv: CrossValidation
    verdict: Verdict
    per_class: dict[str, ClassScores] | None  # the model's, on the test split
    permutation_importance: list[Importance]
    figures: list[str]  # relative to reports/
    example: ExamplePrediction
    candidates: list[CandidateScores] = []  # see ModelScores
    mistakes: list[Mistake] = []  # the most confident wrong predictions, worst first
    top_terms: dict[str, list[str]] = {}  # per class, the terms a linear model weighs most

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(self.model_dump_json(indent=2) + "\n", encoding="utf-8")

    @classmethod
    def load(cls, path: Path) -> RunMetrics:
        """Read metrics.json; raise ProjectError, saying what to run, if it cannot be used."""
        if not path.is_file():
            raise ProjectError(f"{path} is missing; evaluate the model (make evaluate)")
        try:
            return cls.model_validate_json(path.read_bytes())
        except ValidationError as err:
            first = err.errors()[0]
            where = ".".join(str(part) for part in first["loc"]) or "the file"
            raise ProjectError(
                f"{path} is not what this evaluate step writes ({where}: {first['msg']}); "
                "evaluate again (make evaluate)"
            ) from err


def verdict(scores: ModelScores, metric: str, *, lower_is_better: bool) -> Verdict:
    """Compare model and baseline on `metric`: on the test split, and across the CV folds.

    In cross-validation the model must lead by more than the spread of its own scores
    over the folds: on data without signal, a model can edge past the baseline's mean
    by chance, but not by more than that.
    """
    sign = -1.0 if lower_is_better else 1.0
    test_model, test_baseline = scores.test.model.get(metric), scores.test.baseline.get(metric)
    on_test = (
        test_model is not None
        and test_baseline is not None
        and sign * (test_model - test_baseline) > 0
    )
    cv_model, cv_baseline = scores.cv.model.get(metric), scores.cv.baseline.get(metric)
    in_cv = (
        cv_model is not None
        and cv_baseline is not None
        and sign * (cv_model.mean - cv_baseline.mean) > cv_model.std
    )
    return Verdict(
        metric=metric,
        lower_is_better=lower_is_better,
        beats_baseline_on_test=on_test,
        beats_baseline_in_cv=in_cv,
    )
