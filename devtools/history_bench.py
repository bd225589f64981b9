"""What adding an edition to the history costs: `python -m devtools.history_bench`
(`make bench-history`).

Measures, on the two sample extractions (output/ess-pvd-2021 and output/ess-pvd-2022):

- the time to add the 2022 edition to a history holding 2021, as a person runs it
  (`catalogue history DB output/ess-pvd-2022` in a fresh process, start-up included) and inside
  the command (reading the database back, pairing, writing), medians of five;
- the size of the database, metadata.json and editions.csv for the two editions;
- since the database is rebuilt whole at each run, how the time to add one more edition grows
  with the editions already held: up to twelve, each a copy of a sample edition under another
  year (alternately 2021's and 2022's records, so that every step pairs and diffs).

It prints a table; nothing is written outside a temporary folder. Figures vary from machine to
machine: the growth is what to read.
"""

from __future__ import annotations

import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from extract.cli import main as catalogue
from extract.write.files import write_catalogue
from schemas.models import Catalogue

ROOT = Path(__file__).resolve().parent.parent
EDITIONS = (ROOT / "output" / "ess-pvd-2021", ROOT / "output" / "ess-pvd-2022")
RUNS = 5
MOST_EDITIONS = 12


def _fresh_process(db: Path, edition: Path) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "extract.cli", "history", str(db), str(edition), "-q"],
        check=True,
        cwd=ROOT,
    )
    return time.perf_counter() - started


def _in_process(db: Path, *editions: Path) -> float:
    started = time.perf_counter()
    if catalogue(["history", str(db), *map(str, editions), "-q"]) != 0:
        raise SystemExit(f"catalogue history failed on {db}")
    return time.perf_counter() - started


def add_one(work: Path) -> dict[str, float]:
    """Seconds to add 2022 to a history of 2021, in a fresh process and inside the command."""
    fresh, inside = [], []
    for run in range(RUNS):
        held, other = work / f"fresh-{run}" / "ess.db", work / f"inside-{run}" / "ess.db"
        _in_process(held, EDITIONS[0])
        _in_process(other, EDITIONS[0])
        fresh.append(_fresh_process(held, EDITIONS[1]))
        inside.append(_in_process(other, EDITIONS[1]))
    return {"fresh_process_s": statistics.median(fresh), "in_command_s": statistics.median(inside)}


def sizes(work: Path) -> dict[str, int]:
    db = work / "both" / "ess.db"
    _in_process(db, *EDITIONS)
    return {p.name: p.stat().st_size for p in sorted(db.parent.iterdir())}


def growth(work: Path, most: int = MOST_EDITIONS) -> list[tuple[int, float, int]]:
    """(editions held after the step, seconds of the step, database bytes) for each step."""
    catalogues = [
        Catalogue.model_validate_json((e / "catalogue.json").read_bytes()) for e in EDITIONS
    ]
    db = work / "growth" / "ess.db"
    steps = []
    for k in range(most):
        source = catalogues[k % 2]
        year = 2021 + k
        edition = source.edition.model_copy(
            update={
                "title": f"Catalogue de ressources ESS ({year})",
                "source_file": f"ess-{year}.pdf",
                "sha256": f"{year:064d}",
            }
        )
        folder = work / "editions" / f"ess-{year}"
        write_catalogue(source.model_copy(update={"edition": edition}), folder)
        seconds = _in_process(db, folder)
        steps.append((k + 1, seconds, db.stat().st_size))
    return steps


def main(argv: Sequence[str] | None = None) -> int:
    if not all((e / "catalogue.json").is_file() for e in EDITIONS):
        print("the sample extractions are not in output/ (make extract)", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        added = add_one(work)
        files = sizes(work)
        steps = growth(work)
    print(f"adding ess-pvd-2022 to a history of ess-pvd-2021 (median of {RUNS}):")
    print(f"  catalogue history in a fresh process  {added['fresh_process_s']:.2f} s")
    print(f"  inside the command                    {added['in_command_s']:.2f} s")
    print("the history of the two sample editions:")
    for name, size in files.items():
        print(f"  {name:<14}{size:>10,} bytes")
    print("adding one edition more, inside the command:")
    print(f"  {'editions':>8}{'seconds':>9}{'database bytes':>16}")
    for held, seconds, size in steps:
        print(f"  {held:>8}{seconds:>9.2f}{size:>16,}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
