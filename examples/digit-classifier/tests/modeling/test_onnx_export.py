"""Each candidate's ONNX export predicts what the candidate does; a disagreement is caught."""

from __future__ import annotations

import shutil
from pathlib import Path
from typing import Any

import numpy as np
import onnx
import pytest

from digit_classifier.config import IMAGE_SIZE, SEED, Paths
from digit_classifier.dataset import Images
from digit_classifier.errors import ExportError
from digit_classifier.modeling import train
from digit_classifier.modeling.candidates import CANDIDATES, CandidateName
from digit_classifier.modeling.onnx_export import TOLERANCE, check_export
from digit_classifier.modeling.predict import PIXELS, PROBABILITIES, Predictor, load_predictor
from digit_classifier.modeling.train import TrainResult


class Exported:
    """A candidate fitted on the session's training split, its export loaded as served."""

    def __init__(self, expected: np.ndarray, predictor: Predictor, onnx_file: Path) -> None:
        self.expected = expected  # the candidate's probabilities on the test split
        self.predictor = predictor
        self.onnx_file = onnx_file


@pytest.fixture(scope="module", params=CANDIDATES)
def exported(
    request: pytest.FixtureRequest,
    project_paths: Paths,
    training: TrainResult,
    tmp_path_factory: pytest.TempPathFactory,
) -> Exported:
    name: CandidateName = request.param
    train_images = Images.load(project_paths.train_images)
    test_images = Images.load(project_paths.test_images)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(train, "EPOCHS", 1)
        estimator, x_train, x_test, export = train._prepare(name, train_images, test_images, SEED)
        estimator.fit(x_train, train_images.labels)
    paths = Paths.under(tmp_path_factory.mktemp(f"export-{name}"))
    paths.models_dir.mkdir()
    export(paths)
    shutil.copy(project_paths.metadata_file, paths.metadata_file)  # the same classes
    expected: Any = estimator.predict_proba(x_test)
    return Exported(expected, load_predictor(paths.onnx_file), paths.onnx_file)


@pytest.fixture(scope="module")
def held_out(project_paths: Paths) -> Images:
    """The session project's test split, which each export is checked on."""
    return Images.load(project_paths.test_images)


def test_the_export_predicts_what_the_candidate_does(exported: Exported, held_out: Images) -> None:
    check_export(exported.expected, exported.predictor, held_out.pixels)  # does not raise

    served = exported.predictor.predict(list(held_out.pixels))
    probabilities = np.array([list(p.probabilities.values()) for p in served])
    np.testing.assert_allclose(probabilities, exported.expected, atol=TOLERANCE)


def test_the_graph_takes_uint8_pixels_of_any_batch_and_gives_probabilities(
    exported: Exported,
) -> None:
    graph = onnx.load(str(exported.onnx_file)).graph
    (pixels,) = graph.input
    (probabilities,) = graph.output
    dims = pixels.type.tensor_type.shape.dim

    assert pixels.name == PIXELS
    assert probabilities.name == PROBABILITIES
    assert pixels.type.tensor_type.elem_type == onnx.TensorProto.UINT8
    assert dims[0].dim_param  # a named, free batch size
    assert [dim.dim_value for dim in dims[1:]] == [IMAGE_SIZE, IMAGE_SIZE, 3]


def test_one_image_is_predicted_as_in_a_batch(exported: Exported, held_out: Images) -> None:
    (alone,) = exported.predictor.predict([held_out.pixels[1]])
    together = exported.predictor.predict(list(held_out.pixels[:3]))[1]

    assert alone.prediction == together.prediction
    assert alone.probabilities == pytest.approx(together.probabilities, abs=1e-6)


def test_a_probability_off_by_more_than_the_tolerance_is_an_export_error(
    exported: Exported, held_out: Images
) -> None:
    tampered = exported.expected.copy()
    tampered[2, :2] += [0.01, -0.01]

    with pytest.raises(ExportError, match=r"differ from the model's by up to 0\.01"):
        check_export(tampered, exported.predictor, held_out.pixels)


def test_a_probability_within_the_tolerance_is_no_export_error(
    exported: Exported, held_out: Images
) -> None:
    close = exported.expected.copy()
    close[2, :2] += [TOLERANCE / 10, -TOLERANCE / 10]

    check_export(close, exported.predictor, held_out.pixels)


def test_probabilities_of_other_classes_are_an_export_error(
    exported: Exported, held_out: Images
) -> None:
    with pytest.raises(ExportError, match="probabilities, the model"):
        check_export(exported.expected[:, 1:], exported.predictor, held_out.pixels)
