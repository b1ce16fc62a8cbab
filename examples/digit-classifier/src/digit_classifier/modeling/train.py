"""The train step: fit the baseline and each candidate, compare them, export the best.

Every candidate is cross-validated on the same folds of the training split and
scored on the test split; the served one is the best in cross-validation (or the
one config.MODEL names). The test split only reports: choosing on it would make
its scores optimistic.
"""

from __future__ import annotations

import json
import platform
import time
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any, Literal

import numpy as np
from PIL import Image
from sklearn.base import BaseEstimator
from sklearn.model_selection import StratifiedKFold, cross_validate

from ..config import (
    CV_FOLDS,
    EPOCHS,
    MODEL,
    MODEL_VERSION,
    PATHS,
    PROJECT_NAME,
    SEED,
    TARGET,
    TASK,
    Paths,
)
from ..dataset import DataReport, Images
from ..metrics import CV_SCORERS, HEADLINE_METRIC, score, summarize_cv
from ..results import CandidateScores, CrossValidation, HeldOutScores, ModelScores, Spread
from ..schema import IMAGE_FEATURE, IMAGE_FIELD
from .candidates import (
    CANDIDATES,
    DESCRIPTIONS,
    CandidateName,
    make_baseline,
    make_head,
    make_linear,
)
from .metadata import ModelMetadata
from .onnx_export import check_export, export_network
from .predict import load_predictor

ModelChoice = Literal["auto", CandidateName]
# Cross-validation folds, as (training rows, validation rows) of the training split.
Folds = list[tuple[np.ndarray, np.ndarray]]


@dataclass(frozen=True)
class Fitted:
    """A candidate fitted on the whole training split, with its scores."""

    name: CandidateName
    estimator: BaseEstimator
    x_test: Any  # what the estimator predicts from: pixels, or the backbone's features
    scores: CandidateScores
    export: Callable[[Paths], None]


@dataclass(frozen=True)
class TrainResult:
    metadata: ModelMetadata
    served: Fitted


def train_model(
    paths: Paths = PATHS, *, seed: int = SEED, model: ModelChoice = MODEL
) -> TrainResult:
    """Train on data/processed/train.npz; write models/model.onnx, metadata.json, example.png.

    `model` is "auto" (every candidate, the best in cross-validation served) or the
    one candidate to train; config.MODEL by default.

    Raises ExportError, leaving no model.onnx, when the ONNX export does not predict
    what the trained model does on the test split.
    """
    report = DataReport.load(paths.cleaning_report)
    train = Images.load(paths.train_images)
    test = Images.load(paths.test_images)
    folds = _cv_folds(train.labels, seed)
    started = time.perf_counter()

    baseline = make_baseline()
    dummy_train, dummy_test = np.zeros((len(train), 1)), np.zeros((len(test), 1))
    baseline_cv = _cross_validate(baseline, dummy_train, train.labels, folds)
    baseline.fit(dummy_train, train.labels)
    baseline_test = score(baseline, dummy_test, test.labels, TASK)

    names = CANDIDATES if model == "auto" else (model,)
    fitted = [_fit_candidate(name, train, test, folds, seed) for name in names]
    served = _choose(fitted)
    training_seconds = time.perf_counter() - started

    scores = ModelScores(
        test=HeldOutScores(model=served.scores.test, baseline=baseline_test),
        cv=CrossValidation(folds=len(folds), model=served.scores.cv, baseline=baseline_cv),
        candidates=[candidate.scores for candidate in fitted],
    )
    metadata = _describe(served, scores, train, test, report, seed, training_seconds)
    _save(served, metadata, test, paths)
    _save_history(fitted, paths)
    return TrainResult(metadata=metadata, served=served)


def _fit_candidate(
    name: CandidateName, train: Images, test: Images, folds: Folds, seed: int
) -> Fitted:
    started = time.perf_counter()
    estimator, x_train, x_test, export = _prepare(name, train, test, seed)
    cv = _cross_validate(estimator, x_train, train.labels, folds)
    estimator.fit(x_train, train.labels)
    scores = CandidateScores(
        name=name,
        description=DESCRIPTIONS[name],
        test=score(estimator, x_test, test.labels, TASK),
        cv=cv,
        fit_seconds=round(time.perf_counter() - started, 3),
    )
    return Fitted(name=name, estimator=estimator, x_test=x_test, scores=scores, export=export)


