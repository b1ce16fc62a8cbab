"""Command line: `python -m writeup report`, from the project root.

`report` writes the README's results, the model card, the write-up draft and the social
preview from the run's files, and reports/report.json. Errors meant for the user are
printed without a traceback.
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
        prog=PROG, description="Write up a run: README results, model card, draft."
    )
    commands = parser.add_subparsers(title="commands", required=True, metavar="COMMAND")
    report = commands.add_parser(
        "report",
        help="Write the README's results, the model card and the write-up draft from reports/.",
        description="Write the README's results, the model card and the write-up draft "
        "from reports/.",
        epilog=f"Example:\n  {PROG} report",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    report.set_defaults(handler=_report)
    return parser


def _report(args: argparse.Namespace) -> None:
    from .forecast.report import write_report

    result = write_report()
    for file in result.files:
        prompts = f", {file.prompts} prompts for you" if file.prompts else ""
        note = f" ({file.note})" if file.note else ""
        print(f"{file.status:>9} {_shown(file.path)}{prompts}{note}")
    if result.prompts:
        print(f'{result.prompts} "Your turn" prompts wait for your own words; replace them.')


def _shown(path: Path) -> str:
    # Print paths relative to where the user runs the command, when that is shorter.
    try:
        return str(path.relative_to(Path.cwd()))
    except ValueError:
        return str(path)


if __name__ == "__main__":
    sys.exit(main())
