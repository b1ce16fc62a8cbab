"""reports/model_card.md: the sections of "Model Cards for Model Reporting" (Mitchell et al., 2019).

Facts from the run sit in blocks that every report rewrites; judgement (intended
use, factors that matter, ethics, caveats) is the author's, asked for with prompts
that are written once, when the card is created, and then left alone.
"""

from __future__ import annotations

from . import findings, image_card, sections
from .blocks import block, prompt
from .run import RunFacts

PAPER = "https://arxiv.org/abs/1810.03993"


def model_card_blocks(facts: RunFacts) -> dict[str, str]:
    return {
        "model-details": _model_details(facts),
        "intended-use": _intended_use(facts),
        "factors": _factors(facts),
        "metrics": _metrics(facts),
        "evaluation-data": _evaluation_data(facts),
        "training-data": _training_data(facts),
        "quantitative-analyses": _quantitative_analyses(facts),
        "caveats": _caveats(facts),
    }


def new_model_card(facts: RunFacts) -> str:
    """The card as first written: headings, filled blocks and the author's prompts."""
    facts_of = model_card_blocks(facts)
    parts = [
        f"# Model card: {facts.about.name}",
        "",
        *([facts.about.description, ""] if facts.about.description else []),
        f'This card follows ["Model Cards for Model Reporting"]({PAPER}) (Mitchell et al., '
        "2019). `make report` rewrites the facts between the `report` markers from the "
        "latest run; everything else is yours and is kept. Replace each *Your turn* quote "
        "with your own words.",
        "",
        "## Model details",
        "",
        block("model-details", facts_of["model-details"]),
        "",
        prompt(
            "Why this model? Say what you tried before it and anything a user should know "
            "about how it was built that the facts above do not say."
        ),
        "",
        "## Intended use",
        "",
        block("intended-use", facts_of["intended-use"]),
        "",
        prompt(
            "Who is this model for, and what task or decision does it help with? Name the "
            "uses it is **not** meant for, for example data unlike its training data."
        ),
        "",
        "## Factors",
        "",
        block("factors", facts_of["factors"]),
        "",
        prompt(
            "Which groups, places, instruments or conditions could change how well the "
            "model works? Which did you check, and which can this data not tell you about?"
        ),
        "",
        "## Metrics",
        "",
        block("metrics", facts_of["metrics"]),
        "",
        prompt(
            "Which mistake costs more where this model is used (a missed case or a false "
            "alarm, a prediction too high or too low)? Is the headline metric the right one?"
        ),
        "",
        "## Evaluation data",
        "",
        block("evaluation-data", facts_of["evaluation-data"]),
        "",
        "## Training data",
        "",
        block("training-data", facts_of["training-data"]),
        "",
        prompt(
            "Where does the data come from: who collected it, when, how and why? "
            "Who or what is missing from it?"
        ),
        "",
        "## Quantitative analyses",
        "",
        block("quantitative-analyses", facts_of["quantitative-analyses"]),
        "",
        "## Ethical considerations",
        "",
        prompt(
            "Could the data or the predictions harm anyone, or treat some groups worse than "
            "others? Does the data hold personal or sensitive information? What did you do "
            "about it?"
        ),
        "",
        "## Caveats and recommendations",
        "",
        block("caveats", facts_of["caveats"]),
        "",
        prompt("What should someone check before relying on this model? What would you improve?"),
        "",
    ]
    return "\n".join(parts)


