"""The `catalogue` command: one subcommand per job, each defined beside the code it runs.

Each subcommand module exposes `register(subparsers)`, which adds its parser and sets
`handler(args) -> int` as the parser's default. Errors that stop a job are `CatalogueError`s:
printed here as one line, with their documented exit code, never as a traceback.

Ctrl-C and SIGTERM stop a run at any moment, from the command's first line to its exit, with
one line and exit code 130 (`extract.signals` says how); this module imports nothing heavy
before they are taken care of.
"""

from __future__ import annotations

import sys

from extract import signals

TYPE_CHECKING = False  # not typing's: see extract/__init__.py
if TYPE_CHECKING:
    import argparse
    from collections.abc import Sequence
    from typing import NoReturn

INTERRUPTED = "catalogue: interrupted; previous outputs left as they were"


def exit_codes() -> str:
    from extract.errors import ExitCode

    return "\n".join(
        f"  {code.value:>3}  {code.name.lower().replace('_', ' ')}" for code in ExitCode
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The `catalogue` parser; with `only`, just that subcommand's (all when None)."""
    import argparse
    import textwrap

    from extract import __version__, commands

    parser = argparse.ArgumentParser(
        prog="catalogue",
        description="Turn editions of the ESS resource catalogue (PDF) into validated, "
        "structured data, and tell what changed between editions.",
        epilog="Examples:\n"
        "  catalogue extract samples/ess-pvd-2021.pdf            # → output/ess-pvd-2021/\n"
        "  catalogue diff output/ess-pvd-2021 output/ess-pvd-2022\n"
        "  catalogue links output/ess-pvd-2021                  # which links still work\n"
        "  catalogue history history/ess.db output/ess-pvd-2021 output/ess-pvd-2022\n"
        "  catalogue schema > schemas/catalogue.schema.json\n\n"
        f"Exit codes:\n{exit_codes()}",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
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
    """Run `catalogue ARGV` and give its exit code; the signal handlers it sets are put back."""
    words = list(sys.argv[1:] if argv is None else argv)
    command = next((w for w in words if not w.startswith("-")), None)
    with signals.stop_requests():
        try:
            # Native extensions (pikepdf's, pydantic's) abort the process when an interrupt
            # is raised inside their initialisation: the imports finish first.
            with signals.deferred():
                parser = build_parser(command)
            code = _dispatch(parser, words, bool(argv))
        except KeyboardInterrupt:
            # Writes complete or roll back as a whole, so whatever is on disk is a consistent set.
            code = 130
            print(INTERRUPTED, file=sys.stderr)
        finally:
            signals.too_late()  # answered: a stop request from now on changes nothing
        return code


def _dispatch(parser: argparse.ArgumentParser, words: list[str], given: bool) -> int:
    from extract.errors import CatalogueError, ExitCode

    args = parser.parse_args(words)
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return int(ExitCode.USAGE) if args.command is None and given else 0
    try:
        return int(args.handler(args))
    except CatalogueError as exc:
        signals.too_late()  # the one line said is the answer
        print(f"catalogue: {exc}", file=sys.stderr)
        return int(exc.code)


def run() -> NoReturn:
    """The installed `catalogue` command: `main`, with stop requests handled from here to the
    process's end. Started with them blocked (a program that starts it may do so, to cover the
    interpreter's own start), it takes them now; one that came meanwhile stops the run here.
    Once `main` has answered, they are blocked again: the exit is never cut short."""
    code = 130
    with signals.stop_requests():
        try:
            signals.release_inherited()
            code = main()
        except KeyboardInterrupt:
            print(INTERRUPTED, file=sys.stderr)
        finally:
            signals.block_for_exit()
    sys.exit(code)


if __name__ == "__main__":
    run()
