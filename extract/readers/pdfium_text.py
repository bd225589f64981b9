"""The pdfium reader's text: a page's glyphs regrouped by text object in content-stream order,
with what pdfium's text page drops or adds put right (see `pdfium_reader`)."""

from __future__ import annotations

import ctypes
import functools
import itertools
import math
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import pypdfium2.raw as fpdf

from extract.document import (
    Char,
)
from extract.readers.common import (
    UNMAPPED,
)
from extract.readers.pdfium_chars import CharMaker, Glyph, Run, channel, object_end
from extract.readers.pdfium_fonts import FontBook, ProgramCache
from extract.readers.pdfium_geometry import (
    IDENTITY,
    NEAR,
    Box,
    Frame,
    Matrix,
    address,
    mult,
    snap,
    text_box,
    whole,
)

MAX_FORM_DEPTH = 32


PDFIUM_HYPHEN = 0x2  # what pdfium turns a line-end hyphen into


MADE_UP = frozenset((0x20, 0x0A, 0x0D))  # what pdfium adds of its own: spaces, line breaks


@dataclass(slots=True)
class _TextObject:
    handle: Any
    parent: Matrix  # the form XObjects it is drawn in, composed; identity on the page itself
    run: Run | None = None
    glyphs: list[Glyph] = field(default_factory=list)
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


