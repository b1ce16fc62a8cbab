"""What a run that compared several candidates shows: the comparison, and the mistakes.

A text project trains its candidates from small to large (TF-IDF, then a pre-trained
transformer) and serves the best; these pieces say what the larger one buys, which
texts the served model gets most confidently wrong, and the words that weigh most.
"""

from __future__ import annotations

from . import sections
from .run import RunFacts


def candidates_table(facts: RunFacts) -> str:
    """Every model training compared, smallest first, and which one is served."""
    headline, name = facts.headline, sections.metric_in_text(facts.headline)
    folds = facts.metrics.cv.folds
    rows = [
        f"| Candidate | {folds}-fold CV {name} | Test {name} | Training time |",
        "| --- | ---: | ---: | ---: |",
        f"| Baseline: the class frequencies, whatever the input "
        f"| {sections.spread_cell(facts.metrics.cv.baseline.get(headline))} "
        f"| {sections.number_or_na(facts.metrics.test.baseline.get(headline))} | |",
    ]
    for candidate in facts.metrics.candidates:
        served = " **(served)**" if candidate.name == facts.metadata.model else ""
        cv = sections.spread_cell(candidate.cv.get(headline))
        test = sections.number_or_na(candidate.test.get(headline))
        rows.append(
            f"| {candidate.description}{served} | {cv} | {test} | {candidate.fit_seconds:.1f} s |"
        )
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


def mistakes_table(facts: RunFacts) -> str:
    """The wrong test predictions the served model was surest of."""
    mistakes = facts.metrics.mistakes
    if not mistakes:
        return "The model made no mistake on the test split."
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
