"""Layout stage: give each line its role, and put a page's blocks in reading order.

Roles come from text patterns (a type line starts with `>`, a call to action reads
`>> Pour accéder…`, a table-of-contents entry reads `P.9  Theme`) and from the document's own
typography, learnt over all its pages (`learn_typography`): the style that recurs just above
type lines is the card-title style, the commonest style of card text is the body, and so on.
No coordinate or colour of one design is built in, so other geometries read the same.

Neighbours are found geometrically: the line "above" another is the nearest one higher on the
page that shares some of its horizontal extent. Blocks (cards, groups) are read column by
column, a column being a set of blocks whose horizontal extents overlap.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Literal

import regex

from extract.document import LinkAnnotation, PageWarning
from extract.lines import Line, PageLines, StyleKey
from extract.text import is_cta, is_type_line, is_url, join_lines

TOC_ENTRY = regex.compile(r"^P\s*[.\s]\s*(?P<page>\d{1,3})\s+(?P<label>\S.*)$")
PAGE_LABEL = regex.compile(r"^\d{1,3}$")

# How far (in font sizes) a line may sit from its neighbour and still belong to the same block.
NEIGHBOUR_GAP = 2.2

PageKind = Literal["content", "part_intro", "other"]


@dataclass(frozen=True)
class Typography:
    """The styles of the catalogue's roles, as this document prints them."""

    body: StyleKey | None
    title: StyleKey | None
    publisher: StyleKey | None
    cta: StyleKey | None

    @property
    def body_size(self) -> float:
        return self.body[1] if self.body is not None else 10.0


@dataclass
class Block:
    kind: Literal["card", "group"]
    title: list[Line] = field(default_factory=list)
    type_line: Line | None = None
    publisher: list[Line] = field(default_factory=list)
    blurb: list[Line] = field(default_factory=list)
    cta: Line | None = None
    heading: list[Line] = field(default_factory=list)
    items: list[Line] = field(default_factory=list)

    def lines(self) -> list[Line]:
        out = [*self.heading, *self.items, *self.title, *self.publisher, *self.blurb]
        out += [x for x in (self.type_line, self.cta) if x is not None]
        return out

    @property
    def x0(self) -> float:
        return min(line.x0 for line in self.lines())

    @property
    def x1(self) -> float:
        return max(line.x1 for line in self.lines())

    @property
    def top(self) -> float:
        return min(line.top for line in self.lines())


@dataclass(frozen=True)
class TocLine:
    page: int
    label: str
    lines: tuple[Line, ...]


@dataclass
class PageLayout:
    number: int
    width: float
    height: float
    kind: PageKind
    blocks: list[Block] = field(default_factory=list)
    header: list[Line] = field(default_factory=list)
    url_list: list[Line] = field(default_factory=list)
    page_labels: list[Line] = field(default_factory=list)
    banner: list[Line] = field(default_factory=list)
    part_title: list[Line] = field(default_factory=list)
    toc: list[TocLine] = field(default_factory=list)
    unassigned: list[Line] = field(default_factory=list)
    links: tuple[LinkAnnotation, ...] = ()
    warnings: tuple[PageWarning, ...] = ()


# ---------------------------------------------------------------------------------------------
# Geometry helpers


Span = tuple[float, float]


def above(
    line: Line, lines: Iterable[Line], gap: float = NEIGHBOUR_GAP, span: Span | None = None
) -> Line | None:
    """The nearest line higher on the page that shares horizontal extent, within `gap` sizes.

    `span` widens the extent to a block's, so a short last line ("?") still finds its block.
    """
    # Asked for every title, type line and button against every line of its page: the loop
    # reads each line's fields once and compares plain floats.
    left, right = span or (line.x0, line.x1)
    top = line.top
    reach = top + 0.3 * line.style.size
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
    line: Line, lines: Iterable[Line], gap: float = NEIGHBOUR_GAP, span: Span | None = None
) -> Line | None:
    """The nearest line lower on the page that shares horizontal extent, within `gap` sizes."""
    left, right = span or (line.x0, line.x1)
    top = line.top
    reach = line.bottom - 0.3 * line.style.size
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


