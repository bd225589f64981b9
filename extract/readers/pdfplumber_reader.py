"""The pdfplumber reader (the reference the pdfium reader is tested against): characters with
font, size and colour, and link annotations, as pdfminer reads them."""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from extract.document import (
    RGB,
    Char,
    DocumentInfo,
    LinkAnnotation,
    PageContent,
    PageWarning,
    Reader,
)
from extract.errors import Encrypted, NotAPdf, TimeLimit
from extract.readers.common import (
    UNMAPPED,
    LibraryNotes,
    base_font,
    decode_uri,
    find_cause,
    font_style,
    links_unreadable,
    page_damage,
    password_problem,
    r3,
    short,
    unmapped_note,
)

# pdfminer's text for a glyph its font cannot map to Unicode (a damaged or missing ToUnicode
# map): not text of the document, so it becomes the replacement character and a warning.
CID_PLACEHOLDER = re.compile(r"\(cid:\d+\)")


REFERENCE_CHAIN_MAX = 32


# Nothing, deflated and then ASCII85-encoded, takes 15 bytes: a stream that declares more but
# decodes to nothing has lost its content.
EMPTY_STREAM_MAX = 32


LIBRARY_NOTES = LibraryNotes()


logging.getLogger("pdfminer").addHandler(LIBRARY_NOTES)


def to_rgb(colour: Any) -> RGB:
    """A fill colour as RGB in 0..1, whatever the colour space (grey, RGB, CMYK, pattern)."""
    if colour is None:
        return (0.0, 0.0, 0.0)
    if isinstance(colour, (int, float)):
        colour = (colour,)
    try:
        values = [float(v) for v in colour]
    except (TypeError, ValueError):  # a pattern name or something stranger: read it as ink
        return (0.0, 0.0, 0.0)
    if len(values) == 1:
        g = values[0]
        return (round(g, 3), round(g, 3), round(g, 3))
    if len(values) == 3:
        return (round(values[0], 3), round(values[1], 3), round(values[2], 3))
    if len(values) == 4:
        c, m, y, k = values
        return (
            round((1 - c) * (1 - k), 3),
            round((1 - m) * (1 - k), 3),
            round((1 - y) * (1 - k), 3),
        )
    return (0.0, 0.0, 0.0)


_COLOURS: dict[object, RGB] = {}


def _colour(raw: Any) -> RGB:
    """`to_rgb`, remembered: a page has a handful of colours and thousands of glyphs."""
    try:
        return _COLOURS[raw]
    except KeyError:
        _COLOURS[raw] = rgb = to_rgb(raw)
        return rgb
    except TypeError:  # an unhashable colour value (a list): convert it each time
        return to_rgb(raw)


@functools.lru_cache(maxsize=1024)
def _font_facts(name: str) -> tuple[str, bool, bool]:
    """A font name's base name, bold and italic: three regular expressions, asked once per font
    rather than once per char."""
    return (base_font(name), *font_style(name))


