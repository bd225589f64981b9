"""Pages set at their own scale: each page's factor, and its styles compared at the document's.

A crowded page may be shrunk to fit (a designer's choice, a layout program's auto-fit, a word
processor's shrink-to-fit): every size on it is the design's size times one factor a little
under 1, often rounded (12.8 pt → 12.0, 8 → 7.5). Its roles then match no style learnt from
the other pages. So before anything is learnt:

- the document's sizes are those most of the text of its pages of cards is printed at;
- a page's scale is the median, weighted by characters, of the ratios between the size each of
  its (font, tone) pairs is printed at and the document's size for that pair;
- each style of a page off the document's scale is given the document's size it stands for
  (`Style.design_size`): the document's size of its font and tone nearest to its size divided by
  the page's scale, or its own size where that is one of the document's (furniture that the
  page's shrinking left alone). Geometry keeps the printed sizes; only styles are compared so.

A page whose text agrees on no scale (no ratio shared by enough of its characters) keeps its
sizes and says so (`page-scale-unknown`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace

from extract.document import PageWarning
from extract.layout.lines import Line, PageLines, Style
from extract.settings import current
from extract.text import is_type_line

FontTone = tuple[str, str]


@dataclass(frozen=True)
class Scales:
    """Each page's scale against the document (pages at the document's scale are left out),
    and the pages whose scale could not be told."""

    pages: dict[int, float]
    unknown: frozenset[int] = frozenset()


def _sizes(lines: Sequence[Line]) -> dict[FontTone, Counter[float]]:
    found: dict[FontTone, Counter[float]] = defaultdict(Counter)
    for line in lines:
        if line.upright and line.text.strip():
            found[(line.style.font, line.style.tone)][line.style.size] += len(line.text)
    return found


def _weighted_median(values: list[tuple[float, int]]) -> float:
    values.sort()
    half = sum(w for _, w in values) / 2
    seen = 0
    for value, weight in values:
        seen += weight
        if seen >= half:
            return value
    return values[-1][0]


def page_scales(pages: Sequence[PageLines]) -> Scales:
    """Each page of cards' scale against the document's sizes (the roles are learnt from pages
    of cards, and compared there; covers and introductions are printed at sizes of their own)."""
    settings = current().scale
    per_page = {
        page.number: _sizes(page.lines)
        for page in pages
        if any(is_type_line(line.text) for line in page.lines)
    }
    # The document's size of each font and tone: the one most of its characters are printed at.
    totals: dict[FontTone, Counter[float]] = defaultdict(Counter)
    for sizes in per_page.values():
        for pair, counts in sizes.items():
            totals[pair].update(counts)
    usual = {pair: max(counts, key=lambda s: (counts[s], s)) for pair, counts in totals.items()}
    scales: dict[int, float] = {}
    unknown: set[int] = set()
    for number, sizes in per_page.items():
        ratios = [
            (size / usual[pair], chars)
            for pair, counts in sizes.items()
            for size, chars in counts.items()
            if usual[pair] > 0
        ]
        if not ratios:
            continue
        scale = _weighted_median(ratios)
        if abs(scale - 1.0) <= settings.same:
            continue
        agreeing = sum(w for r, w in ratios if abs(r / scale - 1.0) <= settings.snap)
        if agreeing < settings.agreement * sum(w for _, w in ratios):
            unknown.add(number)
            continue
        if settings.lowest <= scale <= settings.highest:
            scales[number] = round(scale, 3)
        else:
            unknown.add(number)
    return Scales(scales, frozenset(unknown))


def at_document_scale(pages: Sequence[PageLines], scales: Scales) -> list[PageLines]:
    """The pages with each style of a scaled page given the document's size it stands for,
    and a warning on each page whose scale could not be told."""
    if not scales.pages and not scales.unknown:
        return list(pages)
    unscaled = [page for page in pages if page.number not in scales.pages]
    known: dict[FontTone, set[float]] = defaultdict(set)
    for page in unscaled:
        for pair, counts in _sizes(page.lines).items():
            known[pair].update(counts)
    out: list[PageLines] = []
    for page in pages:
        scale = scales.pages.get(page.number)
        if scale is not None:
            page = replace(page, lines=tuple(_restyled(ln, scale, known) for ln in page.lines))
        if page.number in scales.unknown:
            warning = PageWarning(
                "page-scale-unknown",
                "the sizes on this page agree on no one scale against the rest of the "
                "document: its styles are compared as printed",
            )
            page = replace(page, warnings=(*page.warnings, warning))
        out.append(page)
    return out


def _restyled(line: Line, scale: float, known: dict[FontTone, set[float]]) -> Line:
    style = line.style
    sizes = known.get((style.font, style.tone), set())
    if style.size in sizes:
        return line  # printed at the document's size: furniture the shrinking left alone
    wanted = style.size / scale
    near = min(sizes, key=lambda s: abs(s - wanted), default=None)
    if near is not None and abs(near / wanted - 1.0) <= current().scale.snap:
        design = near
    else:
        design = round(wanted, 1)
    return replace(line, style=_with_design_size(style, design))


def _with_design_size(style: Style, size: float) -> Style:
    return Style(style.font, style.size, style.colour, style.bold, style.italic, design_size=size)
