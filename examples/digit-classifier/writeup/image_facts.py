"""What the documents say of an image model's data and API: its side, its upload, its notes.

Kept apart from sections.py, which holds what every kind's documents share.
"""

from __future__ import annotations

from .project import DataFacts, Note
from .run import RunFacts

# The image kind's own figures and candidates, as the documents name them.
FIGURE_TITLES = {"training_curves": "CNN training curves", "mistakes": "Surest mistakes"}
MODEL_NAMES = {"cnn": "small CNN", "transfer": "EfficientNet-Lite0 transfer model"}
# Pillow's names for how an image stores its pixels, as the cleaning notes give them.
PILLOW_MODES = {
    "1": "black and white",
    "L": "greyscale",
    "LA": "greyscale with transparency",
    "P": "palette",
    "PA": "palette with transparency",
    "RGBA": "colour with transparency",
    "CMYK": "print colours",
    "YCbCr": "video colours",
    "I": "32-bit greyscale",
    "I;16": "16-bit greyscale",
    "F": "floating-point greyscale",
}
# The real test image that training saves for an image model's examples.
EXAMPLE_IMAGE = "models/example.png"


def is_image(kind: str) -> bool:
    # Typed as str: a tabular or text project's feature kinds have no "image" among them.
    return kind == "image"


def input_line(facts: RunFacts) -> str:
    """The data section's **Input** line: what the model sees of every image."""
    side = image_side(facts)
    return (
        f"- **Input**: one image, cropped to a square at its centre and resized to "
        f"{side} x {side} pixels, in RGB"
    )


def image_side(facts: RunFacts) -> int:
    """The side in pixels of the square image an image model sees (its feature's size)."""
    side = next(f.max for f in facts.metadata.features if is_image(f.kind))
    return int(side or 0)


def upload_field(facts: RunFacts) -> str:
    """The form field an image model's API reads the upload from: the example record's key."""
    return next(iter(facts.metadata.example_record), "file")


def upload_command(facts: RunFacts, host: str = "http://127.0.0.1:8000") -> str:
    """The curl command that uploads the example test image (models/example.png)."""
    return f"curl -s -F {upload_field(facts)}=@{EXAMPLE_IMAGE} {host}/v1/predict"


def note_line(note: Note) -> str:
    """A cleaning note as the documents list it: "3 files skipped, not an image: a.txt, ..."."""
    # An image note's reason says what happened: "kept, resized to ...", "skipped, not
    # an image: a.txt, ...", "dropped, copies of an image kept once: ...".
    reason = str(note["reason"])
    what = "file" if reason.startswith("skipped") else "image"
    # "kept, converted to RGB from 12 L, 3 P": a count and a mode, for each mode.
    counted = reason.partition(" from ")[2].split(", ")
    modes = [mode for _, _, mode in (part.partition(" ") for part in counted) if mode]
    modes = [mode for mode in modes if mode in PILLOW_MODES]
    if reason.startswith("kept, converted to RGB") and modes:
        glossary = "; ".join(f"{mode}: {PILLOW_MODES[mode]}" for mode in modes)
        reason = f"{reason} (Pillow's modes; {glossary})"
    count = int(note["rows"])
    # "file" and "image" both take a plain -s.
    return f"{count:,} {what if count == 1 else what + 's'} {reason}"


def cleaning_lines(data: DataFacts) -> list[str]:
    """The data section's **Cleaning** line and a line per note, naming the files."""
    files = f"{data.n_raw_rows:,} file{'' if data.n_raw_rows == 1 else 's'}"
    kept = f"- **Cleaning**: {data.n_rows:,} of {files} kept"
    notes = [f"  - {note_line(note)}" for note in data.dropped]
    return [f"{kept}, nothing dropped or changed"] if not notes else [f"{kept};", *notes]


def training_line(facts: RunFacts) -> str:
    """When and how long training took, and what it cross-validated."""
    meta = facts.metadata
    what = (
        "every candidate and the baseline, then the final fits"
        if len(facts.metrics.candidates) > 1
        else "model and baseline, then the final fit"
    )
    return (
        f"Trained in {meta.training_seconds:.1f} s on {meta.trained_at[:10]} "
        f"({facts.metrics.cv.folds}-fold cross-validation of {what})."
    )
