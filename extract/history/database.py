"""The history as an SQLite database: written with sqlite-utils, read back to add editions.

Tables are STRICT (SQLite checks each value's type), with primary and foreign keys; titles and
descriptions have full-text indexes (FTS5, accents folded: `resilience` finds `résilience`).
The database is built in memory and handed over as bytes, for the caller to write in place of
the old file at once: a failure or an interruption leaves the previous database whole.

It says what it is in its header (`PRAGMA application_id`, and `user_version` for the layout of
its tables), so that a database this command did not write is refused rather than replaced.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import sqlite_utils

from extract.errors import CatalogueError, ExitCode
from extract.history.editions import Correction, HistoryEdition
from extract.history.tables import Tables
from schemas.models import CSV_COLUMNS, Value

APPLICATION_ID = 0x45535343  # "ESSC"
LAYOUT_VERSION = 1
SQLITE_HEADER = b"SQLite format 3\x00"
# Accents and case folded, so that a word is found however it is accented.
TOKENIZER = "unicode61 remove_diacritics 2"

COLUMNS: dict[str, dict[str, type]] = {
    "editions": {
        "key": str,
        "position": int,
        "title": str,
        "year": int,
        "source_file": str,
        "sha256": str,
        "pages": int,
        "resources": int,
        "tool_version": str,
        "corrections_file": str,
        "corrections_sha256": str,
    },
    "resources": {
        "resource_id": int,
        "title": str,
        "card_id": str,
        "description": str,
        "first_edition": str,
        "last_edition": str,
        "appearances": int,
    },
    "appearances": {
        "edition": str,
        "resource_id": int,
        "position": int,
        **{name: int if name in ("page", "year", "year_end") else str for name in CSV_COLUMNS},
    },
    "changes": {
        "edition": str,
        "previous_edition": str,
        "resource_id": int,
        "card_id": str,
        "kind": str,
        "field": str,
        "old": str,
        "new": str,
    },
    "corrections": {
        "edition": str,
        "card_id": str,
        "field": str,
        "page": int,
        "extracted": str,
        "applied": str,
        "note": str,
        "row": int,
    },
}
KEYS: dict[str, str | tuple[str, ...] | None] = {
    "editions": "key",
    "resources": "resource_id",
    "appearances": ("edition", "card_id"),
    "changes": None,  # rows in the diff's order, by rowid
    "corrections": ("edition", "card_id", "field"),
}
NOT_NULL: dict[str, set[str]] = {
    "editions": {"position", "source_file", "sha256", "pages", "resources"},
    "resources": {"title", "card_id", "first_edition", "last_edition", "appearances"},
    "appearances": {"resource_id", "position", "page", "title", "links"},
    "changes": {"previous_edition", "kind", "field"},
    "corrections": {"page", "row"},
}
FOREIGN_KEYS: dict[str, list[tuple[str, str, str]]] = {
    "resources": [("first_edition", "editions", "key"), ("last_edition", "editions", "key")],
    "appearances": [("edition", "editions", "key"), ("resource_id", "resources", "resource_id")],
    "changes": [
        ("edition", "editions", "key"),
        ("previous_edition", "editions", "key"),
        ("resource_id", "resources", "resource_id"),
    ],
    "corrections": [("edition", "editions", "key")],
}
FULL_TEXT: dict[str, list[str]] = {
    "appearances": ["title", "description"],
    "resources": ["title", "description"],
}
TABLES = tuple(COLUMNS)


class HistoryTrouble(CatalogueError):
    """A database that is not a history this command can add to."""

    code = ExitCode.USAGE


def render_database(tables: Tables) -> bytes:
    """The history database's bytes."""
    connection = sqlite3.connect(":memory:")
    try:
        db = sqlite_utils.Database(connection)
        connection.execute(f"PRAGMA application_id = {APPLICATION_ID}")
        connection.execute(f"PRAGMA user_version = {LAYOUT_VERSION}")
        for name in TABLES:
            key = KEYS[name]
            table = db.table(name)
            table.create(
                COLUMNS[name],
                pk=key,
                not_null=NOT_NULL.get(name, set()),
                foreign_keys=FOREIGN_KEYS.get(name, []),
                strict=True,
            )
            rows = getattr(tables, name)
            if rows:
                table.insert_all(rows)
        for name, columns in FULL_TEXT.items():
            db.table(name).enable_fts(columns, tokenize=TOKENIZER)
        connection.commit()
        return connection.serialize()
    finally:
        connection.close()


