"""Fine-tuning the whole transformer, run for real on the CPU on a handful of texts.

On the default data it is a candidate only where training finds a GPU; here one
epoch on a few texts shows that it learns, exports and is served like the others.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import pandas as pd
import pytest

from review_classifier.config import TARGET, Paths
from review_classifier.dataset import TEXT
from review_classifier.modeling.finetune import FineTunedClassifier
from review_classifier.modeling.train import TrainResult, train_model

TRAIN_PER_CLASS, TEST_PER_CLASS = 8, 4


@pytest.fixture(scope="module")
def tuned_paths(small_project: Callable[[int, int], Paths]) -> Paths:
    return small_project(TRAIN_PER_CLASS, TEST_PER_CLASS)


@pytest.fixture(scope="module")
def tuning(tuned_paths: Paths) -> TrainResult:
    """Training of the fine-tuned candidate alone; it raises ExportError if the export
    disagrees with the fine-tuned model on any test text."""
    return train_model(tuned_paths, model="finetuned")


def _fit(texts: pd.DataFrame) -> FineTunedClassifier:
    model = FineTunedClassifier(seed=3, epochs=1, batch_size=4, device="cpu")
    return model.fit(texts[TEXT].tolist(), texts[TARGET].to_numpy())


def test_the_fine_tuned_candidate_is_served_from_its_export(tuning: TrainResult) -> None:
    metadata = tuning.metadata

    assert metadata.model == "finetuned"
    assert [candidate.name for candidate in metadata.metrics.candidates] == ["finetuned"]
    assert {"torch", "transformers"} <= set(metadata.library_versions)


def test_fine_tuning_gives_probabilities_in_the_order_of_the_classes(
    train_split: pd.DataFrame,
) -> None:
    texts = train_split.groupby(TARGET, group_keys=False).head(4)
    model = _fit(texts)

    probabilities = model.predict_proba(texts[TEXT].tolist())

    assert list(model.classes_) == sorted(texts[TARGET].unique())
    assert probabilities.shape == (len(texts), len(model.classes_))
    np.testing.assert_allclose(probabilities.sum(axis=1), 1.0, atol=1e-6)
    assert set(model.predict(texts[TEXT].tolist())) <= set(model.classes_)


def test_fine_tuning_is_deterministic_for_a_seed(train_split: pd.DataFrame) -> None:
    texts = train_split.groupby(TARGET, group_keys=False).head(4)
    unseen = ["A film I would watch again.", "Two hours I will not get back."]

    first, second = _fit(texts).predict_proba(unseen), _fit(texts).predict_proba(unseen)

    np.testing.assert_array_equal(first, second)


def test_fine_tuning_changes_the_encoder(train_split: pd.DataFrame) -> None:
    from review_classifier.modeling.embeddings import load_encoder

    texts = train_split.groupby(TARGET, group_keys=False).head(4)
    before = next(load_encoder().parameters()).detach().clone()

    after = next(_fit(texts).model_.encoder.parameters()).detach()

    assert not np.allclose(before.numpy(), after.numpy())
