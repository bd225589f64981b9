"""The ReportLab producer of the design zoo: every axis of `DesignSpec`, glyph by glyph.

    python -m samples.designs.zoo --only rl-portrait-1col-notes rl-landscape-3col-rows \
        hostile-rl-swapped-styles

`render(source, spec)` prints a printed source (`samples.designs.content.printed_source`) as a
PDF, one source page a PDF page: cover, introduction (with the parts as a "Sommaire"), part intro
pages, content pages, back cover. Geometry comes from `reportlab_layout`, `reportlab_cards` and
`reportlab_intro` (computed from font metrics alone, so `fits` can test a source without
drawing); every line of text goes through `reportlab_text.Writer`, so the encoding axes hold on
every page; fonts are the committed DejaVu subsets (`samples/fonts/`), which have the ligature
glyphs. The designs this producer brings to the zoo are in `reportlab_designs`.

A content page draws its artwork first (header band, side banner strip, frames, thumbnails,
buttons), then its text in the order `reportlab_order.text_order` chooses (block by block, or
role by role with `layer_order`: titles with their note numbers, type lines, publishers, blurbs,
calls to action, printed URLs, group headings, group items), then the link annotations. The
decorative word is real text, written before the blocks so that it lies under them. Output is
deterministic (ReportLab's invariant mode, no clock).

Limits, for property tests: `fits(printed_source, spec)` tells, without drawing, whether a
source can be printed. It cannot when a line kept as the source has it (reflow off), a type
line, a call to action or a group item is wider than its column, when a page's blocks pass the
foot (tall cards with a thumbnail above, in landscape or one column, four to a page), or when
no writing order keeps the lines of a page apart. `supports(spec)` names what this producer
refuses (`Unsupported`): a capital case on a role other than the title and the publisher,
which `printed_source` does not apply to the content, so the PDF would not print its source.
"""

from __future__ import annotations

import io
import random
from collections.abc import Iterator
from contextlib import contextmanager

from PIL import Image, ImageDraw
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from samples.designs.producers.reportlab_cards import Box, Placed, Rect
from samples.designs.producers.reportlab_designs import DESIGNS
from samples.designs.producers.reportlab_fonts import Fonts, face
from samples.designs.producers.reportlab_intro import IntroLayout, TocLayout, layout_intro, toc_rows
from samples.designs.producers.reportlab_layout import (
    ACCENTS,
    INK,
    ContentLayout,
    accent,
    furniture,
    layout_content,
    matrix_scaled,
    page_scale,
    paint,
    sheet,
)
from samples.designs.producers.reportlab_order import text_order
from samples.designs.producers.reportlab_text import (
    WHITE,
    Colour,
    Ink,
    LayoutError,
    Run,
    Writer,
    break_text,
    tint,
)
from samples.designs.spec import DesignSpec, RoleStyle, Unsupported
from samples.source import Source

__all__ = ["DESIGNS", "LayoutError", "fits", "render", "supports"]

# A note number stays with its title (ranked alike, so the stable sort keeps it right after
# the title's last line): drawn later, it would sit among other cards' titles in the text.
ROLE_RANK = {
    "title": 0,
    "note-ref": 0,
    "type": 1,
    "publisher": 2,
    "blurb": 3,
    "cta": 4,
    "url": 5,
    "group-heading": 6,
    "group-item": 7,
}
INTRODUCTION = (
    "Ce catalogue rassemble des ressources pour aider les communes lauréates du programme "
    "Petites villes de demain à inscrire l’économie sociale et solidaire dans leur projet de "
    "territoire : guides, études, sites et retours d’expérience, classés par partie et par thème."
)


def supports(spec: DesignSpec) -> str | None:
    """Why this producer refuses `spec`, or None when it can print it."""
    t = spec.typography
    for role in ("type_line", "blurb", "cta", "group_heading", "group_item"):
        style: RoleStyle = getattr(t, role)
        if style.case != "as-source":
            return f"{role} case {style.case!r}: the printed source keeps that role's case"
    return None


