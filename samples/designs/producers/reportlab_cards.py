"""Cards and groups placed in their column slot by the ReportLab producer.

`place_card` and `place_group` compute, before anything is drawn, every line of a block (as
`Run`s tagged with their role), its frame, thumbnail and button, and the rectangles its links
cover; they raise `LayoutError` when a line cannot be set in the column. A card reads, top to
bottom: thumbnail (when above), title with its note numbers, type line, publisher, blurb, call
to action, printed URLs. How the links are shown follows the design's link channel:

- cta / title / blurb: the card's main links (those on its call to action in the source) are
  annotations on the button, the title or the first blurb line; with no call to action printed,
  "cta" falls back to the title. Links the source sets on a blurb line stay on that line (after
  reflow, on the lines its words end up on), and group items are links themselves.
- notes: the card's distinct URLs are numbered in reading order; the numbers are printed as a
  superscript after the title, separated by commas (`1,2`), and a group item carries its own.
- under: each distinct URL printed in small type at the card's end, cut after a `/` (or before
  `?`, `#`, `&`, `=`) when wider than the column.
- list: nothing on the card (the page's URL list is page furniture).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from samples.designs.producers.reportlab_fonts import Fonts
from samples.designs.producers.reportlab_text import (
    Colour,
    LayoutError,
    Run,
    Span,
    break_text,
    break_url,
    field_text,
)
from samples.designs.spec import DesignSpec
from samples.expected import distinct
from samples.source import Card, Group

Rect = tuple[float, float, float, float]  # x0, y0, x1, y1
Box = tuple[float, float, float, float]  # x, y, width, height

# Inner padding of a card per frame: (sides, top, bottom).
PADS: dict[str, tuple[float, float, float]] = {
    "boxed": (8.0, 8.0, 8.0),
    "ruled": (0.0, 8.0, 6.0),
    "bare": (0.0, 1.0, 2.0),
}


@dataclass(frozen=True)
class Style:
    font: str
    size: float
    leading: float
    colour: Colour


@dataclass(frozen=True)
class Styles:
    title: Style
    type_line: Style
    publisher: Style
    blurb: Style
    cta: Style
    group_heading: Style
    group_item: Style
    url: Style
    note: Style


@dataclass
class Placed:
    """A block on its page: frame box, lines, link rectangles, and the artwork it needs."""

    index: int
    x: float
    top: float
    w: float
    h: float = 0.0
    is_card: bool = True
    runs: list[Run] = field(default_factory=list)
    links: list[tuple[str, Rect]] = field(default_factory=list)
    button: Box | None = None
    thumb: Box | None = None
    notes: list[tuple[int, str]] = field(default_factory=list)


@dataclass
class _Column:
    """A text column being filled from the top: appends lines as runs."""

    placed: Placed
    fonts: Fonts
    x: float
    width: float
    y: float

    def fits(self, style: Style, room: float = 0.0) -> Callable[[str], bool]:
        return lambda text: self.fonts.width(text, style.font, style.size) <= self.width - room

    def line(self, text: str, style: Style, role: str, x: float | None = None) -> Run:
        self.y -= style.leading
        at = self.x if x is None else x
        if self.fonts.width(text, style.font, style.size) > self.width - (at - self.x) + 0.01:
            raise LayoutError(f"{role} line wider than its column: {text!r}")
        baseline = self.y + style.leading * 0.24
        run = Run(text, at, baseline, style.font, style.size, style.colour, role, self.placed.index)
        self.placed.runs.append(run)
        return run

    def box(self, run: Run) -> Rect:
        w = self.fonts.width(run.text, run.font, run.size)
        return (run.x - 1, run.y - run.size * 0.28, run.x + w + 1, run.y + run.size * 0.9)

    def field(
        self, lines: list[str], style: Style, role: str, reflow: bool, room: float = 0.0
    ) -> tuple[list[Run], list[Span], list[Span]]:
        """A field's lines; with reflow, its text broken anew. Returns the runs, the span each
        printed line takes in the field's text, and the span each source line takes."""
        text, source_spans = field_text(lines)
        if reflow:
            spans = break_text(text, self.fits(style, room))
            printed = [text[a:b] for a, b in spans]
        else:
            printed, spans = list(lines), source_spans
            if room and printed and not self.fits(style, room)(printed[-1]):
                raise LayoutError(f"{role} line and its note number wider than the column")
        return [self.line(t, style, role) for t in printed], spans, source_spans


