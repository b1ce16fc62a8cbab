"""The candidates: words are learnt per fold, and TF-IDF clearly beats knowing nothing."""

from __future__ import annotations

import numpy as np
import pandas as pd
from sklearn.model_selection import StratifiedKFold, cross_val_score

from review_classifier.config import SEED, TARGET
from review_classifier.dataset import TEXT
from review_classifier.modeling.candidates import (
    PAD,
    UNKNOWN,
    WordIds,
    make_baseline,
    make_tfidf,
    train_word_tokenizer,
)

# Balanced accuracy the TF-IDF model must add to the baseline's, in cross-validation.
MARGIN = 0.1


def test_word_tokenizer_reserves_padding_and_unknown_words() -> None:
    tokenizer = train_word_tokenizer(["A good, good film!", "a bad film"])

    assert tokenizer.token_to_id(PAD) == 0
    assert tokenizer.token_to_id(UNKNOWN) == 1
    assert tokenizer.encode("GOOD,Bad!").tokens == ["good", ",", "bad", "!"]
    assert tokenizer.encode("good?").tokens == ["good", UNKNOWN]


def test_word_tokenizer_strips_accents_and_case() -> None:
    tokenizer = train_word_tokenizer(["Caf\u00e9 ORANGE"])

    assert tokenizer.encode("cafe orange").ids == tokenizer.encode("CAF\u00c9 Orange").ids


def test_word_ids_know_only_the_words_they_were_fitted_on() -> None:
    words = WordIds().fit(["a good film", "a bad film"])
    unknown = str(words.tokenizer_.token_to_id(UNKNOWN))

    (ids,) = words.transform(["a splendid film"])

    assert ids.split(" ")[1] == unknown
    assert unknown not in ids.split(" ")[::2]


def test_word_ids_are_refitted_on_each_fold() -> None:
    """A clone fitted on other texts has its own vocabulary: no fold sees another's words."""
    first = WordIds().fit(["only these words"])
    second = WordIds().fit(["entirely different vocabulary"])
    unknown = str(first.tokenizer_.token_to_id(UNKNOWN))

    assert first.transform(["entirely different"]) == [f"{unknown} {unknown}"]
    assert second.transform(["entirely different"]) != [f"{unknown} {unknown}"]


def test_tfidf_beats_the_baseline_in_cross_validation(train_split: pd.DataFrame) -> None:
    texts, labels = train_split[TEXT].tolist(), train_split[TARGET].to_numpy()
    folds = StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED)

    tfidf = cross_val_score(make_tfidf(SEED), texts, labels, cv=folds, scoring="balanced_accuracy")
    dummy = np.zeros((len(texts), 1))
    baseline = cross_val_score(
        make_baseline(), dummy, labels, cv=folds, scoring="balanced_accuracy"
    )

    assert tfidf.mean() >= baseline.mean() + MARGIN
    assert baseline.mean() == 0.5
