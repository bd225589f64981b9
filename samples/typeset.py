"""Typeset a `catalogue-source/1` JSON into a facsimile PDF of the catalogue.

    python -m samples.typeset samples/ess-pvd-2021.source.json -o samples/ess-pvd-2021.pdf

One source page is one PDF page, and one source line is one printed line: nothing is re-wrapped.
Text is drawn in the source's order (which is the real PDF's content-stream order); the geometry
gives the reading order, as in the real catalogue. Artwork (bands, thumbnails, buttons, outlined
display text) is drawn first so that it never interleaves with the text layer.

Variants, for showing that the extractor does not depend on one geometry or one link channel:
  --links annotations|text|both   link annotations, the trailing URL list as text, or both
  --layout portrait-2col|landscape-3col
The output is deterministic (reportlab's invariant mode): the same source gives the same bytes.
"""

from __future__ import annotations

import argparse
import io
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

from reportlab.lib.pagesizes import A4, landscape
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from extract.write.files import write_files
from samples.artwork import FONT_DIR, Colour, dots, outlined_text, thumbnail, tint
from samples.source import Card, Group, Link, Page, Part, Source, load

LinkMode = Literal["annotations", "text", "both"]
LayoutName = Literal["portrait-2col", "landscape-3col"]
LINK_MODES: tuple[LinkMode, ...] = ("annotations", "text", "both")
LAYOUTS: tuple[LayoutName, ...] = ("portrait-2col", "landscape-3col")

REGULAR, BOLD, ITALIC = "Vera", "VeraBd", "VeraIt"
for _name, _file in ((REGULAR, "Vera.ttf"), (BOLD, "VeraBd.ttf"), (ITALIC, "VeraIt.ttf")):
    pdfmetrics.registerFont(TTFont(_name, str(FONT_DIR / _file)))

INK: Colour = (0.16, 0.17, 0.24)
GREY: Colour = (0.45, 0.46, 0.5)
WHITE: Colour = (1.0, 1.0, 1.0)
ACCENTS: dict[int, Colour] = {
    1: (0.0, 0.47, 0.53),
    2: (0.84, 0.33, 0.11),
    3: (0.42, 0.24, 0.58),
    4: (0.2, 0.5, 0.24),
}


class LayoutError(ValueError):
    """The source does not fit the page design (a card taller than its column, say)."""


@dataclass(frozen=True)
class Style:
    size: float
    leading: float
    font: str
    colour: Colour | None  # None: the part's accent colour


@dataclass(frozen=True)
class Design:
    """Page geometry and typography of one layout variant."""

    name: LayoutName
    width: float
    height: float
    margin: float
    columns: int
    per_column: int
    col_gap: float
    header_h: float
    scale: float
    thumb_w: float

    def style(self, role: str) -> Style:
        s = self.scale
        table = {
            "title": Style(9.5 * s, 11.2 * s, BOLD, None),
            "type": Style(7.4 * s, 9.6 * s, REGULAR, None),
            "publisher": Style(7.4 * s, 8.9 * s, BOLD, INK),
            "blurb": Style(7.4 * s, 8.9 * s, REGULAR, INK),
            "cta": Style(7.4 * s, 9.0 * s, BOLD, WHITE),
            "group_heading": Style(8.6 * s, 10.4 * s, BOLD, INK),
            "group_item": Style(7.4 * s, 13.0 * s, REGULAR, None),
            "url": Style(4.8, 5.8, REGULAR, GREY),
        }
        return table[role]


DESIGNS: dict[LayoutName, Design] = {
    "portrait-2col": Design("portrait-2col", A4[0], A4[1], 30.0, 2, 2, 16.0, 74.0, 1.0, 56.0),
    "landscape-3col": Design(
        "landscape-3col", landscape(A4)[0], landscape(A4)[1], 24.0, 3, 2, 12.0, 50.0, 0.82, 44.0
    ),
}


# ---------------------------------------------------------------------------------------------
# Placement: where each line of a block goes, computed before anything is drawn.


