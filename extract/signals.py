"""Stop requests (Ctrl-C, SIGTERM) and the time limit: when they act, and when they wait.

A run can be asked to stop at any moment, and must then end within seconds with its previous
outputs as they were. Three tools, each for its own kind of moment:

- `stop_requests()`: while a command runs, the first Ctrl-C or SIGTERM raises
  `KeyboardInterrupt` wherever the main thread is; later ones are only noted, so the clean-up
  that follows is never cut short, and `check()` raises again at safe points for a request that
  library code caught and dropped. Once `too_late()` is called (the new outputs are in place),
  a request changes nothing: the run ends as if it had not come.
- `deferred()`: a step that must not be cut in two at the Python level (renaming a set of
  outputs, importing a native extension, which aborts the process if an exception is raised
  inside its initialisation): stop requests are noted for the whole process and acted on once
  the step is done.
- `held()`: a step that must not be cut in two at the level of the operating system (a process
  forked but not yet on the list of those to stop, a native object made but not yet named): the
  signals are blocked for the calling thread and for the processes it forks meanwhile, which
  take them again with `release_inherited()`.
"""

from __future__ import annotations

import signal
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from types import FrameType

STOPPING = frozenset({signal.SIGALRM, signal.SIGINT, signal.SIGTERM})
# A person's or a batch's request to stop, without the time limit.
INTERRUPTS = frozenset({signal.SIGINT, signal.SIGTERM})

Handler = Callable[[int, FrameType | None], object] | int | signal.Handlers | None


class _Requests:
    """What has been asked of this process: a stop, and whether it can still be honoured."""

    requested = False
    late = False


_requests = _Requests()


def _request_stop(signum: int, frame: FrameType | None) -> None:
    if _requests.requested or _requests.late:
        return
    _requests.requested = True
    raise KeyboardInterrupt


@contextmanager
def stop_requests(which: frozenset[int] = INTERRUPTS) -> Iterator[None]:
    """Ctrl-C and SIGTERM (or `which` of them) stop the run, once (see the module's doc)."""
    _requests.requested = _requests.late = False
    previous = {s: signal.signal(s, _request_stop) for s in sorted(which)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)


def install_stop_requests(which: frozenset[int] = INTERRUPTS) -> None:
    """`stop_requests` for the rest of the process (a forked worker, the command's entry)."""
    _requests.requested = _requests.late = False
    for number in sorted(which):
        signal.signal(number, _request_stop)


def check() -> None:
    """Raise `KeyboardInterrupt` if a stop was asked for and can still be honoured: library
    code that catches every exception may have dropped the one the request raised."""
    if _requests.requested and not _requests.late:
        raise KeyboardInterrupt


def too_late() -> None:
    """The run's outputs are in place: a stop request from now on changes nothing."""
    _requests.late = True


def stop_requested() -> bool:
    return _requests.requested and not _requests.late


@contextmanager
def deferred(which: frozenset[int] = INTERRUPTS) -> Iterator[None]:
    """Note the stop requests that arrive during the block, then act on the first of them as
    it would have been acted on.

    Python runs signal handlers in the main thread whichever thread the signal reached, so
    noting them in handlers (rather than blocking them, which covers one thread) holds them for
    the whole process. Outside the main thread handlers cannot be set: there, nothing to do.
    """
    import threading  # here: the command imports this module before it can take care of Ctrl-C

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    arrived: list[int] = []

    def note(signum: int, frame: FrameType | None) -> None:
        arrived.append(signum)

    previous: dict[int, Handler] = {s: signal.signal(s, note) for s in sorted(which)}
    try:
        yield
    finally:
        for number, handler in previous.items():
            signal.signal(number, handler)
        for number in arrived[:1]:
            handler = previous[number]
            if callable(handler):
                handler(number, None)
            elif handler == signal.SIG_DFL:
                signal.raise_signal(number)


@contextmanager
def held(which: frozenset[int] = STOPPING) -> Iterator[None]:
    """The stopping signals (or `which` of them) blocked for the calling thread (and the
    threads and processes it starts meanwhile, which inherit its mask: see
    `release_inherited`)."""
    if not hasattr(signal, "pthread_sigmask"):
        yield
        return
    previous = signal.pthread_sigmask(signal.SIG_BLOCK, which)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, previous)


def release_inherited() -> None:
    """In a process forked while they were held (or started with them blocked): take the
    stopping signals again; one that came meanwhile is acted on now."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)


def block_for_exit() -> None:
    """Block the stop requests for good: the process is ending, and its exit must not be cut."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_BLOCK, INTERRUPTS)
