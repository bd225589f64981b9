"""The JSON document `catalogue.typ` typesets: a printed source and a design, made explicit.

Typst does the layout, but every decision about content is taken here, so that the template
never reads raw source text as markup and never decides what a page says: which words carry
which link, where a line may break, which note number a card gets, which colour (already in the
design's colour space) a role is printed in, and the pixels of raster thumbnails.

Paragraphs are lists of *pieces*, each `{"t": text, "box": bool, "url": str | None}`. Typst
breaks lines by Unicode rules and also after `/`, `–`, `?`, `…` or a leading hyphen, which
would change a field's text once its lines are joined again (`et/ou` read back as `et/ ou`).
A piece whose text has such a break opportunity is set in an unbreakable box; the others stay
plain text, so Typst breaks only at spaces and after hyphens glued to a word.
"""

from __future__ import annotations

import random
import struct
import zlib
from collections.abc import Sequence
from functools import cache

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.ttLib import TTFont

from samples.artwork import FONT_DIR
from samples.designs.spec import DesignSpec, RoleStyle
from samples.expected import distinct, glued_hyphen, spell_out_ligatures
from samples.source import Card, Group, Page, Part, Source

Json = dict[str, object]
RGB = tuple[float, float, float]

INK: RGB = (0.13, 0.14, 0.2)
MUTED: RGB = (0.42, 0.43, 0.48)
WHITE: RGB = (1.0, 1.0, 1.0)
# One accent a part, chosen to carry white text in colour and as distinct greys.
ACCENTS: dict[int, RGB] = {
    1: (0.05, 0.33, 0.55),
    2: (0.75, 0.22, 0.27),
    3: (0.42, 0.27, 0.56),
    4: (0.13, 0.46, 0.36),
}
ROLES = ("title", "type_line", "publisher", "blurb", "cta", "group_heading", "group_item")
_PUNCT_AT_END = set(",;:.!?…%")
_SAFE_ANYWHERE = set("’'«»()[]“”\"")


def tint(colour: RGB, amount: float) -> RGB:
    """`colour` mixed with white: 0 is the colour, 1 is white."""
    r, g, b = colour
    return (r + (1 - r) * amount, g + (1 - g) * amount, b + (1 - b) * amount)


def in_space(colour: RGB, spec: DesignSpec) -> list[float]:
    """`colour` as the template's `col()` takes it: 1 value grey, 3 RGB, 4 CMYK."""
    r, g, b = colour
    space = spec.encoding.colour_space
    if space == "grey":
        return [round(0.2126 * r + 0.7152 * g + 0.0722 * b, 4)]
    if space == "rgb":
        return [round(r, 4), round(g, 4), round(b, 4)]
    k = 1 - max(r, g, b)
    if k >= 1:
        return [0.0, 0.0, 0.0, 1.0]
    return [round((1 - x - k) / (1 - k), 4) for x in (r, g, b)] + [round(k, 4)]


# ---------------------------------------------------------------------------------------------
# Paragraphs.


def _breaks_safely(part: str) -> bool:
    """Whether Typst can only break `part` where joining the lines gives the text back."""
    body = part[:-1] if glued_hyphen(part) else part
    body = body.rstrip("".join(_PUNCT_AT_END))
    return all(ch.isalnum() or ch in _SAFE_ANYWHERE for ch in body)


def _word_parts(word: str) -> list[str]:
    """`word` cut after each hyphen glued to a letter: the breaks a reader's join undoes."""
    parts, start = [], 0
    for i, ch in enumerate(word[:-1]):
        if ch == "-" and i > 0 and not word[i - 1].isspace() and not word[i + 1].isspace():
            parts.append(word[start : i + 1])
            start = i + 1
    parts.append(word[start:])
    return parts


def pieces(text: str, url: str | None = None) -> list[Json]:
    # A space after a hyphen glued to its word must not become a line break: the reader would
    # join the lines tight (`quantité- tout` read back as `quantité-tout`).
    tokens: list[str] = []
    for word in text.split(" "):
        if tokens and word and glued_hyphen(tokens[-1]):
            tokens[-1] += " " + word
        else:
            tokens.append(word)
    out: list[Json] = []
    for i, token in enumerate(tokens):
        if i:
            _add(out, " ", False, url)
        for part in _word_parts(token) if token else []:
            _add(out, part, not _breaks_safely(part), url)
    return out


