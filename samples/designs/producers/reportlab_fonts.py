"""Fonts of the ReportLab producer: the committed DejaVu subsets, ligature glyphs and outlines.

ReportLab does no shaping, so a design that prints ligatures gets them here: `shape` puts the
ligature code points (U+FB00…U+FB04) in place of their letters, and widths are always measured
on the shaped text so that line breaking and drawing agree. Display text painted as artwork is
drawn from the same font files' glyph outlines (`outline`), so that its invisible text copy
(render mode 3) sits exactly on it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Literal

from fontTools.ttLib import TTFont as ToolsFont
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.pathobject import PDFPathObject

from samples.artwork import PathPen

FONT_DIR = Path(__file__).resolve().parents[2] / "fonts"

Family = Literal["sans", "serif"]

_FILES: dict[tuple[Family, bool, bool], str] = {
    ("sans", False, False): "DejaVuSans",
    ("sans", True, False): "DejaVuSans-Bold",
    ("sans", False, True): "DejaVuSans-Oblique",
    ("sans", True, True): "DejaVuSans-BoldOblique",
    ("serif", False, False): "DejaVuSerif",
    ("serif", True, False): "DejaVuSerif-Bold",
    ("serif", False, True): "DejaVuSerif-Italic",
    ("serif", True, True): "DejaVuSerif-BoldItalic",
}
# Longest first, so that "ffi" becomes one glyph rather than "ff" + "i".
_LIGATURES: tuple[tuple[str, str], ...] = (
    ("ffi", "\ufb03"),
    ("ffl", "\ufb04"),
    ("ff", "\ufb00"),
    ("fi", "\ufb01"),
    ("fl", "\ufb02"),
)


def face(family: Family, bold: bool = False, italic: bool = False) -> str:
    """The registered ReportLab name of a face of `family` (registered on first use)."""
    name = _FILES[(family, bold, italic)]
    _register(name)
    return name


@cache
def _register(name: str) -> None:
    pdfmetrics.registerFont(TTFont(name, str(FONT_DIR / f"{name}.ttf")))


@cache
def _tools_font(name: str) -> ToolsFont:
    return ToolsFont(str(FONT_DIR / f"{name}.ttf"))


@cache
def _has_glyph(name: str, char: str) -> bool:
    return ord(char) in _tools_font(name).getBestCmap()


@dataclass(frozen=True)
class Fonts:
    """Measuring and shaping for one design: with `ligatures`, letters become ligature glyphs."""

    ligatures: bool = False

    def shape(self, text: str, font: str) -> str:
        if not self.ligatures:
            return text
        for letters, glyph in _LIGATURES:
            if letters in text and _has_glyph(font, glyph):
                text = text.replace(letters, glyph)
        return text

    def width(self, text: str, font: str, size: float, track: float = 0.0) -> float:
        shaped = self.shape(text, font)
        return float(pdfmetrics.stringWidth(shaped, font, size)) + track * len(shaped)

    def fitting(self, font: str, size: float, width: float) -> Callable[[str], bool]:
        """Whether a text set in `font` at `size` is at most `width` wide."""
        return lambda text: self.width(text, font, size) <= width


def outline(path: PDFPathObject, shaped: str, font: str, size: float, x: float, y: float) -> None:
    """Add the outlines of `shaped` (already shaped text) in `font` to `path`, baseline at `y`."""
    tools = _tools_font(font)
    cmap = tools.getBestCmap()
    glyphs = tools.getGlyphSet()
    hmtx = tools["hmtx"]
    scale = size / tools["head"].unitsPerEm
    cursor = x
    for ch in shaped:
        name = cmap.get(ord(ch), ".notdef")
        glyphs[name].draw(PathPen(glyphs, path, scale, cursor, y))
        cursor += hmtx[name][0] * scale
