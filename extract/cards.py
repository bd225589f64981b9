"""Cards stage: laid-out pages → draft resources, with parts, themes and links paired.

A draft is a resource as read, before validation: every field keeps the lines it came from, so
that each value can be traced to its page and position. Links are paired by geometry (an
annotation belongs to the resource whose area holds it); a page without annotations (a print
export) pairs its printed URL list with its resources in reading order.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal
from urllib.parse import urlsplit

from extract.document import LinkAnnotation
from extract.layout import Block, PageLayout, TocLine
from extract.lines import Line
from extract.text import heading_text, join_lines, parse_group_item, parse_type_line

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


def union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def box_of(lines: Sequence[Line]) -> BBox:
    return union([(ln.x0, ln.top, ln.x1, ln.bottom) for ln in lines])


@dataclass(frozen=True)
class Where:
    page: int
    box: BBox


@dataclass(frozen=True)
class PairedLink:
    url: str
    where: Where
    origin: Literal["annotation", "text"]


@dataclass(frozen=True)
class Note:
    """A warning as the stages raise it: a code, a message, and where it applies."""

    code: str
    message: str
    page: int | None = None
    box: BBox | None = None
    resource: int | None = None  # index into the drafts, when it concerns one resource


@dataclass
class Part:
    number: int
    title: str
    intro_page: int
    title_where: Where | None
    toc: list[TocLine]


@dataclass
class Draft:
    page: int
    part: str | None
    theme: str | None
    title: str
    type_text: str | None
    resource_type: str | None
    year: int | None
    year_end: int | None
    publisher: str | None
    description: str | None
    group: str | None
    area: BBox
    fields: dict[str, Where] = field(default_factory=dict)
    links: list[PairedLink] = field(default_factory=list)


@dataclass
class Reading:
    parts: list[Part]
    drafts: list[Draft]
    notes: list[Note]


# ---------------------------------------------------------------------------------------------
# Parts and themes


def read_parts(layouts: Sequence[PageLayout]) -> list[Part]:
    parts: list[Part] = []
    for layout in layouts:
        if layout.kind != "part_intro":
            continue
        title = join_lines([ln.text for ln in layout.part_title])
        where = Where(layout.number, box_of(layout.part_title)) if layout.part_title else None
        parts.append(Part(len(parts) + 1, title, layout.number, where, layout.toc))
    return parts


def part_of(page: int, parts: Sequence[Part]) -> Part | None:
    before = [p for p in parts if p.intro_page < page]
    return before[-1] if before else None


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def theme_of(
    layout: PageLayout, part: Part | None, parts: Sequence[Part]
) -> tuple[str | None, Where | None]:
    """The page's theme: its header's, named as the table of contents names it; else the ToC's."""
    entries = part.toc if part is not None else [e for p in parts for e in p.toc]
    labels = {_fold(e.label): e for e in entries}
    for line in layout.header:
        head, colon, _ = line.text.partition(":")
        if colon and head.strip():
            entry = labels.get(_fold(head))
            theme = entry.label if entry is not None else head.strip()
            return theme, Where(layout.number, box_of([line]))
    header = _fold(" ".join(ln.text for ln in layout.header))
    named = [e for key, e in labels.items() if key and key in header]
    if named:
        best = max(named, key=lambda e: len(e.label))
        return best.label, Where(layout.number, box_of(layout.header))
    ranged = [e for e in sorted(entries, key=lambda e: e.page) if e.page <= layout.number]
    if ranged:
        entry = ranged[-1]
        return entry.label, _toc_where(entry, parts)
    return None, None


def _toc_where(entry: TocLine, parts: Sequence[Part]) -> Where | None:
    for part in parts:
        if entry in part.toc:
            return Where(part.intro_page, box_of(list(entry.lines)))
    return None


# ---------------------------------------------------------------------------------------------
# Resources from blocks


