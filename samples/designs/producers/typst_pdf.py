"""Designs of the zoo typeset by Typst, exported as a layout program would.

    python -m samples.designs.zoo --only typst-portrait-2col typst-landscape-2col-notes \
        typst-portrait-2col-table

`render(source, spec)` turns a printed source into the JSON document of `typst_data`, has the
`typst` package compile `catalogue.typ` with Typst's embedded fonts only (nothing from the
system, so every machine gives the same bytes), then reads the PDF back with pdfium to make sure
Typst's line breaking kept every field's text: joining a field's printed lines by the rules of
`samples.expected` must give the field again.

Links without annotations: in "notes" designs each card's distinct addresses get consecutive
numbers, per page and in reading order, printed as one superscript call right after the title's
last word (`TITRE¹`, or `TITRE¹,²,³` for a card with three addresses); a group item gets its own
call after its text; the notes `1. https://…` follow at the page foot. In "under" designs the
addresses run under the whole card (thumbnail included), wrapping after a `/` only.

What Typst writes, whatever the design: a space glyph between words (so `no_space_glyphs` is
done by placing words with fixed gaps instead), ligatures as single glyphs whose ToUnicode
entry spells them out (pdfium reads `fi`, never `ﬁ`), RGB and grey as ICC-based colour spaces
(`/c0 cs … scn`) and CMYK as `k`/`K` operators, and tagged content (`/Span` marked content).
Typst cannot set text render mode 3, so `invisible_text` is refused; it has no sans-serif face
of its own, so the `sans` family is refused too.
"""

from __future__ import annotations

import json
import math
import re
from pathlib import Path

import pypdfium2 as pdfium
import typst

from samples.designs.check import BuildError
from samples.designs.producers.typst_data import INK, MUTED, WHITE, document, in_space, styles
from samples.designs.spec import (
    DesignSpec,
    Encoding,
    RoleStyle,
    Typography,
    Unsupported,
    refuse_reportlab_only,
)
from samples.expected import distinct, join_lines
from samples.source import Card, Page, Source

TEMPLATE = Path(__file__).with_name("catalogue.typ")
A4 = (595.2756, 841.8898)

DESIGNS: tuple[DesignSpec, ...] = (
    DesignSpec(
        name="typst-portrait-2col",
        producer="typst",
        description="Typst, A4 portrait, boxed cards with drawn covers, reflowed justified serif, "
        "links on titles, banner headers, leader-dot contents, CMYK, a large 'ESS' behind",
        typography=Typography(
            title=RoleStyle(11.5, "bold", colour=None),
            type_line=RoleStyle(9.0, colour=None),
            publisher=RoleStyle(9.0, italic=True),
            blurb=RoleStyle(9.5),
            cta=RoleStyle(8.5, "bold", colour=(1.0, 1.0, 1.0)),
            group_heading=RoleStyle(10.0, "bold"),
            group_item=RoleStyle(9.0, colour=None),
            family="serif",
        ),
        cta="Consulter la ressource ›",
        links="title",
        folio="none",
        running_head="Catalogue de ressources ESS",
        decorative_text="ESS",
        header="banner",
        toc="leaders",
        part_label=True,
        encoding=Encoding(ligatures=True, colour_space="cmyk"),
    ),
    DesignSpec(
        name="typst-landscape-2col-notes",
        producer="typst",
        description="Typst, A4 landscape, bare cards, numbered notes instead of link annotations, "
        "theme as outlined artwork, 'n / total' folios not counting the covers, part titles "
        "after their contents in the text order",
        orientation="landscape",
        frame="bare",
        thumbnail="none",
        typography=Typography(
            title=RoleStyle(11.0, "bold", colour=None),
            type_line=RoleStyle(9.0, italic=True, colour=None),
            publisher=RoleStyle(9.5, "bold"),
            blurb=RoleStyle(10.0),
            group_heading=RoleStyle(10.0, "bold"),
            group_item=RoleStyle(9.0, colour=None),
            family="serif",
        ),
        cta=None,
        links="notes",
        folio="of-total",
        folio_offset=2,
        header="artwork",
        toc="number-first",
        part_label=False,
        part_title_after_toc=True,
        encoding=Encoding(ligatures=True),
    ),
    DesignSpec(
        name="typst-portrait-2col-table",
        producer="typst",
        description="Typst, A4 portrait, cards row by row under ruled frames with raster "
        "covers above, running heads, tabular contents, '— n —' folios, greyscale",
        flow="across",
        frame="ruled",
        thumbnail="raster",
        thumbnail_at="above",
        typography=Typography(
            title=RoleStyle(10.5, "bold", colour=None),
            type_line=RoleStyle(8.5, "bold", colour=None),
            publisher=RoleStyle(8.5, colour=(0.35, 0.36, 0.4)),
            blurb=RoleStyle(9.5),
            cta=RoleStyle(8.0, "bold", colour=(1.0, 1.0, 1.0)),
            group_heading=RoleStyle(10.0, "bold"),
            group_item=RoleStyle(9.0, colour=None),
            family="serif",
        ),
        links="cta",
        folio="dashes",
        running_foot="Avise — ANCT",
        header="running",
        toc="table",
        part_label=False,
        encoding=Encoding(ligatures=True, colour_space="grey"),
    ),
)


