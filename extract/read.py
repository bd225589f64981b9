"""Read stage: open a PDF and give its pages as styled characters and link annotations.

`open_pdf` checks the file and picks a reader; the pdfplumber reader lives here, the pypdfium2
reader in `read_pdfium`. Both give the same `PageContent` objects (see `document.py`).
"""

from __future__ import annotations

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
from extract.errors import Encrypted, InputNotFound, NotAPdf

SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")
BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|\bbd\b|-bd|bd$", re.IGNORECASE)
ITALIC_NAME = re.compile(r"italic|oblique|-it$|\bit\b", re.IGNORECASE)
PDF_MAGIC = b"%PDF-"


def base_font(name: str) -> str:
    return SUBSET_PREFIX.sub("", name)


def font_style(name: str) -> tuple[bool, bool]:
    """(bold, italic) from a font's name: the one signal every reader gives the same way."""
    base = base_font(name)
    return bool(BOLD_NAME.search(base)), bool(ITALIC_NAME.search(base))


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


def decode_uri(raw: object) -> str | None:
    """A URI from a link action: bytes are UTF-8 where they can be, else PDFDocEncoding/Latin-1."""
    if isinstance(raw, str):
        return raw
    if isinstance(raw, bytes):
        try:
            return raw.decode("utf-8")
        except UnicodeDecodeError:
            return raw.decode("latin-1")
    return None


def check_file(path: Path) -> None:
    """Fail early, with a clear message, on what no PDF library should be handed."""
    if not path.exists():
        raise InputNotFound(path, "no such file")
    if path.is_dir():
        raise InputNotFound(path, "is a directory, not a PDF file")
    try:
        with path.open("rb") as f:
            head = f.read(1024)
    except OSError as exc:
        raise InputNotFound(path, f"cannot be read ({exc.strerror})") from exc
    if not head:
        raise NotAPdf(path, "empty file")
    if PDF_MAGIC not in head:
        raise NotAPdf(path, "not a PDF (no %PDF- header)")


def r3(v: float) -> float:
    return round(float(v), 3)


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
            raise Encrypted(path, _password_problem(password)) from exc
        except PDFEncryptionError as exc:
            raise Encrypted(path, f"encrypted with an unsupported scheme ({exc})") from exc
        except (PDFSyntaxError, PSException) as exc:
            raise NotAPdf(path, f"damaged PDF ({_short(exc)})") from exc
        except Exception as exc:  # pdfminer raises many plain exceptions on broken files
            if type(exc).__name__ == "PdfminerException" and "assword" in repr(exc):
                raise Encrypted(path, _password_problem(password)) from exc
            raise NotAPdf(path, f"damaged PDF ({_short(exc)})") from exc

    def info(self) -> DocumentInfo:
        title = self.pdf.metadata.get("Title")
        if isinstance(title, bytes):
            title = decode_uri(title)
        return DocumentInfo(title=title if isinstance(title, str) and title else None,
                            page_count=self._count)

    def pages(self, numbers: range | None = None) -> Iterator[PageContent]:
        for index in numbers if numbers is not None else range(self._count):
            page = self.pdf.pages[index]
            try:
                yield self._page(page)
            finally:
                page.close()  # pdfplumber keeps every parsed page otherwise (~10 MB each)

    def _page(self, page: Any) -> PageContent:
        chars = tuple(self._char(c) for c in page.chars if c.get("text"))
        links, warnings = self._links(page)
        return PageContent(
            number=page.page_number,
            width=r3(page.width),
            height=r3(page.height),
            rotation=int(page.rotation or 0) % 360,
            chars=chars,
            links=links,
            warnings=warnings,
        )

    @staticmethod
    def _char(c: dict[str, Any]) -> Char:
        bold, italic = font_style(c["fontname"])
        # pdfminer's box runs from the font's descent to its ascent; the baseline sits above the
        # box bottom by the descent, which the glyph matrix gives.
        matrix = c["matrix"]
        upright = bool(c["upright"])
        baseline = c["bottom"] - (matrix[5] - c["y0"]) if upright else c["x0"]
        return Char(
            text=c["text"],
            x0=r3(c["x0"]),
            x1=r3(c["x1"]),
            top=r3(c["top"]),
            bottom=r3(c["bottom"]),
            baseline=r3(baseline),
            size=r3(c["size"]),
            font=base_font(c["fontname"]),
            bold=bold,
            italic=italic,
            colour=to_rgb(c.get("non_stroking_color")),
            upright=upright,
        )

    def _links(self, page: Any) -> tuple[tuple[LinkAnnotation, ...], tuple[PageWarning, ...]]:
        """URI link annotations, in the page's /Annots order, read from the raw objects.

        Read directly rather than through `page.hyperlinks`: that decodes URIs as UTF-8 only
        and raises on other bytes, and walks annotation trees that can recurse without end.
        """
        from pdfminer.pdftypes import resolve1

        try:
            raw = resolve1(page.page_obj.annots) or []
            found: list[LinkAnnotation] = []
            for ref in raw:
                annot = resolve1(ref)
                if not isinstance(annot, dict) or _name(annot.get("Subtype")) != "Link":
                    continue
                action = resolve1(annot.get("A"))
                if not isinstance(action, dict) or _name(action.get("S")) != "URI":
                    continue
                uri = decode_uri(resolve1(action.get("URI")))
                rect = resolve1(annot.get("Rect"))
                if not uri or not isinstance(rect, list) or len(rect) != 4:
                    continue
                x0, y0, x1, y1 = (float(resolve1(v)) for v in rect)
                top, bottom = self._flip(page, y0, y1)
                found.append(
                    LinkAnnotation(uri.strip(), r3(min(x0, x1)), r3(top), r3(max(x0, x1)),
                                   r3(bottom))
                )
            return tuple(found), ()
        except RecursionError:
            return (), (PageWarning("links-unreadable",
                                    "link annotations nest without end; skipped"),)
        except Exception as exc:  # a malformed annotation array must not lose the page's text
            return (), (PageWarning("links-unreadable",
                                    f"link annotations unreadable ({_short(exc)})"),)

    @staticmethod
    def _flip(page: Any, y0: float, y1: float) -> tuple[float, float]:
        """PDF user-space y (origin bottom-left) to distances from the page's top."""
        top_edge = float(page.mediabox[3]) if page.mediabox else float(page.height)
        a, b = top_edge - max(y0, y1), top_edge - min(y0, y1)
        return a, b

    def close(self) -> None:
        self.pdf.close()


def _name(value: object) -> str:
    """A PDF name object's text ('/Link' → 'Link'), whatever the library's representation."""
    name = getattr(value, "name", value)
    if isinstance(name, bytes):
        name = name.decode("latin-1")
    return str(name).lstrip("/")


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def _password_problem(password: str | None) -> str:
    return "wrong password" if password else "encrypted; give its password with --password"


READERS = ("pdfium", "pdfplumber")


def open_pdf(path: Path, *, password: str | None = None, reader: str = "pdfplumber") -> Reader:
    check_file(path)
    if reader == "pdfplumber":
        return PdfplumberReader(path, password)
    if reader == "pdfium":
        from extract.read_pdfium import PdfiumReader

        return PdfiumReader(path, password)
    raise ValueError(f"unknown reader {reader!r}")