def _model_details(facts: RunFacts) -> str:
    meta, about = facts.metadata, facts.about
    if facts.task == "classification":
        classes = meta.classes or ()
        task = (
            f"classification of `{meta.target}` into {len(classes)} classes ({', '.join(classes)})"
        )
    else:
        task = f"regression of `{meta.target}`, a number"
    if sections.reads_images(facts):
        model = image_card.model_line(facts)
    elif sections.reads_text(facts):
        model = (
            f"- **Model**: {meta.estimator}, the best of the candidates in cross-validation "
            "(see *Quantitative analyses*); served as one ONNX graph from token ids to "
            "probabilities, with its tokenizer"
        )
    else:
        model = (
            f"- **Model**: {sections.model_name(facts)} (scikit-learn `{meta.estimator}`), in "
            f"one pipeline with its preprocessing: {sections.preprocessing(facts)}"
        )
    lines = [
        *([f"- **Developed by**: {about.author}"] if about.author else []),
        model,
        *([image_card.input_line(facts)] if sections.reads_images(facts) else []),
        f"- **Task**: {task}",
        f"- **Version**: `{meta.model_version}`, trained on {meta.trained_at[:10]}",
        f"- **Files**: {', '.join(f'`{name}`' for name in facts.model_files)}",
        *([f"- **License**: {about.license}"] if about.license else []),
        *([f"- **Code**: {about.repository_url}"] if about.repository_url else []),
    ]
    return "\n".join(lines)


def _intended_use(facts: RunFacts) -> str:
    meta = facts.metadata
    if sections.reads_images(facts):
        return image_card.intended_use(facts)
    if sections.reads_text(facts):
        return (
            f"The model predicts `{meta.target}` from a text. It is served over HTTP by this "
            'repository\'s API (`POST /v1/predict` with `{"text": "..."}`), which refuses '
            "empty texts and texts over its length limit (`MAX_TEXT_CHARS`)."
        )
    names = ", ".join(f"`{feature.name}`" for feature in meta.features)
    categories = any(feature.kind == "categorical" for feature in meta.features)
    accepts = ", which accepts only the categories seen in training" if categories else ""
    return (
        f"The model predicts `{meta.target}` from {sections.plural(len(meta.features), 'feature')}"
        f" ({names}). It is served over HTTP by this repository's API (`POST /v1/predict`)"
        f"{accepts}."
    )


def _factors(facts: RunFacts) -> str:
    categorical = [f for f in facts.metadata.features if f.kind == "categorical"]
    if sections.reads_images(facts):
        return image_card.factors(facts)
    if sections.reads_text(facts):
        return (
            "The texts carry no labelled groups (author, subject, language, dialect), so the "
            "scores are not broken down by any. Texts about the same subject share words, "
            "which a model can learn instead of the task: look for names among the words "
            "that weigh most."
        )
    if not categorical:
        return (
            "The data has no categorical feature to compare groups by; any group that "
            "matters has to come from outside this data."
        )
    groups = "; ".join(
        f"`{feature.name}` ({', '.join(map(str, feature.categories or []))})"
        for feature in categorical
    )
    extra = (
        " Results per class are under *Quantitative analyses*."
        if facts.task == "classification"
        else ""
    )
    return (
        f"Groups the data can be split by, which the model could serve unequally: {groups}. "
        f"This report does not break the scores down by them.{extra}"
    )


def _metrics(facts: RunFacts) -> str:
    explanation = {
        "balanced_accuracy": "the average of the recall of each class, so a common class "
        "cannot make a weak model look good",
        "r2": "the share of the target's variance the model explains: 0 is no better than "
        "always predicting the mean, 1 is perfect",
    }.get(facts.headline, "the metric the project is judged by")
    folds = facts.metrics.cv.folds
    return "\n".join(
        [
            f"The headline metric is **{sections.metric_name(facts.headline)}**: "
            f"{explanation}. Every score is compared with {sections.baseline_name(facts)}. "
            f"*Test* is one held-out split; *CV* is the mean ± standard deviation over "
            f"{folds} cross-validation folds of the training split, which shows how much the "
            "scores move with the data.",
            "",
            sections.metrics_table(facts),
        ]
    )


def _evaluation_data(facts: RunFacts) -> str:
    data = facts.data
    share = sections.percent(data.n_test / max(1, data.n_rows))
    how = "split by class so each class keeps its share, " if facts.task == "classification" else ""
    if data.grouped_by:
        how += f"every {data.grouped_by} on one side only, "
    rows = sections.plural(data.n_test, "image" if sections.reads_images(facts) else "row")
    lines = [
        f"- The test split: {rows} ({share} of the data), held out before training "
        f"({how}seed {facts.metadata.seed}); the model never saw them.",
        "- Same source and cleaning as the training data (below).",
    ]
    per_class = facts.metrics.per_class
    if per_class:
        sep, noun = (": ", "images") if sections.reads_images(facts) else (" ", "rows")
        counts = ", ".join(f"{label}{sep}{scores.support}" for label, scores in per_class.items())
        lines.append(f"- Test {noun} per class: {counts}.")
    return "\n".join(lines)