class LayoutError(BuildError):
    """The printed source does not fit the design, or Typst set a field other than planned."""


def _refuse(spec: DesignSpec) -> None:
    refuse_reportlab_only(spec, "Typst")
    if spec.encoding.invisible_text:
        raise Unsupported("Typst cannot write text in render mode 3 (invisible text)")
    if spec.typography.family != "serif":
        raise Unsupported("Typst embeds no sans-serif face: only the serif family is available")
    if spec.columns < 1 or spec.cards_per_page < 1:
        raise Unsupported("a page needs at least one column and one block")
    if spec.links == "cta" and spec.cta is None:
        raise Unsupported("links on the call to action, but the design prints none")


def design(spec: DesignSpec) -> dict[str, object]:
    """The geometry and switches `catalogue.typ` reads as `data.design`."""
    width, height = A4 if spec.orientation == "portrait" else (A4[1], A4[0])
    landscape = spec.orientation == "landscape"
    head = spec.running_head is not None or spec.header == "running"
    return {
        "width": width,
        "height": height,
        "margin_x": 30.0 if landscape else 34.0,
        "margin_top": 44.0 if head else 32.0,
        "margin_bottom": 40.0,
        "columns": spec.columns,
        "per_column": math.ceil(spec.cards_per_page / spec.columns),
        "gutter": 24.0 if landscape else 14.0,
        "block_gap": 10.0,
        "flow": spec.flow,
        "frame": spec.frame,
        "thumbnail": spec.thumbnail,
        "thumbnail_at": spec.thumbnail_at,
        "thumb_width": 62.0,
        "thumb_height": 46.0,
        "justify": True,
        "header": spec.header,
        "toc": spec.toc,
        "part_title_after_toc": spec.part_title_after_toc,
        "folio_form": spec.folio,
        "running_head": spec.running_head,
        "running_foot": spec.running_foot,
        "decorative_text": spec.decorative_text,
        "ligatures": spec.encoding.ligatures,
        "no_space_glyphs": spec.encoding.no_space_glyphs,
        "layer_order": spec.encoding.layer_order,
        "font": "Libertinus Serif",
        "styles": styles(spec),
        "ink": in_space(INK, spec),
        "muted": in_space(MUTED, spec),
        "white": in_space(WHITE, spec),
    }


def render(source: Source, spec: DesignSpec) -> bytes:
    """The PDF of `source` (a printed source) in the Typst design `spec`."""
    _refuse(spec)
    try:
        doc = document(source, spec, design(spec))
    except ValueError as exc:
        raise LayoutError(f"{spec.name}: {exc}") from exc
    pdf = _compile(doc, spec)
    if spec.encoding.layer_order:
        # Role by role, pdfium strings lines of different blocks together; the same pages set in
        # block order have the very same line breaks (hidden passes keep the layout), so the
        # fields are read back from those.
        twin = _compile(doc | {"design": design(spec) | {"layer_order": False}}, spec)
        verify_fields(twin, source, spec)
    else:
        verify_fields(pdf, source, spec)
    return pdf


