"""Layout stage: a content page's lines → its cards and groups, in reading order.

Lines first become runs (paragraphs): lines of one style that follow one another down a column
at that style's own leading. Type lines and calls to action are runs of their own. A card is
then read around its type line, whatever the design's styles:

- its title is the run just above the type line (a run in the body's style is refused there,
  unless the document sets its titles so: that is the previous card's text, and this card has
  no title);
- below the type line come the publisher (the first run, when it is not in the body's style),
  the blurb (what follows, paragraph after paragraph), the call to action, and addresses printed
  in the card; the card ends at another card's title or type line, or at a wide gap.

A type line with no card text under it is a group's item; consecutive items form a group under
the heading printed above the first. Blocks are read column by column ("down") or row by row
("across"): geometry decides where it can, and on a grid, where both readings are possible, the
order in which the designer's tool wrote the cards into the page decides.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from typing import Literal

import regex

from extract.document import LinkAnnotation, PageWarning
from extract.furniture import Furniture, FurnitureKind
from extract.lines import Line, PageLines, StyleKey
from extract.neighbours import NEIGHBOUR_GAP, Span, above, below
from extract.text import is_type_line, is_url
from extract.typography import Typography, content_lines

PageKind = Literal["content", "part_intro", "other"]
Order = Literal["down", "across", "written", "single"]
RunKind = Literal["anchor", "cta", "url", "note", "text"]

# A title sits at most this many of its sizes above its type line.
TITLE_GAP = 2.6
# A printed note: "1. https://…", "[1] https://…", "1 https://…"
_NOTE = regex.compile(r"^\s*[\[(]?(?P<n>\d{1,3})[.)\]]?\s+(?P<url>(?:https?://|www\.)\S+)\s*$")


@dataclass
class Run:
    """Consecutive lines of one paragraph, top to bottom."""

    lines: list[Line]
    kind: RunKind

    @property
    def style(self) -> StyleKey:
        return self.lines[0].style.key

    @property
    def first(self) -> Line:
        return self.lines[0]

    @property
    def last(self) -> Line:
        return self.lines[-1]

    @property
    def text(self) -> str:
        return "".join(ln.text for ln in self.lines)


@dataclass
class Block:
    kind: Literal["card", "group"]
    title: list[Line] = field(default_factory=list)
    type_line: Line | None = None
    publisher: list[Line] = field(default_factory=list)
    blurb: list[Line] = field(default_factory=list)
    cta: Line | None = None
    heading: list[Line] = field(default_factory=list)
    items: list[Line] = field(default_factory=list)
    urls: list[list[Line]] = field(default_factory=list)  # addresses printed in the card
    item_urls: list[list[list[Line]]] = field(default_factory=list)  # under each group item

    def lines(self) -> list[Line]:
        out = [*self.heading, *self.items, *self.title, *self.publisher, *self.blurb]
        out += [x for x in (self.type_line, self.cta) if x is not None]
        out += [ln for url in self.urls for ln in url]
        out += [ln for urls in self.item_urls for url in urls for ln in url]
        return out

    @property
    def x0(self) -> float:
        return min(line.x0 for line in self.lines())

    @property
    def x1(self) -> float:
        return max(line.x1 for line in self.lines())

    @property
    def top(self) -> float:
        return min(line.top for line in self.lines())

    @property
    def bottom(self) -> float:
        return max(line.bottom for line in self.lines())

    @property
    def order(self) -> int:
        """Where the block's first line came in the content stream."""
        anchor = self.type_line or (self.items[0] if self.items else None)
        return anchor.order if anchor is not None else min(ln.order for ln in self.lines())


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
    columns: int = 0
    reading: Reading | None = None
    links: tuple[LinkAnnotation, ...] = ()
    warnings: tuple[PageWarning, ...] = ()


# ---------------------------------------------------------------------------------------------
# Runs


