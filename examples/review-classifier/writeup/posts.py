"""reports/writeup.md (a blog-post draft) and reports/social_post.md (a short post).

The facts of the run are filled in and rewritten on every report; the personal
parts (why, what surprised you, what you learned) are prompts for the author,
written once when the draft is created.
"""

from __future__ import annotations

from . import findings, image_facts, sections
from .blocks import block, prompt
from .monitoring_text import monitoring_line
from .run import RunFacts

EXAMPLE_FEATURES_SHOWN = 6


def writeup_blocks(facts: RunFacts) -> dict[str, str]:
    return {
        "problem": _problem(facts),
        "data": "\n".join(sections.data_lines(facts)),
        "approach": _approach(facts),
        "results": _results(facts),
        "shipped": _shipped(facts),
    }


def new_writeup(facts: RunFacts) -> str:
    facts_of = writeup_blocks(facts)
    parts = [
        f"# {facts.about.name}",
        "",
        *([f"*{facts.about.description}*", ""] if facts.about.description else []),
        prompt(
            "Open with a hook: why did you build this, and why should a reader care? "
            "Then give the post a title of your own."
        ),
        "",
        "## The problem",
        "",
        block("problem", facts_of["problem"]),
        "",
        prompt("What question does this answer, for whom, and what do people do today without it?"),
        "",
        "## The data",
        "",
        block("data", facts_of["data"]),
        "",
        prompt("What did you notice when you looked at the data: anything surprising or messy?"),
        "",
        "## The approach",
        "",
        block("approach", facts_of["approach"]),
        "",
        prompt("Why this model and these choices? What did you try that did not work?"),
        "",
        "## Results",
        "",
        block("results", facts_of["results"]),
        "",
        prompt(
            "What do these numbers mean in practice? Where does the model go wrong, and why "
            "do you think it does (look at the figures)?"
        ),
        "",
        "## What I shipped",
        "",
        block("shipped", facts_of["shipped"]),
        "",
        "## What I learned",
        "",
        prompt("Two or three things you learned, about the data, the tools or shipping a model."),
        "",
        "## Next steps",
        "",
        prompt("What would you do next with more time or more data?"),
        "",
    ]
    return "\n".join(parts)


def social_post_blocks(facts: RunFacts) -> dict[str, str]:
    return {"social-post": _social_post(facts)}


def new_social_post(facts: RunFacts) -> str:
    return "\n".join(
        [
            "# Social post draft",
            "",
            "`make report` rewrites the draft below from the latest run. Copy it, make it "
            "yours, and attach `social_preview.png` (next to this file) as its image.",
            "",
            block("social-post", _social_post(facts)),
            "",
        ]
    )


def _problem(facts: RunFacts) -> str:
    meta = facts.metadata
    if sections.reads_images(facts):
        file = facts.metrics.example.record.get(image_facts.upload_field(facts), "")
        return (
            f"Given an image, which class is `{meta.target}`? For example, for the test image "
            f"`{file}` (saved as `{image_facts.EXAMPLE_IMAGE}`), the model answers "
            f"**{facts.metrics.example.prediction}**."
        )
    if sections.reads_text(facts):
        text = next(iter(meta.example_record.values()))
        return (
            f"Given a text, which class is `{meta.target}`? For example, for the test text "
            f"*{text}*, the model answers **{facts.metrics.example.prediction}**."
        )
    shown = list(meta.example_record.items())[:EXAMPLE_FEATURES_SHOWN]
    record = ", ".join(f"`{name}` {value}" for name, value in shown)
    more = " …" if len(meta.example_record) > EXAMPLE_FEATURES_SHOWN else ""
    prediction = facts.metrics.example.prediction
    answer = sections.number(prediction) if isinstance(prediction, float) else prediction
    kind = "which class" if facts.task == "classification" else "what value"
    return (
        f"Given {sections.plural(len(meta.features), 'feature')}, {kind} is `{meta.target}`? "
        f"For example, for a record from the test split ({record}{more}), the model answers "
        f"**{answer}**."
    )


def _approach(facts: RunFacts) -> str:
    folds = facts.metrics.cv.folds
    if sections.reads_images(facts):
        return _image_approach(facts)
    if sections.reads_text(facts):
        tried = "; ".join(candidate.description for candidate in facts.metrics.candidates)
        return "\n".join(
            [
                f"- Start small, then scale up: {tried}. Each is scored with {folds}-fold "
                "cross-validation on the training split, the best is served, and all are "
                "scored once on a test split held out from the start.",
                f"- A bar to clear first: {sections.baseline_name(facts)}.",
                "- The served model is one ONNX graph from token ids to probabilities, with "
                "its tokenizer: the service needs neither torch nor scikit-learn.",
                f"- One seed ({facts.metadata.seed}) for the split, the folds and the models, "
                "so a rerun gives the same numbers.",
            ]
        )
    return "\n".join(
        [
            f"- One scikit-learn pipeline: {sections.preprocessing(facts)}, then a "
            f"{sections.model_name(facts)}. The same object is trained, saved and evaluated; "
            "the service runs its ONNX export.",
            f"- A bar to clear first: {sections.baseline_name(facts)}.",
            f"- Both scored with {folds}-fold cross-validation on the training split, then "
            "once on a test split held out from the start.",
            f"- One seed ({facts.metadata.seed}) for the split, the folds and the model, so a "
            "rerun gives the same numbers.",
        ]
    )


