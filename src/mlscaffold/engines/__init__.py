"""Template engines: one adapter per engine behind the `TemplateEngine` interface.

Only this package imports copier (and, later, cookiecutter).
"""

from mlscaffold.engines.base import RenderRequest, TemplateEngine
from mlscaffold.engines.copier_engine import CopierEngine

__all__ = ["CopierEngine", "RenderRequest", "TemplateEngine", "get_engine"]


def get_engine(template_path: object) -> TemplateEngine:
    """The engine that renders the template at `template_path` (copier is the only one yet)."""
    return CopierEngine()
