"""Template engines: one adapter per engine behind the `TemplateEngine` interface.

Only this package imports copier (and, later, cookiecutter).
"""

from mlscaffold.engines.base import (
    ConflictStyle,
    RecordedSource,
    RenderRequest,
    TemplateEngine,
    UpdateRequest,
    VersionedTemplate,
)
from mlscaffold.engines.copier_engine import CopierEngine

__all__ = [
    "ConflictStyle",
    "CopierEngine",
    "RecordedSource",
    "RenderRequest",
    "TemplateEngine",
    "UpdateRequest",
    "VersionedTemplate",
    "get_engine",
]


def get_engine(template_path: object) -> TemplateEngine:
    """The engine that renders the template at `template_path` (copier is the only one yet)."""
    return CopierEngine()
