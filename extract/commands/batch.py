"""Several editions in one run: `catalogue extract A.pdf B.pdf …` or `catalogue extract FOLDER/`.

Each PDF is extracted into `PARENT/<its name>/` by a process of its own, forked for that file
alone, which does exactly what `catalogue extract PDF -o PARENT/<name>` does in one process: the
time limit is its own, its outputs are replaced as a set or not at all, and whatever happens to
it (a refusal, a bug, even a crash of a native library) is that file's outcome and never stops
the others. Up to `workers` files run at once.

Ctrl-C and SIGTERM stop the whole batch: the files still running are told to stop (SIGTERM, on
which each leaves its previous outputs as they were), the files not started are not started,
and the run ends with code 130 once every process has ended. The exit code of a batch is the
most serious of its files' codes, which is the highest (see `most_serious`).
"""

from __future__ import annotations

import signal
import traceback
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

from extract import signals
from extract.errors import ExitCode
from extract.processes import Died, Processes
from extract.untrusted import shown
from extract.write.files import output_name

# How long stopped files may take to leave their outputs as they were, before they are killed
# (only a native library that never returns could take that long).
STOP_WAIT = 10.0
INTERRUPTED = "interrupted; previous outputs left as they were"
NOT_STARTED = "not started (the batch was interrupted)"


@dataclass(frozen=True)
class Job:
    """One PDF to extract, and the folder its outputs go to."""

    pdf: Path
    out_dir: Path


@dataclass(frozen=True)
class Outcome:
    """What became of one input: its exit code, and the one-line problem when it failed."""

    pdf: Path
    code: int
    problem: str | None = None  # None: extracted (code 0, or 1 for warnings under --strict)
    out_dir: Path | None = None
    resources: int = 0
    warnings: int = 0
    pages: int = 0
    seconds: float = 0.0

    @property
    def extracted(self) -> bool:
        return self.problem is None


@dataclass
class Plan:
    """The inputs of a batch sorted out, in the order given (a folder's PDFs by name): a `Job`
    for each PDF to extract, an `Outcome` for each input refused before starting."""

    entries: list[Job | Outcome] = field(default_factory=list)

    @property
    def jobs(self) -> list[Job]:
        return [e for e in self.entries if isinstance(e, Job)]

    def outcomes(self, done: Sequence[Outcome]) -> list[Outcome]:
        """Every input's outcome in order, given the outcomes of `jobs` (in their order)."""
        ran = iter(done)
        return [next(ran) if isinstance(e, Job) else e for e in self.entries]


Work = Callable[[Job], Outcome]
Report = Callable[[Outcome], None]


def most_serious(codes: Iterable[int]) -> int:
    """The batch's exit code. Codes are numbered by seriousness: an interruption (130) over a
    bug (10) over an output folder that cannot be written (9) over a problem of one input
    (3-8) over a usage error (2) over warnings under --strict (1) over success (0)."""
    return max(codes, default=int(ExitCode.OK))


def pdfs_in(folder: Path) -> list[Path]:
    """The PDFs directly in `folder` (not in its subfolders), by name; hidden files left out."""
    return sorted(
        p
        for p in folder.iterdir()
        if p.suffix.lower() == ".pdf" and not p.name.startswith(".") and p.is_file()
    )


def _key(path: Path) -> Path:
    try:
        return path.resolve()
    except OSError:
        return path.absolute()


def plan(inputs: Sequence[Path], parent: Path) -> Plan:
    """Expand folders into their PDFs and give each PDF its output folder, `parent/<name>`.

    A file named twice (or both alone and in a folder) is extracted once. Files whose names
    differ only by case or not at all (`a/x.pdf`, `b/X.pdf`) would write into one folder: each
    of them is refused, and the others go on."""
    found: list[Path | Outcome] = []
    for path in inputs:
        if not path.is_dir():
            found.append(path)
            continue
        try:
            inside = pdfs_in(path)
        except OSError as exc:
            found.append(_refusal(path, f"cannot be read ({exc.strerror})"))
            continue
        found += inside or [_refusal(path, "is a directory with no PDF file in it")]
    seen: set[Path] = set()
    unique: list[Path | Outcome] = []
    for entry in found:
        if isinstance(entry, Path):
            if _key(entry) in seen:
                continue
            seen.add(_key(entry))
        unique.append(entry)
    by_name: dict[str, list[Path]] = {}
    for entry in unique:
        if isinstance(entry, Path):
            by_name.setdefault(output_name(entry).casefold(), []).append(entry)
    out = Plan()
    for entry in unique:
        if isinstance(entry, Outcome):
            out.entries.append(entry)
            continue
        name = output_name(entry)
        same = [p for p in by_name[name.casefold()] if p != entry]
        if same:
            problem = (
                f"same output folder {shown(parent / name)}/ as "
                f"{', '.join(shown(p) for p in same)}; extract it on its own with -o"
            )
            out.entries.append(Outcome(entry, int(ExitCode.USAGE), problem))
        else:
            out.entries.append(Job(entry, parent / name))
    return out


def _refusal(path: Path, problem: str) -> Outcome:
    return Outcome(path, int(ExitCode.NOT_FOUND), problem)


# ---------------------------------------------------------------------------------------------
# Running: one forked process per file.


