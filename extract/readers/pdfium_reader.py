"""The pypdfium2 reader (the default): the same `PageContent` as the pdfplumber reader, read
with pdfium, and with the damage pdfium reads past found by qpdf (`integrity`).

pdfium reads the same content stream as pdfminer but reports it differently, so each page is
rebuilt here the way pdfminer would have made it:

- pdfium's text page is made for reading, not for faithful glyph lists. It reorders the text
  objects of a line by x, drops an object that repeats the one before it (overprinted faux bold)
  and objects with no width (a lone space), keeps one space of a run of spaces, drops the spaces
  after a line-end hyphen and turns that hyphen into U+0002, and adds spaces and line breaks of
  its own. Glyphs are regrouped by text object in content-stream order, and what was dropped is
  put back from the geometry (see `_PageText`).
- A pdfminer glyph box runs along the baseline from the origin to origin + advance and across
  it from the font's /Descent to /Descent + size; the box on the page is the axis-aligned box
  around that rectangle once transformed. It is computed here from pdfium's glyph origins and
  its text objects' matrices and sizes (`_CharMaker`).
- pdfium keeps a font's /Widths and /Descent as whole numbers of 1/1000 em. Producers that write
  fractions (ReportLab, TeX) make pdfium's origins drift along a line by up to a tenth of a point;
  the exact values come back from the embedded font program (`_Program`, `_FileFacts`).
- pdfium gives fill colours as 8-bit RGB: the shortest decimal that rounds to each channel is
  taken back, which restores colours written with up to two decimals exactly (`_channel`).
- pdfminer applies the page's /Rotate to everything; pdfium's text coordinates are unrotated
  user space, so the same rotation is applied here (`_Frame`).
"""

from __future__ import annotations

import ctypes
import functools
import gc
import hashlib
import io
import itertools
import logging
import math
import mmap
import re
import struct
from collections import OrderedDict
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, NamedTuple, cast

import pypdfium2 as pdfium
import pypdfium2.raw as fpdf

from extract import signals
from extract.document import (
    RGB,
    Char,
    DocumentInfo,
    LinkAnnotation,
    PageContent,
    PageWarning,
    Reader,
)
from extract.errors import CatalogueError, Encrypted, InputNotFound, NotAPdf
from extract.readers.pdfplumber_reader import (
    NO_PAGES,
    UNMAPPED,
    _password_problem,
    _short,
    base_font,
    decode_uri,
    font_style,
    links_unreadable,
    page_damage,
    r3,
    unmapped_note,
)

# fontTools logs what it finds odd in a font program (a timestamp out of range, extra table
# data) to stderr, beside the one-line error or summary. Damage to a font program is reported
# as the page's warning (see `integrity`); the rest is none of the user's concern.
logging.getLogger("fontTools").addHandler(logging.NullHandler())

Matrix = tuple[float, float, float, float, float, float]
Box = tuple[float, float, float, float]

IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
NEAR = 1e-3  # below this, a difference of text-space coordinates is float32 noise
MAX_FORM_DEPTH = 32
PROGRAMS_KEPT = 32  # parsed font programs kept per document (a CJK font can be megabytes)
DOCUMENT_NOTES = 3  # repairs named in the document's warning
PDFIUM_HYPHEN = 0x2  # what pdfium turns a line-end hyphen into
MADE_UP = frozenset((0x20, 0x0A, 0x0D))  # what pdfium adds of its own: spaces, line breaks

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


