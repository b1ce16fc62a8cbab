"""Command line: `python -m writeup report|bench`, from the project root.

`report` writes the README's results, the model card and the write-up drafts from
the run's files; `bench` measures the running service's latency for them. Errors
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
    report = commands.add_parser(
        "report",
        help="Write the README's results, the model card and the write-up drafts from reports/.",
        epilog=f"Example:\n  {PROG} report",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.set_defaults(handler=_report)
    bench = commands.add_parser(
        "bench",
        help="Serve the model on 127.0.0.1, time POST /v1/predict; write reports/latency.json.",
        epilog=f"Example:\n  {PROG} bench --requests 500",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    bench.add_argument(
        "--requests", type=int, default=200, help="timed requests (default: %(default)s)"
    )
    bench.set_defaults(handler=_bench)
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


def _shown(path: Path) -> str:
    # Print paths relative to where the user runs the command, when that is shorter.
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
