"""`--jobs`: pages read in several processes give the same files as one process."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from extract.cli import main
from extract.pipeline import (
    AUTO,
    AUTO_JOBS_FROM_PAGES,
    AUTO_JOBS_MAX,
    cpu_count,
    parse_jobs,
    resolve_jobs,
)
from extract.readers import READERS
from extract.write.files import OUTPUT_NAMES
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "ess-pvd-2021.pdf"


def outputs(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.fixture(scope="module")
def extracted(tmp_path_factory: pytest.TempPathFactory) -> dict[tuple[str, str], dict[str, bytes]]:
    found = {}
    for reader in READERS:
        for jobs in ("1", "2", AUTO):
            out = tmp_path_factory.mktemp(f"{reader}-{jobs}")
            code = main(
                [
                    "extract",
                    str(SAMPLE),
                    "-o",
                    str(out),
                    "-q",
                    "--timeout",
                    "0",
                    "--reader",
                    reader,
                    "--jobs",
                    jobs,
                ]
            )
            assert code == 0
            found[reader, jobs] = outputs(out)
    return found


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("jobs", ["2", AUTO])
def test_jobs_give_the_files_of_one_process(
    extracted: dict[tuple[str, str], dict[str, bytes]], reader: str, jobs: str
) -> None:
    one = extracted[reader, "1"]
    assert set(one) == set(OUTPUT_NAMES)
    assert extracted[reader, jobs] == one


def test_readers_give_the_same_files_whatever_the_jobs(
    extracted: dict[tuple[str, str], dict[str, bytes]],
) -> None:
    assert len({repr(sorted(files.items())) for files in extracted.values()}) == 1


def test_auto_is_one_process_on_short_documents_and_one_per_core_on_long_ones() -> None:
    assert resolve_jobs(AUTO, 1) == 1
    assert resolve_jobs(AUTO, AUTO_JOBS_FROM_PAGES - 1) == 1
    assert resolve_jobs(AUTO, 1000) == min(cpu_count(), AUTO_JOBS_MAX)
    assert resolve_jobs(3, 1) == 3


@pytest.mark.parametrize(("text", "jobs"), [("auto", AUTO), ("AUTO", AUTO), ("1", 1), ("2", 2)])
def test_jobs_option_values(text: str, jobs: object) -> None:
    assert parse_jobs(text) == jobs


@pytest.mark.parametrize("text", ["0", "-1", "two", ""])
def test_bad_jobs_are_refused_with_a_usage_error(
    text: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(ValueError):
        parse_jobs(text)
    with pytest.raises(SystemExit) as exit_:
        main(["extract", str(SAMPLE), "--jobs", text])
    assert exit_.value.code == 2
    assert "--jobs" in capsys.readouterr().err


# A time limit that rings while the pool starts: a worker forked, not yet on the pool's list.
RING_WHILE_STARTING = """
import signal, sys, time
import multiprocessing.process
from collections.abc import Iterator
from pathlib import Path
from extract.errors import TimeLimit
from extract.pipeline import read_document

start = multiprocessing.process.BaseProcess.start

def slow_start(self):
    start(self)
    if multiprocessing.current_process().name == "MainProcess":
        signal.setitimer(signal.ITIMER_REAL, 0.01, 1.0)
        time.sleep(0.3)  # the alarm rings here, unless it is held back

def ring(signum, frame):
    raise TimeLimit(sys.argv[1], "time limit")

multiprocessing.process.BaseProcess.start = slow_start
signal.signal(signal.SIGALRM, ring)
try:
    read_document(Path(sys.argv[1]), reader="pdfium", jobs=2)
except TimeLimit:
    print("stopped")
"""


def test_a_time_limit_while_the_workers_start_leaves_none_behind(tmp_path):
    """Otherwise the forked worker is stopped by no one, and the interpreter waits for it at
    exit for ever."""
    pdf = tmp_path / "sample.pdf"
    pdf.write_bytes(SAMPLE.read_bytes())
    run = subprocess.run(
        [sys.executable, "-c", RING_WHILE_STARTING, str(pdf)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert run.stdout.strip() == "stopped", run.stderr
    assert run.returncode == 0, run.stderr


def test_a_stop_request_met_in_a_library_s_clean_up_stops_the_run(monkeypatch, tmp_path):
    """An interrupted read leaves a memory map that cannot close: the library's error, raised
    while the interrupt was handled, is no damaged page to skip: the run stops."""
    import extract.pipeline as pipeline

    class Pages:
        def __init__(self) -> None:
            self.info = lambda: None

        def __enter__(self) -> Pages:
            return self

        def __exit__(self, *exc: object) -> None:
            return None

        def pages(self, numbers: range) -> Iterator[object]:
            if numbers.start == 0:  # the first page's read is interrupted; the others are none
                try:
                    raise KeyboardInterrupt
                except KeyboardInterrupt:
                    raise BufferError("cannot close exported pointers exist") from None
            yield from ()

    monkeypatch.setattr(pipeline, "open_pdf", lambda *a, **k: Pages())
    with pytest.raises(KeyboardInterrupt):
        pipeline._read_range(tmp_path / "x.pdf", None, "pdfium", 0, 3)