def _most_common(
    styles: Iterable[StyleKey], exclude: Sequence[StyleKey | None] = ()
) -> StyleKey | None:
    counts = Counter(s for s in styles if s not in exclude)
    return counts.most_common(1)[0][0] if counts else None


def _is_content_line(line: Line) -> bool:
    return line.upright and not is_url(line.text) and not PAGE_LABEL.match(line.text)


# ---------------------------------------------------------------------------------------------
# Typography, learnt from the whole document


def learn_typography(pages: Sequence[PageLines]) -> Typography:
    above_type: list[StyleKey] = []
    below_type: list[StyleKey] = []
    above_cta: list[StyleKey] = []
    card_text: list[StyleKey] = []
    ctas: list[StyleKey] = []
    for page in pages:
        anchors = [ln for ln in page.lines if ln.upright and is_type_line(ln.text)]
        if not anchors:
            continue
        card_text += [ln.style.key for ln in page.lines if _is_content_line(ln)]
        for button in (ln for ln in page.lines if ln.upright and is_cta(ln.text)):
            ctas.append(button.style.key)
            up = above(button, page.lines)
            if up is not None and not is_type_line(up.text):
                above_cta.append(up.style.key)
        for anchor in anchors:
            down = below(anchor, page.lines)
            # Only a type line with card text under it votes: a group's items are followed by
            # other items or by nothing, and their heading is no card title.
            if down is None or is_type_line(down.text):
                continue
            up = above(anchor, page.lines)
            if up is not None and not is_type_line(up.text):
                above_type.append(up.style.key)
            if not is_cta(down.text):
                below_type.append(down.style.key)
    title = _most_common(above_type)
    cta = _most_common(ctas)
    # A card's text ends with its blurb just above the call to action: the surest body vote.
    body = _most_common(above_cta, exclude=[title, cta]) or _most_common(
        card_text, exclude=[title, cta]
    )
    publisher = _most_common(below_type, exclude=[title, body, cta])
    return Typography(body=body, title=title, publisher=publisher, cta=cta)


# ---------------------------------------------------------------------------------------------
# Roles on one page


def _is_title_style(line: Line, typo: Typography) -> bool:
    return typo.title is not None and line.style.key == typo.title


def _card_from_anchor(anchor: Line, lines: list[Line], typo: Typography, taken: set[int]) -> Block:
    block = Block("card", type_line=anchor)
    taken.add(id(anchor))
    span: Span = (anchor.x0, anchor.x1)
    up = above(anchor, lines, span=span)
    while up is not None and id(up) not in taken and _is_title_style(up, typo):
        block.title.insert(0, up)
        taken.add(id(up))
        span = (min(span[0], up.x0), max(span[1], up.x1))
        up = above(up, lines, span=span)
    down = below(anchor, lines, span=span)
    stage = "publisher"
    while down is not None and id(down) not in taken:
        text, key = down.text, down.style.key
        if is_cta(text):
            block.cta = down
            taken.add(id(down))
            break
        if is_type_line(text) or _is_title_style(down, typo) or (is_url(text) and key != typo.body):
            break
        if stage == "publisher" and typo.publisher is not None and key == typo.publisher:
            block.publisher.append(down)
        else:
            stage = "blurb"
            block.blurb.append(down)
        taken.add(id(down))
        span = (min(span[0], down.x0), max(span[1], down.x1))
        down = below(down, lines, span=span)
    return block


def _groups(items: list[Line], lines: list[Line], taken: set[int]) -> list[Block]:
    """Runs of consecutive items, each under the heading printed just above its first item."""
    groups: list[Block] = []
    for item in sorted(items, key=lambda ln: (ln.x0, ln.top)):
        prev = above(item, lines)
        if groups and prev is not None and prev is groups[-1].items[-1]:
            groups[-1].items.append(item)
            continue
        group = Block("group", items=[item])
        up = prev
        while (
            up is not None
            and id(up) not in taken
            and not is_type_line(up.text)
            and not is_cta(up.text)
            and len(group.heading) < 3
        ):
            group.heading.insert(0, up)
            taken.add(id(up))
            up = above(up, lines)
        groups.append(group)
    for item in items:
        taken.add(id(item))
    return groups