class PdfiumReader(Reader):
    """pdfium's characters and annotations, measured and ordered as pdfminer gives them."""

    name = "pdfium"

    def __init__(self, path: Path, password: str | None = None) -> None:
        from extract.readers.integrity import Integrity

        self.path = path
        self.pdf = _load(path, password)
        self._count = len(self.pdf)
        self._programs = _ProgramCache(path)
        self._integrity = Integrity(path, password, pages=self._count)

    def info(self) -> DocumentInfo:
        title = self.pdf.get_metadata_value("Title")
        repairs = list(self._integrity.opening)
        if not fpdf.FPDF_DocumentHasValidCrossReferenceTable(self.pdf.raw):
            repairs.insert(0, "its cross-reference table is damaged and was rebuilt")
        warnings = (
            (
                PageWarning(
                    "document-repaired",
                    f"file read with repairs ({'; '.join(repairs[:DOCUMENT_NOTES])}); "
                    "check the records against the PDF",
                ),
            )
            if repairs
            else ()
        )
        return DocumentInfo(title=title or None, page_count=self._count, warnings=warnings)

    def pages(self, numbers: range | None = None) -> Iterator[PageContent]:
        for index in numbers if numbers is not None else range(self._count):
            # Built, and its pdfium objects closed, before it is handed out: nothing native
            # outlives a page, however long the consumer keeps it.
            yield self._page(index)

    def _page(self, index: int) -> PageContent:
        page = textpage = None
        # A page makes some 5,000 short-lived tuples and lists, none in a cycle: left on, the
        # cyclic collector would run several times a page and, on a long document, go over
        # every page read so far each time (a sixth of the whole run on 1,000 pages).
        collecting = gc.isenabled()
        try:
            # Each native object is made and named with the time limit held back, and closed
            # below whatever stops the page: left open, pypdfium2 would close it at exit and
            # say so on stderr, beside the one-line error.
            with signals.held():
                page = self._load_page(index)
            frame = _Frame.of(page.raw)
            with signals.held():
                textpage = page.get_textpage()
            gc.disable()
            chars, unmapped = _PageText(page.raw, textpage.raw, frame, self._programs).read()
            if collecting:
                gc.enable()
            links, link_warnings = _links(self.pdf.raw, page.raw, frame)
        finally:
            if collecting:
                gc.enable()
            with signals.held():  # the alarm rings again each second: not in the middle of this
                if textpage is not None:
                    textpage.close()
                if page is not None:
                    page.close()
        problems = self._integrity.page(index)
        damage = tuple(page_damage(note) for note in problems.streams)
        if unmapped:
            damage += (page_damage(unmapped_note(unmapped)),)
        link_warnings += tuple(links_unreadable(note) for note in problems.links)
        return PageContent(
            number=index + 1,
            width=r3(frame.width),
            height=r3(frame.height),
            rotation=frame.rotation,
            chars=chars,
            links=links,
            warnings=damage + link_warnings,
        )

    def _load_page(self, index: int) -> Any:
        try:
            return self.pdf[index]
        except pdfium.PdfiumError as exc:
            raise NotAPdf(self.path, f"damaged PDF (page {index + 1}: {_short(exc)})") from exc

    def close(self) -> None:
        with signals.held():
            self._integrity.close()
            self.pdf.close()


def _load(path: Path, password: str | None) -> Any:
    try:
        with signals.held():
            return pdfium.PdfDocument(path, password=password or None)
    except FileNotFoundError as exc:
        raise InputNotFound(path, "no such file") from exc
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == fpdf.FPDF_ERR_PASSWORD:
            raise Encrypted(path, _password_problem(password)) from exc
        if code == fpdf.FPDF_ERR_SECURITY:
            raise Encrypted(path, f"encrypted with an unsupported scheme ({_short(exc)})") from exc
        if code == fpdf.FPDF_ERR_SUCCESS:  # parsed, but pdfium found no page to load
            raise NotAPdf(path, NO_PAGES) from exc
        raise NotAPdf(path, f"damaged PDF ({_short(exc)})") from exc


# ---------------------------------------------------------------------------------------------
# Page frame: pdfminer's page rotation, then pdfplumber's top-left coordinates.


@dataclass(frozen=True, slots=True)
class _Frame:
    rotation: int
    ctm: Matrix  # pdfminer's user space → rotated page
    width: float
    height: float
    x_shift: float  # pdfplumber moves x back by the MediaBox's left edge
    top_shift: float
    link_edge: float  # what the reference flips link rectangles against

    @classmethod
    def of(cls, page: Any) -> _Frame:
        x0, y0, x1, y1 = _mediabox(page)
        rotation = {1: 90, 2: 180, 3: 270}.get(fpdf.FPDFPage_GetRotation(page), 0)
        ctm: Matrix = {
            90: (0.0, -1.0, 1.0, 0.0, -y0, x1),
            180: (-1.0, 0.0, 0.0, -1.0, x1, y1),
            270: (0.0, 1.0, -1.0, 0.0, y1, -x0),
        }.get(rotation, (1.0, 0.0, 0.0, 1.0, -x0, -y0))
        # pdfplumber's boxes: sorted corners, axes swapped for quarter turns, then flipped.
        (lx, hx), (ly, hy) = sorted((x0, x1)), sorted((y0, y1))
        if rotation in (90, 270):
            lx, ly, hx, hy = ly, lx, hy, hx
        height = hy - ly
        return cls(rotation, ctm, hx - lx, height, lx, height - hy, height - ly)


def _mediabox(page: Any) -> Box:
    """The page's MediaBox. pdfium reads only a page's own, so an inherited one comes from its
    bounding box: the same, unless a CropBox clips it (pdfminer would not clip)."""
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    if fpdf.FPDFPage_GetMediaBox(page, left, bottom, right, top):
        return (_snap(left.value), _snap(bottom.value), _snap(right.value), _snap(top.value))
    rect = fpdf.FS_RECTF()
    if fpdf.FPDF_GetPageBoundingBox(page, rect):
        return (_snap(rect.left), _snap(rect.bottom), _snap(rect.right), _snap(rect.top))
    return (0.0, 0.0, 612.0, 792.0)  # pdfminer's default too


# ---------------------------------------------------------------------------------------------
# Characters.


