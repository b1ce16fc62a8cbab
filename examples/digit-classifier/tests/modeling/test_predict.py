"""The one inference path: image files or prepared pixels in, one answer each; bad input refused."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import numpy as np
import onnx
import onnxruntime as ort
import pytest
from onnx import TensorProto, helper
from PIL import Image

from digit_classifier.config import IMAGE_SIZE
from digit_classifier.errors import ModelLoadError
from digit_classifier.images import ImageError, prepare
from digit_classifier.modeling.metadata import ModelMetadata
from digit_classifier.modeling.predict import PIXELS, Predictor, load_predictor


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def session_with_input(name: str) -> ort.InferenceSession:
    """A graph that passes one uint8 input named `name` through, as probabilities."""
    node = helper.make_node("Identity", [name], ["probabilities"])
    graph = helper.make_graph(
        [node],
        "other",
        [helper.make_tensor_value_info(name, TensorProto.UINT8, ["n"])],
        [helper.make_tensor_value_info("probabilities", TensorProto.UINT8, ["n"])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 17)])
    model.ir_version = 8
    onnx.checker.check_model(model)
    return ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])


@pytest.fixture(scope="module")
def example_file(trained_model_path: Path) -> bytes:
    return trained_model_path.with_name("example.png").read_bytes()


def test_an_upload_is_predicted_as_its_prepared_pixels(
    predictor: Predictor, example_file: bytes
) -> None:
    (from_file,) = predictor.predict_files([example_file])
    (from_pixels,) = predictor.predict([prepare(example_file).pixels])

    assert from_file == from_pixels


def test_the_answer_is_the_most_probable_class_in_the_metadata_order(
    predictor: Predictor, example_file: bytes
) -> None:
    (prediction,) = predictor.predict_files([example_file])

    classes = list(predictor.metadata.classes or ())
    assert list(prediction.probabilities) == classes
    assert sum(prediction.probabilities.values()) == pytest.approx(1.0, abs=1e-5)
    assert prediction.prediction == max(classes, key=prediction.probabilities.__getitem__)


def test_any_readable_image_gets_a_prediction(predictor: Predictor) -> None:
    files = [
        png(Image.new("L", (5, 300), 0)),
        png(Image.new("RGBA", (640, 480), (255, 0, 0, 128))),
        png(Image.new("1", (1, 1), 1)),
    ]

    predictions = predictor.predict_files(files)

    assert len(predictions) == 3
    assert all(p.prediction in (predictor.metadata.classes or ()) for p in predictions)


def test_a_batch_predicts_as_images_one_by_one(predictor: Predictor, example_file: bytes) -> None:
    files = [example_file, png(Image.new("L", (20, 20), 255)), png(Image.new("L", (20, 20), 0))]

    batch = predictor.predict_files(files)
    single = [predictor.predict_files([data])[0] for data in files]

    assert [p.prediction for p in batch] == [p.prediction for p in single]
    for together, alone in zip(batch, single, strict=True):
        assert together.probabilities == pytest.approx(alone.probabilities, abs=1e-6)


def test_nothing_to_predict_gives_no_predictions(predictor: Predictor) -> None:
    assert predictor.predict([]) == []
    assert predictor.predict_files([]) == []


@pytest.mark.parametrize(
    "pixels",
    [
        np.zeros((IMAGE_SIZE + 1, IMAGE_SIZE, 3), dtype=np.uint8),
        np.zeros((IMAGE_SIZE, IMAGE_SIZE, 4), dtype=np.uint8),
        np.zeros((IMAGE_SIZE, IMAGE_SIZE), dtype=np.uint8),
        np.zeros((IMAGE_SIZE, IMAGE_SIZE, 3), dtype=np.float32),
    ],
    ids=["too-tall", "four-channels", "no-channels", "floats"],
)
def test_pixels_not_as_prepare_makes_them_are_a_value_error(
    predictor: Predictor, pixels: np.ndarray
) -> None:
    with pytest.raises(ValueError, match=rf"uint8 \[{IMAGE_SIZE}, {IMAGE_SIZE}, 3\]"):
        predictor.predict([pixels])


def test_a_file_that_is_not_an_image_is_an_image_error(predictor: Predictor) -> None:
    with pytest.raises(ImageError, match="not an image"):
        predictor.predict_files([png(Image.new("L", (8, 8))), b"GIF? no"])


def test_the_pixel_limit_is_applied_to_files(predictor: Predictor) -> None:
    with pytest.raises(ImageError, match="more than 99 pixels"):
        predictor.predict_files([png(Image.new("L", (10, 10)))], max_pixels=99)


def test_a_model_with_other_inputs_is_refused(predictor: Predictor) -> None:
    with pytest.raises(ModelLoadError, match=rf"takes inputs \['tokens'\], not \['{PIXELS}'\]"):
        Predictor(session_with_input("tokens"), predictor.metadata)


def test_metadata_without_classes_is_refused(predictor: Predictor) -> None:
    data = predictor.metadata.to_dict()
    data["classes"] = None

    with pytest.raises(ModelLoadError, match="lists no classes"):
        Predictor(session_with_input(PIXELS), ModelMetadata.from_dict(data))


@pytest.mark.parametrize("missing", ["model.onnx", "metadata.json"])
def test_a_missing_file_is_a_model_load_error(
    trained_model_path: Path, tmp_path: Path, missing: str
) -> None:
    shutil.copy(trained_model_path, tmp_path / "model.onnx")
    shutil.copy(trained_model_path.with_name("metadata.json"), tmp_path / "metadata.json")
    (tmp_path / missing).unlink()

    with pytest.raises(ModelLoadError, match=f"{re.escape(missing)} is missing; train a model"):
        load_predictor(tmp_path / "model.onnx")