def read_database(path: Path) -> list[HistoryEdition]:
    """The editions held by the history at `path`: none for a missing or empty file."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return []
    except OSError as exc:
        raise HistoryTrouble(path, f"cannot be read ({exc.strerror or exc})") from None
    if not data:
        return []
    if not data.startswith(SQLITE_HEADER):
        raise HistoryTrouble(path, "not an SQLite database; give the history another file name")
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        return _editions(path, connection)
    except sqlite3.DatabaseError as exc:
        raise HistoryTrouble(path, f"cannot be read as a history ({exc})") from None
    finally:
        connection.close()


def _editions(path: Path, connection: sqlite3.Connection) -> list[HistoryEdition]:
    (application_id,) = connection.execute("PRAGMA application_id").fetchone()
    (version,) = connection.execute("PRAGMA user_version").fetchone()
    if application_id != APPLICATION_ID:
        raise HistoryTrouble(
            path,
            "an SQLite database that catalogue history did not write (it would be replaced); "
            "give the history another file name",
        )
    if version != LAYOUT_VERSION:
        raise HistoryTrouble(
            path, f"a history of layout {version}, this version reads {LAYOUT_VERSION}"
        )
    db = sqlite_utils.Database(connection)
    ours = set(TABLES) | {f"{t}_fts{s}" for t in FULL_TEXT for s in FTS_SUFFIXES}
    others = sorted(set(db.table_names()) - ours) + sorted(db.view_names())
    if others:
        raise HistoryTrouble(
            path,
            f"holds tables or views of its own ({', '.join(others[:5])}) that adding an "
            "edition would lose (the database is rebuilt); keep them in another database",
        )
    connection.row_factory = sqlite3.Row
    records: dict[str, list[dict[str, Any]]] = {}
    for row in connection.execute("SELECT * FROM appearances ORDER BY edition, position"):
        record = {name: row[name] for name in CSV_COLUMNS}
        record["links"] = [str(u) for u in json.loads(row["links"])]
        records.setdefault(row["edition"], []).append(record)
    fixes: dict[str, list[Correction]] = {}
    for row in connection.execute("SELECT * FROM corrections ORDER BY rowid"):
        fixes.setdefault(row["edition"], []).append(
            Correction(
                row["card_id"],
                row["field"],
                row["page"],
                _value(json.loads(row["extracted"])),
                _value(json.loads(row["applied"])),
                row["note"],
                row["row"],
            )
        )
    return [
        HistoryEdition(
            key=row["key"],
            title=row["title"],
            year=row["year"],
            source_file=row["source_file"],
            sha256=row["sha256"],
            pages=row["pages"],
            tool_version=row["tool_version"],
            records=records.get(row["key"], []),
            corrections=tuple(fixes.get(row["key"], [])),
            corrections_file=row["corrections_file"],
            corrections_sha256=row["corrections_sha256"],
        )
        for row in connection.execute("SELECT * FROM editions ORDER BY position")
    ]


FTS_SUFFIXES = ("", "_data", "_idx", "_docsize", "_config", "_content")


def _value(value: Any) -> Value:
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, list):
        return [str(v) for v in value]
    return str(value)


def table_counts(data: bytes) -> Mapping[str, int]:
    """Rows in each table of a history database's bytes."""
    connection = sqlite3.connect(":memory:")
    try:
        connection.deserialize(data)
        return {
            name: connection.execute(f"SELECT count(*) FROM [{name}]").fetchone()[0]
            for name in TABLES
        }
    finally:
        connection.close()