@dataclass
class Line:
    text: str
    role: str
    x: float
    y: float  # baseline
    style: Style


@dataclass
class Placed:
    """A block placed on the page: its frame, its lines (in text order) and its link areas."""

    block: Card | Group
    x: float
    top: float
    w: float
    h: float = 0.0
    lines: list[Line] = field(default_factory=list)
    links: list[tuple[str, tuple[float, float, float, float]]] = field(default_factory=list)
    button: tuple[float, float, float, float] | None = None


PAD = 7.0
URL_BOTTOM = 28.0  # the trailing URL list sits above the page number, in the bottom margin


def _width(text: str, style: Style) -> float:
    return float(pdfmetrics.stringWidth(text, style.font, style.size))


def _line_box(line: Line) -> tuple[float, float, float, float]:
    s = line.style.size
    return (line.x - 1, line.y - s * 0.3, line.x + _width(line.text, line.style) + 1, line.y + s)


def _place_card(card: Card, d: Design, x: float, top: float, w: float, page_no: int) -> Placed:
    placed = Placed(card, x, top, w)
    tx = x + PAD + d.thumb_w + 8
    text_w = x + w - PAD - tx
    y = top - PAD

    def put(text: str, role: str, gap_before: float = 0.0) -> Line:
        nonlocal y
        style = d.style(role)
        y -= gap_before + style.leading
        if _width(text, style) > text_w + 0.5:
            raise LayoutError(f"page {page_no}: {role} line too wide for its card: {text!r}")
        line = Line(text, role, tx, y + (style.leading - style.size) * 0.5, style)
        placed.lines.append(line)
        return line

    for t in card.title_lines:
        put(t, "title")
    put(card.type_line, "type", 2.0)
    for i, t in enumerate(card.publisher_lines):
        put(t, "publisher", 2.0 if i == 0 else 0.0)
    blurb = [put(t, "blurb", 3.0 if i == 0 else 0.0) for i, t in enumerate(card.blurb_lines)]
    for link in card.links:
        if link.on == "blurb":
            if link.line is None or not 0 <= link.line < len(blurb):
                raise LayoutError(f"page {page_no}: blurb link on a line that does not exist")
            placed.links.append((link.url, _line_box(blurb[link.line])))
    if card.cta_line is not None:
        style = d.style("cta")
        y -= 6.0
        bh = style.size + 6.0
        bw = _width(card.cta_line, style) + 12.0
        if bw > text_w + 0.5:
            raise LayoutError(f"page {page_no}: call to action too wide for its card")
        placed.button = (tx, y - bh, bw, bh)
        placed.lines.append(Line(card.cta_line, "cta", tx + 6.0, y - bh + 3.6, style))
        y -= bh
        cta_links = [link for link in card.links if link.on == "cta"]
        for link in cta_links:
            placed.links.append((link.url, (tx, y, tx + bw, y + bh)))
    # Annotations follow the card's link order, whatever each sits on.
    order = {id(link): i for i, link in enumerate(card.links)}
    placed.links.sort(key=lambda item: _link_rank(item[0], card.links, order))
    thumb_h = min(d.thumb_w * 1.38, top - y - 2 * PAD) if top - y > 2 * PAD else d.thumb_w
    placed.h = max(top - y + PAD, thumb_h + 2 * PAD)
    return placed


def _link_rank(url: str, links: Sequence[Link], order: dict[int, int]) -> int:
    return min(order[id(link)] for link in links if link.url == url)


def _place_group(group: Group, d: Design, x: float, top: float, w: float, page_no: int) -> Placed:
    placed = Placed(group, x, top, w)
    tx = x + PAD + 4
    y = top - PAD
    for t in group.heading_lines:
        style = d.style("group_heading")
        y -= style.leading
        placed.lines.append(Line(t, "group_heading", tx, y + 2, style))
    for item in group.items:
        style = d.style("group_item")
        y -= style.leading
        line = Line(item.type_line, "group_item", tx + 8, y + 3, style)
        placed.lines.append(line)
        box = _line_box(line)
        for link in item.links:
            placed.links.append((link.url, box))
    placed.h = top - y + PAD
    return placed


