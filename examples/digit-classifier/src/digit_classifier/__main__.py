"""Command line: `python -m <package> data|train|evaluate|predict|serve`.

Each command calls one library function and prints what it did; errors meant for
the user are printed without a traceback. Commands import their step when they run,
so `--help` answers at once and `serve` does not load the training code.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING

from .config import PATHS
from .errors import ProjectError

if TYPE_CHECKING:
    from .results import Verdict

PROG = f"python -m {__package__}"


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    handler: Callable[[argparse.Namespace], None] = args.handler
    try:
        handler(args)
    except ProjectError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog=PROG, description="Prepare data, train, evaluate and serve the model."
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")

    def command(
        name: str, help_text: str, example: str, handler: Callable[[argparse.Namespace], None]
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
        "Classify image files (PNG, JPEG, ...), read as the training images were.",
        "predict digit.png another.jpg",
        _predict,
    )
    predict.add_argument("images", type=Path, nargs="+", metavar="IMAGE", help="image files")
    predict.add_argument(
        "--model", type=Path, default=PATHS.onnx_file, help="model file (default: %(default)s)"
    )
    command("serve", "Serve the model over HTTP (settings from the environment).", "serve", _serve)
    return parser


def _data(args: argparse.Namespace) -> None:
    from .dataset import prepare_data

    report = prepare_data()
    print(
        f"{report.source}: {report.n_rows} of {report.n_raw_rows} images kept, "
        f"{report.n_train} train / {report.n_test} test, "
        f"{report.image_size} x {report.image_size} pixels"
    )
    for note in report.dropped:
        images = "image" if note["rows"] == 1 else "images"
        print(f"  {note['rows']} {images} {note['reason']}")
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
        f"wrote {_shown(PATHS.onnx_file)}, {_shown(PATHS.metadata_file)} "
        f"and {_shown(PATHS.example_image)}"
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
    from .images import ImageError
    from .modeling.predict import load_predictor

    predictor = load_predictor(args.model)
    answers = []
    for path in args.images:
        try:
            (prediction,) = predictor.predict_files([path.read_bytes()])
        except OSError as err:
            raise ProjectError(f"{path}: cannot be read ({err.strerror})") from err
        except ImageError as err:
            raise ProjectError(f"{path}: {err}") from err
        answers.append({"file": str(path), **asdict(prediction)})
    print(json.dumps(answers, indent=2))


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