def fits(source: Source, spec: DesignSpec) -> bool:
    """Whether `source` (a printed source) can be laid out in `spec` without `LayoutError`."""
    try:
        _check_layout(source, spec)
    except LayoutError:
        return False
    return True


def _check_layout(source: Source, spec: DesignSpec) -> None:
    fonts = Fonts(spec.encoding.ligatures)
    writer = Writer(fonts, Ink(spec.encoding.colour_space), spec.encoding)
    rank = ROLE_RANK if spec.encoding.layer_order else None
    titles = {p.number: p.title for p in source.parts}
    total = source.page_count()
    for part in source.parts:
        layout_intro(part, spec, fonts, accent(part.number))
    for page in source.pages:
        colour = accent(page.part)
        lay = layout_content(page, titles.get(page.part, ""), spec, fonts, colour)
        runs = [run for placed in lay.blocks for run in placed.runs]
        foot = furniture(page.page, total, spec, fonts, colour)
        text_order(lay.banner_runs, lay.decor, lay.header, runs, lay.foot, foot, writer, rank)


def render(source: Source, spec: DesignSpec) -> bytes:
    reason = supports(spec)
    if reason is not None:
        raise Unsupported(f"reportlab: {reason}")
    return _Printer(source, spec).render()


class _Printer:
    def __init__(self, source: Source, spec: DesignSpec):
        self.source, self.spec = source, spec
        self.sheet = sheet(spec)
        self.fonts = Fonts(spec.encoding.ligatures)
        self.ink = Ink(spec.encoding.colour_space)
        self.writer = Writer(self.fonts, self.ink, spec.encoding)
        self.total = source.page_count()
        self.family = spec.typography.family

    def render(self) -> bytes:
        buf = io.BytesIO()
        e = self.source.edition
        c = Canvas(
            buf,
            pagesize=(self.sheet.width, self.sheet.height),
            invariant=1,
            pageCompression=1,
            initialFontName=face(self.family),
        )
        c.setTitle(f"{e.title} – {e.programme} ({e.year})")
        c.setAuthor(e.publisher)
        c.setCreator(f"ess-catalogue design zoo: {self.spec.name}")
        intros = {p.intro_page: p for p in self.source.parts}
        pages = {p.page: p for p in self.source.pages}
        titles = {p.number: p.title for p in self.source.parts}
        for n in range(1, self.total + 1):
            colour = accent(pages[n].part if n in pages else intros[n].number if n in intros else 1)
            foot = furniture(n, self.total, self.spec, self.fonts, colour)
            if n == 1:
                self._cover(c)
            elif n == 2:
                self._introduction(c)
            elif n == self.total:
                self._back_cover(c)
            elif n in intros:
                self._part(c, layout_intro(intros[n], self.spec, self.fonts, colour))
            elif n in pages:
                title = titles.get(pages[n].part, "")
                lay = layout_content(pages[n], title, self.spec, self.fonts, colour)
                self._content(c, lay, foot, n)
                foot = []
            else:
                raise LayoutError(f"page {n} is neither a part intro nor a content page")
            self._runs(c, foot)
            c.showPage()
        c.save()
        return buf.getvalue()

    # -- primitives -------------------------------------------------------------------------

    def _runs(self, c: Canvas, runs: list[Run]) -> None:
        for run in runs:
            self.writer.draw(c, run)

    def _fill(self, c: Canvas, colour: Colour) -> None:
        self.ink.fill(c, colour)

    def _dots(self, c: Canvas, x: float, y: float, cols: int, rows: int, colour: Colour) -> None:
        self._fill(c, colour)
        for i in range(cols):
            for j in range(rows):
                c.circle(x + i * 9, y + j * 9, 1.45, stroke=0, fill=1)

    def _display(self, text: str, x: float, y: float, size: float, colour: Colour) -> Run:
        return Run(
            text,
            x,
            y,
            face(self.family, bold=True),
            size,
            colour,
            "display",
            paint=paint(self.spec),
        )

    # -- covers and introduction ------------------------------------------------------------

    def _cover(self, c: Canvas) -> None:
        w, h, m = self.sheet.width, self.sheet.height, self.sheet.margin
        colour = ACCENTS[1]
        e = self.source.edition
        self._fill(c, colour)
        c.rect(0, 0, w, h, stroke=0, fill=1)
        self._fill(c, tint(colour, 0.22))
        c.circle(w * 0.86, h * 0.78, h * 0.3, stroke=0, fill=1)
        self._dots(c, m, h * 0.1, 8, 4, tint(colour, 0.5))
        bold = face(self.family, bold=True)
        size = min(32.0, 32.0 * (w * 0.7) / self.fonts.width(e.title, bold, 32.0))
        y = h * 0.64
        self._runs(c, [self._display(e.title, m, y, size, WHITE)])
        y -= 34
        self._runs(c, [self._display(e.programme, m, y, 20.0, WHITE)])
        regular = face(self.family)
        y -= 70
        lead = "Un outil pour aider les communes lauréates"
        self._runs(c, [Run(lead, m, y, regular, 12.0, WHITE, paint="outline")])
        for line in self.source.front_lines:
            y -= 16
            self._runs(c, [Run(line, m, y, regular, 12.0, WHITE)])
        logo = f"{e.publisher} · ANCT · {e.year}"
        self._runs(c, [Run(logo, m, m, bold, 11.0, WHITE, paint="outline")])

    def _introduction(self, c: Canvas) -> None:
        w, h, m = self.sheet.width, self.sheet.height, self.sheet.margin
        colour = ACCENTS[0]
        self._fill(c, tint(colour, 0.9))
        c.rect(0, h - 150, w, 150, stroke=0, fill=1)
        self._dots(c, w - m - 60, h - 60, 7, 3, tint(colour, 0.5))
        bold, regular = face(self.family, bold=True), face(self.family)
        runs = [Run("Introduction", m, h - 110, bold, 24.0, colour)]
        width = min(w - 2 * m, 470.0)
        y = h - 190
        for a, b in break_text(INTRODUCTION, lambda s: self.fonts.width(s, regular, 11) <= width):
            runs.append(Run(INTRODUCTION[a:b], m, y, regular, 11.0, INK))
            y -= 16
        y -= 30
        runs.append(Run("Sommaire", m, y, bold, 16.0, colour))
        self._runs(c, runs)
        entries = [
            (str(p.intro_page - self.spec.folio_offset), f"Partie {p.number} · {p.title}")
            for p in self.source.parts
        ]
        toc = toc_rows(entries, m, m + width, y - 14, self.spec.toc, self.spec, self.fonts, colour)
        self._toc(c, toc, colour)

    def _back_cover(self, c: Canvas) -> None:
        w, h, m = self.sheet.width, self.sheet.height, self.sheet.margin
        colour = ACCENTS[0]
        self._fill(c, colour)
        c.rect(0, 0, w, h, stroke=0, fill=1)
        self._dots(c, w - m - 70, h - m - 40, 8, 4, tint(colour, 0.4))
        regular, bold = face(self.family), face(self.family, bold=True)
        y = h * 0.45
        for line in self.source.back_lines:
            self._runs(c, [Run(line, m, y, regular, 10.5, WHITE)])
            y -= 14
        for x, name in ((m, "Avise"), (m + 90, "ANCT")):
            self._runs(c, [Run(name, x, m + 20, bold, 22.0, WHITE, paint="outline")])

    # -- part intro pages -------------------------------------------------------------------

    def _toc(self, c: Canvas, toc: TocLayout, colour: Colour) -> None:
        for x, y, bw, bh in toc.shades:
            self._fill(c, tint(colour, 0.9))
            c.rect(x, y, bw, bh, stroke=0, fill=1)
        if toc.rules:
            self.ink.stroke(c, tint(colour, 0.5))
            c.setLineWidth(0.6)
            for x0, y0, x1, y1 in toc.rules:
                c.line(x0, y0, x1, y1)
        self._runs(c, toc.runs)

    def _part(self, c: Canvas, lay: IntroLayout) -> None:
        px, py, pw, ph = lay.panel
        self._fill(c, lay.accent)
        c.rect(px, py, pw, ph, stroke=0, fill=1)
        self._dots(c, pw - 90, py + ph - 54, 7, 3, tint(lay.accent, 0.45))
        bx, by, bw, bh = lay.bar
        self._fill(c, lay.accent)
        c.rect(bx, by, bw, bh, stroke=0, fill=1)
        self._runs(c, lay.label)
        if not self.spec.part_title_after_toc:
            self._runs(c, lay.title)
        self._runs(c, lay.intro)
        self._toc(c, lay.toc, lay.accent)
        if self.spec.part_title_after_toc:
            self._runs(c, lay.title)

    # -- content pages ----------------------------------------------------------------------

    def _content(self, c: Canvas, lay: ContentLayout, furniture: list[Run], number: int) -> None:
        colour = lay.accent
        if lay.band is not None:
            x, y, bw, bh = lay.band
            self._fill(c, colour)
            c.roundRect(x, y, bw, bh, 6, stroke=0, fill=1)
            self._dots(c, x + bw - 70, y + 9, 6, 3, tint(colour, 0.4))
        if lay.strip_rule is not None:
            self.ink.stroke(c, tint(colour, 0.4))
            c.setLineWidth(0.5)
            c.line(lay.left, lay.strip_rule, lay.right, lay.strip_rule)
        if lay.banner is not None:
            x, y, bw, bh = lay.banner
            self._fill(c, tint(colour, 0.2))
            c.rect(x, y, bw, bh, stroke=0, fill=1)
        shrink = self._shrink(lay, number)
        for placed in lay.blocks:
            with self._shrunk(c, shrink):
                self._block_artwork(c, placed, colour)
        if lay.foot_rule is not None:
            self.ink.stroke(c, tint(colour, 0.3))
            c.setLineWidth(0.6)
            c.line(lay.left, lay.foot_rule, lay.left + 60, lay.foot_rule)
        runs = [run for placed in lay.blocks for run in placed.runs]
        runs = matrix_scaled(self.spec, number, runs)
        rank = ROLE_RANK if self.spec.encoding.layer_order else None
        ordered = text_order(
            lay.banner_runs, lay.decor, lay.header, runs, lay.foot, furniture, self.writer, rank
        )
        for run in ordered:
            with self._shrunk(c, shrink if run.block >= 0 else None):
                self.writer.draw(c, run)
        for url, (x0, y0, x1, y1) in self._annotation_order(lay, number):
            if shrink is not None:
                s, dx, dy = shrink
                x0, y0, x1, y1 = x0 * s + dx, y0 * s + dy, x1 * s + dx, y1 * s + dy
            c.linkURL(url, (x0, y0, x1, y1), relative=0, thickness=0)

    def _shrink(self, lay: ContentLayout, number: int) -> tuple[float, float, float] | None:
        """The page's cards' transform when the design shrinks them with the graphics state
        (`scale_by="ctm"`): the scale and the shift that keeps the top-left of the cards' area
        in place."""
        scale = page_scale(self.spec, number)
        if self.spec.scale_by != "ctm" or scale == 1.0:
            return None
        return scale, lay.left * (1 - scale), lay.top * (1 - scale)

    @contextmanager
    def _shrunk(self, c: Canvas, shrink: tuple[float, float, float] | None) -> Iterator[None]:
        if shrink is None:
            yield
            return
        s, dx, dy = shrink
        c.saveState()
        c.transform(s, 0, 0, s, dx, dy)
        try:
            yield
        finally:
            c.restoreState()

    def _annotation_order(self, lay: ContentLayout, number: int) -> list[tuple[str, Rect]]:
        """The page's links in the order the design's tool writes them into the file."""
        links = [link for placed in lay.blocks for link in placed.links]
        order = self.spec.encoding.annotation_order
        if order == "reverse":
            links.reverse()
        elif order == "shuffled":
            random.Random(f"{self.spec.seed}:{number}").shuffle(links)
        return links

    def _block_artwork(self, c: Canvas, p: Placed, colour: Colour) -> None:
        if self.spec.frame == "boxed":
            self._fill(c, tint(colour, 0.93))
            self.ink.stroke(c, tint(colour, 0.7))
            c.setLineWidth(0.5)
            c.roundRect(p.x, p.top - p.h, p.w, p.h, 6, stroke=1, fill=1)
        elif self.spec.frame == "ruled":
            self.ink.stroke(c, colour)
            c.setLineWidth(1.4)
            c.line(p.x, p.top, p.x + 40, p.top)
            self.ink.stroke(c, tint(colour, 0.6))
            c.setLineWidth(0.4)
            c.line(p.x + 42, p.top, p.x + p.w, p.top)
        if p.thumb is not None:
            if self.spec.thumbnail == "raster":
                self._raster(c, p, colour)
            else:
                self._vector(c, p.thumb, colour)
        if p.button is not None:
            x, y, bw, bh = p.button
            self._fill(c, colour)
            c.roundRect(x, y, bw, bh, bh / 2, stroke=0, fill=1)

    def _vector(self, c: Canvas, box: Box, colour: Colour) -> None:
        """A cover placeholder: a page with a folded corner, a picture block, text strokes."""
        x, y, w, h = box
        self._fill(c, tint(colour, 0.85))
        self.ink.stroke(c, tint(colour, 0.4))
        c.setLineWidth(0.6)
        fold = min(w, h) * 0.22
        p = c.beginPath()
        p.moveTo(x, y)
        p.lineTo(x + w, y)
        p.lineTo(x + w, y + h - fold)
        p.lineTo(x + w - fold, y + h)
        p.lineTo(x, y + h)
        p.close()
        c.drawPath(p, stroke=1, fill=1)
        self._fill(c, tint(colour, 0.55))
        c.rect(x + w * 0.14, y + h * 0.48, w * 0.72, h * 0.3, stroke=0, fill=1)
        self.ink.stroke(c, tint(colour, 0.5))
        c.setLineWidth(1.2)
        for i in range(3):
            ly = y + h * (0.36 - i * 0.1)
            c.line(x + w * 0.14, ly, x + w * (0.86 - 0.18 * (i == 2)), ly)

    def _raster(self, c: Canvas, p: Placed, colour: Colour) -> None:
        assert p.thumb is not None
        x, y, w, h = p.thumb
        key = f"{self.spec.seed}:{p.index}:{p.x:.1f}:{p.top:.1f}"
        image = raster_thumbnail(key, max(8, round(w * 0.5)), max(8, round(h * 0.5)), colour)
        c.drawImage(ImageReader(image.convert(self.ink.image_mode)), x, y, w, h)


