"""The pypdfium2 reader (the default): the same `PageContent` as the pdfplumber reader, read
with pdfium, and with the damage pdfium reads past found by qpdf (`integrity`).

pdfium reads the same content stream as pdfminer but reports it differently, so each page is
rebuilt here the way pdfminer would have made it:

- pdfium's text page is made for reading, not for faithful glyph lists. It reorders the text
  objects of a line by x, drops an object that repeats the one before it (overprinted faux bold)
  and objects with no width (a lone space), keeps one space of a run of spaces, drops the spaces
  after a line-end hyphen and turns that hyphen into U+0002, and adds spaces and line breaks of
  its own. Glyphs are regrouped by text object in content-stream order, and what was dropped is
  put back from the geometry (see `PageText`).
- A pdfminer glyph box runs along the baseline from the origin to origin + advance and across
  it from the font's /Descent to /Descent + size; the box on the page is the axis-aligned box
  around that rectangle once transformed. It is computed here from pdfium's glyph origins and
  its text objects' matrices and sizes (`CharMaker`).
- pdfium keeps a font's /Widths and /Descent as whole numbers of 1/1000 em. Producers that write
  fractions (ReportLab, TeX) make pdfium's origins drift along a line by up to a tenth of a point;
  the exact values come back from the embedded font program (`Program`, `FileFacts`).
- pdfium gives fill colours as 8-bit RGB: the shortest decimal that rounds to each channel is
  taken back, which restores colours written with up to two decimals exactly (`channel`).
- pdfminer applies the page's /Rotate to everything; pdfium's text coordinates are unrotated
  user space, so the same rotation is applied here (`Frame`).
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pypdfium2 as pdfium
import pypdfium2.raw as fpdf

from extract import signals
from extract.document import (
    DocumentInfo,
    LinkAnnotation,
    PageContent,
    PageWarning,
    Reader,
)
from extract.errors import CatalogueError, Encrypted, InputNotFound, NotAPdf
from extract.readers.common import (
    NO_PAGES,
    decode_uri,
    links_unreadable,
    page_damage,
    password_problem,
    r3,
    short,
    unmapped_note,
)
from extract.readers.pdfium_fonts import ProgramCache
from extract.readers.pdfium_geometry import Frame, snap
from extract.readers.pdfium_text import PageText

DOCUMENT_NOTES = 3  # repairs named in the document's warning


class PdfiumReader(Reader):
    """pdfium's characters and annotations, measured and ordered as pdfminer gives them."""

    name = "pdfium"

    def __init__(self, path: Path, password: str | None = None) -> None:
        from extract.readers.integrity import Integrity

        self.path = path
        self.pdf = _load(path, password)
        self._count = len(self.pdf)
        self._programs = ProgramCache(path)
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
        # qpdf's check first: a page whose streams decode to more than the limit is not handed
        # to pdfium at all, which would hold them whole (the pipeline skips it with a warning).
        problems = self._integrity.page(index)
        if problems.too_large is not None:
            raise NotAPdf(self.path, problems.too_large)
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
            frame = Frame.of(page.raw)
            with signals.held():
                textpage = page.get_textpage()
            gc.disable()
            chars, unmapped = PageText(page.raw, textpage.raw, frame, self._programs).read()
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
            raise NotAPdf(self.path, f"damaged PDF (page {index + 1}: {short(exc)})") from exc

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
            raise Encrypted(path, password_problem(password)) from exc
        if code == fpdf.FPDF_ERR_SECURITY:
            raise Encrypted(path, f"encrypted with an unsupported scheme ({short(exc)})") from exc
        if code == fpdf.FPDF_ERR_SUCCESS:  # parsed, but pdfium found no page to load
            raise NotAPdf(path, NO_PAGES) from exc
        raise NotAPdf(path, f"damaged PDF ({short(exc)})") from exc


def _links(
    doc: Any, page: Any, frame: Frame
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
        return (), (links_unreadable(short(exc)),)
    return tuple(found), ()


def _link(doc: Any, annot: Any, frame: Frame) -> LinkAnnotation | None:
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
    left, right = snap(rect.left), snap(rect.right)
    low, high = sorted((snap(rect.bottom), snap(rect.top)))
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
