"""The whole extraction as one function: read → layout → cards → validate.

    >>> catalogue = extract_pdf(Path("samples/ess-pvd-2021.pdf"))
    >>> len(catalogue.resources)
    104

Pages are read one at a time and reduced to lines at once, so memory holds lines, never a
document's characters; `jobs > 1` reads page ranges in worker processes and gives the same
result, in the same order, as one process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from extract.cards import read_resources
from extract.document import DocumentInfo, PageContent, PageWarning
from extract.errors import NotACatalogue, NotAPdf, NoTextLayer
from extract.layout import lay_out, learn_typography
from extract.lines import PageLines, page_lines
from extract.read import open_pdf
from extract.validate import edition, validate
from schemas.models import Catalogue

DEFAULT_READER = "pdfplumber"
Progress = Callable[[int, int], None]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _unreadable(number: int, exc: Exception) -> PageLines:
    message = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else type(exc).__name__
    warning = PageWarning("page-unreadable", f"page could not be read ({message}); skipped")
    return PageLines(number, 0.0, 0.0, (), (), (warning,), 0)


def _read_range(path: Path, password: str | None, reader: str, start: int, stop: int) -> list[PageLines]:
    out: list[PageLines] = []
    with open_pdf(path, password=password, reader=reader) as doc:
        pages = doc.pages(range(start, stop))
        number = start
        while True:
            number += 1
            try:
                page: PageContent = next(pages)
            except StopIteration:
                break
            except Exception as exc:  # one damaged page must not cost the others
                out.append(_unreadable(number, exc))
                pages = doc.pages(range(number, stop))
                continue
            out.append(page_lines(page))
    return out


def read_document(
    path: Path,
    *,
    password: str | None = None,
    reader: str = DEFAULT_READER,
    jobs: int = 1,
    progress: Progress | None = None,
) -> tuple[DocumentInfo, list[PageLines]]:
    with open_pdf(path, password=password, reader=reader) as doc:
        info = doc.info()
    if info.page_count == 0:
        raise NotAPdf(path, "the PDF has no pages")
    count = info.page_count
    step = 8 if jobs <= 1 else max(8, -(-count // (jobs * 4)))
    ranges = [(s, min(s + step, count)) for s in range(0, count, step)]
    pages: list[PageLines] = []
    if jobs <= 1 or len(ranges) == 1:
        for start, stop in ranges:
            pages += _read_range(path, password, reader, start, stop)
            if progress:
                progress(len(pages), count)
    else:
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            futures = [pool.submit(_read_range, path, password, reader, s, e) for s, e in ranges]
            for future in futures:
                pages += future.result()
                if progress:
                    progress(len(pages), count)
    return info, pages


def extract_pdf(
    path: Path,
    *,
    password: str | None = None,
    reader: str = DEFAULT_READER,
    jobs: int = 1,
    progress: Progress | None = None,
) -> Catalogue:
    """Extract one catalogue edition; raise a `CatalogueError` when the file cannot be one."""
    info, pages = read_document(path, password=password, reader=reader, jobs=jobs, progress=progress)
    if all(p.width == 0 for p in pages):
        raise NotAPdf(path, "no page could be read")
    if sum(p.char_count for p in pages) == 0:
        raise NoTextLayer(path, f"no text layer on any of its {len(pages)} pages "
                          "(scanned images?); run OCR first")
    typography = learn_typography(pages)
    layouts = [lay_out(p, typography) for p in pages]
    reading = read_resources(layouts, typography.body_size)
    if not reading.drafts:
        raise NotACatalogue(path, "no resource cards found (no `>Type` line under a title)")
    meta = edition(info.title, path.name, sha256_of(path), info.page_count)
    return validate(reading, meta)
