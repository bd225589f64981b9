"""Spreadsheet cells: text from outside is data, never a formula, in every table the tool
writes (cards.csv and cards.xlsx, links.csv, changes.csv).

Control characters go first (each becomes U+FFFD): LibreOffice drops a leading NUL and then
runs the formula behind it, so `\\0=1+1` would pass a check made before. Then a cell that
starts with a character a spreadsheet takes for the start of a formula is marked as text: an
apostrophe in a CSV, Excel's quote prefix in a workbook.
"""

from __future__ import annotations

from extract.untrusted import FORMULA_TRIGGERS, without_controls


def sheet_text(cell: str) -> tuple[str, bool]:
    """The text a sheet's cell holds, and whether it must be marked as text (quote prefix)."""
    text, _ = without_controls(cell)
    return text, text.startswith(FORMULA_TRIGGERS)


def neutralise(cell: str) -> str:
    """A CSV cell: control characters replaced, and an apostrophe before a cell that a
    spreadsheet would take for a formula."""
    text, formula = sheet_text(cell)
    return "'" + text if formula else text
