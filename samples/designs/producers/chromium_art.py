"""Artwork of the Chromium designs: colours, thumbnails and display text drawn as outlines.

Everything here is markup that puts no character in the PDF's text layer: inline SVG shapes,
a small generated PNG (a data URI, so the page loads nothing), and glyph outlines of the system's
DejaVu Sans Bold as SVG paths, for display text that a designer's layout software would export
as artwork. Everything is a pure function of its arguments, so a build is reproducible.
Used by `chromium_html`; built with `python -m samples.designs.zoo --only html-landscape-3col`.
"""

from __future__ import annotations

import base64
import random
import struct
import zlib
from functools import cache
from pathlib import Path

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

Colour = tuple[float, float, float]

FONT_DIR = Path("/usr/share/fonts/truetype")
OUTLINE_FONT = FONT_DIR / "dejavu" / "DejaVuSans-Bold.ttf"

INK: Colour = (0.13, 0.14, 0.2)
GREY: Colour = (0.42, 0.43, 0.48)
WHITE: Colour = (1.0, 1.0, 1.0)
# One accent a part, a palette of its own (the facsimile's is another) so that accent colours are
# not one fixed set across the zoo.
ACCENTS: dict[int, Colour] = {
    1: (0.1, 0.36, 0.62),
    2: (0.77, 0.2, 0.33),
    3: (0.0, 0.5, 0.44),
    4: (0.8, 0.45, 0.02),
}


def accent(part: int) -> Colour:
    return ACCENTS[(part - 1) % len(ACCENTS) + 1]


def tint(colour: Colour, amount: float) -> Colour:
    """`colour` mixed with white: 0 is the colour, 1 is white."""
    return (
        colour[0] + (1 - colour[0]) * amount,
        colour[1] + (1 - colour[1]) * amount,
        colour[2] + (1 - colour[2]) * amount,
    )


def css(colour: Colour) -> str:
    r, g, b = (round(c * 255) for c in colour)
    return f"rgb({r},{g},{b})"


def _n(value: float) -> str:
    return f"{value:.2f}".rstrip("0").rstrip(".")


def vector_thumbnail(colour: Colour, index: int, width: float, height: float) -> str:
    """A resource's cover as inline SVG (a page with a folded corner, a picture, text strokes)."""
    fold = min(width, height) * 0.22
    picture_top = height * (0.2 + 0.04 * (index % 3))
    strokes = "".join(
        f'<rect x="{_n(width * 0.14)}" y="{_n(height * (0.66 + 0.09 * i))}" '
        f'width="{_n(width * (0.72 - 0.2 * (i == 2)))}" height="{_n(height * 0.035)}" '
        f'fill="{css(tint(colour, 0.5))}"/>'
        for i in range(3)
    )
    return (
        f'<svg class="thumb-art" width="{_n(width)}pt" height="{_n(height)}pt" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" aria-hidden="true">'
        f'<path d="M0.5 0.5H{_n(width - fold)}L{_n(width - 0.5)} {_n(fold)}'
        f'V{_n(height - 0.5)}H0.5Z" fill="{css(tint(colour, 0.86))}" '
        f'stroke="{css(tint(colour, 0.4))}" stroke-width="0.6"/>'
        f'<rect x="{_n(width * 0.14)}" y="{_n(picture_top)}" width="{_n(width * 0.72)}" '
        f'height="{_n(height * 0.3)}" fill="{css(tint(colour, 0.55))}"/>'
        f"{strokes}</svg>"
    )


def vector_banner(colour: Colour, index: int, width: float, height: float) -> str:
    """A resource's picture as a wide inline SVG illustration (sky, sun, two hills)."""
    sun_x = width * (0.62 + 0.1 * (index % 3))
    crest = height * (0.45 + 0.06 * (index % 2))
    return (
        f'<svg class="thumb-art" width="{_n(width)}pt" height="{_n(height)}pt" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" aria-hidden="true">'
        f'<rect width="{_n(width)}" height="{_n(height)}" rx="4" fill="{css(tint(colour, 0.82))}"/>'
        f'<circle cx="{_n(sun_x)}" cy="{_n(height * 0.32)}" r="{_n(height * 0.14)}" '
        f'fill="{css(tint(colour, 0.55))}"/>'
        f'<path d="M0 {_n(height * 0.8)}Q{_n(width * 0.3)} {_n(crest)} {_n(width * 0.6)} '
        f"{_n(height * 0.75)}T{_n(width)} {_n(height * 0.7)}V{_n(height - 4)}"
        f"Q{_n(width)} {_n(height)} {_n(width - 4)} {_n(height)}H4Q0 {_n(height)} 0 "
        f'{_n(height - 4)}Z" fill="{css(tint(colour, 0.4))}"/>'
        f'<path d="M0 {_n(height * 0.9)}Q{_n(width * 0.45)} {_n(height * 0.68)} {_n(width)} '
        f"{_n(height * 0.88)}V{_n(height - 4)}Q{_n(width)} {_n(height)} {_n(width - 4)} "
        f'{_n(height)}H4Q0 {_n(height)} 0 {_n(height - 4)}Z" '
        f'fill="{css(tint(colour, 0.12))}"/></svg>'
    )


