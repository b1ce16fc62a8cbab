"""Request bodies for a text model: `{"text": "..."}`, one at a time or in a batch.

The rules, so that bad input is a 422 naming the field and never a 500:
- `text` is required and no other key is allowed, so a misspelt name fails loudly;
- it must be a JSON string with at least one character that is not whitespace:
  there is nothing to classify in "" or "   ";
- it may hold at most MAX_TEXT_CHARS characters (the message names the limit):
  the transformer reads only the first 256 word pieces anyway, and a cap keeps one
  request from holding a worker.
"""

from dataclasses import dataclass
from typing import Annotated, Any

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints, create_model
from pydantic_core import PydanticCustomError

from ..modeling.metadata import ModelMetadata
from ..schema import TEXT_FIELD
from ..settings import Settings

# A character takes at most 4 bytes in UTF-8, or 6 as a JSON \u escape of a surrogate.
BYTES_PER_CHARACTER = 6


def _readable(text: str) -> str:
    # "" and "   " pass a length check but hold nothing to classify.
    if not text.strip():
        raise PydanticCustomError(
            "blank_text", "Text should hold at least one character that is not whitespace"
        )
    return text


@dataclass(frozen=True)
class RequestModels:
    """The request bodies of one trained model, and a real record to show as an example."""

    record: type[BaseModel]
    batch: type[BaseModel]
    example: dict[str, Any]
    record_bytes: int  # the most one record may take as JSON, for the body cap


def build_request_models(metadata: ModelMetadata, settings: Settings) -> RequestModels:
    """Make the single-text and batch request models, with the configured length limit."""
    example: dict[str, Any] = dict(metadata.example_record)
    text = Annotated[
        str,
        StringConstraints(strict=True, max_length=settings.max_text_chars),
        AfterValidator(_readable),
        Field(
            title="text",
            description=(
                f"The text to classify: 1 to {settings.max_text_chars:,} characters, "
                "not only whitespace."
            ),
            examples=[example[TEXT_FIELD]],
        ),
    ]
    # The field's name is a constant, but create_model takes fields as keywords only.
    fields: dict[str, Any] = {TEXT_FIELD: (text, ...)}
    record = create_model(
        "PredictionRequest",
        __config__=ConfigDict(extra="forbid", json_schema_extra={"examples": [example]}),
        __doc__="One text to classify.",
        **fields,
    )
    batch = create_model(
        "BatchPredictionRequest",
        __config__=ConfigDict(
            extra="forbid", json_schema_extra={"examples": [{"records": [example]}]}
        ),
        __doc__=f"Between 1 and {settings.max_batch} texts, classified together.",
        records=(list[record], Field(min_length=1, max_length=settings.max_batch)),  # type: ignore[valid-type]
    )
    record_bytes = len(f'{{"{TEXT_FIELD}": ""}}') + BYTES_PER_CHARACTER * settings.max_text_chars
    return RequestModels(record=record, batch=batch, example=example, record_bytes=record_bytes)


def record_to_features(record: BaseModel) -> dict[str, Any]:
    """Turn a validated request record back into {"text": ...}."""
    return record.model_dump()
