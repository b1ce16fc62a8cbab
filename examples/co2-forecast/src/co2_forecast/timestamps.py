"""UTC, the one time zone the project writes its times in."""

from datetime import UTC

__all__ = ["UTC"]
