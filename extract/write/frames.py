"""An extraction's tables as pandas DataFrames with proper dtypes.

    >>> cards = read_cards("output/ess-pvd-2021")
    >>> pd.crosstab(cards["theme"], cards["year"])   # resources per theme, by year

`read_cards` reads an output folder's cards.csv (or the file itself), and `cards_frame`
(`Catalogue.to_dataframe()`) gives the same frame of a catalogue in memory: page and years are
nullable integers (`Int64`, missing as `<NA>`), part, theme, resource type and kind are
categories in the order the edition first prints them, `links` holds lists of URLs, and every
other column is text (`string`, an empty cell as `<NA>`). The text is as printed: the
apostrophe cards.csv puts before a cell a spreadsheet would run as a formula is taken off
again. `read_changes` does the same for a diff's changes.csv.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pandas as pd

from extract.untrusted import as_printed
from extract.write.files import CSV_NAME, render_csv
from schemas.models import CSV_COLUMNS, LINKS_SEPARATOR, PRINTED_COLUMNS, Catalogue

CHANGES_NAME = "changes.csv"
CHANGE_COLUMNS: tuple[str, ...] = ("card_id", "kind", "field", "old", "new")
# In the order a diff's report gives them; `corrected`: a field that differs only because of a
# correction.
CHANGE_KINDS: tuple[str, ...] = ("renamed", "added", "removed", "modified", "moved", "corrected")

INTEGER_COLUMNS = ("page", "year", "year_end")
CATEGORY_COLUMNS = ("part", "theme", "resource_type", "resource_kind")


def _table(path: str | os.PathLike[str], name: str, columns: tuple[str, ...]) -> pd.DataFrame:
    """The CSV `name` in folder `path` (or the file `path`), every cell as text, empty as NA."""
    file = Path(path)
    if file.is_dir():
        file = file / name
    return _text_table(file, str(file), columns)


def _text_table(source: Path | io.BytesIO, where: str, columns: tuple[str, ...]) -> pd.DataFrame:
    frame = pd.read_csv(
        source, dtype="string", keep_default_na=False, na_values=[""], encoding="utf-8"
    )
    if tuple(frame.columns) != columns:
        raise ValueError(f"{where}: columns {list(frame.columns)}, expected {list(columns)}")
    return frame


def _categories(column: pd.Series[str]) -> pd.Series[Any]:
    order = list(dict.fromkeys(column.dropna()))
    return column.astype(pd.CategoricalDtype(order))


def read_cards(path: str | os.PathLike[str]) -> pd.DataFrame:
    """An extraction's cards.csv as a DataFrame: one row per resource, the CSV's columns."""
    return _typed_cards(_table(path, CSV_NAME, CSV_COLUMNS))


def cards_frame(catalogue: Catalogue) -> pd.DataFrame:
    """The DataFrame `read_cards` gives of the cards.csv `catalogue` makes, without a file:
    read from the same bytes, so the two are equal."""
    data = io.BytesIO(render_csv(catalogue))
    return _typed_cards(_text_table(data, CSV_NAME, CSV_COLUMNS))


def _typed_cards(frame: pd.DataFrame) -> pd.DataFrame:
    for name in CSV_COLUMNS:
        if name not in INTEGER_COLUMNS:
            frame[name] = frame[name].map(as_printed, na_action="ignore").astype("string")
    for name in INTEGER_COLUMNS:
        frame[name] = frame[name].astype("Int64")
    for name in CATEGORY_COLUMNS:
        frame[name] = _categories(frame[name])
    frame["links"] = pd.Series(
        [[] if pd.isna(cell) else str(cell).split(LINKS_SEPARATOR) for cell in frame["links"]],
        index=frame.index,
        dtype=object,
    )
    return frame


def read_changes(path: str | os.PathLike[str]) -> pd.DataFrame:
    """A diff's changes.csv as a DataFrame: one row per changed field. `kind` (in the report's
    order: renamed, added, removed, modified, moved, corrected) and `field` (in the CSV's
    column order) are categories, any other value met (a kind of change a later diff reports)
    coming after those in the order met; `old` and `new` stay text, as in the CSV (a year or
    links alike); an empty cell is `<NA>`, as is the card_id of a renamed theme. `corrected`
    rows are fields of modified or moved resources that differ only because a correction was
    applied."""
    frame = _table(path, CHANGES_NAME, CHANGE_COLUMNS)
    for name in CHANGE_COLUMNS:
        frame[name] = frame[name].map(as_printed, na_action="ignore").astype("string")
    for name, known in (("kind", CHANGE_KINDS), ("field", PRINTED_COLUMNS[1:])):
        met = [value for value in dict.fromkeys(frame[name].dropna()) if value not in known]
        frame[name] = frame[name].astype(pd.CategoricalDtype([*known, *met]))
    return frame
