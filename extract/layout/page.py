"""Layout stage: a content page's lines → its cards and groups in reading order, and what else
the page holds (header, printed URL list or notes, furniture, stray text).

The blocks come from `extract.layout.blocks`, their order from `extract.layout.reading_order`;
two choices are made over the whole document, since a design makes them once: whether
addresses printed under cards are the cards' (`settle_printed_urls`), and which way a page
whose geometry and written order do not tell is read (`settle_reading_order`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Literal

import regex

from extract.document import LinkAnnotation, PageWarning
from extract.layout.blocks import NOTE, Block, Run, read_blocks, runs_of
from extract.layout.calls import is_card_type_line
from extract.layout.furniture import Furniture, FurnitureKind
from extract.layout.lines import Line, PageLines
from extract.layout.reading_order import Order, Reading, filled, read_order
from extract.layout.typography import Typography, content_lines
from extract.text import is_type_line

__all__ = ["Block", "Note", "PageLayout", "lay_out", "settle_printed_urls", "settle_reading_order"]

PageKind = Literal["content", "part_intro", "other"]


@dataclass(frozen=True)
class Note:
    """A printed note: its number and its address (lines: the note's, wrapped)."""

    number: str
    url: str
    lines: tuple[Line, ...]


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    kind: PageKind
    blocks: list[Block] = field(default_factory=list)
    header: list[Line] = field(default_factory=list)
    url_list: list[list[Line]] = field(default_factory=list)  # each address with its wrapped lines
    notes: list[Note] = field(default_factory=list)
    furniture: list[tuple[Line, FurnitureKind]] = field(default_factory=list)
    unassigned: list[Line] = field(default_factory=list)
    order: Order = "single"
    # Cards that read down the columns or across the rows alike, and nothing on the page or in
    # the document tells which: the order is the one assumed (see `settle_reading_order`).
    order_assumed: bool = False
    columns: int = 0
    reading: Reading | None = None
    links: tuple[LinkAnnotation, ...] = ()
    warnings: tuple[PageWarning, ...] = ()


def _notes(runs: list[Run], taken: set[int]) -> list[Note]:
    notes: list[Note] = []
    for run in runs:
        if run.kind != "note" or id(run) in taken:
            continue
        m = NOTE.match(run.first.text)
        assert m is not None
        url = m["url"] + "".join(ln.text.strip() for ln in run.lines[1:])
        notes.append(Note(m["n"], url, tuple(run.lines)))
        taken.add(id(run))
    return notes


_TRAILING_CALLS = regex.compile(r"(?<=[^\d\s])\s?(?P<calls>\d{1,3}(?:\s?[,;]\s?\d{1,3})*)$")


def _read_plain_calls(layout: PageLayout) -> None:
    """Note calls set as plain digits at the end of titles and items (a font's superscript
    figures are ordinary glyphs on the baseline): taken as calls only when, read so, every
    resource of the page calls a note and together they call exactly the page's notes."""
    hosts: list[tuple[Block, int]] = []  # the block, and which line carries the call
    for block in layout.blocks:
        if block.kind == "card":
            if block.title:
                hosts.append((block, -1))
        else:
            hosts += [(block, i) for i in range(len(block.items))]
    marked = {n for b, i in hosts for n in _host_line(b, i).marks}
    found: list[tuple[Block, int, regex.Match[str]]] = []
    for block, i in hosts:
        if _host_line(block, i).marks:
            continue
        m = _TRAILING_CALLS.search(_host_line(block, i).text)
        if m is None:
            return
        found.append((block, i, m))
    if not found:
        return
    called = marked | {n for _, _, m in found for n in regex.split(r"\s?[,;]\s?", m["calls"])}
    if called != {note.number for note in layout.notes}:
        return
    for block, i, m in found:
        line = _host_line(block, i)
        calling = replace(
            line,
            text=line.text[: m.start()].rstrip(),
            marks=tuple(regex.split(r"\s?[,;]\s?", m["calls"])),
        )
        if block.kind == "card":
            block.title[i] = calling
        else:
            block.items[i] = calling


def _host_line(block: Block, i: int) -> Line:
    return block.title[i] if block.kind == "card" else block.items[i]


def _in_page_order(url_list: list[list[Line]]) -> None:
    """A page's printed addresses as they are read, top to bottom (left to right on a row):
    the order they are paired with the page's resources in."""
    url_list.sort(key=lambda url: (url[0].top, url[0].x0))


def lay_out(page: PageLines, typo: Typography, furniture: Furniture | None = None) -> PageLayout:
    """Cards, groups and what else a page holds, given the document's typography and furniture."""
    furniture = furniture or Furniture()
    lines = content_lines(page, furniture)
    layout = PageLayout(
        page.number, page.width, page.height, "other", links=page.links, warnings=page.warnings
    )
    layout.furniture = [
        (ln, kind)
        for i, ln in enumerate(page.lines)
        if (kind := furniture.kind(page.number, i)) is not None
    ]
    if not any(is_type_line(ln.text) for ln in lines):
        return layout
    layout.kind = "content"
    runs = runs_of(lines, typo)
    blocks, state = read_blocks(runs, typo)
    layout.reading = read_order(blocks)
    layout.blocks, layout.order = layout.reading.choose()
    layout.columns = layout.reading.columns
    layout.notes = _notes(runs, state.taken)
    if layout.notes:
        _read_plain_calls(layout)
    # The page's header is what stands above its first card, and above its first type line:
    # the lines of a card that could not be read are said, never passed off as a header.
    first = min(
        [b.top for b in blocks] + [ln.top for ln in lines if is_card_type_line(ln.text)],
        default=page.height,
    )
    for run in runs:
        if id(run) in state.taken:
            continue
        if run.kind == "url":
            layout.url_list.append(list(run.lines))
            continue
        for ln in run.lines:
            if ln.bottom <= first + 0.5:
                layout.header.append(ln)
            else:
                layout.unassigned.append(ln)
    layout.header.sort(key=lambda ln: (ln.top, ln.x0))
    _in_page_order(layout.url_list)
    return layout


def settle_printed_urls(layouts: list[PageLayout]) -> list[PageLayout]:
    """Addresses printed under cards are the cards' only where the design prints them so, that
    is under most cards of the document; elsewhere they are the foot of the page's list that
    happened to follow the last card of a column."""
    cards = [b for layout in layouts for b in layout.blocks if b.kind == "card"]
    with_urls = sum(1 for b in cards if b.urls)
    if not cards or with_urls * 2 > len(cards):
        return layouts
    for layout in layouts:
        for block in layout.blocks:
            layout.url_list += block.urls + [url for urls in block.item_urls for url in urls]
            block.urls = []
            block.item_urls = [[] for _ in block.item_urls]
        _in_page_order(layout.url_list)
    return layouts


def settle_reading_order(layouts: list[PageLayout]) -> list[PageLayout]:
    """A design reads its cards one way throughout: a page whose cards' written order does not
    tell how to read it reads the way most pages that tell do, or, where none does, the way
    its pages filled in part were filled."""
    votes = Counter(
        layout.order
        for layout in layouts
        if layout.order in ("down", "across") and layout.reading and layout.reading.decided
    )
    flow: Order | None
    if votes:
        flow = "across" if votes["across"] > votes["down"] else "down"
    else:
        # No written order tells (a tool that writes the page role by role): the pages filled
        # in part may.
        flow = filled([layout.reading for layout in layouts if layout.reading is not None])
    if flow is None:
        # No page tells: each keeps the reading nearest its own written order, assumed.
        for layout in layouts:
            reading = layout.reading
            if reading is not None and reading.ambiguous and not reading.decided:
                layout.order_assumed = True
        return layouts
    for layout in layouts:
        reading = layout.reading
        if reading is not None and reading.ambiguous and not reading.decided:
            layout.blocks, layout.order = reading.choose(flow)
    return layouts
