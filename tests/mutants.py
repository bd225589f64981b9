"""Plant bugs and see which the fast tests catch: `make mutants` (`python -m tests.mutants`).

Two kinds of mutant:

- a source mutant is one small, plausible bug in one stage of the pipeline (or in the diff, the
  text rules or a reader), written as a piece of source text and its replacement;
- a settings mutant is a large change of one reading threshold (`extract.settings`), planted
  without editing any source: `CATALOGUE_TEST_SETTINGS` holds it, and `tests/conftest.py` puts
  it in force for the session. Every field is changed both ways, by a rule its kind gives
  (`RULES`): a `Measure` (a multiple of a font size) times 4 and divided by 4; a `Factor` (a
  ratio around 1) to the power 4 and 1/4 (as far again from 1, either way, on a log scale); a
  `Share` (0 to 1) with its odds s/(1-s) times 4 and divided by 4, so that it stays a share
  (0.8 becomes 0.94 and 0.5); a `Percent` as a share of 100; a `Count` times 4 and divided by
  4, rounded, 1 at least. They run a focused set of fast tests (`SETTINGS_TESTS`: the ones that
  extract in the test's own process; a `catalogue` command run as a subprocess reads with the
  defaults and would not see the change).

The repository is copied to a temporary folder (never changed in place: the working tree is
shared), each mutant is applied to the copy in turn, the fast tests run there with a time limit
and stop at the first failure, and the copy is restored. A table says, for each mutant, which
test killed it, or that it survived; the command exits 1 when any survived, or when the
unmutated copy does not pass (every mutant would then look killed).

    python -m tests.mutants                  # every mutant
    python -m tests.mutants --only diff-casefold --only lines-tracking-kept
    python -m tests.mutants --only lines.word_gap-up --only furniture.band-down
    python -m tests.mutants --kind settings  # the settings mutants only (or --kind source)
    python -m tests.mutants --list           # the mutants, without running anything

A mutant whose text is no longer in its file (the code moved on) is reported `stale`, not
killed: its text wants updating. A settings field of a kind no rule knows stops the command.
Property tests run in the `quick` profile, on the same seed as `make test`.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, fields
from pathlib import Path

from extract.settings import DEFAULT, Settings
from tests.conftest import PLANTED_LINE, SETTINGS_VARIABLE

ROOT = Path(__file__).resolve().parent.parent
PYTHON = ROOT / ".venv" / "bin" / "python"
# Fast first: a mutant is usually killed within seconds; only a survivor runs them all.
FAST_TESTS = (
    "tests/test_text_rules.py",
    "tests/test_expected.py",
    "tests/test_thresholds.py",
    "tests/test_stages.py",
    "tests/test_learnt_rules.py",
    "tests/test_diff.py",
    "tests/test_extract.py::test_committed_output_is_what_extraction_gives_now",
    "tests/test_extract.py::test_every_record_exact_in_every_variant",
    "tests/test_roundtrip.py::test_extraction_gives_back_the_generated_records",
    "tests/test_read_pdfium.py",
    # The design zoo: designs without space glyphs, with printed address lists.
    "tests/test_designs.py::test_every_record_of_every_design_is_exact",
)
# The settings mutants' tests: those of the fast tests that extract in their own process (a
# reader's own tests, the text rules and the diff read no threshold), the literal cases first.
# The sample's variants are read with pdfium only: pdfplumber's take half a minute more, and
# the thresholds act on lines, whichever reader made them.
SETTINGS_TESTS = (
    "tests/test_thresholds.py",
    "tests/test_stages.py",
    "tests/test_learnt_rules.py",
    "tests/test_extract.py::test_committed_output_is_what_extraction_gives_now",
    "tests/test_designs.py::test_every_record_of_every_design_is_exact",
    *(
        f"tests/test_extract.py::test_every_record_exact_in_every_variant[{links}-{layout}-pdfium]"
        for links in ("both", "annotations", "text")
        for layout in ("portrait-2col", "landscape-3col")
    ),
    "tests/test_roundtrip.py::test_extraction_gives_back_the_generated_records",
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
        "lines-tracking-kept",
        "lines",
        "extract/layout/lines.py",
        "gap = c.x0 - prev.x1 - tracking",
        "gap = c.x0 - prev.x1",
        "letter spacing not taken off a tracked line's gaps: a space between every letter",
    ),
    Mutant(
        "layout-url-list-order",
        "blocks/layout",
        "extract/layout/page.py",
        "url_list.sort(key=lambda url: (url[0].top, url[0].x0))",
        "url_list.sort(key=lambda url: (-url[0].top, url[0].x0))",
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


@dataclass(frozen=True)
class SettingMutant:
    """One reading threshold changed: `setting` (a dotted name) set to `value`."""

    name: str
    setting: str
    value: float
    why: str

    @property
    def stage(self) -> str:
        return f"settings ({self.setting.partition('.')[0]})"

    @property
    def path(self) -> str:
        default = DEFAULT.flat()[self.setting]
        return f"{default:g} → {self.value:g}"


def _odds(share: float, factor: float) -> float:
    """The share whose odds are `factor` times `share`'s."""
    odds = share / (1 - share) * factor
    return odds / (1 + odds)


# Each kind of setting (its annotation in `extract.settings`) → its two large changes, one up
# and one down, each with how it was made.
Rule = Callable[[float], tuple[tuple[float, str], tuple[float, str]]]
RULES: dict[str, Rule] = {
    "Measure": lambda v: ((v * 4, "×4"), (v / 4, "÷4")),
    "Factor": lambda v: ((v**4, "to the power 4"), (v**0.25, "to the power 1/4")),
    "Share": lambda v: ((_odds(v, 4), "odds ×4"), (_odds(v, 0.25), "odds ÷4")),
    "Percent": lambda v: (
        (100 * _odds(v / 100, 4), "odds ×4"),
        (100 * _odds(v / 100, 0.25), "odds ÷4"),
    ),
    "Count": lambda v: ((float(round(v * 4)), "×4"), (float(max(1, round(v / 4))), "÷4")),
}


