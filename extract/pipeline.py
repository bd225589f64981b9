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
import os
import signal
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from extract import signals
from extract.cards.resources import Note, read_resources
from extract.document import DocumentInfo, PageContent, PageWarning
from extract.errors import CatalogueError, NotACatalogue, NotAPdf, NoTextLayer, TimeLimit
from extract.layout.design import describe, with_furniture, with_roles
from extract.layout.furniture import find_furniture
from extract.layout.lines import PageLines, page_lines
from extract.layout.page import lay_out, settle_printed_urls, settle_reading_order
from extract.layout.toc import find_parts
from extract.layout.typography import learn_typography
from extract.readers import DEFAULT_READER, open_pdf
from extract.readers.common import NO_PAGES, find_cause
from extract.validate import edition, validate
from schemas.models import Catalogue, Design

if TYPE_CHECKING:
    from concurrent.futures import ProcessPoolExecutor

Progress = Callable[[int, int], None]
Jobs = int | Literal["auto"]
AUTO: Literal["auto"] = "auto"
DEFAULT_JOBS: Jobs = AUTO
# `--jobs auto`: one process below this many pages, where starting workers costs more than
# they save (see docs/speed.md for the measurements behind it).
AUTO_JOBS_FROM_PAGES = 16
AUTO_JOBS_MAX = 4  # beyond, merging the workers' pages in order outweighs another worker


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


def _unreadable(number: int, exc: Exception) -> PageLines:
    # A reader's own error names the file: the warning must not (outputs do not depend on
    # where the file was read from).
    text = exc.problem if isinstance(exc, CatalogueError) else str(exc)
    message = text.strip().splitlines()[0][:120] if text.strip() else type(exc).__name__
    warning = PageWarning("page-unreadable", f"page could not be read ({message}); skipped")
    return PageLines(number, 0.0, 0.0, (), (), (warning,), 0)


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
            if progress:
                progress(number, stop)
    return out


def read_document(
    path: Path,
    *,
    password: str | None = None,
    reader: str = DEFAULT_READER,
    jobs: Jobs = DEFAULT_JOBS,
    progress: Progress | None = None,
) -> tuple[DocumentInfo, list[PageLines]]:
    with open_pdf(path, password=password, reader=reader) as doc:
        info = doc.info()
    if info.page_count == 0:
        raise NotAPdf(path, NO_PAGES)
    count = info.page_count
    jobs = resolve_jobs(jobs, count)
    if jobs <= 1:
        return info, _read_range(path, password, reader, 0, count, progress)
    # Ranges a few times smaller than a worker's share keep both cores busy to the end.
    step = max(8, -(-count // (jobs * 4)))
    ranges = [(s, min(s + step, count)) for s in range(0, count, step)]
    pages: list[PageLines] = []
    if len(ranges) == 1:
        return info, _read_range(path, password, reader, 0, count, progress)
    else:
        # Imported here: a run in one process (most runs) need not load multiprocessing.
        from concurrent.futures import ProcessPoolExecutor

        pool = ProcessPoolExecutor(max_workers=jobs, initializer=_worker_signals)
        try:
            with signals.held():
                futures = [
                    pool.submit(_read_range, path, password, reader, s, e) for s, e in ranges
                ]
            for future in futures:
                pages += future.result()
                if progress:
                    progress(len(pages), count)
        except BaseException:
            with signals.held():
                _stop(pool)
            raise
        pool.shutdown()
    return info, pages


def _worker_signals() -> None:
    """Workers leave Ctrl-C to the main process (which stops them) and die at once on SIGTERM:
    otherwise each prints its own traceback when the terminal interrupts the process group.
    They are forked while the parent holds these signals back, and must not hold them too."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signals.release_inherited()


def _stop(pool: ProcessPoolExecutor) -> None:
    """Stop the workers now: on a time limit or an interrupt, waiting for their page ranges could
    take as long as the work being given up (for ever, on a page that never ends)."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14+
    if terminate is not None:
        terminate()
        return
    processes = list((getattr(pool, "_processes", None) or {}).values())  # gone after shutdown
    manager = getattr(pool, "_executor_manager_thread", None)
    pool.shutdown(wait=False, cancel_futures=True)
    for process in processes:
        process.terminate()
    for process in processes:
        process.join(5)
    # The pool's own thread closes its wake-up pipe as it ends; left running, it may close it
    # while the interpreter's exit wakes it (Python 3.11 checks then writes, unlocked), which
    # prints a traceback after the one-line error.
    if manager is not None:
        manager.join(5)


def extract_pdf(
    path: Path,
    *,
    password: str | None = None,
    reader: str = DEFAULT_READER,
    jobs: Jobs = DEFAULT_JOBS,
    progress: Progress | None = None,
    design: Design | None = None,
) -> Catalogue:
    """Extract one catalogue edition; raise a `CatalogueError` when the file cannot be one.

    `design` (see `extract.layout.design`) overrides what would be learnt of the document's
    design."""
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
    furniture = find_furniture(pages)
    if design is not None:
        furniture = with_furniture(furniture, design, pages)
    typography = learn_typography(pages, furniture)
    if design is not None:
        typography = with_roles(typography, design)
    layouts = [lay_out(p, typography, furniture) for p in pages]
    layouts = settle_reading_order(settle_printed_urls(layouts))
    content_pages = {layout.number for layout in layouts if layout.kind == "content"}
    given_offset = design.contents.page_offset if design is not None else None
    contents = find_parts(pages, content_pages, furniture, given_offset)
    reading = read_resources(layouts, contents, typography.body_size)
    reading.notes[:0] = [Note(w.code, w.message) for w in info.warnings]
    if not reading.drafts:
        raise NotACatalogue(path, "no resource cards found (no `>Type` line under a title)")
    meta = edition(info.title, path.name, sha256_of(path), info.page_count)
    assumed = describe(typography, furniture, contents, layouts, design)
    return validate(reading, meta, assumed)
