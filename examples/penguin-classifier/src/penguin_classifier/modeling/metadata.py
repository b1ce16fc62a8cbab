"""ModelMetadata: everything known about a trained model, saved next to it as JSON.

The API reads it to build its request schema and to describe the model; the README
and the evaluation read its numbers. Field names are a contract: see
docs/template-design.md in mlscaffold.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ..schema import FeatureSchema, FeatureSpec

# A JSON-safe feature value: what a request or a CSV cell can hold.
JsonScalar = str | int | float | bool | None


@dataclass(frozen=True)
class ModelMetadata:
    project: str
    model_version: str
    task: str
    target: str
    model: str
    estimator: str
    features: tuple[FeatureSpec, ...]
    classes: tuple[str, ...] | None
    metrics: dict[str, Any]
    cv_folds: int
    trained_at: str
    training_seconds: float
    data_sha256: str
    seed: int
    n_train: int
    n_test: int
    dropped: tuple[dict[str, Any], ...]
    library_versions: dict[str, str]
    example_record: dict[str, JsonScalar]

    @property
    def schema(self) -> FeatureSchema:
        return FeatureSchema(self.features)

    def to_dict(self) -> dict[str, Any]:
        data = {field.name: getattr(self, field.name) for field in fields(self)}
        data["features"] = [spec.to_dict() for spec in self.features]
        data["classes"] = list(self.classes) if self.classes is not None else None
        data["dropped"] = list(self.dropped)
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ModelMetadata:
        names = {field.name for field in fields(cls)}
        if set(data) != names:
            missing, extra = sorted(names - set(data)), sorted(set(data) - names)
            raise ValueError(
                f"metadata fields differ from the contract: missing {missing}, extra {extra}"
            )
        classes = data["classes"]
        return cls(
            **{
                **data,
                "features": tuple(FeatureSpec.from_dict(item) for item in data["features"]),
                "classes": tuple(classes) if classes is not None else None,
                "dropped": tuple(data["dropped"]),
            }
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> ModelMetadata:
        return cls.from_dict(json.loads(path.read_text()))
