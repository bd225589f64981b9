"""The reading thresholds, in one place, each with the reason for its value.

Every threshold the layout and cards stages decide by is a field here, relative to the
document's own measures (font sizes, shares of pages or cards), never a point size or a word of
one design. `current()` gives the values in force: the defaults, or those a design file gives
(`catalogue extract --design FILE`, its `settings` section), set for one extraction with
`using`. `make mutants` plants a change in each field in turn; a test must notice it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace


@dataclass(frozen=True)
class ScaleSettings:
    """Pages set at their own scale (`extract.layout.scale`)."""

    # A page within 1 % of the document's sizes is at its scale: sizes are printed to 0.1 pt,
    # and 0.1 pt of an 8 pt body is 1.25 %.
    same: float = 0.011
    # A style stands for a document size within 4 % of its size at the document's scale: sizes
    # rounded to the half point after shrinking move by up to 0.25 pt, 3 % of an 8 pt body.
    snap: float = 0.04
    # At least this share of a page's characters must agree on its scale for it to be told.
    agreement: float = 0.6
    # A page shrunk to fit is shrunk a little: beyond these bounds the sizes are another
    # design's (a cover, a poster page), not this one's shrunk.
    lowest: float = 0.7
    highest: float = 1.3


@dataclass(frozen=True)
class Settings:
    scale: ScaleSettings = field(default_factory=ScaleSettings)

    def but(self, changes: Mapping[str, float]) -> Settings:
        """These settings with `changes` (`"scale.snap": 0.05`, …); an unknown name raises
        `KeyError`, a value of the wrong kind `TypeError`."""
        out = self
        for name, value in changes.items():
            group, _, key = name.partition(".")
            part = getattr(out, group, None)
            if part is None or key not in {f.name for f in fields(part)}:
                raise KeyError(name)
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise TypeError(f"{name}: a number, not {value!r}")
            out = replace(out, **{group: replace(part, **{key: float(value)})})
        return out

    def flat(self) -> dict[str, float]:
        """Every setting by its dotted name."""
        return {
            f"{group.name}.{f.name}": getattr(getattr(self, group.name), f.name)
            for group in fields(self)
            for f in fields(getattr(self, group.name))
        }


DEFAULT = Settings()


class _InForce:
    value: Settings = DEFAULT


_in_force = _InForce()


def current() -> Settings:
    """The settings in force: the defaults, or a design's for the extraction under way."""
    return _in_force.value


@contextmanager
def using(settings: Settings) -> Iterator[None]:
    """`settings` in force for the block (one extraction)."""
    previous = _in_force.value
    _in_force.value = settings
    try:
        yield
    finally:
        _in_force.value = previous