def _kind(line: Line, lines: Sequence[Line], typo: Typography) -> RunKind:
    text = line.text
    if _NOTE.match(text):
        return "note"
    if is_url(text):
        return "url"
    up = above(line, lines)
    if typo.is_cta(line, up):
        return "cta"
    if is_type_line(text):
        return "anchor"
    return "text"


def _continues_url(run: Run, line: Line) -> bool:
    """A wrapped address goes on with no space, in the same style, under its start."""
    return (
        " " not in line.text.strip()
        and line.style.key == run.style
        and abs(line.x0 - run.first.x0) <= line.style.size
        and not run.text.endswith(" ")
    )


def runs_of(lines: Sequence[Line], typo: Typography) -> list[Run]:
    """The page's lines as runs, top to bottom."""
    ordered = sorted(lines, key=lambda ln: (ln.top, ln.x0))
    runs: list[Run] = []
    run_of: dict[int, Run] = {}
    for line in ordered:
        kind = _kind(line, ordered, typo)
        up = above(line, ordered)
        prev = run_of.get(id(up)) if up is not None else None
        joined = False
        if prev is not None and up is prev.last:
            step = line.baseline - up.baseline
            if kind == "text" and prev.kind == "text":
                joined = (
                    line.style.key == prev.style
                    and 0.5 * line.style.size < step <= typo.line_step(line.style.key)
                )
            elif kind == "text" and prev.kind in ("url", "note"):
                joined = step <= typo.line_step(line.style.key) and _continues_url(prev, line)
        if joined and prev is not None:
            prev.lines.append(line)
            run_of[id(line)] = prev
            continue
        run = Run([line], kind)
        runs.append(run)
        run_of[id(line)] = run
    return runs


# ---------------------------------------------------------------------------------------------
# Cards and groups


class _Page:
    """One page's runs with the questions the card reader asks of them."""

    def __init__(self, runs: list[Run], typo: Typography) -> None:
        self.runs = runs
        self.typo = typo
        self.lines = [ln for r in runs for ln in r.lines]
        self.run_of = {id(ln): r for r in runs for ln in r.lines}
        self.taken: set[int] = set()  # ids of runs given to a block

    def above(self, run: Run, gap: float = NEIGHBOUR_GAP, span: Span | None = None) -> Run | None:
        up = above(run.first, self.lines, gap=gap, span=span)
        return self.run_of.get(id(up)) if up is not None else None

    def below(self, run: Run, gap: float = NEIGHBOUR_GAP, span: Span | None = None) -> Run | None:
        down = below(run.last, self.lines, gap=gap, span=span)
        return self.run_of.get(id(down)) if down is not None else None

    def free(self, run: Run | None) -> bool:
        return run is not None and id(run) not in self.taken

    def take(self, run: Run) -> None:
        self.taken.add(id(run))


def _span(lines: Sequence[Line]) -> Span:
    return (min(ln.x0 for ln in lines), max(ln.x1 for ln in lines))


def _title_run(anchor: Run, page: _Page) -> Run | None:
    up = page.above(anchor, gap=TITLE_GAP)
    typo = page.typo
    if up is None or up.kind != "text":
        return None
    if up.style == typo.body and typo.title != typo.body:
        return None  # the previous card's body: this card has no title
    return up


def _has_body(anchor: Run, page: _Page, titles: set[int]) -> bool:
    """Whether card text follows the type line (another card's title does not count, nor an
    address printed under a group's item)."""
    down = page.below(anchor)
    while down is not None and down.kind == "url":
        down = page.below(down)
    return down is not None and down.kind in ("text", "cta") and id(down) not in titles


