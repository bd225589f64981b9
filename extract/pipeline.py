"""The whole extraction as one function: read → layout → cards → validate, then a person's
corrections, when given (`extract.corrections`).

    >>> catalogue = extract_pdf(Path("samples/ess-pvd-2021.pdf"))
    >>> len(catalogue.resources)
    104

Pages are read one at a time and reduced to lines at once, so memory holds lines, never a
document's characters; `jobs > 1` reads page ranges in worker processes and gives the same
result, in the same order, as one process.
"""

from __future__ import annotations

import hashlib
import os
import re
import signal
from collections.abc import Callable
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Literal

from extract import signals
from extract.cards.resources import Note, read_resources
from extract.corrections.apply import apply_corrections
from extract.corrections.read import CorrectionSet
from extract.document import DocumentInfo, PageContent, PageWarning
from extract.errors import CatalogueError, NotACatalogue, NotAPdf, NoTextLayer, TimeLimit
from extract.layout.design import describe, given, with_furniture
from extract.layout.furniture import Furniture, find_furniture
from extract.layout.lines import PageLines, page_lines
from extract.layout.page import PageLayout, lay_out, settle_printed_urls, settle_reading_order
from extract.layout.scale import Scales, at_document_scale, page_scales
from extract.layout.toc import find_parts
from extract.layout.typography import Typography, learn_typography
from extract.readers import DEFAULT_READER, open_pdf
from extract.readers.common import NO_PAGES, find_cause
from extract.settings import current, using
from extract.untrusted import without_controls
from extract.validate import edition, validate
from schemas.models import Catalogue, Design

Progress = Callable[[int, int], None]
Jobs = int | Literal["auto"]
AUTO: Literal["auto"] = "auto"
DEFAULT_JOBS: Jobs = AUTO
# `--jobs auto`: one process below this many pages, where starting workers costs more than
# they save (see docs/speed.md for the measurements behind it).
AUTO_JOBS_FROM_PAGES = 16
AUTO_JOBS_MAX = 4  # beyond, merging the workers' pages in order outweighs another worker
# How long page workers told to stop may take (they die at once on SIGTERM: this is a bound).
STOP_WAIT = 5.0


def cpu_count() -> int:
    """The cores this process may run on (a container or `taskset` may allow fewer than the
    machine has)."""
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def resolve_jobs(jobs: Jobs, page_count: int) -> int:
    """The number of processes `jobs` means for a document of `page_count` pages."""
    if jobs != AUTO:
        return max(1, int(jobs))
    if page_count < AUTO_JOBS_FROM_PAGES:
        return 1
    return max(1, min(cpu_count(), AUTO_JOBS_MAX))


def parse_jobs(text: str) -> Jobs:
    """`--jobs`: `auto` or a whole number of processes, 1 or more."""
    if text.strip().lower() == AUTO:
        return AUTO
    try:
        value = int(text)
    except ValueError:
        raise ValueError(f"must be {AUTO} or a whole number, not {text!r}") from None
    if value < 1:
        raise ValueError("must be 1 or more")
    return value


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


SKIPPED = "; skipped"  # how the warning of a page that was not read ends


def _unreadable(number: int, exc: Exception) -> PageLines:
    # A reader's own error names the file: the warning must not (outputs do not depend on
    # where the file was read from).
    text = exc.problem if isinstance(exc, CatalogueError) else str(exc)
    message = text.strip().splitlines()[0][:120] if text.strip() else type(exc).__name__
    warning = PageWarning("page-unreadable", f"page could not be read ({message}){SKIPPED}")
    return PageLines(number, 0.0, 0.0, (), (), (warning,), 0)


def skipped_pages(catalogue: Catalogue) -> set[int]:
    """The pages the extraction did not read (damaged, or over the decoded-size limit): a
    page's image must not be asked of pdfium either."""
    return {
        w.page
        for w in catalogue.warnings
        if w.code == "page-unreadable" and w.page is not None and w.message.endswith(SKIPPED)
    }


