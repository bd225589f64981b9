"""A source laid out anew: the same content on pages of another capacity.

Another design holds another number of cards a page, so its pages, its tables of contents and
the page of every record change while nothing else does. `repaginate` gives the source of that
edition, in `catalogue-source/1`, so that its expected records come from `samples.expected` as
the sample's do, never from the extractor.

Rules, as an editor would apply them: the cover and the introduction stay pages 1 and 2 and the
back cover stays last; each part opens on its intro page; each theme starts on a new page and
its blocks (cards, and a group as one block) follow in source order, `capacity` a page; a
table-of-contents entry points at its theme's first page; a page's URL list is its blocks' links
in order. What was printed on one page of the old design only (a page label, a side banner's
chunks) is dropped: producers print their own page furniture.
"""

from __future__ import annotations

from collections.abc import Sequence

from samples.source import Block, Page, Part, Source, TocEntry, block_urls


def _themes(source: Source, part: Part) -> list[tuple[TocEntry, list[Page]]]:
    """Each ToC entry of `part` with the source pages it covers, in order."""
    entries = sorted(part.toc, key=lambda e: e.page)
    pages = sorted((p for p in source.pages if p.part == part.number), key=lambda p: p.page)
    out: list[tuple[TocEntry, list[Page]]] = []
    for i, entry in enumerate(entries):
        end = entries[i + 1].page if i + 1 < len(entries) else None
        covered = [p for p in pages if p.page >= entry.page and (end is None or p.page < end)]
        out.append((entry, covered))
    return out


def _chunks(blocks: Sequence[Block], capacity: int) -> list[list[Block]]:
    return [list(blocks[i : i + capacity]) for i in range(0, len(blocks), capacity)] or [[]]


def repaginate(source: Source, capacity: int) -> Source:
    """`source` with every theme's blocks set `capacity` to a page (see the module's rules)."""
    if capacity < 1:
        raise ValueError("a page holds at least one block")
    number = 2  # pages 1 and 2: cover and introduction
    parts: list[Part] = []
    pages: list[Page] = []
    for part in sorted(source.parts, key=lambda p: p.number):
        number += 1
        intro = number
        toc: list[TocEntry] = []
        for entry, old_pages in _themes(source, part):
            blocks = [b for p in old_pages for b in p.blocks]
            header = next((p.header_lines for p in old_pages if p.header_lines), [])
            theme = old_pages[0].theme if old_pages else entry.label
            toc.append(entry.model_copy(update={"page": number + 1, "lines": [entry.label]}))
            for chunk in _chunks(blocks, capacity):
                number += 1
                pages.append(
                    Page(
                        page=number,
                        part=part.number,
                        theme=theme,
                        header_lines=list(header),
                        blocks=chunk,
                        trailing_urls=block_urls(chunk),
                    )
                )
        parts.append(part.model_copy(update={"intro_page": intro, "toc": toc}))
    return source.model_copy(update={"parts": parts, "pages": pages})
