"""Keep the example records in the OpenAPI document intact.

FastAPI writes the document with `exclude_none=True`, which also drops nulls
inside examples: a real record with a missing value would be shown without that
key, an example the API itself rejects. The examples are put back afterwards.
"""

from collections.abc import Callable
from typing import Any

from fastapi import FastAPI

from .request_models import RequestModels


def keep_example_nulls(app: FastAPI, models: RequestModels) -> None:
    """Make `app.openapi()` show `models.example` exactly, nulls included."""
    generate: Callable[[], dict[str, Any]] = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = generate()  # also caches it in app.openapi_schema
            batch_example = {"records": [models.example]}
            _restore(schema, models.record.__name__, "/v1/predict", models.example)
            _restore(schema, models.batch.__name__, "/v1/predict/batch", batch_example)
        return app.openapi_schema or {}

    app.openapi = openapi  # type: ignore[method-assign]


def _restore(schema: dict[str, Any], component: str, path: str, example: object) -> None:
    schema["components"]["schemas"][component]["examples"] = [example]
    body = schema["paths"][path]["post"]["requestBody"]["content"]["application/json"]
    body["examples"]["example"]["value"] = example