class _Glyph(NamedTuple):  # a tuple: one is made per glyph, and never changed
    text: str
    t: float  # origin along the text object's baseline, in text space, where pdfium put it
    width: float  # the width pdfium used, in 1/1000 em (a whole number for most fonts)
    hyphen: bool = False  # a line-end hyphen: pdfium dropped the spaces after it


@dataclass(frozen=True, slots=True)
class _Run:
    """What a text object fixes for all its glyphs."""

    matrix: Matrix  # text space → user space, forms included; (e, f) is the object's start
    size: float
    font: _Font
    colour: RGB


@dataclass(slots=True)
class _TextObject:
    handle: Any
    parent: Matrix  # the form XObjects it is drawn in, composed; identity on the page itself
    run: _Run | None = None
    glyphs: list[_Glyph] = field(default_factory=list)
    generated: list[float] = field(default_factory=list)  # where pdfium made up spaces
    box: Box | None = None
    # As pdfium gives them: (char index, text, hyphen, origin x, origin y) of its glyphs, and
    # the origins of the spaces it made up.
    found: list[tuple[int, str, bool, float, float]] = field(default_factory=list)
    # A glyph pdfium gave as several chars (a ligature): its first char index → its last.
    spans: dict[int, int] = field(default_factory=dict)
    made_up: list[tuple[float, float]] = field(default_factory=list)

    def bounds(self) -> Box:
        if self.box is None:
            edges = (ctypes.c_float(), ctypes.c_float(), ctypes.c_float(), ctypes.c_float())
            ok = fpdf.FPDFPageObj_GetBounds(self.handle, *edges)
            self.box = (
                (edges[0].value, edges[1].value, edges[2].value, edges[3].value)
                if ok
                else (0.0, 0.0, 0.0, 0.0)
            )
        return self.box


