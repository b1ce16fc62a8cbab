"""The model's input as metadata.json records it: one feature, the image.

The service reads it to describe the model (`/v1/model`), and the write-up to say
what the model sees, as they read a tabular model's columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from .config import IMAGE_SIZE

# The kinds of input any project's model may take; an image model's one input is "image".
# Shared code (the write-up, the service) compares against all of them.
FeatureKind = Literal["numeric", "categorical", "text", "image"]
# The multipart form field that carries an upload (`-F file=@digit.png`).
IMAGE_FIELD: Final = "file"


@dataclass(frozen=True)
class FeatureSpec:
    """One input: its name and kind; for an image, `min`/`max` are its side in pixels."""

    name: str
    kind: FeatureKind
    dtype: str
    nullable: bool
    categories: tuple[str, ...] | None
    min: float | None
    max: float | None

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "kind": self.kind,
            "dtype": self.dtype,
            "nullable": self.nullable,
            "categories": self.categories,
            "min": self.min,
            "max": self.max,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeatureSpec:
        return cls(**{**data, "categories": None})


# The model takes the prepared image (images.prepare): IMAGE_SIZE pixels a side, RGB.
IMAGE_FEATURE: Final = FeatureSpec(
    name="image",
    kind="image",
    dtype="uint8",
    nullable=False,
    categories=None,
    min=IMAGE_SIZE,
    max=IMAGE_SIZE,
)


@dataclass(frozen=True)
class FeatureSchema:
    """The model's inputs, in order: for an image model, the image alone."""

    features: tuple[FeatureSpec, ...]

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self.features]