def _read_range(
    path: Path,
    password: str | None,
    reader: str,
    start: int,
    stop: int,
    progress: Progress | None = None,
) -> list[PageLines]:
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
                limit = find_cause(exc, TimeLimit)
                if limit is not None:  # the time limit, which pdfplumber wraps as a page error
                    raise limit from None
                # A stop request met while a library was cleaning up after it (an interrupted
                # read leaves a memory map that cannot close): the run stops, no page is lost.
                interrupt = find_cause(exc, KeyboardInterrupt)
                if interrupt is not None:
                    raise interrupt from None
                out.append(_unreadable(number, exc))
                pages = doc.pages(range(number, stop))
                continue
            out.append(page_lines(page))
            signals.check()  # a stop request that a library caught and dropped
            if progress:
                progress(number, stop)
    return out


def _read_span(
    path: Path, password: str | None, reader: str, span: tuple[int, int]
) -> list[PageLines]:
    return _read_range(path, password, reader, *span)


# A reading library's message names the file, then where in it: the name is said already.
_LIBRARY_PLACE = re.compile(r"^\s*\((object \d+ \d+)[^)]*\):\s*")


def document_info(
    path: Path, *, password: str | None = None, reader: str = DEFAULT_READER
) -> DocumentInfo:
    """What the file says of itself (pages, title, repairs). A file whose structure the
    reading library cannot walk when it opens it (a page tree that loops, or is nested
    thousands deep, in which qpdf and pdfminer give up) is a damaged PDF: exit 4, not a bug."""
    try:
        with open_pdf(path, password=password, reader=reader) as doc:
            return doc.info()
    except CatalogueError:
        raise
    except Exception as exc:
        limit = find_cause(exc, TimeLimit)  # pdfplumber wraps what stops it
        if limit is not None:
            raise limit from None
        text = " ".join(str(exc).split()) or type(exc).__name__
        text = _LIBRARY_PLACE.sub(r"\1: ", text.removeprefix(str(path)))
        raise NotAPdf(path, f"damaged PDF ({text[:120]})") from exc


def file_name(path: Path) -> str:
    """The file's name as text: bytes that are not UTF-8 become U+FFFD, and so do control
    characters (a newline in a file name): outputs hold text, not a file system's bytes."""
    raw = os.fsencode(path.name)
    return without_controls(raw.decode("utf-8", errors="replace"))[0]


