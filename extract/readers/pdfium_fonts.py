"""The pdfium reader's fonts: names, and the exact widths and descents that pdfium keeps only as
whole thousandths of an em, read back from the embedded programs and the file."""

from __future__ import annotations

import ctypes
import hashlib
import io
import logging
import math
import mmap
import re
import struct
from collections import OrderedDict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pypdfium2.raw as fpdf

from extract.readers.common import (
    base_font,
    font_style,
)
from extract.readers.pdfium_geometry import NEAR, Box, address

# fontTools logs what it finds odd in a font program (a timestamp out of range, extra table
# data) to stderr, beside the one-line error or summary. Damage to a font program is reported
# as the page's warning (see `integrity`); the rest is none of the user's concern.
logging.getLogger("fontTools").addHandler(logging.NullHandler())


PROGRAMS_KEPT = 32  # parsed font programs kept per document (a CJK font can be megabytes)


# pdfminer takes the metrics of the standard fonts it knows by name (untagged) from its own AFM
# table, not from the file: their /Descent in 1/1000 em. pdfium reads the file's, or measures
# its substitute fonts.
STANDARD_DESCENT: dict[str, float] = {
    name: descent
    for names, descent in (
        (
            "Courier Courier-Bold Courier-BoldOblique Courier-Oblique CourierNew CourierNew,Italic "
            "CourierNew,Bold CourierNew,BoldItalic",
            -194.0,
        ),
        (
            "Helvetica Helvetica-Bold Helvetica-BoldOblique Helvetica-Oblique Arial Arial,Italic "
            "Arial,Bold Arial,BoldItalic",
            -207.0,
        ),
        (
            "Times-Roman Times-Bold Times-BoldItalic Times-Italic TimesNewRoman "
            "TimesNewRoman,Italic TimesNewRoman,Bold TimesNewRoman,BoldItalic",
            -217.0,
        ),
        ("Symbol ZapfDingbats", 0.0),
    )
    for name in names.split()
}


@dataclass(slots=True)
class Font:
    handle: Any
    name: str
    bold: bool
    italic: bool
    descent: float  # 1/1000 em, as pdfminer reads it
    program: Program | None  # set when the file writes fractional widths
    advances: dict[tuple[str, float], float] = field(default_factory=dict)
    widths: dict[str, float] = field(default_factory=dict)

    def pdfium_width(self, text: str) -> float:
        """pdfium's width for the code point, looked up through the font's /ToUnicode."""
        found = self.widths.get(text)
        if found is None:
            width = ctypes.c_float()
            ok = fpdf.FPDFFont_GetGlyphWidth(self.handle, ord(text[0]), ctypes.c_float(1000), width)
            found = self.widths[text] = float(width.value) if ok else 0.0
        return found

    def advance(self, text: str, truncated: float) -> float:
        """The glyph's exact width in 1/1000 em, given the whole number pdfium kept of it."""
        key = (text, truncated)
        found = self.advances.get(key)
        if found is None:
            found = self.advances[key] = self._exact(text, truncated)
        return found

    def _exact(self, text: str, truncated: float) -> float:
        program = self.program
        if program is None or truncated != int(truncated):
            return truncated
        candidates = program.candidates(int(truncated))
        if not candidates:
            return truncated
        if len({round(w, 6) for w, _ in candidates}) == 1:
            return candidates[0][0]
        # Glyphs of different exact widths share the whole number: the outline tells them apart.
        outline = self._outline_box(text)
        return min(candidates, key=lambda c: _box_distance(program.bounds(c[1]), outline))[0]

    def _outline_box(self, text: str) -> Box | None:
        """The glyph's outline bounds in 1/1000 em, as pdfium draws it for this code point."""
        path = fpdf.FPDFFont_GetGlyphPath(self.handle, ord(text[0]), ctypes.c_float(1000))
        if not path:
            return None
        xs: list[float] = []
        ys: list[float] = []
        x, y = ctypes.c_float(), ctypes.c_float()
        for i in range(fpdf.FPDFGlyphPath_CountGlyphSegments(path)):
            segment = fpdf.FPDFGlyphPath_GetGlyphPathSegment(path, i)
            if segment and fpdf.FPDFPathSegment_GetPoint(segment, x, y):
                xs.append(x.value * 1000)
                ys.append(y.value * 1000)
        return (min(xs), min(ys), max(xs), max(ys)) if xs else None


