"""`catalogue diff OLD NEW`: the command over `extract.diff` (matching in `compare`, the
renderings in `report`)."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from extract.commands.arguments import output_folder
from extract.commands.extract import DEFAULT_TIMEOUT, time_limit
from extract.diff.compare import (
    TITLE_THRESHOLD,
    DiffTrouble,
    compare_catalogues,
    load_catalogue,
    write_outputs,
)
from extract.diff.report import RENDERERS, summary_line
from extract.errors import OutputError
from extract.linkcheck.report import broken_between, load_report
from extract.untrusted import shown
from extract.write.files import check_writable


def _threshold(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if not 0 < value <= 100:
        raise argparse.ArgumentTypeError("the threshold is a similarity between 0 and 100")
    return value


def handler(args: argparse.Namespace) -> int:
    """Errors go to the command's boundary (`extract.cli`): 2 for the inputs and outputs of
    the diff, and a PDF that cannot be extracted exits as `catalogue extract` would."""
    if args.output is not None:
        try:
            check_writable(args.output)  # before a PDF given is extracted
        except OutputError as exc:
            raise DiffTrouble(args.output, exc.problem) from None
    # Each edition's extraction (or reading), then the comparison, has its own time limit.
    with time_limit(args.timeout, args.old):
        old = load_catalogue(args.old, password=args.password)
    with time_limit(args.timeout, args.new):
        new = load_catalogue(args.new, password=args.password)
        changes = compare_catalogues(old, new, threshold=args.threshold)
    if args.links is not None:
        before, after = (load_report(path) for path in args.links)
        changes.links_broken = broken_between(before, after)
    if args.output is not None:
        write_outputs(changes, args.output, ends_run=True)
    if not args.quiet:
        if args.output is None:
            sys.stdout.write(RENDERERS[args.format](changes))
        else:
            print(f"{shown(args.output)}: {summary_line(changes)}")
    return 1 if changes.has_changes() else 0


def register(sub: Any) -> None:
    p = sub.add_parser(
        "diff",
        help="tell what changed between two editions",
        description="Compare two editions of the catalogue: which resources were added, "
        "removed, modified (which fields, before → after) or moved to another part or theme, "
        "and which themes were renamed. Resources are paired by card_id, then by URL, then by "
        "title similarity; a page number that only shifted is not a change.",
        epilog="OLD and NEW: an extraction folder (holding catalogue.json), a catalogue.json,\n"
        "or a PDF (extracted first).\n"
        "With -o, DIR/changes.md (the report), DIR/changes.json and DIR/changes.csv (one row\n"
        "per changed field); without, the report on standard output.\n\n"
        "Examples:\n"
        "  catalogue diff output/ess-pvd-2021 output/ess-pvd-2022 -o output/diff-2021-2022\n"
        "  catalogue diff old/catalogue.json samples/ess-pvd-2022.pdf --format csv\n"
        "  catalogue diff a.pdf b.pdf -q && echo same\n"
        "  catalogue diff output/ess-pvd-2021 output/ess-pvd-2022 \\\n"
        "      --links output/ess-pvd-2021 output/ess-pvd-2022   # and the links that broke\n\n"
        "Exit codes, as diff(1): 0 no changes, 1 changes, 2 trouble (an input or output\n"
        "that cannot be used); a PDF that cannot be extracted exits as catalogue extract\n"
        "would (3 missing, 4 damaged, 5 encrypted, 6 no text, 7 not a catalogue), 8 time\n"
        "limit, 10 internal error, 130 interrupted.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("old", type=Path, metavar="OLD", help="the older edition (folder, JSON or PDF)")
    p.add_argument("new", type=Path, metavar="NEW", help="the newer edition (folder, JSON or PDF)")
    p.add_argument(
        "-o",
        "--output",
        type=output_folder,
        metavar="DIR",
        help="write changes.md, changes.json and changes.csv into DIR (created if needed) "
        "instead of printing the report",
    )
    p.add_argument(
        "--format",
        choices=("markdown", "json", "csv"),
        default="markdown",
        help="what to print on standard output when there is no -o (default: markdown)",
    )
    p.add_argument(
        "--threshold",
        type=_threshold,
        default=TITLE_THRESHOLD,
        metavar="N",
        help="lowest title similarity (0–100) that pairs two resources whose card_id and URL "
        f"both changed (default: {TITLE_THRESHOLD:g})",
    )
    p.add_argument(
        "--password",
        metavar="PASSWORD",
        help="password of the PDF inputs, when they are encrypted (the same for both)",
    )
    p.add_argument(
        "--links",
        nargs=2,
        type=Path,
        metavar=("OLD_REPORT", "NEW_REPORT"),
        help="two link reports (links.json, or the folders holding them, written by catalogue "
        "links): also list the addresses that worked in the first and are broken or failing "
        "in the second",
    )
    p.add_argument(
        "--timeout",
        type=int,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up after SECONDS on each edition (extracting a PDF, reading a JSON) and "
        f"on the comparison (default {DEFAULT_TIMEOUT}; 0 for no limit), e.g. --timeout 60",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing; only the exit status tells whether the editions differ",
    )
    p.set_defaults(handler=handler)
