"""The corrections file: a CSV a person writes in a spreadsheet, one correction a row.

    card_id,field,value,was,note
    commande-publique-responsable-un-levier-insuffisamment-exploite,resource_type,Étude,Etude,accent

Set `field` of the record `card_id` to `value`; `field` may also be `drop` (the record is no
resource). `was`, when given, is what the extraction gave when the row was written (`(vide)`
or `(none)`: nothing); `note` says why. `was` and `note` may be left out of the header.

What spreadsheets save is accepted: UTF-8 with or without a byte-order mark, `,` or `;` between
cells (told from the header, whose names hold neither), `\\r\\n` or `\\n`, trailing empty cells and
empty rows. The apostrophe every CSV the tool writes puts before a cell a spreadsheet would run
(`'=…`, as cards.csv gives such a value to copy into `was`) is taken off. Every value is
untrusted input, checked here before any extraction starts: a file that breaks a rule is
refused whole, with one line naming the file, the row (as a spreadsheet numbers it: the header
is row 1) and the problem.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from extract.errors import CatalogueError, ExitCode
from extract.untrusted import as_printed
from schemas.models import (
    CORRECTABLE_FIELDS,
    DROP,
    LINKS_SEPARATOR,
    YEAR_MAX,
    YEAR_MIN,
    Value,
)

COLUMNS: tuple[str, ...] = ("card_id", "field", "value", "was", "note")
REQUIRED: tuple[str, ...] = ("card_id", "field", "value")
SEPARATORS = (",", ";")
# What `was` says for a field the extraction left empty.
NOTHING_MARKS = ("(vide)", "(none)")
MAX_BYTES = 5_000_000  # a corrections file of a hundred thousand rows is about 10 MB less
CARD_ID = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
ADDRESS_SCHEMES = ("https://", "http://", "mailto:")
YEAR_FIELDS = ("year", "year_end")


class CorrectionsFileError(CatalogueError):
    """A corrections file that cannot be used: a usage error, named by the file."""

    code = ExitCode.USAGE


@dataclass(frozen=True)
class Correction:
    """One row of the file, checked: `value` is typed as the field's values are."""

    row: int
    card_id: str
    field: str  # one of CORRECTABLE_FIELDS, or DROP
    value: Value
    was: str | None  # None: not given; "": the field was empty
    note: str | None


@dataclass(frozen=True)
class CorrectionSet:
    source_file: str  # the file's name: outputs do not depend on where it was read from
    sha256: str
    rows: tuple[Correction, ...]


def shown(value: Value) -> str:
    """A value as cards.csv shows it, spaces folded: what `was` is compared with."""
    if value is None:
        return ""
    if isinstance(value, list):
        value = LINKS_SEPARATOR.join(value)
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


class _Rows:
    """The file's rows as lists of cells, numbered as a spreadsheet numbers them."""

    def __init__(self, path: Path, text: str) -> None:
        self.path = path
        self.text = text

    def fail(self, row: int, problem: str) -> CorrectionsFileError:
        return CorrectionsFileError(self.path, f"row {row}: {problem}")

    def separator(self) -> str:
        for line in self.text.splitlines():
            if not line.strip(" \t,;"):
                continue
            for sep in SEPARATORS:
                names = [c.strip().lower() for c in next(csv.reader([line], delimiter=sep))]
                names = _without_trailing_blanks(names)
                if set(REQUIRED) <= set(names):
                    return sep
            break
        raise CorrectionsFileError(
            self.path,
            "no header naming the columns card_id, field, value (and was, note), "
            "separated by , or ;",
        )

    def __iter__(self) -> Iterator[tuple[int, list[str]]]:
        reader = csv.reader(io.StringIO(self.text, newline=""), delimiter=self.separator())
        row = 0
        while True:
            row += 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise self.fail(row, f"not CSV ({exc})") from None
            yield row, cells


def _without_trailing_blanks(cells: list[str]) -> list[str]:
    while cells and not cells[-1].strip():
        cells = cells[:-1]
    return cells


