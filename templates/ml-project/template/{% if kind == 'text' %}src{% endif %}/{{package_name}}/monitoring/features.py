"""A text model's monitored features: how long its texts are, in characters and words.

A text has no columns to compare, so the monitor measures two things any model is
sensitive to and any client can change: a client that starts cutting texts short,
or a new source (whole reviews where the model learnt from snippets), shows in the
lengths long before anyone reads the texts. Words are counted apart from characters
because a change of language or style moves one without the other. What the texts
say is watched through the model's predictions (monitor.py), the one signal that
sees their content.

The reference is the training split (data/processed/train.csv); the service logs
each request's text as {"text": ...}. The reference for the predictions is the
model's answers on the test split (test.csv), which it never learnt from.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any

import numpy as np

from ..config import SEED, Paths
from ..dataset import TEXT, DataReport, read_split
from ..modeling.metadata import ModelMetadata
from ..modeling.predict import load_predictor
from ..schema import TEXT_FIELD
from .columns import Columns, Feature, Reference, Value

CHARACTERS = Feature("characters", "numeric")
WORDS = Feature("words", "numeric")
# The model predicts on at most this many test texts for the reference of its
# predictions. The transformer candidate reads about 60 short reviews a second on a
# two-core CPU, so this keeps `monitor` to about ten seconds whichever candidate is
# served; 500 texts still show a shift of a few percent in the classes predicted.
REFERENCE_PREDICTIONS = 500
# Texts per call to the model: the transformer pads a batch to its longest text.
BATCH = 32


def monitored_features(metadata: ModelMetadata) -> list[Feature]:
    """The lengths of the text, whatever the model (its schema has the one text input)."""
    return [CHARACTERS, WORDS]


def load_reference(paths: Paths, metadata: ModelMetadata) -> Reference:
    """The training texts' lengths, and the model's predictions for the test texts (a
    sample of them, if there are many)."""
    report = DataReport.load(paths.cleaning_report)
    train = read_split(paths.train_csv, report)[TEXT].tolist()
    # Held-out texts, not training ones: a model answers the texts it learnt from better
    # than any new ones, so its answers on them would make unchanged traffic look drifted.
    test = read_split(paths.test_csv, report)[TEXT].tolist()
    rows = np.random.default_rng(SEED).permutation(len(test))[:REFERENCE_PREDICTIONS]
    predictor = load_predictor(paths.onnx_file)
    predictions = [
        prediction.prediction
        for batch in _batches([test[row] for row in np.sort(rows)])
        for prediction in predictor.predict([{TEXT_FIELD: text} for text in batch])
    ]
    return Reference(columns=_lengths(train), predictions=list(predictions))


def live_values(inputs: Sequence[Mapping[str, Any]], features: Sequence[Feature]) -> Columns:
    """The lengths of the logged texts ({"text": ...} each)."""
    return _lengths([str(record.get(TEXT_FIELD, "")) for record in inputs])


def _lengths(texts: Sequence[str]) -> Columns:
    characters: list[Value] = [float(len(text)) for text in texts]
    words: list[Value] = [float(len(text.split())) for text in texts]
    return {CHARACTERS.name: characters, WORDS.name: words}


def _batches(texts: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(texts), BATCH):
        yield texts[start : start + BATCH]