class _PageText:
    """One page's glyphs as pdfminer sees them: content-stream order, nothing dropped."""

    def __init__(self, page: Any, textpage: Any, frame: _Frame, programs: _ProgramCache) -> None:
        self.page = page
        self.textpage = textpage
        self.frame = frame
        self.fonts = _FontBook(programs)
        self.unmapped = 0
        # ctypes out-parameters, reused for every glyph
        self._x, self._y = ctypes.c_double(), ctypes.c_double()
        self._loose = fpdf.FS_RECTF()
        self._ink = (ctypes.c_double(), ctypes.c_double(), ctypes.c_double(), ctypes.c_double())
        self._known_widths: dict[tuple[int, float, float, float, float, float], dict[str, float]]
        self._known_widths = {}

    def read(self) -> tuple[tuple[Char, ...], int]:
        chars: list[Char] = []
        recent: list[_TextObject] = []  # pdfium compares an object with the five before it
        for obj in self._objects():
            if obj.glyphs:
                obj.glyphs = self._restore_spaces(obj)
            else:
                found = self._repeated(obj, recent) or self._lone_space(obj)
                if found is None:
                    continue
                obj = found
            recent = [*recent[-4:], obj]
            chars.extend(self._emit(obj))
        return tuple(chars), self.unmapped

    # -- pdfium's glyphs, by text object in content order ------------------------------------

    def _objects(self) -> list[_TextObject]:
        objects = {_address(h): _TextObject(h, parent) for h, parent in _content_order(self.page)}
        extra: dict[int, _TextObject] = {}
        # About 1,500 glyphs a page go through this loop, so it does no more than ask pdfium:
        # functions and out-parameters are looked up once, and positions along the baseline
        # and widths are worked out afterwards, object by object.
        tp, x, y = self.textpage, self._x, self._y
        x_out, y_out = ctypes.byref(x), ctypes.byref(y)
        calls = _calls()
        object_at, origin_at, unicode_at = calls.text_object, calls.origin, calls.unicode
        generated_at, hyphen_at, unmapped_at = calls.generated, calls.hyphen, calls.unmapped
        current, obj = 0, _TextObject(None, IDENTITY)
        found, made_up = obj.found, obj.made_up
        for i in range(fpdf.FPDFText_CountChars(tp)):
            key = object_at(tp, i)
            if not key:
                continue  # a line break pdfium made up
            if key != current:
                current = key
                obj = (
                    objects.get(key)
                    or extra.get(key)
                    or extra.setdefault(
                        key, _TextObject(ctypes.cast(key, fpdf.FPDF_PAGEOBJECT), IDENTITY)
                    )
                )
                found, made_up = obj.found, obj.made_up
            origin_at(tp, i, x_out, y_out)
            ox, oy = x.value, y.value
            code = unicode_at(tp, i)
            # pdfium makes up only spaces and line breaks: other glyphs need not be asked.
            if code in MADE_UP and generated_at(tp, i):
                made_up.append((ox, oy))
                continue
            hyphen = False
            if code == PDFIUM_HYPHEN and hyphen_at(tp, i):
                text, hyphen = "-", True
            elif unmapped_at(tp, i):
                self.unmapped += 1
                text = UNMAPPED
            else:
                text = chr(code) if code <= 0x10FFFF else UNMAPPED
            if not hyphen and found and found[-1][3] == ox and found[-1][4] == oy:
                last = found[-1]  # one glyph, several code points (a ligature)
                found[-1] = (last[0], last[1] + text, last[2], ox, oy)
                obj.spans[last[0]] = i
                continue
            found.append((i, text, hyphen, ox, oy))
        everything = [*objects.values(), *extra.values()]
        for obj in everything:
            if obj.found or obj.made_up:
                self._glyphs(obj)
        return everything

    def _glyphs(self, obj: _TextObject) -> None:
        """The object's glyphs where pdfium put them along its baseline, with their widths."""
        run = obj.run = self._run(obj)
        a, b, c, d, e, f = run.matrix
        norm = a * a + b * b
        obj.generated = [
            ((x - e) * a + (y - f) * b) / norm if norm else 0.0 for x, y in obj.made_up
        ]
        # A glyph's width is measured once per glyph of a font at a size and direction: the
        # measure is relative to the glyph's origin, the same wherever it is.
        key = (id(run.font), run.size, a, b, c, d)
        known = self._known_widths.get(key)
        if known is None:
            known = self._known_widths[key] = {}
        glyphs = obj.glyphs
        for index, text, hyphen, x, y in obj.found:
            t = ((x - e) * a + (y - f) * b) / norm if norm else 0.0
            if index in obj.spans:
                # One glyph that pdfium read as several letters (a ligature mapped to its
                # letters, or an /ActualText span): pdfium shares its box out among them, so
                # no letter's box ends at the glyph's advance. The next glyph's origin does.
                last = obj.spans[index]
                width = self._advance_to_next(last, run, x, y)
                if width is None:
                    width = self._truncated_width(index, run, t, text, last)
                glyphs.append(_Glyph(text, t, width, hyphen))
                continue
            cached = known.get(text) if not hyphen else None
            if cached is not None:
                width = cached
            else:
                width = self._truncated_width(index, run, t, text)
                # Not kept: unmapped glyphs (one text, many glyphs), pdfium's hyphens (its own
                # box), and widths off a whole number, whose last digit is float32 noise.
                if text != UNMAPPED and not hyphen and width == int(width):
                    known[text] = width
            glyphs.append(_Glyph(text, t, width, hyphen))

    def _advance_to_next(self, last: int, run: _Run, x: float, y: float) -> float | None:
        """The advance of a glyph at user-space (x, y) whose last char is `last`, measured to
        the origin of the char pdfium gives next, when that one follows on the same baseline."""
        if last + 1 >= fpdf.FPDFText_CountChars(self.textpage) or run.size <= 0:
            return None
        if fpdf.FPDFText_IsGenerated(self.textpage, last + 1):
            return None
        nx, ny = ctypes.c_double(), ctypes.c_double()
        if not fpdf.FPDFText_GetCharOrigin(self.textpage, last + 1, nx, ny):
            return None
        a, b = run.matrix[0], run.matrix[1]
        scale = math.hypot(a, b)
        if scale <= 0:
            return None
        along = ((nx.value - x) * a + (ny.value - y) * b) / scale  # user-space distance along
        across = ((ny.value - y) * a - (nx.value - x) * b) / scale
        em = run.size * scale
        if not 0 < along < 2 * em or abs(across) > 0.1 * em:
            return None
        return _whole(along / scale / run.size * 1000)

    def _run(self, obj: _TextObject) -> _Run:
        m = fpdf.FS_MATRIX()
        size = ctypes.c_float()
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        fpdf.FPDFPageObj_GetMatrix(obj.handle, m)
        fpdf.FPDFTextObj_GetFontSize(obj.handle, size)
        fpdf.FPDFPageObj_GetFillColor(obj.handle, r, g, b, a)
        own = (_snap(m.a), _snap(m.b), _snap(m.c), _snap(m.d), _snap(m.e), _snap(m.f))
        return _Run(
            matrix=_mult(own, obj.parent),
            size=_snap(size.value),
            font=self.fonts.font(fpdf.FPDFTextObj_GetFont(obj.handle)),
            colour=(_channel(r.value), _channel(g.value), _channel(b.value)),
        )

    def _truncated_width(
        self, index: int, run: _Run, t: float, text: str, last: int | None = None
    ) -> float:
        """The width pdfium gave the glyph, read off its loose box where that box ends at the
        advance. The loose box is the advance box grown to the ink: where ink overhangs (f, j,
        italics), or the text is not axis-aligned, the width comes from the font instead.

        A ligature that pdfium reads as several chars (from an /ActualText span) shares its box
        out among them: the glyph's box is then the last char's, whose loose box ends at the
        glyph's advance."""
        tp, loose, ink = self.textpage, self._loose, self._ink
        if last is not None:
            index = last
        if (
            run.size > 0
            and fpdf.FPDFText_GetLooseCharBox(tp, index, loose)
            and fpdf.FPDFText_GetCharBox(tp, index, *ink)
        ):
            a, b, c, d, e, _ = run.matrix
            if b == 0 and c == 0 and a > 0 and d > 0:  # upright text: the common case, direct
                outer_end, ink_end = (loose.right - e) / a, (ink[1].value - e) / a
                ink_height = (ink[3].value - ink[2].value) / d
            else:
                outer = _text_box(run.matrix, (loose.left, loose.bottom, loose.right, loose.top))
                inner = _text_box(
                    run.matrix, (ink[0].value, ink[2].value, ink[1].value, ink[3].value)
                )
                if outer is None or inner is None:
                    return run.font.pdfium_width(text)
                outer_end, ink_end, ink_height = outer[2], inner[2], inner[3] - inner[1]
            inkless = ink_height < 0.05 * run.size  # pdfium's box for a space
            if inkless or outer_end > ink_end + NEAR:
                return _whole((max(outer_end, ink_end) - t) / run.size * 1000)
        return run.font.pdfium_width(text)

    # -- what pdfium dropped -----------------------------------------------------------------

    def _restore_spaces(self, obj: _TextObject) -> list[_Glyph]:
        """The object's glyphs in content order, with the spaces pdfium dropped put back."""
        glyphs = sorted(obj.glyphs, key=lambda g: g.t)
        run = obj.run
        if run is None:
            return glyphs
        glyphs = _with_anchored_spaces(glyphs, obj.generated, run)
        if not any(g.text == " " or g.hyphen for g in glyphs):
            return glyphs
        spacing = _Spacing.of(glyphs, run)
        out: list[_Glyph] = []
        for glyph, following in zip(glyphs, [*glyphs[1:], None], strict=True):
            out.append(glyph)
            if following is None:
                out += self._trailing_spaces(obj, glyph, spacing)
            elif glyph.text == " ":
                out += spacing.run_after(glyph, following.t - glyph.t, inclusive=False)
        return out

    def _trailing_spaces(self, obj: _TextObject, last: _Glyph, spacing: _Spacing) -> list[_Glyph]:
        """Spaces after the object's last kept glyph, counted up to where its bounds end (a space
        has no ink, so pdfium's bounds end at the last space's origin)."""
        if last.text != " " and not last.hyphen:
            return []
        end = _object_end(obj.handle)
        if end is None:
            return []
        if last.text == " ":
            return spacing.run_after(last, end - last.t, inclusive=True)
        first = last.t + spacing.advance(last)
        if end < first - NEAR:
            return []
        space = _Glyph(" ", first, spacing.space_width)
        return [space, *spacing.run_after(space, end - first, inclusive=True)]

    def _repeated(self, obj: _TextObject, recent: list[_TextObject]) -> _TextObject | None:
        """A text object pdfium dropped as a repeat of a recent one (overprinted faux bold):
        the same glyphs, with this object's own place and paint."""
        left, bottom, right, top = obj.bounds()
        if right - left < 0.01:
            return None
        run = self._run(obj)
        for other in reversed(recent):
            o_left, o_bottom, o_right, o_top = other.bounds()
            if (
                other.run is not None
                and abs(other.run.size - run.size) < NEAR
                and abs((o_right - o_left) - (right - left)) < 0.01
                and abs((o_top - o_bottom) - (top - bottom)) < 0.01
            ):
                return _TextObject(obj.handle, obj.parent, run, list(other.glyphs), box=obj.box)
        return None

    def _lone_space(self, obj: _TextObject) -> _TextObject | None:
        """A text object of one inkless glyph, which pdfium drops for having no width. Word
        processors draw word spaces so, each in its own object: it is read as the font's space,
        the one inkless glyph fonts commonly have."""
        left, bottom, right, top = obj.bounds()
        if right - left > NEAR or top - bottom > NEAR:
            return None
        run = self._run(obj)
        space = _Glyph(" ", 0.0, run.font.pdfium_width(" "))
        return _TextObject(obj.handle, obj.parent, run, [space], box=obj.box)

    # -- pdfminer's chars --------------------------------------------------------------------

    def _emit(self, obj: _TextObject) -> list[Char]:
        if obj.run is None:
            return []
        return _CharMaker(obj.run, self.frame).chars(obj.glyphs)