def _box_distance(a: Box | None, b: Box | None) -> float:
    if a is None or b is None:
        return 0.0 if a is b else math.inf
    return sum(abs(p - q) for p, q in zip(a, b, strict=True))


class FontBook:
    """The fonts of one page, by pdfium handle (valid while the page is open)."""

    def __init__(self, programs: ProgramCache) -> None:
        self.programs = programs
        self.fonts: dict[int, Font] = {}

    def font(self, handle: Any) -> Font:
        key = address(handle)
        found = self.fonts.get(key)
        if found is None:
            found = self.fonts[key] = self._read(handle)
        return found

    def _read(self, handle: Any) -> Font:
        name = base_font(_font_name(handle))
        bold, italic = font_style(name)
        embedded = bool(fpdf.FPDFFont_GetIsEmbedded(handle))
        facts = self.programs.facts()
        if name in STANDARD_DESCENT and (not embedded or name in facts.untagged_fonts):
            descent = STANDARD_DESCENT[name]
            return Font(handle, name, bold, italic, descent, None)
        program = None
        if embedded and (facts.fractional_widths or facts.fractional_descents):
            program = self.programs.get(_font_data(handle))
        descent = _descent(handle, program if facts.fractional_descents else None)
        widths_from = program if facts.fractional_widths else None
        return Font(handle, name, bold, italic, descent, widths_from)


def _font_name(handle: Any) -> str:
    size = fpdf.FPDFFont_GetBaseFontName(handle, None, 0)
    if size <= 0:
        return ""
    buffer = ctypes.create_string_buffer(size)
    fpdf.FPDFFont_GetBaseFontName(handle, buffer, size)
    return buffer.value.decode("utf-8", errors="replace")


def _font_data(handle: Any) -> bytes:
    size = ctypes.c_size_t()
    if not fpdf.FPDFFont_GetFontData(handle, None, 0, size) or size.value == 0:
        return b""
    buffer = (ctypes.c_uint8 * size.value)()
    fpdf.FPDFFont_GetFontData(handle, buffer, size.value, size)
    return bytes(buffer)


def _descent(handle: Any, program: Program | None) -> float:
    """The font's /Descent in 1/1000 em, as pdfminer reads it."""
    value = ctypes.c_float()
    if not fpdf.FPDFFont_GetDescent(handle, ctypes.c_float(1000), value):
        return 0.0
    truncated = -abs(float(value.value))  # pdfminer makes a positive /Descent negative too
    if program is not None:
        for exact in program.descents:
            if exact <= 0 and math.trunc(exact) == truncated:
                return exact
    return truncated


@dataclass(frozen=True, slots=True)
class Program:
    """An embedded TrueType/OpenType program: its glyphs' exact advances and its descents."""

    font: Any  # fontTools TTFont, read lazily
    scale: float  # font units → 1/1000 em
    buckets: dict[int, list[tuple[float, str]]]  # whole part of a width → (width, glyph name)
    descents: tuple[float, ...]  # where producers take /Descent from, commonest first

    def candidates(self, truncated: int) -> list[tuple[float, str]]:
        return self.buckets.get(truncated, [])

    def bounds(self, glyph: str) -> Box | None:
        try:
            outline = self.font["glyf"][glyph] if "glyf" in self.font else None
        except (KeyError, struct.error, AssertionError, ValueError, IndexError):
            return None
        if outline is None or getattr(outline, "numberOfContours", 0) == 0:
            return None
        s = self.scale
        return (outline.xMin * s, outline.yMin * s, outline.xMax * s, outline.yMax * s)

    @classmethod
    def parse(cls, data: bytes) -> Program | None:
        from fontTools.ttLib import TTFont, TTLibError

        try:
            font = TTFont(io.BytesIO(data), lazy=True)
            scale = 1000 / font["head"].unitsPerEm
            buckets: dict[int, list[tuple[float, str]]] = {}
            for glyph, (advance, _lsb) in font["hmtx"].metrics.items():
                width = round(advance * scale, 4)  # as producers write /Widths
                # A width written 762.9999 reaches pdfium as 762, one written 763.0 as 763.
                for whole in {math.floor(width), math.floor(width + NEAR)}:
                    buckets.setdefault(whole, []).append((width, glyph))
            return cls(font, scale, buckets, _program_descents(font, scale))
        except (
            TTLibError,
            KeyError,
            AssertionError,
            ValueError,
            TypeError,
            IndexError,
            ZeroDivisionError,
            struct.error,
        ):
            return None


