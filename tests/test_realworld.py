"""Every third-party PDF of the robustness corpus goes through `catalogue extract` cleanly.

The corpus (`../shared/realworld/`, see its MANIFEST.md) is not part of the repository: these
tests skip where it is absent. Each file is run through the real command, once as is and once
more with its password where the manifest gives one. No run may print a traceback; a refused
file gets one line and no output folder; and what each file gives (exit code and problem, or
resources and warnings) must match `tests/realworld_expected.json`. Every case runs with the
default reader and again with the reference reader (`--reader pdfplumber`).

After a deliberate change in behaviour, record the results again and review the diff:

    .venv/bin/python -m tests.test_realworld --record
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
from collections import Counter
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from tests.conftest import REALWORLD
from tests.hostile_files import Run, run_cli

EXPECTED = Path(__file__).with_name("realworld_expected.json")
# The user passwords the source repositories' own tests use (see the corpus manifest).
PASSWORDS = {
    "pdfplumber__password-example.pdf": "test",
    "pypdf__libreoffice-writer-password.pdf": "openpassword",
}
TIMEOUT = 60
REFERENCE = "--reader pdfplumber"
Outcome = dict[str, Any]


def cases(folder: Path = REALWORLD) -> dict[str, tuple[Path, list[str]]]:
    """Case name → (PDF, extra arguments): every PDF, and each known password, with the default
    reader and with the reference reader."""
    found: dict[str, tuple[Path, list[str]]] = {}
    for pdf in sorted(folder.glob("*.pdf")):
        variants: list[tuple[str, list[str]]] = [("", [])]
        if pdf.name in PASSWORDS:
            variants.append((" --password", ["--password", PASSWORDS[pdf.name]]))
        for label, extra in variants:
            found[pdf.name + label] = (pdf, extra)
            found[f"{pdf.name}{label} {REFERENCE}"] = (pdf, [*extra, *REFERENCE.split()])
    return found


def run_case(pdf: Path, extra: Sequence[str], out: Path) -> tuple[Outcome, Run]:
    run = run_cli(
        ["extract", pdf, "-o", out, "-q", "--timeout", str(TIMEOUT), *extra], timeout=TIMEOUT + 60
    )
    outcome: Outcome = {"exit": run.code}
    if run.code == 0:
        catalogue = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
        outcome["resources"] = len(catalogue["resources"])
        codes = Counter(w["code"] for w in catalogue["warnings"])
        outcome["warnings"] = dict(sorted(codes.items()))
    else:
        prefix = f"catalogue: {pdf}: "
        line = run.stderr.strip()
        outcome["problem"] = line[len(prefix) :] if line.startswith(prefix) else line
    return outcome, run


def run_all(scratch: Path, folder: Path = REALWORLD) -> dict[str, tuple[Outcome, Run, Path]]:
    """Every case, two at a time (each run is its own process); outputs go under `scratch`."""
    todo = cases(folder)

    def one(item: tuple[int, tuple[str, tuple[Path, list[str]]]]) -> tuple[str, Outcome, Run, Path]:
        index, (name, (pdf, extra)) = item
        out = scratch / f"out-{index}"
        outcome, run = run_case(pdf, extra, out)
        return name, outcome, run, out

    with ThreadPoolExecutor(max_workers=2) as pool:
        done = list(pool.map(one, enumerate(todo.items())))
    return {name: (outcome, run, out) for name, outcome, run, out in done}


def load_expected() -> dict[str, Outcome]:
    if not EXPECTED.exists():  # nothing recorded yet: the coverage test says how to record
        return {}
    expected: dict[str, Outcome] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return expected


def _gist(problem: str) -> str:
    """The problem without the library's own words in brackets, which change with its version."""
    return problem.split(" (", 1)[0]


# ---------------------------------------------------------------------------------------------

needs_corpus = pytest.mark.skipif(
    not REALWORLD.is_dir(),
    reason=f"{REALWORLD} is absent (third-party PDFs, not shipped with the repository)",
)


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> dict[str, tuple[Outcome, Run, Path]]:
    return run_all(tmp_path_factory.mktemp("realworld"))


@needs_corpus
def test_every_pdf_of_the_corpus_is_recorded():
    recorded, present = set(load_expected()), set(cases())
    assert present == recorded, (
        f"not recorded: {sorted(present - recorded)}; recorded but absent: "
        f"{sorted(recorded - present)}. Run: .venv/bin/python -m tests.test_realworld --record"
    )


@needs_corpus
@pytest.mark.parametrize("name", sorted(load_expected()))
def test_realworld_pdf(results, name):
    if name not in results:
        pytest.skip(f"{name} is not in {REALWORLD}")
    outcome, run, out = results[name]
    assert "Traceback" not in run.stderr, run.stderr
    assert run.stdout == ""
    if run.code == 0:
        assert run.stderr == ""
    else:
        assert len(run.stderr.splitlines()) == 1, run.stderr
        assert run.stderr.startswith(f"catalogue: {REALWORLD / name.split(' ')[0]}: ")
        assert not out.exists()
    want = load_expected()[name]
    if "problem" in want and "problem" in outcome:
        want, outcome = (
            want | {"problem": _gist(want["problem"])},
            outcome | {"problem": _gist(outcome["problem"])},
        )
    assert outcome == want


# ---------------------------------------------------------------------------------------------


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m tests.test_realworld",
        description=f"Run every PDF of {REALWORLD} through `catalogue extract` and print or "
        f"record what each gives in {EXPECTED.name}.",
    )
    parser.add_argument("--record", action="store_true", help=f"write {EXPECTED}")
    args = parser.parse_args(argv)
    if not REALWORLD.is_dir():
        print(f"{REALWORLD} is absent", file=sys.stderr)
        return 3
    with tempfile.TemporaryDirectory() as scratch:
        done = run_all(Path(scratch))
    outcomes = {name: outcome for name, (outcome, _, _) in sorted(done.items())}
    text = json.dumps(outcomes, ensure_ascii=False, indent=1) + "\n"
    if args.record:
        EXPECTED.write_text(text, encoding="utf-8")
        print(f"{len(outcomes)} results → {EXPECTED}", file=sys.stderr)
    else:
        sys.stdout.write(text)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