@dataclass(frozen=True, slots=True)
class _Spacing:
    """How far apart a text object's spaces are: the space's advance plus Tc (and Tw)."""

    steps: tuple[float, ...]  # candidate distances from one space to the next, likeliest first
    space_width: float
    char_space: float
    size: float

    @classmethod
    def of(cls, glyphs: list[_Glyph], run: _Run) -> _Spacing:
        spaces = [g for g in glyphs if g.text == " "]
        width = spaces[0].width if spaces else run.font.pdfium_width(" ")
        char_space = _char_space(glyphs, run.size)
        steps = [width * run.size / 1000 + char_space]  # no word spacing (Tw 0): the usual case
        gaps = [n.t - g.t for g, n in itertools.pairwise(glyphs) if g.text == " "]
        if gaps and min(gaps) > steps[0] + NEAR:
            steps.append(min(gaps))  # Tw set: the shortest gap after a space is a single space
        return cls(tuple(s for s in steps if s > NEAR), width, char_space, run.size)

    def count(self, distance: float) -> tuple[int, float]:
        """How many steps make `distance`, and the step, if it is a whole number of one.

        The tolerance is float32 noise, far below any kerning: a space followed by a kerned gap
        is not taken for a run of spaces.
        """
        for step in self.steps:
            n = round(distance / step)
            if n >= 1 and abs(distance - n * step) <= 0.0005 * self.size + 0.002:
                return n, step
        return 0, 0.0

    def run_after(self, space: _Glyph, distance: float, inclusive: bool) -> list[_Glyph]:
        """The spaces that follow `space` evenly over `distance`: up to a glyph that comes
        next, or up to and including the last space where the distance ends on one."""
        n, step = self.count(distance)
        missing = n if inclusive else n - 1
        return [_Glyph(" ", space.t + step * (j + 1), self.space_width) for j in range(missing)]

    def advance(self, glyph: _Glyph) -> float:
        return glyph.width * self.size / 1000 + self.char_space


