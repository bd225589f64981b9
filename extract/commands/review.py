"""`catalogue review PDF`: the command over `extract.review.build` (its progress, its summary,
and the checks made before the extraction spends its seconds)."""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from pathlib import Path
from typing import Any, TextIO

from extract.commands.arguments import output_folder
from extract.commands.extract import (
    DEFAULT_TIMEOUT,
    PROGRESS_FROM_PAGES,
    ProgressReport,
    time_limit,
)
from extract.corrections.read import read_corrections
from extract.errors import ExitCode
from extract.pipeline import document_info, extract_pdf
from extract.readers.common import check_file
from extract.review.build import (
    DEFAULT_RESOLUTION,
    HTML_NAME,
    MAX_PIXELS,
    Review,
    ReviewTrouble,
    build_review,
    default_output,
    links_from,
    parse_pages,
    select_pages,
    single_name,
    write_review,
)
from extract.review.words import DEFAULT_LANG, LANGS
from extract.untrusted import shown
from extract.write.files import check_writable


class RenderProgress(ProgressReport):
    """The extraction's progress report, worded for rendering."""

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_FROM_PAGES:
            return
        if self.tty:
            end = "\n" if done >= total else ""
            self.stream.write(f"\r{self.label}: rendered {done}/{total} pages{end}")
        else:
            tenth = 10 * done // total
            if tenth in (0, self.last_tenth):
                return
            self.last_tenth = tenth
            self.stream.write(f"catalogue: {self.label}: {done}/{total} pages rendered\n")
        self.stream.flush()


def preflight(args: argparse.Namespace) -> None:
    """Refuse what cannot work before the extraction spends its seconds."""
    check_file(args.pdf)
    check_writable(args.output or default_output(args.pdf))
    if args.corrections is not None:
        read_corrections(args.corrections)  # a file that cannot be used stops it before it starts
    if args.against is not None and not args.against.exists():
        raise ReviewTrouble(args.against, "no such file or folder to compare with")
    if args.links is not None:
        links_from(args.links)  # a report that cannot be read stops the review before it starts
    if args.pages is not None:
        info = document_info(args.pdf, password=args.password)
        select_pages(args.pages, info.page_count, args.pdf)


def summary(review: Review, page: Path, against: Path | None) -> str:
    c = review.catalogue
    line = (
        f"catalogue: review of {review.pages} pages, {len(c.resources)} resources, "
        f"{len(c.warnings)} warnings → {shown(page)}"
    )
    if not review.images:
        line += f" ({len(review.html.encode('utf-8')) / 1e6:.1f} MB, images inside)"
    if review.changes is not None:
        marks = list(review.changes.marks.values())
        line += (
            f"\n  since {shown(against)}: {marks.count('added')} added, "
            f"{marks.count('modified')} modified, {marks.count('moved')} moved, "
            f"{len(review.changes.removed)} removed, "
            f"{len(review.changes.diff.renamed)} parts or themes renamed"
        )
    if review.links is not None:
        counts = Counter(mark.outcome for mark in review.links.values())
        line += "\n  links: " + ", ".join(f"{n} {outcome}" for outcome, n in counts.most_common())
    if review.smaller:
        line += (
            f"\n  drawn at a lower resolution (an image holds at most {MAX_PIXELS:,} pixels): "
            f"page {', '.join(map(str, review.smaller))}"
        )
    if review.blank:
        line += (
            "\n  left blank (the extraction could not read them, see the warnings): page "
            f"{', '.join(map(str, review.blank))}"
        )
    return line


def handler(args: argparse.Namespace) -> int:
    pdf: Path = args.pdf
    out_dir: Path = args.output or default_output(pdf)
    stream: TextIO = sys.stderr
    # The limit covers reading and drawing; writing is outside it, so that it never splits
    # the page from its images.
    corrections = read_corrections(args.corrections) if args.corrections is not None else None
    with time_limit(args.timeout, pdf):
        preflight(args)
        extracting = None if args.quiet else ProgressReport(stream, shown(pdf.name))
        catalogue = extract_pdf(
            pdf, password=args.password, progress=extracting, corrections=corrections
        )
        rendering = None if args.quiet else RenderProgress(stream, shown(pdf.name))
        review = build_review(
            pdf,
            catalogue,
            password=args.password,
            pages=args.pages,
            against=args.against,
            resolution=args.resolution,
            progress=rendering,
            links=args.links,
            lang=args.lang,
            corrections=corrections,
            single_file=args.single_file,
        )
    name = single_name(pdf) if args.single_file else HTML_NAME
    write_review(out_dir, review.html, review.images, name=name, ends_run=True)
    if not args.quiet:
        print(summary(review, out_dir / name, args.against), file=stream)
    return int(ExitCode.OK)


