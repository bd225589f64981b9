"""`catalogue extract PDF [-o DIR]`: the product's main job; with several PDFs or a folder, a
batch (`extract.commands.batch`)."""

from __future__ import annotations

import argparse
import os
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

from extract.commands.arguments import output_folder, seconds
from extract.commands.logs import RunLog, warning_lines
from extract.corrections.read import CorrectionSet
from extract.errors import (
    DEBUG_VARIABLE,
    CatalogueError,
    DesignError,
    ExitCode,
    TimeLimit,
    internal_error,
)
from extract.pipeline import (
    AUTO,
    AUTO_JOBS_FROM_PAGES,
    AUTO_JOBS_MAX,
    DEFAULT_JOBS,
    Jobs,
    cpu_count,
    extract_pdf,
    parse_jobs,
)
from extract.readers import DEFAULT_READER, READERS, load_reader
from extract.readers.common import check_file
from extract.untrusted import shown
from extract.write.files import check_writable, output_name, write_catalogue
from schemas.models import Catalogue, Design

if TYPE_CHECKING:  # a batch's module is imported by a batch only: start-up time matters
    from extract.commands.batch import Job, Outcome

DEFAULT_TIMEOUT = 600
PROGRESS_FROM_PAGES = 5
DEFAULT_PARENT = Path("output")


def default_output(pdf: Path) -> Path:
    return DEFAULT_PARENT / output_name(pdf)


class ProgressReport:
    """Pages read so far: a bar on a terminal, a few plain lines elsewhere (logs, CI, and files
    of a batch read at once, whose bars would overwrite each other)."""

    def __init__(self, stream: TextIO, label: str, *, bar: bool = True) -> None:
        self.stream, self.label = stream, label
        self.tty = bar and stream.isatty()
        self.last_tenth = -1

    def __call__(self, done: int, total: int) -> None:
        if total < PROGRESS_FROM_PAGES:
            return
        if self.tty:
            width = 30
            filled = width * done // total
            self.stream.write(
                f"\r{self.label} [{'#' * filled}{'.' * (width - filled)}] {done}/{total} pages"
            )
            if done >= total:
                self.stream.write("\n")
        else:
            tenth = 10 * done // total
            if tenth == self.last_tenth:
                return
            self.last_tenth = tenth
            self.stream.write(f"catalogue: {self.label}: {done}/{total} pages read\n")
        self.stream.flush()


@contextmanager
def time_limit(seconds: int, path: Path) -> Iterator[None]:
    """Stop a document that takes longer than `seconds` (0: no limit).

    The alarm rings again every second once the limit has passed: library code that catches
    every exception (a damaged page is skipped, not fatal) could otherwise swallow the one
    `TimeLimit` and let the run go on for ever.
    """
    if seconds <= 0 or not hasattr(signal, "setitimer"):
        yield
        return

    def expire(signum: int, frame: object) -> None:
        raise TimeLimit(path, f"gave up after the {seconds} s time limit (--timeout)")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds, 1.0)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def summary(catalogue: Catalogue, out_dir: Path, elapsed: float) -> str:
    lines = [
        f"catalogue: {len(catalogue.resources)} resources from "
        f"{catalogue.edition.page_count} pages, {len(catalogue.warnings)} warnings "
        f"→ {shown(out_dir)}/ ({elapsed:.1f} s)"
    ]
    by_code = Counter(w.code for w in catalogue.warnings)
    for code, n in sorted(by_code.items()):
        pages = sorted({w.page for w in catalogue.warnings if w.code == code and w.page})
        where = (
            f" (page{'s' if len(pages) > 1 else ''} {', '.join(map(str, pages[:12]))}"
            f"{'…' if len(pages) > 12 else ''})"
            if pages
            else ""
        )
        lines.append(f"  {code} ×{n}{where}")
    if catalogue.corrections is not None:
        lines += corrections_summary(catalogue)
    return "\n".join(lines)


def _shown(value: object) -> str:
    if value is None or value == []:
        return "(vide)"
    return " | ".join(map(str, value)) if isinstance(value, list) else str(value)


