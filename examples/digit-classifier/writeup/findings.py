"""What a run that compared several candidates shows: the comparison, and the mistakes.

A text project trains its candidates from small to large (TF-IDF, then a pre-trained
transformer) and serves the best; these pieces say what the larger one buys, which
texts the served model gets most confidently wrong, and the words that weigh most.
An image project compares a linear model on the pixels (the floor), a small CNN and
transfer from a pre-trained network: they say whether the deep models were worth
their cost, how the CNN's training went, and which images fooled the served model.
"""

from __future__ import annotations

from . import sections
from .project import CandidateScores
from .run import RunFacts

# An image project's candidates, named in a few words (a post, a list).
SHORT_NAMES = {
    "linear": "linear on pixels",
    "cnn": "CNN",
    "transfer": "EfficientNet-Lite0 transfer",
}
# An image project's deep candidates, as a sentence names them.
DEEP_CANDIDATES = {
    "cnn": "The small CNN trained from scratch",
    "transfer": "Transfer from EfficientNet-Lite0 (pre-trained on ImageNet)",
}


def candidates_table(facts: RunFacts) -> str:
    """Every model training compared, smallest first, and which one is served."""
    headline, name = facts.headline, sections.metric_in_text(facts.headline)
    folds = facts.metrics.cv.folds
    baseline = (
        "the most common class, whatever the image"
        if sections.reads_images(facts)
        else "the class frequencies, whatever the input"
    )
    rows = [
        f"| Candidate | {folds}-fold CV {name} | Test {name} | Training time |",
        "| --- | ---: | ---: | ---: |",
        f"| Baseline: {baseline} "
        f"| {sections.spread_cell(facts.metrics.cv.baseline.get(headline))} "
        f"| {sections.number_or_na(facts.metrics.test.baseline.get(headline))} | |",
    ]
    images = sections.reads_images(facts)
    for candidate in facts.metrics.candidates:
        served = " **(served)**" if candidate.name == facts.metadata.model else ""
        description = capitalized(candidate.description) if images else candidate.description
        cv = sections.spread_cell(candidate.cv.get(headline))
        test = sections.number_or_na(candidate.test.get(headline))
        rows.append(f"| {description}{served} | {cv} | {test} | {candidate.fit_seconds:.1f} s |")
    return "\n".join(rows)


def transfer_sentence(facts: RunFacts) -> str:
    """What the larger candidate buys over the smaller one, in the run's own numbers."""
    by_name = {candidate.name: candidate for candidate in facts.metrics.candidates}
    small, large = by_name.get("tfidf"), by_name.get("embedding")
    headline = facts.headline
    if small is None or large is None:
        return ""
    small_cv, large_cv = small.cv.get(headline), large.cv.get(headline)
    if small_cv is None or large_cv is None:
        return ""
    gain = large_cv.mean - small_cv.mean
    spread = max(small_cv.std, large_cv.std)
    cost = f"{large.fit_seconds:.0f} s of training instead of {small.fit_seconds:.0f} s"
    if gain > spread:
        verdict = (
            f"The pre-trained transformer buys **{sections.number(gain, like=gain)}** of "
            f"{sections.metric_in_text(headline)} over TF-IDF in cross-validation, more than the "
            f"folds' spread (± {sections.number(spread)}), for {cost}"
        )
    elif gain > 0:
        verdict = (
            f"The pre-trained transformer edges TF-IDF by {sections.number(gain, like=gain)} of "
            f"{sections.metric_in_text(headline)} in cross-validation, within the folds' spread "
            f"(± {sections.number(spread)}), for {cost}: on this data the classic holds its own"
        )
    else:
        verdict = (
            f"TF-IDF matches or beats the pre-trained transformer in cross-validation "
            f"({sections.number(small_cv.mean)} vs {sections.number(large_cv.mean)}), and "
            f"trains in {small.fit_seconds:.0f} s instead of {large.fit_seconds:.0f} s"
        )
    return f"{verdict}. The served model is the candidate that does best in cross-validation."


