"""Evaluation figures, drawn on matplotlib `Figure` objects and saved as PNG files.

Figures are built without pyplot's global state, so nothing needs a display and
nothing leaks between plots (matplotlib renders PNGs with its Agg backend).
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from numpy.typing import NDArray
from sklearn.metrics import ConfusionMatrixDisplay, PrecisionRecallDisplay, RocCurveDisplay

# Predicted labels (text) or values (numbers), and class probabilities.
Array = NDArray[Any]
DPI = 110
PNG_METADATA: dict[str, str | None] = {"Software": None}


def confusion_matrix(y_true: pd.Series, y_pred: Array, classes: Sequence[str], path: Path) -> Path:
    figure, ax = _figure("Confusion matrix (test split)", size=(5.5, 4.5))
    ConfusionMatrixDisplay.from_predictions(
        y_true,
        y_pred,
        labels=list(classes),
        ax=ax,
        cmap="Blues",
        colorbar=False,
        xticks_rotation=45 if len(classes) > 4 else "horizontal",
    )
    ax.set_xlabel("Predicted class")
    ax.set_ylabel("True class")
    return _save(figure, path)


def roc_curves(y_true: pd.Series, probabilities: Array, classes: Sequence[str], path: Path) -> Path:
    """ROC curve; one-vs-rest per class when there are more than two."""
    figure, ax = _figure("ROC curve (test split)")
    for label, scores in _curves_to_draw(y_true, probabilities, classes):
        RocCurveDisplay.from_predictions(y_true == label, scores, name=label, ax=ax)
    ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="Chance (AUC = 0.5)")
    ax.set_xlabel("False positive rate")
    ax.set_ylabel("True positive rate")
    ax.legend(loc="lower right", fontsize="small")
    return _save(figure, path)


def precision_recall_curves(
    y_true: pd.Series, probabilities: Array, classes: Sequence[str], path: Path
) -> Path:
    """Precision against recall: more telling than ROC when a class is rare."""
    figure, ax = _figure("Precision-recall curve (test split)")
    binary = len(classes) == 2
    for label, scores in _curves_to_draw(y_true, probabilities, classes):
        # Chance is the positive class's share; one line per class would only clutter.
        PrecisionRecallDisplay.from_predictions(
            y_true == label, scores, name=label, ax=ax, plot_chance_level=binary
        )
    ax.set_xlabel("Recall")
    ax.set_ylabel("Precision")
    ax.legend(loc="lower left", fontsize="small")
    return _save(figure, path)


def training_curves(history: list[dict[str, float]], best_epoch: int, path: Path) -> Path:
    """The CNN's loss on its training and validation images, and its accuracy, per epoch."""
    figure = Figure(figsize=(9, 3.8), layout="tight")
    loss_ax, accuracy_ax = figure.subplots(1, 2)
    epochs = [row["epoch"] for row in history]
    loss_ax.plot(epochs, [row["train_loss"] for row in history], label="training (augmented)")
    loss_ax.plot(epochs, [row["valid_loss"] for row in history], label="validation")
    accuracy_ax.plot(epochs, [row["valid_accuracy"] for row in history], color="tab:green")
    for ax in (loss_ax, accuracy_ax):
        ax.axvline(best_epoch, linestyle="--", color="grey", label=f"kept (epoch {best_epoch})")
        ax.set_xlabel("Epoch")
    loss_ax.set_title("CNN loss per epoch")
    loss_ax.set_ylabel("Cross-entropy")
    loss_ax.legend(fontsize="small")
    accuracy_ax.set_title("CNN accuracy on its validation images")
    accuracy_ax.set_ylabel("Accuracy")
    return _save(figure, path)


def image_grid(
    pixels: Array, captions: Sequence[str], title: str, path: Path, columns: int = 4
) -> Path:
    """Images side by side with a caption over each (the model's surest mistakes)."""
    columns = max(1, min(columns, len(pixels)))
    rows = max(1, -(-len(pixels) // columns))
    figure = Figure(figsize=(2.2 * columns, 2.5 * rows + 0.4), layout="tight")
    figure.suptitle(title)
    axes = np.atleast_1d(figure.subplots(rows, columns, squeeze=False)).ravel()
    for ax in axes:
        ax.axis("off")
    for ax, image, caption in zip(axes, pixels, captions, strict=False):
        ax.imshow(image, interpolation="nearest")
        ax.set_title(caption, fontsize="small")
    return _save(figure, path)


def _curves_to_draw(
    y_true: pd.Series, probabilities: Array, classes: Sequence[str]
) -> list[tuple[str, Array]]:
    # Binary: one curve, for the second (positive) class. Multiclass: one per class
    # against the rest, skipping a class the test split happens not to contain.
    # Callers compare `y_true == label`, so each curve is a plain binary problem.
    if len(classes) == 2:
        return [(classes[1], probabilities[:, 1])]
    present = set(y_true)
    return [(label, probabilities[:, i]) for i, label in enumerate(classes) if label in present]


def _figure(title: str, size: tuple[float, float] = (6, 4.5)) -> tuple[Figure, Axes]:
    figure = Figure(figsize=size, layout="tight")
    ax = figure.add_subplot()
    ax.set_title(title)
    return figure, ax


def _save(figure: Figure, path: Path) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    # No "Software" entry (it names the matplotlib version): the same run draws the
    # same bytes, so git sees a figure change only when the figure changes.
    figure.savefig(path, dpi=DPI, metadata=PNG_METADATA)
    return path