def read_document(
    path: Path,
    *,
    password: str | None = None,
    reader: str = DEFAULT_READER,
    jobs: Jobs = DEFAULT_JOBS,
    progress: Progress | None = None,
) -> tuple[DocumentInfo, list[PageLines]]:
    info = document_info(path, password=password, reader=reader)
    if info.page_count == 0:
        raise NotAPdf(path, NO_PAGES)
    count = info.page_count
    jobs = resolve_jobs(jobs, count)
    # Ranges a few times smaller than a worker's share keep both cores busy to the end.
    step = max(8, -(-count // (jobs * 4)))
    ranges = [(s, min(s + step, count)) for s in range(0, count, step)]
    if jobs <= 1 or len(ranges) == 1:
        return info, _read_range(path, password, reader, 0, count, progress)
    # Imported here: a run in one process (most runs) need not load multiprocessing.
    from extract.processes import Died, Processes

    done = [0]

    def arrived(index: int, result: list[PageLines] | Died) -> None:
        if progress and not isinstance(result, Died):
            done[0] += len(result)
            progress(done[0], count)

    work = partial(_read_span, path, password, reader)
    results = Processes(
        ranges, work, jobs, setup=_worker_signals, stop_wait=STOP_WAIT, on_result=arrived
    ).run()
    pages: list[PageLines] = []
    for (start, stop), result in zip(ranges, results, strict=True):
        if isinstance(result, Died):  # a native library's crash: those pages, not the run
            pages += [
                _unreadable(n, RuntimeError(f"its reader process died: {result.describe()}"))
                for n in range(start + 1, stop + 1)
            ]
        else:
            pages += result
    return info, pages


def _worker_signals() -> None:
    """Workers leave Ctrl-C to the main process, which stops them with SIGTERM: on it they die
    at once (they write nothing). Otherwise each would print its own traceback when the
    terminal interrupts the process group."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def extract_pdf(
    path: str | os.PathLike[str],
    *,
    password: str | None = None,
    reader: str = DEFAULT_READER,
    jobs: Jobs = DEFAULT_JOBS,
    progress: Progress | None = None,
    design: Design | None = None,
    corrections: CorrectionSet | None = None,
) -> Catalogue:
    """Extract one catalogue edition (`path`: a `str` or a `Path`); raise a `CatalogueError`
    when the file cannot be one.

    `design` (see `extract.layout.design`) overrides what would be learnt of the document's
    design, and its `settings` the reading thresholds (`extract.settings`); `corrections` (see
    `extract.corrections`) are applied to the validated records."""
    settings = current() if design is None else current().but(design.settings)
    with using(settings):
        catalogue = _extract(Path(path), password, reader, jobs, progress, design)
    if corrections is not None:
        catalogue = apply_corrections(catalogue, corrections)
    return catalogue


def _extract(
    path: Path,
    password: str | None,
    reader: str,
    jobs: Jobs,
    progress: Progress | None,
    design: Design | None,
) -> Catalogue:
    info, pages = read_document(
        path, password=password, reader=reader, jobs=jobs, progress=progress
    )
    if all(p.width == 0 for p in pages):
        raise NotAPdf(path, "no page could be read")
    if sum(p.char_count for p in pages) == 0:
        if info.warnings or any(w.code == "page-unreadable" for p in pages for w in p.warnings):
            raise NotAPdf(path, "damaged PDF (no text could be read from any page)")
        where = "its only page" if len(pages) == 1 else f"any of its {len(pages)} pages"
        raise NoTextLayer(path, f"no text layer on {where} (scanned images?); run OCR first")
    laid = lay_out_document(pages, design)
    content_pages = {layout.number for layout in laid.layouts if layout.kind == "content"}
    given_offset = design.contents.page_offset if design is not None else None
    contents = find_parts(laid.pages, content_pages, laid.furniture, given_offset)
    reading = read_resources(laid.layouts, contents, laid.typography.body_size)
    reading.notes[:0] = [Note(w.code, w.message) for w in info.warnings]
    if laid.typography.roles_doubt is not None:
        reading.notes.append(Note("roles-uncertain", laid.typography.roles_doubt))
    if not reading.drafts:
        raise NotACatalogue(path, "no resource cards found (no `>Type` line under a title)")
    meta = edition(info.title, file_name(path), sha256_of(path), info.page_count)
    assumed = describe(laid.typography, laid.furniture, contents, laid.layouts, design, laid.scales)
    return validate(reading, meta, assumed)


@dataclass(frozen=True)
class LaidOut:
    """The layout stage's result over a whole document: its pages at the document's scale, what
    was learnt of its design, and each page's layout."""

    pages: list[PageLines]
    scales: Scales
    furniture: Furniture
    typography: Typography
    layouts: list[PageLayout]


def lay_out_document(pages: list[PageLines], design: Design | None = None) -> LaidOut:
    """The document's pages laid out: their scale, furniture and typography learnt (what
    `design` sets taken as it is), then each page's cards, groups and other text."""
    scales = page_scales(pages)
    pages = at_document_scale(pages, scales)
    furniture = find_furniture(pages)
    if design is not None:
        furniture = with_furniture(furniture, design, pages)
    typography = learn_typography(pages, furniture, given(design) if design else None)
    layouts = [lay_out(p, typography, furniture) for p in pages]
    layouts = settle_reading_order(settle_printed_urls(layouts))
    return LaidOut(pages, scales, furniture, typography, layouts)