def _card(anchor: Run, title: Run | None, page: _Page, titles: set[int]) -> Block:
    typo = page.typo
    block = Block("card", type_line=anchor.first)
    page.take(anchor)
    if title is not None and page.free(title):
        block.title = list(title.lines)
        page.take(title)
    span = _span(block.lines())
    current = anchor
    stage = "publisher"
    while True:
        down = page.below(current, span=span)
        if down is None or not page.free(down) or id(down) in titles:
            break
        if down.kind == "anchor" or down.kind == "note":
            break
        if down.kind == "cta":
            if block.cta is not None:
                break
            block.cta = down.first
            stage = "after"
        elif down.kind == "url":
            block.urls.append(list(down.lines))
        elif stage == "after":
            break  # text after the call to action belongs to something else
        elif down.style == typo.title and typo.title not in (typo.body, typo.publisher):
            break
        elif stage == "publisher" and down.style != typo.body and down.style == typo.publisher:
            block.publisher = list(down.lines)
            stage = "blurb"
        else:
            block.blurb += down.lines
            stage = "blurb"
        page.take(down)
        span = (min(span[0], down.first.x0), max(span[1], max(ln.x1 for ln in down.lines)))
        current = down
    if block.cta is None:
        button = _button_below(block, span, page, titles)
        if button is not None:
            block.cta = button.first
            page.take(button)
    return block


def _button_below(block: Block, span: Span, page: _Page, titles: set[int]) -> Run | None:
    """A call to action set apart at the foot of the card (a frame's bottom edge): the first
    run below the card in its column, if it is one and nothing of another card comes first."""
    bottom = block.bottom
    below_card = sorted(
        (
            r
            for r in page.runs
            if r.first.top >= bottom
            and r.first.x0 < span[1]
            and span[0] < max(ln.x1 for ln in r.lines)
        ),
        key=lambda r: r.first.top,
    )
    for run in below_card:
        if run.kind == "cta" and page.free(run):
            return run
        if run.kind in ("anchor", "note") or id(run) in titles or page.free(run):
            return None
    return None


def _groups(items: list[Run], page: _Page) -> list[Block]:
    """Runs of consecutive items, each under the heading printed just above its first item;
    addresses printed under an item are that item's."""
    groups: list[Block] = []
    ends: list[Run] = []  # each group's lowest run so far: its last item, or that item's address
    for item in sorted(items, key=lambda r: (r.first.x0, r.first.top)):
        prev = page.above(item)
        if groups and prev is not None and prev is ends[-1]:
            group = groups[-1]
            group.items.append(item.first)
            group.item_urls.append([])
        else:
            group = Block("group", items=[item.first], item_urls=[[]])
            if prev is not None and prev.kind == "text" and page.free(prev):
                group.heading = list(prev.lines)
                page.take(prev)
            groups.append(group)
            ends.append(item)
        page.take(item)
        last = item
        down = page.below(item)
        while down is not None and down.kind == "url" and page.free(down):
            group.item_urls[-1].append(list(down.lines))
            page.take(down)
            last = down
            down = page.below(down)
        ends[-1] = last
    return groups


def read_blocks(runs: list[Run], typo: Typography) -> tuple[list[Block], _Page]:
    page = _Page(runs, typo)
    anchors = sorted((r for r in runs if r.kind == "anchor"), key=lambda r: r.first.top)
    title_of = {id(a): _title_run(a, page) for a in anchors}
    candidates = {id(t) for t in title_of.values() if t is not None}
    cards: list[tuple[Run, Run | None]] = []
    items: list[Run] = []
    for anchor in anchors:
        title = title_of[id(anchor)]
        titled = title is not None and title.style == typo.title
        if _has_body(anchor, page, candidates) or titled:
            cards.append((anchor, title))
        else:
            items.append(anchor)
    # A card ends where the next card's title, or a group's heading, begins.
    blocks = [_card(anchor, title, page, candidates) for anchor, title in cards]
    blocks += _groups(items, page)
    return blocks, page


# ---------------------------------------------------------------------------------------------
# Reading order


