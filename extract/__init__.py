"""Extract the ESS resource catalogue: PDF → validated resources → JSON, CSV and a workbook.

The folders are the stages, in the order the data flows (`pipeline.extract_pdf` runs them):

    readers/     1. read      PDF → each page's styled characters and link annotations
    layout/      2. layout    characters → lines → page layouts; the design learnt from them
    cards/       3. cards     page layouts → resources, with their links paired
    validate.py  4. validate  resources → the pydantic `Catalogue`, with located warnings
    corrections/              a person's corrections file, applied to the validated `Catalogue`
    write/       5. write     catalogue.json, cards.csv, cards.xlsx, datapackage.json

Beside them, what reads those outputs: `diff/` (what changed between two editions),
`review/` (a page to check an extraction by eye), `linkcheck/` (which links still work) and
`history/` (every edition in one SQLite database);
`commands/` and `cli.py` are the thin `catalogue` command over all of it. The base every layer
shares is `document.py` (what a reader gives), `text.py` (the catalogue's text conventions),
`errors.py` and `signals.py`. Imports point one way, from the commands down to the base
(`tests/test_architecture.py`).

    >>> from extract import CatalogueError, extract_pdf, read_cards, write_catalogue
    >>> catalogue = extract_pdf("samples/ess-pvd-2021.pdf")   # a `Catalogue`
    >>> cards = catalogue.to_dataframe()                      # the frame read_cards gives
    >>> paths = write_catalogue(catalogue, "output/ess-pvd-2021")   # as `catalogue extract`
    >>> cards = read_cards("output/ess-pvd-2021")             # a pandas DataFrame

The errors (`CatalogueError` and its kinds, each with its `ExitCode`) come from `errors.py`.
Everything here is imported on first use, so that the `catalogue` command, which imports this
package before it can take care of Ctrl-C, does not pay for the pipeline or pandas at every
start. (The function is `write_catalogue`, not `write`: `extract.write` is the write stage's
package.) See docs/python.md.
"""

from __future__ import annotations

from importlib import import_module

# Not `typing.TYPE_CHECKING`: the `catalogue` command imports this package before it can take
# care of Ctrl-C, so the package imports as little as it can (mypy reads this name the same).
TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any

    from extract.errors import (
        CatalogueError,
        DesignError,
        Encrypted,
        ExitCode,
        InputNotFound,
        InternalError,
        NotACatalogue,
        NotAPdf,
        NoTextLayer,
        OutputError,
        TimeLimit,
    )
    from extract.pipeline import extract_pdf
    from extract.write.files import write_catalogue
    from extract.write.frames import read_cards, read_changes

# The package's version, read from here by pyproject.toml: asking the installed metadata for it
# (importlib.metadata) cost every run of the command a twentieth of a second before its first page.
__version__ = "0.1.0"

__all__ = [
    "CatalogueError",
    "DesignError",
    "Encrypted",
    "ExitCode",
    "InputNotFound",
    "InternalError",
    "NoTextLayer",
    "NotACatalogue",
    "NotAPdf",
    "OutputError",
    "TimeLimit",
    "__version__",
    "extract_pdf",
    "read_cards",
    "read_changes",
    "write_catalogue",
]

_LAZY = {
    "extract_pdf": "extract.pipeline",
    "read_cards": "extract.write.frames",
    "read_changes": "extract.write.frames",
    "write_catalogue": "extract.write.files",
    # The errors, each with its exit code (`ExitCode`).
    **dict.fromkeys((name for name in __all__ if name[0].isupper()), "extract.errors"),
}


def __getattr__(name: str) -> Any:
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