class PageText:
    """One page's glyphs as pdfminer sees them: content-stream order, nothing dropped."""

    def __init__(self, page: Any, textpage: Any, frame: Frame, programs: ProgramCache) -> None:
        self.page = page
        self.textpage = textpage
        self.frame = frame
        self.fonts = FontBook(programs)
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
        objects = {address(h): _TextObject(h, parent) for h, parent in _content_order(self.page)}
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
                glyphs.append(Glyph(text, t, width, hyphen))
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
            glyphs.append(Glyph(text, t, width, hyphen))

    def _advance_to_next(self, last: int, run: Run, x: float, y: float) -> float | None:
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
        return whole(along / scale / run.size * 1000)

    def _run(self, obj: _TextObject) -> Run:
        m = fpdf.FS_MATRIX()
        size = ctypes.c_float()
        r, g, b, a = (ctypes.c_uint() for _ in range(4))
        fpdf.FPDFPageObj_GetMatrix(obj.handle, m)
        fpdf.FPDFTextObj_GetFontSize(obj.handle, size)
        fpdf.FPDFPageObj_GetFillColor(obj.handle, r, g, b, a)
        own = (snap(m.a), snap(m.b), snap(m.c), snap(m.d), snap(m.e), snap(m.f))
        return Run(
            matrix=mult(own, obj.parent),
            size=snap(size.value),
            font=self.fonts.font(fpdf.FPDFTextObj_GetFont(obj.handle)),
            colour=(channel(r.value), channel(g.value), channel(b.value)),
        )

    def _truncated_width(
        self, index: int, run: Run, t: float, text: str, last: int | None = None
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
                outer = text_box(run.matrix, (loose.left, loose.bottom, loose.right, loose.top))
                inner = text_box(
                    run.matrix, (ink[0].value, ink[2].value, ink[1].value, ink[3].value)
                )
                if outer is None or inner is None:
                    return run.font.pdfium_width(text)
                outer_end, ink_end, ink_height = outer[2], inner[2], inner[3] - inner[1]
            inkless = ink_height < 0.05 * run.size  # pdfium's box for a space
            if inkless or outer_end > ink_end + NEAR:
                return whole((max(outer_end, ink_end) - t) / run.size * 1000)
        return run.font.pdfium_width(text)

    # -- what pdfium dropped -----------------------------------------------------------------

    def _restore_spaces(self, obj: _TextObject) -> list[Glyph]:
        """The object's glyphs in content order, with the spaces pdfium dropped put back."""
        glyphs = sorted(obj.glyphs, key=lambda g: g.t)
        run = obj.run
        if run is None:
            return glyphs
        glyphs = _with_anchored_spaces(glyphs, obj.generated, run)
        if not any(g.text == " " or g.hyphen for g in glyphs):
            return glyphs
        spacing = _Spacing.of(glyphs, run)
        out: list[Glyph] = []
        for glyph, following in zip(glyphs, [*glyphs[1:], None], strict=True):
            out.append(glyph)
            if following is None:
                out += self._trailing_spaces(obj, glyph, spacing)
            elif glyph.text == " ":
                out += spacing.run_after(glyph, following.t - glyph.t, inclusive=False)
        return out

    def _trailing_spaces(self, obj: _TextObject, last: Glyph, spacing: _Spacing) -> list[Glyph]:
        """Spaces after the object's last kept glyph, counted up to where its bounds end (a space
        has no ink, so pdfium's bounds end at the last space's origin)."""
        if last.text != " " and not last.hyphen:
            return []
        end = object_end(obj.handle)
        if end is None:
            return []
        if last.text == " ":
            return spacing.run_after(last, end - last.t, inclusive=True)
        first = last.t + spacing.advance(last)
        if end < first - NEAR:
            return []
        space = Glyph(" ", first, spacing.space_width)
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
        space = Glyph(" ", 0.0, run.font.pdfium_width(" "))
        return _TextObject(obj.handle, obj.parent, run, [space], box=obj.box)

    # -- pdfminer's chars --------------------------------------------------------------------

    def _emit(self, obj: _TextObject) -> list[Char]:
        if obj.run is None:
            return []
        return CharMaker(obj.run, self.frame).chars(obj.glyphs)


@dataclass(frozen=True, slots=True)
class _Spacing:
    """How far apart a text object's spaces are: the space's advance plus Tc (and Tw)."""

    steps: tuple[float, ...]  # candidate distances from one space to the next, likeliest first
    space_width: float
    char_space: float
    size: float

    @classmethod
    def of(cls, glyphs: list[Glyph], run: Run) -> _Spacing:
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

    def run_after(self, space: Glyph, distance: float, inclusive: bool) -> list[Glyph]:
        """The spaces that follow `space` evenly over `distance`: up to a glyph that comes
        next, or up to and including the last space where the distance ends on one."""
        n, step = self.count(distance)
        missing = n if inclusive else n - 1
        return [Glyph(" ", space.t + step * (j + 1), self.space_width) for j in range(missing)]

    def advance(self, glyph: Glyph) -> float:
        return glyph.width * self.size / 1000 + self.char_space


def _with_anchored_spaces(glyphs: list[Glyph], generated: list[float], run: Run) -> list[Glyph]:
    """Real spaces pdfium replaced by one of its own.

    pdfium makes up a space where a kerning gap opens before a glyph, at that glyph's origin;
    when the glyph is itself a space, the made-up one stays and the real one goes. A made-up
    space between two kept glyphs, at no kept glyph's origin, marks such a dropped space.
    """
    if not generated or len(glyphs) < 2:
        return glyphs
    width = next((g.width for g in glyphs if g.text == " "), None)
    found = [
        Glyph(" ", t, run.font.pdfium_width(" ") if width is None else width)
        for t in generated
        if glyphs[0].t + NEAR < t < glyphs[-1].t - NEAR and all(abs(g.t - t) > NEAR for g in glyphs)
    ]
    return sorted([*glyphs, *found], key=lambda g: g.t) if found else glyphs


def _char_space(glyphs: list[Glyph], size: float) -> float:
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
                form = (snap(m.a), snap(m.b), snap(m.c), snap(m.d), snap(m.e), snap(m.f))
                walk(
                    fpdf.FPDFFormObj_CountObjects(obj),
                    _form_getter(obj),
                    mult(form, parent),
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
        prototype: Callable[..., Any] = ctypes.CFUNCTYPE(restype)(address(function))
        return prototype

    return _Calls(
        text_object=bare(fpdf.FPDFText_GetTextObject, ctypes.c_void_p),
        origin=bare(fpdf.FPDFText_GetCharOrigin),
        unicode=bare(fpdf.FPDFText_GetUnicode, ctypes.c_uint),
        generated=bare(fpdf.FPDFText_IsGenerated),
        hyphen=bare(fpdf.FPDFText_IsHyphen),
        unmapped=bare(fpdf.FPDFText_HasUnicodeMapError),
    )
