"""Markdown pieces shared by the README, the model card and the write-up.

Every function takes the run's facts and returns Markdown text; none reads a file.
Numbers are written by `number()`, so each appears the same way everywhere.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from . import image_facts
from .project import LOWER_IS_BETTER, Note, Spread
from .run import RunFacts

METRIC_NAMES = {
    "balanced_accuracy": "Balanced accuracy",
    "accuracy": "Accuracy",
    "f1_macro": "F1 (macro average)",
    "roc_auc": "ROC AUC",
    "roc_auc_ovr": "ROC AUC (one-vs-rest)",
    "r2": "R²",
    "mae": "Mean absolute error",
    "rmse": "Root mean squared error",
}
FIGURE_TITLES = {
    "confusion_matrix": "Confusion matrix",
    "roc_curve": "ROC curve",
    "precision_recall": "Precision-recall curve",
    "predicted_vs_actual": "Predicted vs actual",
    "residuals": "Residuals",
    "permutation_importance": "Permutation importance",
    "top_terms": "Words that weigh most",
    **image_facts.FIGURE_TITLES,
}
TOP_FEATURES = 5
MODEL_NAMES = {
    "random_forest": "random forest",
    "gradient_boosting": "gradient boosting model",
    "tfidf": "TF-IDF model",
    "embedding": "embedding model",
    "finetuned": "fine-tuned transformer",
    **image_facts.MODEL_NAMES,
}


def number(value: float, *, like: float | None = None) -> str:
    """A metric or data value as the documents show it: 3 decimals for small numbers.

    `like`: write `value` with as many decimals as that number gets (a spread next
    to its mean).
    """
    size = abs(value if like is None else like)
    if size < 10:
        return f"{value:.3f}"
    if size < 1000:
        return f"{value:.1f}"
    return f"{value:,.0f}"


def percent(share: float, decimals: int = 0) -> str:
    return f"{share:.{decimals}%}"


def metric_name(name: str) -> str:
    label = METRIC_NAMES.get(name, name.replace("_", " "))
    return f"{label} (lower is better)" if name in LOWER_IS_BETTER else label


def model_name(facts: RunFacts) -> str:
    """The model in plain words, e.g. "random forest"."""
    if facts.metadata.model == "linear":
        if reads_images(facts):
            return "pixel-based logistic regression"
        return "logistic regression" if facts.task == "classification" else "ridge regression"
    return MODEL_NAMES.get(facts.metadata.model, facts.metadata.model.replace("_", " "))


def reads_text(facts: RunFacts) -> bool:
    """Whether the model's input is free text rather than a table's columns."""
    return any(feature.kind == "text" for feature in facts.metadata.features)


def reads_images(facts: RunFacts) -> bool:
    """Whether the model's input is one image (an upload) rather than a table or a text."""
    return any(image_facts.is_image(feature.kind) for feature in facts.metadata.features)


def preprocessing(facts: RunFacts) -> str:
    """What the pipeline does before the model (numbers are scaled for linear models only)."""
    kinds = {feature.kind for feature in facts.metadata.features}
    steps = ["missing values filled in"]
    if "numeric" in kinds and facts.metadata.model == "linear":
        steps.append("numbers standardised")
    if "categorical" in kinds:
        steps.append("categories one-hot encoded")
    return ", ".join(steps)


def baseline_name(facts: RunFacts) -> str:
    ignored = "image" if reads_images(facts) else "text" if reads_text(facts) else "features"
    if facts.task == "classification":
        return f"a baseline that ignores the {ignored} and always predicts the most common class"
    return f"a baseline that ignores the {ignored} and always predicts the mean"


def plural(count: int, word: str, words: str | None = None) -> str:
    return f"{count:,} {word if count == 1 else (words or word + 's')}"


def metric_in_text(name: str) -> str:
    """A metric's name inside a sentence: "balanced accuracy", "R²"."""
    return METRIC_NAMES.get(name, name.replace("_", " ")).lower().replace("r²", "R²")


def headline_values(facts: RunFacts) -> tuple[str, str, str, str]:
    """The headline metric of model and baseline, as the documents write it: test, then CV."""
    metrics, name = facts.metrics, facts.headline
    return (
        number_or_na(metrics.test.model.get(name)),
        number_or_na(metrics.test.baseline.get(name)),
        spread_cell(metrics.cv.model.get(name)),
        spread_cell(metrics.cv.baseline.get(name)),
    )


def headline_sentence(facts: RunFacts) -> str:
    """The headline metric of the model against the baseline, and an honest verdict."""
    model, baseline, _, _ = headline_values(facts)
    noun = "image" if reads_images(facts) else "text" if reads_text(facts) else "row"
    return (
        f"On {plural(facts.metadata.n_test, f'test {noun}')} "
        "it never saw while training, the "
        f"{model_name(facts)}'s {metric_in_text(facts.headline)} is **{model}**; "
        f"{baseline_name(facts)} scores {baseline}. {verdict_sentence(facts)}"
    )


