"""reports/social_preview.png: the 1280x640 image GitHub shows when the repository is shared.

Project name, its one-line pitch, and the served model's MASE against every candidate's
on the backtest, drawn with matplotlib (no display needed). GitHub has no API for it:
upload it in the repository's Settings -> Social preview.
"""

from __future__ import annotations

import io
import textwrap

from matplotlib.figure import Figure

from . import text
from .run import ForecastRun

WIDTH, HEIGHT, DPI = 1280, 640, 100
# No "Software" chunk: the same facts give the same bytes on any matplotlib version.
PNG_METADATA: dict[str, str | None] = {"Software": None}
INK, MUTED, ACCENT, BASELINE, OTHER = "#1f2328", "#57606a", "#0969da", "#afb8c1", "#80ccff"


def social_preview_png(facts: ForecastRun) -> bytes:
    """The preview as PNG bytes; the same facts always give the same bytes."""
    figure = Figure(figsize=(WIDTH / DPI, HEIGHT / DPI), dpi=DPI, facecolor="white")
    # Long names get a smaller font, so they still fit on one line.
    size = min(46.0, 46.0 * 28 / max(1, len(facts.about.name)))
    figure.text(0.06, 0.82, facts.about.name, fontsize=size, fontweight="bold", color=INK)
    pitch = textwrap.shorten(facts.about.description, width=120, placeholder=" …")
    figure.text(0.06, 0.74, textwrap.fill(pitch, width=62), fontsize=22, color=MUTED, va="top")
    served, baseline = facts.served, facts.baseline
    figure.text(0.06, 0.33, text.number(served.mase), fontsize=80, fontweight="bold", color=ACCENT)
    figure.text(0.06, 0.25, "MASE over the backtest (lower is better)", fontsize=20, color=INK)
    verdict = "" if facts.beats_baseline_in_backtest else " (not beaten)"
    figure.text(
        0.06,
        0.19,
        f"{text.model_name(baseline.name)}: {text.number(baseline.mase)}{verdict}",
        fontsize=20,
        color=MUTED,
    )
    _draw_candidates(figure, facts)
    footer = (
        f"{text.model_name(served.name)} · {facts.cleaning.n_points:,} "
        f"{facts.metadata.frequency} points · {text.level(facts)} intervals · FastAPI, Docker"
    )
    figure.text(0.06, 0.07, footer, fontsize=16, color=MUTED)
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=DPI, metadata=PNG_METADATA)
    return buffer.getvalue()


def _draw_candidates(figure: Figure, facts: ForecastRun) -> None:
    """Each candidate's backtest MASE as a bar: the served one in the accent colour."""
    candidates = facts.metrics.candidates
    ax = figure.add_axes((0.66, 0.18, 0.28, 0.36))
    positions = list(range(len(candidates) - 1, -1, -1))
    colors = [
        ACCENT if c.name == facts.served.name else BASELINE if c.baseline else OTHER
        for c in candidates
    ]
    ax.barh(positions, [c.mase for c in candidates], color=colors, height=0.6)
    ax.set_yticks(positions, labels=[text.model_name(c.name) for c in candidates], fontsize=14)
    ax.set_title("each candidate's MASE, backtest", fontsize=13, color=MUTED, loc="left")
    ax.tick_params(axis="x", labelsize=12, colors=MUTED)
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
