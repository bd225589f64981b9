"""Reading speed and memory on long catalogues: `python -m devtools.bench` (`make bench`).

Builds 40-, 400- and 1,000-page catalogues with the facsimile generator (the 2021 edition's
parts and pages repeated, renumbered and varied), caches them in output/bench/, then measures,
each in a fresh process so that memory peaks do not mix (the pdfium rows three times, keeping
the median):

  pdfplumber-bare    pdfplumber alone: words with font and size, and hyperlinks, of every page
  pdfium-bare        pypdfium2 alone: the text of every page, and its links. Every other row's
                     "× bare" is its time over this one's.
  pdfium-glyphs      pypdfium2 asked, glyph by glyph, for its text, origin and text object (no
                     Python object made): the least a reader of styled glyphs must ask
  reader-pdfplumber  the read stage only, with each reader (`extract.readers.pdfplumber_reader`)
  reader-pdfium
  cli-pdfplumber     the whole `catalogue extract --jobs 1`, with each reader
  cli-pdfium
  cli-pdfplumber-jobs2  the same with `--jobs 2`
  cli-pdfium-jobs2
  cli-default        the whole `catalogue extract` with its defaults (reader, `--jobs auto`)
  link-check         `catalogue links`' checker on 1,000 addresses over 10 local hosts
                     (`devtools.link_bench`; `--links-only` runs it alone)

Then `catalogue extract`'s start-up on the bundled 40-page sample: from the process's start to
its first page read (interpreter, imports, opening the file), median of five.

It prints a table and the ratios that decide the defaults (pipeline against the bare pypdfium2
pass, pdfium pipeline against pdfplumber pipeline, `--jobs 2` against one process), and writes
output/bench.json. Figures vary from run to run and machine to machine; the ratios and the growth
from 40 to 1,000 pages are what to read.
"""

from __future__ import annotations

import argparse
import hashlib
import inspect
import json
import os
import platform
import re
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any, Final

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "samples" / "ess-pvd-2021.source.json"
GENERATOR_FILES = ("samples/typeset.py", "samples/artwork.py", "samples/source.py")
CACHE = ROOT / "output" / "bench"
REPORT = ROOT / "output" / "bench.json"
SIZES = (40, 400, 1000)
SAMPLE = ROOT / "samples" / "ess-pvd-2021.pdf"
STARTUP_RUNS = 5
LAYOUT: Final = "portrait-2col"
LINKS: Final = "both"
BASELINE = "pdfium-bare"  # the row every "× bare" divides by
TOC_PAGE = re.compile(r"^(P\.\s*)\d+")


@dataclass(frozen=True)
class Measure:
    name: str
    label: str
    in_process: bool  # timed inside the measuring process; otherwise a `catalogue` subprocess
    cli_args: tuple[str, ...] = ()
    runs: int = 1  # the median of this many runs (the pdfplumber rows take minutes each)