def _compile(doc: dict[str, object], spec: DesignSpec) -> bytes:
    try:
        pdf = typst.compile(
            str(TEMPLATE),
            root=str(TEMPLATE.parent),
            sys_inputs={"data": json.dumps(doc, ensure_ascii=False)},
            ignore_system_fonts=True,
        )
    except typst.TypstError as exc:
        raise LayoutError(f"{spec.name}: {exc.message.removeprefix('panicked with: ')}") from exc
    if not isinstance(pdf, bytes):
        raise LayoutError(f"{spec.name}: Typst returned no PDF")
    return pdf


# ---------------------------------------------------------------------------------------------
# Reading the fields back.


def _normalise(text: str) -> str:
    text = text.replace("\x02", "-").replace("\ufffe", "-").replace("\u00a0", " ")
    text = text.replace("\u202f", " ").replace("\r\n", "\n").replace("\r", "\n")
    lines = (re.sub(r"[ \t]+", " ", line).strip() for line in text.split("\n"))
    return "\n".join(line for line in lines if line)


def field_pattern(text: str, spaces_optional: bool = False, url: bool = False) -> str:
    """A regex for `text` printed on lines: a line break may stand for a space, or follow a
    hyphen glued to its word (or a `/` in an address), and nothing else."""
    out = []
    text = _normalise(text)
    for i, ch in enumerate(text):
        glued = i > 0 and text[i - 1] != " "
        after_glued = i > 1 and text[i - 1] == "-" and text[i - 2] != " "
        if ch == " ":
            out.append(" " if after_glued else "[ \n]?" if spaces_optional else "[ \n]")
            continue
        out.append(re.escape(ch))
        next_is_space = i + 1 < len(text) and text[i + 1] == " "
        if (not url and ch == "-" and glued and not next_is_space) or (url and ch == "/"):
            out.append("\n?")
    return "".join(out)


def _page_patterns(page: Page, spec: DesignSpec) -> list[str]:
    """The pattern of every field `page` prints, note calls included."""
    loose = spec.encoding.no_space_glyphs
    patterns: list[str] = []
    note = 0

    def marks(urls: list[str]) -> str:
        nonlocal note
        if spec.links != "notes" or not urls:
            return ""
        numbers = range(note + 1, note + len(urls) + 1)
        note += len(urls)
        return " ?" + re.escape(",".join(str(n) for n in numbers))

    def field(lines: list[str], suffix: str = "") -> None:
        text = join_lines(lines)
        if text:
            patterns.append(field_pattern(text, loose) + suffix)

    def under(urls: list[str]) -> None:
        if spec.links == "under":
            patterns.extend(field_pattern(url, loose, url=True) for url in urls)

    for block in page.blocks:
        if isinstance(block, Card):
            urls = distinct([link.url for link in block.links])
            field(block.title_lines, marks(urls))
            field([block.type_line])
            field(block.publisher_lines)
            field(block.blurb_lines)
            field([block.cta_line or ""])
            under(urls)
        else:
            field(block.heading_lines)
            for item in block.items:
                urls = distinct([link.url for link in item.links])
                field([item.type_line], marks(urls))
                under(urls)
    return patterns


def verify_fields(pdf: bytes, source: Source, spec: DesignSpec) -> None:
    """Raise `LayoutError` when a field's printed lines do not join back into the field."""
    doc = pdfium.PdfDocument(pdf)
    problems: list[str] = []
    try:
        for printed in source.pages:
            number, patterns = printed.page, _page_patterns(printed, spec)
            page = doc[number - 1]
            textpage = page.get_textpage()
            text = _normalise(textpage.get_text_range())
            textpage.close()
            page.close()
            for pattern in set(patterns):
                if len(re.findall(pattern, text)) < patterns.count(pattern):
                    problems.append(f"page {number}: {pattern!r}")
    finally:
        doc.close()
    if problems:
        shown = "; ".join(problems[:5])
        raise LayoutError(f"{spec.name}: fields not printed as their text: {shown}")
