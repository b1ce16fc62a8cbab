"""Export the served candidate to ONNX, and prove the export predicts what the model does.

Either candidate becomes one graph from token ids to class probabilities, with its
tokenizer saved beside it; the service runs that (modeling/predict.py). Training
checks the export on the whole test split and fails loudly on any disagreement
beyond float32 rounding.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import onnx
from onnx import TensorProto, helper
from skl2onnx import to_onnx
from skl2onnx.common.data_types import FloatTensorType
from sklearn.pipeline import Pipeline
from tokenizers import Tokenizer

from ..errors import ExportError
from .candidates import PAD
from .predict import INPUT_IDS, Predictor

# onnxruntime computes in float32, scikit-learn and torch's head in float64 or
# float32 with other summation orders: a probability may differ by up to 1e-4 (a
# hundred times below the 0.01 anyone reads a probability to); labels must agree,
# except where the two most probable classes are themselves within that tolerance.
PROBABILITY_TOLERANCE = 1e-4
COUNTS = "counts"


def export_tfidf(pipeline: Pipeline, onnx_path: Path, tokenizer_path: Path) -> None:
    """Write the TF-IDF pipeline as token ids -> probabilities, and its word tokenizer.

    The graph is two parts joined: the standard ONNX TfIdfVectorizer operator counts
    the words and word pairs of the fitted vocabulary in each row of token ids, and
    skl2onnx converts the rest (IDF weighting and the logistic regression).
    """
    vocabulary: dict[str, int] = pipeline.named_steps["counts"].vocabulary_
    head = to_onnx(
        Pipeline(pipeline.steps[2:]),
        initial_types=[(COUNTS, FloatTensorType([None, len(vocabulary)]))],
        options={id(pipeline.named_steps["model"]): {"zipmap": False}},
    )
    # skl2onnx names its outputs label and probabilities; the service reads the second.
    opset = next(entry.version for entry in head.opset_import if entry.domain in ("", "ai.onnx"))
    counting = _ngram_counter(vocabulary, opset, head.ir_version)
    graph = onnx.compose.merge_models(
        counting, head, io_map=[(COUNTS, COUNTS)], outputs=["probabilities"]
    )
    # skl2onnx declares a batch of one ([1, classes]); any number of texts is meant.
    for output in graph.graph.output:
        output.type.tensor_type.shape.dim[0].dim_param = "texts"
    onnx.checker.check_model(graph, full_check=True)
    onnx_path.write_bytes(graph.SerializeToString())

    tokenizer: Tokenizer = pipeline.named_steps["words"].tokenizer_
    served = Tokenizer.from_str(tokenizer.to_str())
    served.enable_padding(pad_id=served.token_to_id(PAD), pad_token=PAD)
    served.save(str(tokenizer_path))


def _ngram_counter(vocabulary: dict[str, int], opset: int, ir_version: int) -> onnx.ModelProto:
    """input_ids [n, length] -> counts [n, len(vocabulary)] of each word and word pair.

    `vocabulary` maps "12" (a word's id) and "12 7" (a pair) to a column, as
    CountVectorizer counted them. Padding (id 0) is in no entry, so it counts nowhere.
    """
    grams: dict[int, list[tuple[list[int], int]]] = {1: [], 2: []}
    for gram, column in vocabulary.items():
        ids = [int(token) for token in gram.split(" ")]
        grams[len(ids)].append((ids, column))
    node = helper.make_node(
        "TfIdfVectorizer",
        [INPUT_IDS],
        [COUNTS],
        mode="TF",
        min_gram_length=1,
        max_gram_length=2,
        max_skip_count=0,
        # pool_int64s lists the words, then the pairs; ngram_counts says where each
        # length starts in it, and ngram_indexes gives each entry's output column.
        pool_int64s=[token for n in (1, 2) for ids, _ in grams[n] for token in ids],
        ngram_counts=[0, len(grams[1])],
        ngram_indexes=[column for n in (1, 2) for _, column in grams[n]],
    )
    graph = helper.make_graph(
        [node],
        "ngram_counts",
        [helper.make_tensor_value_info(INPUT_IDS, TensorProto.INT64, ["texts", "tokens"])],
        [helper.make_tensor_value_info(COUNTS, TensorProto.FLOAT, ["texts", len(vocabulary)])],
    )
    model = helper.make_model(graph, opset_imports=[helper.make_opsetid("", opset)])
    # merge_models joins only graphs of the same IR version.
    model.ir_version = ir_version
    return model


def disagreements(expected: np.ndarray, predictor: Predictor, texts: list[str]) -> list[str]:
    """Where the export's probabilities differ from `expected` (the trained model's)."""
    classes = list(predictor.metadata.classes or ())
    problems = []
    predictions = predictor.predict([{"text": text} for text in texts])
    for row, (wanted, got) in enumerate(zip(expected, predictions, strict=True)):
        served = np.array([got.probabilities[label] for label in classes])
        gap = float(np.max(np.abs(served - wanted)))
        if gap > PROBABILITY_TOLERANCE:
            problems.append(f"text {row}: probabilities differ by {gap:.2g}")
            continue
        top_two = np.sort(wanted)[-2:]
        tie = top_two[1] - top_two[0] <= PROBABILITY_TOLERANCE
        label = classes[int(np.argmax(wanted))]
        if got.prediction != label and not tie:
            problems.append(f"text {row}: label {got.prediction!r} instead of {label!r}")
    return problems


def check_export(expected: np.ndarray, predictor: Predictor, texts: list[str]) -> None:
    """Raise ExportError unless the export agrees with the trained model on every text."""
    problems = disagreements(expected, predictor, texts)
    if problems:
        shown = "; ".join(problems[:5])
        raise ExportError(
            f"the ONNX export disagrees with the trained model on {len(problems)} of "
            f"{len(texts)} test texts: {shown}"
        )
