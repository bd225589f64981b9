"""`catalogue history DB EDITION…`: the command over `extract.history` (reading what is there,
adding or replacing editions, writing the database and what goes beside it as one set)."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from extract.diff.compare import load_catalogue
from extract.errors import ExitCode
from extract.history.browse import (
    EDITIONS_NAME,
    METADATA_NAME,
    check_editions_csv,
    publisher_fields,
    render_editions_csv,
    render_metadata,
)
from extract.history.database import HistoryTrouble, read_database, render_database
from extract.history.editions import HistoryEdition, from_catalogue, in_order
from extract.history.tables import Tables, build_tables
from extract.write.files import write_files


def _gather(args: argparse.Namespace, say: Any) -> list[HistoryEdition]:
    """The editions the history will hold: those there, with the ones given added or in place
    of those of the same key, and those removed taken out."""
    db: Path = args.db
    held = {e.key: e for e in read_database(db)}
    given: dict[str, Path] = {}
    for path in args.editions:
        edition = from_catalogue(load_catalogue(path))
        if edition.key in given:
            raise HistoryTrouble(
                path,
                f"the same edition key {edition.key!r} as {given[edition.key]} (the PDF's file "
                "name without .pdf): give one of them",
            )
        given[edition.key] = path
        verb = "replaced" if edition.key in held else "added"
        say(f"catalogue: {edition.key}: {verb} ({len(edition.records)} resources, from {path})")
        held[edition.key] = edition
    for key in args.remove:
        if held.pop(key, None) is None:
            known = ", ".join(sorted(held)) or "none"
            raise HistoryTrouble(db, f"no edition {key!r} to remove (editions: {known})")
        say(f"catalogue: {key}: removed")
    if not held:
        raise HistoryTrouble(db, "no edition to hold: give extraction folders to add")
    return in_order(held.values())


def summary(db: Path, tables: Tables, size: int, elapsed: float) -> str:
    years = ", ".join(str(e["year"] or e["key"]) for e in tables.editions)
    return (
        f"catalogue: {db}: {len(tables.editions)} editions ({years}), "
        f"{len(tables.resources)} resources, {len(tables.appearances)} appearances, "
        f"{len(tables.changes)} changes, {len(tables.corrections)} corrections; "
        f"{size / 1e6:.2f} MB, with {METADATA_NAME} and {EDITIONS_NAME} beside it "
        f"({elapsed:.1f} s)"
    )


def handler(args: argparse.Namespace) -> int:
    started = time.monotonic()
    db: Path = args.db
    if db.name in (METADATA_NAME, EDITIONS_NAME) or db.is_dir():
        raise HistoryTrouble(db, "give the database a file name of its own, e.g. history/ess.db")
    metadata, editions_csv = db.parent / METADATA_NAME, db.parent / EDITIONS_NAME
    kept = publisher_fields(metadata, db)
    check_editions_csv(editions_csv)

    def say(line: str) -> None:
        if not args.quiet:
            print(line, file=sys.stderr)

    ordered = _gather(args, say)
    tables = build_tables(ordered)
    data = render_database(tables)
    files = {
        db.name: data,
        METADATA_NAME: render_metadata(db, tables, kept),
        EDITIONS_NAME: render_editions_csv(tables.appearances),
    }
    write_files(files, db.parent, ends_run=True)
    say(summary(db, tables, len(data), time.monotonic() - started))
    return int(ExitCode.OK)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "history",
        help="keep every edition in one SQLite database, with what changed between them",
        description="Add extracted editions to an SQLite database (created when missing): "
        "editions, resources followed from edition to edition (paired as catalogue diff pairs "
        "them: card_id, then URL, then similar titles), every appearance of a resource with "
        "the fields of cards.csv, typed, the changes between consecutive editions exactly as "
        "catalogue diff reports them, and the corrections applied. Full-text search over "
        "titles and descriptions. Editions are ordered by their own year and title, so the "
        "order they are added in does not matter; adding an edition again (same PDF file "
        "name) replaces it. Beside the database: metadata.json (for Datasette, in French) "
        "and editions.csv (every appearance, for spreadsheets).",
        epilog="EDITION: an extraction folder (holding catalogue.json), a catalogue.json, or a\n"
        "PDF (extracted first, without corrections).\n\n"
        "Examples:\n"
        "  catalogue history history/ess.db output/ess-pvd-2021 output/ess-pvd-2022\n"
        "  catalogue history history/ess.db output/ess-pvd-2023     # the next edition\n"
        "  datasette history/                                        # browse it\n"
        "  catalogue history history/ess.db --remove ess-pvd-2023\n\n"
        "Exit codes: 0 done, 2 an edition or a database that cannot be used (one line names\n"
        "it), 9 the folder cannot be written, 130 interrupted (the previous database is left\n"
        "whole).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("db", type=Path, metavar="DB", help="the SQLite database, e.g. history/ess.db")
    p.add_argument(
        "editions",
        type=Path,
        nargs="*",
        metavar="EDITION",
        help="extraction folders (or catalogue.json files) to add, in any order",
    )
    p.add_argument(
        "--remove",
        action="append",
        default=[],
        metavar="KEY",
        help="take the edition of this key (its PDF's file name without .pdf) out of the "
        "history, e.g. --remove ess-pvd-2023",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing but errors",
    )
    p.set_defaults(handler=handler)