def corrections_summary(catalogue: Catalogue) -> list[str]:
    """What the corrections file did: applied, stale (warned above), absent, already so."""
    report = catalogue.corrections
    if report is None:
        return []
    rows = {a.row for a in report.applied}
    outcomes = Counter(c.outcome for c in report.not_applied)
    line = (
        f"  corrections from {report.source_file}: {len(rows)} applied, "
        f"{outcomes['stale']} stale, {outcomes['absent']} for records not in this edition, "
        f"{outcomes['already']} already so"
    )
    for c in report.not_applied:
        if c.outcome == "stale":
            what = "drop" if c.field == "drop" else c.field
            line += (
                f"\n  stale, row {c.row}: {c.card_id} {what}: written for {c.was or '(vide)'!r}, "
                f"the extraction now gives {_shown(c.now)!r}"
            )
    absent = [c.card_id for c in report.not_applied if c.outcome == "absent"]
    if absent:
        line += f"\n  not in this edition: {', '.join(absent[:8])}{'…' if len(absent) > 8 else ''}"
    return [line]


@dataclass(frozen=True)
class Options:
    """How to extract, the same for every file of a run."""

    password: str | None = None
    reader: str = DEFAULT_READER
    jobs: Jobs = DEFAULT_JOBS
    design: Design | None = None
    corrections: CorrectionSet | None = None
    timeout: int = DEFAULT_TIMEOUT
    strict: bool = False
    quiet: bool = False
    log: RunLog = field(default_factory=RunLog)  # where the run tells what it does (-v, a log)


def settings_line(pdf: Path, out_dir: Path, options: Options) -> str:
    """What a file is read with, for -v and the log (never the password)."""
    design = ", with a --design file" if options.design is not None else ""
    limit = f"{options.timeout} s" if options.timeout else "none"
    return (
        f"catalogue: {pdf}: reading with {options.reader}, --jobs {options.jobs}, time limit "
        f"{limit}{design}{', with a password' if options.password else ''}"
        f" → {out_dir}/"
    )


def extract_one(
    pdf: Path, out_dir: Path, options: Options, progress: ProgressReport | None
) -> Catalogue:
    """Extract `pdf` within the time limit and write its outputs into `out_dir` as a set; any
    failure is a `CatalogueError` (a bug too: `InternalError`), and then nothing is written."""
    try:
        check_file(pdf)  # a missing input is said first, then an output that cannot be written,
        check_writable(out_dir)  # both before the reading spends its seconds
        options.log.detail(settings_line(pdf, out_dir, options))
        with time_limit(options.timeout, pdf):
            catalogue = extract_pdf(
                pdf,
                password=options.password,
                reader=options.reader,
                jobs=options.jobs,
                progress=progress,
                design=options.design,
                corrections=options.corrections,
            )
        # Outside the limit: an alarm between two renames would leave a mixed set of outputs.
        write_catalogue(catalogue, out_dir, ends_run=True)
        if catalogue.warnings:
            options.log.detail(f"catalogue: {pdf}: warnings\n{warning_lines(catalogue)}")
    except CatalogueError:
        raise
    except Exception as exc:  # a bug: still one line naming the file (a batch goes on)
        if os.environ.get(DEBUG_VARIABLE):
            raise
        raise internal_error(pdf, exc, "PDF") from exc
    return catalogue


def _options(args: argparse.Namespace) -> Options:
    design = None
    if args.design is not None:
        from extract.layout.design import DesignFileError, load_design

        try:
            design = load_design(args.design)
        except DesignFileError as exc:
            raise DesignError(args.design, str(exc)) from None
    corrections = None
    if args.corrections is not None:
        from extract.corrections.read import read_corrections

        corrections = read_corrections(args.corrections)  # refused before any extraction
    return Options(
        password=args.password,
        reader=args.reader,
        jobs=args.jobs,
        design=design,
        corrections=corrections,
        timeout=args.timeout,
        strict=args.strict,
        quiet=args.quiet,
        log=RunLog.open(args.log_file, verbose=args.verbose, quiet=args.quiet),
    )


def is_batch(paths: Sequence[Path]) -> bool:
    """Several inputs, or a folder: a batch. One path that is not a folder: a single run."""
    return len(paths) > 1 or paths[0].is_dir()


def handler(args: argparse.Namespace) -> int:
    paths: list[Path] = args.pdf
    options = _options(args)
    if is_batch(paths):
        return batch(paths, args.output or DEFAULT_PARENT, options)
    pdf = paths[0]
    out_dir: Path = args.output or default_output(pdf)
    started = time.monotonic()
    progress = None if args.quiet else ProgressReport(sys.stderr, shown(pdf.name))
    try:
        catalogue = extract_one(pdf, out_dir, options, progress)
    except CatalogueError as exc:
        options.log.record(f"catalogue: {exc}")  # the command's one line says it on stderr
        raise
    options.log.say(summary(catalogue, out_dir, time.monotonic() - started))
    if args.strict and catalogue.warnings:
        return int(ExitCode.WARNINGS)
    return int(ExitCode.OK)


