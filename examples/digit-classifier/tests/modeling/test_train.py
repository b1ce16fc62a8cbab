"""Training: every candidate is compared, the best in cross-validation served and described."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable

import numpy as np
import pytest
from PIL import Image

from digit_classifier.config import CV_FOLDS, TASK, Paths
from digit_classifier.dataset import Images
from digit_classifier.errors import ExportError
from digit_classifier.metrics import HEADLINE_METRIC
from digit_classifier.modeling import networks
from digit_classifier.modeling.candidates import CANDIDATES, DESCRIPTIONS, CandidateName
from digit_classifier.modeling.metadata import ModelMetadata
from digit_classifier.modeling.train import Fitted, TrainResult, _choose, _cv_folds, train_model
from digit_classifier.results import CandidateScores, Spread
from digit_classifier.schema import IMAGE_FEATURE, IMAGE_FIELD

# The fields of metadata.json that the API and the README rely on.
CONTRACT_FIELDS = {
    "project", "model_version", "task", "target", "model", "estimator", "features", "classes",
    "metrics", "trained_at", "training_seconds", "data_sha256", "seed", "n_train",
    "n_test", "dropped", "library_versions", "example_record",
}  # fmt: skip
# How far the served model must beat the baseline (balanced accuracy 1/3 on three
# classes) in cross-validation, trained on a dozen scans of each digit.
MARGIN = 0.3
METRIC = HEADLINE_METRIC[TASK]


@pytest.fixture(scope="module")
def fresh_project(small_project: Callable[[int, int, int], Paths]) -> Callable[[], Paths]:
    """A project of its own, for a training run that must not touch the session's."""
    return lambda: small_project(8, 3, 2)


def test_every_candidate_is_trained_and_the_best_in_cross_validation_served(
    training: TrainResult,
) -> None:
    candidates = training.metadata.metrics.candidates
    best = max(candidates, key=lambda candidate: candidate.cv[METRIC].mean)

    assert [candidate.name for candidate in candidates] == list(CANDIDATES)
    assert training.metadata.model == training.served.name == best.name
    assert training.metadata.estimator == DESCRIPTIONS[best.name]
    assert training.metadata.metrics.cv.model == best.cv
    assert training.metadata.metrics.test.model == best.test
    assert all(candidate.fit_seconds > 0 for candidate in candidates)


def test_the_served_model_beats_the_baseline_in_cross_validation(training: TrainResult) -> None:
    cv = training.metadata.metrics.cv

    assert cv.model[METRIC].mean >= cv.baseline[METRIC].mean + MARGIN
    assert 2 <= cv.folds <= CV_FOLDS


def _fitted(name: CandidateName, score: float) -> Fitted:
    scores = CandidateScores(
        name=name, description=name, test={}, cv={METRIC: Spread(mean=score, std=0)}, fit_seconds=1
    )
    return Fitted(name=name, estimator=None, x_test=None, scores=scores, export=print)


@pytest.mark.parametrize(
    ("scores", "served"),
    [((0.9, 0.8, 0.7), "linear"), ((0.7, 0.9, 0.8), "cnn"), ((0.8, 0.8, 0.9), "transfer"),
     ((0.8, 0.8, 0.8), "linear")],
)  # fmt: skip
def test_the_choice_is_the_best_cv_score_and_a_tie_the_simpler_model(
    scores: tuple[float, float, float], served: CandidateName
) -> None:
    """The test split plays no part in the choice."""
    fitted = [_fitted(name, score) for name, score in zip(CANDIDATES, scores, strict=True)]

    assert _choose(fitted).name == served


def test_model_metadata_history_and_example_are_saved(
    training: TrainResult, project_paths: Paths
) -> None:
    assert project_paths.onnx_file.stat().st_size > 0
    assert ModelMetadata.load(project_paths.metadata_file) == training.metadata
    assert project_paths.example_image.is_file()
    history = json.loads(project_paths.history_file.read_text())
    epochs = [row["epoch"] for row in history["epochs"]]
    assert epochs == list(range(1, len(epochs) + 1))
    assert history["best_epoch"] in epochs


def test_the_example_is_the_first_test_image(training: TrainResult, project_paths: Paths) -> None:
    test = Images.load(project_paths.test_images)

    with Image.open(project_paths.example_image) as example:
        np.testing.assert_array_equal(np.asarray(example), test.pixels[0])
    assert training.metadata.example_record == {IMAGE_FIELD: str(test.files[0])}


def test_metadata_has_exactly_the_contract_fields(training: TrainResult) -> None:
    data = training.metadata.to_dict()

    assert set(data) == CONTRACT_FIELDS
    assert data["features"] == [IMAGE_FEATURE.to_dict()]
    assert re.fullmatch(r"\d+\.\d+\.\d+\+[0-9a-f]{8}", data["model_version"])
    assert data["model_version"].endswith(data["data_sha256"][:8])
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["trained_at"])
    assert data["classes"] == sorted(data["classes"])
    assert {"torch", "onnxruntime", "pillow", "scikit-learn"} <= set(data["library_versions"])


def test_model_linear_trains_that_candidate_alone(
    fresh_project: Callable[[], Paths], project_paths: Paths
) -> None:
    paths = fresh_project()
    shutil.copytree(project_paths.models_dir, paths.models_dir)  # a CNN's history among them

    metadata = train_model(paths, model="linear").metadata

    assert metadata.model == "linear"
    assert [candidate.name for candidate in metadata.metrics.candidates] == ["linear"]
    assert len(metadata.classes or ()) == 2
    assert not paths.history_file.exists()  # no CNN trained: no curves to draw
    assert ModelMetadata.load(paths.metadata_file) == metadata


def test_an_export_that_disagrees_is_an_export_error_and_not_saved(
    fresh_project: Callable[[], Paths], project_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    exact = networks.linear_layer

    def off(model: object) -> object:
        layer = exact(model)
        layer.bias.data[0] += 1.0  # the first class is favoured by the export alone
        return layer

    monkeypatch.setattr(networks, "linear_layer", off)
    paths = fresh_project()
    shutil.copytree(project_paths.models_dir, paths.models_dir)  # an older model.onnx

    with pytest.raises(ExportError, match="differ from the model's"):
        train_model(paths, model="linear")

    assert not paths.onnx_file.exists()


def test_an_export_that_fails_leaves_no_older_model_beside_the_new_metadata(
    fresh_project: Callable[[], Paths], project_paths: Paths, monkeypatch: pytest.MonkeyPatch
) -> None:
    def unexportable(model: object) -> object:
        raise RuntimeError("the exporter gave up")

    monkeypatch.setattr(networks, "linear_layer", unexportable)
    paths = fresh_project()
    shutil.copytree(project_paths.models_dir, paths.models_dir)

    with pytest.raises(RuntimeError, match="gave up"):
        train_model(paths, model="linear")

    assert not paths.onnx_file.exists()


def test_folds_are_stratified_disjoint_and_no_more_than_the_smallest_class() -> None:
    labels = np.array(["a"] * 30 + ["b"] * 30 + ["c"] * 2)

    folds = _cv_folds(labels, seed=0)

    assert len(folds) == 2
    for fitted_on, scored_on in folds:
        assert set(fitted_on).isdisjoint(scored_on)
        assert set(labels[scored_on]) == {"a", "b", "c"}
    assert sorted(np.concatenate([scored for _, scored in folds])) == list(range(len(labels)))
