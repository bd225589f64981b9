"""Mutated catalogues: no traceback, no hang, and no wrong data without a warning.

A fixed-seed generator damages the bytes of a good catalogue PDF in several ways (flipped bytes,
overwritten spans, insertions, deletions, changed digits, duplicated chunks, truncation); each
mutant goes through the real command, under the per-document time limit and a harder limit on
the process. Every run must end with a documented exit code and either one clean error line or
outputs; and a run that succeeds with no warning must give exactly the intact file's records.
Both readers are run: each must notice the damage it reads past.

More mutants: `FUZZ_COUNT=400 FUZZ_SEED=7 .venv/bin/pytest tests/test_fuzz.py`.
"""

from __future__ import annotations

import json
import os
import random
import subprocess
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from extract.errors import ExitCode
from extract.readers import READERS
from tests.hostile_files import Run, catalogue_pdf, run_cli

COUNT = int(os.environ.get("FUZZ_COUNT", "40"))
SEED = int(os.environ.get("FUZZ_SEED", "20261126"))
TIME_LIMIT = 20  # --timeout: the command's own limit
HARD_LIMIT = 90  # the subprocess is killed past this: a hang the time limit did not stop
# What a damaged file may honestly give (a flipped byte can even add an /Encrypt entry).
ALLOWED = {
    ExitCode.OK,
    ExitCode.NOT_A_PDF,
    ExitCode.NO_TEXT,
    ExitCode.NOT_A_CATALOGUE,
    ExitCode.TIMEOUT,
    ExitCode.ENCRYPTED,
}

Mutation = Callable[[random.Random, bytearray], bytearray]


def _flip(rng: random.Random, data: bytearray) -> bytearray:
    for _ in range(rng.randint(1, 20)):
        data[rng.randrange(len(data))] = rng.randrange(256)
    return data


def _overwrite(rng: random.Random, data: bytearray) -> bytearray:
    at, n = rng.randrange(len(data)), rng.randint(1, 400)
    data[at : at + n] = rng.randbytes(n)
    return data


def _insert(rng: random.Random, data: bytearray) -> bytearray:
    at = rng.randrange(len(data))
    data[at:at] = rng.randbytes(rng.randint(1, 200))
    return data


def _delete(rng: random.Random, data: bytearray) -> bytearray:
    at = rng.randrange(len(data))
    del data[at : at + rng.randint(1, 2000)]
    return data


def _digits(rng: random.Random, data: bytearray) -> bytearray:
    """Change digits: object numbers, offsets, lengths, coordinates, the xref table."""
    where = [i for i, b in enumerate(data) if 0x30 <= b <= 0x39]
    for _ in range(rng.randint(1, 30)):
        data[rng.choice(where)] = rng.randrange(0x30, 0x3A)
    return data


def _duplicate(rng: random.Random, data: bytearray) -> bytearray:
    at = rng.randrange(len(data))
    data[at:at] = data[at : at + rng.randint(1, 3000)]
    return data


def _truncate(rng: random.Random, data: bytearray) -> bytearray:
    return data[: rng.randrange(len(data))]


MUTATIONS: dict[str, Mutation] = {
    "flip": _flip,
    "overwrite": _overwrite,
    "insert": _insert,
    "delete": _delete,
    "digits": _digits,
    "duplicate": _duplicate,
    "truncate": _truncate,
}


def mutants(count: int = COUNT, seed: int = SEED) -> list[tuple[str, bytes]]:
    """`count` damaged copies of the catalogue, every kind of damage in turn."""
    rng = random.Random(seed)
    base = catalogue_pdf()
    kinds = list(MUTATIONS)
    out = []
    for i in range(count):
        kind = kinds[i % len(kinds)]
        out.append((f"{i:03d}-{kind}", bytes(MUTATIONS[kind](rng, bytearray(base)))))
    return out


@pytest.fixture(scope="module")
def intact(tmp_path_factory: pytest.TempPathFactory) -> bytes:
    """cards.csv of the undamaged catalogue."""
    folder = tmp_path_factory.mktemp("intact")
    (folder / "catalogue.pdf").write_bytes(catalogue_pdf())
    run = run_cli(["extract", folder / "catalogue.pdf", "-o", folder / "out", "-q"])
    assert run.code == ExitCode.OK, run.stderr
    return (folder / "out" / "cards.csv").read_bytes()


def _check(name: str, pdf: Path, out: Path, run: Run, intact: bytes) -> list[str]:
    """What is wrong with one run (nothing, if it was clean)."""
    problems = []
    if "Traceback" in run.stderr:
        problems.append("traceback")
    if run.code not in ALLOWED:
        problems.append(f"exit {run.code}")
    if run.code == ExitCode.OK:
        if run.stderr:
            problems.append("output on stderr")
        catalogue = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
        if not catalogue["warnings"] and (out / "cards.csv").read_bytes() != intact:
            problems.append("records differ from the intact file's, with no warning")
    else:
        lines = run.stderr.splitlines()
        if len(lines) != 1 or not lines[0].startswith(f"catalogue: {pdf}: "):
            problems.append("not one error line naming the file")
        if out.exists():
            problems.append("output written")
    return [f"{name}: {p}\n    {run.stderr.strip()[:300]}" for p in problems]


@pytest.mark.parametrize("reader", READERS)
def test_mutated_catalogues_never_crash_hang_or_mislead(tmp_path, intact, reader):
    cases = mutants()

    def one(case: tuple[str, bytes]) -> list[str]:
        name, data = case
        pdf, out = tmp_path / f"{name}.pdf", tmp_path / f"out-{name}"
        pdf.write_bytes(data)
        try:
            run = run_cli(
                ["extract", pdf, "-o", out, "-q", "--timeout", str(TIME_LIMIT), "--reader", reader],
                timeout=HARD_LIMIT,
            )
        except subprocess.TimeoutExpired:
            return [f"{name}: still running after {HARD_LIMIT} s (--timeout {TIME_LIMIT})"]
        return _check(name, pdf, out, run, intact)

    with ThreadPoolExecutor(max_workers=2) as pool:
        problems = [p for found in pool.map(one, cases) for p in found]
    assert not problems, f"seed {SEED}, --reader {reader}:\n" + "\n".join(problems)


def test_the_mutants_are_damaged_and_reproducible():
    first, again = mutants(14), mutants(14)
    assert first == again
    base = catalogue_pdf()
    assert all(data != base for _, data in first)
    assert {name.split("-", 1)[1] for name, _ in first} == set(MUTATIONS)