def _decode(path: Path) -> tuple[str, str]:
    """The file's text and the SHA-256 of its bytes."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise CorrectionsFileError(path, f"cannot be read ({exc.strerror or exc})") from None
    if len(data) > MAX_BYTES:
        raise CorrectionsFileError(
            path, f"{len(data):,} bytes: too large for a corrections file ({MAX_BYTES:,} at most)"
        )
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise CorrectionsFileError(
            path,
            f"not UTF-8 text (byte {exc.start}); save it from the spreadsheet as CSV in UTF-8",
        ) from None
    return text, hashlib.sha256(data).hexdigest()


def read_corrections(path: Path) -> CorrectionSet:
    """The corrections in `path`, checked; a `CorrectionsFileError` (exit 2) names the first
    problem."""
    text, sha256 = _decode(path)
    rows = _Rows(path, text)
    header: list[str] | None = None
    found: list[Correction] = []
    for row, cells in rows:
        if not any(c.strip() for c in cells):
            continue  # an empty row, as spreadsheets leave them
        if header is None:
            header = _header(rows, row, cells)
            continue
        found.append(_correction(rows, row, header, cells))
    if header is None:
        raise CorrectionsFileError(path, "empty file (not even a header)")
    _check_together(rows, found)
    return CorrectionSet(path.name, sha256, tuple(found))


def _header(rows: _Rows, row: int, cells: list[str]) -> list[str]:
    names = _without_trailing_blanks([c.strip().lower() for c in cells])
    unknown = [n for n in names if n not in COLUMNS]
    if unknown:
        raise rows.fail(
            row, f"unknown column {unknown[0]!r} (the columns are {', '.join(COLUMNS)})"
        )
    twice = [n for n in COLUMNS if names.count(n) > 1]
    if twice:
        raise rows.fail(row, f"column {twice[0]!r} named twice")
    return names


def _cell(rows: _Rows, row: int, name: str, text: str) -> str:
    """A cell's text with its spaces folded, as the extraction folds a printed line's, and
    without the apostrophe that kept a spreadsheet from running it."""
    for ch in text:
        if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r":
            raise rows.fail(row, f"{name} holds a control character (U+{ord(ch):04X})")
    return as_printed(" ".join(unicodedata.normalize("NFC", text).split()))


def _correction(rows: _Rows, row: int, header: Sequence[str], cells: list[str]) -> Correction:
    if len(cells) > len(header) and any(c.strip() for c in cells[len(header) :]):
        raise rows.fail(
            row,
            f"{len(_without_trailing_blanks(cells))} cells for {len(header)} columns "
            "(a value that holds the separator must be in quotes)",
        )
    named = {name: _cell(rows, row, name, cell) for name, cell in zip(header, cells, strict=False)}
    card_id = named.get("card_id", "")
    if not CARD_ID.fullmatch(card_id):
        shown_id = repr(card_id) if card_id else "empty"
        raise rows.fail(row, f"card_id {shown_id}: not a card_id as cards.csv gives them")
    field = named.get("field", "").lower()
    if field in ("card_id", "page"):
        raise rows.fail(
            row, f"{field} cannot be corrected (it says which record this is and where it was read)"
        )
    if field not in (*CORRECTABLE_FIELDS, DROP):
        raise rows.fail(
            row,
            f"field {named.get('field', '')!r}: not one a correction can set "
            f"({', '.join(CORRECTABLE_FIELDS)}, or {DROP})",
        )
    value = _value(rows, row, field, named.get("value", ""))
    was_text = named.get("was", "")
    was = "" if was_text.lower() in NOTHING_MARKS else (was_text or None)
    if was is not None and field != DROP and was == shown(value):
        raise rows.fail(row, f"value and was are the same ({was!r}): nothing to correct")
    return Correction(row, card_id, field, value, was, named.get("note") or None)


def _value(rows: _Rows, row: int, field: str, text: str) -> Value:
    if field == DROP:
        return None  # the row says the record is no resource: a value would mean nothing
    if field in YEAR_FIELDS:
        if not text:
            return None
        if not re.fullmatch(r"\d{4}", text) or not YEAR_MIN <= int(text) <= YEAR_MAX:
            raise rows.fail(row, f"{field} {text!r}: not a year from {YEAR_MIN} to {YEAR_MAX}")
        return int(text)
    if field == "title" and not text:
        raise rows.fail(row, f"a title cannot be empty (to say a record is no resource: {DROP})")
    if field == "url":
        if not text:
            raise rows.fail(row, "url cannot be empty (correct links to leave a record without)")
        return _address(rows, row, field, text)
    if field == "links":
        if not text:
            return []
        links = [_address(rows, row, field, part.strip()) for part in text.split("|")]
        return list(dict.fromkeys(links))
    return text or None


def _address(rows: _Rows, row: int, field: str, text: str) -> str:
    if not text.lower().startswith(ADDRESS_SCHEMES) or any(ch.isspace() for ch in text):
        raise rows.fail(
            row,
            f"{field} {text[:80]!r}: not a web or mail address "
            f"({', '.join(ADDRESS_SCHEMES)} and no spaces)",
        )
    return text


def _check_together(rows: _Rows, found: Sequence[Correction]) -> None:
    """One row per field of a record, and nothing else for a record that is dropped."""
    seen: dict[tuple[str, str], int] = {}
    dropped: dict[str, int] = {}
    corrected: dict[str, int] = {}
    for c in found:
        earlier = seen.setdefault((c.card_id, c.field), c.row)
        if earlier != c.row:
            what = "drop" if c.field == DROP else f"correction of {c.field}"
            raise rows.fail(c.row, f"a second {what} for {c.card_id} (row {earlier})")
        if c.field == DROP:
            dropped[c.card_id] = c.row
        else:
            corrected.setdefault(c.card_id, c.row)
        if c.card_id in dropped and c.card_id in corrected:
            first, second = sorted((dropped[c.card_id], corrected[c.card_id]))
            raise rows.fail(
                second,
                f"{c.card_id} is both dropped and corrected (rows {first} and {second})",
            )
