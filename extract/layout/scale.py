"""Pages set at their own scale: each page's factor, and its styles compared at the document's.

A crowded page may be shrunk to fit (a designer's choice, a layout program's auto-fit, a word
processor's shrink-to-fit): every size on it is the design's size times one factor a little
under 1, often rounded (12.8 pt → 12.0, 8 → 7.5). Its roles then match no style learnt from
the other pages. So before anything is learnt, over the pages of cards:

- the pages at the document's scale are those that print their fonts and tones at the sizes
  most of the document's characters are printed at (the heaviest page of the commonest set of
  sizes, and every page whose characters mostly share its sizes); the document's sizes are
  theirs;
- another page's scale is the factor that brings the most of its characters onto the
  document's sizes (each size divided by it, within `snap`): it is told when it brings most
  of them (`agreement`) and is a shrinking or an enlarging a page may get (`lowest`-`highest`);
- each style of a page off the document's scale is given the document's size it stands for
  (`Style.design_size`): the document's size of its font and tone nearest to its size divided by
  the page's scale, or its own size where that is one of the document's (furniture that the
  page's shrinking left alone). Geometry keeps the printed sizes; only styles are compared so.

A page whose text agrees on no scale keeps its sizes and says so (`page-scale-unknown`).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace

from extract.document import PageWarning
from extract.layout.lines import Line, PageLines, Style
from extract.settings import current
from extract.text import is_type_line

FontTone = tuple[str, str]
# Sizes are read to the tenth of a point: two within half of that are one size.
SAME_SIZE = 0.051
Sizes = dict[FontTone, Counter[float]]  # each font and tone → its sizes, by characters
Known = Mapping[FontTone, set[float]] | Mapping[FontTone, frozenset[float]]


@dataclass(frozen=True)
class Scales:
    """Each page's scale against the document (pages at the document's scale are left out),
    and the pages whose scale could not be told."""

    pages: dict[int, float]
    unknown: frozenset[int] = frozenset()
    # The document's sizes of each font and tone (those of the pages at its scale).
    known: Mapping[FontTone, frozenset[float]] = field(default_factory=dict)


def _sizes(lines: Sequence[Line]) -> Sizes:
    found: Sizes = defaultdict(Counter)
    for line in lines:
        if line.upright and line.text.strip():
            found[(line.style.font, line.style.tone)][line.style.size] += len(line.text)
    return found


def _matches(size: float, known: set[float] | frozenset[float], scale: float) -> bool:
    """Whether `size`, at the document's scale, is one of the `known` sizes: the same size,
    as sizes are read (to the tenth of a point), where the page is at the document's scale;
    within `snap` where it is not (the design's tool rounded the sizes it shrank)."""
    if scale == 1.0:
        return any(abs(k - size) < SAME_SIZE for k in known)
    wanted = size / scale
    return any(abs(k / wanted - 1.0) <= current().scale.snap for k in known)


def coverage(sizes: Sizes, known: Known, scale: float, furniture: bool = True) -> float:
    """The share of a page's characters, in fonts and tones the document knows, printed at one
    of the document's sizes times `scale`; with `furniture`, or at one of the document's sizes
    itself (the page's shrinking may leave its furniture and headers as they are)."""
    total = hit = 0
    for pair, counts in sizes.items():
        if pair not in known:
            continue
        for size, chars in counts.items():
            total += chars
            if _matches(size, known[pair], scale) or (
                furniture and _matches(size, known[pair], 1.0)
            ):
                hit += chars
    return hit / total if total else 1.0


def _signature(sizes: Sizes) -> frozenset[tuple[FontTone, float]]:
    """The sizes a page prints most of its text at (each at least a twentieth of it)."""
    total = sum(sum(c.values()) for c in sizes.values())
    return frozenset(
        (pair, size)
        for pair, counts in sizes.items()
        for size, chars in counts.items()
        if chars * 20 >= total
    )


def _known(sizes: Sizes) -> dict[FontTone, set[float]]:
    return {pair: set(counts) for pair, counts in sizes.items()}


def page_scales(pages: Sequence[PageLines]) -> Scales:
    """Each page of cards' scale against the document's sizes (the roles are learnt from pages
    of cards, and compared there; covers and introductions are printed at sizes of their own)."""
    settings = current().scale
    per_page = {
        page.number: _sizes(page.lines)
        for page in pages
        if any(is_type_line(line.text) for line in page.lines)
    }
    if len(per_page) < 2:
        return Scales({})
    weight = {n: sum(sum(c.values()) for c in sizes.values()) for n, sizes in per_page.items()}
    # The reference: the heaviest page of the sizes most characters are printed at (pages at one
    # scale print the same sizes); then every page that mostly shares its sizes.
    by_signature: Counter[frozenset[tuple[FontTone, float]]] = Counter()
    signature = {n: _signature(sizes) for n, sizes in per_page.items()}
    for n in per_page:
        by_signature[signature[n]] += weight[n]
    commonest = by_signature.most_common(1)[0][0]
    reference = max(
        (n for n in per_page if signature[n] == commonest), key=lambda n: (weight[n], -n)
    )
    scales = _against(per_page, reference)
    # Pages are shrunk to fit, not enlarged: where the commonest sizes are a shrunk page's,
    # the document's scale is that of the pages printed largest.
    # Pages are shrunk to fit, not enlarged: while pages that carry a good share of the text
    # are printed larger than the reference, the document's scale is theirs (the heaviest
    # group of them: a page of one heading may seem printed larger by accident).
    total = sum(weight.values())
    for _ in range(3):
        by_scale: dict[float, list[int]] = defaultdict(list)
        for n, r in sorted(scales.pages.items(), key=lambda item: item[1]):
            if r > 1.0:
                group = next((g for g in by_scale if abs(r / g - 1) <= settings.same), r)
                by_scale[group].append(n)
        heavy = [ns for ns in by_scale.values() if sum(weight[n] for n in ns) >= 0.1 * total]
        if not heavy:
            break
        heaviest = max(heavy, key=lambda ns: sum(weight[n] for n in ns))
        scales = _against(per_page, max(heaviest, key=lambda n: (weight[n], -n)))
    return scales


def _best_scale(sizes: Sizes, known: Known) -> tuple[float, float]:
    """The factor that brings the most of a page's characters onto the document's sizes (or
    leaves them at them: furniture), and the share it brings: 1 unless another brings more
    by `margin`; of the factors that bring as many, the middle one (each role's size was
    rounded on its own)."""
    settings = current().scale
    at_one = coverage(sizes, known, 1.0)
    if at_one + settings.margin >= 1.0:
        return 1.0, at_one  # no factor could bring enough more (the common case)
    steps = round((settings.highest - settings.lowest) / settings.step)
    grid = [round(settings.lowest + i * settings.step, 4) for i in range(steps + 1)]
    scored = [(coverage(sizes, known, r), r) for r in grid if abs(r - 1.0) > settings.same]
    top = max((score for score, _ in scored), default=0.0)
    if top <= at_one + settings.margin:
        return 1.0, at_one
    best = [r for score, r in scored if score >= top - 1e-9]
    return best[len(best) // 2], top


def _against(per_page: Mapping[int, Sizes], reference: int) -> Scales:
    """Each page's scale against the sizes of `reference` and the pages that share them."""
    settings = current().scale
    first = _known(per_page[reference])
    at_scale = []
    for n, sizes in per_page.items():
        scale, share = _best_scale(sizes, first)
        if scale == 1.0 and share >= settings.agreement:
            at_scale.append(n)
    known: dict[FontTone, set[float]] = defaultdict(set)
    for n in at_scale:
        for pair, counts in per_page[n].items():
            known[pair].update(counts)
    scales: dict[int, float] = {}
    unknown: set[int] = set()
    for number, sizes in per_page.items():
        if number in at_scale:
            continue
        best, share = _best_scale(sizes, known)
        if best != 1.0 and share >= settings.agreement:
            scales[number] = best
        elif share < settings.agreement:
            unknown.add(number)
    return Scales(scales, frozenset(unknown), {k: frozenset(v) for k, v in known.items()})


def at_document_scale(pages: Sequence[PageLines], scales: Scales) -> list[PageLines]:
    """The pages with each style of a scaled page given the document's size it stands for,
    and a warning on each page whose scale could not be told."""
    if not scales.pages and not scales.unknown:
        return list(pages)
    step = _size_step(pages, scales)
    sizes = _design_sizes(pages, scales, step)
    out: list[PageLines] = []
    for page in pages:
        scale = scales.pages.get(page.number)
        if scale is not None:
            lines = tuple(_restyled(ln, scale, scales.known, sizes, step) for ln in page.lines)
            page = replace(page, lines=lines)
        if page.number in scales.unknown:
            warning = PageWarning(
                "page-scale-unknown",
                "the sizes on this page agree on no one scale against the rest of the "
                "document: its styles are compared as printed",
            )
            page = replace(page, warnings=(*page.warnings, warning))
        out.append(page)
    return out


def _size_step(pages: Sequence[PageLines], scales: Scales) -> float:
    """The step the sizes of the scaled pages were rounded to (half a point, as a word
    processor rounds them, or a tenth), or 0 where they were not rounded."""
    printed = {
        line.style.size
        for page in pages
        if page.number in scales.pages
        for line in page.lines
        if line.text.strip()
    }
    for step in (0.5, 0.25):
        if printed and all(abs(size / step - round(size / step)) < 0.02 for size in printed):
            return step
    return 0.0


def _near(a: float, b: float, scale: float, step: float, spread: float) -> bool:
    """Whether two sizes at the document's scale may be one: within `snap` of each other, or,
    where sizes were rounded to `step`, within `spread` steps (at the page's scale)."""
    return abs(a - b) <= max(current().scale.snap * max(a, b), spread * step / scale)


def _design_sizes(
    pages: Sequence[PageLines], scales: Scales, step: float
) -> dict[FontTone, list[tuple[float, float]]]:
    """For each font and tone printed on scaled pages, the sizes its styles stand for at the
    document's scale, as (low, size) steps: the sizes of all scaled pages brought to the
    document's scale fall in clusters (each role's, give or take the rounding of its size), and
    a cluster stands for the document's size within it, or else for its middle. A role that
    pages at the document's scale do not print (a publisher named on shrunk pages only) is so
    given one size whatever page prints it."""
    snap = current().scale.snap
    lowest = min(scales.pages.values(), default=1.0)
    wanted: dict[FontTone, Counter[float]] = defaultdict(Counter)
    for page in pages:
        scale = scales.pages.get(page.number)
        if scale is None:
            continue
        for pair, counts in _sizes(page.lines).items():
            for size, chars in counts.items():
                wanted[pair][round(size / scale, 3)] += chars
    out: dict[FontTone, list[tuple[float, float]]] = {}
    for pair, counts in wanted.items():
        known = sorted(scales.known.get(pair, ()))
        values = sorted(counts)
        clusters: list[list[float]] = []
        for value in values:
            # Two pages' roundings of one size may fall a step apart, in either direction.
            if clusters and _near(value, clusters[-1][-1], lowest, step, 1.1):
                clusters[-1].append(value)
            else:
                clusters.append([value])
        steps: list[tuple[float, float]] = []
        for cluster in clusters:
            inside = [k for k in known if cluster[0] / (1 + snap) <= k <= cluster[-1] * (1 + snap)]
            if inside:
                size = max(inside, key=lambda k: -abs(k - _median(cluster, counts)))
            else:
                size = round(_median(cluster, counts), 1)
            steps.append((cluster[0] / (1 + snap), size))
        out[pair] = steps
    return out


def _median(values: Sequence[float], weights: Counter[float]) -> float:
    total = sum(weights[v] for v in values)
    seen = 0
    for value in values:
        seen += weights[value]
        if seen * 2 >= total:
            return value
    return values[-1]


def _restyled(
    line: Line,
    scale: float,
    known: Mapping[FontTone, frozenset[float]],
    design: Mapping[FontTone, list[tuple[float, float]]],
    step: float,
) -> Line:
    style = line.style
    pair = (style.font, style.tone)
    sizes = known.get(pair, frozenset())
    wanted = style.size / scale
    near = min(sizes, key=lambda s: abs(s - wanted), default=None)
    if near is not None and _near(near, wanted, scale, step, 0.6):
        size = near
    elif style.size in sizes:
        return line  # printed at the document's size: furniture the shrinking left alone
    else:
        steps = [size for low, size in design.get(pair, []) if low <= wanted]
        size = steps[-1] if steps else round(wanted, 1)
    return replace(line, style=_with_design_size(style, size))


def _with_design_size(style: Style, size: float) -> Style:
    return Style(style.font, style.size, style.colour, style.bold, style.italic, design_size=size)
