"""Extract the ESS resource catalogue: PDF → validated resources → JSON and CSV.

Stages, each a module with one job: read → layout → cards → validate → write.

`read_cards(FOLDER)` and `read_changes(FOLDER)` give an extraction's and a diff's tables as
pandas DataFrames (`extract.write.frames`); pandas is imported on their first use only, so that the
`catalogue` command does not pay for it at every start.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from extract.write.frames import read_cards, read_changes

try:
    __version__ = version("ess-catalogue")
except PackageNotFoundError:  # running from a source tree that is not installed
    __version__ = "0.0.0"

__all__ = ["__version__", "read_cards", "read_changes"]


def __getattr__(name: str) -> Any:
    if name in ("read_cards", "read_changes"):
        from extract.write import frames

        return getattr(frames, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
