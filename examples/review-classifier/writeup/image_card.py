"""The model card's sections for an image model (model_card.py asks for them).

Kept apart from model_card.py, which holds what every kind's card says: an image
model's input, use, factors and caveats are its own.
"""

from __future__ import annotations

from . import findings, image_facts, sections
from .run import RunFacts

# A wrong answer at least this sure is a confident mistake.
CONFIDENT = 0.9


def model_line(facts: RunFacts) -> str:
    """The card's **Model** line: the served candidate and how it is served."""
    meta = facts.metadata
    side = image_facts.image_side(facts)
    count = len(facts.metrics.candidates)
    chosen = (
        f"the best of {count} candidates in cross-validation (see *Quantitative analyses*), "
        if count > 1
        else ""
    )
    return (
        f"- **Model**: {findings.capitalized(meta.estimator)}; {chosen}served as one ONNX "
        f"graph from the {side} x {side} RGB image to the probability of each class"
    )


def input_line(facts: RunFacts) -> str:
    """The card's **Input** line."""
    return f"- **Input**: {image_input(facts)}"


def intended_use(facts: RunFacts) -> str:
    """What the model predicts from, and what the API refuses."""
    return (
        f"The model predicts `{facts.metadata.target}` from an image. It is served over HTTP "
        f"by this repository's API (`POST /v1/predict` with the image uploaded as the form "
        f"field `{image_facts.upload_field(facts)}`), which refuses files that are not images, "
        "files over its size limit (`MAX_IMAGE_BYTES`) and images of more pixels than "
        f"`MAX_IMAGE_PIXELS`. Whatever is uploaded, the model sees {image_input(facts)}: "
        "it is meant for images like its training images (see *Training data*)."
    )


def factors(facts: RunFacts) -> str:
    """Which groups the scores are (not) broken down by, and what the split kept apart."""
    split = (
        f" The split kept every {facts.data.grouped_by} on one side."
        if facts.data.grouped_by
        else " The split is by class only: images of one writer, camera or session can "
        "be on both sides of it, so the test score may flatter the model on writers or "
        "cameras it has never seen."
    )
    return (
        "The images carry no labelled groups (who wrote, drew or photographed them, with "
        "which camera or scanner, in what light), so the scores are not broken down by "
        f"any.{split} Results per class are under *Quantitative analyses*."
    )


def candidates_parts(facts: RunFacts) -> list[str]:
    """The candidates compared, what depth bought, the CNN's training, and the mistakes."""
    single = len(facts.metrics.candidates) < 2
    extra = [
        findings.single_candidate_sentence(facts) if single else "",
        findings.depth_sentence(facts),
        findings.training_sentence(facts),
    ]
    return [
        "Every candidate, on the same cross-validation folds and test split:",
        "",
        findings.candidates_table(facts),
        "",
        *[f"{sentence}\n" for sentence in extra if sentence],
        "The most confident mistakes on the test split:",
        "",
        findings.mistakes_table(facts),
        "",
    ]


def image_input(facts: RunFacts) -> str:
    """What the model sees of any image: the prepared square."""
    side = image_facts.image_side(facts)
    return (
        f"a square cropped at the centre of the image, resized to {side} x {side} pixels, in "
        "RGB (turned upright by its EXIF orientation first)"
    )


def caveats(facts: RunFacts) -> list[str]:
    """The image model's caveats: its input size, what it was not tested on, its mistakes."""
    side = image_facts.image_side(facts)
    sizes = _sizes_seen(facts)
    seen = (
        f" (the training images were {sizes} before resizing)"
        if sizes
        else f" (every training image was {side} x {side} already)"
    )
    lines = [
        f"- The model sees every image as {side} x {side} pixels: detail finer than that is "
        "lost, and whatever lies outside the central square is cropped away.",
        "- It was **not** tested on photos unlike the training images (other subjects, "
        f"backgrounds, lighting or framing), on images of other sizes or resolutions{seen}, "
        "or on images from other writers, cameras or scanners than those of its training "
        "data. Expect it to do worse there, and measure before relying on it.",
    ]
    if any(candidate.name == "transfer" for candidate in facts.metrics.candidates):
        lines.append(
            "- The transfer candidate reuses EfficientNet-Lite0 (Apache-2.0), trained by its "
            "authors on ImageNet's 1.3 million photos of objects; its features, and their "
            "biases, come from those photos and were not examined here."
        )
    mistakes = facts.metrics.mistakes
    if not mistakes:
        lines.append(
            f"- It made no mistake on the {facts.data.n_test} test images, which says little "
            "about images unlike them."
        )
    elif mistakes[0].probability >= CONFIDENT:
        lines.append(
            "- A confident answer is not always a right one: in its surest mistake on the "
            f"test split the model put {sections.percent(mistakes[0].probability)} on the "
            "wrong class (see *Quantitative analyses*)."
        )
    else:
        lines.append(
            "- On the test split no wrong answer was surer than "
            f"{sections.percent(mistakes[0].probability)} (see *Quantitative analyses*); "
            "on images unlike these, expect confident mistakes too."
        )
    lines += [
        "- The scores hold for images like the training images. Retrain and re-evaluate "
        "(`make all`) when the images change.",
    ]
    return lines


def _sizes_seen(facts: RunFacts) -> str:
    """The sizes the cleaning notes say the images were resized from, e.g. "8 x 8"."""
    marker = " from "
    for note in facts.data.dropped:
        reason = str(note.get("reason", ""))
        if reason.startswith("kept, resized to") and marker in reason:
            return reason.split(marker, 1)[1]
    return ""