def _png(width: int, height: int, pixels: bytes) -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    rows = b"".join(b"\x00" + pixels[y * width * 3 : (y + 1) * width * 3] for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(rows, 9))
        + chunk(b"IEND", b"")
    )


def raster_thumbnail(colour: Colour, seed: int, index: int) -> str:
    """A resource's cover as a small PNG data URI: a paper page with a grainy photo and text."""
    width, height = 48, 66
    rng = random.Random(seed * 1009 + index)
    paper = tint(colour, 0.9)
    photo = tint(colour, 0.35 + 0.1 * (index % 3))
    ink = tint(colour, 0.55)
    photo_top = 10 + index % 4
    out = bytearray()
    for y in range(height):
        for x in range(width):
            if 6 <= x < width - 6 and photo_top <= y < photo_top + 24:
                shade = 0.18 * rng.random() + 0.25 * (y - photo_top) / 24
                rgb = tint(photo, shade)
            elif 6 <= x < width - 6 - 10 * ((y // 6) % 2) and y >= 42 and y % 6 < 2:
                rgb = ink
            else:
                rgb = paper
            out += bytes(round(c * 255) for c in rgb)
    data = base64.b64encode(_png(width, height, bytes(out))).decode("ascii")
    return f"data:image/png;base64,{data}"


@cache
def _font() -> TTFont:
    if not OUTLINE_FONT.exists():
        raise FileNotFoundError(
            f"{OUTLINE_FONT} is missing: apt-get install fonts-dejavu-core (it comes with chromium)"
        )
    return TTFont(str(OUTLINE_FONT), lazy=True)


def outline_width(text: str, size: float) -> float:
    font = _font()
    cmap = font.getBestCmap()
    advance = sum(font["hmtx"][cmap.get(ord(ch), ".notdef")][0] for ch in text)
    return float(advance * size / font["head"].unitsPerEm)


def outlined(text: str, size: float, colour: Colour, max_width: float | None = None) -> str:
    """`text` as an SVG of filled glyph outlines, `size` pt tall (narrowed to `max_width`)."""
    if max_width is not None and outline_width(text, size) > max_width:
        size = size * max_width / outline_width(text, size)
    font = _font()
    cmap = font.getBestCmap()
    glyphs = font.getGlyphSet()
    scale = size / font["head"].unitsPerEm
    ascent = font["hhea"].ascent * scale
    height = (font["hhea"].ascent - font["hhea"].descent) * scale
    pen = SVGPathPen(glyphs)
    cursor = 0.0
    for ch in text:
        name = cmap.get(ord(ch), ".notdef")
        # Glyphs are drawn y-up in font units; SVG is y-down from the top of the box.
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, cursor, ascent)))
        cursor += font["hmtx"][name][0] * scale
    return (
        f'<svg class="outlined" width="{_n(cursor)}pt" height="{_n(height)}pt" '
        f'viewBox="0 0 {_n(cursor)} {_n(height)}" aria-hidden="true">'
        f'<path fill="{css(colour)}" d="{pen.getCommands()}"/></svg>'
    )


def dots(colour: Colour, columns: int, rows: int, step: float = 9.0) -> str:
    """A grid of small dots, the catalogue's recurring ornament."""
    circles = "".join(
        f'<circle cx="{_n(3 + c * step)}" cy="{_n(3 + r * step)}" r="1.8"/>'
        for r in range(rows)
        for c in range(columns)
    )
    width, height = 6 + (columns - 1) * step, 6 + (rows - 1) * step
    return (
        f'<svg class="dots" width="{_n(width)}pt" height="{_n(height)}pt" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" aria-hidden="true">'
        f'<g fill="{css(colour)}">{circles}</g></svg>'
    )


def backdrop(colour: Colour, width: float, height: float) -> str:
    """Full-page artwork: a large disc cut by the page's edge (the SVG's viewport clips it)."""
    r = height * 0.42
    return (
        f'<svg class="backdrop" width="{_n(width)}pt" height="{_n(height)}pt" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" aria-hidden="true">'
        f'<circle cx="{_n(width - r * 0.55)}" cy="{_n(r * 0.45)}" r="{_n(r)}" '
        f'fill="{css(colour)}"/></svg>'
    )
