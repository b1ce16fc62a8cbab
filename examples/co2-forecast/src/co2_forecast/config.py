"""What this project predicts, from which data, and where its files live."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final, Literal

PROJECT_NAME: Final = "co2-forecast"
# The name in pyproject.toml, under which the package's metadata is installed.
DISTRIBUTION: Final = "co2-forecast"
DATASET: Final = "co2"
# The column of timestamps; TARGET below is the series to forecast.
DATE_COLUMN: Final = "date"
# Where the series comes from and on what terms, for the model card.
DATA_PROVENANCE: Final = (
    "Atmospheric CO2 at Mauna Loa, Hawaii (ppm), weekly from March 1958 to December 2001 "
    "(C. D. Keeling and T. P. Whorf, Scripps Institution of Oceanography), as statsmodels "
    "ships it: in the public domain. The project forecasts the monthly mean."
)
TARGET: Final = "co2"
TASK: Final[Literal["forecast"]] = "forecast"
# "auto" serves whichever model, baselines included, has the lowest MASE on the backtest.
MODEL: Final[Literal["auto", "ets", "gradient_boosting"]] = "auto"

# Steps ahead: the service forecasts 1 to HORIZON steps after the last observation.
HORIZON: Final = 12
# Rolling-origin backtest: BACKTEST_FOLDS origins, HORIZON steps apart, each model
# trained only on what came before its origin; the last fold is the test period.
BACKTEST_FOLDS: Final = 4
# The first fold trains on at least two seasons and at least this many points.
MIN_TRAIN_POINTS: Final = 24
# The prediction intervals' nominal coverage, in percent.
INTERVAL_LEVEL: Final = 80
# Gaps (missing timestamps or values) are filled by interpolation up to this share of
# the series; more, and the data step refuses the series rather than invent it.
MAX_MISSING_SHARE: Final = 0.1
# One seed for every estimator, so a rerun reproduces the same model and numbers.
SEED: Final = 42
# Bump on a change to the features or the model; the data's hash is appended to it.
MODEL_VERSION: Final = "1.0.0"

# src layout: this file is <root>/src/<package>/config.py.
PROJECT_ROOT: Final = Path(__file__).resolve().parents[2]


@dataclass(frozen=True)
class Paths:
    """The project's directories; tests point them at a temporary directory."""

    raw_dir: Path
    processed_dir: Path
    models_dir: Path
    reports_dir: Path

    @classmethod
    def under(cls, root: Path) -> Paths:
        return cls(
            raw_dir=root / "data" / "raw",
            processed_dir=root / "data" / "processed",
            models_dir=root / "models",
            reports_dir=root / "reports",
        )

    @property
    def series_csv(self) -> Path:
        # The cleaned series: one row per timestamp, at a regular frequency.
        return self.processed_dir / "series.csv"

    @property
    def cleaning_report(self) -> Path:
        return self.processed_dir / "cleaning.json"

    @property
    def forecaster_file(self) -> Path:
        # The served model's state (JSON): what the service forecasts from.
        return self.models_dir / "forecaster.json"

    @property
    def onnx_file(self) -> Path:
        # The gradient-boosting model's ONNX export, when it is the one served.
        return self.models_dir / "model.onnx"

    @property
    def backtest_file(self) -> Path:
        # Every model's forecasts on every backtest fold, for evaluate's figures.
        return self.models_dir / "backtest.json"

    @property
    def metadata_file(self) -> Path:
        return self.models_dir / "metadata.json"

    @property
    def metrics_file(self) -> Path:
        return self.reports_dir / "metrics.json"

    @property
    def figures_dir(self) -> Path:
        return self.reports_dir / "figures"


PATHS: Final = Paths.under(PROJECT_ROOT)