def _add(out: list[Json], text: str, box: bool, url: str | None) -> None:
    last = out[-1] if out else None
    if not box and last is not None and not last["box"] and last["url"] == url:
        last["t"] = str(last["t"]) + text
    else:
        out.append({"t": text, "box": box, "url": url})


def paragraph(
    lines: Sequence[str], spec: DesignSpec, links: dict[int, str] | None = None, whole: str = ""
) -> Json:
    """A field: one reflowed paragraph, or its source lines kept (`nowrap`: Typst must not wrap).

    `links` maps a source line's index to the URL its words carry; `whole` links every word.
    """
    links = links or {}
    if not spec.reflow:
        return {
            "nowrap": True,
            "lines": [
                [{"t": line, "box": True, "url": whole or links.get(i)}]
                for i, line in enumerate(lines)
            ],
        }
    text, spans = "", []
    for i, raw in enumerate(lines):
        line = spell_out_ligatures(raw).strip()
        if not line:
            continue
        if text and not glued_hyphen(text):
            text += " "
        spans.append((len(text), len(text) + len(line), links.get(i)))
        text += line
    out: list[Json] = []
    cut = 0
    for start, end, url in spans:
        if url is None:
            continue
        out.extend(pieces(text[cut:start], whole or None))
        out.extend(pieces(text[start:end], url))
        cut = end
    out.extend(pieces(text[cut:], whole or None))
    return {"nowrap": False, "lines": [out]}


def printed_url(url: str) -> Json:
    """A printed address: it may wrap after a `/` only, the next line going on with what follows."""
    chunks = [c + "/" for c in url.split("/")[:-1]] + [url.split("/")[-1]]
    return {"nowrap": False, "lines": [[{"t": c, "box": True, "url": None} for c in chunks if c]]}


# ---------------------------------------------------------------------------------------------
# Artwork.


def _png(width: int, height: int, rows: list[bytes], grey: bool) -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        crc = zlib.crc32(kind + body) & 0xFFFFFFFF
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", crc)

    header = struct.pack(">IIBBBBB", width, height, 8, 0 if grey else 2, 0, 0, 0)
    raw = b"".join(b"\x00" + row for row in rows)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(raw, 9))
        + chunk(b"IEND", b"")
    )


def raster_thumbnail(accent: RGB, seed: str, grey: bool) -> list[int]:
    """A small photo-like cover image: a gradient, soft shapes and noise, as PNG bytes."""
    rnd = random.Random(seed)
    w, h = 64, 32
    blobs = [(rnd.uniform(0, w), rnd.uniform(0, h), rnd.uniform(5, 13) ** 2) for _ in range(3)]
    # Pixel values are tints of the accent, looked up rather than computed per pixel.
    shades = [tint(accent, k / 63) for k in range(64)]
    levels = [
        bytes([round(255 * (0.2126 * r + 0.7152 * g + 0.0722 * b))])
        if grey
        else bytes(round(255 * c) for c in (r, g, b))
        for r, g, b in shades
    ]
    rows = []
    for y in range(h):
        row = bytearray()
        for x in range(w):
            t = 0.25 + 0.6 * (x / w) * (1 - y / h)
            if any((x - bx) ** 2 + (y - by) ** 2 < r2 for bx, by, r2 in blobs):
                t = min(t + 0.35, 0.95)
            row += levels[max(0, min(63, round((t + rnd.uniform(-0.04, 0.04)) * 63)))]
        rows.append(bytes(row))
    return list(_png(w, h, rows, grey))


@cache
def _display_font() -> TTFont:
    return TTFont(str(FONT_DIR / "VeraBd.ttf"), lazy=True)


