"""Cards stage: laid-out pages → draft resources, with parts, themes and links paired.

Parts come from the tables of contents (`extract.layout.toc`); a page's part is the last part whose
introduction comes before it. A page's theme is the one its header names (`Mobilité : comment …
?` → `Mobilité`, spelled as the table of contents spells it, or a table label found whole in a
running head), else the table-of-contents entry whose page range holds the page. Links are
paired by `extract.cards.links`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import regex

from extract.cards.drafts import Draft, Note, Part, Reading, TocItem, Where, box_of
from extract.cards.links import (
    check_url_list,
    pair_annotations,
    pair_notes,
    pair_printed_in_cards,
    pair_url_list,
    url_text,
)
from extract.layout.calls import is_card_type_line, looks_like_cta
from extract.layout.lines import Line
from extract.layout.page import Block, PageLayout
from extract.layout.toc import Contents
from extract.settings import current
from extract.text import (
    heading_text,
    is_type_line,
    is_url,
    join_lines,
    parse_group_item,
    parse_type_line,
)

__all__ = ["Draft", "Note", "Part", "Reading", "Where", "read_parts", "read_resources"]


# ---------------------------------------------------------------------------------------------
# Parts and themes


def read_parts(contents: Contents) -> list[Part]:
    parts: list[Part] = []
    for part in contents.parts:
        where = Where(part.intro_page, box_of(part.title_lines)) if part.title_lines else None
        toc = [
            TocItem(target, row.number, row.label, Where(part.intro_page, box_of(list(row.lines))))
            for row, target in zip(part.toc.rows, part.toc.targets, strict=True)
        ]
        parts.append(Part(part.number, part.title, part.intro_page, where, toc))
    return parts


def part_of(page: int, parts: Sequence[Part]) -> Part | None:
    before = [p for p in parts if p.intro_page < page]
    return before[-1] if before else None


def _fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _contains(text: str, label: str) -> bool:
    return bool(regex.search(rf"(?<!\w){regex.escape(label)}(?!\w)", text))


def theme_of(
    layout: PageLayout, part: Part | None, parts: Sequence[Part]
) -> tuple[str | None, Where | None]:
    """The page's theme: its header's, named as the table of contents names it; else the ToC's."""
    entries = part.toc if part is not None else [e for p in parts for e in p.toc]
    labels = {_fold(e.label): e for e in entries}
    first = min((b.top for b in layout.blocks), default=layout.height)
    header = [*layout.header, *(ln for ln, _ in layout.furniture if ln.bottom <= first + 0.5)]
    header.sort(key=lambda ln: (ln.top, ln.x0))
    for line in header:
        head, colon, _ = line.text.partition(":")
        if colon and head.strip():
            entry = labels.get(_fold(head))
            if entry is not None or line in layout.header:
                theme = entry.label if entry is not None else head.strip()
                return theme, Where(layout.number, box_of([line]))
    for line in header:
        text = _fold(line.text)
        named = [e for key, e in labels.items() if key and _contains(text, key)]
        if named:
            best = max(named, key=lambda e: len(e.label))
            return best.label, Where(layout.number, box_of([line]))
    ranged = [e for e in sorted(entries, key=lambda e: e.page) if e.page <= layout.number]
    if ranged:
        entry = ranged[-1]
        return entry.label, entry.where
    return None, None


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
    if block.cta is not None:
        draft.handles.append(box_of([block.cta]))
    if block.title:
        draft.handles.append(box_of(block.title))
    _check_card(block, draft, page, notes, index)
    return draft


ROLE_NAMES = {"title": "title", "publisher": "publisher", "blurb": "description", "cta": "button"}


def _check_card(block: Block, draft: Draft, page: int, notes: list[Note], index: int) -> None:
    """Doubts a card's own reading raises: a title that reads like another role, a description
    made of lines in several styles (a button or a page's text taken in), text that goes on in
    an order the edition's cards do not print."""
    if block.off_grammar is not None:
        role, lines = block.off_grammar
        notes.append(
            Note(
                "off-grammar",
                f"the card goes on with what reads as a {ROLE_NAMES.get(role, role)} "
                f"({lines[0].text[:40]!r}) where the edition's cards print none: left out of "
                "it; the card may be read short",
                page,
                box_of(lines),
                index,
            )
        )
    if draft.title and (
        is_type_line(draft.title) or is_url(draft.title) or looks_like_cta(draft.title)
    ):
        notes.append(
            Note(
                "doubtful-title",
                f"title {draft.title[:60]!r} reads like a type line, an address or a call to "
                "action: the card may have been read in the wrong order",
                page,
                box_of(block.title),
                index,
            )
        )
    styles = {ln.style.key for ln in block.blurb}
    if len(styles) > 1:
        main = Counter(ln.style.key for ln in block.blurb).most_common(1)[0][0]
        odd = [ln for ln in block.blurb if ln.style.key != main]
        notes.append(
            Note(
                "mixed-styles",
                f"description joins lines set in {len(styles)} styles "
                f"({odd[0].text[:40]!r} stands apart): a button, a note or other text may "
                "have been taken in",
                page,
                box_of(odd),
                index,
            )
        )


