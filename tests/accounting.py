"""Every line of a page of cards is accounted for: read into exactly one card or group, or the
page's header, printed addresses or notes, or its furniture, or left over and then said (a
`text-outside-resource` warning on its page). Nothing is dropped without a word."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from extract.layout.lines import Line
from extract.layout.page import PageLayout
from extract.pipeline import lay_out_document, read_document
from schemas.models import Catalogue

Key = tuple[float, float]


def _key(line: Line) -> Key:
    # A line's place on its page: its text may be rewritten on the way (note calls taken off).
    return (round(line.top, 2), round(line.x0, 2))


def _placed(layout: PageLayout) -> Counter[Key]:
    lines: list[Line] = [ln for ln, _ in layout.furniture]
    lines += layout.header + layout.unassigned
    lines += [ln for url in layout.url_list for ln in url]
    lines += [ln for note in layout.notes for ln in note.lines]
    lines += [ln for block in layout.blocks for ln in block.lines()]
    return Counter(_key(ln) for ln in lines)


def unaccounted(pdf: Path, catalogue: Catalogue) -> list[str]:
    """What the extraction of `pdf` (which gave `catalogue`) left unaccounted for, one string a
    line or a page: lines read twice or never, and left-over lines no warning names."""
    _, pages = read_document(pdf, jobs=1)
    laid = lay_out_document(pages, None)
    said = Counter(w.page for w in catalogue.warnings if w.code == "text-outside-resource")
    problems: list[str] = []
    for page, layout in zip(laid.pages, laid.layouts, strict=True):
        if layout.kind != "content":
            continue
        placed = _placed(layout)
        for line in page.lines:
            n = placed[_key(line)]
            if n != 1:
                problems.append(f"p{page.number} placed {n} times: {line.text!r}")
        if said[page.number] != len(layout.unassigned):
            problems.append(
                f"p{page.number}: {len(layout.unassigned)} lines left over, "
                f"{said[page.number]} said"
            )
    return problems
