"""Request bodies built at startup from the trained model's feature schema.

The API has no hand-written list of fields: `metadata.json` records every feature
the pipeline was trained on (name, kind, dtype, categories, whether it had missing
values), and the models below are made from it with `pydantic.create_model`.
Retraining on other data changes the API, its validation and its OpenAPI document
without a code edit.

The rules, so that bad input is a 422 naming the field and never a 500:
- every feature is required and no other key is allowed, so a misspelt name fails
  loudly instead of being silently imputed;
- numeric features take JSON numbers only (not "3" or true), never NaN or
  +-Infinity (which Python's `json` module accepts), and whole numbers where the
  training column held only whole numbers;
- categorical features take one of the categories seen in training (an `enum` in
  the OpenAPI document); boolean columns take true/false as well as "True"/"False";
- `null` is accepted only for features that had missing values in the training
  data, the gaps the pipeline's imputers were fitted on. The key must still be
  present: "unknown" is said explicitly, never by omission;
- the min/max seen in training are documented but not enforced: a value outside
  them is unusual, not invalid, and the model still answers.
"""

from dataclasses import dataclass
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, Strict, StrictBool, create_model
from pydantic_core import PydanticCustomError

from ..modeling.metadata import ModelMetadata
from ..schema import FeatureSpec
from ..settings import Settings

# What one record of a batch may take as JSON: a value and its field name, quoted.
BYTES_PER_VALUE = 64


def _reject_text_and_bool(value: object) -> object:
    # Pydantic's lax mode would read "3" and true as numbers; from a JSON client they
    # are bugs to report, not values to guess at.
    if isinstance(value, str | bool):
        raise PydanticCustomError("number_type", "Input should be a number")
    return value


# Strict: a JSON int or float, never text or a bool, checked inside pydantic-core. It
# is three times faster than a Python validator, which a batch of 1,000 records feels.
Number = Annotated[float, Strict(), Field(allow_inf_nan=False)]
# Whole numbers keep the Python check: strict ints would refuse 201.0, which is how
# pandas writes an integer column that has a gap.
# Bounded so that every accepted integer converts to float64 exactly (2**53).
WholeNumber = Annotated[int, BeforeValidator(_reject_text_and_bool), Field(ge=-(2**53), le=2**53)]


@dataclass(frozen=True)
class RequestModels:
    """The request bodies of one trained model, and a real record to show as an example."""

    record: type[BaseModel]
    batch: type[BaseModel]
    example: dict[str, Any]
    record_bytes: int  # the most one record may take as JSON, for the body cap


def build_request_models(metadata: ModelMetadata, settings: Settings) -> RequestModels:
    """Make the single-record and batch request models for `metadata`'s features."""
    max_batch = settings.max_batch
    example: dict[str, Any] = dict(metadata.example_record)
    # Fields get neutral Python names (f0, f1, ...) and the feature name as alias:
    # column names need not be identifiers and may shadow BaseModel attributes
    # (a column called "json" or "copy" would otherwise break the model).
    fields: dict[str, Any] = {
        f"f{index}": _field(spec, example.get(spec.name))
        for index, spec in enumerate(metadata.features)
    }
    record = create_model(
        "PredictionRequest",
        __config__=ConfigDict(extra="forbid", json_schema_extra={"examples": [example]}),
        __doc__="One record: every feature the model was trained on, by name.",
        **fields,
    )
    batch = create_model(
        "BatchPredictionRequest",
        __config__=ConfigDict(
            extra="forbid", json_schema_extra={"examples": [{"records": [example]}]}
        ),
        __doc__=f"Between 1 and {max_batch} records, predicted together.",
        records=(list[record], Field(min_length=1, max_length=max_batch)),  # type: ignore[valid-type]
    )
    record_bytes = sum(BYTES_PER_VALUE + len(spec.name) for spec in metadata.features)
    return RequestModels(record=record, batch=batch, example=example, record_bytes=record_bytes)


def record_to_features(record: BaseModel) -> dict[str, Any]:
    """Turn a validated request record back into {feature name: value}."""
    return record.model_dump(by_alias=True)


def _field(spec: FeatureSpec, example: object) -> tuple[Any, Any]:
    value_type, description = _value_type(spec)
    if spec.nullable:
        value_type = value_type | None
        description += " null if unknown: the pipeline imputes it."
    field = Field(alias=spec.name, title=spec.name, description=description, examples=[example])
    return value_type, field


def _value_type(spec: FeatureSpec) -> tuple[Any, str]:
    if spec.kind == "categorical":
        if spec.dtype == "bool":
            # JSON true/false, or the text form the metadata (and its example) uses.
            return Literal[spec.categories] | StrictBool, 'true or false ("True"/"False" too).'
        return Literal[spec.categories], "One of the categories seen in training."
    seen = ""
    if spec.min is not None and spec.max is not None:
        seen = f" Seen in training: {spec.min:g} to {spec.max:g}."
    if spec.dtype == "int64":
        return WholeNumber, f"A whole number.{seen}"
    return Number, f"A number.{seen}"
