"""Command line: `python -m <package> data|train|evaluate|forecast|serve`.

Each command calls one library function and prints what it did; errors meant for the
user are printed without a traceback. Commands import their step when they run, so
`--help` answers at once and `serve` does not load the training code.

Exit status: 0 done, 1 an error.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path

from .config import PATHS
from .errors import ProjectError

PROG = f"python -m {__package__}"
Handler = Callable[[argparse.Namespace], None]
ERROR = 1


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Handler = args.handler
    try:
        handler(args)
    except ProjectError as err:
        print(f"error: {err}", file=sys.stderr)
        return ERROR
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Prepare the series, backtest and train, evaluate and serve."
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    def command(
        name: str, help_text: str, example: str, handler: Handler
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"Example:\n  {PROG} {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
        )
        sub.set_defaults(handler=handler)
        return sub

    command("data", "Load and clean the series into data/processed/.", "data", _data)
    command(
        "train",
        "Backtest the baselines and models; save the best to models/forecaster.json.",
        "train",
        _train,
    )
    command(
        "evaluate",
        "Report the backtest; write reports/metrics.json and figures.",
        "evaluate",
        _evaluate,
    )
    forecast = command(
        "forecast",
        "Forecast the next steps after the series' end, as JSON.",
        "forecast --horizon 6",
        _forecast,
    )
    forecast.add_argument("--horizon", type=int, help="steps ahead (default: the trained horizon)")
    forecast.add_argument(
        "--model",
        type=Path,
        default=PATHS.forecaster_file,
        help="model file (default: %(default)s)",
    )
    command(
        "serve", "Serve the forecaster over HTTP (settings from the environment).", "serve", _serve
    )
    return parser


def _data(args: argparse.Namespace) -> None:
    from .dataset import prepare_data

    report = prepare_data()
    print(
        f"{report.source}: {report.n_points} {report.frequency} points from {report.n_raw_rows} "
        f"rows, {report.first_timestamp[:10]} to {report.last_timestamp[:10]} "
        f"(season of {report.season_length})"
    )
    for note in report.notes:
        rows = f"{note['rows']} rows: " if "rows" in note else ""
        print(f"  {note['problem']}: {rows}{note['action']}")
    print(f"wrote {_shown(PATHS.processed_dir)}/")


def _train(args: argparse.Namespace) -> None:
    from .modeling.train import train_model

    metadata = train_model().metadata
    print(
        f"{metadata.backtest_folds}-fold rolling-origin backtest, {metadata.horizon} steps "
        f"ahead, in {metadata.training_seconds:.1f}s"
    )
    print(f"  {'model':<20}{'MAE':>9}{'RMSE':>9}{'MASE':>7}{'cover':>7}")
    for c in metadata.candidates:
        served = " (served)" if c.name == metadata.model else ""
        print(f"  {c.name:<20}{c.mae:>9.3f}{c.rmse:>9.3f}{c.mase:>7.2f}{c.coverage:>7.0%}{served}")
    print(f"wrote {_shown(PATHS.forecaster_file)} and {_shown(PATHS.metadata_file)}")


def _evaluate(args: argparse.Namespace) -> None:
    from .evaluate import evaluate_model

    report = evaluate_model()
    verdict = report.verdict
    if verdict.beats_baseline:
        print(
            f"{verdict.best_model} beats {verdict.baseline} (MASE {verdict.model_mase:.2f} "
            f"vs {verdict.baseline_mase:.2f}) in the backtest and on the test period"
        )
    else:
        print(
            f"warning: {verdict.best_model} does not clearly beat {verdict.baseline} "
            f"(MASE {verdict.model_mase:.2f} vs {verdict.baseline_mase:.2f})"
        )
    print(f"wrote {_shown(PATHS.metrics_file)} and {len(report.figures)} figures")


def _forecast(args: argparse.Namespace) -> None:
    from .modeling.predict import load_forecaster

    forecaster = load_forecaster(args.model)
    horizon = forecaster.metadata.horizon if args.horizon is None else args.horizon
    try:
        points = forecaster.forecast(horizon)
    except ValueError as err:
        raise ProjectError(str(err)) from err
    print(json.dumps([asdict(point) for point in points], indent=2))


def _serve(args: argparse.Namespace) -> None:
    from .api.main import serve

    serve()


def _shown(path: Path) -> str:
    # Print paths relative to where the user runs the command, when that is shorter.
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
