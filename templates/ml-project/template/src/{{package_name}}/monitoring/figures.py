"""Monitoring figures: each feature's training distribution against its live one.

Drawn like the evaluation figures (plots.py): on matplotlib `Figure` objects, without
pyplot's global state, saved as PNG by the Agg backend with no version stamp.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from ..plots import DPI, PNG_METADATA
from .columns import FeatureKind, Value
from .drift import MISSING

# One panel: a feature's name and kind, its reference values and its live values.
Panel = tuple[str, FeatureKind, Sequence[Value], Sequence[Value]]
BINS = 30
# Categories shown per panel; the rarest of the rest are left out.
MAX_CATEGORIES = 12
REFERENCE_LABEL, LIVE_LABEL = "training", "live"


def distributions(
    panels: Sequence[Panel], title: str, path: Path, *, reference_label: str = REFERENCE_LABEL
) -> Path:
    """One panel per feature, side by side: histograms of numbers, shares of categories."""
    figure = Figure(figsize=(4.2 * len(panels), 3.6), layout="tight")
    figure.suptitle(title)
    axes = figure.subplots(1, len(panels), squeeze=False)[0]
    for ax, (name, kind, reference, live) in zip(axes, panels, strict=True):
        if kind == "numeric":
            _histograms(ax, reference, live, reference_label)
        else:
            _shares(ax, reference, live, reference_label)
        ax.set_title(name)
        ax.legend(fontsize="small")
    path.parent.mkdir(parents=True, exist_ok=True)
    figure.savefig(path, dpi=DPI, metadata=PNG_METADATA)
    return path


def _histograms(
    ax: Axes, reference: Sequence[Value], live: Sequence[Value], reference_label: str
) -> None:
    # Densities over shared bins, so samples of different sizes compare by shape.
    samples = [
        np.array([float(value) for value in values if value is not None])
        for values in (reference, live)
    ]
    both = np.concatenate(samples)
    if not both.size:
        return
    bins = np.histogram_bin_edges(both, bins=BINS).tolist()
    for sample, label in zip(samples, (reference_label, LIVE_LABEL), strict=True):
        if sample.size:
            ax.hist(sample, bins=bins, density=True, histtype="step", linewidth=1.5, label=label)
    ax.set_ylabel("Density")


def _shares(
    ax: Axes, reference: Sequence[Value], live: Sequence[Value], reference_label: str
) -> None:
    counts = [
        Counter(MISSING if value is None else str(value) for value in values)
        for values in (reference, live)
    ]
    categories = [name for name, _ in (counts[0] + counts[1]).most_common(MAX_CATEGORIES)]
    positions = np.arange(len(categories))
    width = 0.4
    for offset, count, label in zip(
        (-width / 2, width / 2), counts, (reference_label, LIVE_LABEL), strict=True
    ):
        total = max(sum(count.values()), 1)
        ax.bar(positions + offset, [count[name] / total for name in categories], width, label=label)
    ax.set_xticks(
        positions,
        categories,
        rotation=45 if len(categories) > 4 else 0,
        ha="right" if len(categories) > 4 else "center",
    )
    ax.set_ylabel("Share of records")