def _rgb255(colour: Colour) -> tuple[int, int, int]:
    r, g, b = (round(v * 255) for v in colour)
    return (r, g, b)


def raster_thumbnail(key: str, w: int, h: int, colour: Colour) -> Image.Image:
    """A small picture standing for a resource's cover: a tinted photograph-like field with a
    few shapes and some grain, the same for the same `key`."""
    rng = random.Random(key)
    image = Image.new("RGB", (w, h), _rgb255(tint(colour, 0.75)))
    draw = ImageDraw.Draw(image)
    for row in range(h):
        draw.line([(0, row), (w, row)], fill=_rgb255(tint(colour, 0.45 + 0.4 * row / h)))
    for _ in range(3):
        cx, cy, r = rng.uniform(0, w), rng.uniform(0, h), rng.uniform(h * 0.2, h * 0.6)
        draw.ellipse(
            (cx - r, cy - r, cx + r, cy + r), fill=_rgb255(tint(colour, rng.uniform(0.1, 0.6)))
        )
    draw.rectangle((w * 0.08, h * 0.62, w * 0.6, h * 0.78), fill=(255, 255, 255))
    grain = Image.frombytes("L", (w, h), bytes(rng.randrange(0, 4) * 8 for _ in range(w * h)))
    return Image.composite(
        image, Image.new("RGB", (w, h), (255, 255, 255)), grain.point(lambda v: 255 - v)
    )
