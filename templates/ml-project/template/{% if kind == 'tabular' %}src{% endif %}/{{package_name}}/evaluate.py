"""The evaluate step: score the saved model against the baseline on the test split.

Writes reports/metrics.json and the figures in reports/figures/. It loads the model
from disk (model.skops, which the served ONNX export was checked against when it
was trained), so the scores describe what is served, and says whether the model
beats its baseline on the test split and in cross-validation.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from . import plots
from .config import PATHS, SEED, TARGET, TASK, Paths
from .dataset import DataReport, read_split
from .errors import DataError
from .features import build_pipeline
from .importance import Importances, permutation_importances
from .metrics import DECIMALS, HEADLINE_METRIC, per_class, score
from .modeling.estimators import make_baseline, thread_limit
from .modeling.metadata import ModelMetadata
from .modeling.predict import load_predictor
from .modeling.skops_file import load_pipeline
from .results import (
    LOWER_IS_BETTER,
    DataFacts,
    ExamplePrediction,
    HeldOutScores,
    ModelScores,
    RunMetrics,
    TargetSummary,
    verdict,
)

# Permutation importance re-scores the test split once per column and repeat; a
# sample keeps that to seconds on large data without changing the ranking much.
MAX_IMPORTANCE_ROWS = 2000


def evaluate_model(paths: Paths = PATHS) -> RunMetrics:
    """Write reports/metrics.json and reports/figures/*.png; return the metrics."""
    report = DataReport.load(paths.cleaning_report)
    metadata = ModelMetadata.load(paths.metadata_file)
    if metadata.data_sha256 != report.data_sha256:
        # Scores on a split the model was not trained beside would mean nothing.
        raise DataError(
            "the model was trained on other data than data/processed/ holds; "
            "retrain it (make train)"
        )
    pipeline = load_pipeline(paths.model_file)
    train = read_split(paths.train_csv, report)
    test = read_split(paths.test_csv, report)
    x_test, y_test = metadata.schema.coerce(test), test[TARGET]

    # The baseline is refitted rather than saved: it is cheap and deterministic.
    baseline = build_pipeline(metadata.schema, make_baseline(TASK))
    baseline.fit(metadata.schema.coerce(train), train[TARGET])
    scores = ModelScores(
        test=HeldOutScores(
            model=score(pipeline, x_test, y_test, TASK),
            baseline=score(baseline, x_test, y_test, TASK),
        ),
        cv=metadata.metrics.cv,
    )
    with threadpool_limits(limits=thread_limit(metadata.n_train)):
        figures = _draw_figures(pipeline, x_test, y_test, paths.figures_dir)
        importances = _importances(pipeline, x_test, y_test)
        figures.append(
            plots.permutation_importances(
                importances, paths.figures_dir / "permutation_importance.png"
            )
        )
    headline = HEADLINE_METRIC[TASK]
    metrics = RunMetrics(
        project=metadata.project,
        model_version=metadata.model_version,
        task=TASK,
        target=TARGET,
        model=metadata.model,
        estimator=metadata.estimator,
        headline_metric=headline,
        data=_data_facts(report, train, test),
        test=scores.test,
        cv=scores.cv,
        verdict=verdict(scores, headline, lower_is_better=headline in LOWER_IS_BETTER),
        per_class=per_class(pipeline, x_test, y_test) if TASK == "classification" else None,
        permutation_importance=importances.ranked(),
        figures=[path.relative_to(paths.reports_dir).as_posix() for path in figures],
        example=_served_example(paths, metadata),
    )
    metrics.save(paths.metrics_file)
    return metrics


def _served_example(paths: Paths, metadata: ModelMetadata) -> ExamplePrediction:
    """What the service answers for the example record: the ONNX export's prediction."""
    (answer,) = load_predictor(paths.onnx_file).predict([metadata.example_record])
    return ExamplePrediction(
        record=metadata.example_record,
        prediction=answer.prediction,
        probabilities=answer.probabilities,
    )


def _draw_figures(
    pipeline: Pipeline, x_test: pd.DataFrame, y_test: pd.Series, figures_dir: Path
) -> list[Path]:
    predicted = pipeline.predict(x_test)
    if TASK == "classification":
        classes = [str(label) for label in pipeline.classes_]
        probabilities = pipeline.predict_proba(x_test)
        figures = [
            plots.confusion_matrix(
                y_test, predicted, classes, figures_dir / "confusion_matrix.png"
            ),
            plots.roc_curves(y_test, probabilities, classes, figures_dir / "roc_curve.png"),
            plots.precision_recall_curves(
                y_test, probabilities, classes, figures_dir / "precision_recall.png"
            ),
        ]
    else:
        figures = [
            plots.predicted_vs_actual(y_test, predicted, figures_dir / "predicted_vs_actual.png"),
            plots.residuals(y_test, predicted, figures_dir / "residuals.png"),
        ]
    return figures


def _importances(pipeline: Pipeline, x_test: pd.DataFrame, y_test: pd.Series) -> Importances:
    sample = x_test.sample(n=min(len(x_test), MAX_IMPORTANCE_ROWS), random_state=SEED)
    return permutation_importances(
        pipeline, sample, y_test.loc[sample.index], scoring=HEADLINE_METRIC[TASK], seed=SEED
    )


def _data_facts(report: DataReport, train: pd.DataFrame, test: pd.DataFrame) -> DataFacts:
    """What the README and the model card say about the data: size, target, cleaning."""
    target = pd.concat([train[TARGET], test[TARGET]], ignore_index=True)
    class_counts, summary = None, None
    if TASK == "classification":
        counts = target.astype(str).value_counts()
        # Largest class first; ties by name, so the order never depends on row order.
        ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        class_counts = {str(label): int(count) for label, count in ordered}
    else:
        summary = TargetSummary(
            **{
                name: round(float(getattr(target, name)()), DECIMALS)
                for name in ("min", "max", "mean", "median", "std")
            }
        )
    return DataFacts(
        source=report.source,
        n_raw_rows=report.n_raw_rows,
        n_rows=report.n_rows,
        n_train=len(train),
        n_test=len(test),
        dropped=report.dropped,
        class_counts=class_counts,
        target_summary=summary,
    )
