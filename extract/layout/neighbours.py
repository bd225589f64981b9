"""Geometry shared by the layout stages: the line just above or just below another.

The line "above" another is the nearest one higher on the page that shares some of its
horizontal extent; distances are measured in font sizes, so the same rule holds at any scale.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

from extract.layout.lines import Line
from extract.settings import current

# How far a neighbour may sit, and how far it may reach past the line, are
# `extract.settings.NeighbourSettings`.

Span = tuple[float, float]


def above(
    line: Line, lines: Iterable[Line], gap: float | None = None, span: Span | None = None
) -> Line | None:
    """The nearest line higher on the page that shares horizontal extent, within `gap` sizes
    (the neighbours' gap unless given).

    `span` widens the extent to a block's, so a short last line ("?") still finds its block.
    """
    # Asked for every title, type line and button against every line of its page: the loop
    # reads each line's fields once and compares plain floats.
    settings = current().neighbours
    if gap is None:
        gap = settings.gap
    left, right = span or (line.x0, line.x1)
    top = line.top
    reach = top + settings.overlap * line.style.size
    best: Line | None = None
    best_bottom = -math.inf
    for other in lines:
        if other is line or not other.upright or other.x0 >= right or left >= other.x1:
            continue
        bottom = other.bottom
        if bottom <= reach and other.top < top and bottom > best_bottom:
            best, best_bottom = other, bottom
    if best is None or top - best_bottom > gap * max(line.style.size, best.style.size):
        return None
    return best


def below(
    line: Line, lines: Iterable[Line], gap: float | None = None, span: Span | None = None
) -> Line | None:
    """The nearest line lower on the page that shares horizontal extent, within `gap` sizes
    (the neighbours' gap unless given)."""
    settings = current().neighbours
    if gap is None:
        gap = settings.gap
    left, right = span or (line.x0, line.x1)
    top = line.top
    reach = line.bottom - settings.overlap * line.style.size
    best: Line | None = None
    best_top = math.inf
    for other in lines:
        if other is line or not other.upright or other.x0 >= right or left >= other.x1:
            continue
        other_top = other.top
        if other_top >= reach and other_top > top and other_top < best_top:
            best, best_top = other, other_top
    if best is None or best_top - line.bottom > gap * max(line.style.size, best.style.size):
        return None
    return best
