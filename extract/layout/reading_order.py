"""The reading order of a page's blocks: down the columns, across the rows, or as written.

Blocks stand in columns (their horizontal extents overlap) and rows (their vertical extents
overlap). Where the geometry allows one reading only, that is it. On a grid, where both are
possible, the reading nearer the order the designer's tool wrote the cards into the page wins
(fewest pairs the other way round); where both are as near, that written order itself, when it
keeps each column top to bottom (columns of unequal cards read across); else the document's
own way, decided by the pages that tell: by the order their cards were written in, else by
how the pages filled in part were filled (two blocks side by side in one row read across).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from extract.layout.blocks import Block
from extract.settings import current

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
    # The blocks' lines were written interleaved (a tool that writes the page role by role: every
    # title, then every type line…): their written order is no reading order.
    interleaved: bool = False

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
        if self.interleaved:
            return False
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
        if flow is None and not self.interleaved:
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


def filled(readings: Sequence[Reading]) -> Order | None:
    """How a design fills its pages, from its pages filled in part: with columns that hold
    several blocks elsewhere, blocks that stand side by side in one row were laid across the
    rows; with pages of several columns elsewhere, blocks stacked in one narrow column were laid
    down it. None when no such page tells, or they disagree as much one way as the other."""
    pages = [r for r in readings if len(r.down) >= 2]
    if not pages:
        return None
    deepest = max(max(len(col) for col in _clusters(r.down, "x0", "x1")) for r in pages)
    widest = max(r.columns for r in pages)
    left = min(b.x0 for r in pages for b in r.down)
    right = max(b.x1 for r in pages for b in r.down)
    votes = {"down": 0, "across": 0}
    # A column at most this share of the width the document's blocks span is one of several.
    column_share = current().reading.column_share
    for r in pages:
        if r.ambiguous:
            continue
        if r.columns == len(r.down) and deepest >= 2:
            votes["across"] += 1
        elif r.columns == 1 and widest >= 2:
            column = max(b.x1 for b in r.down) - min(b.x0 for b in r.down)
            if column <= (right - left) * column_share:
                votes["down"] += 1
    if votes["down"] == votes["across"]:
        return None
    return "down" if votes["down"] > votes["across"] else "across"


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
    return Reading(down, across, written, len(columns), fits, _interleaved(blocks))


def _interleaved(blocks: Sequence[Block]) -> bool:
    """Whether some block's lines were written between another's first and last."""
    spans = sorted(
        (min(orders), max(orders))
        for b in blocks
        if len(orders := [ln.order for ln in b.lines()]) > 1
    )
    reach = -1
    for first, last in spans:
        if first < reach:
            return True
        reach = max(reach, last)
    return False
