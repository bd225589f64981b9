"""Errors that stop an extraction, each with its documented exit code.

The CLI prints `catalogue: FILE: problem` on one line and exits with the code; nothing is
written. Warnings (things read with doubt) are not errors: they travel with the output.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path


class ExitCode(IntEnum):
    OK = 0
    WARNINGS = 1  # only with --strict: the extraction succeeded but produced warnings
    USAGE = 2
    NOT_FOUND = 3  # missing path, a directory, unreadable file
    NOT_A_PDF = 4  # not a PDF, or damaged beyond repair (truncated, broken cross-references)
    ENCRYPTED = 5  # encrypted and no password, or a wrong one
    NO_TEXT = 6  # pages without a text layer (scanned)
    NOT_A_CATALOGUE = 7  # a readable PDF with nothing that looks like a catalogue
    TIMEOUT = 8  # the per-document time limit ran out
    OUTPUT = 9  # the output folder cannot be written
    INTERNAL = 10  # a bug met on this file: one line here, the traceback with CATALOGUE_DEBUG=1
    INTERRUPTED = 130


class CatalogueError(Exception):
    """An extraction that cannot go on; `str()` is the one-line message."""

    code: ExitCode = ExitCode.NOT_A_PDF

    def __init__(self, path: Path | str, problem: str) -> None:
        super().__init__(f"{path}: {problem}")
        self.path = str(path)
        self.problem = problem

    def __reduce__(self) -> tuple[type[CatalogueError], tuple[str, str]]:
        # Sent back from a worker process as it was made, not from its one-line message.
        return (type(self), (self.path, self.problem))


class InputNotFound(CatalogueError):
    code = ExitCode.NOT_FOUND


class NotAPdf(CatalogueError):
    code = ExitCode.NOT_A_PDF


class Encrypted(CatalogueError):
    code = ExitCode.ENCRYPTED


class NoTextLayer(CatalogueError):
    code = ExitCode.NO_TEXT


class NotACatalogue(CatalogueError):
    code = ExitCode.NOT_A_CATALOGUE


class TimeLimit(CatalogueError):
    code = ExitCode.TIMEOUT


class OutputError(CatalogueError):
    code = ExitCode.OUTPUT


class InternalError(CatalogueError):
    code = ExitCode.INTERNAL


class DesignError(CatalogueError):
    """A `--design` file that cannot be used: a usage error, named by the file."""

    code = ExitCode.USAGE