class PdfplumberReader(Reader):
    """The reference reader: pdfplumber (pdfminer.six) characters and annotations."""

    name = "pdfplumber"

    def __init__(self, path: Path, password: str | None = None) -> None:
        import pdfplumber
        from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
        from pdfminer.pdfparser import PDFSyntaxError
        from pdfminer.psparser import PSException

        self.path = path
        try:
            self.pdf = pdfplumber.open(path, password=password or "")
            self._count = len(self.pdf.pages)
        except PDFPasswordIncorrect as exc:
            raise Encrypted(path, password_problem(password)) from exc
        except PDFEncryptionError as exc:
            raise Encrypted(path, f"encrypted with an unsupported scheme ({exc})") from exc
        except (PDFSyntaxError, PSException) as exc:
            raise NotAPdf(path, f"damaged PDF ({short(exc)})") from exc
        except Exception as exc:  # pdfminer raises many plain exceptions on broken files
            _reraise_stop(exc)
            if find_cause(exc, PDFPasswordIncorrect) is not None:
                raise Encrypted(path, password_problem(password)) from exc
            scheme = find_cause(exc, PDFEncryptionError)
            if scheme is not None:
                raise Encrypted(
                    path, f"encrypted with an unsupported scheme ({short(scheme)})"
                ) from exc
            raise NotAPdf(path, f"damaged PDF ({short(exc)})") from exc
        finally:
            LIBRARY_NOTES.take()  # what went wrong while opening is told by the error, if any

    def info(self) -> DocumentInfo:
        try:
            title = self.pdf.metadata.get("Title")
        except Exception as exc:  # a damaged /Info dictionary only costs the title
            _reraise_stop(exc)
            title = None
        if isinstance(title, bytes):
            title = decode_uri(title)
        return DocumentInfo(
            title=title if isinstance(title, str) and title else None, page_count=self._count
        )

    def pages(self, numbers: range | None = None) -> Iterator[PageContent]:
        for index in numbers if numbers is not None else range(self._count):
            LIBRARY_NOTES.take()
            page = self.pdf.pages[index]
            try:
                yield self._page(page)
            finally:
                page.close()  # pdfplumber keeps every parsed page otherwise (~10 MB each)

    def _page(self, page: Any) -> PageContent:
        chars = tuple(self._char(c) for c in page.chars if c.get("text"))
        links, warnings = self._links(page)
        notes = [note[:120] for note in LIBRARY_NOTES.take()]
        unmapped = sum(1 for c in chars if c.text == UNMAPPED)
        if unmapped:
            notes.append(unmapped_note(unmapped))
        lost = _lost_streams(page)
        if lost:
            notes.append(f"{lost} content stream{'s' if lost > 1 else ''} could not be decoded")
        damage = tuple(page_damage(note) for note in notes)
        return PageContent(
            number=page.page_number,
            width=r3(page.width),
            height=r3(page.height),
            rotation=int(page.rotation or 0) % 360,
            chars=chars,
            links=links,
            warnings=damage + warnings,
        )

    @staticmethod
    def _char(c: dict[str, Any]) -> Char:
        font, bold, italic = _font_facts(c["fontname"])
        # pdfminer's box runs from the font's descent to its ascent; the baseline sits above the
        # box bottom by the descent, which the glyph matrix gives.
        matrix = c["matrix"]
        upright = bool(c["upright"])
        baseline = c["bottom"] - (matrix[5] - c["y0"]) if upright else c["x0"]
        text = c["text"]
        return Char(
            UNMAPPED if text[:5] == "(cid:" and CID_PLACEHOLDER.fullmatch(text) else text,
            round(float(c["x0"]), 3),
            round(float(c["x1"]), 3),
            round(float(c["top"]), 3),
            round(float(c["bottom"]), 3),
            round(float(baseline), 3),
            round(float(c["size"]), 3),
            font,
            bold,
            italic,
            _colour(c.get("non_stroking_color")),
            upright,
        )

    def _links(self, page: Any) -> tuple[tuple[LinkAnnotation, ...], tuple[PageWarning, ...]]:
        """URI link annotations, in the page's /Annots order, read from the raw objects.

        Read directly rather than through `page.hyperlinks`: that decodes URIs as UTF-8 only
        and raises on other bytes, and walks annotation trees that can recurse without end.
        """
        try:
            raw = _resolve(page.page_obj.annots) or []
            found: list[LinkAnnotation] = []
            for ref in raw:
                annot = _resolve(ref)
                if not isinstance(annot, dict) or _name(annot.get("Subtype")) != "Link":
                    continue
                action = _resolve(annot.get("A"))
                if not isinstance(action, dict) or _name(action.get("S")) != "URI":
                    continue
                uri = decode_uri(_resolve(action.get("URI")))
                rect = _resolve(annot.get("Rect"))
                if not uri or not isinstance(rect, list) or len(rect) != 4:
                    continue
                x0, y0, x1, y1 = (float(_resolve(v)) for v in rect)
                top, bottom = self._flip(page, y0, y1)
                found.append(
                    LinkAnnotation(
                        uri.strip(), r3(min(x0, x1)), r3(top), r3(max(x0, x1)), r3(bottom)
                    )
                )
            return tuple(found), ()
        except RecursionError:
            return (), (
                PageWarning("links-unreadable", "link annotations nest without end; skipped"),
            )
        except Exception as exc:  # a malformed annotation array must not lose the page's text
            _reraise_stop(exc)
            return (), (links_unreadable(short(exc)),)

    @staticmethod
    def _flip(page: Any, y0: float, y1: float) -> tuple[float, float]:
        """PDF user-space y (origin bottom-left) to distances from the page's top."""
        top_edge = float(page.mediabox[3]) if page.mediabox else float(page.height)
        a, b = top_edge - max(y0, y1), top_edge - min(y0, y1)
        return a, b

    def close(self) -> None:
        self.pdf.close()


def _lost_streams(page: Any) -> int:
    """How many of the page's content streams declare more bytes than an empty one needs but
    decoded to none.

    pdfminer reads a compressed stream it cannot inflate as empty, without a word: the page's
    text is then simply missing, and only this tells it apart from a page with no text.
    """
    from pdfminer.pdftypes import PDFStream

    lost = 0
    try:
        for ref in page.page_obj.contents or []:
            stream = _resolve(ref)
            if not isinstance(stream, PDFStream) or stream.data is None or stream.data:
                continue
            declared = _resolve(stream.attrs.get("Length"))
            if isinstance(declared, int) and declared > EMPTY_STREAM_MAX:
                lost += 1
    except Exception as exc:  # only a diagnosis: never worth losing the page over
        _reraise_stop(exc)
    return lost


def _resolve(value: object) -> Any:
    """An indirect object's value. pdfminer's `resolve1` follows references until it meets a
    value, so an object that refers to itself (`5 0 obj 5 0 R endobj`) keeps it going for ever."""
    from pdfminer.pdftypes import PDFObjRef

    for _ in range(REFERENCE_CHAIN_MAX):
        if not isinstance(value, PDFObjRef):
            return value
        value = value.resolve()
    raise ValueError("an object refers to itself")


def _name(value: object) -> str:
    """A PDF name object's text ('/Link' → 'Link'), whatever the library's representation."""
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return str(name).lstrip("/")


def _reraise_stop(exc: BaseException) -> None:
    """Raise the time limit behind `exc`, if any: it ends the run and must not pass for a
    damaged file, page or annotation."""
    stop = find_cause(exc, TimeLimit)
    if stop is not None:
        raise stop
