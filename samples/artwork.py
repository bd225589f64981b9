"""Artwork for the facsimile: shapes, and text drawn as vector outlines.

Designed catalogues print much of their display text as artwork (logos, cover titles, page
numbers, some headers). Drawing those as glyph outlines keeps them visible on the page but out
of the text layer, exactly as in the real catalogue.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

import reportlab
from fontTools.pens.basePen import BasePen
from fontTools.ttLib import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.pathobject import PDFPathObject

FONT_DIR = Path(reportlab.__file__).parent / "fonts"

Colour = tuple[float, float, float]


@cache
def _font(file_name: str) -> TTFont:
    return TTFont(str(FONT_DIR / file_name), lazy=True)


class PathPen(BasePen):  # type: ignore[misc]  # fontTools is untyped
    """Turns a glyph's contours into a reportlab path, scaled and shifted onto the page."""

    def __init__(self, glyph_set: object, path: PDFPathObject, scale: float, x: float, y: float):
        super().__init__(glyph_set)
        self.path, self.scale, self.x, self.y = path, scale, x, y

    def _at(self, point: tuple[float, float]) -> tuple[float, float]:
        return self.x + point[0] * self.scale, self.y + point[1] * self.scale

    def _moveTo(self, p: tuple[float, float]) -> None:
        self.path.moveTo(*self._at(p))

    def _lineTo(self, p: tuple[float, float]) -> None:
        self.path.lineTo(*self._at(p))

    def _curveToOne(
        self, p1: tuple[float, float], p2: tuple[float, float], p3: tuple[float, float]
    ) -> None:
        self.path.curveTo(*self._at(p1), *self._at(p2), *self._at(p3))

    def _closePath(self) -> None:
        self.path.close()


def outline_width(text: str, size: float, file_name: str = "VeraBd.ttf") -> float:
    font = _font(file_name)
    cmap = font.getBestCmap()
    units = font["head"].unitsPerEm
    hmtx = font["hmtx"]
    return float(sum(hmtx[cmap.get(ord(ch), ".notdef")][0] for ch in text) * size / units)


def outlined_text(
    canvas: Canvas,
    text: str,
    x: float,
    y: float,
    size: float,
    fill: Colour,
    file_name: str = "VeraBd.ttf",
    anchor: str = "start",
) -> float:
    """Draw `text` as filled glyph outlines with its baseline at `y`; return its width."""
    font = _font(file_name)
    cmap = font.getBestCmap()
    glyphs = font.getGlyphSet()
    scale = size / font["head"].unitsPerEm
    width = outline_width(text, size, file_name)
    if anchor == "middle":
        x -= width / 2
    elif anchor == "end":
        x -= width
    path = canvas.beginPath()
    cursor = x
    for ch in text:
        name = cmap.get(ord(ch), ".notdef")
        glyphs[name].draw(PathPen(glyphs, path, scale, cursor, y))
        cursor += font["hmtx"][name][0] * scale
    canvas.setFillColorRGB(*fill)
    canvas.drawPath(path, stroke=0, fill=1)
    return width


def tint(colour: Colour, amount: float) -> Colour:
    """Mix `colour` with white: amount 0 is the colour, 1 is white."""
    r, g, b = colour
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def thumbnail(canvas: Canvas, x: float, y: float, w: float, h: float, accent: Colour) -> None:
    """A cover placeholder: a page with a folded corner, a picture block and text strokes."""
    canvas.setFillColorRGB(*tint(accent, 0.85))
    canvas.setStrokeColorRGB(*tint(accent, 0.4))
    canvas.setLineWidth(0.6)
    fold = min(w, h) * 0.22
    p = canvas.beginPath()
    p.moveTo(x, y)
    p.lineTo(x + w, y)
    p.lineTo(x + w, y + h - fold)
    p.lineTo(x + w - fold, y + h)
    p.lineTo(x, y + h)
    p.close()
    canvas.drawPath(p, stroke=1, fill=1)
    canvas.setFillColorRGB(*tint(accent, 0.55))
    canvas.rect(x + w * 0.14, y + h * 0.48, w * 0.72, h * 0.3, stroke=0, fill=1)
    canvas.setStrokeColorRGB(*tint(accent, 0.5))
    canvas.setLineWidth(1.2)
    for i in range(3):
        ly = y + h * (0.36 - i * 0.1)
        canvas.line(x + w * 0.14, ly, x + w * (0.86 - 0.18 * (i == 2)), ly)


def dots(
    canvas: Canvas, x: float, y: float, cols: int, rows: int, gap: float, fill: Colour
) -> None:
    """A grid of small dots, a common ornament of public-sector print design."""
    canvas.setFillColorRGB(*fill)
    for i in range(cols):
        for j in range(rows):
            canvas.circle(x + i * gap, y + j * gap, gap * 0.16, stroke=0, fill=1)
