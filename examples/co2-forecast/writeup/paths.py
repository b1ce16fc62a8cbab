"""Where the write-up's files are: the README at the project root, the rest in reports/."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from .project import PATHS, Paths


@dataclass(frozen=True)
class WriteupPaths:
    """The run's files (`run`, the ML package's paths) and the documents written from them."""

    run: Paths

    @property
    def root(self) -> Path:
        # The project root holds reports/ and README.md.
        return self.run.reports_dir.parent

    @property
    def readme(self) -> Path:
        return self.root / "README.md"

    @property
    def model_card(self) -> Path:
        return self.run.reports_dir / "model_card.md"

    @property
    def writeup(self) -> Path:
        return self.run.reports_dir / "writeup.md"

    @property
    def social_post(self) -> Path:
        return self.run.reports_dir / "social_post.md"

    @property
    def social_preview(self) -> Path:
        return self.run.reports_dir / "social_preview.png"

    @property
    def demo_screenshot(self) -> Path:
        return self.run.reports_dir / "demo.png"

    @property
    def latency_file(self) -> Path:
        return self.run.reports_dir / "latency.json"

    @property
    def monitoring_drill(self) -> Path:
        return self.run.reports_dir / "monitoring_drill.json"

    @property
    def monitoring_dir(self) -> Path:
        # The drill's full monitoring reports, one folder per replay.
        return self.run.reports_dir / "monitoring"

    @property
    def record(self) -> Path:
        return self.run.reports_dir / "report.json"


WRITEUP_PATHS = WriteupPaths(PATHS)