def _columns(n: int, d: Design) -> list[list[int]]:
    """Blocks fill the columns left to right, `per_column` each; the last column takes the rest."""
    cols: list[list[int]] = [[] for _ in range(d.columns)]
    for i in range(n):
        cols[min(i // d.per_column, d.columns - 1)].append(i)
    return cols


@dataclass
class PageGeometry:
    content_top: float
    content_bottom: float
    left: float
    right: float
    banner_x: float | None


def _geometry(page: Page, d: Design) -> PageGeometry:
    urls_h = len(page.trailing_urls) * d.style("url").leading
    bottom = URL_BOTTOM + urls_h + 10
    top = d.height - d.margin * 0.6 - d.header_h - 14
    left, right = d.margin, d.width - d.margin
    banner_x = None
    if page.side_banner_lines:
        if page.page % 2:  # outer edge: right on odd pages
            banner_x = d.width - 20
            right -= 14
        else:
            banner_x = 20
            left += 14
    return PageGeometry(top, bottom, left, right, banner_x)


def place_blocks(page: Page, d: Design) -> list[Placed]:
    g = _geometry(page, d)
    col_w = (g.right - g.left - d.col_gap * (d.columns - 1)) / d.columns
    placed: list[Placed] = [None] * len(page.blocks)  # type: ignore[list-item]
    for c, members in enumerate(_columns(len(page.blocks), d)):
        x = g.left + c * (col_w + d.col_gap)
        top = g.content_top
        slot_h = (g.content_top - g.content_bottom) / d.per_column
        for k, i in enumerate(members):
            # Cards sit in equal slots down the column unless the one above is taller than its slot.
            if 0 < k < d.per_column:
                top = min(top, g.content_top - k * slot_h)
            block = page.blocks[i]
            if isinstance(block, Card):
                p = _place_card(block, d, x, top, col_w, page.page)
            else:
                p = _place_group(block, d, x, top, col_w, page.page)
            placed[i] = p
            top -= p.h + 10
        if top + 10 < g.content_bottom:
            excess = g.content_bottom - top - 10
            raise LayoutError(f"page {page.page}: column {c + 1} overflows by {excess:.0f} pt")
    return placed


# ---------------------------------------------------------------------------------------------
# Drawing.


class Typesetter:
    def __init__(self, source: Source, links: LinkMode, layout: LayoutName):
        self.source, self.links, self.d = source, links, DESIGNS[layout]
        self.parts = {p.number: p for p in source.parts}
        self.intro_pages = {p.intro_page: p for p in source.parts}
        self.pages = {p.page: p for p in source.pages}

    def render(self) -> bytes:
        buf = io.BytesIO()
        e = self.source.edition
        c = Canvas(buf, pagesize=(self.d.width, self.d.height), invariant=1, pageCompression=1)
        c.setTitle(f"{e.title} – {e.programme} ({e.year})")
        c.setAuthor(e.publisher)
        c.setSubject(f"{e.title}, {e.programme}, {e.publisher} avec {e.partner}")
        c.setCreator("ess-catalogue facsimile typesetter")
        last = self.source.page_count()
        for n in range(1, last + 1):
            if n == 1:
                self._cover(c)
            elif n == 2:
                self._introduction(c)
            elif n == last:
                self._back_cover(c)
            elif n in self.intro_pages:
                self._part_intro(c, self.intro_pages[n], n)
            elif n in self.pages:
                self._content(c, self.pages[n])
            else:
                raise LayoutError(f"page {n} is neither a part intro nor a content page")
            c.showPage()
        c.save()
        return buf.getvalue()

    # -- text primitives ----------------------------------------------------------------------

    def _text(self, c: Canvas, line: Line, accent: Colour) -> None:
        c.setFont(line.style.font, line.style.size)
        c.setFillColorRGB(*(line.style.colour or accent))
        c.drawString(line.x, line.y, line.text)

    def _plain(
        self, c: Canvas, text: str, x: float, y: float, font: str, size: float, colour: Colour
    ) -> None:
        c.setFont(font, size)
        c.setFillColorRGB(*colour)
        c.drawString(x, y, text)

    # -- pages ----------------------------------------------------------------------------------

    def _cover(self, c: Canvas) -> None:
        d, e = self.d, self.source.edition
        accent = ACCENTS[2]
        c.setFillColorRGB(*accent)
        c.rect(0, 0, d.width, d.height, stroke=0, fill=1)
        c.setFillColorRGB(*tint(accent, 0.25))
        c.circle(d.width * 0.85, d.height * 0.8, d.height * 0.28, stroke=0, fill=1)
        dots(c, d.margin, d.height * 0.12, 8, 4, 9, tint(accent, 0.5))
        y = d.height * 0.66
        outlined_text(c, e.title.upper(), d.margin, y, 25 * d.scale, WHITE)
        outlined_text(c, e.programme, d.margin, y - 34, 18 * d.scale, WHITE, "Vera.ttf")
        y -= 90
        outlined_text(
            c, "Un outil pour aider les communes lauréates", d.margin, y, 12, WHITE, "Vera.ttf"
        )
        for line in self.source.front_lines:
            y -= 16
            self._plain(c, line, d.margin, y, REGULAR, 12, WHITE)
        outlined_text(c, f"{e.publisher} · ANCT · {e.year}", d.margin, d.margin, 11, WHITE)

    def _introduction(self, c: Canvas) -> None:
        d = self.d
        accent = ACCENTS[1]
        c.setFillColorRGB(*tint(accent, 0.9))
        c.rect(0, 0, d.width, d.height, stroke=0, fill=1)
        y = d.height - d.margin - 40
        outlined_text(c, "Sommaire", d.margin, y, 28, accent)
        for part in self.source.parts:
            y -= 60
            ac = ACCENTS.get(part.number, accent)
            c.setFillColorRGB(*ac)
            c.roundRect(d.margin, y - 12, 36, 36, 6, stroke=0, fill=1)
            outlined_text(c, str(part.number), d.margin + 18, y - 1, 18, WHITE, anchor="middle")
            outlined_text(c, part.title, d.margin + 50, y, 15, INK)
            outlined_text(c, f"p. {part.intro_page}", d.margin + 50, y - 16, 10, ac, "Vera.ttf")

    def _back_cover(self, c: Canvas) -> None:
        d = self.d
        accent = ACCENTS[1]
        c.setFillColorRGB(*accent)
        c.rect(0, 0, d.width, d.height, stroke=0, fill=1)
        dots(c, d.width - d.margin - 70, d.height - d.margin - 40, 8, 4, 9, tint(accent, 0.4))
        y = d.height * 0.45
        for line in self.source.back_lines:
            self._plain(c, line, d.margin, y, REGULAR, 10.5, WHITE)
            y -= 14
        outlined_text(c, "Avise", d.margin, d.margin + 20, 22, WHITE)
        outlined_text(c, "ANCT", d.margin + 90, d.margin + 20, 22, WHITE)

    def _part_intro(self, c: Canvas, part: Part, n: int) -> None:
        d = self.d
        accent = ACCENTS.get(part.number, ACCENTS[1])
        panel_h = d.height * 0.5
        c.setFillColorRGB(*accent)
        c.rect(0, d.height - panel_h, d.width, panel_h, stroke=0, fill=1)
        dots(c, d.width - d.margin - 60, d.height - d.margin - 30, 7, 3, 9, tint(accent, 0.45))
        outlined_text(c, f"PARTIE {part.number}", d.margin, d.height - panel_h + 150, 14, WHITE)
        # Text in the real PDF's order: title, intro, table of contents.
        y = d.height - panel_h + 110
        for line in part.title_lines:
            self._plain(c, line, d.margin, y, BOLD, 26 * d.scale, WHITE)
            y -= 30 * d.scale
        y = d.height - panel_h - 40
        for line in part.intro_lines:
            self._plain(c, line, d.margin, y, REGULAR, 11 * d.scale, INK)
            y -= 15 * d.scale
        y -= 22
        c.setStrokeColorRGB(*accent)
        c.setLineWidth(1.5)
        c.line(d.margin, y + 12, d.margin + 60, y + 12)
        y -= 8
        for entry in part.toc:
            for i, line in enumerate(entry.lines):
                x = d.margin
                if i:  # a wrapped entry continues under its label, past the page number
                    first = entry.lines[0]
                    label_at = len(first) - len(first.lstrip("P. 0123456789"))
                    x += pdfmetrics.stringWidth(first[:label_at], BOLD, 11 * d.scale)
                self._plain(c, line, x, y, BOLD, 11 * d.scale, accent if not i else INK)
                y -= 16 * d.scale
            y -= 4
        self._artwork_page_number(c, n, accent)

    def _artwork_page_number(self, c: Canvas, n: int, accent: Colour) -> None:
        d = self.d
        x = d.width - d.margin if n % 2 else d.margin
        outlined_text(c, str(n), x, d.margin * 0.45, 8, accent, anchor="end" if n % 2 else "start")

    def _content(self, c: Canvas, page: Page) -> None:
        d = self.d
        accent = ACCENTS.get(page.part, ACCENTS[1])
        placed = place_blocks(page, d)
        g = _geometry(page, d)
        # Artwork first: header band, side banner strip, card frames, thumbnails, buttons.
        band_y = d.height - d.margin * 0.6 - d.header_h
        c.setFillColorRGB(*accent)
        c.roundRect(
            d.margin * 0.6, band_y, d.width - d.margin * 1.2, d.header_h, 8, stroke=0, fill=1
        )
        dots(c, d.width - d.margin - 50, band_y + 10, 6, 3, 8, tint(accent, 0.4))
        if not page.header_lines:  # the header is artwork on these pages
            outlined_text(
                c, page.theme, d.margin + 6, band_y + d.header_h * 0.42, 17 * d.scale, WHITE
            )
        if g.banner_x is not None:
            c.setFillColorRGB(*tint(accent, 0.2))
            c.rect(g.banner_x - 9, g.content_bottom, 18, g.content_top - g.content_bottom, 0, 1)
        for p in placed:
            c.setFillColorRGB(*tint(accent, 0.93))
            c.setStrokeColorRGB(*tint(accent, 0.7))
            c.setLineWidth(0.5)
            c.roundRect(p.x, p.top - p.h, p.w, p.h, 6, stroke=1, fill=1)
            if isinstance(p.block, Card):
                th = min(d.thumb_w * 1.38, p.h - 2 * PAD)
                thumbnail(c, p.x + PAD, p.top - PAD - th, d.thumb_w, th, accent)
            if p.button is not None:
                bx, by, bw, bh = p.button
                c.setFillColorRGB(*accent)
                c.roundRect(bx, by, bw, bh, bh / 2, stroke=0, fill=1)
        if page.page_label is None:
            self._artwork_page_number(c, page.page, accent)

        # Text, in the real PDF's content order.
        if page.page_label is not None and page.page_label_position == "start":
            self._page_label(c, page, accent)
        self._header(c, page, band_y)
        if g.banner_x is not None and page.side_banner_lines:
            self._banner(c, page, g, accent)
        for p in placed:
            for line in p.lines:
                self._text(c, line, accent)
        if page.page_label is not None and page.page_label_position != "start":
            self._page_label(c, page, accent)
        if self.links in ("text", "both"):
            style = d.style("url")
            y = URL_BOTTOM + (len(page.trailing_urls) - 1) * style.leading
            for url in page.trailing_urls:
                self._plain(c, url, d.margin, y, style.font, style.size, GREY)
                y -= style.leading
        if self.links in ("annotations", "both"):
            for p in placed:
                for url, rect in p.links:
                    c.linkURL(url, rect, relative=0, thickness=0)

    def _header(self, c: Canvas, page: Page, band_y: float) -> None:
        d = self.d
        y = band_y + d.header_h - 30 * d.scale
        for i, line in enumerate(page.header_lines):
            size = (16 if i == 0 else 9.5) * d.scale
            self._plain(c, line, d.margin + 6, y, BOLD if i == 0 else REGULAR, size, WHITE)
            y -= 20 * d.scale

    def _page_label(self, c: Canvas, page: Page, accent: Colour) -> None:
        assert page.page_label is not None
        d = self.d
        odd = page.page % 2 == 1
        x = d.width - d.margin if odd else d.margin
        c.setFont(BOLD, 8)
        c.setFillColorRGB(*accent)
        if odd:
            c.drawRightString(x, d.margin * 0.45, page.page_label)
        else:
            c.drawString(x, d.margin * 0.45, page.page_label)

    def _banner(self, c: Canvas, page: Page, g: PageGeometry, accent: Colour) -> None:
        """The part's name up the outer edge, rotated, drawn in the chunks the real PDF has."""
        assert g.banner_x is not None and page.side_banner_lines is not None
        size, track = 9.0, 3.0
        spaced = page.side_banner or "".join(page.side_banner_lines)
        # A chunk is followed by a word gap where the banner text has a space after its letters.
        gaps: list[bool] = []
        pos = 0
        for chunk in page.side_banner_lines:
            pos = (
                spaced.index(chunk, pos) + len(chunk) if chunk in spaced[pos:] else pos + len(chunk)
            )
            gaps.append(pos < len(spaced) and spaced[pos] == " ")
        total = (
            sum(
                pdfmetrics.stringWidth(ch, BOLD, size) + track * len(ch)
                for ch in page.side_banner_lines
            )
            + sum(gaps) * size * 0.6
        )
        y = (g.content_top + g.content_bottom) / 2 - total / 2
        c.setFillColorRGB(*WHITE)
        for chunk, gap in zip(page.side_banner_lines, gaps, strict=True):
            c.saveState()
            c.translate(g.banner_x + size * 0.35, y)
            c.rotate(90)
            t = c.beginText(0, 0)
            t.setFont(BOLD, size)
            t.setFillColorRGB(*WHITE)
            t.setCharSpace(track)
            t.textOut(chunk)
            c.drawText(t)
            c.restoreState()
            y += pdfmetrics.stringWidth(chunk, BOLD, size) + track * len(chunk)
            if gap:
                y += size * 0.6


def typeset(
    source: Source, links: LinkMode = "both", layout: LayoutName = "portrait-2col"
) -> bytes:
    """The facsimile PDF of `source`, as bytes."""
    return Typesetter(source, links, layout).render()


def write_atomic(path: Path, data: bytes) -> None:
    write_files({path.name: data}, path.parent)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m samples.typeset",
        description="Typeset a catalogue-source/1 JSON into a facsimile catalogue PDF.",
        epilog="Example: python -m samples.typeset samples/ess-pvd-2021.source.json "
        "-o samples/ess-pvd-2021.pdf --layout landscape-3col --links annotations",
    )
    parser.add_argument("source", type=Path, help="catalogue-source/1 JSON file")
    parser.add_argument("-o", "--output", type=Path, required=True, help="PDF file to write")
    parser.add_argument(
        "--links",
        choices=LINK_MODES,
        default="both",
        help="link annotations, trailing URL list as text, or both (default)",
    )
    parser.add_argument(
        "--layout",
        choices=LAYOUTS,
        default="portrait-2col",
        help="page design (default portrait-2col)",
    )
    args = parser.parse_args(argv)
    try:
        data = typeset(load(args.source), args.links, args.layout)
    except (OSError, ValueError) as exc:
        print(f"{args.source}: {exc}", file=sys.stderr)
        return 2
    write_atomic(args.output, data)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
