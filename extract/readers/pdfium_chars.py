"""The pdfium reader's characters: each glyph's box as pdfminer draws it, from pdfium's origins,
the text object's matrix and size, and the exact font metrics (`CharMaker`)."""

from __future__ import annotations

import functools
import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, NamedTuple, cast

import pypdfium2.raw as fpdf

from extract.document import (
    RGB,
    Char,
)
from extract.readers.pdfium_fonts import Font
from extract.readers.pdfium_geometry import Frame, Matrix, mult


class Glyph(NamedTuple):  # a tuple: one is made per glyph, and never changed
    text: str
    t: float  # origin along the text object's baseline, in text space, where pdfium put it
    width: float  # the width pdfium used, in 1/1000 em (a whole number for most fonts)
    hyphen: bool = False  # a line-end hyphen: pdfium dropped the spaces after it


@dataclass(frozen=True, slots=True)
class Run:
    """What a text object fixes for all its glyphs."""

    matrix: Matrix  # text space → user space, forms included; (e, f) is the object's start
    size: float
    font: Font
    colour: RGB


def object_end(handle: Any) -> float | None:
    """Where a text object's bounds end along its baseline, in text space."""
    quad, m = fpdf.FS_QUADPOINTSF(), fpdf.FS_MATRIX()
    if not fpdf.FPDFPageObj_GetRotatedBounds(handle, quad) or not fpdf.FPDFPageObj_GetMatrix(
        handle, m
    ):
        return None
    det = m.a * m.d - m.b * m.c
    if abs(det) < 1e-12:
        return None
    corners = ((quad.x1, quad.y1), (quad.x2, quad.y2), (quad.x3, quad.y3), (quad.x4, quad.y4))
    return float(max(((x - m.e) * m.d - (y - m.f) * m.c) / det for x, y in corners))


class CharMaker:
    """Makes the chars pdfminer would make of one text object's glyphs, in pdfplumber's
    coordinates. Products and sums follow pdfminer's order, so that values on a rounding tie
    round the same way."""

    def __init__(self, run: Run, frame: Frame) -> None:
        a, b, c, d, _, _ = run.matrix
        self.a, self.b, self.c, self.d = mult((a, b, c, d, 0.0, 0.0), frame.ctm)[:4]
        self.run, self.frame = run, frame
        self.low = run.font.descent * 0.001 * run.size
        self.high = self.low + run.size
        self.upright = self.a * self.d > 0 and self.b * self.c <= 0

    def chars(self, glyphs: list[Glyph]) -> list[Char]:
        """The chars of a text object's glyphs.

        Everything constant over the object is taken out of the loop, which runs for every
        glyph of the document; the arithmetic is otherwise that of one glyph at a time.
        """
        run, frame = self.run, self.frame
        ta, tb, _, _, te, tf = run.matrix
        a, b, low, high = self.a, self.b, self.low, self.high
        c_low, c_high, d_low, d_high = self.c * low, self.c * high, self.d * low, self.d * high
        c_min, c_max = min(c_low, c_high), max(c_low, c_high)
        d_min, d_max = min(d_low, d_high), max(d_low, d_high)
        ca, cb, cc, cd, ce, cf = frame.ctm
        height, top_shift, x_shift = frame.height, frame.top_shift, frame.x_shift
        font, upright, run_size = run.font, self.upright, run.size
        name, bold, italic, colour = font.name, font.bold, font.italic, run.colour
        exact_widths, exact = font.advances, font.advance
        # Each origin is the one before plus the exact advance, plus whatever pdfium put between
        # them beyond its own width (Tc, Tw, kerning): the line is laid out again in double
        # precision with the exact widths. Gaps below float32 noise are no gaps.
        noise = 1.5e-4 / (math.hypot(ta, tb) or 1.0)
        t = advance = 0.0
        previous: Glyph | None = None
        # With no slant across the baseline (b zero), everything vertical depends on the
        # origin's height alone, the same along a line: worked out again only when it changes.
        flat = b == 0.0
        last_f = math.nan
        top = bottom = baseline = size = 0.0
        out: list[Char] = []
        append = out.append
        new_char = _new_char
        for glyph in glyphs:
            text = glyph.text
            if previous is None:
                between = glyph.t
                t = 0.0 if abs(between) < noise else between
            else:
                between = glyph.t - previous.t - previous.width * run_size / 1000
                t = t + advance + (0.0 if abs(between) < noise else between)  # pdfminer's order
            width = exact_widths.get((text, glyph.width))
            if width is None:
                width = exact(text, glyph.width)
            advance = width * 0.001 * run_size
            previous = glyph
            x = t * ta + te
            y = t * tb + tf
            e = ca * x + cc * y + ce  # the origin on the rotated page
            f = cb * x + cd * y + cf
            # The transformed box's extremes, corner by corner along each axis (`p if p < 0.0
            # else 0.0` is min(0.0, p), without a call).
            p = a * advance
            x0 = e + (p if p < 0.0 else 0.0) + c_min
            x1 = e + (p if p > 0.0 else 0.0) + c_max
            left = x0 + x_shift
            if not flat or f != last_f or f == 0.0:  # 0.0 == -0.0, but their sums may differ
                p = b * advance
                y0 = f + (p if p < 0.0 else 0.0) + d_min
                y1 = f + (p if p > 0.0 else 0.0) + d_max
                low_edge = height - y0 + top_shift
                top = round(height - y1 + top_shift, 3)
                bottom = round(low_edge, 3)
                baseline = round(low_edge - (f - y0), 3)
                size = round(y1 - y0, 3)
                last_f = f
            append(
                new_char(
                    Char,
                    (
                        text,
                        round(left, 3),
                        round(x1 + x_shift, 3),
                        top,
                        bottom,
                        baseline if upright else round(left, 3),
                        size,
                        name,
                        bold,
                        italic,
                        colour,
                        upright,
                    ),
                )
            )
        return out


# Char's fields in order, straight into the tuple: Char(...) goes through a Python-level
# __new__, a noticeable part of the cost of a char.
_new_char = cast(Callable[[type[Char], tuple[Any, ...]], Char], tuple.__new__)


@functools.cache
def channel(value: int) -> float:
    """An 8-bit channel back in 0..1: the shortest decimal that pdfium would round to it."""
    low, high, exact = (value - 0.5) / 255, (value + 0.5) / 255, value / 255
    for digits in (0, 1, 2, 3):
        step = 10.0**-digits
        first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
        if first <= last:
            best = min(range(first, last + 1), key=lambda k: abs(k * step - exact))
            return round(best * step, 3)
    return round(exact, 3)
