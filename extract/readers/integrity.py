"""Which streams of a page cannot be decoded whole: the damage pdfium reads past in silence.

pdfium decodes as much of a damaged stream as it can and draws that: a flipped byte in a
compressed content stream costs the rest of the page's text without a word, and the page looks
whole. The reference reader hears of such damage from pdfminer; for the pdfium reader, qpdf
(through pikepdf) decodes the same streams strictly and says what failed. Only what the text
depends on is checked: content streams, form XObjects, and fonts (programs, ToUnicode and
encoding CMaps, Type 3 glyph procedures), each stream once per document however many pages
share it. Images are left out: they carry no text, and decoding them would cost the most.

    >>> with Integrity(Path("samples/ess-pvd-2021.pdf")) as check:
    ...     check.opening, check.page(0)
    ([], PageProblems(streams=[], links=[], too_large=None))
"""

from __future__ import annotations

import logging
import re
import warnings
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import Any, NamedTuple

import pikepdf

from extract import signals
from extract.errors import CatalogueError
from extract.readers.common import LibraryNotes

NOTES_PER_PAGE = 3  # as for the reference reader: the first few tell the story
# What the streams a page's text depends on may decode to, each and all together. pdfium
# holds a content stream whole and builds an object for each of its operators: 32 MiB of text
# operators cost it some 500 MB, and a 1 MB file whose content stream inflates to 1 GiB of
# `q Q` cost 2.1 GB and 50 s. The pages of the samples need at most 0.3 MiB; a page over the
# limit is skipped, with a warning, before pdfium opens it (see docs/robustness.md#bounds).
MAX_PAGE_BYTES = 16 << 20
MAX_DEPTH = 16  # forms within forms, Type 3 fonts within forms: deeper is a loop or an attack
# qpdf starts its messages with the file's name and where in it: "<file>: ...", "<file> (offset
# 9): ...", "<file> (object 39 0, offset 9): ...", "<file>, object 6 0 at offset 9: ...". The name
# is dropped (outputs must not depend on where the file was read from); a named object stays.
QPDF_PLACE = re.compile(
    r"^(?: \((?:object (\d+)[ ,](\d+), |trailer, )?offset \d+\)"
    r"|, object (\d+) (\d+) at offset \d+)?:\s*"
)
INFLATE_CHUNK = 1 << 20
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


# What qpdf logs rather than raises or keeps as a warning (a page-tree entry it ignored).
QPDF_LOG = LibraryNotes(logging.INFO)
logging.getLogger("pikepdf._core").addHandler(QPDF_LOG)
logging.getLogger("pikepdf._core").propagate = False


class PageProblems(NamedTuple):
    streams: list[str]  # streams that could not be decoded whole
    links: list[str]  # link annotations whose action could not be read
    too_large: str | None = None  # why the page must not be read at all (MAX_PAGE_BYTES)


class _Verdict(NamedTuple):
    problem: str | None  # why the stream cannot be decoded whole, if it cannot
    size: int  # what it decodes to (as far as it was decoded)