def _union(rects: list[Rect]) -> Rect:
    return (
        min(r[0] for r in rects),
        min(r[1] for r in rects),
        max(r[2] for r in rects),
        max(r[3] for r in rects),
    )


def _note_run(col: _Column, after: Run, numbers: list[int], styles: Styles) -> Run:
    style = styles.note
    x = after.x + col.fonts.width(after.text, after.font, after.size) + 1.2
    return Run(
        ",".join(str(n) for n in numbers),
        x,
        after.y + after.size * 0.42,
        style.font,
        style.size,
        style.colour,
        role="note-ref",
        block=col.placed.index,
    )


def _note_room(numbers: list[int], fonts: Fonts, styles: Styles) -> float:
    if not numbers:
        return 0.0
    label = ",".join(str(n) for n in numbers)
    return fonts.width(label, styles.note.font, styles.note.size) + 1.5


def _urls_under(col: _Column, urls: list[str], styles: Styles) -> None:
    style = styles.url
    for url in urls:
        for piece in break_url(url, col.fits(style)):
            col.line(piece, style, "url")


# Room above a role's first line, after the role printed before it.
GAP_BEFORE: dict[str, float] = {
    "title": 3.0,
    "type": 2.0,
    "publisher": 2.0,
    "blurb": 3.0,
    "cta": 5.0,
}


def _title(
    card: Card, col: _Column, spec: DesignSpec, fonts: Fonts, styles: Styles, numbers: list[int]
) -> list[Run]:
    """The title's lines, with its note numbers after the last (set narrower if they would not
    fit after it)."""
    y = col.y
    title, *_ = col.field(card.title_lines, styles.title, "title", spec.reflow)
    if numbers and title:
        room = _note_room(numbers, fonts, styles)
        last = title[-1]
        if fonts.width(last.text, last.font, last.size) > col.width - room:
            del col.placed.runs[-len(title) :]
            col.y = y
            title, *_ = col.field(card.title_lines, styles.title, "title", spec.reflow, room)
        col.placed.runs.append(_note_run(col, title[-1], numbers, styles))
    return title


def _button(
    text: str,
    col: _Column,
    fonts: Fonts,
    styles: Styles,
    placed: Placed,
    tx: float,
    tw: float,
    index: int,
) -> None:
    style = styles.cta
    bh = style.size + 7
    bw = fonts.width(text, style.font, style.size) + 14
    if bw > tw + 0.01:
        raise LayoutError(f"call to action wider than its column: {text!r}")
    placed.button = (tx, col.y - bh, bw, bh)
    baseline = col.y - bh + (bh - style.size) / 2 + style.size * 0.16
    placed.runs.append(
        Run(text, tx + 7, baseline, style.font, style.size, style.colour, "cta", index)
    )
    col.y -= bh


def _words_box(col: _Column, run: Run, printed: Span, linked: Span) -> Rect:
    """The box of the part of a printed line that falls in the linked span of the text."""
    start, end = printed
    a, b = max(linked[0], start) - start, min(linked[1], end) - start
    text = run.text
    x0 = run.x + col.fonts.width(text[:a], run.font, run.size)
    x1 = run.x + col.fonts.width(text[:b].rstrip(), run.font, run.size)
    return (x0 - 1, run.y - run.size * 0.28, max(x1, x0 + 1) + 1, run.y + run.size * 0.9)