def outlined(text: str, size: float) -> Json:
    """`text` as glyph outlines in one SVG path (display artwork, absent from the text layer)."""
    font = _display_font()
    cmap, glyphs = font.getBestCmap(), font.getGlyphSet()
    scale = size / font["head"].unitsPerEm
    ascent, descent = font["hhea"].ascent * scale, -font["hhea"].descent * scale
    paths, x = [], 0.0
    for ch in text:
        name = cmap.get(ord(ch), ".notdef")
        pen = SVGPathPen(glyphs)
        glyphs[name].draw(pen)
        d = pen.getCommands()
        if d:
            paths.append(
                f'<path transform="translate({x:.2f} {ascent:.2f}) scale({scale:.5f} {-scale:.5f})"'
                f' d="{d}"/>'
            )
        x += glyphs[name].width * scale
    height = ascent + descent
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{x:.2f}" height="{height:.2f}" '
        f'viewBox="0 0 {x:.2f} {height:.2f}"><g fill="#ffffff">{"".join(paths)}</g></svg>'
    )
    return {"svg": svg, "width": round(x, 2), "height": round(height, 2)}


# ---------------------------------------------------------------------------------------------
# Pages.


def styles(spec: DesignSpec) -> dict[str, Json]:
    t = spec.typography
    out: dict[str, Json] = {}
    for role in ROLES:
        s: RoleStyle = getattr(t, role)
        out[role] = {
            "size": s.size,
            "bold": s.weight == "bold",
            "italic": s.italic,
            "fill": None if s.colour is None else in_space(s.colour, spec),
        }
    return out


def folio(n: int, spec: DesignSpec, total: int) -> str | None:
    printed = n - spec.folio_offset
    if n == 1 or printed <= 0 or spec.folio == "none":
        return None
    return {
        "plain": str(printed),
        "dashes": f"— {printed} —",
        "of-total": f"{printed} / {total - spec.folio_offset}",
        "page-word": f"Page {printed}",
    }[spec.folio]


def _palette(number: int, spec: DesignSpec) -> Json:
    accent = ACCENTS[(number - 1) % len(ACCENTS) + 1]
    return {
        "accent": in_space(accent, spec),
        "light": in_space(tint(accent, 0.55), spec),
        "pale": in_space(tint(accent, 0.92), spec),
        "ghost": in_space(tint(accent, 0.86), spec),
    }


def _card(card: Card, spec: DesignSpec, notes: list[str], seed: str, accent: RGB) -> Json:
    urls = distinct([link.url for link in card.links])
    on_cta = distinct([link.url for link in card.links if link.on == "cta"])
    annotated = spec.links in ("cta", "title", "blurb")
    blurb_links = {
        link.line: link.url
        for link in card.links
        if annotated and link.on == "blurb" and link.line is not None
    }
    title_url = cta_url = None
    if annotated and len(on_cta) > 1:
        raise ValueError(f"{card.title_lines[0]!r}: several addresses on one call to action")
    main = next(iter(on_cta or urls), None)
    if spec.links == "cta" and on_cta:
        cta_url = on_cta[0]
    elif spec.links == "title":
        title_url = main
    elif spec.links == "blurb" and main is not None:
        free = [i for i in range(len(card.blurb_lines)) if i not in blurb_links]
        if not free:
            raise ValueError(f"{card.title_lines[0]!r}: no blurb line left for its link")
        blurb_links[free[0]] = main
    marks = None
    if spec.links == "notes":
        first = len(notes) + 1
        notes.extend(urls)
        marks = ",".join(str(n) for n in range(first, len(notes) + 1)) or None
    thumb: Json | None = None
    if spec.thumbnail == "raster":
        grey = spec.encoding.colour_space == "grey"
        thumb = {"png": raster_thumbnail(accent, seed, grey)}
    return {
        "kind": "card",
        "title": paragraph(card.title_lines, spec, whole=title_url or ""),
        "marks": marks,
        "type": paragraph([card.type_line], spec),
        "publisher": paragraph(card.publisher_lines, spec) if card.publisher_lines else None,
        "blurb": paragraph(card.blurb_lines, spec, blurb_links) if card.blurb_lines else None,
        "cta": None if card.cta_line is None else {"text": card.cta_line, "url": cta_url},
        "under": [printed_url(u) for u in urls] if spec.links == "under" else [],
        "thumb": thumb,
    }


