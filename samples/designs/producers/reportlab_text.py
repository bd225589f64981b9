"""Line breaking, colour spaces and glyph placement for the ReportLab producer.

Everything this producer prints goes through `draw_run`, so the encoding axes of a design hold
for the whole page: ligature glyphs (`Fonts.shape`), words placed one by one with no space
character between them, and display text painted as outlines with an invisible copy in render
mode 3. Colours go through `Ink`, which writes them in the design's colour space.

Line breaking (`break_text`) keeps a field's text exactly what `samples.expected.join_lines`
gives back: it breaks only at a single space (never after a hyphen glued to its word, where
the join would glue the lines again) or right after such a hyphen, never inside a URL, never
before a `>` (a line starting with one reads as a type line). Nothing is hyphenated.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from reportlab.pdfgen.canvas import Canvas
from reportlab.pdfgen.textobject import PDFTextObject

from samples.designs.producers.reportlab_fonts import Fonts, outline
from samples.designs.spec import ColourSpace, Encoding
from samples.expected import glued_hyphen, join_lines

Colour = tuple[float, float, float]
# "text": ordinary text; "outline": glyph outlines only (artwork, not in the text layer);
# "outline+invisible": outlines, and the same text on top in render mode 3.
Paint = Literal["text", "outline", "outline+invisible"]
Span = tuple[int, int]

WHITE: Colour = (1.0, 1.0, 1.0)


class LayoutError(ValueError):
    """The content does not fit the design (a line wider than its column, a full page…)."""


def tint(colour: Colour, amount: float) -> Colour:
    """`colour` mixed with white: amount 0 is the colour, 1 is white."""
    r, g, b = colour
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


class Ink:
    """Sets fill and stroke colours in the design's colour space (designed in RGB)."""

    def __init__(self, space: ColourSpace):
        self.space = space

    @property
    def image_mode(self) -> str:
        return {"rgb": "RGB", "cmyk": "CMYK", "grey": "L"}[self.space]

    @staticmethod
    def grey(rgb: Colour) -> float:
        r, g, b = rgb
        return 0.299 * r + 0.587 * g + 0.114 * b

    @staticmethod
    def cmyk(rgb: Colour) -> tuple[float, float, float, float]:
        k = 1 - max(rgb)
        if k >= 1:
            return (0.0, 0.0, 0.0, 1.0)
        r, g, b = rgb
        return ((1 - r - k) / (1 - k), (1 - g - k) / (1 - k), (1 - b - k) / (1 - k), k)

    def fill(self, target: Canvas | PDFTextObject, rgb: Colour) -> None:
        if self.space == "cmyk":
            target.setFillColorCMYK(*self.cmyk(rgb))
        elif self.space == "grey":
            target.setFillGray(self.grey(rgb))
        else:
            target.setFillColorRGB(*rgb)

    def stroke(self, target: Canvas | PDFTextObject, rgb: Colour) -> None:
        if self.space == "cmyk":
            target.setStrokeColorCMYK(*self.cmyk(rgb))
        elif self.space == "grey":
            target.setStrokeGray(self.grey(rgb))
        else:
            target.setStrokeColorRGB(*rgb)


@dataclass(frozen=True)
class Run:
    """One line of text as placed on the page: baseline start `(x, y)`, turned by `angle`."""

    text: str
    x: float
    y: float
    font: str
    size: float
    colour: Colour
    role: str = "furniture"
    block: int = -1  # the page block it belongs to; -1 for page furniture
    paint: Paint = "text"
    angle: float = 0.0  # degrees, anticlockwise
    track: float = 0.0  # extra space after each glyph
    # How much of `size` the text matrix carries: the font is set at size / matrix and the
    # matrix scales it back, as a layout program writes a frame it shrank to fit.
    matrix: float = 1.0


