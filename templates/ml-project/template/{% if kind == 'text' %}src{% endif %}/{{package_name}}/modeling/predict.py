"""The one inference path: tokenize texts and run the model's ONNX export on them.

The CLI, the API and the tests all predict through `Predictor.predict`, so what is
tested is what is served. Whichever candidate training served — TF-IDF or the
transformer — it is one ONNX graph that takes token ids and returns class
probabilities, and its tokenizer is saved beside it (models/tokenizer.json). This
module imports only numpy, tokenizers and onnxruntime, the service image's libraries:
neither torch nor scikit-learn.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import onnxruntime as ort
from tokenizers import Tokenizer

from ..errors import ModelLoadError
from ..schema import TEXT_FIELD
from .metadata import ModelMetadata
from .onnx_session import open_session

# What the exported graphs take: token ids, and which of them are padding (0) or not (1).
INPUT_IDS = "input_ids"
ATTENTION_MASK = "attention_mask"


@dataclass(frozen=True)
class Prediction:
    prediction: str  # the most probable class
    probabilities: dict[str, float]  # keyed by class label


class Predictor:
    """A tokenizer and an ONNX session with its metadata, predicting from `{"text": ...}`."""

    def __init__(
        self, tokenizer: Tokenizer, session: ort.InferenceSession, metadata: ModelMetadata
    ) -> None:
        if metadata.classes is None:
            raise ModelLoadError("metadata.json lists no classes; retrain (make train)")
        self.tokenizer = tokenizer
        self.session = session
        self.metadata = metadata
        self._classes = list(metadata.classes)
        self._inputs = {node.name for node in session.get_inputs()}
        unknown = self._inputs - {INPUT_IDS, ATTENTION_MASK}
        if unknown:
            raise ModelLoadError(
                f"the ONNX model takes inputs {sorted(unknown)} that no tokenizer gives; "
                "retrain (make train)"
            )

    def predict(self, records: Sequence[Mapping[str, object]]) -> list[Prediction]:
        """Predict one result per record, in one call.

        Raises ValueError for a record whose "text" is missing or not a string.
        """
        if not records:
            return []
        texts = [_text(record) for record in records]
        (probabilities,) = self.session.run(None, self._feeds(texts))
        classes = self._classes
        # The label is the most probable class, as scikit-learn's predict picks it.
        best = np.argmax(probabilities, axis=1).tolist()
        return [
            Prediction(
                prediction=classes[index], probabilities=dict(zip(classes, row, strict=True))
            )
            for index, row in zip(best, probabilities.tolist(), strict=True)
        ]

    def _feeds(self, texts: list[str]) -> dict[str, np.ndarray]:
        # The tokenizer pads the batch to its longest text, so one array holds it.
        encodings = self.tokenizer.encode_batch(texts)
        ids = np.array([e.ids for e in encodings], dtype=np.int64)
        if ids.shape[1] == 0:
            # Texts in which the tokenizer found no word at all: one padding column
            # each, so the graph still gets the [texts, tokens] shape it takes.
            ids = np.zeros((len(texts), 1), dtype=np.int64)
        feeds = {INPUT_IDS: ids}
        # Only the transformer's graph reads the mask; TF-IDF's counts the ids alone.
        if ATTENTION_MASK in self._inputs:
            mask = np.array([e.attention_mask for e in encodings], dtype=np.int64)
            # The padding column above is masked out, as padding is.
            feeds[ATTENTION_MASK] = mask if mask.shape == ids.shape else np.zeros_like(ids)
        return feeds


def _text(record: Mapping[str, object]) -> str:
    text = record.get(TEXT_FIELD)
    if not isinstance(text, str):
        raise ValueError(f'each record needs "{TEXT_FIELD}": a string')
    return text


def load_predictor(model_path: Path) -> Predictor:
    """Load the ONNX model at `model_path` with the tokenizer.json and metadata.json beside it."""
    tokenizer_path = model_path.parent / "tokenizer.json"
    metadata_path = model_path.parent / "metadata.json"
    for path in (model_path, tokenizer_path, metadata_path):
        if not path.is_file():
            raise ModelLoadError(f"{path} is missing; train a model first (make train)")
    session = open_session(model_path)
    try:
        tokenizer = Tokenizer.from_file(str(tokenizer_path))
    except Exception as err:  # tokenizers raises a bare Exception for a bad file
        raise ModelLoadError(f"{tokenizer_path} is not a tokenizer file: {err}") from err
    return Predictor(tokenizer, session, ModelMetadata.load(metadata_path))