def _card(block: Block, page: int, notes: list[Note], index: int) -> Draft:
    assert block.type_line is not None
    type_text = block.type_line.text
    parsed = parse_type_line(type_text)
    if parsed is None:
        notes.append(
            Note(
                "unparseable-type-line",
                f"type line {type_text!r} is not `>Type (year)`; kept as the type",
                page,
                box_of([block.type_line]),
                index,
            )
        )
        rtype, year, year_end = type_text.lstrip("> ").strip() or None, None, None
    else:
        rtype, year, year_end = parsed.resource_type, parsed.year, parsed.year_end
    draft = Draft(
        page=page,
        part=None,
        theme=None,
        title=join_lines([ln.text for ln in block.title]),
        type_text=type_text,
        resource_type=rtype,
        year=year,
        year_end=year_end,
        publisher=join_lines([ln.text for ln in block.publisher]) or None,
        description=join_lines([ln.text for ln in block.blurb]) or None,
        group=None,
        area=box_of(block.lines()),
    )
    for name, lines in (
        ("title", block.title),
        ("publisher", block.publisher),
        ("description", block.blurb),
    ):
        if lines:
            draft.fields[name] = Where(page, box_of(lines))
    for name in ("resource_type", "year", "year_end"):
        if getattr(draft, name) is not None:
            draft.fields[name] = Where(page, box_of([block.type_line]))
    return draft


def _items(block: Block, page: int) -> list[Draft]:
    heading = heading_text([ln.text for ln in block.heading]) or None
    drafts = []
    for item in block.items:
        rtype, name = parse_group_item(item.text)
        draft = Draft(
            page=page,
            part=None,
            theme=None,
            title=name,
            type_text=item.text,
            resource_type=rtype,
            year=None,
            year_end=None,
            publisher=None,
            description=None,
            group=heading,
            area=box_of([item]),
        )
        draft.fields["title"] = Where(page, box_of([item]))
        if rtype is not None:
            draft.fields["resource_type"] = Where(page, box_of([item]))
        if block.heading:
            draft.fields["group"] = Where(page, box_of(block.heading))
        drafts.append(draft)
    return drafts


# ---------------------------------------------------------------------------------------------
# Links


def _area_overlap(a: BBox, b: BBox) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0.0) * max(h, 0.0)


def _holder(link: LinkAnnotation, drafts: Sequence[Draft], margin: float) -> Draft | None:
    """The resource whose area (grown by `margin`) holds the link's centre; the most overlapped."""
    cx, cy = (link.x0 + link.x1) / 2, (link.top + link.bottom) / 2
    rect = (link.x0, link.top, link.x1, link.bottom)
    held = [
        d
        for d in drafts
        if d.area[0] - margin <= cx <= d.area[2] + margin
        and d.area[1] - margin <= cy <= d.area[3] + margin
    ]
    if not held:
        return None
    return max(
        held,
        key=lambda d: (
            _area_overlap(rect, d.area),
            -(d.area[2] - d.area[0]) * (d.area[3] - d.area[1]),
        ),
    )


def _pair_annotations(
    layout: PageLayout, drafts: list[Draft], margin: float, notes: list[Note]
) -> None:
    for link in layout.links:
        holder = _holder(link, drafts, margin)
        where = Where(layout.number, (link.x0, link.top, link.x1, link.bottom))
        if holder is None:
            notes.append(
                Note(
                    "link-outside-resource",
                    f"link to {link.uri} lies outside every resource",
                    layout.number,
                    where.box,
                )
            )
            continue
        holder.links.append(PairedLink(link.uri, where, "annotation"))


def _similarity(a: str, b: str) -> int:
    """How alike two addresses are: links of one resource tend to share host and path."""
    ua, ub = urlsplit(a), urlsplit(b)
    score = 0
    if ua.netloc.lower() == ub.netloc.lower():
        score += 2
        sa, sb = ua.path.strip("/").split("/"), ub.path.strip("/").split("/")
        if sa[:1] == sb[:1]:
            score += 1
        if ua.path == ub.path:
            score += 1
    return score