def _items(block: Block, page: int, notes: list[Note], first: int) -> list[Draft]:
    heading = heading_text([ln.text for ln in block.heading]) or None
    if heading is None:
        notes.append(
            Note(
                "group-without-heading",
                f"{len(block.items)} item(s) printed as a list with no heading above them: "
                "their group is unknown, or they are cards whose other fields were not read",
                page,
                box_of(block.items),
                first,
            )
        )
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


def _calls(block: Block) -> list[tuple[str, ...]]:
    """The note calls of each resource of a block: on its title's lines, or on its item."""
    if block.kind == "group":
        return [item.marks for item in block.items]
    marks: tuple[str, ...] = ()
    for ln in [*block.title, *([block.type_line] if block.type_line else [])]:
        marks += ln.marks
    return [marks]


def _page_resources(
    layout: PageLayout, first_index: int, notes: list[Note]
) -> tuple[list[Draft], list[tuple[str, ...]]]:
    """The page's drafts in reading order, and the note calls each prints."""
    drafts: list[Draft] = []
    calls: list[tuple[str, ...]] = []
    for block in layout.blocks:
        if block.kind == "card":
            drafts.append(_card(block, layout.number, notes, first_index + len(drafts)))
        else:
            drafts += _items(block, layout.number, notes, first_index + len(drafts))
        calls += _calls(block)
    return drafts, calls


def _nearest(line: Line, layout: PageLayout, body_size: float) -> int | None:
    """The resource (index among the page's drafts) a stray line may be missing from: of those
    it touches or sits just above or below in its column, the one with a line in its style
    nearest to it (a title's lost first line goes with the title under it), else the nearest."""
    reach = current().resources.near * body_size
    best: tuple[bool, float, int] | None = None
    index = 0
    for block in layout.blocks:
        lines = block.lines()
        count = len(block.items) if block.kind == "group" else 1
        near = [ln for ln in lines if ln.x0 < line.x1 and line.x0 < ln.x1]
        if near:
            gaps = [(max(ln.top - line.bottom, line.top - ln.bottom, 0.0), ln) for ln in near]
            same = [g for g, ln in gaps if ln.style.key == line.style.key]
            distance = min(g for g, _ in gaps)
            key = (not same or min(same) > reach, min(same) if same else distance, index)
            if distance <= reach and (best is None or key < best):
                best = key
        index += count
    return None if best is None else best[2]


def read_resources(layouts: Sequence[PageLayout], contents: Contents, body_size: float) -> Reading:
    parts = read_parts(contents)
    drafts: list[Draft] = []
    notes: list[Note] = []
    for layout in layouts:
        notes += [Note(w.code, w.message, layout.number) for w in layout.warnings]
        if layout.kind != "content":
            continue
        part = part_of(layout.number, parts)
        theme, theme_where = theme_of(layout, part, parts)
        page_drafts, calls = _page_resources(layout, len(drafts), notes)
        if part is None and parts:
            notes += [
                Note(
                    "part-unknown",
                    f"resource {d.title[:60]!r} comes before the first part's introduction "
                    f"(page {parts[0].intro_page}): no part is known for it",
                    layout.number,
                    d.area,
                    len(drafts) + i,
                )
                for i, d in enumerate(page_drafts)
            ]
        for d in page_drafts:
            d.part = part.title if part is not None else None
            d.theme = theme
            if part is not None and part.title_where is not None:
                d.fields["part"] = part.title_where
            if theme_where is not None:
                d.fields["theme"] = theme_where
        in_cards = [
            url
            for block in layout.blocks
            for urls in (block.item_urls if block.kind == "group" else [block.urls])
            for url in urls
        ]
        pair_printed_in_cards(
            layout,
            page_drafts,
            [
                urls
                for block in layout.blocks
                for urls in (block.item_urls if block.kind == "group" else [block.urls])
            ],
        )
        if layout.links:
            margin = current().resources.link_margin * body_size
            pair_annotations(layout, page_drafts, margin, notes, len(drafts))
            check_url_list(layout, notes)
        elif layout.notes:
            pair_notes(layout, page_drafts, calls, notes)
        elif layout.url_list and not in_cards:
            pair_url_list(
                layout,
                page_drafts,
                layout.url_list,
                [url_text(lines) for lines in layout.url_list],
                notes,
            )
        if page_drafts and theme is None:
            notes.append(
                Note(
                    "theme-unknown",
                    "no header and no table-of-contents entry names this page's theme",
                    layout.number,
                )
            )
        for ln in layout.unassigned:
            near = _nearest(ln, layout, body_size)
            what = (
                "a resource's type line read in no card (its resource is missing)"
                if is_card_type_line(ln.text)
                else "text not read as part of any resource"
            )
            notes.append(
                Note(
                    "text-outside-resource",
                    f"{what}: {ln.text[:60]!r}"
                    + (" (next to this resource: check it)" if near is not None else ""),
                    layout.number,
                    box_of([ln]),
                    None if near is None else len(drafts) + near,
                )
            )
        drafts += page_drafts
    return Reading(parts, drafts, notes)
