"""reports/social_preview.png: the 1280x640 image GitHub shows when the repository is shared.

Project name, its one-line pitch and the headline metric against the baseline
(for an image model, against every candidate it was chosen from too), drawn with
matplotlib (no display needed). GitHub has no API for it: upload it in
the repository's Settings -> Social preview.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.figure import Figure

from . import findings, image_facts, sections
from .run import RunFacts

WIDTH, HEIGHT, DPI = 1280, 640, 100
# No "Software" chunk: the same facts give the same bytes on any matplotlib version.
PNG_METADATA: dict[str, str | None] = {"Software": None}
INK, MUTED, ACCENT, BASELINE = "#1f2328", "#57606a", "#0969da", "#afb8c1"
OTHER = "#80ccff"  # the candidates that were not served


def social_preview_png(facts: RunFacts) -> bytes:
    """The preview as PNG bytes; the same facts always give the same bytes."""
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
    # Long names get a smaller font, so they still fit on one line.
    size = min(46.0, 46.0 * 28 / max(1, len(facts.about.name)))
    figure.text(0.06, 0.82, facts.about.name, fontsize=size, fontweight="bold", color=INK)
    pitch = textwrap.shorten(facts.about.description, width=120, placeholder=" …")
    figure.text(0.06, 0.74, textwrap.fill(pitch, width=62), fontsize=22, color=MUTED, va="top")
    _draw_headline(figure, facts)
    if sections.reads_images(facts):
        side = image_facts.image_side(facts)
        footer = (
            f"{sections.model_name(facts)} · {facts.data.n_rows:,} images at {side} x {side} "
            "pixels · PyTorch, ONNX, FastAPI, Docker"
        )
    elif sections.reads_text(facts):
        footer = (
            f"{sections.model_name(facts)} · {facts.data.n_rows:,} texts · "
            "a pre-trained transformer, ONNX, FastAPI, Docker"
        )
    else:
        footer = (
            f"{sections.model_name(facts)} · {facts.data.n_rows:,} rows · "
            f"{len(facts.metadata.features)} features · scikit-learn, FastAPI, Docker"
        )
    figure.text(0.06, 0.07, footer, fontsize=16, color=MUTED)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    return buffer.getvalue()


def _draw_headline(figure: Figure, facts: RunFacts) -> None:
    name = facts.headline
    model = facts.metrics.test.model.get(name) or 0.0
    baseline = facts.metrics.test.baseline.get(name) or 0.0
    shown_model, shown_baseline, _, _ = sections.headline_values(facts)
    label = sections.METRIC_NAMES.get(name, name)
    figure.text(0.06, 0.33, shown_model, fontsize=80, fontweight="bold", color=ACCENT)
    figure.text(0.06, 0.25, f"{label}, on held-out data", fontsize=20, color=INK)
    verdict = "" if facts.metrics.verdict.beats_baseline else " (not beaten yet)"
    figure.text(0.06, 0.19, f"baseline: {shown_baseline}{verdict}", fontsize=20, color=MUTED)
    bars = _candidate_bars(facts) if sections.reads_images(facts) else []
    if bars:
        bars.append(("baseline", baseline, BASELINE))
        ax = figure.add_axes((0.66, 0.18, 0.28, 0.36))
        labels, values, colors = zip(*bars, strict=True)
        positions = list(range(len(bars) - 1, -1, -1))
        ax.barh(positions, values, color=colors, height=0.6)
        ax.set_yticks(positions, labels=labels, fontsize=14)
        ax.set_xlim(min(0.0, *values), max(1.0, *values))
        ax.set_title("each candidate, on the test split", fontsize=13, color=MUTED, loc="left")
    else:
        # Model and baseline as two bars, on a scale from 0 (or below) to 1 (or above).
        ax = figure.add_axes((0.60, 0.22, 0.34, 0.26))
        ax.barh([1, 0], [model, baseline], color=[ACCENT, BASELINE], height=0.6)
        ax.set_yticks([1, 0], labels=["model", "baseline"], fontsize=16)
        ax.set_xlim(min(0.0, model, baseline), max(1.0, model, baseline))
    ax.tick_params(axis="x", labelsize=12, colors=MUTED)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)


def _candidate_bars(facts: RunFacts) -> list[tuple[str, float, str]]:
    """(label, test score, colour) of each candidate an image model was chosen from."""
    candidates = facts.metrics.candidates
    if len(candidates) < 2:
        return []
    bars = []
    for candidate in candidates:
        served = candidate.name == facts.metadata.model
        label = findings.SHORT_NAMES.get(candidate.name, candidate.name)
        bars.append(
            (
                f"{label} (served)" if served else label,
                candidate.test.get(facts.headline) or 0.0,
                ACCENT if served else OTHER,
            )
        )
    return bars