def depth_sentence(facts: RunFacts) -> str:
    """Whether the CNN and the pre-trained network were worth their cost over the linear floor.

    Judged in cross-validation, as the served model is chosen: a deep candidate is said
    to be worth it only when it leads logistic regression on the pixels by more than
    the folds' spread.
    """
    by_name = {candidate.name: candidate for candidate in facts.metrics.candidates}
    headline = facts.headline
    floor = by_name.get("linear")
    floor_cv = floor.cv.get(headline) if floor else None
    if floor is None or floor_cv is None:
        return ""
    name = sections.metric_in_text(headline)
    sentences = []
    for key, label in DEEP_CANDIDATES.items():
        deep = by_name.get(key)
        deep_cv = deep.cv.get(headline) if deep else None
        if deep is None or deep_cv is None:
            continue
        gain = deep_cv.mean - floor_cv.mean
        spread = max(floor_cv.std, deep_cv.std)
        scores = f"{sections.number(deep_cv.mean)} vs {sections.number(floor_cv.mean)}"
        cost = f"{deep.fit_seconds:.0f} s of training against {floor.fit_seconds:.0f} s"
        if gain > spread:
            sentences.append(
                f"{label} beats logistic regression on the pixels by "
                f"**{sections.number(gain, like=gain)}** of {name} in cross-validation "
                f"({scores}, more than the folds' spread of ± {sections.number(spread)}), "
                f"for {cost}: worth its cost here."
            )
        elif gain > 0:
            sentences.append(
                f"{label} edges logistic regression on the pixels by "
                f"{sections.number(gain, like=gain)} of {name} in cross-validation ({scores}), "
                f"within the folds' spread (± {sections.number(spread)}), for {cost}: "
                "not clearly worth its cost on this data."
            )
        else:
            sentences.append(
                f"{label} does not beat logistic regression on the pixels in "
                f"cross-validation ({scores}), for {cost}: on these images it is not worth "
                "its cost."
            )
        sentences.append(_test_split_aside(facts, deep, floor, worth=gain > spread))
    sentences = [sentence for sentence in sentences if sentence]
    if not sentences:
        return ""
    chosen = (
        f" The {sections.model_name(facts)} is served: it does best in cross-validation."
        if facts.metadata.model in by_name
        else ""
    )
    return " ".join(sentences) + chosen


def single_candidate_sentence(facts: RunFacts) -> str:
    """Why an image model was not compared with the others: config.MODEL named it."""
    return (
        f'Only this candidate was trained: `MODEL = "{facts.metadata.model}"` in `config.py`. '
        'With `MODEL = "auto"`, training compares logistic regression on the pixels, a small '
        "CNN and transfer from EfficientNet-Lite0 on the same folds, and serves the best."
    )


def _test_split_aside(
    facts: RunFacts, deep: CandidateScores, floor: CandidateScores, *, worth: bool
) -> str:
    """What the test split says, when it disagrees with the cross-validated verdict."""
    deep_test, floor_test = deep.test.get(facts.headline), floor.test.get(facts.headline)
    if deep_test is None or floor_test is None or (deep_test > floor_test) == worth:
        return ""
    return (
        f"On the test split alone it scores {'higher' if deep_test > floor_test else 'lower'} "
        f"({sections.number(deep_test)} vs {sections.number(floor_test)}), but one split of "
        f"{facts.data.n_test:,} images is a noisier judge than {facts.metrics.cv.folds} folds."
    )


def capitalized(description: str) -> str:
    """A candidate's description at the start of a table cell or a sentence."""
    return description[:1].upper() + description[1:]


def training_sentence(facts: RunFacts) -> str:
    """How the CNN's training went, from its history: when it was best, and whether it stopped."""
    history = facts.history
    if history is None:
        return ""
    epochs = sections.plural(history.epochs, "epoch")
    best = (
        f"The CNN trained for {epochs} and kept the weights of epoch {history.best_epoch}, "
        f"whose loss on the tenth of the training images it held out was lowest "
        f"({sections.number(history.best_valid_loss)}; accuracy there "
        f"{sections.number(history.best_valid_accuracy)})"
    )
    if history.best_epoch == history.epochs:
        return (
            f"{best}. Its best epoch was its last: it was still improving when the epoch limit "
            "(`EPOCHS` in `config.py`) ended training."
        )
    after = sections.plural(history.epochs - history.best_epoch, "epoch")
    return f"{best}; the {after} after it did not improve on it, so training stopped."


def mistakes_table(facts: RunFacts) -> str:
    """The wrong test predictions the served model was surest of."""
    mistakes = facts.metrics.mistakes
    if not mistakes:
        return "The model made no mistake on the test split."
    if sections.reads_images(facts):
        rows = ["| Image | Actual | Predicted | Confidence |", "| --- | --- | --- | ---: |"]
        for mistake in mistakes:
            name = mistake.text.replace("`", "").replace("|", "\\|")
            confidence = sections.percent(mistake.probability)
            rows.append(f"| `{name}` | {mistake.actual} | {mistake.predicted} | {confidence} |")
        return "\n".join(rows)
    rows = ["| Text | Actual | Predicted | Confidence |", "| --- | --- | --- | ---: |"]
    for mistake in mistakes:
        text = mistake.text.replace("|", "\\|").replace("\n", " ")
        confidence = sections.percent(mistake.probability)
        rows.append(f"| {text} | {mistake.actual} | {mistake.predicted} | {confidence} |")
    return "\n".join(rows)


def top_terms_lines(facts: RunFacts) -> list[str]:
    """Per class, the words the TF-IDF model weighs most towards it."""
    return [
        f"- **{label}**: {', '.join(f'*{term}*' for term in terms)}"
        for label, terms in facts.metrics.top_terms.items()
    ]