def _with_anchored_spaces(glyphs: list[_Glyph], generated: list[float], run: _Run) -> list[_Glyph]:
    """Real spaces pdfium replaced by one of its own.

    pdfium makes up a space where a kerning gap opens before a glyph, at that glyph's origin;
    when the glyph is itself a space, the made-up one stays and the real one goes. A made-up
    space between two kept glyphs, at no kept glyph's origin, marks such a dropped space.
    """
    if not generated or len(glyphs) < 2:
        return glyphs
    width = next((g.width for g in glyphs if g.text == " "), None)
    found = [
        _Glyph(" ", t, run.font.pdfium_width(" ") if width is None else width)
        for t in generated
        if glyphs[0].t + NEAR < t < glyphs[-1].t - NEAR and all(abs(g.t - t) > NEAR for g in glyphs)
    ]
    return sorted([*glyphs, *found], key=lambda g: g.t) if found else glyphs


def _char_space(glyphs: list[_Glyph], size: float) -> float:
    """Tc: the commonest gap between consecutive glyphs beyond their widths (0 if unknown)."""
    counts: dict[float, int] = {}
    for g, n in itertools.pairwise(glyphs):
        if g.text != " " and n.text != " ":
            gap = round(n.t - g.t - g.width * size / 1000, 3)
            counts[gap] = counts.get(gap, 0) + 1
    return max(counts, key=lambda k: (counts[k], -abs(k))) if counts else 0.0


def _content_order(page: Any) -> list[tuple[Any, Matrix]]:
    """The page's text objects in content-stream order, those of form XObjects where they are
    drawn, each with the matrix of the forms around it."""
    found: list[tuple[Any, Matrix]] = []

    def walk(count: int, get: Callable[[int], Any], parent: Matrix, depth: int) -> None:
        for i in range(count):
            obj = get(i)
            kind = fpdf.FPDFPageObj_GetType(obj)
            if kind == fpdf.FPDF_PAGEOBJ_TEXT:
                found.append((obj, parent))
            elif kind == fpdf.FPDF_PAGEOBJ_FORM and depth < MAX_FORM_DEPTH:
                m = fpdf.FS_MATRIX()
                fpdf.FPDFPageObj_GetMatrix(obj, m)
                form = (_snap(m.a), _snap(m.b), _snap(m.c), _snap(m.d), _snap(m.e), _snap(m.f))
                walk(
                    fpdf.FPDFFormObj_CountObjects(obj),
                    _form_getter(obj),
                    _mult(form, parent),
                    depth + 1,
                )

    walk(fpdf.FPDFPage_CountObjects(page), lambda i: fpdf.FPDFPage_GetObject(page, i), IDENTITY, 0)
    return found


def _form_getter(form: Any) -> Callable[[int], Any]:
    return lambda j: fpdf.FPDFFormObj_GetObject(form, j)


@dataclass(frozen=True)
class _Calls:
    """The pdfium functions called for every glyph, without ctypes' argument conversion (half
    their cost): callers pass only the text page, a char index and `byref` out-parameters, which
    ctypes passes as they are. Object handles come back as addresses, which key the page's
    objects with no cast."""

    text_object: Callable[..., int | None]
    origin: Callable[..., int]
    unicode: Callable[..., int]
    generated: Callable[..., int]
    hyphen: Callable[..., int]
    unmapped: Callable[..., int]


