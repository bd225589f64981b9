"""Page geometry of the ReportLab producer: content pages, part intro pages, page furniture.

Layout is computed apart from drawing, from font metrics alone, so that `fits` can tell whether
a source fits a design without making a PDF. A content page is, top to bottom: an optional
running strip (running head, and the theme when the header is "running"), the header band
(banner or artwork), the blocks in the design's columns, then the foot: the page's URL list or
numbered notes above the folio and running foot. A page's blocks go `ceil(cards_per_page /
columns)` to a column, filled column by column ("down", each block under the one before) or row
by row ("across", each row starting under the previous row's longest block); a block that would
pass the foot raises `LayoutError`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace

from reportlab.lib.pagesizes import A4, landscape

from samples.designs.producers.reportlab_cards import (
    Box,
    Placed,
    Style,
    Styles,
    place_card,
    place_group,
)
from samples.designs.producers.reportlab_fonts import Fonts, face
from samples.designs.producers.reportlab_text import (
    WHITE,
    Colour,
    LayoutError,
    Paint,
    Run,
    break_text,
    break_url,
    field_text,
    tint,
)
from samples.designs.spec import DesignSpec, RoleStyle
from samples.expected import distinct
from samples.source import Block, Card, Page

INK: Colour = (0.15, 0.15, 0.2)
GREY: Colour = (0.42, 0.43, 0.48)
ACCENTS: tuple[Colour, ...] = (
    (0.0, 0.45, 0.55),
    (0.85, 0.38, 0.1),
    (0.42, 0.22, 0.58),
    (0.22, 0.52, 0.26),
    (0.72, 0.15, 0.35),
    (0.12, 0.3, 0.62),
)
FURNITURE_Y = 18.0  # baseline of the folio and running foot
FOOT_Y = 30.0  # baseline of the last line of the URL list or notes


def accent(part: int) -> Colour:
    return ACCENTS[(part - 1) % len(ACCENTS)]


@dataclass(frozen=True)
class Sheet:
    width: float
    height: float
    margin: float
    gap: float


def sheet(spec: DesignSpec) -> Sheet:
    if spec.orientation == "landscape":
        w, h = landscape(A4)
        return Sheet(w, h, 32.0, 16.0)
    return Sheet(A4[0], A4[1], 36.0, 18.0)


def paint(spec: DesignSpec) -> Paint:
    """How display text (cover title, part title, header theme) is painted in `spec`."""
    return "outline+invisible" if spec.encoding.invisible_text else "text"


def page_scale(spec: DesignSpec, page: int) -> float:
    """The scale `spec` sets page `page`'s cards at (1: the design's own sizes)."""
    return spec.page_scales[page % len(spec.page_scales)]


def matrix_scaled(spec: DesignSpec, page: int, runs: list[Run]) -> list[Run]:
    """The page's card runs with the page's scale carried by the text matrix, when the design
    writes it so (`scale_by="matrix"`)."""
    scale = page_scale(spec, page)
    if spec.scale_by != "matrix" or scale == 1.0:
        return runs
    return [replace(run, matrix=scale) for run in runs]


def scaled(size: float, scale: float, step: float) -> float:
    """A size at a page's scale, rounded to `step` points as the design's tool rounds it."""
    if scale == 1.0:
        return size
    size *= scale
    return round(round(size / step) * step, 2) if step else round(size, 3)


def styles(spec: DesignSpec, colour: Colour, scale: float = 1.0) -> Styles:
    t = spec.typography

    # A matrix carries the scale exactly; sizes are rounded as the design's tool rounds them.
    step = spec.size_step if spec.scale_by == "sizes" else 0.0

    def sized(size: float) -> float:
        return scaled(size, scale, step)

    def make(role: RoleStyle) -> Style:
        font = face(t.family, role.weight == "bold", role.italic)
        size = sized(role.size)
        return Style(font, size, size * 1.22, role.colour or colour)

    title = make(t.title)
    note_size = sized(max(5.0, t.title.size * 0.6))
    return Styles(
        title=title,
        type_line=make(t.type_line),
        publisher=make(t.publisher),
        blurb=make(t.blurb),
        cta=make(t.cta),
        group_heading=make(t.group_heading),
        group_item=make(t.group_item),
        url=Style(face(t.family), sized(5.6), sized(6.8), GREY),
        note=Style(face(t.family, bold=True), note_size, note_size, colour),
    )


def text_run(text: str, x: float, y: float, style: Style, role: str, how: Paint = "text") -> Run:
    return Run(text, x, y, style.font, style.size, style.colour, role=role, paint=how)


def fitted(fonts: Fonts, text: str, font: str, size: float, width: float) -> float:
    """`size`, made smaller if `text` would be wider than `width` (display text shrinks)."""
    natural = fonts.width(text, font, size)
    return size if natural <= width else size * width / natural


# ---------------------------------------------------------------------------------------------
# Content pages.


@dataclass
class ContentLayout:
    accent: Colour
    left: float
    right: float
    top: float
    bottom: float
    strip_rule: float | None = None  # y of the hairline under the running strip
    band: Box | None = None
    header: list[Run] = field(default_factory=list)
    banner: Box | None = None  # the side banner's strip
    banner_runs: list[Run] = field(default_factory=list)
    decor: list[Run] = field(default_factory=list)
    blocks: list[Placed] = field(default_factory=list)
    foot_rule: float | None = None  # y of the short rule over the URL list or notes
    foot: list[Run] = field(default_factory=list)


def note_urls(blocks: list[Block]) -> list[str]:
    """The URLs a page's notes number, in reading order: each card's and each group item's
    distinct URLs."""
    urls: list[str] = []
    for block in blocks:
        if isinstance(block, Card):
            urls.extend(distinct([link.url for link in block.links]))
        else:
            for item in block.items:
                urls.extend(distinct([link.url for link in item.links]))
    return urls


def _header(page: Page, spec: DesignSpec, fonts: Fonts, lay: ContentLayout, sh: Sheet) -> None:
    family = spec.typography.family
    small = Style(face(family), 7.5, 9.0, GREY)
    strong = Style(face(family, bold=True), 7.5, 9.0, lay.accent)
    y_top = sh.height - 24
    if spec.running_head is not None or spec.header == "running":
        base = sh.height - 26
        used = 0.0
        if spec.running_head is not None:
            lay.header.append(text_run(spec.running_head, lay.left, base, small, "running-head"))
            used += fonts.width(spec.running_head, small.font, small.size) + 20
        if spec.header == "running":
            w = fonts.width(page.theme, strong.font, strong.size)
            used += w
            lay.header.append(text_run(page.theme, lay.right - w, base, strong, "header"))
        if used > lay.right - lay.left:
            raise LayoutError(f"page {page.page}: running head and theme do not fit one line")
        lay.strip_rule = sh.height - 32
        y_top = sh.height - 40
    inner = lay.right - lay.left - 12
    if spec.header == "banner":
        first = page.header_lines[0] if page.header_lines else page.theme
        bold = face(family, bold=True)
        size = fitted(fonts, first, bold, 15.0, inner)
        question = Style(face(family), 9.5, 12.0, WHITE)
        lines: list[str] = []
        for line in page.header_lines[1:]:
            text, _ = field_text([line])
            fits = fonts.fitting(question.font, question.size, inner)
            lines += [text[a:b] for a, b in break_text(text, fits)]
        band_h = 14 + size * 1.25 + len(lines) * question.leading + 8
        lay.band = (lay.left - 8, y_top - band_h, lay.right - lay.left + 16, band_h)
        y = y_top - 12 - size
        lay.header.append(
            Run(first, lay.left + 6, y, bold, size, WHITE, "header", paint=paint(spec))
        )
        y -= 3
        for line in lines:
            y -= question.leading
            lay.header.append(text_run(line, lay.left + 6, y, question, "header"))
        lay.top = y_top - band_h - 16
    elif spec.header == "artwork":
        band_h = 40.0 if spec.orientation == "landscape" else 46.0
        bold = face(family, bold=True)
        size = fitted(fonts, page.theme, bold, 17.0, inner)
        lay.band = (lay.left - 8, y_top - band_h, lay.right - lay.left + 16, band_h)
        how: Paint = "outline+invisible" if spec.encoding.invisible_text else "outline"
        y = y_top - band_h + band_h * 0.38
        lay.header.append(Run(page.theme, lay.left + 6, y, bold, size, WHITE, "header", paint=how))
        lay.top = y_top - band_h - 12
    else:
        lay.top = y_top - 12


def _foot(page: Page, spec: DesignSpec, fonts: Fonts, lay: ContentLayout) -> None:
    style = Style(face(spec.typography.family), 5.4, 6.4, GREY)
    width = lay.right - lay.left
    lines: list[tuple[str, float]] = []  # text, indent
    if spec.links == "list":
        for url in page.trailing_urls:
            if fonts.width(url, style.font, style.size) > width:
                raise LayoutError(f"page {page.page}: URL wider than the page: {url!r}")
            lines.append((url, 0.0))
    elif spec.links == "notes":
        for number, url in enumerate(note_urls(page.blocks), 1):
            label = f"{number}. "
            indent = fonts.width(label, style.font, style.size)
            fits = fonts.fitting(style.font, style.size, width - indent)
            for i, piece in enumerate(break_url(url, fits)):
                lines.append((label + piece, 0.0) if i == 0 else (piece, indent))
    y = FOOT_Y + (len(lines) - 1) * style.leading
    for text, indent in lines:
        lay.foot.append(text_run(text, lay.left + indent, y, style, "foot-url"))
        y -= style.leading
    if lines:
        lay.foot_rule = FOOT_Y + (len(lines) - 1) * style.leading + style.size + 5
        lay.bottom = lay.foot_rule + 8
    else:
        lay.bottom = FOOT_Y + 6


def _side_banner(
    page: Page, title: str, spec: DesignSpec, fonts: Fonts, lay: ContentLayout, sh: Sheet
) -> None:
    text = title.upper()
    font = face(spec.typography.family, bold=True)
    centre = sh.width - sh.margin / 2 if page.page % 2 else sh.margin / 2
    length = lay.top - lay.bottom
    size, track = 8.0, 2.5
    # A long title first loses its letter spacing, then its size.
    while fonts.width(text, font, size, track) > length - 16 and size > 4:
        if track > 0:
            track = max(0.0, track - 0.5)
        else:
            size -= 0.5
    total = fonts.width(text, font, size, track)
    if total > length:
        raise LayoutError(f"page {page.page}: side banner longer than the page")
    lay.banner = (centre - 8, lay.bottom, 16, length)
    y = (lay.top + lay.bottom) / 2 - total / 2
    lay.banner_runs.append(
        Run(text, centre + size * 0.36, y, font, size, WHITE, "side-banner", angle=90, track=track)
    )


def layout_content(
    page: Page, part_title: str, spec: DesignSpec, fonts: Fonts, colour: Colour
) -> ContentLayout:
    sh = sheet(spec)
    lay = ContentLayout(colour, sh.margin, sh.width - sh.margin, 0.0, 0.0)
    _header(page, spec, fonts, lay, sh)
    _foot(page, spec, fonts, lay)
    if spec.side_banner:
        _side_banner(page, part_title, spec, fonts, lay, sh)
    if spec.decorative_text:
        font = face(spec.typography.family, bold=True)
        size = min(160.0, fitted(fonts, spec.decorative_text, font, 160.0, lay.right - lay.left))
        lay.decor.append(
            Run(
                spec.decorative_text,
                lay.left,
                lay.bottom + 6,
                font,
                size,
                tint(colour, 0.88),
                "decor",
            )
        )
    _place_blocks(page, spec, fonts, lay, sh)
    return lay


def _place_blocks(
    page: Page, spec: DesignSpec, fonts: Fonts, lay: ContentLayout, sh: Sheet
) -> None:
    n = spec.columns
    if n < 1 or spec.cards_per_page < 1:
        raise LayoutError("a page has at least one column and one block")
    col_w = (lay.right - lay.left - sh.gap * (n - 1)) / n
    if col_w < 60:
        raise LayoutError(f"{n} columns are too narrow on this page")
    rows = math.ceil(spec.cards_per_page / n)
    gap = 14.0
    # With the graphics state doing the shrinking, the cards are laid out at the design's sizes.
    scale = page_scale(spec, page.page) if spec.scale_by != "ctm" else 1.0
    st = styles(spec, lay.accent, scale)
    cursors: dict[int, float] = {}
    row_bottoms: dict[int, float] = {}
    note = 1
    for i, block in enumerate(page.blocks):
        # Blocks stack with one gap between them: down a column ("down"), or in rows that
        # start together under the previous row's longest block ("across").
        if spec.flow == "down":
            c, k = divmod(i, rows)
            top = cursors.get(c, lay.top)
        else:
            k, c = divmod(i, n)
            top = row_bottoms[k - 1] - gap if k else lay.top
        if c >= n:
            raise LayoutError(f"page {page.page}: more blocks than the design's slots")
        x = lay.left + c * (col_w + sh.gap)
        if isinstance(block, Card):
            placed = place_card(block, i, x, top, col_w, spec, fonts, st, note)
        else:
            placed = place_group(block, i, x, top, col_w, spec, fonts, st, note)
        note += len(placed.notes)
        bottom = top - placed.h
        if bottom < lay.bottom - 0.01:
            raise LayoutError(
                f"page {page.page}: block {i + 1} passes the foot by {lay.bottom - bottom:.0f} pt"
            )
        cursors[c] = bottom - gap
        row_bottoms[k] = min(row_bottoms.get(k, bottom), bottom)
        lay.blocks.append(placed)


# ---------------------------------------------------------------------------------------------
# Page furniture.


def folio_text(number: int, total: int, spec: DesignSpec) -> str | None:
    printed = number - spec.folio_offset
    if spec.folio == "none" or printed <= 0:
        return None
    return {
        "plain": f"{printed}",
        "dashes": f"— {printed} —",
        "of-total": f"{printed} / {total - spec.folio_offset}",
        "page-word": f"Page {printed}",
    }[spec.folio]


def furniture(number: int, total: int, spec: DesignSpec, fonts: Fonts, colour: Colour) -> list[Run]:
    """Folio (outer corner) and running foot (inner corner) of a page other than the covers."""
    if number in (1, total):
        return []
    sh = sheet(spec)
    family = spec.typography.family
    odd = number % 2 == 1
    runs: list[Run] = []
    folio = folio_text(number, total, spec)
    if folio is not None:
        style = Style(face(family, bold=True), 8.0, 10.0, colour)
        w = fonts.width(folio, style.font, style.size)
        x = sh.width - sh.margin - w if odd else sh.margin
        runs.append(text_run(folio, x, FURNITURE_Y, style, "folio"))
    if spec.running_foot is not None:
        style = Style(face(family), 7.0, 9.0, GREY)
        w = fonts.width(spec.running_foot, style.font, style.size)
        x = sh.margin if odd else sh.width - sh.margin - w
        runs.append(text_run(spec.running_foot, x, FURNITURE_Y, style, "running-foot"))
    # Left to right on their common baseline, as a reader takes them.
    return sorted(runs, key=lambda run: run.x)
