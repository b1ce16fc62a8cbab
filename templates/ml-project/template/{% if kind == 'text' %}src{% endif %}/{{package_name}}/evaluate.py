"""The evaluate step: score the served model against the baseline on the test split.

Writes reports/metrics.json and the figures in reports/figures/. It predicts with
models/model.onnx, the export the service runs, so the scores describe what is
served. Beyond the scores, it gathers what a reader needs to trust them: the
candidates compared, the texts the model got most confidently wrong ("read your
predictions"), and the words the TF-IDF model weighs most for each class.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from . import plots
from .config import DATA_PROVENANCE, GROUP_COLUMN, PATHS, SEED, TARGET, TASK, Paths
from .dataset import TEXT, DataReport, read_split
from .errors import DataError
from .metrics import DECIMALS, HEADLINE_METRIC, class_scores, classification_scores, score
from .modeling.candidates import make_baseline, make_tfidf
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

MISTAKES_SHOWN = 5
TERMS_SHOWN = 10
# Long texts are cut for the README's table; the full text is in data/processed/test.csv.
MISTAKE_CHARACTERS = 160


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
    train = read_split(paths.train_csv, report)
    test = read_split(paths.test_csv, report)
    classes = list(metadata.classes or ())
    probabilities = _probabilities(predictor, test[TEXT].tolist(), classes)
    predicted = np.array(classes)[np.argmax(probabilities, axis=1)]
    y_test = test[TARGET].to_numpy()

    # The baseline is refitted rather than saved: it is cheap and deterministic.
    baseline = make_baseline().fit(np.zeros((len(train), 1)), train[TARGET])
    scores = ModelScores(
        test=HeldOutScores(
            model=classification_scores(y_test, predicted, probabilities, classes),
            baseline=score(baseline, np.zeros((len(test), 1)), y_test, TASK),
        ),
        cv=metadata.metrics.cv,
        candidates=metadata.metrics.candidates,
    )
    top_terms = _top_terms(train, classes)
    figures_dir = paths.figures_dir
    figures = [
        plots.confusion_matrix(
            test[TARGET], predicted, classes, figures_dir / "confusion_matrix.png"
        ),
        plots.roc_curves(test[TARGET], probabilities, classes, figures_dir / "roc_curve.png"),
        plots.precision_recall_curves(
            test[TARGET], probabilities, classes, figures_dir / "precision_recall.png"
        ),
        plots.top_terms(top_terms, figures_dir / "top_terms.png"),
    ]
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
        example=_served_example(predictor, metadata),
        candidates=scores.candidates,
        mistakes=_mistakes(test, probabilities, classes),
        top_terms={label: [term for term, _ in terms] for label, terms in top_terms.items()},
    )
    metrics.save(paths.metrics_file)
    return metrics


def _probabilities(predictor: Predictor, texts: list[str], classes: list[str]) -> np.ndarray:
    predictions = predictor.predict([{"text": text} for text in texts])
    return np.array([[p.probabilities[label] for label in classes] for p in predictions])


def _mistakes(test: pd.DataFrame, probabilities: np.ndarray, classes: list[str]) -> list[Mistake]:
    """The wrong predictions the model was surest of: where it most needs a reader's eye."""
    best = np.argmax(probabilities, axis=1)
    confidence = probabilities[np.arange(len(best)), best]
    wrong = np.flatnonzero(np.array(classes)[best] != test[TARGET].to_numpy())
    # Surest first; ties by position, so the table never depends on sort stability.
    worst = sorted(wrong.tolist(), key=lambda row: (-confidence[row], row))[:MISTAKES_SHOWN]
    return [
        Mistake(
            text=_shortened(test[TEXT].iloc[row]),
            actual=str(test[TARGET].iloc[row]),
            predicted=classes[best[row]],
            probability=round(float(confidence[row]), DECIMALS),
        )
        for row in worst
    ]


def _top_terms(train: pd.DataFrame, classes: list[str]) -> dict[str, list[tuple[str, float]]]:
    """Per class, the words and word pairs whose TF-IDF weights push hardest towards it.

    The TF-IDF model is refitted for this whichever candidate is served: it is
    deterministic, takes seconds, and its weights are the readable ones.
    """
    pipeline = make_tfidf(SEED).fit(train[TEXT].tolist(), train[TARGET])
    tokenizer = pipeline.named_steps["words"].tokenizer_
    vocabulary: dict[str, int] = pipeline.named_steps["counts"].vocabulary_
    terms = [""] * len(vocabulary)
    for gram, column in vocabulary.items():
        terms[column] = " ".join(tokenizer.id_to_token(int(token)) for token in gram.split())
    model = pipeline.named_steps["model"]
    weights = model.coef_
    if len(model.classes_) == 2:
        # One weight per term: positive for the second class, negative for the first.
        weights = np.vstack([-weights[0], weights[0]])
    return {
        str(label): [
            (terms[column], round(float(row[column]), DECIMALS))
            for column in np.argsort(-row, kind="stable")[:TERMS_SHOWN]
        ]
        for label, row in zip(model.classes_, weights, strict=True)
        if str(label) in classes
    }


def _served_example(predictor: Predictor, metadata: ModelMetadata) -> ExamplePrediction:
    """What the service answers for the example text: the ONNX export's prediction."""
    (answer,) = predictor.predict([metadata.example_record])
    return ExamplePrediction(
        record=metadata.example_record,
        prediction=answer.prediction,
        probabilities=answer.probabilities,
    )


def _data_facts(report: DataReport, train: pd.DataFrame, test: pd.DataFrame) -> DataFacts:
    """What the README and the model card say about the data: size, classes, cleaning."""
    counts = pd.concat([train[TARGET], test[TARGET]], ignore_index=True).value_counts()
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
        grouped_by=GROUP_COLUMN or "",
    )


def _shortened(text: str) -> str:
    if len(text) <= MISTAKE_CHARACTERS:
        return text
    return text[: MISTAKE_CHARACTERS - 1].rstrip() + "…"