def _reading_order(blocks: list[Block]) -> list[Block]:
    """Column by column, left to right; top to bottom within a column."""
    columns: list[list[Block]] = []
    extent: list[tuple[float, float]] = []
    for block in sorted(blocks, key=lambda b: (b.x0, b.top)):
        if columns and block.x0 < extent[-1][1]:
            columns[-1].append(block)
            extent[-1] = (extent[-1][0], max(extent[-1][1], block.x1))
        else:
            columns.append([block])
            extent.append((block.x0, block.x1))
    return [b for column in columns for b in sorted(column, key=lambda b: b.top)]


def _content_page(page: PageLines, typo: Typography) -> PageLayout:
    layout = PageLayout(
        page.number, page.width, page.height, "content", links=page.links, warnings=page.warnings
    )
    lines = [ln for ln in page.lines if ln.upright]
    layout.banner = [ln for ln in page.lines if not ln.upright]
    taken: set[int] = set()
    for ln in lines:
        if is_url(ln.text) and ln.style.size < typo.body_size - 0.05:
            layout.url_list.append(ln)
            taken.add(id(ln))
        elif PAGE_LABEL.match(ln.text):
            layout.page_labels.append(ln)
            taken.add(id(ln))
    content = [ln for ln in lines if id(ln) not in taken]
    anchors = sorted((ln for ln in content if is_type_line(ln.text)), key=lambda ln: ln.top)
    cards: list[Block] = []
    items: list[Line] = []
    for anchor in anchors:
        up = above(anchor, content)
        down = below(anchor, content)
        titled = up is not None and _is_title_style(up, typo)
        has_body = (
            down is not None
            and not is_type_line(down.text)
            and (down.style.key in (typo.body, typo.publisher) or is_cta(down.text))
        )
        if titled or has_body:
            cards.append(_card_from_anchor(anchor, content, typo, taken))
        else:
            items.append(anchor)
    blocks = cards + _groups(items, content, taken)
    layout.blocks = _reading_order(blocks)
    first = min((b.top for b in blocks), default=page.height)
    for ln in content:
        if id(ln) in taken:
            continue
        if ln.bottom <= first + 0.5:
            layout.header.append(ln)
        else:
            layout.unassigned.append(ln)
    layout.header.sort(key=lambda ln: (ln.top, ln.x0))
    return layout


def _part_intro_page(page: PageLines) -> PageLayout:
    layout = PageLayout(
        page.number, page.width, page.height, "part_intro", links=page.links, warnings=page.warnings
    )
    lines = [ln for ln in page.lines if ln.upright]
    taken: set[int] = set()
    for ln in sorted(lines, key=lambda ln: (ln.top, ln.x0)):
        m = TOC_ENTRY.match(ln.text)
        if not m:
            continue
        entry = [ln]
        taken.add(id(ln))
        nxt = below(ln, lines, gap=1.0)
        while nxt is not None and not TOC_ENTRY.match(nxt.text) and nxt.x0 > ln.x0 + 1:
            entry.append(nxt)
            taken.add(id(nxt))
            nxt = below(nxt, lines, gap=1.0)
        label = join_lines([m["label"], *(x.text for x in entry[1:])])
        layout.toc.append(TocLine(int(m["page"]), label, tuple(entry)))
    rest = [ln for ln in lines if id(ln) not in taken and not PAGE_LABEL.match(ln.text)]
    if rest:
        biggest = max(ln.style.size for ln in rest)
        layout.part_title = sorted(
            (ln for ln in rest if ln.style.size >= biggest - 0.5), key=lambda ln: (ln.top, ln.x0)
        )
    return layout


def lay_out(page: PageLines, typo: Typography) -> PageLayout:
    """Roles and reading order for one page, given the document's typography."""
    upright = [ln for ln in page.lines if ln.upright]
    if any(is_type_line(ln.text) for ln in upright):
        return _content_page(page, typo)
    if any(TOC_ENTRY.match(ln.text) for ln in upright):
        return _part_intro_page(page)
    return PageLayout(
        page.number, page.width, page.height, "other", links=page.links, warnings=page.warnings
    )
