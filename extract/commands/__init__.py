"""The subcommands: name → module, in the order `catalogue --help` lists them.

Modules are imported only when needed, so `catalogue extract` does not pay for the imports of
`diff` (rapidfuzz) and `review` at every start.
"""

from __future__ import annotations

import importlib
from pathlib import Path
from types import ModuleType

COMMANDS: dict[str, str] = {
    "extract": "extract.commands.extract",
    "diff": "extract.commands.diff",
    "review": "extract.commands.review",
    "links": "extract.commands.links",
    "history": "extract.commands.history",
    "schema": "extract.commands.schema",
}


# Each command's reference pages: docs/ of the source tree (README.md links them), installed
# with the package as extract/reference/ (pyproject.toml).
DOCS: dict[str, tuple[str, ...]] = {
    "extract": (
        "outputs.md",
        "warnings.md",
        "exit-codes.md",
        "robustness.md",
        "batch.md",
        "designs.md",
        "corrections.md",
    ),
    "diff": ("diff.md", "exit-codes.md"),
    "review": ("review.md", "exit-codes.md", "robustness.md"),
    "links": ("links.md",),
    "history": ("history.md",),
    "schema": ("outputs.md",),
}


def reference_folder() -> Path | None:
    """Where the reference pages are: installed with the package, or the source tree's docs/
    when the package runs from its source (an editable install)."""
    package = Path(__file__).resolve().parent.parent
    for folder in (package / "reference", package.parent / "docs"):
        if (folder / "outputs.md").is_file():
            return folder
    return None


def reference_footer(name: str) -> str | None:
    """The line that ends `catalogue NAME --help`: the reference pages, where they are here."""
    pages = DOCS.get(name, ())
    if not pages:
        return None
    folder = reference_folder()
    where = f"in {folder}/" if folder is not None else "in docs/ of the source distribution"
    return f"Reference (Markdown): {', '.join(pages)}, {where}"


def modules(only: str | None = None) -> list[ModuleType]:
    """The module of command `only`, or of every command when it is None or unknown."""
    names = [COMMANDS[only]] if only in COMMANDS else list(COMMANDS.values())
    return [importlib.import_module(name) for name in names]