def _program_descents(font: Any, scale: float) -> tuple[float, ...]:
    found: list[float] = []
    if "OS/2" in font:
        os2 = font["OS/2"]
        found += [os2.sTypoDescender * scale, -os2.usWinDescent * scale]
    if "hhea" in font:
        found.append(font["hhea"].descent * scale)
    found.append(font["head"].yMin * scale)
    return tuple(round(d, 4) for d in found)


class ProgramCache:
    """A document's font programs, parsed once, the most recently used kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parsed: OrderedDict[bytes, Program | None] = OrderedDict()
        self._facts: FileFacts | None = None

    def facts(self) -> FileFacts:
        if self._facts is None:
            self._facts = FileFacts.scan(self.path)
        return self._facts

    def get(self, data: bytes) -> Program | None:
        if not data:
            return None
        key = hashlib.blake2b(data, digest_size=16).digest()
        if key in self.parsed:
            self.parsed.move_to_end(key)
            return self.parsed[key]
        program = self.parsed[key] = Program.parse(data)
        if len(self.parsed) > PROGRAMS_KEPT:
            self.parsed.popitem(last=False)
        return program


# A width array as the file writes it (/Widths, a CID font's /W, or an array object of its own
# that /Widths refers to), a font descriptor's /Descent, and a font's /BaseFont.
WIDTH_ARRAY = re.compile(
    rb"/W(?:idths)?\s*\[((?:[^\[\]]|\[[^\]]*\])*)\]|\d+\s+\d+\s+obj\s*\[([-\d.\s]{40,})\]"
)


DESCENT = re.compile(rb"/Descent\s+(-?[\d.]+)")


BASE_FONT = re.compile(rb"/BaseFont\s*/([^\s/\[\]<>()]+)")


SUBSET_TAG = re.compile(rb"^[A-Z]{6}\+")


@dataclass(frozen=True, slots=True)
class FileFacts:
    """What pdfium reads from font dictionaries but does not pass on.

    pdfium keeps widths and descents as whole numbers and cannot tell whether there was more:
    most producers write whole numbers, and then pdfium's are exact; some (ReportLab, TeX) write
    fractions, and then the exact values come from the font program. pdfium also drops the
    subset tag (ABCDEF+) of font names, which decides whether pdfminer takes a standard font's
    metrics from its own table. Only the file itself can say: font dictionaries stored plainly
    are read; inside compressed object streams they are out of sight, and whole numbers and
    tagged names are assumed.
    """

    fractional_widths: bool
    fractional_descents: bool
    untagged_fonts: frozenset[str]

    @classmethod
    def scan(cls, path: Path) -> FileFacts:
        try:
            with path.open("rb") as f, mmap.mmap(f.fileno(), 0, access=mmap.ACCESS_READ) as data:
                widths = any(
                    b"." in (m.group(1) or m.group(2) or b"") for m in WIDTH_ARRAY.finditer(data)
                )
                descents = any(b"." in m.group(1) for m in DESCENT.finditer(data))
                names = {m.group(1) for m in BASE_FONT.finditer(data)}
        except (OSError, ValueError):
            return cls(False, False, frozenset())
        untagged = frozenset(n.decode("latin-1") for n in names if not SUBSET_TAG.match(n))
        return cls(widths, descents, untagged)
