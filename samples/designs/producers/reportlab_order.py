"""The order in which a content page's text is written, chosen so that readers keep lines whole.

Text extractors rebuild lines from the content stream: pdfium, for one, gathers consecutive text
objects that sit on one baseline and sorts them by x. Two unrelated pieces written one after the
other on the same baseline, the second to the left of the first (the last title line of a right
card, then a type line of a left card, in a page ordered role by role), would be merged and
swapped, cutting a title in two. `text_order` writes the page's text stages (side banner,
decorative word, header, blocks, foot, furniture) in an order where that never happens: the side
banner and the decorative word move between stages, and with `layer_order` the blocks of one
role may come in another order (still role by role, each block's lines together). When no order
avoids it, `LayoutError`.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Iterator, Sequence

from samples.designs.producers.reportlab_text import LayoutError, Run, Writer

# A text object's position and its font size: (x, y, size).
Mark = tuple[float, float, float]


def _marks(run: Run, writer: Writer) -> list[Mark]:
    cos, sin = math.cos(math.radians(run.angle)), math.sin(math.radians(run.angle))
    # An empty piece draws nothing, and readers skip it.
    return [(run.x + o * cos, run.y + o * sin, run.size) for o, t in writer.pieces(run) if t]


def _clash(a: Mark, b: Mark) -> bool:
    """Whether `b`, written right after `a`, would be taken into `a`'s line and moved before it.

    pdfium puts two text objects on one line when their baselines differ by less than half
    the wider of the adjoining glyphs; 0.6 em bounds that for any glyph up to 1.2 em wide.
    """
    return abs(a[1] - b[1]) <= 0.6 * max(a[2], b[2]) and b[0] < a[0] - 0.01


def _safe(marks: Sequence[Mark]) -> bool:
    return not any(_clash(a, b) for a, b in itertools.pairwise(marks))


def _units(runs: list[Run], rank: dict[str, int]) -> list[list[list[Run]]]:
    """Runs grouped by role rank, then by block, in block order."""
    groups: dict[int, dict[int, list[Run]]] = {}
    for run in runs:
        groups.setdefault(rank[run.role], {}).setdefault(run.block, []).append(run)
    return [list(groups[r].values()) for r in sorted(groups)]


def _layered(
    runs: list[Run], rank: dict[str, int], writer: Writer, before: Mark | None
) -> list[Run] | None:
    """The block runs role by role, each role's blocks in an order that keeps lines apart.

    The order of one role's blocks only matters to the next role through its last block, so
    each role keeps one safe order per (first block, last block), and the roles are chained
    through the last blocks that can be reached.
    """
    # Per reachable last block: the last mark written and the runs so far.
    states: dict[int, tuple[Mark | None, list[Run]]] = {-1: (before, [])}
    for units in _units(runs, rank):
        unit_marks = [[m for run in unit for m in _marks(run, writer)] for unit in units]
        orders: dict[tuple[int, int], tuple[int, ...]] = {}
        for order in itertools.permutations(range(len(units))):
            key = (order[0], order[-1])
            if key not in orders and _safe([m for i in order for m in unit_marks[i]]):
                orders[key] = order
        reached: dict[int, tuple[Mark | None, list[Run]]] = {}
        for last, written in states.values():
            for (first, end), order in orders.items():
                if end in reached:
                    continue
                head = unit_marks[first][:1]
                if last is not None and head and _clash(last, head[0]):
                    continue
                tail = next((unit_marks[i][-1] for i in reversed(order) if unit_marks[i]), last)
                reached[end] = (tail, written + [run for i in order for run in units[i]])
        if not reached:
            return None
        states = reached
    return next(iter(states.values()))[1]


def _arrangements(
    banner: list[Run], decor: list[Run], fixed: list[list[Run]]
) -> Iterator[list[list[Run]]]:
    """Stage orders to try: the fixed stages (header, blocks, foot, furniture) in order, with the
    side banner anywhere and the decorative word anywhere before the blocks (it lies under
    them)."""
    for d in (0, 1):
        with_decor = [*fixed[:d], decor, *fixed[d:]]
        # The banner goes after the header first, as a designer's file would have it.
        for b in dict.fromkeys((d + 2, 0, 1, 2, 3, 4, 5)):
            yield [*with_decor[:b], banner, *with_decor[b:]]


def text_order(
    banner: list[Run],
    decor: list[Run],
    header: list[Run],
    blocks: list[Run],
    foot: list[Run],
    furniture: list[Run],
    writer: Writer,
    rank: dict[str, int] | None,
) -> list[Run]:
    """All the page's runs in a safe writing order; `rank` orders the blocks role by role."""
    for stages in _arrangements(banner, decor, [header, blocks, foot, furniture]):
        if rank is not None:
            at = next(i for i, s in enumerate(stages) if s is blocks)
            before = [m for s in stages[:at] for run in s for m in _marks(run, writer)]
            layered = _layered(blocks, rank, writer, before[-1] if before else None)
            if layered is None:
                continue
            stages[at] = layered
        ordered = [run for stage in stages for run in stage]
        if _safe([m for run in ordered for m in _marks(run, writer)]):
            return ordered
    raise LayoutError("no writing order keeps this page's lines apart for text extractors")
