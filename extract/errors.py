"""Errors that stop an extraction, each with its documented exit code.

The CLI prints `catalogue: FILE: problem` on one line and exits with the code; nothing is
written. Warnings (things read with doubt) are not errors: they travel with the output.
"""

from __future__ import annotations

from enum import IntEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from pydantic import ValidationError

# Set, it makes a bug show its traceback instead of the one line (see `internal_error`).
DEBUG_VARIABLE = "CATALOGUE_DEBUG"


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
    INCOMPLETE = 11  # links: none known not to work, but some were not checked
    UNREACHABLE = 12  # links: nothing could be reached (no network, or offline with no cache)
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


def internal_error(path: Path | str, exc: BaseException, what: str = "file") -> InternalError:
    """A bug met on `path` (a PDF, or another `what`), as the one line that reports it."""
    text = " ".join(str(exc).split())
    detail = f": {text[:120]}" if text else ""
    return InternalError(
        path,
        f"internal error ({type(exc).__name__}{detail}); please report it with this {what} "
        f"({DEBUG_VARIABLE}=1 shows the traceback)",
    )


def validation_problem(exc: ValidationError) -> str:
    """The first thing wrong with a file a model refused, on one line: where, and what."""
    error = exc.errors()[0]
    where = ".".join(str(part) for part in error["loc"])
    # A rule of the model's own (a model validator) says it in its words, without pydantic's.
    ctx = error.get("ctx") or {}
    own = error["type"] == "value_error" and "error" in ctx
    message = str(ctx["error"]) if own else str(error["msg"])
    return f"{where}: {message}" if where else message


class DesignError(CatalogueError):
    """A `--design` file that cannot be used: a usage error, named by the file."""

    code = ExitCode.USAGE