def setting_mutants(settings: Settings = DEFAULT) -> tuple[SettingMutant, ...]:
    """Two mutants for each field of the settings, by its kind's rule."""
    out: list[SettingMutant] = []
    for group in fields(settings):
        part = getattr(settings, group.name)
        for f in fields(part):
            kind = str(f.type)
            if kind not in RULES:
                raise SystemExit(
                    f"mutants: setting {group.name}.{f.name} is of kind {kind!r}, which no rule "
                    f"changes (known: {', '.join(RULES)}): say what it measures in "
                    "extract/settings.py"
                )
            value = getattr(part, f.name)
            name = f"{group.name}.{f.name}"
            for changed, how in RULES[kind](value):
                if abs(changed - value) < 1e-12:
                    raise SystemExit(f"mutants: the rule for {kind} leaves {name} as it is")
                way = "up" if changed > value else "down"
                why = f"{name} {value:g} → {changed:.4g} ({kind.lower()} {how})"
                out.append(SettingMutant(f"{name}-{way}", name, round(changed, 6), why))
    return tuple(out)


SETTING_MUTANTS = setting_mutants()


@dataclass
class Outcome:
    mutant: Mutant | SettingMutant
    status: str  # "killed", "survived", "stale", "timeout", "not planted"
    by: str
    seconds: float


def copy_repository(into: Path) -> Path:
    target = into / "repo"
    shutil.copytree(ROOT, target, ignore=SKIP, symlinks=True)
    return target


def _env(copy: Path, planted: dict[str, float] | None = None) -> dict[str, str]:
    env = dict(os.environ)
    # The copy first on the path: the project is installed in the virtualenv as an editable
    # package that points at the working tree.
    env["PYTHONPATH"] = str(copy) + os.pathsep + env.get("PYTHONPATH", "")
    env["HYPOTHESIS_PROFILE"] = "quick"
    env.pop("HYPOTHESIS_SEED", None)
    env.pop(SETTINGS_VARIABLE, None)
    if planted:
        env[SETTINGS_VARIABLE] = json.dumps(planted)
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


def run_tests(
    copy: Path, tests: Sequence[str], limit: float, planted: dict[str, float] | None = None
) -> tuple[str, str, float]:
    """(status, first failing test, seconds) of the fast tests in `copy` (with the reading
    settings `planted`, if any, in force)."""
    start = time.monotonic()
    command = [str(PYTHON), "-m", "pytest", "-x", "-q", "-p", "no:cacheprovider", *tests]
    try:
        run = subprocess.run(
            command,
            cwd=copy,
            env=_env(copy, planted),
            capture_output=True,
            text=True,
            timeout=limit,
        )
    except subprocess.TimeoutExpired:
        return "timeout", f"over {limit:.0f} s", time.monotonic() - start
    seconds = time.monotonic() - start
    if planted and f"{PLANTED_LINE} {json.dumps(planted, sort_keys=True)}" not in run.stdout:
        # The tests did not say they ran with the change: whatever they gave judges nothing.
        return "not planted", f"exit {run.returncode}: {run.stdout[-300:]}", seconds
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


def try_setting(copy: Path, mutant: SettingMutant, limit: float) -> Outcome:
    status, by, seconds = run_tests(
        copy, SETTINGS_TESTS, limit, planted={mutant.setting: mutant.value}
    )
    verdict = {"passed": "survived", "failed": "killed", "timeout": "timeout"}.get(status, status)
    return Outcome(mutant, verdict, by, seconds)


def table(outcomes: Sequence[Outcome]) -> str:
    rows = [("mutant", "stage", "where", "outcome", "killed by", "seconds")]
    for o in outcomes:
        by = o.by if o.status in ("killed", "stale", "timeout", "not planted") else "—"
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
    parser.add_argument(
        "--kind",
        choices=("all", "source", "settings"),
        default="all",
        help="source mutants, settings mutants, or both (the default)",
    )
    parser.add_argument("--list", action="store_true", help="list the mutants and stop")
    parser.add_argument("--limit", type=float, default=TIME_LIMIT, help="seconds per mutant")
    parser.add_argument("--no-baseline", action="store_true", help="skip the unmutated run")
    args = parser.parse_args(argv)
    every: list[Mutant | SettingMutant] = []
    if args.kind in ("all", "source"):
        every += MUTANTS
    if args.kind in ("all", "settings"):
        every += SETTING_MUTANTS
    chosen = [m for m in every if not args.only or m.name in args.only]
    if args.only and len(chosen) != len(set(args.only)):
        known = ", ".join(m.name for m in every)
        parser.error(f"unknown mutant in {args.only}; known: {known}")
    if args.list:
        for m in chosen:
            print(f"{m.name:36} {m.stage:24} {m.path:24} {m.why}")
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
            if isinstance(mutant, SettingMutant):
                outcome = try_setting(copy, mutant, args.limit)
            else:
                outcome = try_mutant(copy, mutant, FAST_TESTS, args.limit)
            print(
                f"mutants: {mutant.name}: {outcome.status} {outcome.by} ({outcome.seconds:.0f} s)",
                flush=True,
            )
            outcomes.append(outcome)
    print()
    print(table(outcomes))
    survived = [o.mutant.name for o in outcomes if o.status in ("survived", "stale", "not planted")]
    if survived:
        print(f"\n{len(survived)} mutant(s) not killed: {', '.join(survived)}")
    return 1 if survived else 0


if __name__ == "__main__":
    sys.exit(main())
