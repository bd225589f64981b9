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
    """The exit codes every command shares; each command's --help lists its own."""
    return (
        "  0 done, 2 usage error, 130 interrupted, for every command; the others are each\n"
        "  command's own (catalogue COMMAND --help): with extract, 1 means warnings under\n"
        "  --strict; with diff, the editions differ; with links, some links do not work"
    )


def build_parser(only: str | None = None) -> argparse.ArgumentParser:
    """The `catalogue` parser; with `only`, just that subcommand's (all when None)."""
    import argparse
    import textwrap

    from extract import commands
    from extract.commands.completion import CompletionAction
    from extract.commands.version import VersionAction

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
    parser.add_argument("--version", action=VersionAction)
    parser.add_argument("--print-completion", action=CompletionAction)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for module in commands.modules(only):
        module.register(sub)
    for name, command in sub.choices.items():
        # Raw formatting keeps the examples' layout; descriptions are prose, wrapped here.
        if command.description and "\n" not in command.description:
            command.description = textwrap.fill(command.description, 90)
        footer = commands.reference_footer(name)
        if footer:
            command.epilog = f"{command.epilog or ''}\n\n{footer}"
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
    """Run the command: the one error boundary of every command. A `CatalogueError` is its one
    line and its exit code; any other exception is a bug, reported on one line naming the
    command's input, exit 10 (with CATALOGUE_DEBUG=1, its traceback instead)."""
    import os

    from extract.errors import DEBUG_VARIABLE, CatalogueError, ExitCode, internal_error
    from extract.untrusted import shown

    args = parser.parse_args(words)
    if getattr(args, "handler", None) is None:
        parser.print_help()
        return int(ExitCode.USAGE) if args.command is None and given else 0
    try:
        return int(args.handler(args))
    except CatalogueError as exc:
        error = exc
    except Exception as exc:
        if os.environ.get(DEBUG_VARIABLE):
            raise
        error = internal_error(_subject(args), exc)
    signals.too_late()  # the one line said is the answer
    # A file name or a library's message may hold a newline or an escape sequence.
    print(f"catalogue: {shown(error)}", file=sys.stderr)
    return int(error.code)


def _subject(args: argparse.Namespace) -> str:
    """What the command was given to work on, to name in the line of an internal error."""
    for name in ("pdf", "folder", "new"):
        value = getattr(args, name, None)
        if isinstance(value, list):
            value = value[0] if len(value) == 1 else None
        if value is not None:
            return str(value)
    return f"catalogue {args.command}"


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
