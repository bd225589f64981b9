"""What both readers share: font names and styles, link URIs, the warnings for damage read
past, the checks made before any library is handed a file, and the library notes caught."""

from __future__ import annotations

import logging
import re
from pathlib import Path
from typing import TypeVar

from extract.document import (
    PageWarning,
)
from extract.errors import InputNotFound, NotAPdf

SUBSET_PREFIX = re.compile(r"^[A-Z]{6}\+")


BOLD_NAME = re.compile(r"bold|black|heavy|semibold|demibold|\bbd\b|-bd|bd$", re.IGNORECASE)


ITALIC_NAME = re.compile(r"italic|oblique|-it$|\bit\b", re.IGNORECASE)


PDF_MAGIC = b"%PDF-"


UNMAPPED = "\ufffd"


E = TypeVar("E", bound=BaseException)


LIBRARY_NOTES_PER_PAGE = 3


NO_PAGES = "no pages found (empty page tree, or a damaged cross-reference table)"


class LibraryNotes(logging.Handler):
    """What a reading library logs about damage it worked around (pdfminer: a corrupt stream, a
    circular content reference; qpdf: a page-tree entry it ignored) while reading.

    Left alone, those lines reach stderr beside the one-line error or summary; worse, the page
    would come out looking whole. Caught here, they become warnings. A note is the message's
    first line, whole: callers shorten it once they have taken out what they do not want.
    """

    def __init__(self, level: int = logging.WARNING) -> None:
        super().__init__(level)
        self.notes: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        try:
            lines = record.getMessage().strip().splitlines()
            note = lines[0] if lines else ""
        except Exception:  # a malformed log call must not break the read
            note = record.msg if isinstance(record.msg, str) else "unreadable message"
        if note and note not in self.notes and len(self.notes) < LIBRARY_NOTES_PER_PAGE:
            self.notes.append(note)

    def take(self) -> list[str]:
        notes, self.notes = self.notes, []
        return notes


def page_damage(note: str) -> PageWarning:
    """The warning for a page read past damage: both readers word it alike."""
    return PageWarning(
        "page-unreadable",
        f"page read with errors ({note}); some of its text may be missing or wrong",
    )


def links_unreadable(note: str) -> PageWarning:
    return PageWarning("links-unreadable", f"link annotations unreadable ({note})")


def unmapped_note(count: int) -> str:
    """What is said of glyphs no font maps to Unicode, read as U+FFFD."""
    return f"{count} glyph{'s' if count > 1 else ''} with no Unicode mapping, read as {UNMAPPED}"


def base_font(name: str) -> str:
    return SUBSET_PREFIX.sub("", name)


def font_style(name: str) -> tuple[bool, bool]:
    """(bold, italic) from a font's name: the one signal every reader gives the same way."""
    base = base_font(name)
    return bool(BOLD_NAME.search(base)), bool(ITALIC_NAME.search(base))


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


def short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]


def find_cause(exc: BaseException, kind: type[E]) -> E | None:
    """The first `kind` in what led to `exc`. pdfplumber wraps whatever goes wrong while it
    parses in a `PdfminerException`: a refused password (with an empty message), and also the
    time limit's `TimeLimit`, raised by the alarm in the middle of pdfminer's code."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, kind):
            return current
        wrapped = [arg for arg in current.args if isinstance(arg, kind)]
        if wrapped:
            return wrapped[0]
        current = current.__cause__ or current.__context__
    return None


def password_problem(password: str | None) -> str:
    return "wrong password" if password else "encrypted; give its password with --password"