def _resolution(text: str) -> int:
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if not 36 <= value <= 600:
        raise argparse.ArgumentTypeError("a resolution from 36 to 600 dpi")
    return value


def register(sub: Any) -> None:
    p = sub.add_parser(
        "review",
        help="write an HTML page to check an extraction against the PDF's pages",
        description="Extract a catalogue edition and write a review page, in French (or "
        "English with --lang en): every page rendered, each resource's area outlined and "
        "numbered, its links drawn (dashed, with its number), warnings in red, and beside each "
        "page the fields extracted from it. Click an outline or a record to select both, J and "
        "K to go from record to record, click a page to enlarge it. On each record the person "
        "checking marks it checked, corrects a field in place or marks it not a resource; the "
        "page keeps this in the browser and exports the corrections file that catalogue "
        "extract --corrections reads. The page works offline: DIR/review.html and its images "
        "in DIR/pages/, or with --single-file one HTML file holding its images.",
        epilog="Examples:\n"
        "  catalogue review samples/ess-pvd-2021.pdf\n"
        "      writes review/ess-pvd-2021/review.html and review/ess-pvd-2021/pages/\n"
        "  catalogue review samples/ess-pvd-2022.pdf --against output/ess-pvd-2021\n"
        "      also shows what changed since 2021, as catalogue diff reports it\n"
        "  catalogue review samples/ess-pvd-2021.pdf --links output/ess-pvd-2021\n"
        "      marks each address with what `catalogue links` found of it\n"
        "  catalogue review samples/ess-pvd-2022.pdf --corrections samples/corrections.csv\n"
        "      with a person's corrections applied, each corrected value marked; the page's\n"
        "      export repeats the file's rows with the corrections made on the page\n"
        "  catalogue review samples/ess-pvd-2022.pdf --single-file\n"
        "      writes review/ess-pvd-2022/ess-pvd-2022-review.html alone, to send by e-mail\n"
        "  catalogue review samples/ess-pvd-2021.pdf --lang en\n"
        "      the page in English\n"
        "  catalogue review edition.pdf --pages 3-8 -o /tmp/review\n\n"
        "Exit codes: 0 done, 2 usage, 3 file missing, 4 not a PDF or\n"
        "damaged, 5 encrypted, 6 no text layer, 7 not a catalogue, 8 time limit, 9 output not\n"
        "writable, 10 internal error, 130 interrupted (as catalogue extract).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("pdf", type=Path, metavar="PDF", help="the catalogue edition to review")
    p.add_argument(
        "-o",
        "--output",
        type=output_folder,
        metavar="DIR",
        help="output folder (default: review/<PDF name without .pdf>/)",
    )
    p.add_argument(
        "--against",
        type=Path,
        metavar="OLD",
        help="an earlier edition (extraction folder, catalogue.json or PDF): show what "
        "catalogue diff reports since it (added, modified, moved, removed, parts and themes "
        "renamed), e.g. --against output/ess-pvd-2021",
    )
    p.add_argument(
        "--links",
        type=Path,
        metavar="REPORT",
        help="a link report of this edition (links.json, or the extraction folder holding it, "
        "written by catalogue links): mark each address ok, redirected, broken, failing or "
        "skipped on its card and on the page, e.g. --links output/ess-pvd-2021",
    )
    p.add_argument(
        "--corrections",
        type=Path,
        metavar="FILE",
        help="apply a corrections file as catalogue extract does (see docs/corrections.md) "
        "and mark each corrected value with what the PDF gave, e.g. "
        "--corrections samples/corrections.csv",
    )
    p.add_argument(
        "--single-file",
        action="store_true",
        help="write one HTML file with its page images inside (DIR/<PDF name>-review.html), "
        "to send or open from an e-mail attachment; DIR/review.html and DIR/pages/ are left "
        "as they are",
    )
    p.add_argument(
        "--lang",
        choices=LANGS,
        default=DEFAULT_LANG,
        help=f"the page's language (default {DEFAULT_LANG}): labels, headings, the warnings "
        "explained, field names; the catalogue's own text stays as printed, e.g. --lang en",
    )
    p.add_argument(
        "--pages",
        type=parse_pages,
        metavar="N[-M]",
        help="review only these pages, e.g. --pages 3-8 (default: all)",
    )
    p.add_argument(
        "--resolution",
        type=_resolution,
        default=DEFAULT_RESOLUTION,
        metavar="DPI",
        help=f"page image resolution (default {DEFAULT_RESOLUTION}), e.g. --resolution 150",
    )
    p.add_argument("--password", metavar="PASSWORD", help="password of an encrypted PDF")
    p.add_argument(
        "--timeout",
        type=int,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up after SECONDS of reading and drawing the PDF (default "
        f"{DEFAULT_TIMEOUT}; 0 for no limit), e.g. --timeout 120",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing but errors (no progress, no summary)",
    )
    p.set_defaults(handler=handler)
