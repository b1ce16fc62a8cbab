"""Template engines: one adapter per engine behind the `TemplateEngine` interface.

Only this package imports copier and cookiecutter, and only inside the functions that
use them: both take a while to import, which `--help`, `list` and `check` do without.
"""

from pathlib import Path

from mlscaffold.copier_config import CONFIG_FILES
from mlscaffold.engines.base import (
    RecordedSource,
    RenderRequest,
    TemplateEngine,
    UpdateOutcome,
    UpdateRequest,
    VersionedTemplate,
)
from mlscaffold.engines.cookiecutter_engine import CookiecutterEngine
from mlscaffold.engines.copier_engine import CopierEngine
from mlscaffold.tree_merge import ConflictStyle

__all__ = [
    "ConflictStyle",
    "CookiecutterEngine",
    "CopierEngine",
    "RecordedSource",
    "RenderRequest",
    "TemplateEngine",
    "UpdateOutcome",
    "UpdateRequest",
    "VersionedTemplate",
    "detect_engine",
    "get_engine",
]

_ENGINES: dict[str, type[TemplateEngine]] = {
    CopierEngine.name: CopierEngine,
    CookiecutterEngine.name: CookiecutterEngine,
}


def get_engine(name: str) -> TemplateEngine:
    """The adapter for the engine called `name` ("copier" or "cookiecutter")."""
    return _ENGINES[name]()


def detect_engine(template_dir: Path) -> str | None:
    """Which engine renders the template in `template_dir`, by the file that configures it.

    A template with both files is rendered by copier: its updates are copier's own.
    """
    if any((template_dir / name).is_file() for name in CONFIG_FILES):
        return CopierEngine.name
    if (template_dir / "cookiecutter.json").is_file():
        return CookiecutterEngine.name
    return None
