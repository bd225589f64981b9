"""An edition as the history holds it, and the order of editions: by their own year and title.

An edition's key is its PDF's file name without `.pdf`, as a slug (`ess-pvd-2021`): the name
`catalogue extract` gives its output folder. Adding an edition whose key is already in the
history replaces it (a new extraction of the same file, or one with new corrections). Its year
is the last year printed in its title (`… Petites villes de demain (2021)`), else in its file
name; an edition without one comes after those with.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import PurePosixPath, PureWindowsPath
from typing import Any

from extract.text import slug
from schemas.models import YEAR_MAX, YEAR_MIN, Catalogue, Value

YEAR = re.compile(r"(?<!\d)(\d{4})(?!\d)")

Record = Mapping[str, Any]


@dataclass(frozen=True)
class HistoryEdition:
    key: str
    title: str | None
    year: int | None
    source_file: str
    sha256: str
    pages: int
    tool_version: str
    records: Sequence[Record]  # Resource.record() dicts, in the edition's order
    corrections: Sequence[Correction] = field(default_factory=tuple)  # those applied to it
    corrections_file: str | None = None
    corrections_sha256: str | None = None

    def extracted_values(self) -> dict[tuple[str, str], Value]:
        """(card_id, field) → the value extracted where a correction set another."""
        return {(c.card_id, c.field): c.extracted for c in self.corrections if c.field != "drop"}


@dataclass(frozen=True)
class Correction:
    """A correction applied to an edition (`AppliedCorrection` of catalogue.json)."""

    card_id: str
    field: str
    page: int
    extracted: Value
    applied: Value
    note: str | None
    row: int


def edition_key(source_file: str) -> str:
    """`ess-pvd-2021` for `ess-pvd-2021.pdf` (a name, never a path: outputs do not depend on
    where a file was)."""
    name = PureWindowsPath(PurePosixPath(source_file).name).name
    stem = name[:-4] if name.lower().endswith(".pdf") else name
    return slug(stem) if stem.strip() else "edition"


def edition_year(title: str | None, source_file: str) -> int | None:
    for text in (title or "", source_file):
        years = [int(y) for y in YEAR.findall(text) if YEAR_MIN <= int(y) <= YEAR_MAX]
        if years:
            return years[-1]
    return None


def from_catalogue(catalogue: Catalogue) -> HistoryEdition:
    e = catalogue.edition
    report = catalogue.corrections
    return HistoryEdition(
        key=edition_key(e.source_file),
        title=e.title,
        year=edition_year(e.title, e.source_file),
        source_file=e.source_file,
        sha256=e.sha256,
        pages=e.page_count,
        tool_version=e.tool_version,
        records=[r.record() for r in catalogue.resources],
        corrections=tuple(
            Correction(a.card_id, a.field, a.page, a.extracted, a.applied, a.note, a.row)
            for a in (report.applied if report else ())
        ),
        corrections_file=report.source_file if report else None,
        corrections_sha256=report.sha256 if report else None,
    )


def in_order(editions: Iterable[HistoryEdition]) -> list[HistoryEdition]:
    """By year (editions without one last), then title, then key: a total order."""
    return sorted(
        editions,
        key=lambda e: (e.year is None, e.year or 0, e.title or "", e.key, e.sha256),
    )