def split_url_list(urls: Sequence[str], k: int) -> list[list[int]]:
    """Split the page's URL list (in link order) into `k` runs, one per resource in order.

    Repeated consecutive addresses stay together; the cuts go between the least alike
    neighbours, since the links of one resource usually point at one site.
    """
    if k <= 0 or not urls:
        return [[] for _ in range(max(k, 0))]
    runs: list[list[int]] = []
    for i, url in enumerate(urls):
        if runs and urls[runs[-1][-1]] == url:
            runs[-1].append(i)
        else:
            runs.append([i])
    if len(runs) <= k:
        return runs + [[] for _ in range(k - len(runs))]
    gaps = sorted(
        range(len(runs) - 1),
        key=lambda g: (_similarity(urls[runs[g][-1]], urls[runs[g + 1][0]]), g),
    )
    cuts = sorted(gaps[: k - 1])
    out: list[list[int]] = []
    start = 0
    for cut in [*cuts, len(runs) - 1]:
        out.append([i for run in runs[start : cut + 1] for i in run])
        start = cut + 1
    return out


def _pair_url_list(layout: PageLayout, drafts: list[Draft], notes: list[Note]) -> None:
    urls = [ln.text.strip() for ln in layout.url_list]
    groups = split_url_list(urls, len(drafts))
    distinct = len({(i, u) for i, u in enumerate(urls) if i == 0 or urls[i - 1] != u})
    if distinct != len(drafts):
        notes.append(
            Note(
                "link-list-mismatch",
                f"{len(urls)} printed URLs for {len(drafts)} resources and no link annotations: "
                "URLs paired in reading order, the extra ones by address similarity",
                layout.number,
                box_of(layout.url_list),
            )
        )
    for draft, members in zip(drafts, groups, strict=True):
        for i in members:
            ln = layout.url_list[i]
            draft.links.append(PairedLink(urls[i], Where(layout.number, box_of([ln])), "text"))


def _check_url_list(layout: PageLayout, notes: list[Note]) -> None:
    printed = [ln.text.strip() for ln in layout.url_list]
    annotated = [link.uri for link in layout.links]
    if printed and printed != annotated:
        missing = [u for u in annotated if u not in printed]
        extra = [u for u in printed if u not in annotated]
        detail = (
            "; ".join(
                filter(
                    None,
                    [
                        f"not in the printed list: {', '.join(missing)}" if missing else "",
                        f"printed but not annotated: {', '.join(extra)}" if extra else "",
                    ],
                )
            )
            or "same addresses in another order"
        )
        notes.append(
            Note(
                "link-list-mismatch",
                f"link annotations and the printed URL list disagree ({detail})",
                layout.number,
                box_of(layout.url_list),
            )
        )


# ---------------------------------------------------------------------------------------------


def read_resources(layouts: Sequence[PageLayout], body_size: float) -> Reading:
    parts = read_parts(layouts)
    drafts: list[Draft] = []
    notes: list[Note] = []
    for layout in layouts:
        notes += [Note(w.code, w.message, layout.number) for w in layout.warnings]
        if layout.kind != "content":
            continue
        part = part_of(layout.number, parts)
        theme, theme_where = theme_of(layout, part, parts)
        page_drafts: list[Draft] = []
        for block in layout.blocks:
            if block.kind == "card":
                page_drafts.append(
                    _card(block, layout.number, notes, len(drafts) + len(page_drafts))
                )
            else:
                page_drafts += _items(block, layout.number)
        for d in page_drafts:
            d.part = part.title if part is not None else None
            d.theme = theme
            if part is not None and part.title_where is not None:
                d.fields["part"] = part.title_where
            if theme_where is not None:
                d.fields["theme"] = theme_where
        if layout.links:
            _pair_annotations(layout, page_drafts, 0.6 * body_size, notes)
            _check_url_list(layout, notes)
        elif layout.url_list:
            _pair_url_list(layout, page_drafts, notes)
        if page_drafts and theme is None:
            notes.append(
                Note(
                    "theme-unknown",
                    "no header and no table-of-contents entry names this page's theme",
                    layout.number,
                )
            )
        for ln in layout.unassigned:
            notes.append(
                Note(
                    "text-outside-resource",
                    f"text not read as part of any resource: {ln.text[:60]!r}",
                    layout.number,
                    box_of([ln]),
                )
            )
        drafts += page_drafts
    return Reading(parts, drafts, notes)
