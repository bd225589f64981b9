"""Cards and groups read from a content page's lines, around their type lines.

Lines first become runs (paragraphs): lines of one style that follow one another down a column
at that style's own leading. Type lines and calls to action are runs of their own. A card is
then read around its type line, whatever the design's styles:

- its title is the run just above the type line (a run in the body's style is refused there,
  unless the document sets its titles so: that is the previous card's text, and this card has
  no title);
- below the type line come the publisher (the first run, when it is not in the body's style),
  the blurb (what follows, paragraph after paragraph), the call to action, and addresses printed
  in the card; the card ends at another card's title or type line, or at a wide gap; a call to
  action set apart at the foot of the card's frame is found below it.

A type line with no card text under it is a group's item; consecutive items form a group under
the heading printed above the first, each item with the addresses printed under it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import regex

from extract.layout.lines import Line, StyleKey
from extract.layout.neighbours import Span, above, below
from extract.layout.typography import Typography
from extract.settings import current
from extract.text import is_type_line, is_url, parse_group_item

RunKind = Literal["anchor", "cta", "url", "note", "text"]

# A printed note: "1. https://…", "[1] https://…", "1 https://…"
NOTE = regex.compile(r"^\s*[\[(]?(?P<n>\d{1,3})[.)\]]?\s+(?P<url>(?:https?://|www\.)\S+)\s*$")


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
    # A card whose text goes on in an order the edition's grammar does not print: the role it
    # went on with, and the lines left out of it (read as the page's stray text).
    off_grammar: tuple[str, list[Line]] | None = None

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


# ---------------------------------------------------------------------------------------------
# Runs


def _kind(line: Line, lines: Sequence[Line], typo: Typography) -> RunKind:
    text = line.text
    if NOTE.match(text):
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
    """A wrapped address goes on with no space, in the same style, under its start (or under
    the address itself, past a note's number)."""
    size = line.style.size
    return (
        " " not in line.text.strip()
        and line.style.key == run.style
        and run.first.x0 - size <= line.x0 <= run.first.x0 + current().cards.note_indent * size
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

    def above(self, run: Run, gap: float | None = None, span: Span | None = None) -> Run | None:
        up = above(run.first, self.lines, gap=gap, span=span)
        return self.run_of.get(id(up)) if up is not None else None

    def below(self, run: Run, gap: float | None = None, span: Span | None = None) -> Run | None:
        down = below(run.last, self.lines, gap=gap, span=span)
        return self.run_of.get(id(down)) if down is not None else None

    def free(self, run: Run | None) -> bool:
        return run is not None and id(run) not in self.taken

    def take(self, run: Run) -> None:
        self.taken.add(id(run))


def _span(lines: Sequence[Line]) -> Span:
    return (min(ln.x0 for ln in lines), max(ln.x1 for ln in lines))


def _title_run(anchor: Run, page: _Page) -> Run | None:
    """The title printed above a type line, in a grammar that puts it there."""
    if "title" not in page.typo.grammar.head:
        return None
    up = page.above(anchor, gap=current().cards.title_gap)
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


Slot = Literal["title", "publisher", "blurb", "cta", "address"]


def _slot(run: Run, block: Block, page: _Page, titles: set[int], read: int) -> Slot | None:
    """The role `run` plays in the card being read, given how far into the grammar's tail the
    card has come (`read`); None where the card ends before it."""
    typo = page.typo
    grammar = typo.grammar
    if run.kind == "url":
        return "address"
    if run.kind == "note":
        return None
    if run.kind == "anchor":
        # A line shaped like a type line (`> Pour accéder…`) where the card's button goes.
        at = grammar.at("cta")
        if block.cta is None and at >= read and _ends_like_a_button(run, page, titles):
            return "cta"
        return None
    if run.kind == "cta":
        return "cta" if block.cta is None else None
    title_at = grammar.at("title")
    if title_at >= read and not block.title:
        opening = title_at == 0 and not (block.publisher or block.blurb or block.cta)
        if run.style == typo.title or opening:
            return "title"
    if run.style == typo.title and typo.title not in (typo.body, typo.publisher):
        return None  # another card's title
    if (
        run.style == typo.publisher
        and run.style != typo.body
        and not block.publisher
        and grammar.at("publisher") >= 0
    ):
        return "publisher"
    return "blurb"


def _card(anchor: Run, title: Run | None, page: _Page, titles: set[int]) -> Block:
    grammar = page.typo.grammar
    block = Block("card", type_line=anchor.first)
    page.take(anchor)
    if title is not None and page.free(title):
        block.title = list(title.lines)
        page.take(title)
    span = _span(block.lines())
    current = anchor
    read = 0  # how far into the grammar's tail the card has come
    while True:
        down = page.below(current, span=span)
        if down is None or not page.free(down) or id(down) in titles:
            break
        slot = _slot(down, block, page, titles, read)
        if slot is None:
            break
        if slot == "address":
            block.urls.append(list(down.lines))
        else:
            at = grammar.at(slot)
            if at < read:
                # A role the card has passed: what follows is something else's, or the card
                # does not follow the edition's grammar (said, where it is set close under).
                if _close_under(current, down):
                    block.off_grammar = (slot, list(down.lines))
                break
            read = at
            if slot == "title":
                block.title = list(down.lines)
            elif slot == "publisher":
                block.publisher = list(down.lines)
            elif slot == "cta":
                block.cta = down.first
            else:
                block.blurb += down.lines
        page.take(down)
        span = (min(span[0], down.first.x0), max(span[1], max(ln.x1 for ln in down.lines)))
        current = down
    if block.cta is None and grammar.tail and grammar.tail[-1] == "cta":
        button = _button_below(block, span, page, titles)
        if button is not None:
            block.cta = button.first
            page.take(button)
    return block


def _close_under(upper: Run, lower: Run) -> bool:
    """Whether `lower` is set as the next paragraph of `upper`'s card would be: closer than a
    line's height under it."""
    return lower.first.top - upper.last.bottom <= min(upper.last.height, lower.first.height)


def _ends_like_a_button(run: Run, page: _Page, titles: set[int]) -> bool:
    """A line shaped like a type line (`> Pour accéder…`) with nothing of a card under it, or
    the next card's beginning: the card's call to action, in a document too short to learn it
    from (a type line has card text under it; a group's item, more items)."""
    down = page.below(run)
    if down is None:
        return True
    if page.typo.grammar.head:
        return id(down) in titles and down.kind == "text"
    return down.kind == "anchor" and _has_body(down, page, titles)


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
        if not page.free(item):
            continue  # read as a card's call to action
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
        # A titled type line with nothing under it is a card that prints no text; but one that
        # names its type with a colon (`>Site web : ETIC`) is a group's item under its heading.
        item_shaped = parse_group_item(anchor.first.text)[0] is not None
        titled = title is not None and title.style == typo.title and not item_shaped
        if _has_body(anchor, page, candidates) or titled:
            cards.append((anchor, title))
        else:
            items.append(anchor)
    # A card ends where the next card's title, or a group's heading, begins.
    blocks = [_card(anchor, title, page, candidates) for anchor, title in cards]
    blocks += _groups(items, page)
    return blocks, page
