"""FeatureSchema: what the model expects of each input column, learned from training data.

The schema travels with the model (in metadata.json), so every caller — training,
evaluation, the CLI and the API — turns raw records into model input the same way.

pandas is imported only by the functions that take frames (training and evaluation):
the service reads the schema too, and its image has no pandas.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Final, Literal

if TYPE_CHECKING:
    import pandas as pd

# A table's columns are numeric or categorical; "text" is the kind of a text model's
# one input, listed so that code shared by every kind of project (the write-up) can ask.
FeatureKind = Literal["numeric", "categorical", "text"]
# The dtypes a feature can have; integer columns stay "int64" even when a missing
# value made pandas read them as floats, so the API can ask for whole numbers.
NUMERIC_DTYPES = ("int64", "float64")
# How a missing category reaches the pipeline: ONNX string tensors cannot hold NaN, so
# the categorical imputer treats the empty string as missing (in scikit-learn and in
# the exported ONNX graph alike). No CSV cell reads as "", and the API only accepts
# the categories seen in training.
MISSING_CATEGORY: Final = ""


def column_dtype(column: pd.Series) -> str:
    """Name a raw column's dtype in the schema's vocabulary."""
    import pandas as pd

    # "boolean" also covers True/False with gaps, which pandas keeps as objects.
    if pd.api.types.infer_dtype(column, skipna=True) == "boolean":
        return "bool"
    if pd.api.types.is_numeric_dtype(column):
        values = column.dropna()
        return "int64" if (values == values.round()).all() else "float64"
    return "string"


@dataclass(frozen=True)
class FeatureSpec:
    """One input column: its kind, and the values seen while training."""

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
            "categories": list(self.categories) if self.categories is not None else None,
            "min": self.min,
            "max": self.max,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> FeatureSpec:
        categories = data["categories"]
        return cls(
            name=data["name"],
            kind=data["kind"],
            dtype=data["dtype"],
            nullable=data["nullable"],
            categories=tuple(categories) if categories is not None else None,
            min=data["min"],
            max=data["max"],
        )


@dataclass(frozen=True)
class FeatureSchema:
    """The model's input columns, in the order the pipeline was fitted with."""

    features: tuple[FeatureSpec, ...]

    @classmethod
    def infer(
        cls, frame: pd.DataFrame, dtypes: Mapping[str, str], *, all_rows: pd.DataFrame | None = None
    ) -> FeatureSchema:
        """Describe each column of `dtypes` from its values in `frame` (the training split).

        `nullable` comes from `all_rows` (every cleaned row, test split included) when
        given: a gap the training split happens not to have is still a valid input,
        which the pipeline's imputers fill in, not a 422.
        """
        import pandas as pd

        specs = []
        for name, dtype in dtypes.items():
            column = frame[name]
            if dtype in NUMERIC_DTYPES:
                values = pd.to_numeric(column).dropna()
                specs.append(
                    FeatureSpec(
                        name=name,
                        kind="numeric",
                        dtype=dtype,
                        nullable=bool(column.isna().any()),
                        categories=None,
                        min=float(values.min()) if len(values) else None,
                        max=float(values.max()) if len(values) else None,
                    )
                )
            else:
                categories = sorted(_as_text(column.dropna()).unique())
                specs.append(
                    FeatureSpec(
                        name=name,
                        kind="categorical",
                        dtype=dtype,
                        nullable=bool(column.isna().any()),
                        categories=tuple(str(value) for value in categories),
                        min=None,
                        max=None,
                    )
                )
        if all_rows is not None:
            specs = [
                replace(spec, nullable=spec.nullable or bool(all_rows[spec.name].isna().any()))
                for spec in specs
            ]
        return cls(tuple(specs))

    @property
    def names(self) -> list[str]:
        return [spec.name for spec in self.features]

    @property
    def numeric(self) -> list[str]:
        return [spec.name for spec in self.features if spec.kind == "numeric"]

    @property
    def categorical(self) -> list[str]:
        return [spec.name for spec in self.features if spec.kind == "categorical"]

    def coerce(self, frame: pd.DataFrame) -> pd.DataFrame:
        """Select the model's columns, in order, with the types the pipeline was fitted on.

        Absent columns become missing values, which the pipeline imputes; extra columns
        (the target, say) are left out. Raises ValueError for text in a numeric column.
        """
        import numpy as np
        import pandas as pd

        columns: dict[str, pd.Series] = {}
        for spec in self.features:
            column = (
                frame[spec.name] if spec.name in frame else pd.Series(np.nan, index=frame.index)
            )
            if spec.kind == "numeric":
                try:
                    columns[spec.name] = pd.to_numeric(column).astype("float64")
                except (ValueError, TypeError) as err:
                    raise ValueError(f"feature {spec.name!r} must be a number ({err})") from err
            else:
                columns[spec.name] = _as_text(column)
        return pd.DataFrame(columns, index=frame.index)

    def to_dicts(self) -> list[dict[str, Any]]:
        return [spec.to_dict() for spec in self.features]

    @classmethod
    def from_dicts(cls, data: list[Mapping[str, Any]]) -> FeatureSchema:
        return cls(tuple(FeatureSpec.from_dict(item) for item in data))


def _as_text(column: pd.Series) -> pd.Series:
    # Categories are compared as text, and a missing value is MISSING_CATEGORY, the
    # value the categorical imputer fills in; object dtype under every pandas version.
    text = column.astype(object).map(str, na_action="ignore")
    return text.where(column.notna(), MISSING_CATEGORY).astype(object)