MEASURES = (
    Measure("pdfplumber-bare", "pdfplumber alone (words + hyperlinks)", True),
    Measure(BASELINE, "pypdfium2 alone (text + links)", True, runs=3),
    Measure("pdfium-glyphs", "pypdfium2, per glyph: text, origin, object", True, runs=3),
    Measure("reader-pdfplumber", "read stage, pdfplumber reader", True),
    Measure("reader-pdfium", "read stage, pdfium reader", True, runs=3),
    *(
        Measure(
            f"cli-{reader}{'' if jobs == 1 else f'-jobs{jobs}'}",
            f"catalogue extract --reader {reader} --jobs {jobs}",
            False,
            ("--reader", reader, "--jobs", str(jobs)),
            runs=3 if (reader, jobs) == ("pdfium", 1) else 1,
        )
        for jobs in (1, 2)
        for reader in ("pdfplumber", "pdfium")
    ),
    Measure("cli-default", "catalogue extract (default reader, --jobs auto)", False),
)
# (name, what it says, numerator, denominator): time of one row over the other's, per size.
RATIOS = (
    ("floor", "extract --jobs 1 ÷ bare pypdfium2 (goal ≤ 4)", "cli-pdfium", BASELINE),
    ("read/bare", "pdfium read stage ÷ bare pypdfium2", "reader-pdfium", BASELINE),
    ("glyphs/bare", "per-glyph calls alone ÷ bare pypdfium2", "pdfium-glyphs", BASELINE),
    (
        "pipeline/bare",
        "pdfplumber pipeline ÷ bare pdfplumber (≤ 1.3)",
        "cli-pdfplumber",
        "pdfplumber-bare",
    ),
    ("speed-up", "pdfplumber pipeline ÷ pdfium pipeline (≥ 5)", "cli-pdfplumber", "cli-pdfium"),
    (
        "speed-up-jobs2",
        "the same, both with --jobs 2",
        "cli-pdfplumber-jobs2",
        "cli-pdfium-jobs2",
    ),
    (
        "jobs2-pdfplumber",
        "--jobs 1 ÷ --jobs 2, pdfplumber",
        "cli-pdfplumber",
        "cli-pdfplumber-jobs2",
    ),
    ("jobs2-pdfium", "--jobs 1 ÷ --jobs 2, pdfium", "cli-pdfium", "cli-pdfium-jobs2"),
)


@dataclass(frozen=True)
class Result:
    name: str
    label: str
    pages: int
    seconds: float | None
    peak_rss_mb: float | None
    error: str | None = None

    @property
    def pages_per_second(self) -> float | None:
        return self.pages / self.seconds if self.seconds else None


