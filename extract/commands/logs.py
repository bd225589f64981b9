"""What `catalogue extract` tells, and where: on stderr as asked (`-q`, `-v`), and in a log file.

- `say`: what a run always tells (a summary, a file's outcome, the batch's table); not with -q;
- `detail`: with -v only: each file as it starts, with the settings, and each of its warnings;
- `record`: what is said elsewhere (the one line of a refusal, printed by `extract.cli`).

With `--log-file FILE`, all of them are appended to FILE, each line stamped with the time and
the process, whatever -q and -v say: a long batch left to run keeps its whole account there.
A line goes to the file in one write, the file opened for appending, so the lines of files
read side by side, each in its own process, never run into each other.
"""

from __future__ import annotations

import contextlib
import os
import sys
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from extract.errors import OutputError
from schemas.models import Catalogue


@dataclass(frozen=True)
class RunLog:
    verbose: bool = False
    quiet: bool = False
    fd: int | None = None  # the log file, opened for appending

    @classmethod
    def open(cls, path: Path | None, *, verbose: bool = False, quiet: bool = False) -> RunLog:
        """The run's log; an `OutputError` when the log file cannot be written."""
        if path is None:
            return cls(verbose, quiet)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
        except OSError as exc:
            raise OutputError(path, f"cannot be written ({exc.strerror or exc})") from None
        return cls(verbose, quiet, fd)

    def say(self, text: str, *, error: bool = False) -> None:
        """A line the run tells (an error, even with -q)."""
        if error or not self.quiet:
            print(text, file=sys.stderr, flush=True)
        self.record(text)

    def detail(self, text: str) -> None:
        if self.verbose:
            print(text, file=sys.stderr, flush=True)
        self.record(text)

    def record(self, text: str) -> None:
        """`text` in the log file only."""
        if self.fd is None:
            return
        stamp = f"{datetime.now().isoformat(timespec='seconds')} [{os.getpid()}]"
        lines = "".join(f"{stamp} {line}\n" for line in text.splitlines())
        # A full disk must not cost the run its outputs: the log is a side account.
        with contextlib.suppress(OSError):
            os.write(self.fd, lines.encode("utf-8", "backslashreplace"))


def warning_lines(catalogue: Catalogue) -> str:
    """Each warning on a line: where (page, card) and what."""
    lines = []
    for w in catalogue.warnings:
        where = ", ".join(
            part for part in (f"page {w.page}" if w.page else "", w.card_id or "") if part
        )
        lines.append(f"  {w.code}{f' ({where})' if where else ''}: {w.message}")
    return "\n".join(lines)