# ---------------------------------------------------------------------------------------------
# Several files


def extract_job(options: Options, bar: bool, job: Job) -> Outcome:
    """One file of a batch, in its own process: what `extract_one` made of it."""
    from extract.commands.batch import Outcome

    started = time.monotonic()
    progress = None if options.quiet else ProgressReport(sys.stderr, shown(job.pdf.name), bar=bar)
    try:
        catalogue = extract_one(job.pdf, job.out_dir, options, progress)
    except CatalogueError as exc:
        # A problem of the output folder names the folder, as a single run does.
        problem = exc.problem if exc.path == str(job.pdf) else str(exc)
        return Outcome(job.pdf, int(exc.code), problem, seconds=time.monotonic() - started)
    strict = options.strict and bool(catalogue.warnings)
    return Outcome(
        job.pdf,
        int(ExitCode.WARNINGS if strict else ExitCode.OK),
        out_dir=job.out_dir,
        resources=len(catalogue.resources),
        warnings=len(catalogue.warnings),
        pages=catalogue.edition.page_count,
        seconds=time.monotonic() - started,
    )


def report_outcome(options: Options, outcome: Outcome) -> None:
    """A file's line as it ends; with --quiet, only a failed file's."""
    from extract.commands.batch import outcome_line

    options.log.say(outcome_line(outcome), error=outcome.problem is not None)


def batch(paths: Sequence[Path], parent: Path, options: Options) -> int:
    """Extract every PDF of `paths` (folders expanded) into `parent/<name>/`; the exit code is
    the most serious met."""
    from extract.commands.batch import (
        BatchInterrupted,
        Outcome,
        most_serious,
        plan,
        run_jobs,
        table,
        workers_for,
    )

    inputs = plan(paths, parent)
    jobs = inputs.jobs
    if not jobs and len(inputs.entries) == 1:  # one folder with no PDF: refused as a file is
        (refused,) = inputs.outcomes([])
        options.log.say(f"catalogue: {shown(refused.pdf)}: {refused.problem}", error=True)
        return refused.code
    for entry in inputs.entries:
        if isinstance(entry, Outcome):
            report_outcome(options, entry)
    processes = min(cpu_count(), AUTO_JOBS_MAX) if options.jobs == AUTO else int(options.jobs)
    workers = workers_for(len(jobs), processes)
    options.log.detail(f"catalogue: {len(jobs)} files → {parent}/, {workers} at a time")
    # Files read at once share the cores; a file read alone reads its pages as a single run does.
    per_file = options if workers == 1 else replace(options, jobs=1)
    work = partial(extract_job, per_file, workers == 1)
    load_reader(options.reader)  # before the files' processes are forked from this one
    try:
        done = run_jobs(jobs, work, workers, partial(report_outcome, options))
    except BatchInterrupted as stopped:
        outcomes = inputs.outcomes(stopped.outcomes)
        options.log.say(table(outcomes, int(ExitCode.INTERRUPTED)))
        raise KeyboardInterrupt from None
    outcomes = inputs.outcomes(done)
    code = most_serious(o.code for o in outcomes)
    options.log.say(table(outcomes, code))
    return code


