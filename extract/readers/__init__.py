"""Read stage: open a PDF and give its pages as styled characters and link annotations.

`open_pdf` checks the file and picks a reader: the pypdfium2 reader (`pdfium_reader`, the
default, fast) or the pdfplumber reader (`pdfplumber_reader`, the reference it is tested
against). Both give the same `PageContent` objects (see `extract.document`); what they share
is in `common`, and `integrity` checks that the streams pdfium read were whole.
"""

from __future__ import annotations

from pathlib import Path

from extract import signals
from extract.document import Reader
from extract.readers.common import check_file

READERS = ("pdfium", "pdfplumber")
DEFAULT_READER = "pdfium"  # `pdfplumber` is the reference it is tested against


def open_pdf(path: Path, *, password: str | None = None, reader: str = DEFAULT_READER) -> Reader:
    check_file(path)
    load_reader(reader)
    if reader == "pdfplumber":
        from extract.readers.pdfplumber_reader import PdfplumberReader

        return PdfplumberReader(path, password)
    from extract.readers.pdfium_reader import PdfiumReader

    return PdfiumReader(path, password)


def load_reader(reader: str = DEFAULT_READER) -> None:
    """Import what `open_pdf(reader=reader)` needs, with stop requests deferred until the
    imports are done: pikepdf's extension aborts the process (SIGABRT, "Critical nanobind
    error") when an interrupt is raised inside its initialisation. A process about to fork
    workers calls it first, so that they start with everything imported."""
    if reader not in READERS:
        raise ValueError(f"unknown reader {reader!r}")
    with signals.deferred():
        if reader == "pdfplumber":
            import extract.readers.pdfplumber_reader
        else:
            import extract.readers.integrity
            import extract.readers.pdfium_reader  # noqa: F401
