"""Command line: `python -m writeup report|bench|drill|screenshot|site|notebook`, from the root.

`report` writes the README's results, the model card and the write-up drafts from
the run's files; `bench` measures the running service's latency for them; `drill`
replays the test split through the service with its prediction log, as it is and
shifted, and records what `monitor` said of each; `screenshot` photographs the demo
page with a prediction; `site` builds the GitHub Pages site with the in-browser demo;
`notebook` executes the exploration notebook and saves it with its outputs. Errors
meant for the user are printed without a traceback.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from pathlib import Path

from .project import ProjectError

PROG = "python -m writeup"


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
        prog=PROG, description="Write up a run: README results, model card, drafts, latency."
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

    command(
        "report",
        "Write the README's results, the model card and the write-up drafts from reports/.",
        "report",
        _report,
    )
    bench = command(
        "bench",
        "Serve the model on 127.0.0.1, time POST /v1/predict; write reports/latency.json.",
        "bench --requests 500",
        _bench,
    )
    bench.add_argument(
        "--requests", type=int, default=200, help="timed requests (default: %(default)s)"
    )
    command(
        "drill",
        "Replay the test split through the served model, as it is and shifted; run monitor.",
        "drill",
        _drill,
    )
    command(
        "screenshot",
        "Serve the model and photograph its demo page with a prediction: reports/demo.png.",
        "screenshot",
        _screenshot,
    )
    site = command(
        "site",
        "Build the GitHub Pages site (write-up and in-browser demo) into _site/.",
        "site --output _site",
        _site,
    )
    site.add_argument("--output", type=Path, default=Path("_site"), help="(default: _site)")
    site.add_argument("--repository-url", default="", help="e.g. https://github.com/you/project")
    site.add_argument("--commit", default="main", help="the commit other files link to")
    command(
        "notebook",
        "Run notebooks/exploration.ipynb top to bottom and save it with its outputs.",
        "notebook",
        _notebook,
    )
    return parser


def _report(args: argparse.Namespace) -> None:
    from .report import write_report

    result = write_report()
    for file in result.files:
        prompts = f", {file.prompts} prompts for you" if file.prompts else ""
        note = f" ({file.note})" if file.note else ""
        print(f"{file.status:>9} {_shown(file.path)}{prompts}{note}")
    if result.prompts:
        print(f'{result.prompts} "Your turn" prompts wait for your own words; replace them.')


def _bench(args: argparse.Namespace) -> None:
    from .bench import measure_latency
    from .paths import WRITEUP_PATHS

    latency = measure_latency(requests=args.requests)
    print(
        f"{latency.endpoint}: median {latency.p50_ms:.2f} ms, p95 {latency.p95_ms:.2f} ms, "
        f"p99 {latency.p99_ms:.2f} ms over {latency.requests} requests ({latency.client})"
    )
    print(f"wrote {_shown(WRITEUP_PATHS.latency_file)}; `make report` shows it in the README")


def _drill(args: argparse.Namespace) -> None:
    from .drill import DECISIONS, run_drill
    from .paths import WRITEUP_PATHS

    drill = run_drill()
    for run in drill.runs:
        print(
            f"test split {run.traffic}: {run.predictions} predictions, {run.feedback} with "
            f"feedback; monitor exit {run.exit_code} ({DECISIONS[run.exit_code]}): {run.verdict}"
        )
    print(f"wrote {_shown(WRITEUP_PATHS.monitoring_drill)}; `make report` shows it in the README")


def _screenshot(args: argparse.Namespace) -> None:
    from .paths import WRITEUP_PATHS
    from .screenshot import take_screenshot

    shot = take_screenshot()
    where = _shown(WRITEUP_PATHS.demo_screenshot)
    messages = {
        "taken": f"wrote {where}: the demo page with a prediction",
        "current": f"{where} already shows this model",
        "skipped": f"skipped {where}: {shot.note}",
    }
    print(messages[shot.status])


def _site(args: argparse.Namespace) -> None:
    from .paths import WRITEUP_PATHS
    from .site import build_site

    build_site(
        WRITEUP_PATHS.root,
        args.output,
        repository_url=args.repository_url,
        commit=args.commit,
    )
    demo = args.output / "demo" / "index.html"
    what = f"the demo at {_shown(demo)}" if demo.is_file() else "no demo (train a model first)"
    print(f"wrote the site to {_shown(args.output)}/ with {what}")


def _notebook(args: argparse.Namespace) -> None:
    from .notebook import execute_notebook

    path = execute_notebook()
    print(f"executed {_shown(path)} ({path.stat().st_size / 1024:.0f} KB, outputs saved)")


def _shown(path: Path) -> str:
    # Print paths relative to where the user runs the command, when that is shorter.
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
