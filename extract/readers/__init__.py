"""Read stage: open a PDF and give its pages as styled characters and link annotations.

`open_pdf` checks the file and picks a reader: the pypdfium2 reader (`pdfium_reader`, the
default, fast) or the pdfplumber reader (`pdfplumber_reader`, the reference it is tested
against). Both give the same `PageContent` objects (see `extract.document`); what they share
is in `common`, and `integrity` checks that the streams pdfium read were whole.
"""

from __future__ import annotations

from pathlib import Path

from extract.document import Reader
from extract.readers.common import check_file

READERS = ("pdfium", "pdfplumber")
DEFAULT_READER = "pdfium"  # `pdfplumber` is the reference it is tested against


def open_pdf(path: Path, *, password: str | None = None, reader: str = DEFAULT_READER) -> Reader:
    check_file(path)
    if reader == "pdfplumber":
        from extract.readers.pdfplumber_reader import PdfplumberReader

        return PdfplumberReader(path, password)
    if reader == "pdfium":
        from extract.readers.pdfium_reader import PdfiumReader

        return PdfiumReader(path, password)
    raise ValueError(f"unknown reader {reader!r}")


def load_reader(reader: str = DEFAULT_READER) -> None:
    """Import now what `open_pdf(reader=reader)` imports on first use. A process about to fork
    workers calls it first: a worker stopped while it imports pikepdf (the stream check) is
    aborted by pikepdf's extension instead of stopping cleanly."""
    if reader == "pdfplumber":
        import extract.readers.pdfplumber_reader
    else:
        import extract.readers.integrity
        import extract.readers.pdfium_reader  # noqa: F401
