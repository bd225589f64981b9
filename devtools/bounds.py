"""What hostile files cost: `python -m devtools.bounds` (figures for docs/robustness.md).

Builds, in a temporary folder, the files the robustness tests build small, at full size:

  bomb      the 8-page test catalogue with one more content stream on page 5: 1.2 MB in the
            file, 1 GiB of spaces once inflated (the limit skips the page)
  huge      the same catalogue, its first page 14,400 points square (the most a PDF allows)
  loop      a page tree that loops; deep: one nested 10,000 levels

and runs `catalogue extract` and `catalogue review` on each in a fresh process, printing its
exit code, wall time and peak memory (the process's largest resident set). Then `catalogue
diff` on two catalogue.json whose one description is 20,000 words changed all through, as
the word diff's worst case (the words alternate, so difflib finds matches everywhere), its
report printed. Give `--base DIR` (a checkout of an older commit) to run the same commands with
that code too, side by side; each command is given at most `--limit` seconds.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from tests.conftest import ROOT
from tests.hostile_files import (
    bloated_catalogue,
    deep_page_tree_pdf,
    huge_page_catalogue,
    page_tree_loop_pdf,
)

PEAK = """
import resource, subprocess, sys, time
started = time.monotonic()
try:
    done = subprocess.run(sys.argv[2:], capture_output=True, text=True, timeout=float(sys.argv[1]))
    code, last = done.returncode, (done.stderr.strip().splitlines() or [""])[-1]
except subprocess.TimeoutExpired:
    code, last = None, "still running: stopped"
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
print(code, round(time.monotonic() - started, 1), peak)
print(last)
"""


def measure(code_root: Path, argv: Sequence[str], limit: float) -> tuple[str, float, int, str]:
    """Exit code, seconds and peak KB of `catalogue ARGV` run with the code in `code_root`."""
    env = {**os.environ, "PYTHONPATH": str(code_root)}
    command = [sys.executable, "-m", "extract.cli", *argv]
    done = subprocess.run(
        [sys.executable, "-c", PEAK, str(limit), *command],
        capture_output=True,
        text=True,
        cwd=code_root,
        env=env,
        check=True,
    )
    first, last = done.stdout.splitlines()[:2]
    code, seconds, peak = first.split()
    return code, float(seconds), int(peak), last


def long_descriptions(folder: Path, words: int) -> tuple[Path, Path]:
    """Two catalogue.json of the 2021 extraction, the first description `words` words long
    and changed all through in the second."""
    data = json.loads((ROOT / "output" / "ess-pvd-2021" / "catalogue.json").read_text("utf-8"))
    paths = []
    for name, pair in (("old", ("a", "b")), ("new", ("b", "a"))):
        data["resources"][0]["description"] = " ".join(pair * (words // 2))
        path = folder / f"{name}.json"
        path.write_text(json.dumps(data), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


def main(args: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--base", type=Path, help="an older checkout to compare with")
    parser.add_argument("--limit", type=float, default=300.0, help="seconds per command")
    options = parser.parse_args(args)
    roots = {"now": ROOT, **({"base": options.base.resolve()} if options.base else {})}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        builders: dict[str, Callable[[], bytes]] = {
            "bomb": lambda: bloated_catalogue(1 << 30, page=5),
            "huge": huge_page_catalogue,
            "loop": page_tree_loop_pdf,
            "deep": deep_page_tree_pdf,
        }
        runs: list[tuple[str, list[str]]] = []
        for name, build in builders.items():
            pdf = folder / f"{name}.pdf"
            started = time.process_time()
            pdf.write_bytes(build())
            print(
                f"built {name}.pdf: {pdf.stat().st_size:,} bytes "
                f"({time.process_time() - started:.1f} s)",
                file=sys.stderr,
            )
            for command in ("extract", "review"):
                runs.append((f"{command} {name}", [command, str(pdf), "-o", str(folder / "out")]))
        old, new = long_descriptions(folder, 20_000)
        runs.append(("diff 20k words", ["diff", str(old), str(new)]))
        print(f"{'run':<18} {'code':>8} {'exit':>5} {'seconds':>8} {'peak MB':>8}  last line")
        for label, argv in runs:
            for code_name, root in roots.items():
                code, seconds, peak, last = measure(root, argv, options.limit)
                print(
                    f"{label:<18} {code_name:>8} {code:>5} {seconds:>8.1f} "
                    f"{peak / 1024:>8.0f}  {last[:90]}",
                    flush=True,
                )


if __name__ == "__main__":
    main()
