"""Ctrl-C or SIGTERM at any moment of a run, from its first line to its last write, while the
machine is busy: the run ends within seconds, with one line and exit code 130, and leaves the
previous outputs; or, when the signal came once the new outputs were in place, it ends as a
finished run (exit 0) with the new outputs whole. Never a hang, a traceback or an abort, never
a mixed set of files.

The command is started with the stopping signals blocked, as `catalogue` takes them at its first
line: what happens before that line is the interpreter's own start (about 30 ms after exec,
where Python answers a Ctrl-C itself; see docs/robustness.md). The moments are spread evenly over
a whole run (stratified, drawn from the suite's seed): `make test` sends a few per scenario,
`make test-long` many more.
"""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

from extract.errors import ExitCode
from tests.conftest import PROFILE, ROOT, SAMPLES, SEED
from tests.hostile_files import CLI, snapshot

INTERRUPTED = "catalogue: interrupted; previous outputs left as they were"
# Runs per scenario and signal, and busy processes beside them, by profile.
RUNS = {"default": 4, "long": 60, "quick": 2}[PROFILE]
BUSY = {"default": 1, "long": os.cpu_count() or 2, "quick": 1}[PROFILE]
# A run that has not ended this long after the signal hangs (a run takes about 1-3 s here).
HANG = 60.0
NAMES = ("ess-pvd-2021", "ess-pvd-2022")
COMMITTED = ROOT / "output"
NEVER = ("Traceback", "Fatal Python error", "Exception ignored", "nanobind", "Abort")


@dataclass(frozen=True)
class Scenario:
    name: str
    args: tuple[str, ...]
    pdfs: tuple[str, ...]  # the samples it reads, each into OUT/<name>/ (one: into OUT/)

    def command(self, out: Path) -> list[str]:
        pdfs = [str(SAMPLES / f"{name}.pdf") for name in self.pdfs]
        return [*CLI, "extract", *pdfs, "-o", str(out), "--timeout", "0", *self.args]

    def folders(self, out: Path) -> dict[str, Path]:
        if len(self.pdfs) == 1:
            return {self.pdfs[0]: out}
        return {name: out / name for name in self.pdfs}


SCENARIOS = [
    Scenario("--jobs 1", ("--jobs", "1"), ("ess-pvd-2021",)),
    Scenario("--jobs 2", ("--jobs", "2"), ("ess-pvd-2021",)),
    Scenario("batch --jobs 2", ("--jobs", "2"), NAMES),
]
SIGNALS = {"Ctrl-C": signal.SIGINT, "SIGTERM": signal.SIGTERM}


@pytest.fixture(scope="module")
def busy() -> Iterator[None]:
    """Processes that keep the cores busy while the runs are interrupted."""
    spinners = [subprocess.Popen([sys.executable, "-c", "while True: pass"]) for _ in range(BUSY)]
    try:
        yield
    finally:
        for spinner in spinners:
            spinner.kill()
            spinner.wait()


@contextmanager
def stopping_signals_blocked() -> Iterator[None]:
    """Processes started meanwhile start with SIGINT and SIGTERM blocked (an inherited mask)."""
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def committed(name: str) -> dict[str, bytes]:
    return snapshot(COMMITTED / name)


def previous_of(name: str) -> dict[str, bytes]:
    """What a folder holds before the run: the other sample's outputs, so old and new differ."""
    other = NAMES[1 - NAMES.index(name)]
    return committed(other)


def prepare(scenario: Scenario, out: Path) -> None:
    for name, folder in scenario.folders(out).items():
        folder.mkdir(parents=True, exist_ok=True)
        for file, data in previous_of(name).items():
            (folder / file).write_bytes(data)


@dataclass(frozen=True)
class Ending:
    code: int
    stderr: str
    seconds_after_signal: float


def interrupt(scenario: Scenario, out: Path, how: signal.Signals, delay: float) -> Ending:
    """Start the run, send `how` after `delay` seconds (Ctrl-C goes to the whole group, as a
    terminal sends it), and wait for the end."""
    with stopping_signals_blocked():
        process = subprocess.Popen(
            scenario.command(out),
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
        )
    try:
        time.sleep(delay)
        sent = time.monotonic()
        try:
            if how == signal.SIGINT:
                os.killpg(process.pid, how)
            else:
                process.send_signal(how)
        except ProcessLookupError:  # it had ended already
            pass
        _, err = process.communicate(timeout=HANG)
        return Ending(process.returncode, err, time.monotonic() - sent)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()