class Integrity:
    """A PDF opened with qpdf to check its streams. `opening` lists the repairs qpdf made to
    open it (an empty list for a sound file); `page(i)` the problems of page i's streams."""

    def __init__(self, path: Path, password: str | None = None, pages: int | None = None) -> None:
        self.path = path
        # A stream's verdict, kept for every page that draws with it: each page's notes then
        # depend only on that page, whichever pages a worker process was given.
        self._verdicts: dict[tuple[int, int], _Verdict] = {}
        self.pdf: Any = None
        # A stop request waits for qpdf as it does for a page's check (see `page`).
        with signals.held(signals.INTERRUPTS):
            self._open(path, password, pages)

    def _open(self, path: Path, password: str | None, pages: int | None) -> None:
        try:
            with warnings.catch_warnings():
                # pikepdf warns, through Python's warnings, that a password given to a file
                # without one was not needed: pdfium opened the file, nothing is wrong.
                warnings.simplefilter("ignore", UserWarning)
                self.pdf = pikepdf.open(
                    path, password=password or "", inherit_page_attributes=False
                )
        except pikepdf.PasswordError:
            # pdfium opened it with this password: qpdf's view of the encryption differs.
            self.opening = ["its streams could not be checked (qpdf refused the password)"]
            return
        except CatalogueError:
            raise  # the time limit
        except Exception as exc:  # whatever qpdf makes of the file, pdfium's reading goes on
            self.opening = [f"its streams could not be checked ({_detail(str(exc), self.path)})"]
            return
        # Every object parsed now, in every process alike: qpdf reports an object's damage the
        # first time it reads it, and a page's notes must not depend on the pages read before
        # it (a worker process reads a range of pages, not the whole document).
        QPDF_LOG.take()
        for _ in self.pdf.objects:
            pass
        self._scratch = pikepdf.Stream(self.pdf, b"")
        found = len(self.pdf.pages)  # the page tree walked now too, and what qpdf logs of it kept
        said = [*self.pdf.get_warnings(), *QPDF_LOG.take()]
        self.opening = _unique(_detail(w, self.path) for w in said)
        if pages is not None and found != pages:
            # Page i is not the same page for both: checking "its" streams would put the notes
            # on the wrong page. The file's warning says the page tree is damaged instead.
            self.opening.insert(
                0, f"its page tree is damaged ({found} pages for qpdf, {pages} read)"
            )
            self.pdf.close()
            self.pdf = None

    def page(self, index: int) -> PageProblems:
        """What is wrong with the streams page `index` (0-based) draws with, and its links.

        A stop request (Ctrl-C, a batch stopping its files) waits for the page's check to end:
        raised inside pikepdf, its interrupt came back as an error of the file or the page,
        and the run went on with a warning instead of stopping. The time limit is not held: it
        stops a check that never ends."""
        with signals.held(signals.INTERRUPTS):
            return self._page(index)

    def _page(self, index: int) -> PageProblems:
        if self.pdf is None:
            return PageProblems([], [])
        notes: list[str] = []
        links: list[str] = []
        sizes: dict[tuple[int, int], int] = {}
        largest = ""
        try:
            page = self.pdf.pages[index].obj
            resources = _inherited(page, "/Resources")
            for kind, stream in _page_streams(page, resources):
                verdict = self._decode(stream)
                if verdict.problem:
                    notes.append(f"{kind} {_name(stream)} could not be decoded: {verdict.problem}")
                sizes[stream.objgen] = verdict.size  # a stream drawn twice counts once
                if verdict.size == max(sizes.values()):
                    largest = f"{kind} {_name(stream)}"
                total = sum(sizes.values())
                if total > MAX_PAGE_BYTES:
                    return PageProblems([], [], _too_large(largest, max(sizes.values()), total))
            links = _link_problems(page)
        except CatalogueError:
            raise  # the time limit
        except Exception as exc:  # a damaged page object costs this check, not the page
            notes.append(f"its objects could not be read: {_detail(str(exc), self.path)}")
        self.pdf.get_warnings()  # nothing new: every object was parsed when the file was opened
        notes += [_detail(note, self.path) for note in QPDF_LOG.take()]
        return PageProblems(_unique(notes)[:NOTES_PER_PAGE], _unique(links)[:NOTES_PER_PAGE])

    def _decode(self, stream: Any) -> _Verdict:
        """Why the stream cannot be decoded whole (or None), and what it decodes to. qpdf
        raises on some damage and only warns about other (it then returns what it could
        decode), so both count."""
        key: tuple[int, int] = stream.objgen
        if key in self._verdicts:
            return self._verdicts[key]
        self.pdf.get_warnings()
        problem: str | None = None
        size = 0
        try:
            problem, size = _decode_strictly(stream, self._scratch)
        except pikepdf.PdfError as exc:
            # Only text-bearing streams are checked, and the filters qpdf does not decode are
            # for images: on one of these it is an unknown or misspelt filter (pdfium reads such
            # a stream as if it had none, which is right only by chance).
            if "unfilterable" in str(exc):
                problem = f"unknown filter {stream.get('/Filter')}"
            else:
                problem = _detail(str(exc), self.path)
        warnings = self.pdf.get_warnings()
        if problem is None and warnings:
            problem = _detail(warnings[0], self.path)
        verdict = _Verdict(problem, size)
        self._verdicts[key] = verdict
        return verdict

    def close(self) -> None:
        if self.pdf is not None:
            self.pdf.close()

    def __enter__(self) -> Integrity:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _decode_strictly(stream: Any, scratch: Any) -> tuple[str | None, int]:
    """Decode the stream, raising or returning what is wrong with it, and its decoded size.

    qpdf inflates without checking the Adler-32 sum that ends zlib data, so a changed byte that
    still inflates gives garbled content and no complaint (and pdfium draws it). zlib inflates
    the data that reaches the Flate filter instead, strictly, a bounded piece at a time, and
    stops once past MAX_PAGE_BYTES; qpdf decodes the rest of the chain (ASCII85 in front of
    Flate, for most producers), and what follows the inflating only once that is known to fit.
    """
    filters = stream.get("/Filter")
    names = [str(f) for f in filters] if isinstance(filters, pikepdf.Array) else [str(filters)]
    if "/FlateDecode" not in names:
        return None, len(stream.read_bytes())
    at = names.index("/FlateDecode")
    parms = stream.get("/DecodeParms")
    # One entry per filter, as the file should give them: a short array is padded out.
    parms = list(parms) if isinstance(parms, pikepdf.Array) else [parms] * len(names)
    parms = (parms + [None] * len(names))[: len(names)]
    if at == 0:
        data = stream.read_raw_bytes()
    else:
        # One stream object reused for every stream checked: each new one would stay in the
        # document's object table, and memory would grow with the page count.
        decode = [p or None for p in parms[:at]]
        scratch.write(
            stream.read_raw_bytes(),
            filter=pikepdf.Array([pikepdf.Name(n) for n in names[:at]]),
            decode_parms=pikepdf.Array(decode) if any(decode) else None,
            type_check=False,
        )
        data = scratch.read_bytes()
    problem, size = _inflated(data)
    predicted = isinstance(parms[at], pikepdf.Dictionary) and "/Predictor" in parms[at]
    if problem is None and size <= MAX_PAGE_BYTES and (at < len(names) - 1 or predicted):
        size = len(stream.read_bytes())  # what follows the inflating: qpdf's to check
    return problem, size


