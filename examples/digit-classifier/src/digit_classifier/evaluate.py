"""The evaluate step: score the served model against the baseline on the test split.

Writes reports/metrics.json and the figures in reports/figures/. It predicts with
models/model.onnx, the export the service runs, so the scores describe what is
served. Beyond the scores, it gathers what a reader needs to trust them: the
candidates compared, the CNN's training curves, and the test images the model got
most confidently wrong ("look at your predictions").
"""

from __future__ import annotations

import json

import numpy as np
import pandas as pd

from . import plots
from .config import DATA_PROVENANCE, PATHS, TARGET, TASK, Paths
from .dataset import DataReport, Images
from .errors import DataError
from .metrics import DECIMALS, HEADLINE_METRIC, class_scores, classification_scores, score
from .modeling.candidates import make_baseline
from .modeling.metadata import ModelMetadata
from .modeling.predict import Predictor, load_predictor
from .results import (
    DataFacts,
    ExamplePrediction,
    HeldOutScores,
    Mistake,
    ModelScores,
    RunMetrics,
    verdict,
)

MISTAKES_SHOWN = 8


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
    predictor = load_predictor(paths.onnx_file)
    train = Images.load(paths.train_images)
    test = Images.load(paths.test_images)
    classes = list(metadata.classes or ())
    probabilities = _probabilities(predictor, test, classes)
    predicted = np.array(classes)[np.argmax(probabilities, axis=1)]
    y_test = pd.Series(test.labels)

    # The baseline is refitted rather than saved: it is cheap and deterministic.
    baseline = make_baseline().fit(np.zeros((len(train), 1)), train.labels)
    scores = ModelScores(
        test=HeldOutScores(
            model=classification_scores(y_test, predicted, probabilities, classes),
            baseline=score(baseline, np.zeros((len(test), 1)), y_test, TASK),
        ),
        cv=metadata.metrics.cv,
        candidates=metadata.metrics.candidates,
    )
    mistakes = _mistakes(test, probabilities, classes)
    figures_dir = paths.figures_dir
    figures = [
        plots.confusion_matrix(y_test, predicted, classes, figures_dir / "confusion_matrix.png"),
        plots.roc_curves(y_test, probabilities, classes, figures_dir / "roc_curve.png"),
        plots.precision_recall_curves(
            y_test, probabilities, classes, figures_dir / "precision_recall.png"
        ),
    ]
    if paths.history_file.is_file():
        history = json.loads(paths.history_file.read_text())
        figures.append(
            plots.training_curves(
                history["epochs"], history["best_epoch"], figures_dir / "training_curves.png"
            )
        )
    if mistakes:
        rows = _surest_mistakes(test, probabilities, classes)
        captions = [f"{m.actual} → {m.predicted} ({m.probability:.0%})" for m in mistakes]
        figures.append(
            plots.image_grid(
                test.pixels[rows],
                captions,
                "Surest mistakes (true → predicted)",
                figures_dir / "mistakes.png",
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
        verdict=verdict(scores, headline, lower_is_better=False),
        per_class=class_scores(y_test, predicted, classes),
        permutation_importance=[],
        figures=[path.relative_to(paths.reports_dir).as_posix() for path in figures],
        example=_served_example(predictor, metadata, paths),
        candidates=scores.candidates,
        mistakes=mistakes,
    )
    metrics.save(paths.metrics_file)
    return metrics


def _probabilities(predictor: Predictor, test: Images, classes: list[str]) -> np.ndarray:
    predictions = predictor.predict(list(test.pixels))
    return np.array([[p.probabilities[label] for label in classes] for p in predictions])


def _mistakes(test: Images, probabilities: np.ndarray, classes: list[str]) -> list[Mistake]:
    """The wrong predictions the model was surest of: where it most needs a reader's eye."""
    best = np.argmax(probabilities, axis=1)
    return [
        Mistake(
            text=str(test.files[row]),  # the image's file, under its class folder
            actual=str(test.labels[row]),
            predicted=classes[best[row]],
            probability=round(float(probabilities[row, best[row]]), DECIMALS),
        )
        for row in _surest_mistakes(test, probabilities, classes)
    ]


def _surest_mistakes(test: Images, probabilities: np.ndarray, classes: list[str]) -> list[int]:
    """Rows of the wrong predictions, the most confident first (ties by position)."""
    best = np.argmax(probabilities, axis=1)
    confidence = probabilities[np.arange(len(best)), best]
    wrong = np.flatnonzero(np.array(classes)[best] != test.labels)
    return sorted(wrong.tolist(), key=lambda row: (-confidence[row], row))[:MISTAKES_SHOWN]


def _served_example(
    predictor: Predictor, metadata: ModelMetadata, paths: Paths
) -> ExamplePrediction:
    """What the service answers for the example image (models/example.png)."""
    (answer,) = predictor.predict_files([paths.example_image.read_bytes()])
    return ExamplePrediction(
        record=metadata.example_record,
        prediction=answer.prediction,
        probabilities=answer.probabilities,
    )


def _data_facts(report: DataReport, train: Images, test: Images) -> DataFacts:
    """What the README and the model card say about the data: size, classes, cleaning."""
    counts = pd.Series(np.concatenate([train.labels, test.labels])).value_counts()
    # Largest class first; ties by name, so the order never depends on row order.
    ordered = sorted(counts.items(), key=lambda item: (-item[1], str(item[0])))
    return DataFacts(
        source=report.source,
        n_raw_rows=report.n_raw_rows,
        n_rows=report.n_rows,
        n_train=len(train),
        n_test=len(test),
        dropped=report.dropped,
        class_counts={str(label): int(count) for label, count in ordered},
        provenance=DATA_PROVENANCE,
    )