def progress(message: str) -> None:
    print(f"bench: {message}", file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------------------------
# Long catalogues from the 2021 source.


def scaled_source(source: Any, total_pages: int) -> Any:
    """The 2021 source stretched to `total_pages`: cover, introduction, then its parts (intro
    page and content pages) over and over, renumbered, back cover last.

    Each repetition is a new part with its own number and table of contents, and the URLs of its
    resources get a `copy=N` query, so that no two resources are the same.
    """
    from samples.source import Source

    body = _body_plan(source, total_pages - 3)
    parts, pages = [], []
    for copy, numbers in _copies(body):
        renumber: dict[int, int] = {}
        for new, (_, old) in numbers.items():
            renumber.setdefault(old, new)
        for new, (kind, old) in numbers.items():
            if kind == "intro":
                parts.append(_part_copy(source, old, copy, new, renumber))
            else:
                variant = copy if renumber[old] == new else copy + len(body)  # a repeated page
                pages.append(_page_copy(source, old, copy, new, variant))
    dumped = source.model_dump()
    dumped["parts"] = [p.model_dump() for p in parts]
    dumped["pages"] = [p.model_dump() for p in pages]
    return Source.model_validate(dumped)


def _body_plan(source: Any, length: int) -> list[tuple[int, str, int]]:
    """(copy, "intro" or "page", old page number) for each body page, in order."""
    cycle: list[tuple[str, int]] = []
    for part in sorted(source.parts, key=lambda p: p.intro_page):
        cycle.append(("intro", part.intro_page))
        cycle += [("page", p.page) for p in source.pages if p.part == part.number]
    plan = [(i // len(cycle), *cycle[i % len(cycle)]) for i in range(length)]
    if plan and plan[-1][1] == "intro":  # a part cannot end the book with no pages
        plan[-1] = (plan[-2][0], "page", plan[-2][2])
    return plan


def _copies(plan: list[tuple[int, str, int]]) -> Iterator[tuple[int, dict[int, tuple[str, int]]]]:
    """Per copy of the 2021 body: new page number → (kind, old page number)."""
    by_copy: dict[int, dict[int, tuple[str, int]]] = {}
    for offset, (copy, kind, old) in enumerate(plan):
        by_copy.setdefault(copy, {})[3 + offset] = (kind, old)
    yield from by_copy.items()


def _part_copy(source: Any, intro: int, copy: int, new_intro: int, renumber: dict[int, int]) -> Any:
    part = next(p for p in source.parts if p.intro_page == intro)
    toc = [
        entry.model_copy(
            update={
                "page": renumber[entry.page],
                "lines": _toc_lines(entry.lines, renumber[entry.page]),
            }
        )
        for entry in part.toc
        if entry.page in renumber
    ]
    return part.model_copy(
        update={
            "number": copy * len(source.parts) + part.number,
            "intro_page": new_intro,
            "toc": toc,
        }
    )


def _toc_lines(lines: list[str], page: int) -> list[str]:
    """A table of contents entry's printed lines, its page number ("P.4") changed."""
    first = TOC_PAGE.sub(lambda m: f"{m.group(1)}{page}", lines[0], count=1)
    return [first, *lines[1:]]


def _page_copy(source: Any, old: int, copy: int, new: int, variant: int) -> Any:
    """Page `old` as page `new` of the given copy. After the first copy, titles get a number and
    URLs a `copy=` query, so that no two resources are the same (where the number does not fit
    its card, the title stays as it was)."""
    from samples.typeset import DESIGNS, LayoutError, place_blocks

    page = next(p for p in source.pages if p.page == old)
    update = {
        "page": new,
        "part": copy * len(source.parts) + page.part,
        "page_label": str(new) if page.page_label is not None else None,
    }
    if variant == 0:
        return page.model_copy(update=update)
    for titled in (True, False):
        blocks = [_block_copy(block, variant, titled) for block in page.blocks]
        copied = page.model_copy(
            update=update
            | {"blocks": blocks, "trailing_urls": [_url(u, variant) for u in page.trailing_urls]}
        )
        try:
            place_blocks(copied, DESIGNS[LAYOUT])
        except LayoutError:
            continue
        return copied
    return page.model_copy(update=update)


def _url(url: str, variant: int) -> str:
    return f"{url}{'&' if '?' in url else '?'}copy={variant}"


def _block_copy(block: Any, variant: int, titled: bool) -> Any:
    def links(items: Sequence[Any]) -> list[Any]:
        return [link.model_copy(update={"url": _url(link.url, variant)}) for link in items]

    def numbered(line: str) -> str:
        return f"{line} {variant + 1}" if titled else line

    if block.kind == "card":
        title = [*block.title_lines[:-1], numbered(block.title_lines[-1])]
        return block.model_copy(update={"links": links(block.links), "title_lines": title})
    items = [
        item.model_copy(update={"links": links(item.links), "type_line": numbered(item.type_line)})
        for item in block.items
    ]
    return block.model_copy(update={"items": items})


def catalogue_pdf(pages: int) -> Path:
    """The `pages`-page catalogue, built once per version of the generator and of this code."""
    key = _cache_key(pages)
    path = CACHE / f"catalogue-{pages}p-{key}.pdf"
    if path.exists():
        progress(f"{pages}-page catalogue: cached ({path.relative_to(ROOT)})")
        return path
    from samples.source import load
    from samples.typeset import typeset, write_atomic

    progress(f"{pages}-page catalogue: typesetting…")
    started = time.perf_counter()
    source = scaled_source(load(SOURCE), pages)
    write_atomic(path, typeset(source, LINKS, LAYOUT))
    for stale in CACHE.glob(f"catalogue-{pages}p-*.pdf"):
        if stale != path:
            stale.unlink()
    progress(f"{pages}-page catalogue: {time.perf_counter() - started:.1f} s")
    return path


def _cache_key(pages: int) -> str:
    digest = hashlib.sha256()
    for name in (*GENERATOR_FILES, str(SOURCE.relative_to(ROOT))):
        digest.update((ROOT / name).read_bytes())
    for builder in (
        scaled_source,
        _body_plan,
        _copies,
        _part_copy,
        _toc_lines,
        _page_copy,
        _block_copy,
    ):
        digest.update(inspect.getsource(builder).encode())
    digest.update(f"{pages}/{LAYOUT}/{LINKS}".encode())
    return digest.hexdigest()[:12]


# ---------------------------------------------------------------------------------------------
# Measurements, each in its own process (`--measure NAME PDF`, run by the main process).


def bare_pdfplumber(pdf: Path) -> int:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        for page in document.pages:
            page.extract_words(extra_attrs=["fontname", "size"])
            _ = page.hyperlinks
            page.close()
        return len(document.pages)


def bare_pdfium(pdf: Path) -> int:
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as fpdf

    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            textpage.get_text_range()
            position, link = ctypes.c_int(0), fpdf.FPDF_LINK()
            while fpdf.FPDFLink_Enumerate(page.raw, position, link):
                action = fpdf.FPDFLink_GetAction(link)
                if action:
                    size = fpdf.FPDFAction_GetURIPath(document.raw, action, None, 0)
                    fpdf.FPDFAction_GetURIPath(
                        document.raw, action, ctypes.create_string_buffer(size), size
                    )
            textpage.close()
            page.close()
        return len(document)
    finally:
        document.close()


def pdfium_glyphs(pdf: Path) -> int:
    """What a reader of styled glyphs cannot do without through pypdfium2: one call per glyph
    for its text, its origin and the text object it belongs to (whose font, size and colour are
    then asked once an object). Nothing is kept."""
    import ctypes

    import pypdfium2 as pdfium
    import pypdfium2.raw as fpdf

    x, y = ctypes.c_double(), ctypes.c_double()
    document = pdfium.PdfDocument(pdf)
    try:
        for index in range(len(document)):
            page = document[index]
            textpage = page.get_textpage()
            raw = textpage.raw
            for i in range(fpdf.FPDFText_CountChars(raw)):
                fpdf.FPDFText_GetUnicode(raw, i)
                fpdf.FPDFText_GetCharOrigin(raw, i, x, y)
                fpdf.FPDFText_GetTextObject(raw, i)
            textpage.close()
            page.close()
        return len(document)
    finally:
        document.close()


def read_stage(reader: str) -> Callable[[Path], int]:
    def run(pdf: Path) -> int:
        from extract.readers import open_pdf

        with open_pdf(pdf, reader=reader) as opened:
            return sum(1 for _ in opened.pages())

    return run


IN_PROCESS: dict[str, Callable[[Path], int]] = {
    "pdfplumber-bare": bare_pdfplumber,
    BASELINE: bare_pdfium,
    "pdfium-glyphs": pdfium_glyphs,
    "reader-pdfplumber": read_stage("pdfplumber"),
    "reader-pdfium": read_stage("pdfium"),
}


def work_here(name: str, pdf: Path) -> dict[str, Any]:
    """Runs one in-process pass in this process, timed from after the imports."""
    started = time.perf_counter()
    IN_PROCESS[name](pdf)
    return {"seconds": time.perf_counter() - started}


def measure_here(name: str, pdf: Path) -> dict[str, Any]:
    """Runs one measurement as this process's only child, whose peak memory is then the
    children's peak. (A process's own peak would not do: Linux carries the high-water mark of
    the process that forked it across exec.)"""
    measure = next(m for m in MEASURES if m.name == name)
    with tempfile.TemporaryDirectory(prefix="bench-") as out:
        if measure.in_process:
            command = [sys.executable, "-m", "devtools.bench", "--work", name, str(pdf)]
        else:
            command = [
                str(Path(sys.executable).with_name("catalogue")),
                "extract",
                str(pdf),
                "-o",
                out,
                "--quiet",
                "--timeout",
                "0",
                *measure.cli_args,
            ]
        started = time.perf_counter()
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        seconds = time.perf_counter() - started
    # With --jobs, the CLI's workers are its children, and so count here too: the figure is
    # the largest single process.
    peak = _megabytes(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
    if done.returncode not in (0, 1):
        return {"error": f"exit {done.returncode}: {done.stderr.strip()[-200:]}"}
    if measure.in_process:
        seconds = json.loads(done.stdout.strip().splitlines()[-1])["seconds"]
    return {"seconds": seconds, "peak_rss_mb": peak}


def _megabytes(maxrss: int) -> float:
    return maxrss / (1024 * 1024) if sys.platform == "darwin" else maxrss / 1024


def measure(measure: Measure, pdf: Path, pages: int) -> Result:
    """The median time of `measure.runs` runs, each in a fresh process, and the highest peak."""
    command = [sys.executable, "-m", "devtools.bench", "--measure", measure.name, str(pdf)]
    runs: list[dict[str, Any]] = []
    for _ in range(measure.runs):
        done = subprocess.run(command, capture_output=True, text=True, check=False, cwd=ROOT)
        if done.returncode != 0:
            return Result(
                measure.name,
                measure.label,
                pages,
                None,
                None,
                f"measurement failed: {done.stderr.strip()[-200:]}",
            )
        found = json.loads(done.stdout.strip().splitlines()[-1])
        if found.get("error"):
            return Result(measure.name, measure.label, pages, None, None, found["error"])
        runs.append(found)
    seconds = sorted(r["seconds"] for r in runs)[len(runs) // 2]
    peak = max((r["peak_rss_mb"] for r in runs if r.get("peak_rss_mb")), default=None)
    return Result(measure.name, measure.label, pages, seconds, peak)


# The start-up child: the run as `catalogue extract` makes it, with the moment its first page
# is read written to a file. The pipeline module is imported first only to watch that moment;
# the command imports it anyway.
_STARTUP = """
import sys, time
import extract.pipeline as pipeline
from extract.cli import main
read, mark = pipeline.page_lines, sys.argv[1]
def first(page):
    with open(mark, "w") as f:
        f.write(repr(time.time()))
    pipeline.page_lines = read
    return read(page)
pipeline.page_lines = first
sys.exit(main(["extract", sys.argv[2], "-o", sys.argv[3], "-q", "--jobs", "1", "--timeout", "0"]))
"""


def startup(pdf: Path = SAMPLE, runs: int = STARTUP_RUNS) -> dict[str, Any]:
    """`catalogue extract`'s time from its process's start to its first page read, and to its
    end, on `pdf`: the medians of `runs` runs."""
    firsts: list[float] = []
    wholes: list[float] = []
    for _ in range(runs):
        with tempfile.TemporaryDirectory(prefix="bench-") as folder:
            mark = Path(folder) / "first-page"
            started = time.time()
            done = subprocess.run(
                [sys.executable, "-c", _STARTUP, str(mark), str(pdf), str(Path(folder) / "out")],
                capture_output=True,
                text=True,
                check=False,
                cwd=ROOT,
            )
            ended = time.time()
            if done.returncode != 0 or not mark.exists():
                return {"error": f"exit {done.returncode}: {done.stderr.strip()[-200:]}"}
            firsts.append(float(mark.read_text()) - started)
            wholes.append(ended - started)
    firsts.sort()
    wholes.sort()
    return {
        "pdf": str(pdf.relative_to(ROOT)),
        "runs": runs,
        "to_first_page_s": _round(firsts[runs // 2]),
        "whole_run_s": _round(wholes[runs // 2]),
    }


def cli_has_reader_option() -> bool:
    catalogue = Path(sys.executable).with_name("catalogue")
    done = subprocess.run(
        [str(catalogue), "extract", "--help"], capture_output=True, text=True, check=False
    )
    return "--reader" in done.stdout and "--jobs" in done.stdout


# ---------------------------------------------------------------------------------------------
# Report.


def run(sizes: Sequence[int]) -> dict[str, Any]:
    cli_ready = cli_has_reader_option()
    results: list[Result] = []
    documents: dict[str, Any] = {}
    for pages in sizes:
        pdf = catalogue_pdf(pages)
        documents[str(pages)] = {
            "pages": pages,
            "path": str(pdf.relative_to(ROOT)),
            "bytes": pdf.stat().st_size,
        }
        for m in MEASURES:
            if not m.in_process and not cli_ready:
                results.append(
                    Result(
                        m.name,
                        m.label,
                        pages,
                        None,
                        None,
                        "pending: catalogue extract has no --reader/--jobs yet",
                    )
                )
                continue
            progress(f"{pages} pages: {m.name}…")
            result = measure(m, pdf, pages)
            progress(
                f"{pages} pages: {m.name}: "
                + (f"{result.seconds:.2f} s" if result.seconds else str(result.error))
            )
            results.append(result)
    report = _report(results, documents)
    progress("start-up of catalogue extract on the bundled sample…")
    report["startup"] = startup()
    report["link_check"] = link_check()
    return report


def link_check() -> dict[str, Any]:
    """The link checker's time on 1,000 local addresses, with the most connections one host saw."""
    from devtools.link_bench import load_check, summary

    progress("link check: 1,000 addresses over 10 local hosts…")
    found = summary(load_check())
    progress(f"link check: {found['seconds']:.2f} s")
    return found


def _report(results: list[Result], documents: dict[str, Any]) -> dict[str, Any]:
    rows = []
    for r in results:
        base = next((b for b in results if b.name == BASELINE and b.pages == r.pages), None)
        ratio = r.seconds / base.seconds if r.seconds and base and base.seconds else None
        rows.append(
            asdict(r)
            | {
                "pages_per_second": _round(r.pages_per_second),
                "ratio_to_bare": _round(ratio),
                "seconds": _round(r.seconds),
                "peak_rss_mb": _round(r.peak_rss_mb, 1),
            }
        )
    return {
        "measured_on": _machine(),
        "documents": documents,
        "results": rows,
        "linearity": _linearity(results),
        "ratios": _ratios(results),
    }


def _ratios(results: list[Result]) -> dict[str, Any]:
    """Per catalogue size, each of RATIOS: one row's seconds over another's."""
    found: dict[str, Any] = {}
    for pages in sorted({r.pages for r in results}):
        seconds = {r.name: r.seconds for r in results if r.pages == pages and r.seconds}
        found[str(pages)] = {
            name: _round(seconds[over] / seconds[under])
            for name, _, over, under in RATIOS
            if over in seconds and under in seconds
        }
    return found


def _linearity(results: list[Result]) -> dict[str, Any]:
    """Seconds per page on the shortest and the longest catalogue, for each measurement."""
    found: dict[str, Any] = {}
    sizes = sorted({r.pages for r in results})
    if len(sizes) < 2:
        return found
    small, large = sizes[0], sizes[-1]
    for m in MEASURES:
        a = next((r for r in results if r.name == m.name and r.pages == small), None)
        b = next((r for r in results if r.name == m.name and r.pages == large), None)
        if a and b and a.seconds and b.seconds:
            per_small, per_large = a.seconds / small, b.seconds / large
            found[m.name] = {
                f"s_per_page_{small}": _round(per_small, 5),
                f"s_per_page_{large}": _round(per_large, 5),
                "growth": _round(per_large / per_small),
            }
    return found


def _machine() -> dict[str, Any]:
    import pdfplumber
    import pypdfium2

    return {
        "cpu_count": os.cpu_count(),
        "machine": platform.machine(),
        "system": platform.system(),
        "python": platform.python_version(),
        "pdfplumber": pdfplumber.__version__,
        "pypdfium2": str(pypdfium2.version.PYPDFIUM_INFO),
        "pdfium": str(pypdfium2.version.PDFIUM_INFO),
    }


def _round(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value, digits)


def table(report: dict[str, Any]) -> str:
    head = (
        f"{'measurement':<20}{'pages':>6}{'seconds':>10}{'pages/s':>10}{'× bare':>8}{'peak MB':>9}"
    )
    lines = [head, "-" * len(head)]
    for r in report["results"]:
        if r["seconds"] is None:
            lines.append(f"{r['name']:<20}{r['pages']:>6}  {r['error']}")
            continue
        lines.append(
            f"{r['name']:<20}{r['pages']:>6}{r['seconds']:>10.2f}"
            f"{r['pages_per_second']:>10.1f}{r['ratio_to_bare']:>8.2f}"
            f"{r['peak_rss_mb']:>9.0f}"
        )
    if report["linearity"]:
        small, large = min(report["documents"], key=int), max(report["documents"], key=int)
        lines += ["", f"{'seconds per page':<20}{small + ' p':>10}{large + ' p':>10}{'growth':>8}"]
        for name, row in report["linearity"].items():
            lines.append(
                f"{name:<20}{row[f's_per_page_{small}']:>10.4f}"
                f"{row[f's_per_page_{large}']:>10.4f}{row['growth']:>8.2f}"
            )
    ratios = report.get("ratios") or {}
    if ratios:
        sizes = sorted(ratios, key=int)
        lines += ["", f"{'ratio':<50}" + "".join(f"{size + ' p':>10}" for size in sizes)]
        for name, label, _, _ in RATIOS:
            cells = [ratios[size].get(name) for size in sizes]
            lines.append(
                f"{label:<50}" + "".join(f"{c:>10.2f}" if c else f"{'-':>10}" for c in cells)
            )
    start = report.get("startup")
    if start and "error" not in start:
        lines += [
            "",
            f"start-up of catalogue extract on {start['pdf']} (median of {start['runs']}): "
            f"{start['to_first_page_s']:.2f} s to its first page read, "
            f"{start['whole_run_s']:.2f} s in all",
        ]
    check = report.get("link_check")
    if check:
        most = f"{check['most_connections_per_host']} of {check['per_host_limit']}"
        lines += [
            "",
            f"{'link check':<20}{'urls':>6}{'hosts':>6}{'seconds':>10}{'urls/s':>9}"
            f"{'most per host':>15}{'lost':>6}",
            f"{'link-check':<20}{check['urls']:>6}{check['hosts']:>6}{check['seconds']:>10.2f}"
            f"{check['urls_per_second']:>9.0f}{most:>15}{check['lost']:>6}",
        ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m devtools.bench",
        description="Measure reading speed and peak memory on long generated catalogues.",
    )
    parser.add_argument(
        "--sizes",
        default=",".join(map(str, SIZES)),
        help="catalogue lengths in pages (default 40,400,1000), e.g. --sizes 40",
    )
    parser.add_argument(
        "--links-only",
        action="store_true",
        help="only the link checker's row (1,000 local addresses, a few seconds), put into the "
        "existing output/bench.json",
    )
    parser.add_argument(
        "--startup-only",
        action="store_true",
        help="only the start-up of catalogue extract on the bundled sample (a few seconds), put "
        "into the existing output/bench.json",
    )
    parser.add_argument("--measure", nargs=2, metavar=("NAME", "PDF"), help=argparse.SUPPRESS)
    parser.add_argument("--work", nargs=2, metavar=("NAME", "PDF"), help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.measure or args.work:
        name, pdf = args.measure or args.work
        print(json.dumps((measure_here if args.measure else work_here)(name, Path(pdf))))
        return 0
    if args.links_only or args.startup_only:
        report = json.loads(REPORT.read_text(encoding="utf-8")) if REPORT.exists() else {}
        if args.links_only:
            report["link_check"] = link_check()
        if args.startup_only:
            report["startup"] = startup()
    else:
        sizes = sorted({int(s) for s in args.sizes.split(",")})
        if min(sizes) < 40:
            parser.error("catalogues shorter than 40 pages cannot hold the 2021 parts")
        report = run(sizes)
    REPORT.parent.mkdir(parents=True, exist_ok=True)
    REPORT.write_text(json.dumps(report, sort_keys=True, indent=2) + "\n", encoding="utf-8")
    print(table(report))
    print(f"\nwritten: {REPORT.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
