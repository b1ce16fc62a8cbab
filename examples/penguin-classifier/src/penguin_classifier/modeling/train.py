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
from ..schema import FeatureSchema
from .estimators import make_baseline, make_estimator, resolve_model_name, thread_limit
from .metadata import JsonScalar, ModelMetadata
from .onnx_export import check_export, export_onnx
from .predict import load_predictor
from .skops_file import save_pipeline


@dataclass(frozen=True)
class TrainResult:
    pipeline: Pipeline
    baseline: Pipeline
    metadata: ModelMetadata


def train_model(paths: Paths = PATHS, *, seed: int = SEED) -> TrainResult:
    """Train on data/processed/train.csv; write models/model.skops, model.onnx, metadata.json.

    Raises ExportError, leaving no model.onnx, when the ONNX export does not predict
    what the pipeline does on the test split.
    """
    report = DataReport.load(paths.cleaning_report)
    train = read_split(paths.train_csv, report)
    test = read_split(paths.test_csv, report)
    schema = FeatureSchema.infer(
        train, report.feature_dtypes, all_rows=pd.concat([train, test], ignore_index=True)
    )
    x_train, y_train = schema.coerce(train), train[TARGET]
    x_test, y_test = schema.coerce(test), test[TARGET]

    model_name = resolve_model_name(MODEL, len(train))
    pipeline = build_pipeline(schema, make_estimator(model_name, TASK, seed))
    baseline = build_pipeline(schema, make_baseline(TASK))

    started = time.perf_counter()
    folds = _cv_folds(y_train, seed)
    with threadpool_limits(limits=thread_limit(len(train))):
        cv = {
            name: summarize_cv(
                cross_validate(candidate, x_train, y_train, cv=folds, scoring=CV_SCORERS[TASK]),
                TASK,
            )
            for name, candidate in (("model", pipeline), ("baseline", baseline))
        }
        pipeline.fit(x_train, y_train)
        baseline.fit(x_train, y_train)
    training_seconds = time.perf_counter() - started

    metadata = ModelMetadata(
        project=PROJECT_NAME,
        model_version=f"{MODEL_VERSION}+{report.data_sha256[:8]}",
        task=TASK,
        target=TARGET,
        model=model_name,
        estimator=type(pipeline.named_steps["model"]).__name__,
        features=schema.features,
        classes=tuple(str(c) for c in pipeline.classes_) if TASK == "classification" else None,
        metrics={
            "test": {
                "model": score(pipeline, x_test, y_test, TASK),
                "baseline": score(baseline, x_test, y_test, TASK),
            },
            "cv": cv,
        },
        cv_folds=folds.get_n_splits(),
        trained_at=time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        training_seconds=round(training_seconds, 3),
        data_sha256=report.data_sha256,
        seed=seed,
        n_train=len(train),
        n_test=len(test),
        dropped=tuple(report.dropped),
        library_versions=_library_versions(),
        example_record=_example_record(test, schema),
    )
    paths.models_dir.mkdir(parents=True, exist_ok=True)
    save_pipeline(pipeline, paths.model_file)
    metadata.save(paths.metadata_file)
    export_onnx(pipeline, schema, paths.onnx_file)
    try:
        check_export(pipeline, load_predictor(paths.onnx_file), x_test)
    except Exception:
        paths.onnx_file.unlink()  # never leave an export that is not known to be right
        raise
    return TrainResult(pipeline=pipeline, baseline=baseline, metadata=metadata)


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
