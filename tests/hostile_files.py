"""Builders of good and bad PDFs for the robustness tests, all made in memory.

Every builder is deterministic, so a failure reproduces byte for byte. The good catalogue is the
first part of the 2021 sample (8 pages, 11 resources): big enough to be a real catalogue,
small enough to extract in about a second.
"""

from __future__ import annotations

import io
import re
import subprocess
import sys
import zlib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any
from unittest import mock

from reportlab.lib.pagesizes import A4
from reportlab.lib.pdfencrypt import encryptCanvas
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

import samples.typeset
from extract.write.files import OUTPUT_NAMES as WRITTEN_NAMES
from samples.expected import records
from samples.source import Card, Page, Source, load
from samples.typeset import LayoutName, LinkMode, typeset
from tests.conftest import ROOT, SAMPLES

CLI = (sys.executable, "-m", "extract.cli")
OUTPUT_NAMES = WRITTEN_NAMES


@cache
def sample_source() -> Source:
    return load(SAMPLES / "ess-pvd-2021.source.json")


@cache
def small_source() -> Source:
    """Part 1 of the 2021 sample: its intro page, 4 content pages, cover and back cover."""
    source = sample_source()
    return source.model_copy(
        update={"parts": source.parts[:1], "pages": [p for p in source.pages if p.part == 1]}
    )


@cache
def catalogue_pdf(links: LinkMode = "both", layout: LayoutName = "portrait-2col") -> bytes:
    return typeset(small_source(), links, layout)


def expected_records(source: Source) -> list[dict[str, object]]:
    """The records the extractor must give for `source` (its CSV fields, no call to action)."""
    return [{k: v for k, v in r.items() if k != "cta"} for r in records(source)]


# ---------------------------------------------------------------------------------------------
# Damaged files


def truncated(data: bytes, fraction: float = 0.6) -> bytes:
    """A download cut short: no cross-reference table, no trailer."""
    return data[: int(len(data) * fraction)]


def _xref_at(data: bytes) -> int:
    return data.rindex(b"\nxref") + 1


def broken_xref(data: bytes) -> bytes:
    """Every cross-reference entry points at byte 1: the table parses but leads nowhere."""
    at = _xref_at(data)
    table = re.sub(rb"\d{10} (\d{5}) n", rb"0000000001 \1 n", data[at:])
    return data[:at] + table


def lost_xref(data: bytes) -> bytes:
    """The table replaced by garbage and `startxref` pointing past the end: readers must rebuild
    the table by scanning for objects, which they can since every object is intact."""
    at = _xref_at(data)
    trailer = data.index(b"trailer", at)
    end = data.rindex(b"startxref")
    return data[:at] + b"xref\ngarbage\n" + data[trailer:end] + b"startxref\n99999999\n%%EOF\n"


# ---------------------------------------------------------------------------------------------
# Files that are fine as PDFs but not what the extractor can use


def encrypted_catalogue(password: str) -> bytes:
    """The small catalogue, encrypted (RC4 128) with `password` as its user password."""

    def canvas(*args: Any, **kwargs: Any) -> Canvas:
        c = Canvas(*args, **kwargs)
        encryptCanvas(c, userPassword=password, ownerPassword=password + "-owner", strength=128)
        return c

    with mock.patch.object(samples.typeset, "Canvas", canvas):
        return typeset(small_source(), "both", "portrait-2col")


def png_image(width: int = 120, height: int = 160) -> bytes:
    from PIL import Image, ImageDraw

    image = Image.new("RGB", (width, height), (250, 248, 240))
    draw = ImageDraw.Draw(image)
    for y in range(10, height - 10, 8):  # grey bars, like lines of a scanned page
        draw.rectangle((10, y, width - 10 - (y * 7) % 40, y + 3), fill=(60, 60, 60))
    out = io.BytesIO()
    image.save(out, format="PNG")
    return out.getvalue()


def scanned_pdf(pages: int = 2) -> bytes:
    """Pages that are one image each, with no text layer (a scan without OCR)."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    image = ImageReader(io.BytesIO(png_image()))
    for _ in range(pages):
        c.drawImage(image, 40, 60, width=A4[0] - 80, height=A4[1] - 120)
        c.showPage()
    c.save()
    return buf.getvalue()


def prose_pdf(pages: int = 2) -> bytes:
    """A readable PDF with text and a link, but not a catalogue."""
    buf = io.BytesIO()
    c = Canvas(buf, pagesize=A4, invariant=1)
    for n in range(1, pages + 1):
        c.setFont("Helvetica-Bold", 16)
        c.drawString(72, 770, f"Procès-verbal de la séance, page {n}")
        c.setFont("Helvetica", 10)
        for i in range(30):
            c.drawString(72, 740 - 14 * i, f"Point {i + 1} : le conseil adopte l’ordre du jour.")
        c.linkURL("https://example.org/seance", (72, 760, 300, 785), relative=0)
        c.showPage()
    c.save()
    return buf.getvalue()


def pdf_from_objects(objects: Sequence[bytes]) -> bytes:
    """A PDF of numbered `objects` (1 is the catalog) with a correct cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    size = len(objects) + 1
    out += b"xref\n0 %d\n0000000000 65535 f \n" % size
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, xref)
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return b"<< /Length %d >>\nstream\n%s\nendstream" % (len(data), data)