def check(scenario: Scenario, out: Path, ending: Ending, delay: float) -> None:
    said = f"signal after {delay:.3f} s:\n{ending.stderr}"
    assert ending.code in (ExitCode.OK, ExitCode.INTERRUPTED), said  # never killed (< 0)
    if delay == 0:  # before the command's first line: it must stop all the same
        assert ending.code == ExitCode.INTERRUPTED, said
    assert not any(word in ending.stderr for word in NEVER), said
    lines = ending.stderr.splitlines()
    if ending.code == ExitCode.INTERRUPTED:
        assert lines[-1] == INTERRUPTED, said
        assert lines.count(INTERRUPTED) == 1, said
    else:
        assert INTERRUPTED not in ending.stderr, said
    for name, folder in scenario.folders(out).items():
        found = snapshot(folder)
        if ending.code == ExitCode.OK or (len(scenario.pdfs) > 1 and found != previous_of(name)):
            # Finished before the signal could stop it: the whole new set (in a batch, a file
            # may end before the others are stopped).
            assert found == committed(name), f"{name}: neither the old nor the new set; {said}"
        else:
            assert found == previous_of(name), f"{name}: previous outputs changed; {said}"


def delays(span: float, runs: int, rng: random.Random) -> list[float]:
    """At once (the signal waits, blocked, for the command's first line), then one moment in
    each of `runs` equal slices of [0, span]: the whole run is covered."""
    return [0.0] + [(i + rng.random()) * span / runs for i in range(runs)]


@pytest.mark.parametrize("how", list(SIGNALS), ids=list(SIGNALS))
@pytest.mark.parametrize("scenario", SCENARIOS, ids=[s.name for s in SCENARIOS])
def test_a_stop_at_any_moment_ends_the_run_cleanly(tmp_path, busy, scenario, how):
    # How long a whole run takes on this machine, now: its outputs are the new set.
    whole = tmp_path / "whole"
    prepare(scenario, whole)
    started = time.monotonic()
    done = subprocess.run(
        scenario.command(whole), cwd=ROOT, capture_output=True, text=True, timeout=300
    )
    span = (time.monotonic() - started) * 1.1
    assert done.returncode == 0, done.stderr
    for name, folder in scenario.folders(whole).items():
        assert snapshot(folder) == committed(name)
    rng = random.Random(f"{SEED}-{scenario.name}-{how}")
    for i, delay in enumerate(delays(span, RUNS, rng)):
        out = tmp_path / f"run-{i}"
        prepare(scenario, out)
        ending = interrupt(scenario, out, SIGNALS[how], delay)
        check(scenario, out, ending, delay)
        leftovers = [p.name for p in out.rglob(".*.tmp")]
        assert leftovers == [], leftovers


# ---------------------------------------------------------------------------------------------
# The worker processes: stopped while one is sending a large result.

STOP_WHILE_SENDING = """
import multiprocessing, signal, sys, threading
from extract.processes import Processes


def big(size):
    return b"x" * size


def setup():
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


def ring(signum, frame):
    raise KeyboardInterrupt


signal.signal(signal.SIGALRM, ring)
signal.setitimer(signal.ITIMER_REAL, float(sys.argv[1]))
try:
    Processes([300_000_000] * 2, big, 2, setup=setup, stop_wait=5.0).run()
    print("finished")
except KeyboardInterrupt:
    print("stopped")
print(threading.active_count(), len(multiprocessing.active_children()))
"""


@pytest.mark.parametrize("after", [0.05, 0.3, 0.6, 0.9])
def test_workers_stopped_mid_way_through_a_large_result_leave_nothing_to_wait_for(after):
    """The hang of a pool that reads results in a thread of its own: a worker stopped while it
    sends a large result left that thread waiting for the rest, and the interpreter waited for
    the thread at exit. Here the process ends, with no thread and no child left."""
    done = subprocess.run(
        [sys.executable, "-c", STOP_WHILE_SENDING, str(after)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=HANG,
    )
    assert done.returncode == 0, done.stderr
    said, threads_and_children = done.stdout.splitlines()
    assert said in ("stopped", "finished")
    assert threads_and_children == "1 0"
    assert done.stderr == ""


ORPHANS = """
import os, signal, sys
from pathlib import Path
from extract.processes import Processes


def big(size):
    Path(sys.argv[1], str(os.getpid())).touch()
    return b"x" * size


def setup():
    signal.signal(signal.SIGTERM, signal.SIG_DFL)


Processes([300_000_000] * 2, big, 2, setup=setup, stop_wait=5.0).run()
"""


def _gone(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (FileNotFoundError, ProcessLookupError):
        return True
    return state in ("Z", "X")  # ended, waiting for a parent to read its status


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl are Linux's")
def test_workers_end_with_a_parent_that_was_killed(tmp_path):
    """A parent killed outright (SIGKILL: no clean-up) leaves no worker waiting for ever to send
    its result through a pipe nobody reads."""
    parent = subprocess.Popen([sys.executable, "-c", ORPHANS, str(tmp_path)], cwd=ROOT)
    try:
        deadline = time.monotonic() + HANG
        while len(list(tmp_path.iterdir())) < 2 and time.monotonic() < deadline:
            time.sleep(0.05)
        workers = [int(p.name) for p in tmp_path.iterdir()]
        assert len(workers) == 2
    finally:
        parent.kill()
        parent.wait()
    deadline = time.monotonic() + HANG
    while not all(_gone(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert all(_gone(pid) for pid in workers)