def _jobs(text: str) -> Jobs:
    try:
        return parse_jobs(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from None


def register(sub: Any) -> None:
    p = sub.add_parser(
        "extract",
        help="extract catalogue PDFs into cards.csv, cards.xlsx, catalogue.json and "
        "datapackage.json",
        description="Read a catalogue edition (PDF) and write its resources as validated,\n"
        "structured data: DIR/cards.csv (one row per resource), DIR/cards.xlsx (the same for\n"
        "spreadsheets, with the warnings and the parts and themes), DIR/catalogue.json\n"
        "(edition, parts, resources with provenance, warnings) and DIR/datapackage.json (a\n"
        "Frictionless description of the tables). Outputs are replaced atomically and only when\n"
        "the whole extraction succeeds; the same PDF always gives byte-identical files.\n\n"
        "Several PDFs, or a folder (its *.pdf files, not its subfolders'), make a batch: each\n"
        "PDF goes to PARENT/<its name>/ (-o PARENT, default output/), a file that fails does\n"
        "not stop the others, and a table of every file ends the run. Two PDFs of the same\n"
        "name would share a folder: both are refused (exit 2) and the others go on.",
        epilog="Examples:\n"
        "  catalogue extract samples/ess-pvd-2021.pdf\n"
        "      writes output/ess-pvd-2021/{cards.csv,cards.xlsx,catalogue.json,datapackage.json}\n"
        "  catalogue extract edition.pdf -o out/2021 --strict\n"
        "      exits 1 if anything was read with doubt (see the warnings in catalogue.json)\n"
        "  catalogue extract locked.pdf --password s3cret --reader pdfplumber\n"
        "  catalogue extract edition.pdf -o out --design fixed.json\n"
        "      reads again with the design the tool assumed (the `design` section of\n"
        "      out/catalogue.json, copied to fixed.json) where you corrected it\n"
        "  catalogue extract editions/ -o out --jobs 2\n"
        "      every PDF of editions/ into out/<name>/, two files at a time\n"
        "  catalogue extract edition.pdf --corrections corrections.csv\n"
        "      sets the values a person corrected (the same file serves every edition)\n\n"
        "Exit codes: 0 done, 1 warnings with --strict, 2 usage or an unusable --design or\n"
        "--corrections file, 3 file missing, 4 not a PDF or damaged, 5 encrypted or wrong\n"
        "password, 6 no text layer, 7 not a catalogue, 8 time limit, 9 output not writable,\n"
        "10 internal error, 130 interrupted. A batch exits with the highest code of its files.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "pdf",
        type=Path,
        nargs="+",
        metavar="PDF",
        help="the catalogue edition to read; several, or a folder of them, for a batch",
    )
    p.add_argument(
        "-o",
        "--output",
        type=output_folder,
        metavar="DIR",
        help="output folder (default: output/<PDF name without .pdf>/), "
        "e.g. -o output/ess-pvd-2022; in a batch, the folder that holds one folder per PDF "
        "(default: output/); checked before the PDF is read; not `-` (the outputs are several "
        "files)",
    )
    p.add_argument(
        "--password",
        metavar="PASSWORD",
        help="password of an encrypted PDF (in a batch, of every PDF), e.g. --password s3cret",
    )
    p.add_argument(
        "--reader",
        choices=READERS,
        default=DEFAULT_READER,
        help=f"PDF reading library (default {DEFAULT_READER}). pdfium is about five times "
        "faster; pdfplumber is the slower reference it is tested against, page for page, "
        "and gives the same outputs on sound files. On damaged files each reports what it "
        "could not read, in its own words, e.g. --reader pdfplumber",
    )
    p.add_argument(
        "--jobs",
        type=_jobs,
        default=DEFAULT_JOBS,
        metavar="N",
        help=f"read pages in N processes, or {AUTO}: one process below "
        f"{AUTO_JOBS_FROM_PAGES} pages, else one per core (at most {AUTO_JOBS_MAX}) "
        f"(default {DEFAULT_JOBS}); same output, e.g. --jobs 2. In a batch: up to N files at "
        f"once ({AUTO}: one per core, at most {AUTO_JOBS_MAX}), each in one process unless it "
        "is read alone",
    )
    p.add_argument(
        "--design",
        type=Path,
        metavar="FILE",
        help="read with this design instead of learning it: the `design` section of a "
        "catalogue.json (or the whole file), edited where the tool assumed wrong (which style "
        "is the title, which text is furniture, a band of every page that is furniture, the "
        "page offset of the tables of contents), e.g. --design design.json",
    )
    p.add_argument(
        "--corrections",
        type=Path,
        metavar="FILE",
        help="apply a person's corrections: a CSV (from a spreadsheet, , or ; separated) with "
        "the columns card_id,field,value,was,note; a row sets FIELD of the record CARD_ID to "
        "VALUE, or drops it (field drop); a row whose `was` is no longer what the extraction "
        "gives is stale: not applied, and warned. See docs/corrections.md. "
        "E.g. --corrections samples/corrections.csv",
    )
    p.add_argument(
        "--strict",
        action="store_true",
        help="exit with code 1 when there is any warning, e.g. in a release check",
    )
    p.add_argument(
        "--timeout",
        type=seconds,
        default=DEFAULT_TIMEOUT,
        metavar="SECONDS",
        help=f"give up on a document after SECONDS (default {DEFAULT_TIMEOUT}; "
        "0 for no limit; in a batch, each document has its own), e.g. --timeout 60",
    )
    said = p.add_mutually_exclusive_group()
    said.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing but errors (no progress, no summary)",
    )
    said.add_argument(
        "-v",
        "--verbose",
        action="store_true",
        help="also print each file's settings as it starts and each of its warnings in full",
    )
    p.add_argument(
        "--log-file",
        type=Path,
        metavar="FILE",
        help="append everything the run tells (as with -v, errors too), each line with the "
        "time, to FILE, whatever -q or -v say, e.g. --log-file batch.log for a long batch",
    )
    p.set_defaults(handler=handler)