def zero_page_pdf() -> bytes:
    """A syntactically valid PDF whose page tree is empty."""
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [] /Count 0 >>",
        ]
    )


SELF_REFERENCE = b"%d 0 R"
PAGE_TEXT = b"BT /F1 12 Tf 72 720 Td (Bonjour, page %d) Tj ET"


def looping_link_pdf() -> bytes:
    """Two pages of text, each with a link; the action of page 1's link is an object that refers
    to itself, a reference chain without end."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> /Annots [%d 0 R] >>"
    )
    link = b"<< /Type /Annot /Subtype /Link /Rect [72 710 200 735] /A %d 0 R >>"
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R 8 0 R] /Count 2 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            page % (5, 6),  # 4: page 1
            _stream(PAGE_TEXT % 1),
            link % 7,
            SELF_REFERENCE % 7,  # 7: the action, which is itself
            page % (9, 10),  # 8: page 2
            _stream(PAGE_TEXT % 2),
            link % 11,
            b"<< /S /URI /URI (https://example.org/page-2) >>",
        ]
    )


def blank_first_page_pdf() -> bytes:
    """Page 1 blank, its content stream an empty one deflated (which is not damage); page 2
    with text."""
    empty = zlib.compress(b"")
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    )
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            page % 5,
            b"<< /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(empty), empty),
            page % 7,
            _stream(PAGE_TEXT % 2),
        ]
    )


def endless_page_pdf(pages: int = 1, endless: int = 1) -> bytes:
    """`pages` pages of text, but page `endless`'s content stream is an object that refers to
    itself: pdfminer follows the reference for ever, so only the time limit ends the run."""
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(pages))
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%s] /Count %d >>" % (kids, pages),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    for n in range(1, pages + 1):
        contents = 5 + 2 * (n - 1)
        objects.append(
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents [%d 0 R] "
            b"/Resources << /Font << /F1 3 0 R >> >> >>" % contents
        )
        objects.append(SELF_REFERENCE % contents if n == endless else _stream(PAGE_TEXT % n))
    return pdf_from_objects(objects)


def page_tree_loop_pdf() -> bytes:
    """A page tree whose second kid is a node that holds the root again: a loop."""
    page = (
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>"
    )
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            page,
            _stream(PAGE_TEXT % 1),
            b"<< /Type /Pages /Parent 2 0 R /Kids [2 0 R] /Count 1 >>",
        ]
    )


def deep_page_tree_pdf(depth: int = 10_000) -> bytes:
    """One page under `depth` page-tree nodes, each the only kid of the one above."""
    first = 6  # nodes are objects 6 … 6 + depth - 1; the page is object 4
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [%d 0 R] /Count 1 >>" % first,
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Type /Page /Parent %d 0 R /MediaBox [0 0 612 792] /Contents 5 0 R "
        b"/Resources << /Font << /F1 3 0 R >> >> >>" % (first + depth - 1),
        _stream(PAGE_TEXT % 1),
    ]
    for n in range(first, first + depth):
        parent = 2 if n == first else n - 1
        kid = n + 1 if n < first + depth - 1 else 4
        objects.append(b"<< /Type /Pages /Parent %d 0 R /Kids [%d 0 R] /Count 1 >>" % (parent, kid))
    return pdf_from_objects(objects)


def deflated_spaces(size: int) -> bytes:
    """zlib data that inflates to `size` spaces, made without deflating them all: a block of
    16 MiB, deflated and flushed whole (it then refers to nothing before it), is repeated, and
    the checksum computed over the spaces."""
    block = 1 << 24
    blocks, rest = divmod(size, block)

    def deflated(length: int) -> bytes:
        raw = zlib.compressobj(9, zlib.DEFLATED, -15)
        return raw.compress(b" " * length) + raw.flush(zlib.Z_FULL_FLUSH)

    body = deflated(block) * blocks + (deflated(rest) if rest else b"")
    end = zlib.compressobj(9, zlib.DEFLATED, -15).flush()  # an empty final block
    checksum, spaces = 1, b" " * block
    for _ in range(blocks):
        checksum = zlib.adler32(spaces, checksum)
    checksum = zlib.adler32(b" " * rest, checksum)
    return b"\x78\xda" + body + end + checksum.to_bytes(4, "big")


def bloated_catalogue(decoded: int, page: int = 3) -> bytes:
    """The small catalogue, its page `page` given one more content stream, of spaces only,
    that is 20 KB in the file and `decoded` bytes once inflated."""
    import pikepdf

    with pikepdf.open(io.BytesIO(catalogue_pdf())) as pdf:
        target = pdf.pages[page - 1]
        extra = pikepdf.Stream(pdf, b"")
        extra.write(deflated_spaces(decoded), filter=pikepdf.Name.FlateDecode)
        contents = target.obj.Contents
        parts = list(contents) if isinstance(contents, pikepdf.Array) else [contents]
        target.obj.Contents = pikepdf.Array([*parts, pdf.make_indirect(extra)])
        out = io.BytesIO()
        pdf.save(out, stream_decode_level=pikepdf.StreamDecodeLevel.none, deterministic_id=True)
    return out.getvalue()


def huge_page_catalogue(side: int = 14_400) -> bytes:
    """The small catalogue with its first page `side` points square (the most a PDF allows),
    written over the same bytes so that every offset stays right."""
    data = catalogue_pdf()
    start = data.index(b"/MediaBox")
    end = data.index(b"]", start) + 1
    box = b"/MediaBox [ 0 0 %d %d" % (side, side)
    assert len(box) < end - start, "the sample's page box is written longer"
    return data[:start] + box.ljust(end - start - 1) + b"]" + data[end:]


# ---------------------------------------------------------------------------------------------
# Catalogues with awkward content


LATIN1_FROM, LATIN1_TO = b"/decouvrir/ess)", b"/d\xe9couvrir/ess)"
LATIN1_URL = "https://www.avise.org/découvrir/ess"


def latin1_uri_catalogue() -> bytes:
    """The small catalogue whose first link's URI holds a raw Latin-1 byte (0xE9, `é`), as some
    producers write it: not UTF-8, so a strict decoder fails on it."""
    data = catalogue_pdf("annotations")
    assert data.count(LATIN1_FROM) == 1, "the sample's first link changed"
    return data.replace(LATIN1_FROM, LATIN1_TO)  # same length: the offsets stay right


def _replace_card(page: Page, index: int, card: Card) -> Page:
    blocks = list(page.blocks)
    blocks[index] = card
    return page.model_copy(update={"blocks": blocks})


FORMULA_TITLE = "=1+2 GUIDE"
FORMULA_PUBLISHER = "@SUM(A1) Avise"
FORMULA_BLURB = ["+33 1 23 45 67 89 pour joindre", "-2+3 et la suite du texte"]
FORMULA_URL = "-2+3@example.org"
TRAVERSAL_TITLE = "../../../../tmp/catalogue-escape"


@cache
def formula_source() -> Source:
    """The small catalogue with text a spreadsheet would run and a title that looks like a path."""
    source = small_source()
    page = source.pages[0]
    card = page.blocks[0]
    assert isinstance(card, Card)
    card = card.model_copy(
        update={
            "title_lines": [FORMULA_TITLE],
            "publisher_lines": [FORMULA_PUBLISHER],
            "blurb_lines": FORMULA_BLURB,
            "links": [card.links[0].model_copy(update={"url": FORMULA_URL})],
        }
    )
    page = _replace_card(page, 0, card).model_copy(
        update={"trailing_urls": [FORMULA_URL, *page.trailing_urls[1:]]}
    )
    edition = source.edition.model_copy(update={"title": TRAVERSAL_TITLE})
    return source.model_copy(update={"edition": edition, "pages": [page, *source.pages[1:]]})


# A title whose first glyph is missing from the sample's font (reportlab then writes it with a
# ToUnicode entry for U+0000), with a spreadsheet formula and a terminal's escape sequence.
CONTROL_TITLE = "\u2603=HYPERLINK(1) GUIDE \x1b[2J"
CONTROL_TITLE_READ = "\ufffd=HYPERLINK(1) GUIDE \ufffd[2J"


@cache
def control_source() -> Source:
    source = small_source()
    page = source.pages[0]
    card = page.blocks[0]
    assert isinstance(card, Card)
    card = card.model_copy(update={"title_lines": [CONTROL_TITLE]})
    return source.model_copy(update={"pages": [_replace_card(page, 0, card), *source.pages[1:]]})


# ---------------------------------------------------------------------------------------------
# Running the command


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    @property
    def lines(self) -> list[str]:
        return self.stderr.splitlines()


def run_cli(args: Sequence[str | Path], timeout: float = 120) -> Run:
    """`catalogue ARGS` in a fresh interpreter, from the repository root."""
    done = subprocess.run(
        [*CLI, *map(str, args)], cwd=ROOT, capture_output=True, text=True, timeout=timeout
    )
    return Run(done.returncode, done.stdout, done.stderr)


def snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` (relative path → bytes); empty when the folder is absent."""
    if not folder.exists():
        return {}
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }
