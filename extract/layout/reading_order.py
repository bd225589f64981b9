"""The reading order of a page's blocks: down the columns, across the rows, or as written.

Blocks stand in columns (their horizontal extents overlap) and rows (their vertical extents
overlap). Where the geometry allows one reading only, that is it. On a grid, where both are
possible, the reading nearer the order the designer's tool wrote the cards into the page wins
(fewest pairs the other way round); where both are as near, that written order itself, when it
keeps each column top to bottom (columns of unequal cards read across); else the document's
own way, decided by the pages that tell.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from extract.layout.blocks import Block

Order = Literal["down", "across", "written", "single"]


def _clusters(blocks: list[Block], lo: str, hi: str) -> list[list[Block]]:
    """Blocks grouped where their extents along one axis overlap, in order along it."""
    groups: list[list[Block]] = []
    reach = 0.0
    for block in sorted(blocks, key=lambda b: (getattr(b, lo), getattr(b, hi))):
        start, end = getattr(block, lo), getattr(block, hi)
        if groups and start < reach:
            groups[-1].append(block)
            reach = max(reach, end)
        else:
            groups.append([block])
            reach = end
    return groups


@dataclass
class Reading:
    """A page's blocks read down the columns, across the rows, and in the order the designer's
    tool wrote them into the page."""

    down: list[Block]
    across: list[Block]
    written: list[Block]
    columns: int
    written_fits: bool  # the written order keeps each column top to bottom

    @property
    def ambiguous(self) -> bool:
        return self.down != self.across

    def _distances(self, cards_only: bool = True) -> tuple[int, int]:
        """How far the written order is from each reading. Over cards alone by default: a tool
        that writes the page role by role may write a group after every card, wherever it
        stands."""

        def kept(order: list[Block]) -> list[Block]:
            return [b for b in order if b.kind == "card" or not cards_only]

        written = kept(self.written)
        return _inversions(written, kept(self.down)), _inversions(written, kept(self.across))

    @property
    def masonry(self) -> bool:
        """Cards only, written in an order that keeps each column top to bottom."""
        return self.written_fits and all(b.kind == "card" for b in self.written)

    @property
    def decided(self) -> bool:
        """Whether the order the cards were written in tells how to read the page."""
        down, across = self._distances()
        return down != across or self.masonry

    def choose(self, flow: Order | None = None) -> tuple[list[Block], Order]:
        """Geometry first. Where it allows both readings: the one nearer the order the cards
        were written in (fewest pairs the other way round); where both are as near, that
        written order itself when it keeps each column top to bottom (columns of unequal cards
        read across); else `flow`, the way the document's other pages read; else the reading
        nearer the order every block was written in; else down the columns."""
        if not self.ambiguous:
            return self.down, "single"
        if self.decided:
            down, across = self._distances()
            if down < across:
                return self.down, "down"
            if across < down:
                return self.across, "across"
            return self.written, "written"
        if flow is None:
            down, across = self._distances(cards_only=False)
            flow = "across" if across < down else "down"
        if flow == "across":
            return self.across, "across"
        return self.down, "down"


def _inversions(order: Sequence[Block], reference: Sequence[Block]) -> int:
    """How many pairs of blocks `order` puts the other way round from `reference`."""
    rank = {id(b): i for i, b in enumerate(reference)}
    ranks = [rank[id(b)] for b in order]
    return sum(1 for i, a in enumerate(ranks) for b in ranks[i + 1 :] if a > b)


def read_order(blocks: list[Block]) -> Reading:
    columns = [sorted(col, key=lambda b: b.top) for col in _clusters(blocks, "x0", "x1")]
    down = [b for col in columns for b in col]
    # Across the rows of a grid, a row is each column's next block: where a block's text starts
    # lower than its neighbour's (a picture above it), the cell is still the same row.
    across = [
        b
        for _, _, b in sorted((k, c, b) for c, col in enumerate(columns) for k, b in enumerate(col))
    ]
    written = sorted(blocks, key=lambda b: b.order)
    rank = {id(b): i for i, b in enumerate(written)}
    fits = all([rank[id(b)] for b in col] == sorted(rank[id(b)] for b in col) for col in columns)
    return Reading(down, across, written, len(columns), fits)
