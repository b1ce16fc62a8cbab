"""ModelMetadata: everything known about a trained model, saved next to it as JSON.

The API reads it to build its request schema and to describe the model; evaluation
checks it describes the data it scores on. Its fields are read by the service image
too, so a model trained by an older version of this code is refused with a message
rather than served half-understood.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, fields
from pathlib import Path
from typing import Any

from ..results import JsonScalar, ModelScores, Note
from ..schema import FeatureSchema, FeatureSpec


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
    metrics: ModelScores
    trained_at: str
    training_seconds: float
    data_sha256: str
    seed: int
    n_train: int
    n_test: int
    dropped: tuple[Note, ...]
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
        data["metrics"] = self.metrics.model_dump(mode="json")
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
                "metrics": ModelScores.model_validate(data["metrics"]),
            }
        )

    def save(self, path: Path) -> None:
        path.write_text(json.dumps(self.to_dict(), indent=2) + "\n")

    @classmethod
    def load(cls, path: Path) -> ModelMetadata:
        return cls.from_dict(json.loads(path.read_text()))
