"""Reading a copier template's copier.yml as plain YAML, without importing copier."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

CONFIG_FILES = ("copier.yml", "copier.yaml")
# libyaml's parser where PyYAML has it: a tenth of the pure-Python one's time, and
# `new` reads copier.yml before it renders.
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def read_config(template_dir: Path) -> dict[str, Any] | None:
    """The template's copier.yml as plain YAML; None when there is none, or when copier
    alone can read it (its `!include`, several documents)."""
    config = next((template_dir / n for n in CONFIG_FILES if (template_dir / n).is_file()), None)
    if config is None:
        return None
    try:
        loaded = yaml.load(config.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError:
        return None
    return loaded if isinstance(loaded, dict) else None
