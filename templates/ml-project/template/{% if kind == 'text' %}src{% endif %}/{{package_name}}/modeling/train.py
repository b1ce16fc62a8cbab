"""The train step: fit the baseline and each candidate, compare them, export the best.

Every candidate is cross-validated on the same folds of the training split (whole
groups per fold, with a config.GROUP_COLUMN) and
scored on the test split; the served one is the best in cross-validation (or the
one config.MODEL names). The test split only reports: choosing on it would make
its scores optimistic.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, Literal

import numpy as np
from sklearn.base import BaseEstimator
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold, cross_validate

from ..config import (
    CV_FOLDS,
    FINE_TUNE,
    GROUP_COLUMN,
    MODEL,
    MODEL_VERSION,
    PATHS,
    PROJECT_NAME,
    SEED,
    TARGET,
    TASK,
    Paths,
)
from ..dataset import TEXT, DataReport, read_split
from ..errors import DataError
from ..metrics import CV_SCORERS, HEADLINE_METRIC, score, summarize_cv
from ..results import CandidateScores, CrossValidation, HeldOutScores, ModelScores, Spread
from ..schema import TEXT_FEATURE, TEXT_FIELD
from .candidates import (
    CANDIDATES,
    DESCRIPTIONS,
    CandidateName,
    make_baseline,
    make_head,
    make_tfidf,
)
from .metadata import ModelMetadata
from .onnx_export import check_export, export_tfidf
from .predict import load_predictor

ModelChoice = Literal["auto", CandidateName]
# Cross-validation folds, as (training rows, validation rows) of the training split.
Folds = list[tuple[np.ndarray, np.ndarray]]
# An example text for the docs and the API: a real test review of a readable length.
EXAMPLE_CHARACTERS = (60, 240)


@dataclass(frozen=True)
class Texts:
    """The processed data as the candidates see it."""

    train: list[str]
    y_train: np.ndarray
    test: list[str]
    y_test: np.ndarray
    groups_train: np.ndarray | None  # each training text's group, for grouped folds


@dataclass(frozen=True)
class Fitted:
    """A candidate fitted on the whole training split, with its scores."""

    name: CandidateName
    estimator: BaseEstimator
    x_test: Any  # what the estimator predicts from: texts, or their embeddings
    scores: CandidateScores
    export: Callable[[Paths], None]


@dataclass(frozen=True)
class TrainResult:
    metadata: ModelMetadata
    served: Fitted


def train_model(
    paths: Paths = PATHS, *, seed: int = SEED, model: ModelChoice = MODEL
) -> TrainResult:
    """Train on data/processed/train.csv; write models/model.onnx, tokenizer.json, metadata.json.

    `model` is "auto" (every candidate, the best in cross-validation served) or the
    one candidate to train; config.MODEL by default.

    Raises ExportError, leaving no model.onnx, when the ONNX export does not predict
    what the trained model does on the test split.
    """
    report = DataReport.load(paths.cleaning_report)
    texts = _load_texts(paths, report)
    folds = _cv_folds(texts, seed)
    started = time.perf_counter()

    baseline = make_baseline()
    dummy_train, dummy_test = np.zeros((len(texts.train), 1)), np.zeros((len(texts.test), 1))
    baseline_cv = _cross_validate(baseline, dummy_train, texts.y_train, folds)
    baseline.fit(dummy_train, texts.y_train)
    baseline_test = score(baseline, dummy_test, texts.y_test, TASK)

    fitted = [_fit_candidate(name, texts, folds, seed) for name in _candidates(model)]
    served = _choose(fitted)
    training_seconds = time.perf_counter() - started

    scores = ModelScores(
        test=HeldOutScores(model=served.scores.test, baseline=baseline_test),
        cv=CrossValidation(folds=len(folds), model=served.scores.cv, baseline=baseline_cv),
        candidates=[candidate.scores for candidate in fitted],
    )
    metadata = _describe(served, scores, texts, report, seed, training_seconds)
    _save(served, metadata, texts, paths)
    return TrainResult(metadata=metadata, served=served)


def _load_texts(paths: Paths, report: DataReport) -> Texts:
    train = read_split(paths.train_csv, report)
    test = read_split(paths.test_csv, report)
    return Texts(
        train=train[TEXT].tolist(),
        y_train=train[TARGET].to_numpy(),
        test=test[TEXT].tolist(),
        y_test=test[TARGET].to_numpy(),
        groups_train=train[GROUP_COLUMN].to_numpy() if GROUP_COLUMN else None,
    )


def _candidates(model: ModelChoice) -> tuple[CandidateName, ...]:
    """The candidates to train: all of them for "auto", fine-tuning only where it is wanted."""
    if model != "auto":
        return (model,)
    if FINE_TUNE == "never":
        return CANDIDATES
    from .embeddings import pick_device  # torch: imported only when a candidate needs it

    if FINE_TUNE == "always" or pick_device().type != "cpu":
        return (*CANDIDATES, "finetuned")
    return CANDIDATES


def _fit_candidate(name: CandidateName, texts: Texts, folds: Folds, seed: int) -> Fitted:
    started = time.perf_counter()
    estimator, x_train, x_test, export = _prepare(name, texts, seed)
    cv = _cross_validate(estimator, x_train, texts.y_train, folds)
    estimator.fit(x_train, texts.y_train)
    scores = CandidateScores(
        name=name,
        description=DESCRIPTIONS[name],
        test=score(estimator, x_test, texts.y_test, TASK),
        cv=cv,
        fit_seconds=round(time.perf_counter() - started, 3),
    )
    return Fitted(name=name, estimator=estimator, x_test=x_test, scores=scores, export=export)


def _prepare(
    name: CandidateName, texts: Texts, seed: int
) -> tuple[BaseEstimator, Any, Any, Callable[[Paths], None]]:
    """A candidate's unfitted estimator, what it learns from (train, test), and its export."""
    if name == "tfidf":
        pipeline = make_tfidf(seed)

        def export_tfidf_pipeline(paths: Paths) -> None:
            export_tfidf(pipeline, paths.onnx_file, paths.tokenizer_file)

        return pipeline, texts.train, texts.test, export_tfidf_pipeline

    # torch loads only when the transformer is a candidate.
    from .embeddings import EmbeddingClassifier, embed, export_classifier, load_encoder
    from .pretrained import encoder_tokenizer

    if name == "embedding":
        # The encoder is frozen: the texts are embedded once, and only the head learns.
        encoder = load_encoder()
        head = make_head(seed)

        def export_head(paths: Paths) -> None:
            export_classifier(EmbeddingClassifier.from_logistic(encoder, head), paths.onnx_file)
            encoder_tokenizer().save(str(paths.tokenizer_file))

        return head, embed(encoder, texts.train), embed(encoder, texts.test), export_head

    from .finetune import FineTunedClassifier

    tuned = FineTunedClassifier(seed=seed)

    def export_tuned(paths: Paths) -> None:
        export_classifier(tuned.model_, paths.onnx_file)
        encoder_tokenizer().save(str(paths.tokenizer_file))

    return tuned, texts.train, texts.test, export_tuned