def _file_signals() -> None:
    """A file's process leaves Ctrl-C to the batch, which stops it with SIGTERM: a file must
    stop once, the way a single run does on SIGTERM. Once its outputs are in place, or its
    outcome known, a SIGTERM changes nothing (`signals.too_late`)."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signals.install_stop_requests(frozenset({signal.SIGTERM}))


def _run_file(work: Work, job: Job) -> Outcome:
    """What became of one file, in its own process, whatever happened to it."""
    try:
        try:
            outcome = work(job)
        except Exception as exc:  # the work turns errors into outcomes: this is a bug in it
            traceback.print_exc()
            detail = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
            problem = f"internal error ({type(exc).__name__}{': ' + detail if detail else ''})"
            outcome = Outcome(job.pdf, int(ExitCode.INTERNAL), problem)
        signals.too_late()
    except KeyboardInterrupt:
        signals.too_late()
        outcome = Outcome(job.pdf, int(ExitCode.INTERRUPTED), INTERRUPTED, job.out_dir)
    return outcome


def _died(job: Job, died: Died) -> Outcome:
    """The outcome of a file whose process ended without telling one."""
    return Outcome(
        job.pdf,
        int(ExitCode.INTERNAL),
        f"internal error (its process died: {died.describe()}); please report it with this PDF",
    )


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C or SIGTERM stopped the batch; `outcomes` tells what each file had become."""

    def __init__(self, outcomes: list[Outcome]) -> None:
        super().__init__()
        self.outcomes = outcomes


def run_jobs(jobs: Sequence[Job], work: Work, workers: int, report: Report) -> list[Outcome]:
    """Run `work` on each job in a process of its own, `workers` at once; `report` is told of
    each outcome as it comes. Raises `BatchInterrupted` on Ctrl-C or SIGTERM once every file's
    process has ended."""

    def outcome(index: int, result: Outcome | Died) -> Outcome:
        return _died(jobs[index], result) if isinstance(result, Died) else result

    processes: Processes[Job, Outcome] = Processes(
        jobs,
        partial(_run_file, work),
        workers,
        setup=_file_signals,
        stop_wait=STOP_WAIT,
        on_result=lambda index, result: report(outcome(index, result)),
    )
    try:
        return [outcome(i, result) for i, result in enumerate(processes.run())]
    except KeyboardInterrupt:
        raise BatchInterrupted(
            [_so_far(job, i, processes, outcome) for i, job in enumerate(jobs)]
        ) from None


def _so_far(
    job: Job, index: int, processes: Processes[Job, Outcome], outcome: Callable[..., Outcome]
) -> Outcome:
    """A file's outcome after an interruption: what it ended with, or that it never ended."""
    if index in processes.results:
        return outcome(index, processes.results[index])
    said = INTERRUPTED if index in processes.started else NOT_STARTED
    return Outcome(job.pdf, int(ExitCode.INTERRUPTED), said)


# ---------------------------------------------------------------------------------------------
# The summary table.


def outcome_line(outcome: Outcome) -> str:
    """A file's line as it ends: a single run's summary line, or its one-line problem."""
    if outcome.problem is not None:
        return f"catalogue: {shown(outcome.pdf)}: {shown(outcome.problem)}"
    return (
        f"catalogue: {shown(outcome.pdf)}: {outcome.resources} resources from {outcome.pages} "
        f"pages, {outcome.warnings} warnings → {shown(outcome.out_dir or '')}/ "
        f"({outcome.seconds:.1f} s)"
    )


def result_text(outcome: Outcome) -> str:
    if outcome.problem is not None:
        return f"exit {outcome.code}: {shown(outcome.problem)}"
    where = f"{shown(outcome.out_dir)}/" if outcome.out_dir is not None else ""
    return where + (f" (exit {outcome.code}: warnings, --strict)" if outcome.code else "")


def table(outcomes: Sequence[Outcome], code: int) -> str:
    """One line for the batch, then one row per input: file, resources, warnings, and the
    output folder or the problem."""
    done = [o for o in outcomes if o.extracted]
    stopped = sum(o.code == ExitCode.INTERRUPTED for o in outcomes)
    failed = len(outcomes) - len(done) - stopped
    head = (
        f"catalogue: {len(outcomes)} file{'s' * (len(outcomes) != 1)}: {len(done)} extracted "
        f"({sum(o.resources for o in done)} resources, {sum(o.warnings for o in done)} "
        f"warnings), {failed} failed{f', {stopped} stopped' if stopped else ''}; exit {code}"
    )
    rows = [("file", "resources", "warnings", "result")]
    for o in outcomes:
        counts = (str(o.resources), str(o.warnings)) if o.extracted else ("-", "-")
        rows.append((shown(o.pdf), *counts, result_text(o)))
    widths = [max(len(row[i]) for row in rows) for i in range(3)]
    lines = [head]
    for name, resources, warnings, result in rows:
        lines.append(
            f"  {name:<{widths[0]}}  {resources:>{widths[1]}}  {warnings:>{widths[2]}}  {result}"
        )
    return "\n".join(line.rstrip() for line in lines)


def workers_for(jobs: int, processes: int) -> int:
    """How many files run at once: `processes`, but never more than there are files."""
    return max(1, min(jobs, processes))