def _clusters(blocks: list[Block], lo: str, hi: str) -> list[list[Block]]:
    """Blocks grouped where their extents along one axis overlap, in order along it."""
    groups: list[list[Block]] = []
    reach = 0.0
    for block in sorted(blocks, key=lambda b: (getattr(b, lo), getattr(b, hi))):
        start, end = getattr(block, lo), getattr(block, hi)
        if groups and start < reach:
            groups[-1].append(block)
            reach = max(reach, end)
        else:
            groups.append([block])
            reach = end
    return groups


@dataclass
class Reading:
    """A page's blocks read down the columns, across the rows, and in the order the designer's
    tool wrote them into the page."""

    down: list[Block]
    across: list[Block]
    written: list[Block]
    columns: int
    written_fits: bool  # the written order keeps each column top to bottom

    @property
    def ambiguous(self) -> bool:
        return self.down != self.across

    def choose(self, flow: Order | None = None) -> tuple[list[Block], Order]:
        """Geometry first. Where it allows both readings, the one nearer the order the
        designer's tool wrote the cards in (fewest pairs the other way round); where both are
        as near, that written order itself when it keeps each column top to bottom (columns of
        unequal cards read across); else `flow`, the document's way, down when none is known."""
        if not self.ambiguous:
            return self.down, "single"
        if flow is None:
            down, across = (
                _inversions(self.written, self.down),
                _inversions(self.written, self.across),
            )
            if down < across:
                return self.down, "down"
            if across < down:
                return self.across, "across"
            if self.written_fits:
                return self.written, "written"
        if flow == "across":
            return self.across, "across"
        return self.down, "down"

    @property
    def decided(self) -> bool:
        """Whether the written order tells how to read the page."""
        down, across = _inversions(self.written, self.down), _inversions(self.written, self.across)
        return down != across or self.written_fits


def _inversions(order: Sequence[Block], reference: Sequence[Block]) -> int:
    """How many pairs of blocks `order` puts the other way round from `reference`."""
    rank = {id(b): i for i, b in enumerate(reference)}
    ranks = [rank[id(b)] for b in order]
    return sum(1 for i, a in enumerate(ranks) for b in ranks[i + 1 :] if a > b)


def read_order(blocks: list[Block]) -> Reading:
    columns = _clusters(blocks, "x0", "x1")
    rows = _clusters(blocks, "top", "bottom")
    down = [b for col in columns for b in sorted(col, key=lambda b: b.top)]
    across = [b for row in rows for b in sorted(row, key=lambda b: b.x0)]
    written = sorted(blocks, key=lambda b: b.order)
    rank = {id(b): i for i, b in enumerate(written)}
    fits = all(
        [rank[id(b)] for b in column] == sorted(rank[id(b)] for b in column)
        for column in (sorted(col, key=lambda b: b.top) for col in columns)
    )
    return Reading(down, across, written, len(columns), fits)


# ---------------------------------------------------------------------------------------------
# Pages


def _notes(runs: list[Run], taken: set[int]) -> list[Note]:
    notes: list[Note] = []
    for run in runs:
        if run.kind != "note" or id(run) in taken:
            continue
        m = _NOTE.match(run.first.text)
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
    first = min((b.top for b in blocks), default=page.height)
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
    layout.url_list.sort(key=lambda url: (url[0].top, url[0].x0))
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
        layout.url_list.sort(key=lambda url: (url[0].top, url[0].x0))
    return layouts


def settle_reading_order(layouts: list[PageLayout]) -> list[PageLayout]:
    """A design reads its cards one way throughout: a page whose written order does not tell
    how to read it (it breaks a column's top-to-bottom order) reads the way most pages that
    tell do, down the columns when none does."""
    votes = Counter(layout.order for layout in layouts if layout.order in ("down", "across"))
    flow: Order = "across" if votes["across"] > votes["down"] else "down"
    for layout in layouts:
        reading = layout.reading
        if reading is not None and reading.ambiguous and not reading.decided:
            layout.blocks, layout.order = reading.choose(flow)
    return layouts
