"""The `catalogue` command: one subcommand per job, each defined beside the code it runs.

Each subcommand module exposes `register(subparsers)`, which adds its parser and sets
`handler(args) -> int` as the parser's default. Errors that stop a job are `CatalogueError`s:
printed here as one line, with their documented exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import sys
import textwrap
from collections.abc import Sequence

from extract import __version__
from extract.errors import CatalogueError, ExitCode

EXIT_CODES = "\n".join(
    f"  {code.value:>3}  {code.name.lower().replace('_', ' ')}" for code in ExitCode
)


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The `catalogue` parser; with `only`, just that subcommand's (all when None)."""
    parser = argparse.ArgumentParser(
        prog="catalogue",
        description="Turn editions of the ESS resource catalogue (PDF) into validated, "
        "structured data, and tell what changed between editions.",
        epilog="Examples:\n"
        "  catalogue extract samples/ess-pvd-2021.pdf            # → output/ess-pvd-2021/\n"
        "  catalogue diff output/ess-pvd-2021 output/ess-pvd-2022\n"
        "  catalogue links output/ess-pvd-2021                  # which links still work\n"
        "  catalogue schema > schemas/catalogue.schema.json\n\n"
        f"Exit codes:\n{EXIT_CODES}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    from extract import commands

    for module in commands.modules(only):
        module.register(sub)
    for name, command in sub.choices.items():
        # Raw formatting keeps the examples' layout; descriptions are prose, wrapped here.
        if command.description and "\n" not in command.description:
            command.description = textwrap.fill(command.description, 90)
        pages = ", ".join(f"docs/{page}" for page in commands.DOCS.get(name, ()))
        if pages:
            command.epilog = f"{command.epilog or ''}\n\nReference: {pages} (in the source tree)"
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    words = list(sys.argv[1:] if argv is None else argv)
    command = next((w for w in words if not w.startswith("-")), None)
    parser = build_parser(command)
    args = parser.parse_args(words)
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return int(ExitCode.USAGE) if args.command is None and argv else 0
    try:
        return int(args.handler(args))
    except CatalogueError as exc:
        print(f"catalogue: {exc}", file=sys.stderr)
        return int(exc.code)
    except KeyboardInterrupt:
        # Writes complete or roll back as a whole, so whatever is on disk is a consistent set.
        print("catalogue: interrupted; previous outputs left as they were", file=sys.stderr)
        return int(ExitCode.INTERRUPTED)


if __name__ == "__main__":
    raise SystemExit(main())
