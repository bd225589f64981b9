"""Plant bugs and see which the fast tests catch: `make mutants` (`python -m tests.mutants`).

Each mutant is one small, plausible bug in one stage of the pipeline (or in the diff, the text
rules or a reader), written as a piece of source text and its replacement. The repository is
copied to a temporary folder (never changed in place: the working tree is shared), each mutant
is applied to the copy in turn, the fast tests run there with a time limit and stop at the first
failure, and the copy is restored. A table says, for each mutant, which test killed it, or that
it survived; the command exits 1 when any survived, or when the unmutated copy does not pass
(every mutant would then look killed).

    python -m tests.mutants                  # every mutant
    python -m tests.mutants --only diff-casefold --only lines-word-gap
    python -m tests.mutants --list           # the mutants, without running anything

A mutant whose text is no longer in its file (the code moved on) is reported `stale`, not
killed: its text wants updating. Property tests run in the `quick` profile, on the same seed as
`make test`.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
# Fast first: a mutant is usually killed within seconds; only a survivor runs them all.
FAST_TESTS = (
    "tests/test_text_rules.py",
    "tests/test_expected.py",
    "tests/test_stages.py",
    "tests/test_diff.py",
    "tests/test_extract.py::test_committed_output_is_what_extraction_gives_now",
    "tests/test_extract.py::test_every_record_exact_in_every_variant",
    "tests/test_roundtrip.py::test_extraction_gives_back_the_generated_records",
    "tests/test_read_pdfium.py",
    # The design zoo: designs without space glyphs, with printed address lists.
    "tests/test_designs.py::test_every_record_of_every_design_is_exact",
)
TIME_LIMIT = 900.0  # seconds per mutant; a mutant that hangs the tests counts as killed
SKIP = shutil.ignore_patterns(
    ".git",
    ".venv",
    "__pycache__",
    ".mypy_cache",
    ".ruff_cache",
    ".pytest_cache",
    ".hypothesis",
    "review",
    "*.egg-info",
)


@dataclass(frozen=True)
class Mutant:
    name: str
    stage: str
    path: str
    old: str
    new: str
    why: str


MUTANTS: tuple[Mutant, ...] = (
    Mutant(
        "lines-word-gap",
        "lines",
        "extract/layout/lines.py",
        "WORD_GAP = 0.18",
        "WORD_GAP = 0.45",
        "word spaces read only where a gap is almost half the size: words run together",
    ),
    Mutant(
        "layout-url-list-order",
        "blocks/layout",
        "extract/layout/page.py",
        "layout.header.sort(key=lambda ln: (ln.top, ln.x0))\n"
        "    layout.url_list.sort(key=lambda url: (url[0].top, url[0].x0))",
        "layout.header.sort(key=lambda ln: (ln.top, ln.x0))\n"
        "    layout.url_list.sort(key=lambda url: (-url[0].top, url[0].x0))",
        "a page's printed URL list read from the bottom up",
    ),
    Mutant(
        "cards-theme-case",
        "cards",
        "extract/cards/resources.py",
        'return " ".join(text.casefold().split())',
        'return " ".join(text.split())',
        "a header naming its theme in another case than the table of contents is not matched",
    ),
    Mutant(
        "text-bare-year-range",
        "cards (text rules)",
        "extract/text.py",
        'return TypeLine(None, int(m["y1"]), int(m["y2"]) if m["y2"] else None)',
        'return TypeLine(None, int(m["y1"]), None)',
        "the end year of a bare `>2019-2020` is dropped",
    ),
    Mutant(
        "text-kind-plural",
        "cards (text rules)",
        "extract/text.py",
        'return word[:-1] if word.endswith(("s", "x")) else word',
        "return word",
        "a resource kind keeps its plural: `Cartographies` is not the kind `cartographie`",
    ),
    Mutant(
        "validate-url-last",
        "validate",
        "extract/validate.py",
        "url=links[0] if links else None,",
        "url=links[-1] if links else None,",
        "`url` is a resource's last link, not its first",
    ),
    Mutant(
        "write-links-separator",
        "write",
        "extract/write/files.py",
        "return neutralise(LINKS_SEPARATOR.join(str(v) for v in value))",
        'return neutralise(", ".join(str(v) for v in value))',
        "`links` joined by a comma in cards.csv",
    ),
    Mutant(
        "diff-casefold",
        "diff matching",
        "extract/diff/compare.py",
        "if not unicodedata.combining(ch)).casefold()",
        "if not unicodedata.combining(ch))",
        "titles compared with their case",
    ),
    Mutant(
        "diff-plain-ratio",
        "diff matching",
        "extract/diff/compare.py",
        "score = fuzz.token_sort_ratio(self.old_titles[i], self.new_titles[j])",
        "score = fuzz.ratio(self.old_titles[i], self.new_titles[j])",
        "titles compared with their words in printed order",
    ),
    Mutant(
        "diff-threshold-exclusive",
        "diff matching",
        "extract/diff/compare.py",
        "if score >= floor:",
        "if score > floor:",
        "a title exactly at the threshold is not paired",
    ),
    Mutant(
        "links-margin-inward",
        "link pairing",
        "extract/cards/links.py",
        "if d.area[0] - margin <= cx <= d.area[2] + margin\n"
        "        and d.area[1] - margin <= cy <= d.area[3] + margin",
        "if d.area[0] + margin <= cx <= d.area[2] - margin\n"
        "        and d.area[1] + margin <= cy <= d.area[3] - margin",
        "a resource's area shrunk by the margin instead of grown: links at its edge are lost",
    ),
    Mutant(
        "read-pdfplumber-stroke-colour",
        "read (pdfplumber)",
        "extract/readers/pdfplumber_reader.py",
        '_colour(c.get("non_stroking_color")),',
        '_colour(c.get("stroking_color")),',
        "each character's colour taken from the outline colour instead of the fill",
    ),
    Mutant(
        "read-pdfium-link-flip",
        "read (pdfium)",
        "extract/readers/pdfium_reader.py",
        "low, high = sorted((snap(rect.bottom), snap(rect.top)))",
        "high, low = sorted((snap(rect.bottom), snap(rect.top)))",
        "link rectangles turned upside down",
    ),
)


@dataclass
class Outcome:
    mutant: Mutant
    status: str  # "killed", "survived", "stale", "timeout"
    by: str
    seconds: float


def copy_repository(into: Path) -> Path:
    target = into / "repo"
    shutil.copytree(ROOT, target, ignore=SKIP, symlinks=True)
    return target


def _env(copy: Path) -> dict[str, str]:
    env = dict(os.environ)
    # The copy first on the path: the project is installed in the virtualenv as an editable
    # package that points at the working tree.
    env["PYTHONPATH"] = str(copy) + os.pathsep + env.get("PYTHONPATH", "")
    env["HYPOTHESIS_PROFILE"] = "quick"
    env.pop("HYPOTHESIS_SEED", None)
    return env


def check_isolation(copy: Path) -> None:
    """The copy's code, not the working tree's, is what the tests import."""
    probe = "import extract, samples, schemas, tests; print(extract.__file__, samples.__file__)"
    out = subprocess.run(
        [str(PYTHON), "-c", probe], cwd=copy, env=_env(copy), capture_output=True, text=True
    )
    paths = out.stdout.split()
    if out.returncode != 0 or not paths or not all(p.startswith(str(copy)) for p in paths):
        raise SystemExit(
            f"mutants: the copy does not import its own code: {out.stdout}{out.stderr}"
        )


_FAILED = re.compile(r"^(?:FAILED|ERROR) (\S+)", re.MULTILINE)


def run_tests(copy: Path, tests: Sequence[str], limit: float) -> tuple[str, str, float]:
    """(status, first failing test, seconds) of the fast tests in `copy`."""
    start = time.monotonic()
    command = [str(PYTHON), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        run = subprocess.run(
            command, cwd=copy, env=_env(copy), capture_output=True, text=True, timeout=limit
        )
    except subprocess.TimeoutExpired:
        return "timeout", f"over {limit:.0f} s", time.monotonic() - start
    seconds = time.monotonic() - start
    if run.returncode == 0:
        return "passed", "", seconds
    failed = _FAILED.search(run.stdout)
    by = failed[1] if failed else f"exit {run.returncode}: {run.stdout[-300:]}{run.stderr[-300:]}"
    return "failed", by, seconds


def try_mutant(copy: Path, mutant: Mutant, tests: Sequence[str], limit: float) -> Outcome:
    path = copy / mutant.path
    original = path.read_text(encoding="utf-8")
    if original.count(mutant.old) != 1:
        return Outcome(mutant, "stale", f"text found {original.count(mutant.old)} times", 0.0)
    path.write_text(original.replace(mutant.old, mutant.new), encoding="utf-8")
    try:
        status, by, seconds = run_tests(copy, tests, limit)
    finally:
        path.write_text(original, encoding="utf-8")
    verdict = {"passed": "survived", "failed": "killed", "timeout": "timeout"}[status]
    return Outcome(mutant, verdict, by, seconds)


def table(outcomes: Sequence[Outcome]) -> str:
    rows = [("mutant", "stage", "where", "outcome", "killed by", "seconds")]
    for o in outcomes:
        by = o.by if o.status in ("killed", "stale", "timeout") else "—"
        rows.append(
            (o.mutant.name, o.mutant.stage, o.mutant.path, o.status, by, f"{o.seconds:.1f}")
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = [" | ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "-+-".join("-" * w for w in widths))
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.mutants", description=__doc__)
    parser.add_argument("--only", action="append", metavar="NAME", help="run this mutant only")
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--limit", type=float, default=TIME_LIMIT, help="seconds per mutant")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unmutated run")
    args = parser.parse_args(argv)
    chosen = [m for m in MUTANTS if not args.only or m.name in args.only]
    if args.only and len(chosen) != len(set(args.only)):
        known = ", ".join(m.name for m in MUTANTS)
        parser.error(f"unknown mutant in {args.only}; known: {known}")
    if args.list:
        for m in chosen:
            print(f"{m.name:30} {m.stage:20} {m.path:24} {m.why}")
        return 0
    with tempfile.TemporaryDirectory(prefix="mutants-") as folder:
        copy = copy_repository(Path(folder))
        check_isolation(copy)
        print(f"mutants: a copy of the repository in {copy}; fast tests: {' '.join(FAST_TESTS)}")
        if not args.no_baseline:
            status, by, seconds = run_tests(copy, FAST_TESTS, args.limit)
            print(f"mutants: unmutated copy {status} in {seconds:.0f} s {by}", flush=True)
            if status != "passed":
                print("mutants: the fast tests must pass before any mutant can be judged")
                return 1
        outcomes = []
        for mutant in chosen:
            outcome = try_mutant(copy, mutant, FAST_TESTS, args.limit)
            print(f"mutants: {mutant.name}: {outcome.status} {outcome.by}", flush=True)
            outcomes.append(outcome)
    print()
    print(table(outcomes))
    survived = [o.mutant.name for o in outcomes if o.status in ("survived", "stale")]
    if survived:
        print(f"\n{len(survived)} mutant(s) not killed: {', '.join(survived)}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
