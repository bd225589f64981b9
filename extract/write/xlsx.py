"""cards.xlsx: the edition as a workbook, for the people who open it in a spreadsheet.

Sheets, in this order:

- `resources`: the rows and columns of cards.csv, with the header frozen, filters on, widths
  fitted to the text, long text wrapped; page and years are numbers; `url` is a hyperlink, and
  so is `links` (to the address itself when there is one, else to the resource's rows of the
  `links` sheet);
- `warnings`: code, page, card_id (a link to the resource's row) and message;
- `parts and themes`: each part with its resource count, then each of its themes with theirs;
- `links`: one row per link of each resource, each a hyperlink;
- `corrections`, only when a corrections file was applied: each row of the file and what it
  did (applied, stale, absent, already), with the value extracted and the value set. On the
  `resources` sheet, a corrected cell is filled in yellow.

Cells hold the text as printed, typed as text: a spreadsheet never runs it. Control characters
are replaced by U+FFFD, as in cards.csv (`extract.write.cells`). A text cell that
cards.csv has to prefix with an apostrophe (it starts with `=`, `+`, `-`, `@`, …) carries
Excel's quote prefix instead, which keeps the cell text even once edited, without showing an
apostrophe. The same catalogue always gives the same bytes: the document properties are fixed
and the archive's timestamps are XlsxWriter's constant one.

Printed, every sheet is A4 in landscape with its header row on every page, gridlines, and the
sheet's name and page number at the foot. The resources sheet, far wider than a page, prints
in bands of a few whole columns, each a page wide at 85% (`print_layout`), its card_id column
repeated on every page, and a set of rows in all its bands before the next set.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

import xlsxwriter

from extract import __version__
from extract.write.cells import sheet_text
from extract.write.sheet_layout import (
    A4,
    FOOTER,
    LETTERS_PER_WIDTH,
    LINE_HEIGHT,
    NUMBER_COLUMNS,
    PRINT_MARGIN,
    ROW_MAX,
    WRAPPED_COLUMNS,
    print_layout,
    width_of,
    wrapped_lines,
)
from schemas.models import CSV_COLUMNS, DROP, LINKS_SEPARATOR, Catalogue, Resource, Value

RESOURCES_SHEET = "resources"
WARNINGS_SHEET = "warnings"
THEMES_SHEET = "parts and themes"
LINKS_SHEET = "links"
CORRECTIONS_SHEET = "corrections"
WARNING_COLUMNS: tuple[str, ...] = ("code", "page", "card_id", "message")
THEME_COLUMNS: tuple[str, ...] = ("part", "theme", "resources")
LINK_COLUMNS: tuple[str, ...] = ("card_id", "url")
CORRECTION_COLUMNS: tuple[str, ...] = (
    "row",
    "card_id",
    "field",
    "outcome",
    "extracted",
    "value",
    "was",
    "note",
)
NO_PART, NO_THEME = "(no part)", "(no theme)"

# Only addresses a reader means to follow become links: another scheme read from a PDF
# (`javascript:`, `file:`, XlsxWriter's own `internal:`) stays text.
LINK_SCHEMES = ("https://", "http://", "mailto:")
URL_MAX = 2079  # Excel drops a longer link (counted in UTF-16 code units)
LINKS_MAX = 65_530  # Excel's cap on the links of one worksheet
CELL_MAX = 32_767  # Excel's cap on the characters of one cell
# A fixed creation date: the workbook's bytes must not depend on when it was made.
CREATED = datetime(2000, 1, 1)


def _cut(text: str) -> str:
    """Text that fits a cell: cards.csv keeps a longer text whole, Excel cannot."""
    return text if len(text) <= CELL_MAX else text[: CELL_MAX - 1] + "…"


def linkable(url: str) -> bool:
    """Whether `url` can be a working link: a web or mail address, as short as Excel keeps,
    with no space or control character (which no address has, and which would break the
    workbook's XML where the link is stored)."""
    return (
        url.lower().startswith(LINK_SCHEMES)
        and len(url.encode("utf-16-le")) // 2 <= URL_MAX
        and url.isprintable()  # of the spaces, only U+0020 is printable
        and " " not in url
    )


class _Formats:
    """The workbook's cell formats, each made once and shared by every sheet."""

    def __init__(self, book: Any) -> None:
        self.book = book
        self.made: dict[tuple[str, ...], Any] = {}

    def get(self, *kinds: str) -> Any:
        if kinds not in self.made:
            properties: dict[str, object] = {"valign": "top"}
            for kind in kinds:
                properties.update(FORMAT_KINDS[kind])
            self.made[kinds] = self.book.add_format(properties)
        return self.made[kinds]


FORMAT_KINDS: dict[str, dict[str, object]] = {
    "wrap": {"text_wrap": True},
    "link": {"font_color": "#0563C1", "underline": 1},
    "quote": {"quote_prefix": True},
    "bold": {"bold": True},
    "header": {"bold": True, "bg_color": "#E7E6E6", "bottom": 1},
    "corrected": {"bg_color": "#FFF2CC"},
}


@dataclass
class _Sheet:
    """A worksheet being filled, its links counted against Excel's cap."""

    formats: _Formats
    sheet: Any
    links: int = 0
    widths: list[int] = field(default_factory=list)
    lines: dict[int, int] = field(default_factory=dict)  # row → lines of its tallest cell

    def _wrapped(self, row: int, col: int, text: str) -> None:
        lines = wrapped_lines(text, int(self.widths[col] * LETTERS_PER_WIDTH))
        if lines > self.lines.get(row, 1):
            self.lines[row] = lines

    def fit_rows(self) -> None:
        for row, lines in sorted(self.lines.items()):
            self.sheet.set_row(row, min(ROW_MAX, LINE_HEIGHT * lines))

    def header(self, columns: Sequence[str], rows: int, widths: Sequence[int]) -> None:
        heading = self.formats.get("header")
        self.widths = list(widths)
        for col, (name, width) in enumerate(zip(columns, widths, strict=True)):
            self.sheet.write_string(0, col, name, heading)
            self.sheet.set_column(col, col, width)
        self.sheet.freeze_panes(1, 0)
        self.sheet.autofilter(0, 0, max(rows, 1), len(columns) - 1)
        self.print_layout()

    def print_layout(self) -> None:
        sheet = self.sheet
        sheet.set_paper(A4)
        sheet.set_landscape()
        sheet.set_margins(left=PRINT_MARGIN, right=PRINT_MARGIN)
        sheet.repeat_rows(0)
        sheet.hide_gridlines(0)  # printed too: the lines guide the eye along a row
        sheet.set_footer(FOOTER)
        scale, breaks = print_layout(self.widths)
        sheet.set_print_scale(scale)
        if breaks:
            sheet.repeat_columns(0)
            sheet.set_v_pagebreaks(breaks)
            sheet.print_across()

    def text(
        self,
        row: int,
        col: int,
        value: str | None,
        *,
        wrap: bool = False,
        bold: bool = False,
        corrected: bool = False,
    ) -> None:
        marked = ("corrected",) * corrected
        if value:
            value, formula = sheet_text(value)
            if wrap:
                self._wrapped(row, col, value)
            kinds = ("wrap",) * wrap + ("quote",) * formula
            self.sheet.write_string(
                row, col, _cut(value), self.formats.get(*kinds, *("bold",) * bold, *marked)
            )
        elif corrected:  # a value a correction took away: the empty cell is marked too
            self.sheet.write_blank(row, col, None, self.formats.get(*marked))

    def number(
        self,
        row: int,
        col: int,
        value: int | None,
        *,
        bold: bool = False,
        corrected: bool = False,
    ) -> None:
        marked = ("bold",) * bold + ("corrected",) * corrected
        if value is not None:
            self.sheet.write_number(row, col, value, self.formats.get(*marked))
        elif corrected:
            self.sheet.write_blank(row, col, None, self.formats.get(*marked))

    def link(
        self,
        row: int,
        col: int,
        target: str,
        shown: str,
        *,
        wrap: bool = False,
        tip: str = "",
        corrected: bool = False,
    ) -> None:
        """`shown` as a link to `target` (an address, or `internal:` a place in the workbook),
        or as text where Excel could not keep the link."""
        if not shown:
            return
        internal = target.startswith("internal:")
        # A link's text is also stored in an XML attribute, where control characters break
        # the file: such a text is written as text alone.
        printable = shown.isprintable() and len(shown) <= CELL_MAX
        if (internal or linkable(target)) and printable and self.links < LINKS_MAX:
            self.links += 1
            style = self.formats.get(*("wrap",) * wrap, "link", *("corrected",) * corrected)
            if self.sheet.write_url(row, col, target, style, string=shown, tip=tip or None) == 0:
                if wrap:
                    self._wrapped(row, col, shown)
                return
        self.text(row, col, shown, wrap=wrap, corrected=corrected)


def _cell_text(value: Value | object) -> str | None:
    if value is None:
        return None
    if isinstance(value, list):
        return LINKS_SEPARATOR.join(str(v) for v in value) or None
    return str(value)


def _resource_rows(catalogue: Catalogue) -> dict[str, int]:
    """card_id → its row on the resources sheet (0-based, the header being row 0)."""
    return {r.card_id: i + 1 for i, r in enumerate(catalogue.resources)}


def _place(sheet: str, row: int) -> str:
    return f"internal:'{sheet}'!A{row + 1}"


def _fill_resources(
    formats: _Formats, catalogue: Catalogue, first_link_row: dict[str, int]
) -> None:
    records = [r.record() for r in catalogue.resources]
    widths = [
        width_of(name, [_cell_text(record[name]) or "" for record in records])
        for name in CSV_COLUMNS
    ]
    sheet = _Sheet(formats, formats.book.add_worksheet(RESOURCES_SHEET))
    sheet.header(CSV_COLUMNS, len(records), widths)
    corrected = set(catalogue.extracted_values())
    for row, (resource, record) in enumerate(zip(catalogue.resources, records, strict=True), 1):
        for col, name in enumerate(CSV_COLUMNS):
            value = record[name]
            wrap = name in WRAPPED_COLUMNS
            mark = (resource.card_id, name) in corrected
            if name in NUMBER_COLUMNS:
                sheet.number(row, col, value if isinstance(value, int) else None, corrected=mark)
            elif name == "url" and resource.url:
                sheet.link(row, col, resource.url, resource.url, wrap=True, corrected=mark)
            elif name == "links" and resource.links:
                _links_cell(sheet, row, col, resource, first_link_row, corrected=mark)
            else:
                sheet.text(row, col, _cell_text(value), wrap=wrap, corrected=mark)
    sheet.fit_rows()


def _links_cell(
    sheet: _Sheet,
    row: int,
    col: int,
    resource: Resource,
    first_link_row: dict[str, int],
    *,
    corrected: bool = False,
) -> None:
    shown = LINKS_SEPARATOR.join(resource.links)
    if len(resource.links) == 1:
        target = resource.url or resource.links[0]
        sheet.link(row, col, target, shown, wrap=True, corrected=corrected)
        return
    # One cell holds one link: the cell leads to the resource's rows of the links sheet.
    target = _place(LINKS_SHEET, first_link_row[resource.card_id])
    tip = f"{len(resource.links)} links: see the {LINKS_SHEET} sheet"
    sheet.link(row, col, target, shown, wrap=True, tip=tip, corrected=corrected)


def _fill_warnings(formats: _Formats, catalogue: Catalogue, rows: dict[str, int]) -> None:
    warnings = catalogue.warnings
    widths = [
        width_of("code", [w.code for w in warnings]),
        width_of("page", []),
        width_of("card_id", [w.card_id or "" for w in warnings]),
        width_of("message", [w.message for w in warnings]),
    ]
    sheet = _Sheet(formats, formats.book.add_worksheet(WARNINGS_SHEET))
    sheet.header(WARNING_COLUMNS, len(warnings), widths)
    for row, warning in enumerate(warnings, 1):
        sheet.text(row, 0, warning.code)
        sheet.number(row, 1, warning.page)
        if warning.card_id in rows:
            target = _place(RESOURCES_SHEET, rows[warning.card_id])
            sheet.link(row, 2, target, warning.card_id, wrap=True)
        else:
            sheet.text(row, 2, warning.card_id, wrap=True)
        sheet.text(row, 3, warning.message, wrap=True)
    sheet.fit_rows()


def part_and_theme_counts(
    catalogue: Catalogue,
) -> list[tuple[str | None, int, list[tuple[str | None, int]]]]:
    """Each part with its resource count and its themes' counts, in document order."""
    parts: dict[str | None, dict[str | None, int]] = {}
    for resource in catalogue.resources:
        themes = parts.setdefault(resource.part, {})
        themes[resource.theme] = themes.get(resource.theme, 0) + 1
    return [(part, sum(themes.values()), list(themes.items())) for part, themes in parts.items()]


def _fill_themes(formats: _Formats, catalogue: Catalogue) -> None:
    counts = part_and_theme_counts(catalogue)
    names = [
        (part or NO_PART, theme or NO_THEME) for part, _, themes in counts for theme, _ in themes
    ]
    widths = [
        width_of("part", [p for p, _ in names]),
        width_of("theme", [t for _, t in names]),
        width_of("resources", []),
    ]
    rows = len(counts) + len(names)
    sheet = _Sheet(formats, formats.book.add_worksheet(THEMES_SHEET))
    sheet.header(THEME_COLUMNS, rows, widths)
    row = 0
    for part, total, themes in counts:
        row += 1
        sheet.text(row, 0, part or NO_PART, wrap=True, bold=True)
        sheet.number(row, 2, total, bold=True)
        for theme, count in themes:
            row += 1
            sheet.text(row, 0, part or NO_PART, wrap=True)
            sheet.text(row, 1, theme or NO_THEME, wrap=True)
            sheet.number(row, 2, count)
    sheet.fit_rows()


def _link_rows(catalogue: Catalogue) -> Iterator[tuple[str, str]]:
    for resource in catalogue.resources:
        for url in resource.links:
            yield resource.card_id, url


def _fill_links(formats: _Formats, catalogue: Catalogue, rows: dict[str, int]) -> None:
    links = list(_link_rows(catalogue))
    widths = [width_of("card_id", [c for c, _ in links]), width_of("url", [u for _, u in links])]
    sheet = _Sheet(formats, formats.book.add_worksheet(LINKS_SHEET))
    sheet.header(LINK_COLUMNS, len(links), widths)
    for row, (card_id, url) in enumerate(links, 1):
        sheet.link(row, 0, _place(RESOURCES_SHEET, rows[card_id]), card_id, wrap=True)
        sheet.link(row, 1, url, url, wrap=True)
    sheet.fit_rows()


def correction_rows(catalogue: Catalogue) -> list[tuple[Any, ...]]:
    """The corrections sheet's rows: the fields set, the records dropped, then the rows of the
    file that changed nothing here; each as CORRECTION_COLUMNS."""
    report = catalogue.corrections
    if report is None:
        return []
    rows: list[tuple[Any, ...]] = [
        (
            a.row,
            a.card_id,
            a.field,
            "dropped" if a.field == DROP else "applied",
            _cell_text(a.extracted),
            _cell_text(a.applied),
            None,
            a.note,
        )
        for a in report.applied
    ]
    rows += [
        (c.row, c.card_id, c.field, c.outcome, *_texts(c.now, c.value), c.was, c.note)
        for c in report.not_applied
    ]
    return rows


def _texts(*values: Value) -> tuple[str | None, ...]:
    return tuple(_cell_text(v) for v in values)


def _fill_corrections(formats: _Formats, catalogue: Catalogue, rows: dict[str, int]) -> None:
    found = correction_rows(catalogue)
    widths = [
        width_of(name, [str(r[k] or "") for r in found])
        for k, name in enumerate(CORRECTION_COLUMNS)
    ]
    sheet = _Sheet(formats, formats.book.add_worksheet(CORRECTIONS_SHEET))
    sheet.header(CORRECTION_COLUMNS, len(found), widths)
    for row, values in enumerate(found, 1):
        for col, (name, value) in enumerate(zip(CORRECTION_COLUMNS, values, strict=True)):
            if name == "row":
                sheet.number(row, col, value)
            elif name == "card_id" and value in rows:
                sheet.link(row, col, _place(RESOURCES_SHEET, rows[value]), value)
            else:
                sheet.text(row, col, value, wrap=name in ("extracted", "value", "note"))
    sheet.fit_rows()


def first_link_rows(catalogue: Catalogue) -> dict[str, int]:
    """card_id → the row of its first link on the links sheet (0-based, header row 0)."""
    first: dict[str, int] = {}
    for row, (card_id, _) in enumerate(_link_rows(catalogue), 1):
        first.setdefault(card_id, row)
    return first


def render_xlsx(catalogue: Catalogue) -> bytes:
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer,
        {
            "in_memory": True,  # also what gives the archive members a constant timestamp
            "strings_to_numbers": False,
            "strings_to_formulas": False,
            "strings_to_urls": False,
        },
    )
    book.set_properties(
        {
            "title": _cut(catalogue.edition.title or catalogue.edition.source_file),
            "subject": "catalogue de ressources ESS",
            "comments": f"extracted from {catalogue.edition.source_file} "
            f"(SHA-256 {catalogue.edition.sha256}) by ess-catalogue {__version__}",
            "author": "ess-catalogue",
            "created": CREATED,
        }
    )
    formats, rows = _Formats(book), _resource_rows(catalogue)
    _fill_resources(formats, catalogue, first_link_rows(catalogue))
    _fill_warnings(formats, catalogue, rows)
    _fill_themes(formats, catalogue)
    _fill_links(formats, catalogue, rows)
    if catalogue.corrections is not None:
        _fill_corrections(formats, catalogue, rows)
    book.close()
    return buffer.getvalue()