def _group(group: Group, spec: DesignSpec, notes: list[str]) -> Json:
    items = []
    for item in group.items:
        urls = distinct([link.url for link in item.links])
        annotated = spec.links in ("cta", "title", "blurb")
        if annotated and len(urls) > 1:
            raise ValueError(f"{item.type_line!r}: several addresses on one group item")
        marks = None
        if spec.links == "notes" and urls:
            first = len(notes) + 1
            notes.extend(urls)
            marks = ",".join(str(n) for n in range(first, len(notes) + 1))
        items.append(
            {
                "text": paragraph(
                    [item.type_line], spec, whole=urls[0] if annotated and urls else ""
                ),
                "marks": marks,
                "under": [printed_url(u) for u in urls] if spec.links == "under" else [],
            }
        )
    return {"kind": "group", "heading": paragraph(group.heading_lines, spec), "items": items}


def _content(page: Page, part: Part, spec: DesignSpec, total: int) -> Json:
    notes: list[str] = []
    accent = ACCENTS[(page.part - 1) % len(ACCENTS) + 1]
    blocks = [
        _card(b, spec, notes, f"{spec.seed}:{page.page}:{i}", accent)
        if isinstance(b, Card)
        else _group(b, spec, notes)
        for i, b in enumerate(page.blocks)
    ]
    foot: list[str] = []
    if spec.links == "list":
        foot = list(page.trailing_urls)
    elif spec.links == "notes":
        foot = [f"{n}. {url}" for n, url in enumerate(notes, 1)]
    return {
        "kind": "content",
        "page": page.page,
        "folio": folio(page.page, spec, total),
        "colours": _palette(page.part, spec),
        "theme": page.theme,
        "header_lines": list(page.header_lines) if spec.header == "banner" else [],
        "artwork": outlined(page.theme, 17.0) if spec.header == "artwork" else None,
        "banner": part.title.upper() if spec.side_banner else None,
        "blocks": blocks,
        "foot": foot,
    }


def _part(part: Part, spec: DesignSpec, total: int) -> Json:
    toc = [{"number": str(e.page - spec.folio_offset), "label": e.label} for e in part.toc]
    return {
        "kind": "part",
        "page": part.intro_page,
        "folio": folio(part.intro_page, spec, total),
        "colours": _palette(part.number, spec),
        "label": f"Partie {part.number}" if spec.part_label else None,
        "title_lines": list(part.title_lines) or [part.title],
        "intro": paragraph(part.intro_lines, spec),
        "toc": toc,
    }


def document(source: Source, spec: DesignSpec, design: Json) -> Json:
    """The whole JSON input of `catalogue.typ` for `source` printed in `spec`."""
    total = source.page_count()
    parts = {p.number: p for p in source.parts}
    by_number: dict[int, Json] = {}
    for part in source.parts:
        by_number[part.intro_page] = _part(part, spec, total)
    for page in source.pages:
        by_number[page.page] = _content(page, parts[page.part], spec, total)
    e = source.edition
    by_number[1] = {
        "kind": "cover",
        "page": 1,
        "colours": _palette(2, spec),
        "title": e.title,
        "programme": e.programme,
        "front_lines": list(source.front_lines),
        "signature": f"{e.publisher} · ANCT · {e.year}",
    }
    by_number[2] = {
        "kind": "intro",
        "page": 2,
        "folio": folio(2, spec, total),
        "colours": _palette(1, spec),
        "parts": [
            {"number": p.number, "title": p.title, "page": str(p.intro_page - spec.folio_offset)}
            for p in source.parts
        ],
    }
    by_number[total] = {
        "kind": "back",
        "page": total,
        "folio": folio(total, spec, total),
        "colours": _palette(1, spec),
        "lines": list(source.back_lines),
    }
    missing = [n for n in range(1, total + 1) if n not in by_number]
    if missing:
        raise ValueError(f"pages {missing} are neither part intros nor content pages")
    return {
        "title": f"{e.title} – {e.programme} ({e.year})",
        "author": e.publisher,
        "design": design,
        "pages": [by_number[n] for n in range(1, total + 1)],
    }