def verdict_sentence(facts: RunFacts) -> str:
    """Whether the model beats the baseline, on the test split and in cross-validation.

    Both must agree before the model is said to beat it (in CV by more than the spread
    of its scores): one lucky split is not evidence, and a model that loses to "ignore
    the features" says that the features, as the model sees them, carry little signal
    about the target.
    """
    verdict = facts.metrics.verdict
    folds = facts.metrics.cv.folds
    if verdict.beats_baseline:
        return (
            f"The model beats the baseline on the test split and in {folds}-fold cross-validation."
        )
    if verdict.beats_baseline_on_test:
        return (
            "The model beats the baseline on the test split but **not** clearly in "
            f"{folds}-fold cross-validation (its lead there is within the spread of its "
            "scores over the folds), so the test result may be luck of the split; treat it "
            "with caution."
        )
    if verdict.beats_baseline_in_cv:
        return (
            f"The model beats the baseline in {folds}-fold cross-validation but **not** on "
            "the test split; the gain is small or unstable."
        )
    return (
        "The model does **not** beat the baseline, neither on the test split nor clearly "
        f"in {folds}-fold cross-validation: the features carry little signal about "
        f"`{facts.metadata.target}`, at least in the form this model sees them."
    )


def metrics_table(facts: RunFacts) -> str:
    """Model and baseline, on the test split and in cross-validation (mean ± std)."""
    test, cv = facts.metrics.test, facts.metrics.cv
    folds = cv.folds
    names = sorted(test.model, key=lambda name: name != facts.headline)  # the headline first
    rows = [
        f"| Metric | Model (test) | Baseline (test) | Model ({folds}-fold CV) "
        f"| Baseline ({folds}-fold CV) |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for name in names:
        cells = [number_or_na(test.model[name]), number_or_na(test.baseline.get(name))]
        cells += [spread_cell(cv.model.get(name)), spread_cell(cv.baseline.get(name))]
        if name == facts.headline:
            cells[0] = f"**{cells[0]}**"
            rows.append(f"| **{metric_name(name)}** | {' | '.join(cells)} |")
        else:
            rows.append(f"| {metric_name(name)} | {' | '.join(cells)} |")
    return "\n".join(rows)


def per_class_table(facts: RunFacts) -> str:
    """Precision, recall and F1 of each class on the test split (classification only)."""
    per_class = facts.metrics.per_class or {}
    rows = [
        f"| Class | Precision | Recall | F1 | Test {'images' if reads_images(facts) else 'rows'} |",
        "| --- | ---: | ---: | ---: | ---: |",
    ]
    for label, scores in per_class.items():
        rows.append(
            f"| {label} | {number(scores.precision)} | {number(scores.recall)} "
            f"| {number(scores.f1)} | {scores.support} |"
        )
    return "\n".join(rows)


def data_lines(facts: RunFacts) -> list[str]:
    """Bullet points: size, features, the target's classes or range, what cleaning dropped."""
    data, meta = facts.data, facts.metadata
    kinds = [feature.kind for feature in meta.features]
    numeric, categorical = kinds.count("numeric"), kinds.count("categorical")
    mix = (
        f"{numeric} numeric, {categorical} categorical"
        if numeric and categorical
        else ("all numeric" if numeric else "all categorical")
    )
    if reads_images(facts):
        inputs = image_facts.input_line(facts)
    elif reads_text(facts):
        inputs = "- **Input**: the text alone"
    else:
        inputs = f"- **{plural(len(kinds), 'feature')}**: {mix}"
    row = "image" if reads_images(facts) else "row"
    lines = [
        f"- **{plural(data.n_rows, row)}** from `{data.source}` "
        f"({data.n_train:,} to train, {data.n_test:,} to test"
        + (", split by class" if facts.task == "classification" else "")
        + (f" and by {data.grouped_by}: none is on both sides" if data.grouped_by else "")
        + ")",
        inputs,
    ]
    if data.class_counts:
        counts = data.class_counts
        total = sum(counts.values())
        # An image project's labels are often numbers (digits): a colon keeps them apart.
        sep = ": " if reads_images(facts) else " "
        shares = ", ".join(
            f"{label}{sep}{count:,} ({percent(count / total)})" for label, count in counts.items()
        )
        lines.append(f"- **Classes** of `{meta.target}`: {shares}")
    if data.target_summary:
        summary = data.target_summary
        lines.append(
            f"- **Target** `{meta.target}`: from {number(summary.min)} to "
            f"{number(summary.max)}, mean {number(summary.mean)}, "
            f"median {number(summary.median)}"
        )
    return lines + cleaning_lines(facts)


def cleaning_lines(facts: RunFacts) -> list[str]:
    """What cleaning kept, and each thing it dropped or changed (from cleaning.json)."""
    data = facts.data
    if reads_images(facts):
        return image_facts.cleaning_lines(data)
    kept = f"- **Cleaning**: {data.n_rows:,} of {data.n_raw_rows:,} raw rows kept"
    notes = [f"  - {_note(note)}" for note in data.dropped]
    return [f"{kept}, nothing dropped or changed"] if not notes else [f"{kept};", *notes]


def top_features(facts: RunFacts, limit: int = TOP_FEATURES) -> str:
    """The features the model relies on most, by permutation importance on the test split."""
    ranked = facts.metrics.permutation_importance
    if not ranked:
        return "Permutation importance was not measured in this run."
    lines = [
        f"How much the test {metric_in_text(facts.headline)} drops when one column's values "
        "are shuffled (mean ± std over repeated shuffles): the larger the drop, the more "
        "the model relies on it.",
        "",
    ]
    useful = [item for item in ranked if item.mean > 0]
    for position, item in enumerate(useful[:limit], 1):
        spread = number(item.std, like=item.mean)
        lines.append(f"{position}. `{item.feature}`: {number(item.mean)} ± {spread}")
    unused = [item.feature for item in ranked if item.mean <= 0]
    if unused:
        lines += ["", f"Shuffling {_listing(unused)} does not lower the score on the test split."]
    return "\n".join(lines)


def figure_title(path: str) -> str:
    stem = path.rsplit("/", 1)[-1].removesuffix(".png")
    return FIGURE_TITLES.get(stem, stem.replace("_", " ").capitalize())


def figures_grid(figures: Sequence[str], prefix: str) -> str:
    """The figures, two per row, in a Markdown table; `prefix` leads to reports/ from the page."""
    if not figures:
        return "No figures yet; `make evaluate` draws them."
    rows: list[str] = []
    for i in range(0, len(figures), 2):
        pair = list(figures[i : i + 2])
        blanks = [""] * (2 - len(pair))
        titles = [figure_title(path) for path in pair] + blanks
        images = [f"![{figure_title(path)}]({prefix}{path})" for path in pair] + blanks
        if i == 0:  # a Markdown table needs a header row: the first two titles
            rows += [f"| {titles[0]} | {titles[1]} |", "| --- | --- |"]
        else:
            bold = [f"**{title}**" if title else "" for title in titles]
            rows.append(f"| {bold[0]} | {bold[1]} |")
        rows.append(f"| {images[0]} | {images[1]} |")
    return "\n".join(rows)


def training_line(facts: RunFacts) -> str:
    meta = facts.metadata
    folds = facts.metrics.cv.folds
    if reads_images(facts):
        return image_facts.training_line(facts)
    return (
        f"Trained in {meta.training_seconds:.1f} s on {meta.trained_at[:10]} "
        f"({folds}-fold cross-validation of model and baseline, then the final fit)."
    )


def latency_line(facts: RunFacts) -> str:
    latency = facts.latency
    if latency is None:
        when = "for an older model" if facts.latency_stale else "yet"
        return f"Serving latency: not measured {when}; `make bench` measures it."
    return (
        f"Serving latency of `{latency.endpoint}`: median {latency.p50_ms:.1f} ms, "
        f"95th percentile {latency.p95_ms:.1f} ms ({latency.requests} requests from "
        f"{latency.client}; measured {latency.measured_at[:10]} on {latency.machine})."
    )


def reproducibility_line(facts: RunFacts) -> str:
    meta = facts.metadata
    versions = ", ".join(
        f"{'Python' if name == 'python' else name} {version}"
        for name, version in meta.library_versions.items()
    )
    return (
        f"Seed {meta.seed} · data sha256 `{meta.data_sha256}` · model version "
        f"`{meta.model_version}` · {versions}. `make all` reruns everything."
    )


def curl_example(facts: RunFacts, host: str = "http://127.0.0.1:8000") -> str:
    if reads_images(facts):
        return "\n".join(["```bash", image_facts.upload_command(facts, host), "```"])
    body = json.dumps(facts.metrics.example.record).replace("'", "'\\''")
    return "\n".join(
        [
            "```bash",
            f"curl -s -X POST {host}/v1/predict \\",
            '  -H "Content-Type: application/json" \\',
            f"  -d '{body}'",
            "```",
        ]
    )


def prediction_json(facts: RunFacts) -> str:
    """The API's answer for the example record (numbers rounded), as JSON."""
    example = facts.metrics.example
    answer: dict[str, object] = {
        "prediction": (
            round(example.prediction, 4)
            if isinstance(example.prediction, float)
            else example.prediction
        )
    }
    if example.probabilities is not None:
        answer["probabilities"] = {k: round(v, 4) for k, v in example.probabilities.items()}
    answer["model_version"] = facts.metadata.model_version
    return "```json\n" + json.dumps(answer) + "\n```"


def number_or_na(value: float | None) -> str:
    return "n/a" if value is None else number(value)


def spread_cell(scores: Spread | None) -> str:
    if scores is None:
        return "n/a"
    return f"{number(scores.mean)} ± {number(scores.std, like=scores.mean)}"


def _note(note: Note) -> str:
    if "column" in note:
        return f"column `{note['column']}`: {note['reason']}"
    return f"{plural(int(note['rows']), 'row')} dropped: {note['reason']}"


def _listing(names: Sequence[str]) -> str:
    quoted = [f"`{name}`" for name in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " and " + quoted[-1]