def _prepare(
    name: CandidateName, train: Images, test: Images, seed: int
) -> tuple[BaseEstimator, Any, Any, Callable[[Paths], None]]:
    """A candidate's unfitted estimator, what it learns from (train, test), and its export."""
    # torch loads only here: the service never imports this module.
    from .networks import Flattened, LinearOnFeatures, linear_layer

    if name == "linear":
        pipeline = make_linear(seed)

        def export_linear(paths: Paths) -> None:
            head = linear_layer(pipeline.named_steps["model"])
            export_network(LinearOnFeatures(Flattened(), head), paths.onnx_file)

        return pipeline, train.pixels, test.pixels, export_linear

    if name == "cnn":
        from .cnn import CnnClassifier

        # EPOCHS is read here, when training runs, so a test can train for a pass or two.
        cnn = CnnClassifier(epochs=EPOCHS, seed=seed)

        def export_cnn(paths: Paths) -> None:
            export_network(cnn.network_, paths.onnx_file)

        return cnn, train.pixels, test.pixels, export_cnn

    from .pretrained import embed, load_backbone

    # The backbone is frozen: the images pass through it once, and only the head learns.
    backbone = load_backbone()
    head = make_head(seed)

    def export_transfer(paths: Paths) -> None:
        export_network(LinearOnFeatures(backbone, linear_layer(head)), paths.onnx_file)

    return head, embed(backbone, train.pixels), embed(backbone, test.pixels), export_transfer


def _choose(fitted: list[Fitted]) -> Fitted:
    """The best candidate by its mean cross-validated headline metric; the first on a tie."""
    headline = HEADLINE_METRIC[TASK]
    return max(fitted, key=lambda candidate: candidate.scores.cv[headline].mean)


def _cross_validate(
    estimator: BaseEstimator, x: Any, y: np.ndarray, folds: Folds
) -> dict[str, Spread]:
    results = cross_validate(estimator, x, y, cv=folds, scoring=CV_SCORERS[TASK])
    return summarize_cv(results, TASK)


def _cv_folds(labels: np.ndarray, seed: int) -> Folds:
    """The stratified folds every candidate is scored on: (train rows, validation rows)."""
    _, counts = np.unique(labels, return_counts=True)
    n_splits = max(2, min(CV_FOLDS, int(counts.min())))
    splitter = StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)
    return list(splitter.split(np.zeros(len(labels)), labels))


def _describe(
    served: Fitted,
    scores: ModelScores,
    train: Images,
    test: Images,
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
        features=(IMAGE_FEATURE,),
        classes=tuple(str(label) for label in classes),
        metrics=scores,
        trained_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        training_seconds=round(training_seconds, 3),
        data_sha256=report.data_sha256,
        seed=seed,
        n_train=len(train),
        n_test=len(test),
        dropped=tuple(report.dropped),
        library_versions=_library_versions(),
        example_record={IMAGE_FIELD: str(test.files[0])},
    )


def _save(served: Fitted, metadata: ModelMetadata, test: Images, paths: Paths) -> None:
    """Export the served model with its metadata and an example image, once checked."""
    paths.models_dir.mkdir(parents=True, exist_ok=True)
    metadata.save(paths.metadata_file)
    Image.fromarray(test.pixels[0]).save(paths.example_image)
    try:
        served.export(paths)
        expected = served.estimator.predict_proba(served.x_test)
        check_export(expected, load_predictor(paths.onnx_file), test.pixels)
    except Exception:
        # Never leave an export that is not known to be right, nor an older one that
        # the metadata just written no longer describes.
        paths.onnx_file.unlink(missing_ok=True)
        raise


def _save_history(fitted: list[Fitted], paths: Paths) -> None:
    """The CNN's loss and accuracy per epoch, when it was trained, for the training curves."""
    cnn = next((candidate for candidate in fitted if candidate.name == "cnn"), None)
    if cnn is None:
        paths.history_file.unlink(missing_ok=True)
        return
    history = {"best_epoch": cnn.estimator.best_epoch_, "epochs": cnn.estimator.history_}
    paths.history_file.write_text(json.dumps(history, indent=2) + "\n")


def _library_versions() -> dict[str, str]:
    libraries = ["numpy", "scikit-learn", "torch", "onnxruntime", "pillow"]
    return {"python": platform.python_version(), **{name: version(name) for name in libraries}}
