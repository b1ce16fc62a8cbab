"""The interface every template engine adapter implements."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol


@dataclass(frozen=True)
class RenderRequest:
    template: Path
    destination: Path
    data: Mapping[str, str] = field(default_factory=dict)
    use_defaults: bool = False


class TemplateEngine(Protocol):
    name: str

    def render(self, request: RenderRequest) -> Mapping[str, Any]:
        """Renders the template into `request.destination` and returns the answers used."""
        ...