def _image_approach(facts: RunFacts) -> str:
    folds, side = facts.metrics.cv.folds, image_facts.image_side(facts)
    tried = "; ".join(candidate.description for candidate in facts.metrics.candidates)
    compared = (
        f"- From the simplest to the most knowing: {tried}. Each is scored with "
        f"{folds}-fold cross-validation on the training split, the best is served, and all "
        "are scored once on a test split held out from the start."
        if len(facts.metrics.candidates) > 1
        else f"- One model: {tried}, scored with {folds}-fold cross-validation on the "
        "training split, then once on a test split held out from the start."
    )
    return "\n".join(
        [
            compared,
            f"- A bar to clear first: {sections.baseline_name(facts)}; and logistic regression "
            "on the raw pixels is the floor a network must clear to be worth its cost.",
            f"- One function reads every image, in training and in the service: Pillow "
            f"decodes it, turns it upright, converts it to RGB, crops the central square and "
            f"resizes it to {side} x {side} pixels.",
            "- The served model is one ONNX graph from pixels to probabilities: the service "
            "runs it with onnxruntime and needs neither torch nor scikit-learn.",
            f"- One seed ({facts.metadata.seed}) for the split, the folds and the models, "
            "so a rerun on a CPU gives the same numbers.",
        ]
    )


def _results(facts: RunFacts) -> str:
    if sections.reads_images(facts):
        return _image_results(facts)
    figures = [path for path in facts.figures if not path.endswith("permutation_importance.png")]
    shown = [*figures[:1], *[p for p in facts.figures if p.endswith("permutation_importance.png")]]
    images = [f"![{sections.figure_title(path)}]({path})" for path in shown]
    return "\n".join(
        [
            sections.headline_sentence(facts),
            "",
            sections.metrics_table(facts),
            "",
            *(
                [findings.candidates_table(facts), "", findings.transfer_sentence(facts)]
                if sections.reads_text(facts)
                else [sections.top_features(facts, limit=3)]
            ),
            "",
            *images,
            "",
            "All the numbers and figures: [the model card](model_card.md).",
        ]
    )


def _image_results(facts: RunFacts) -> str:
    wanted = ("confusion_matrix.png", "training_curves.png", "mistakes.png")
    shown = [path for path in facts.figures if path.endswith(wanted)]
    images = [f"![{sections.figure_title(path)}]({path})\n" for path in shown]
    sentences = [findings.depth_sentence(facts), findings.training_sentence(facts)]
    return "\n".join(
        [
            sections.headline_sentence(facts),
            "",
            sections.metrics_table(facts),
            "",
            findings.candidates_table(facts),
            "",
            *[f"{sentence}\n" for sentence in sentences if sentence],
            "The test images it got wrong with the most confidence:",
            "",
            findings.mistakes_table(facts),
            "",
            *images,
            "All the numbers and figures: [the model card](model_card.md).",
        ]
    )


def _shipped(facts: RunFacts) -> str:
    one, many = (
        ("one uploaded image", "many, `GET /v1/example` for a real test image")
        if sections.reads_images(facts)
        else ("one record", "many")
    )
    lines = [
        f"- An HTTP API (FastAPI): `POST /v1/predict` for {one}, `/v1/predict/batch` for "
        f"{many}, health checks, Prometheus metrics and interactive docs at `/docs`.",
        f"- {sections.latency_line(facts)}",
        "- A Docker image that serves the trained model as a non-root user.",
        f"- {monitoring_line(facts)}",
        "- Tests for every step, and GitHub Actions that run the whole pipeline on every push.",
        "- A [model card](model_card.md) with the facts of this run.",
        f"- Reproducibility: {sections.reproducibility_line(facts)}",
    ]
    if facts.about.repository_url:
        lines.append(f"- The code: {facts.about.repository_url}")
    return "\n".join(lines)


def _social_post(facts: RunFacts) -> str:
    model, baseline, _, _ = sections.headline_values(facts)
    first = f"I built {facts.about.name}." + (
        f" {facts.about.description}" if facts.about.description else ""
    )
    verdict = (
        ""
        if facts.metrics.verdict.beats_baseline
        else " It does not clearly beat the baseline yet, and the write-up says why."
    )
    text, images = sections.reads_text(facts), sections.reads_images(facts)
    if images:
        inputs, ignored = "an image", "image"
    elif text:
        inputs, ignored = "its text", "text"
    else:
        inputs, ignored = sections.plural(len(facts.metadata.features), "feature"), "features"
    lines = [
        first,
        "",
        f"{_with_article(sections.model_name(facts))} predicts {facts.metadata.target} from "
        f"{inputs}. "
        f"On data it never saw: {sections.metric_in_text(facts.headline)} {model}, against "
        f"{baseline} for a baseline that ignores the {ignored}."
        f"{verdict}",
        *([_compared(facts)] if images and len(facts.metrics.candidates) > 1 else []),
        "It runs as an API in a Docker image, with tests and CI.",
    ]
    if facts.about.repository_url:
        lines += ["", f"Code, results and write-up: {facts.about.repository_url}"]
    tags = (
        "#ComputerVision #PyTorch" if images else "#NLP #Transformers" if text else "#scikitlearn"
    )
    lines += ["", f"#MachineLearning #Python {tags}"]
    return "\n".join(lines)


def _compared(facts: RunFacts) -> str:
    """The candidates an image model was chosen from, with their cross-validated scores."""
    headline = facts.headline
    scores = [
        f"{findings.SHORT_NAMES.get(candidate.name, candidate.name)} {sections.number(spread.mean)}"
        for candidate in facts.metrics.candidates
        if (spread := candidate.cv.get(headline)) is not None
    ]
    return (
        f"Compared in cross-validation ({sections.metric_in_text(headline)}): "
        f"{', '.join(scores)}; the best is served."
    )


def _with_article(noun: str) -> str:
    # "An embedding model", "A random forest".
    return f"{'An' if noun[:1].lower() in 'aeiou' else 'A'} {noun}"