@dataclass(frozen=True)
class Writer:
    """Draws runs on a canvas with one design's encoding."""

    fonts: Fonts
    ink: Ink
    encoding: Encoding

    def draw(self, canvas: Canvas, run: Run) -> None:
        if run.paint != "text":
            self._outline(canvas, run)
        if run.paint == "outline":
            return
        cos, sin = math.cos(math.radians(run.angle)), math.sin(math.radians(run.angle))
        invisible = run.paint == "outline+invisible"
        if invisible:
            # Render mode is graphics state, which outlives the text object (and ReportLab
            # leaves out a "0 Tr" it thinks redundant): keep mode 3 inside q … Q.
            canvas.saveState()
        text = canvas.beginText()
        if invisible:
            text.setTextRenderMode(3)
        m = run.matrix
        text.setCharSpace(run.track / m)
        text.setFont(run.font, run.size / m)
        self.ink.fill(text, run.colour)
        for offset, piece in self.pieces(run):
            x, y = run.x + offset * cos, run.y + offset * sin
            text.setTextTransform(m * cos, m * sin, -m * sin, m * cos, x, y)
            text.textOut(self.fonts.shape(piece, run.font))
        canvas.drawText(text)
        if invisible:
            canvas.restoreState()

    def pieces(self, run: Run) -> list[tuple[float, str]]:
        """The text as drawn: whole, or each word at its own offset when no space is written."""
        if not self.encoding.no_space_glyphs:
            return [(0.0, run.text)]
        pieces: list[tuple[float, str]] = []
        space = self.fonts.width(" ", run.font, run.size, run.track)
        offset = 0.0
        for word in run.text.split(" "):
            if word:
                pieces.append((offset, word))
                offset += self.fonts.width(word, run.font, run.size, run.track)
            offset += space
        return pieces

    def _outline(self, canvas: Canvas, run: Run) -> None:
        if run.angle or run.track:
            raise ValueError("outlined text is drawn straight and untracked")
        path = canvas.beginPath()
        outline(path, self.fonts.shape(run.text, run.font), run.font, run.size, run.x, run.y)
        self.ink.fill(canvas, run.colour)
        canvas.drawPath(path, stroke=0, fill=1)


# ---------------------------------------------------------------------------------------------
# Line breaking.

_URL = re.compile(r"\S*(?:://|www\.)\S*")


def _text_breaks(text: str) -> list[tuple[int, int]]:
    """Where `text` may break: (end of this line, start of the next)."""
    urls = [m.span() for m in _URL.finditer(text)]

    def allowed(i: int) -> bool:
        return not any(start <= i < end for start, end in urls) and text[i + 1] != ">"

    out: list[tuple[int, int]] = []
    for i in range(1, len(text) - 1):
        ch = text[i]
        if ch == " ":
            lone = text[i - 1] != " " and text[i + 1] != " "
            if lone and not glued_hyphen(text[:i]) and allowed(i):
                out.append((i, i + 1))
        elif ch == "-" and not text[i - 1].isspace() and text[i + 1].isalnum() and allowed(i):
            out.append((i + 1, i + 1))
    return out


def _url_breaks(url: str) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """Where a URL may break: after a `/` or before `?`, `#`, `&`, `=`; failing those, after a
    `-`, `_` or `.` (the next line goes on with the next character, nothing added)."""
    first: list[tuple[int, int]] = []
    second: list[tuple[int, int]] = []
    for i in range(1, len(url) - 1):
        if url[i] == "/" and url[i + 1] != "/":
            first.append((i + 1, i + 1))
        elif url[i] in "?#&=":
            first.append((i, i))
        elif url[i] in "-_.":
            second.append((i + 1, i + 1))
    return first, second


def _greedy(
    text: str, tiers: Sequence[Sequence[tuple[int, int]]], fits: Callable[[str], bool]
) -> list[Span]:
    """Lines as long as they fit, each broken at the best tier of break points that can."""
    spans: list[Span] = []
    start = 0
    while not fits(text[start:]):
        best: tuple[int, int] | None = None
        for breaks in tiers:
            for end, following in breaks:
                if end <= start:
                    continue
                if not fits(text[start:end]):
                    break
                best = (end, following)
            if best is not None:
                break
        if best is None:
            raise LayoutError(f"cannot break {text[start:]!r} to fit its column")
        spans.append((start, best[0]))
        start = best[1]
    spans.append((start, len(text)))
    return spans


def break_text(text: str, fits: Callable[[str], bool]) -> list[Span]:
    """Spans of `text` (stripped) for lines that each `fit`; their join is the text again."""
    text = text.strip()
    if not text:
        return []
    spans = _greedy(text, [_text_breaks(text)], fits)
    if join_lines([text[a:b] for a, b in spans]) != join_lines([text]):
        raise LayoutError(f"line breaking would change {text!r}")
    return spans


def break_url(url: str, fits: Callable[[str], bool]) -> list[str]:
    """`url` cut into lines that each `fit` (see `_url_breaks`)."""
    return [url[a:b] for a, b in _greedy(url, _url_breaks(url), fits)]


def field_text(lines: Sequence[str]) -> tuple[str, list[Span]]:
    """A field's text as `join_lines` gives it, with the span each source line takes in it."""
    text = ""
    spans: list[Span] = []
    for raw in lines:
        line = join_lines([raw])
        if not line:
            spans.append((len(text), len(text)))
            continue
        if text and not glued_hyphen(text):
            text += " "
        spans.append((len(text), len(text) + len(line)))
        text += line
    return text, spans
