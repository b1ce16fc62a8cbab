"""The model's input as metadata.json records it: one feature, the text.

The service builds its request body and the demo its form from this description,
as they do for a tabular model's columns.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

# The kinds of input any project's model may take; a text model's one input is "text".
# Shared code (the write-up, the service) compares against all three.
FeatureKind = Literal["numeric", "categorical", "text"]
# The request field that carries the text (`{"text": "..."}`), whatever the CSV called it.
TEXT_FIELD: Final = "text"


@dataclass(frozen=True)
class FeatureSpec:
    """One input: its name and kind; `min`/`max` bound its length in characters when set."""

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


TEXT_FEATURE: Final = FeatureSpec(
    name=TEXT_FIELD, kind="text", dtype="string", nullable=False, categories=None, min=1, max=None
)


@dataclass(frozen=True)
class FeatureSchema:
    """The model's inputs, in order: for a text model, the text alone."""

    features: tuple[FeatureSpec, ...]

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self.features]