def _inflated(data: bytes) -> tuple[str | None, int]:
    """What is wrong with deflated `data`, if anything, and what it inflates to; inflating
    stops just past MAX_PAGE_BYTES (the size then says only that it is more)."""
    inflate = zlib.decompressobj()
    size = 0
    try:
        while data and not inflate.eof and size <= MAX_PAGE_BYTES:
            size += len(inflate.decompress(data, INFLATE_CHUNK))  # a bounded piece: no bomb
            data = inflate.unconsumed_tail
    except zlib.error as exc:
        return f"deflated data damaged ({str(exc).rsplit(': ', 1)[-1]})", size
    if inflate.eof or size > MAX_PAGE_BYTES:
        return None, size
    return "deflated data ends early", size


def _too_large(largest: str, size: int, total: int) -> str:
    """Why a page is not read: its streams decode to more than MAX_PAGE_BYTES."""
    limit = MAX_PAGE_BYTES >> 20
    if size > MAX_PAGE_BYTES:
        return f"its {largest} decodes to more than {limit} MiB, the limit"
    return f"its streams decode to more than {limit} MiB together, the limit"


def _link_problems(page: Any) -> list[str]:
    """Link annotations whose action is there but cannot be read (pdfium skips them silently:
    an object that is only a reference to itself, a dictionary lost to damage)."""
    annots = page.get("/Annots")
    if not isinstance(annots, pikepdf.Array):
        return []
    found = []
    for annot in annots:
        if not isinstance(annot, pikepdf.Dictionary) or annot.get("/Subtype") != "/Link":
            continue
        action = annot.get("/A")
        if "/A" in annot and not isinstance(action, pikepdf.Dictionary):
            found.append(f"the action of link annotation {_name(annot)} cannot be read")
        elif (
            isinstance(action, pikepdf.Dictionary)
            and action.get("/S") == "/URI"
            and not isinstance(action.get("/URI"), (str, pikepdf.String))
        ):
            found.append(f"the address of link annotation {_name(annot)} cannot be read")
    return found