@functools.cache
def _calls() -> _Calls:
    def bare(function: Any, restype: Any = ctypes.c_int) -> Callable[..., Any]:
        prototype: Callable[..., Any] = ctypes.CFUNCTYPE(restype)(_address(function))
        return prototype

    return _Calls(
        text_object=bare(fpdf.FPDFText_GetTextObject, ctypes.c_void_p),
        origin=bare(fpdf.FPDFText_GetCharOrigin),
        unicode=bare(fpdf.FPDFText_GetUnicode, ctypes.c_uint),
        generated=bare(fpdf.FPDFText_IsGenerated),
        hyphen=bare(fpdf.FPDFText_IsHyphen),
        unmapped=bare(fpdf.FPDFText_HasUnicodeMapError),
    )


def _address(handle: Any) -> int:
    return ctypes.cast(handle, ctypes.c_void_p).value or 0


def _snap(value: float) -> float:
    """A float32 number as the shortest decimal with that float32 value: what the producer
    wrote, which pdfminer has exactly (718.5398, not 718.53979492)."""
    # Zeros are left out of the cache, where 0.0 and -0.0 are one key.
    return value if value == 0.0 else _snap_nonzero(value)


@functools.lru_cache(maxsize=4096)  # sizes and scales recur on every page
def _snap_nonzero(value: float) -> float:
    for digits in range(7):
        written = round(value, digits)
        if _float32(written) == value:
            return written
    return value


def _float32(value: float) -> float:
    return float(struct.unpack("f", struct.pack("f", value))[0])


def _whole(units: float) -> float:
    """A width measured through float32 geometry, back on the whole number it was."""
    nearest = round(units)
    return float(nearest) if abs(units - nearest) < 0.05 else round(units, 3)


def _along(m: Matrix, x: float, y: float) -> float:
    """Where a user-space point falls along the text object's baseline, in text space."""
    a, b, _, _, e, f = m
    norm = a * a + b * b
    return ((x - e) * a + (y - f) * b) / norm if norm else 0.0


def _text_box(m: Matrix, box: Box) -> Box | None:
    """A user-space box in the text object's own axes (along, across the baseline), for
    axis-aligned text only."""
    a, b, c, d, e, f = m
    left, bottom, right, top = box
    if abs(b) < NEAR * abs(a) and abs(c) < NEAR * abs(d):
        along, across = ((left - e) / a, (right - e) / a), ((bottom - f) / d, (top - f) / d)
    elif abs(a) < NEAR * abs(b) and abs(d) < NEAR * abs(c):
        along, across = ((bottom - f) / b, (top - f) / b), ((left - e) / c, (right - e) / c)
    else:
        return None
    return (min(along), min(across), max(along), max(across))


def _object_end(handle: Any) -> float | None:
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


class _CharMaker:
    """Makes the chars pdfminer would make of one text object's glyphs, in pdfplumber's
    coordinates. Products and sums follow pdfminer's order, so that values on a rounding tie
    round the same way."""

    def __init__(self, run: _Run, frame: _Frame) -> None:
        a, b, c, d, _, _ = run.matrix
        self.a, self.b, self.c, self.d = _mult((a, b, c, d, 0.0, 0.0), frame.ctm)[:4]
        self.run, self.frame = run, frame
        self.low = run.font.descent * 0.001 * run.size
        self.high = self.low + run.size
        self.upright = self.a * self.d > 0 and self.b * self.c <= 0

    def chars(self, glyphs: list[_Glyph]) -> list[Char]:
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
        previous: _Glyph | None = None
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


def _mult(m1: Matrix, m0: Matrix) -> Matrix:
    """m1 then m0, as pdfminer and pdfium compose matrices."""
    a1, b1, c1, d1, e1, f1 = m1
    a0, b0, c0, d0, e0, f0 = m0
    return (
        a0 * a1 + c0 * b1,
        b0 * a1 + d0 * b1,
        a0 * c1 + c0 * d1,
        b0 * c1 + d0 * d1,
        a0 * e1 + c0 * f1 + e0,
        b0 * e1 + d0 * f1 + f0,
    )


@functools.cache
def _channel(value: int) -> float:
    """An 8-bit channel back in 0..1: the shortest decimal that pdfium would round to it."""
    low, high, exact = (value - 0.5) / 255, (value + 0.5) / 255, value / 255
    for digits in (0, 1, 2, 3):
        step = 10.0**-digits
        first, last = math.ceil(low / step - 1e-9), math.floor(high / step + 1e-9)
        if first <= last:
            best = min(range(first, last + 1), key=lambda k: abs(k * step - exact))
            return round(best * step, 3)
    return round(exact, 3)


# ---------------------------------------------------------------------------------------------
# Fonts: names, and the exact widths and descents that pdfium truncates.


