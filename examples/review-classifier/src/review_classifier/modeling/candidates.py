"""The models a text classifier is chosen from, smallest first: the baseline, TF-IDF, a transformer.

Start small, then scale up: the baseline says what knowing nothing scores, TF-IDF
with a linear model is the strong classic that any newer model must beat, and the
transformer's embeddings show what transfer learning adds on top.

TF-IDF reads words as the `tokenizers` library splits them, not with
scikit-learn's regular expression: the service tokenizes with the same library
for either model, and needs no scikit-learn.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final, Literal

from sklearn.base import BaseEstimator, TransformerMixin
from sklearn.dummy import DummyClassifier
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import Pipeline
from tokenizers import Tokenizer, normalizers, pre_tokenizers
from tokenizers.models import WordLevel
from tokenizers.trainers import WordLevelTrainer

CandidateName = Literal["tfidf", "embedding", "finetuned"]
# Trained for model "auto"; "finetuned" joins them where config.FINE_TUNE allows.
CANDIDATES: Final[tuple[CandidateName, ...]] = ("tfidf", "embedding")
DESCRIPTIONS: Final = {
    "baseline": "DummyClassifier: the class frequencies, whatever the text says",
    "tfidf": "TF-IDF of words and word pairs + LogisticRegression",
    "embedding": "all-MiniLM-L6-v2 sentence embeddings (pre-trained transformer) "
    "+ LogisticRegression",
    "finetuned": "all-MiniLM-L6-v2 fine-tuned end to end with a linear layer",
}
# Word ids 0 and 1: padding (never counted) and words unseen in training.
PAD, UNKNOWN = "[PAD]", "[UNK]"
# Inverse regularisation strengths, chosen by cross-validation on the default data
# set: TF-IDF's thousands of sparse features take a weaker penalty than 384 dense ones.
TFIDF_C: Final = 3.0
EMBEDDING_C: Final = 0.3


def train_word_tokenizer(texts: Sequence[str]) -> Tokenizer:
    """A word-level tokenizer over the words of `texts`: lowercased, accents and
    punctuation split off as BERT does, every word seen at least once kept."""
    tokenizer = Tokenizer(WordLevel(unk_token=UNKNOWN))
    tokenizer.normalizer = normalizers.BertNormalizer(lowercase=True, strip_accents=True)
    tokenizer.pre_tokenizer = pre_tokenizers.BertPreTokenizer()
    trainer = WordLevelTrainer(min_frequency=1, special_tokens=[PAD, UNKNOWN], show_progress=False)
    tokenizer.train_from_iterator(texts, trainer=trainer)
    return tokenizer


class WordIds(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """Texts to the ids of their words, space-separated, for CountVectorizer to count.

    Fitted on each cross-validation fold's training texts, so no fold learns the
    words of the texts it is scored on.
    """

    def fit(self, texts: Sequence[str], y: object = None) -> WordIds:
        self.tokenizer_ = train_word_tokenizer(texts)
        return self

    def transform(self, texts: Sequence[str]) -> list[str]:
        encodings = self.tokenizer_.encode_batch(list(texts))
        return [" ".join(map(str, encoding.ids)) for encoding in encodings]


def make_tfidf(seed: int) -> Pipeline:
    """TF-IDF of the words and word pairs seen in two texts or more, and a linear model.

    Classes are weighted by their inverse frequency: the project is judged by
    balanced accuracy, and without weights a rare class is mostly ignored.
    """
    return Pipeline(
        [
            ("words", WordIds()),
            (
                "counts",
                CountVectorizer(
                    token_pattern=r"\S+", lowercase=False, ngram_range=(1, 2), min_df=2
                ),
            ),
            # Raw term counts, not sublinear_tf: skl2onnx exports that as log(1 + tf)
            # where scikit-learn computes 1 + log(tf), and the export would disagree.
            ("tfidf", TfidfTransformer()),
            ("model", make_linear_model(TFIDF_C, seed)),
        ]
    )


def make_head(seed: int) -> LogisticRegression:
    """The linear layer trained on the transformer's sentence embeddings."""
    return make_linear_model(EMBEDDING_C, seed)


def make_linear_model(c: float, seed: int) -> LogisticRegression:
    return LogisticRegression(C=c, max_iter=2000, class_weight="balanced", random_state=seed)


def make_baseline() -> DummyClassifier:
    """What a model that ignores the text scores: the bar every candidate must clear.

    "prior" predicts the majority class and the class frequencies as probabilities,
    so its ROC AUC is the chance level 0.5.
    """
    return DummyClassifier(strategy="prior")
