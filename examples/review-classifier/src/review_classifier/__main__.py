"""Command line: `python -m <package> data|train|evaluate|predict|serve|monitor|simulate`.

Each command calls one library function and prints what it did; errors meant for
the user are printed without a traceback. Commands import their step when they run,
so `--help` answers at once and `serve` does not load the training code.

Exit status: 0 done, 1 an error, 2 a mistake in the command line. `monitor` answers
with its decision instead: 0 all well, 1 retraining due, 2 too little to judge, and 3
for any error (a log or model that cannot be read, a wrong option, a failure nobody
foresaw), so that a scheduler can tell "retrain" from "broken".
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any, NoReturn

from .config import MONITOR_RULE, PATHS
from .errors import ProjectError
from .timestamps import UTC

if TYPE_CHECKING:
    from .results import Verdict

PROG = f"python -m {__package__}"
# A command's handler returns its exit status, or None for 0.
Handler = Callable[[argparse.Namespace], int | None]
ERROR = 1
# argparse's status for a mistake in the command line.
USAGE_ERROR = 2
# monitor's 1 means "retrain" and its 2 "too little to judge", so its errors, the
# command line's included, need a status of their own.
MONITOR_ERROR = 3


def main(argv: Sequence[str] | None = None) -> int:
    args, unrecognized = build_parser().parse_known_args(argv)
    command: CommandParser = args.command_parser
    if unrecognized:
        command.error(f"unrecognized arguments: {' '.join(unrecognized)}")
    handler: Handler = args.handler
    try:
        return handler(args) or 0
    except ProjectError as err:
        print(f"error: {err}", file=sys.stderr)
        error_status: int = args.error_status
        return error_status


class CommandParser(argparse.ArgumentParser):
    """A command's parser, whose command-line mistakes exit with `usage_status`."""

    def __init__(self, *args: Any, usage_status: int = USAGE_ERROR, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.usage_status = usage_status

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(self.usage_status, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Prepare data, train, evaluate and serve the model."
    )
    commands = parser.add_subparsers(
        title="commands", required=True, metavar="COMMAND", parser_class=CommandParser
    )

    def command(
        name: str,
        help_text: str,
        example: str,
        handler: Handler,
        *,
        notes: str = "",
        error_status: int = ERROR,
        usage_status: int = USAGE_ERROR,
    ) -> argparse.ArgumentParser:
        sub = commands.add_parser(
            name,
            help=help_text,
            description=help_text,
            epilog=f"{notes}Example:\n  {PROG} {example}",
            formatter_class=argparse.RawDescriptionHelpFormatter,
            usage_status=usage_status,
        )
        sub.set_defaults(handler=handler, error_status=error_status, command_parser=sub)
        return sub

    command("data", "Load, clean and split the data into data/processed/.", "data", _data)
    command(
        "train",
        "Train the baseline and the candidates; export the best to models/model.onnx.",
        "train",
        _train,
    )
    command("evaluate", "Score the model on the test split; write reports/.", "evaluate", _evaluate)
    predict = command(
        "predict",
        "Predict from JSON records (one object or a list) read from a file or stdin.",
        "predict --input records.json",
        _predict,
    )
    predict.add_argument("--input", type=Path, help="JSON file of records (default: stdin)")
    predict.add_argument(
        "--model", type=Path, default=PATHS.onnx_file, help="model file (default: %(default)s)"
    )
    command("serve", "Serve the model over HTTP (settings from the environment).", "serve", _serve)
    monitor = command(
        "monitor",
        "Compare the prediction log with the training data; say whether to retrain.",
        "monitor --log logs/predictions.db --last 5000",
        _monitor,
        notes=(
            "Judges the current model's newest predictions in the log, and prints one\n"
            "line: the decision and why; writes reports/monitoring.md, monitoring.json\n"
            "and figures. Exit status: 0 all well, 1 retraining due, 2 too few predictions\n"
            "to judge, 3 an error (the log, the model or the options are wrong).\n"
            "The rule is MONITOR_RULE in config.py.\n\n"
        ),
        error_status=MONITOR_ERROR,
        usage_status=MONITOR_ERROR,
    )
    monitor.add_argument(
        "--log",
        type=Path,
        help="the service's prediction log (default: PREDICTION_LOG, from the environment "
        "or .env, as the service reads it)",
    )
    monitor.add_argument(
        "--last",
        type=_positive_int,
        metavar="N",
        help=f"judge the newest N predictions (default: {MONITOR_RULE.window:,})",
    )
    monitor.add_argument(
        "--since",
        type=_utc_time,
        metavar="TIME",
        help="and none logged before TIME, in ISO 8601 (2025-01-31T08:00; UTC unless it "
        "names an offset)",
    )
    monitor.add_argument(
        "--report-dir",
        type=Path,
        default=PATHS.reports_dir,
        help="where the report and its figures go (default: reports/)",
    )
    simulate = command(
        "simulate",
        "Send the test split to a running service, then each record's true outcome.",
        "simulate --url http://127.0.0.1:8000 --shift",
        _simulate,
        notes=(
            "Start the service with a log first: PREDICTION_LOG=logs/predictions.db make serve\n"
            "With --shift the records are changed the way monitoring should notice.\n\n"
        ),
    )
    simulate.add_argument(
        "--url", default="http://127.0.0.1:8000", help="the service (default: %(default)s)"
    )
    simulate.add_argument(
        "--shift", action="store_true", help="send a strongly shifted variant of the test split"
    )
    simulate.add_argument(
        "--limit",
        type=_positive_int,
        help="send only the first LIMIT test records (default: all)",
    )
    simulate.add_argument(
        "--no-feedback",
        dest="feedback",
        action="store_false",
        help="send the predictions only, not the true outcomes",
    )
    return parser


def _data(args: argparse.Namespace) -> None:
    from .dataset import prepare_data

    report = prepare_data()
    print(
        f"{report.source}: {report.n_rows} of {report.n_raw_rows} rows kept, "
        f"{report.n_train} train / {report.n_test} test"
    )
    for note in report.dropped:
        subject = f"column {note['column']!r}" if "column" in note else f"{note['rows']} rows"
        print(f"  dropped {subject}: {note['reason']}")
    print(f"wrote {_shown(PATHS.processed_dir)}/")


def _train(args: argparse.Namespace) -> None:
    from .metrics import HEADLINE_METRIC
    from .modeling.train import train_model

    metadata = train_model().metadata
    metric = HEADLINE_METRIC[metadata.task]
    test, cv = metadata.metrics.test, metadata.metrics.cv
    print(f"{metadata.model} ({metadata.estimator}) trained in {metadata.training_seconds:.1f}s")
    print(f"  test {metric}: {test.model[metric]:.3f} (baseline {test.baseline[metric]:.3f})")
    print(
        f"  {cv.folds}-fold CV {metric}: {cv.model[metric].mean:.3f} ± {cv.model[metric].std:.3f}"
        f" (baseline {cv.baseline[metric].mean:.3f})"
    )
    for candidate in metadata.metrics.candidates:
        chosen = " (served)" if candidate.name == metadata.model else ""
        print(
            f"  {candidate.name}{chosen}: CV {metric} {candidate.cv[metric].mean:.3f}, "
            f"test {candidate.test[metric]:.3f}, {candidate.fit_seconds:.1f}s"
        )
    print(
        f"wrote {_shown(PATHS.onnx_file)}, {_shown(PATHS.tokenizer_file)} "
        f"and {_shown(PATHS.metadata_file)}"
    )


def _evaluate(args: argparse.Namespace) -> None:
    from .evaluate import evaluate_model

    metrics = evaluate_model()
    print(f"{'metric':<20}{'model':>10}{'baseline':>10}")
    for name, value in metrics.test.model.items():
        baseline = metrics.test.baseline.get(name)
        if value is not None and baseline is not None:
            print(f"{name:<20}{value:>10.3f}{baseline:>10.3f}")
    print(_verdict_line(metrics.verdict))
    print(f"wrote {_shown(PATHS.metrics_file)} and {len(metrics.figures)} figures")


def _verdict_line(verdict: Verdict) -> str:
    if verdict.beats_baseline:
        return f"the model beats the baseline on {verdict.metric}, on the test split and in CV"
    where = [
        name
        for name, beaten in (
            ("on the test split", verdict.beats_baseline_on_test),
            ("in cross-validation", verdict.beats_baseline_in_cv),
        )
        if not beaten
    ]
    return (
        f"warning: the model does not clearly beat the baseline on {verdict.metric} "
        f"{' or '.join(where)}"
    )


def _predict(args: argparse.Namespace) -> None:
    from .modeling.predict import load_predictor

    text = args.input.read_text() if args.input else sys.stdin.read()
    try:
        payload: Any = json.loads(text)
    except json.JSONDecodeError as err:
        raise ProjectError(f"input is not valid JSON ({err})") from err
    records = payload if isinstance(payload, list) else [payload]
    if not all(isinstance(record, dict) for record in records):
        raise ProjectError("input must be a JSON object or a list of objects")
    try:
        predictions = load_predictor(args.model).predict(records)
    except ValueError as err:
        raise ProjectError(str(err)) from err
    print(json.dumps([asdict(prediction) for prediction in predictions], indent=2))


def _serve(args: argparse.Namespace) -> None:
    from .api.main import serve

    serve()


def _monitor(args: argparse.Namespace) -> int:
    try:
        log = args.log or _configured_log()
        if log is None:
            raise ProjectError(
                "no prediction log given: pass --log PATH, or set PREDICTION_LOG as for the service"
            )
        from .monitoring.monitor import run_monitor

        result = run_monitor(log, last=args.last, since=args.since, report_dir=args.report_dir)
    except ProjectError:
        raise
    except Exception as err:
        # A scheduler reads 1 as "retrain": a failure nobody foresaw must end with the
        # monitor's error status and one line, not Python's 1 and a traceback.
        raise ProjectError(f"monitor failed: {type(err).__name__}: {err}") from err
    print(result.reason)
    return result.exit_code


def _configured_log() -> Path | None:
    """PREDICTION_LOG as the service reads it: from the environment, or from .env."""
    from pydantic import ValidationError

    from .settings import Settings

    try:
        return Settings().prediction_log
    except ValidationError as err:
        first = err.errors()[0]
        setting = "_".join(str(part) for part in first["loc"]).upper()
        raise ProjectError(
            f"the service's settings are invalid ({setting}: {first['msg']}); fix them in "
            "the environment or .env, or pass --log"
        ) from err


def _simulate(args: argparse.Namespace) -> int:
    from .monitoring.simulate import simulate

    summary = simulate(args.url, shift=args.shift, feedback=args.feedback, limit=args.limit)
    feedback = f", {summary.feedback_sent} feedback" if args.feedback else ""
    refused = summary.refused + summary.feedback_refused
    print(
        f"sent {summary.sent} test records to {summary.url}"
        f"{f' ({summary.shift})' if summary.shift else ''}: "
        f"{summary.predicted} predicted{feedback}, {refused} refused, in {summary.seconds:.1f}s"
    )
    if refused:
        # The log then lacks what the monitor is meant to judge: not a success.
        print(
            f"error: the service refused {refused}; the first: {summary.first_error}",
            file=sys.stderr,
        )
        return ERROR
    return 0


def _positive_int(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a positive whole number")
    return number


def _utc_time(text: str) -> datetime:
    # A time without an offset is taken as UTC, the log's time zone.
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{text!r} is not an ISO 8601 time, such as 2025-01-31T08:00 or 2025-01-31T08:00+01:00"
        ) from None
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _shown(path: Path) -> str:
    # Print paths relative to where the user runs the command, when that is shorter.
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
