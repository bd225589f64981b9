"""Holding back the signals that stop a run (the time limit, Ctrl-C, SIGTERM) for a moment.

The time limit is an alarm whose handler raises wherever the main thread is. Some steps must
not be cut in two: a worker process forked but not yet on the pool's list (nobody would stop
it, and the interpreter would wait for it at exit for ever), a native object made but not yet
held by a name (nobody would close it). Held back, the signal takes effect as soon as the step
is done.
"""

from __future__ import annotations

import signal
from collections.abc import Iterator
from contextlib import contextmanager

STOPPING = frozenset({signal.SIGALRM, signal.SIGINT, signal.SIGTERM})
# A person's or a batch's request to stop, without the time limit.
INTERRUPTS = frozenset({signal.SIGINT, signal.SIGTERM})


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
    """In a process forked while they were held: take the stopping signals again."""
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, STOPPING)