def _choose(fitted: list[Fitted]) -> Fitted:
    """The best candidate by its mean cross-validated headline metric; the first on a tie."""
    headline = HEADLINE_METRIC[TASK]
    return max(fitted, key=lambda candidate: candidate.scores.cv[headline].mean)


def _cross_validate(
    estimator: BaseEstimator, x: Any, y: np.ndarray, folds: Folds
) -> dict[str, Spread]:
    results = cross_validate(estimator, x, y, cv=folds, scoring=CV_SCORERS[TASK])
    return summarize_cv(results, TASK)


def _cv_folds(texts: Texts, seed: int) -> Folds:
    """The folds every candidate is scored on: (train rows, validation rows) pairs.

    Each side of every fold holds every class. Whole groups per fold can make that
    impossible with many folds (a few films hold all of a class), so the number of
    folds comes down until it holds.
    """
    y = texts.y_train
    classes = set(y.tolist())
    _, counts = np.unique(y, return_counts=True)
    most = max(2, min(CV_FOLDS, int(counts.min())))
    rows = np.zeros(len(y))
    for n_splits in range(most, 1, -1):
        splitter: StratifiedKFold | StratifiedGroupKFold = (
            StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
            if texts.groups_train is None
            else StratifiedGroupKFold(n_splits=n_splits, shuffle=True, random_state=seed)
        )
        try:
            folds = list(splitter.split(rows, y, groups=texts.groups_train))
        except ValueError:  # fewer groups than folds
            continue
        if all(set(y[train].tolist()) == classes == set(y[test].tolist()) for train, test in folds):
            return folds
    raise DataError(
        f"the training texts fall in too few {GROUP_COLUMN!r} groups to cross-validate with "
        "every class on both sides of a fold; add texts of more groups"
    )


def _describe(
    served: Fitted,
    scores: ModelScores,
    texts: Texts,
    report: DataReport,
    seed: int,
    training_seconds: float,
) -> ModelMetadata:
    classes = served.estimator.classes_  # a Pipeline's are its last step's
    return ModelMetadata(
        project=PROJECT_NAME,
        model_version=f"{MODEL_VERSION}+{report.data_sha256[:8]}",
        task=TASK,
        target=TARGET,
        model=served.name,
        estimator=served.scores.description,
        features=(TEXT_FEATURE,),
        classes=tuple(str(label) for label in classes),
        metrics=scores,
        trained_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        training_seconds=round(training_seconds, 3),
        data_sha256=report.data_sha256,
        seed=seed,
        n_train=len(texts.train),
        n_test=len(texts.test),
        dropped=tuple(report.dropped),
        library_versions=_library_versions(served.name),
        example_record={TEXT_FIELD: _example_text(texts.test)},
    )


def _save(served: Fitted, metadata: ModelMetadata, texts: Texts, paths: Paths) -> None:
    """Export the served model with its tokenizer and metadata, once the export is checked."""
    paths.models_dir.mkdir(parents=True, exist_ok=True)
    metadata.save(paths.metadata_file)
    served.export(paths)
    try:
        expected = served.estimator.predict_proba(served.x_test)
        check_export(expected, load_predictor(paths.onnx_file), texts.test)
    except Exception:
        paths.onnx_file.unlink()  # never leave an export that is not known to be right
        raise


def _library_versions(served: CandidateName) -> dict[str, str]:
    libraries = ["numpy", "scikit-learn", "skl2onnx", "onnxruntime", "tokenizers"]
    if served != "tfidf":
        libraries += ["torch", "transformers"]
    return {"python": platform.python_version(), **{name: version(name) for name in libraries}}


def _example_text(texts: list[str]) -> str:
    shortest, longest = EXAMPLE_CHARACTERS
    readable = [text for text in texts if shortest <= len(text) <= longest]
    return (readable or texts)[0]
