"""The subcommands: name → module, in the order `catalogue --help` lists them.

Modules are imported only when needed, so `catalogue extract` does not pay for the imports of
`diff` (rapidfuzz) and `review` at every start.
"""

from __future__ import annotations

import importlib
from types import ModuleType

COMMANDS: dict[str, str] = {
    "extract": "extract.commands.extract",
    "diff": "extract.commands.diff",
    "review": "extract.commands.review",
    "links": "extract.commands.links",
    "history": "extract.commands.history",
    "schema": "extract.commands.schema",
}


# Where each command's reference is written, in the source tree's docs/ (README.md links them).
DOCS: dict[str, tuple[str, ...]] = {
    "extract": (
        "outputs.md",
        "warnings.md",
        "exit-codes.md",
        "batch.md",
        "designs.md",
        "corrections.md",
    ),
    "diff": ("diff.md",),
    "review": ("review.md",),
    "links": ("links.md",),
    "history": ("history.md",),
    "schema": ("outputs.md",),
}


def modules(only: str | None = None) -> list[ModuleType]:
    """The module of command `only`, or of every command when it is None or unknown."""
    names = [COMMANDS[only]] if only in COMMANDS else list(COMMANDS.values())
    return [importlib.import_module(name) for name in names]