def place_card(
    card: Card,
    index: int,
    x: float,
    top: float,
    w: float,
    spec: DesignSpec,
    fonts: Fonts,
    styles: Styles,
    first_note: int,
) -> Placed:
    placed = Placed(index, x, top, w)
    side, pad_top, pad_bottom = PADS[spec.frame]
    inner_x, inner_w = x + side, w - 2 * side
    y = top - pad_top
    tx, tw = inner_x, inner_w
    if spec.thumbnail != "none":
        if spec.thumbnail_at == "above":
            th = min(36.0, inner_w * 0.3)
            placed.thumb = (inner_x, y - th, inner_w, th)
            y -= th + 7
        else:
            thumb_w = min(48.0, inner_w * 0.22)
            placed.thumb = (inner_x, y - thumb_w * 1.38, thumb_w, thumb_w * 1.38)
            tx, tw = inner_x + thumb_w + 8, inner_w - thumb_w - 8
    col = _Column(placed, fonts, tx, tw, y)
    urls = distinct([link.url for link in card.links])

    numbers: list[int] = []
    if spec.links == "notes" and urls:
        numbers = list(range(first_note, first_note + len(urls)))
        placed.notes = list(zip(numbers, urls, strict=True))
    title: list[Run] = []
    blurb: list[Run] = []
    printed_spans: list[Span] = []
    source_spans: list[Span] = []
    printing = {
        "title": True,
        "type": True,
        "publisher": bool(card.publisher_lines),
        "blurb": True,
        "cta": card.cta_line is not None,
    }
    roles = [role for role in spec.card_order if printing[role]]
    for n, role in enumerate(roles):
        if n:
            col.y -= GAP_BEFORE[role]
        if role == "title":
            title = _title(card, col, spec, fonts, styles, numbers)
        elif role == "type":
            col.line(card.type_line, styles.type_line, "type")
        elif role == "publisher":
            col.field(card.publisher_lines, styles.publisher, "publisher", spec.reflow)
        elif role == "blurb":
            blurb, printed_spans, source_spans = col.field(
                card.blurb_lines, styles.blurb, "blurb", spec.reflow
            )
        elif role == "cta":
            assert card.cta_line is not None
            _button(card.cta_line, col, fonts, styles, placed, tx, tw, index)
    if spec.links == "under" and urls:
        col.y -= 4
        _urls_under(col, urls, styles)

    title_rect = _union([col.box(r) for r in title]) if title else None
    main: Rect | None = None
    if spec.links == "cta" and placed.button is not None:
        bx, by, bw, bh = placed.button
        main = (bx, by, bx + bw, by + bh)
    elif spec.links in ("cta", "title"):
        main = title_rect
    on_lines: list[tuple[str, list[Rect], set[int]]] = []  # links on blurb lines, and which
    if spec.links in ("cta", "title", "blurb"):
        for link in card.links:
            if link.on != "blurb":
                continue
            if link.line is None or not 0 <= link.line < len(source_spans):
                raise LayoutError(f"a link sits on blurb line {link.line}, which is absent")
            a, b = source_spans[link.line]
            hit = {i for i, (s, e) in enumerate(printed_spans) if s < b and a < e}
            if hit:
                # The link covers its own words on each line it reaches, one annotation a line,
                # as a browser writes a link that wraps (two links on one line stay apart).
                rects = [_words_box(col, blurb[i], printed_spans[i], (a, b)) for i in sorted(hit)]
                on_lines.append((link.url, rects, hit))
    if spec.links == "blurb":
        # The card's own link on its first blurb line, the first a reader meets; where another
        # link sits on that line (nothing would tell which is the card's), on its title.
        taken = set().union(*(hit for _, _, hit in on_lines))
        main = col.box(blurb[0]) if blurb and 0 not in taken else title_rect
    if spec.links in ("cta", "title", "blurb"):
        for link in card.links:
            if link.on != "blurb" and main is not None:
                placed.links.append((link.url, main))
        placed.links += [(url, rect) for url, rects, _ in on_lines for rect in rects]

    bottom = col.y
    if placed.thumb is not None:
        bottom = min(bottom, placed.thumb[1])
    placed.h = top - bottom + pad_bottom
    return placed


def place_group(
    group: Group,
    index: int,
    x: float,
    top: float,
    w: float,
    spec: DesignSpec,
    fonts: Fonts,
    styles: Styles,
    first_note: int,
) -> Placed:
    placed = Placed(index, x, top, w, is_card=False)
    side, pad_top, pad_bottom = PADS[spec.frame]
    col = _Column(placed, fonts, x + side, w - 2 * side, top - pad_top)
    col.field(group.heading_lines, styles.group_heading, "group-heading", spec.reflow)
    col.y -= 3
    number = first_note
    style = styles.group_item
    for item in group.items:
        urls = distinct([link.url for link in item.links])
        numbers = list(range(number, number + len(urls))) if spec.links == "notes" else []
        number += len(numbers)
        placed.notes.extend(zip(numbers, urls, strict=False))
        col.y -= style.leading * 0.35
        run = col.line(item.type_line, style, "group-item", col.x + 6)
        if numbers:
            room = _note_room(numbers, fonts, styles)
            if fonts.width(run.text, run.font, run.size) > col.width - 6 - room:
                raise LayoutError(f"group item and its note number too wide: {item.type_line!r}")
            placed.runs.append(_note_run(col, run, numbers, styles))
        if spec.links in ("cta", "title", "blurb"):
            placed.links.extend((link.url, col.box(run)) for link in item.links)
        if spec.links == "under" and urls:
            _urls_under(col, urls, styles)
    placed.h = top - col.y + pad_bottom
    return placed
