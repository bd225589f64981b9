"""Tasks run in forked processes, a few at once, which a stop can end at any moment.

The pipeline reads a long document's page ranges this way, and a batch its documents. Each
task has a process of its own and a pipe for its result, read by the calling thread: no thread
is started. (`concurrent.futures.ProcessPoolExecutor` reads results in a thread of its own; when
a worker stopped mid-way through sending a large result, that thread waited for the rest for
ever, and the interpreter waited for the thread at exit: the run printed its last line and never
ended.) A stop (Ctrl-C, SIGTERM, the time limit, a task that failed) sends SIGTERM to every
running process, waits up to `stop_wait` seconds for those that answer it, kills the rest, and
only then raises.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import sys
import time
from collections import deque
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from typing import Any, Generic, TypeVar

from extract import signals

PR_SET_PDEATHSIG = 1  # prctl(2)

Task = TypeVar("Task")
Result = TypeVar("Result")


@dataclass(frozen=True)
class Died:
    """A process that ended without giving its result (killed, or crashed in native code)."""

    exitcode: int | None

    def describe(self) -> str:
        if self.exitcode is not None and self.exitcode < 0:
            return signal.Signals(-self.exitcode).name
        return f"exit status {self.exitcode}"


class TaskFailed(Exception):
    """A task raised an exception that could not be sent back as it was."""


def _die_with_parent(parent: int) -> None:
    """Ask Linux to end this process when its parent ends, however it ends (even killed)."""
    if not sys.platform.startswith("linux"):
        return
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # it ended before the request was made
        os._exit(1)


def context() -> Any:
    # Forking gives each task a process with everything already imported, at no start-up cost.
    method = "fork" if "fork" in multiprocessing.get_all_start_methods() else None
    return multiprocessing.get_context(method)


def _child(
    setup: Callable[[], None],
    work: Callable[[Any], Any],
    task: Any,
    conn: Any,
    inherited: Sequence[int],
    parent: int,
) -> None:
    """A task's process: forked with the stopping signals held, so none arrives before `setup`
    has put its handlers in place; the result, or what the task raised, goes back by `conn`.

    It closes the reading ends of the pipes it inherited (its own and those of the tasks
    running beside it): held open here, they would keep a process whose parent is gone waiting
    for ever to send a large result. And on Linux it dies with its parent."""
    for fd in inherited:
        with contextlib.suppress(OSError):
            os.close(fd)
    _die_with_parent(parent)
    try:
        setup()
        signals.release_inherited()
        message: tuple[bool, Any] = (True, work(task))
    except BaseException as exc:  # whatever it is, the caller hears of it
        message = (False, exc)
    try:
        conn.send(message)
    except Exception as exc:  # an unpicklable result or exception: say what it was
        conn.send((False, TaskFailed(f"{type(exc).__name__}: {exc}")))
    conn.close()
    sys.stderr.flush()


class Processes(Generic[Task, Result]):
    """Run `work` on each task, each in a forked process, `workers` at once.

    `setup` runs first in each process (its signal handlers). `on_result(index, result)` is
    told of each result as it comes, in the calling process; a process that ends without a
    result gives `Died`. `results` holds what came, also after a stop."""

    def __init__(
        self,
        tasks: Sequence[Task],
        work: Callable[[Task], Result],
        workers: int,
        *,
        setup: Callable[[], None],
        stop_wait: float,
        on_result: Callable[[int, Result | Died], None] | None = None,
    ) -> None:
        self.tasks, self.work, self.setup = tasks, work, setup
        self.workers = max(1, workers)
        self.stop_wait = stop_wait
        self.on_result = on_result
        self.results: dict[int, Result | Died] = {}
        self.started: set[int] = set()
        self.running: dict[Connection, tuple[int, Any]] = {}
        self.context = context()

    def run(self) -> list[Result | Died]:
        """Every task's result, in the tasks' order. Whatever stops the run (an interrupt, the
        time limit, a task's exception, raised here again) ends every process first."""
        pending = deque(range(len(self.tasks)))
        try:
            while pending or self.running:
                while pending and len(self.running) < self.workers:
                    self._start(pending.popleft())
                for reader in wait(list(self.running)):
                    assert isinstance(reader, Connection)
                    self._finish(reader)
        except BaseException:
            with signals.deferred(signals.STOPPING):
                self.stop()
            raise
        return [self.results[i] for i in range(len(self.tasks))]

    def _start(self, index: int) -> None:
        reader, writer = self.context.Pipe(duplex=False)
        inherited = [reader.fileno(), *(r.fileno() for r in self.running)]
        process = self.context.Process(
            target=_child,
            args=(self.setup, self.work, self.tasks[index], writer, inherited, os.getpid()),
        )
        sys.stdout.flush()
        sys.stderr.flush()  # or the child would write the parent's buffered text again
        with signals.held():  # a process started but not on the list would be stopped by no one
            process.start()
            self.running[reader] = (index, process)
            self.started.add(index)
        writer.close()

    def _finish(self, reader: Connection) -> None:
        with signals.deferred(signals.STOPPING):  # a result received is never lost
            index, process = self.running.pop(reader)
            done, value = _receive(reader, process, self.stop_wait)
            self.results[index] = value
        if not done:
            raise value  # the task's own exception, in this process
        if self.on_result is not None:
            self.on_result(index, value)

    def stop(self) -> None:
        """Ask every running process to stop, wait up to `stop_wait` for those that answer,
        kill the others."""
        for _, process in self.running.values():
            if process.exitcode is None:
                process.terminate()
        deadline = time.monotonic() + self.stop_wait
        while self.running:
            ready = wait(list(self.running), timeout=max(0.0, deadline - time.monotonic()))
            if not ready:
                break
            for reader in ready:
                assert isinstance(reader, Connection)
                index, process = self.running.pop(reader)
                done, value = _receive(reader, process, self.stop_wait)
                if done:
                    self.results[index] = value
        for reader, (_, process) in list(self.running.items()):
            process.kill()
            process.join()
            reader.close()
        self.running.clear()


def _receive(reader: Connection, process: Any, stop_wait: float) -> tuple[bool, Any]:
    try:
        done, value = reader.recv()
    except (EOFError, OSError):
        done, value = True, Died(_join(process, stop_wait))
    else:
        _join(process, stop_wait)
    reader.close()
    return done, value


def _join(process: Any, timeout: float) -> int | None:
    process.join(timeout)
    if process.exitcode is None:
        process.kill()
        process.join()
    code: int | None = process.exitcode
    return code