def _page_streams(page: Any, resources: Any) -> Iterator[tuple[str, Any]]:
    contents = page.get("/Contents")
    if contents is None and "/Contents" in page:
        raise ValueError("its content stream is missing")
    for item in contents if isinstance(contents, pikepdf.Array) else [contents]:
        if isinstance(item, pikepdf.Stream):
            yield "content stream", item
        elif item is not None:
            raise ValueError("an entry of its /Contents is not a stream")
    yield from _resource_streams(resources, 0, set())


def _resource_streams(
    resources: Any, depth: int, seen: set[tuple[int, int]]
) -> Iterator[tuple[str, Any]]:
    if not isinstance(resources, pikepdf.Dictionary) or depth > MAX_DEPTH:
        return
    key: tuple[int, int] = resources.objgen
    if key != (0, 0):
        if key in seen:
            return
        seen.add(key)
    xobjects = resources.get("/XObject")
    if isinstance(xobjects, pikepdf.Dictionary):
        for _, xobject in xobjects.items():
            if isinstance(xobject, pikepdf.Stream) and xobject.get("/Subtype") == "/Form":
                yield "form", xobject
                yield from _resource_streams(xobject.get("/Resources"), depth + 1, seen)
    fonts = resources.get("/Font")
    if isinstance(fonts, pikepdf.Dictionary):
        for _, font in fonts.items():
            yield from _font_streams(font, depth, seen)


def _font_streams(font: Any, depth: int, seen: set[tuple[int, int]]) -> Iterator[tuple[str, Any]]:
    if not isinstance(font, pikepdf.Dictionary):
        return
    fonts = [font]
    descendants = font.get("/DescendantFonts")
    if isinstance(descendants, pikepdf.Array):
        fonts += [d for d in descendants if isinstance(d, pikepdf.Dictionary)]
    for f in fonts:
        for key, kind in (("/ToUnicode", "ToUnicode map"), ("/Encoding", "encoding")):
            if isinstance(f.get(key), pikepdf.Stream):
                yield kind, f.get(key)
        descriptor = f.get("/FontDescriptor")
        if isinstance(descriptor, pikepdf.Dictionary):
            for key in FONT_FILES:
                if isinstance(descriptor.get(key), pikepdf.Stream):
                    yield "font program", descriptor.get(key)
        procedures = f.get("/CharProcs")
        if isinstance(procedures, pikepdf.Dictionary):
            for _, procedure in procedures.items():
                if isinstance(procedure, pikepdf.Stream):
                    yield "glyph procedure", procedure
            yield from _resource_streams(f.get("/Resources"), depth + 1, seen)


def _inherited(page: Any, key: str) -> Any:
    """A page attribute, from the page or the nearest page-tree node that has it."""
    node = page
    for _ in range(MAX_DEPTH):
        if not isinstance(node, pikepdf.Dictionary):
            return None
        value = node.get(key)
        if value is not None:
            return value
        node = node.get("/Parent")
    return None


def _name(obj: Any) -> str:
    number, generation = obj.objgen
    return f"{number} {generation}" if number else "(direct)"


def _detail(message: str, path: Path) -> str:
    """qpdf's message without the file's name; where it names an object, the object stays."""
    line = message.strip().splitlines()[0] if message.strip() else "no detail"
    if line.startswith(str(path)):
        line = QPDF_PLACE.sub(_object_named, line[len(str(path)) :], count=1)
    return line[:120]


def _object_named(place: re.Match[str]) -> str:
    number, generation = place[1] or place[3], place[2] or place[4]
    return f"object {number} {generation}: " if number else ""


def _unique(notes: Iterator[str] | list[str]) -> list[str]:
    return list(dict.fromkeys(notes))