@dataclass(slots=True)
class _Font:
    handle: Any
    name: str
    bold: bool
    italic: bool
    descent: float  # 1/1000 em, as pdfminer reads it
    program: _Program | None  # set when the file writes fractional widths
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


class _FontBook:
    """The fonts of one page, by pdfium handle (valid while the page is open)."""

    def __init__(self, programs: _ProgramCache) -> None:
        self.programs = programs
        self.fonts: dict[int, _Font] = {}

    def font(self, handle: Any) -> _Font:
        key = _address(handle)
        found = self.fonts.get(key)
        if found is None:
            found = self.fonts[key] = self._read(handle)
        return found

    def _read(self, handle: Any) -> _Font:
        name = base_font(_font_name(handle))
        bold, italic = font_style(name)
        embedded = bool(fpdf.FPDFFont_GetIsEmbedded(handle))
        facts = self.programs.facts()
        if name in STANDARD_DESCENT and (not embedded or name in facts.untagged_fonts):
            descent = STANDARD_DESCENT[name]
            return _Font(handle, name, bold, italic, descent, None)
        program = None
        if embedded and (facts.fractional_widths or facts.fractional_descents):
            program = self.programs.get(_font_data(handle))
        descent = _descent(handle, program if facts.fractional_descents else None)
        widths_from = program if facts.fractional_widths else None
        return _Font(handle, name, bold, italic, descent, widths_from)


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


def _descent(handle: Any, program: _Program | None) -> float:
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
class _Program:
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
    def parse(cls, data: bytes) -> _Program | None:
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


class _ProgramCache:
    """A document's font programs, parsed once, the most recently used kept."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.parsed: OrderedDict[bytes, _Program | None] = OrderedDict()
        self._facts: _FileFacts | None = None

    def facts(self) -> _FileFacts:
        if self._facts is None:
            self._facts = _FileFacts.scan(self.path)
        return self._facts

    def get(self, data: bytes) -> _Program | None:
        if not data:
            return None
        key = hashlib.blake2b(data, digest_size=16).digest()
        if key in self.parsed:
            self.parsed.move_to_end(key)
            return self.parsed[key]
        program = self.parsed[key] = _Program.parse(data)
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
class _FileFacts:
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
    def scan(cls, path: Path) -> _FileFacts:
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


# ---------------------------------------------------------------------------------------------
# Link annotations.


def _links(
    doc: Any, page: Any, frame: _Frame
) -> tuple[tuple[LinkAnnotation, ...], tuple[PageWarning, ...]]:
    """URI link annotations in /Annots order, in the reference's rectangle convention."""
    found: list[LinkAnnotation] = []
    try:
        for i in range(fpdf.FPDFPage_GetAnnotCount(page)):
            annot = fpdf.FPDFPage_GetAnnot(page, i)
            if not annot:
                continue
            try:
                link = _link(doc, annot, frame)
            finally:
                fpdf.FPDFPage_CloseAnnot(annot)
            if link is not None:
                found.append(link)
    except CatalogueError:
        raise  # the time limit, not a damaged annotation
    except Exception as exc:  # a malformed annotation must not lose the page's text
        return (), (links_unreadable(_short(exc)),)
    return tuple(found), ()


def _link(doc: Any, annot: Any, frame: _Frame) -> LinkAnnotation | None:
    if fpdf.FPDFAnnot_GetSubtype(annot) != fpdf.FPDF_ANNOT_LINK:
        return None
    link = fpdf.FPDFAnnot_GetLink(annot)
    action = fpdf.FPDFLink_GetAction(link) if link else None
    if not action or fpdf.FPDFAction_GetType(action) != fpdf.PDFACTION_URI:
        return None
    uri = decode_uri(_uri_bytes(doc, action))
    rect = fpdf.FS_RECTF()
    if not uri or not fpdf.FPDFAnnot_GetRect(annot, rect):
        return None
    # pdfium keeps the rectangle in float32: the decimals the file wrote come back first (a
    # 165.25 read as 165.2499 would round to another tenth than the reference's).
    left, right = _snap(rect.left), _snap(rect.right)
    low, high = sorted((_snap(rect.bottom), _snap(rect.top)))
    # The reference flips against the MediaBox's flipped bottom edge, whatever the rotation.
    return LinkAnnotation(
        uri.strip(),
        r3(min(left, right)),
        r3(frame.link_edge - high),
        r3(max(left, right)),
        r3(frame.link_edge - low),
    )


def _uri_bytes(doc: Any, action: Any) -> bytes:
    size = fpdf.FPDFAction_GetURIPath(doc, action, None, 0)
    if size <= 0:
        return b""
    buffer = ctypes.create_string_buffer(size)
    fpdf.FPDFAction_GetURIPath(doc, action, buffer, size)
    return buffer.raw[: size - 1]  # without the terminating NUL
