"""The train step: fit the model and its baseline, cross-validate, save and export the model."""

from __future__ import annotations

import math
import platform
import time
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import pandas as pd
from sklearn.model_selection import KFold, StratifiedKFold, cross_validate
from sklearn.pipeline import Pipeline
from threadpoolctl import threadpool_limits

from ..config import CV_FOLDS, MODEL, MODEL_VERSION, PATHS, PROJECT_NAME, SEED, TARGET, TASK, Paths
from ..dataset import DataReport, read_split
from ..features import build_pipeline
from ..metrics import CV_SCORERS, score, summarize_cv
from ..results import CrossValidation, HeldOutScores, JsonScalar, ModelScores, Spread
from ..schema import FeatureSchema
from .estimators import make_baseline, make_estimator, resolve_model_name, thread_limit
from .metadata import ModelMetadata
from .onnx_export import check_export, export_onnx
from .predict import load_predictor
from .skops_file import save_pipeline


@dataclass(frozen=True)
class TrainResult:
    pipeline: Pipeline
    baseline: Pipeline
    metadata: ModelMetadata


@dataclass(frozen=True)
class Splits:
    """The processed data as the model sees it: typed features and the target."""

    schema: FeatureSchema
    x_train: pd.DataFrame
    y_train: pd.Series
    x_test: pd.DataFrame
    y_test: pd.Series
    test: pd.DataFrame  # the raw test rows, for the example record


def train_model(paths: Paths = PATHS, *, seed: int = SEED) -> TrainResult:
    """Train on data/processed/train.csv; write models/model.skops, model.onnx, metadata.json.

    Raises ExportError, leaving no model.onnx, when the ONNX export does not predict
    what the pipeline does on the test split.
    """
    report = DataReport.load(paths.cleaning_report)
    splits = _load_splits(paths, report)
    model_name = resolve_model_name(MODEL, len(splits.x_train))
    pipeline = build_pipeline(splits.schema, make_estimator(model_name, TASK, seed))
    baseline = build_pipeline(splits.schema, make_baseline(TASK))

    started = time.perf_counter()
    with threadpool_limits(limits=thread_limit(len(splits.x_train))):
        cv = _cross_validate(pipeline, baseline, splits, seed)
        pipeline.fit(splits.x_train, splits.y_train)
        baseline.fit(splits.x_train, splits.y_train)
    training_seconds = time.perf_counter() - started

    scores = ModelScores(
        test=HeldOutScores(
            model=score(pipeline, splits.x_test, splits.y_test, TASK),
            baseline=score(baseline, splits.x_test, splits.y_test, TASK),
        ),
        cv=cv,
    )
    metadata = _describe(pipeline, model_name, scores, splits, report, seed, training_seconds)
    _save(pipeline, metadata, splits, paths)
    return TrainResult(pipeline=pipeline, baseline=baseline, metadata=metadata)


def _load_splits(paths: Paths, report: DataReport) -> Splits:
    train = read_split(paths.train_csv, report)
    test = read_split(paths.test_csv, report)
    schema = FeatureSchema.infer(
        train, report.feature_dtypes, all_rows=pd.concat([train, test], ignore_index=True)
    )
    return Splits(
        schema=schema,
        x_train=schema.coerce(train),
        y_train=train[TARGET],
        x_test=schema.coerce(test),
        y_test=test[TARGET],
        test=test,
    )


def _cross_validate(
    pipeline: Pipeline, baseline: Pipeline, splits: Splits, seed: int
) -> CrossValidation:
    """Score model and baseline on the same folds of the training split."""
    folds = _cv_folds(splits.y_train, seed)

    def spread(candidate: Pipeline) -> dict[str, Spread]:
        results = cross_validate(
            candidate, splits.x_train, splits.y_train, cv=folds, scoring=CV_SCORERS[TASK]
        )
        return summarize_cv(results, TASK)

    return CrossValidation(
        folds=folds.get_n_splits(), model=spread(pipeline), baseline=spread(baseline)
    )


def _describe(
    pipeline: Pipeline,
    model_name: str,
    scores: ModelScores,
    splits: Splits,
    report: DataReport,
    seed: int,
    training_seconds: float,
) -> ModelMetadata:
    return ModelMetadata(
        project=PROJECT_NAME,
        model_version=f"{MODEL_VERSION}+{report.data_sha256[:8]}",
        task=TASK,
        target=TARGET,
        model=model_name,
        estimator=type(pipeline.named_steps["model"]).__name__,
        features=splits.schema.features,
        classes=tuple(str(c) for c in pipeline.classes_) if TASK == "classification" else None,
        metrics=scores,
        trained_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        training_seconds=round(training_seconds, 3),
        data_sha256=report.data_sha256,
        seed=seed,
        n_train=len(splits.x_train),
        n_test=len(splits.x_test),
        dropped=tuple(report.dropped),
        library_versions=_library_versions(),
        example_record=_example_record(splits.test, splits.schema),
    )


def _save(pipeline: Pipeline, metadata: ModelMetadata, splits: Splits, paths: Paths) -> None:
    """Save the pipeline, its metadata and its ONNX export, once the export is checked."""
    paths.models_dir.mkdir(parents=True, exist_ok=True)
    save_pipeline(pipeline, paths.model_file)
    metadata.save(paths.metadata_file)
    export_onnx(pipeline, splits.schema, paths.onnx_file)
    try:
        check_export(pipeline, load_predictor(paths.onnx_file), splits.x_test)
    except Exception:
        paths.onnx_file.unlink()  # never leave an export that is not known to be right
        raise


def _cv_folds(target: pd.Series, seed: int) -> KFold | StratifiedKFold:
    if TASK == "regression":
        return KFold(n_splits=CV_FOLDS, shuffle=True, random_state=seed)
    # Every fold needs each class in it; a rare class caps the number of folds.
    n_splits = max(2, min(CV_FOLDS, int(target.value_counts().min())))
    return StratifiedKFold(n_splits=n_splits, shuffle=True, random_state=seed)


def _library_versions() -> dict[str, str]:
    # A skops file is only guaranteed to load with the library versions that wrote it.
    libraries = ("scikit-learn", "numpy", "pandas", "skops", "skl2onnx", "onnxruntime")
    return {"python": platform.python_version(), **{name: version(name) for name in libraries}}


def _example_record(test: pd.DataFrame, schema: FeatureSchema) -> dict[str, JsonScalar]:
    """A real test-split record for docs and the API: the first one without gaps, if any."""
    complete = test.dropna()
    row = (complete if len(complete) else test).iloc[0]
    record: dict[str, JsonScalar] = {}
    for spec in schema.features:
        value: Any = row[spec.name]
        if value is None or (isinstance(value, float) and math.isnan(value)):
            record[spec.name] = None
        elif spec.dtype == "bool":
            record[spec.name] = str(value) == "True"  # read back from CSV as text
        elif spec.kind == "categorical":
            record[spec.name] = str(value)
        else:
            record[spec.name] = int(value) if spec.dtype == "int64" else float(value)
    return record