def _training_data(facts: RunFacts) -> str:
    provenance = [f"- **Provenance**: {facts.data.provenance}"] if facts.data.provenance else []
    if sections.reads_images(facts):
        return "\n".join(
            [
                *sections.data_lines(facts),
                *provenance,
                f"- Data sha256: `{facts.metadata.data_sha256}`",
            ]
        )
    rows = ["| Feature | Type | Seen in training | Missing values |", "| --- | --- | --- | --- |"]
    for feature in facts.metadata.features:
        if feature.kind == "categorical":
            seen = ", ".join(map(str, feature.categories or []))
        elif feature.min is not None and feature.max is not None:
            seen = f"{feature.min:g} to {feature.max:g}"
        else:
            seen = "n/a"
        missing = "yes" if feature.nullable else "no"
        rows.append(f"| `{feature.name}` | {feature.kind} ({feature.dtype}) | {seen} | {missing} |")
    return "\n".join(
        [
            *sections.data_lines(facts),
            *provenance,
            f"- Data sha256: `{facts.metadata.data_sha256}`",
            "",
            *rows,
        ]
    )


def _quantitative_analyses(facts: RunFacts) -> str:
    parts = []
    if facts.task == "classification":
        parts += ["Per class, on the test split:", "", sections.per_class_table(facts), ""]
    if sections.reads_images(facts):
        parts += image_card.candidates_parts(facts)
    elif sections.reads_text(facts):
        parts += [
            "Every candidate, on the same cross-validation folds and test split:",
            "",
            findings.candidates_table(facts),
            "",
            "The most confident mistakes on the test split:",
            "",
            findings.mistakes_table(facts),
            "",
        ]
    else:
        parts += [sections.top_features(facts), ""]
    parts += [sections.figures_grid(facts.figures, prefix="")]
    return "\n".join(parts)


def _caveats(facts: RunFacts) -> str:
    data, meta = facts.data, facts.metadata
    headline = facts.metrics.cv.model.get(facts.headline)
    lines = []
    if data.n_test < 200:
        if facts.task == "classification":
            step = sections.percent(1 / max(1, data.n_test), 1)
            effect = f"one prediction more or less right moves the accuracy by {step}"
        else:
            effect = "a few unusual rows can move the scores"
        spread = (
            f" The cross-validation spread (± {sections.number(headline.std)}) is a better "
            "guide to how much the scores vary."
            if headline
            else ""
        )
        noun = "images" if sections.reads_images(facts) else "rows"
        lines.append(f"- The test split is small ({data.n_test} {noun}): {effect}.{spread}")
    if any(feature.kind == "categorical" for feature in meta.features):
        lines.append("- The API refuses categories the model never saw.")
    if sections.reads_images(facts):
        return "\n".join(lines + image_card.caveats(facts))
    if sections.reads_text(facts):
        lines += [
            "- The pre-trained transformer is all-MiniLM-L6-v2 (sentence-transformers, "
            "Apache-2.0), fine-tuned by its authors on about a billion English sentence "
            "pairs from the web. It reads the first 256 word pieces of a text and ignores "
            "the rest; it was not tested here on other languages, on other genres than the "
            "training texts, or for the biases of its web training data.",
            "- Irony and negation (*not bad*, *so bad it's good*) are where text classifiers "
            "fail most: read the mistakes above before trusting a single prediction.",
            "- The scores hold for texts like the training texts. Retrain and re-evaluate "
            "(`make all`) when the texts change.",
        ]
        return "\n".join(lines)
    lines += [
        "- Numbers outside the ranges seen in training (see *Training data*) are accepted, "
        "but predictions there are guesses beyond the data.",
        "- The scores hold for data like the training data. Retrain and re-evaluate "
        "(`make all`) when the data changes.",
    ]
    return "\n".join(lines)
