"""Links of a page's resources, by whatever channel the design gives them.

- **Link annotations** belong to the resource whose area holds them (grown by a margin).
- **Addresses printed in a card** (under its text) are that card's.
- **Numbered notes** at the page foot (`1. https://…`) go to the resource whose title or item
  carries the note's call (`TITRE¹`).
- **A printed URL list** with no annotations is paired with the page's resources in reading
  order; when there are more addresses than resources, repeated addresses stay together and the
  cuts fall between the least similar neighbours (links of one resource usually point at one
  site), and a `link-list-mismatch` warning says the pairing was inferred.

With both annotations and a printed list, the annotations are used and checked against the
list.
"""

from __future__ import annotations

from collections.abc import Sequence
from urllib.parse import urlsplit

from extract.cards.drafts import Draft, Note, PairedLink, Where, box_of
from extract.document import LinkAnnotation
from extract.layout.lines import Line
from extract.layout.page import PageLayout


def url_text(lines: Sequence[Line]) -> str:
    """An address printed on `lines` (wrapped with no hyphen), as one string."""
    return "".join(ln.text.strip() for ln in lines)


def _area_overlap(
    a: tuple[float, float, float, float], b: tuple[float, float, float, float]
) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return max(w, 0.0) * max(h, 0.0)


def _covers(a: tuple[float, float, float, float], b: tuple[float, float, float, float]) -> bool:
    """Whether one rectangle covers most of the other (neighbouring lines' links touch at
    their edges; a link written as one rectangle over two lines covers another's words)."""
    smaller = min((r[2] - r[0]) * (r[3] - r[1]) for r in (a, b))
    return smaller > 0 and _area_overlap(a, b) > 0.5 * smaller


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


def pair_annotations(
    layout: PageLayout, drafts: list[Draft], margin: float, notes: list[Note], first: int = 0
) -> None:
    """Each link annotation to the resource whose area holds it (`first`: the index of the
    page's first resource in the document, for warnings)."""
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
    for i, draft in enumerate(drafts):
        draft.links = _main_first(draft, notes, first + i)


def _main_first(draft: Draft, notes: list[Note], index: int) -> list[PairedLink]:
    """A resource's links with the one on its call to action (else its title) first, then the
    others top to bottom: the order a reader meets them, not the order they were written in.
    Two addresses on the same words leave no order to read: the file's is kept, and said."""

    def rank(link: PairedLink) -> tuple[int, float, float]:
        box = link.where.box
        for i, handle in enumerate(draft.handles):
            if _area_overlap(box, handle) > 0:
                return (i, 0.0, 0.0)
        return (len(draft.handles), round(box[1], 1), round(box[0], 1))

    ordered = sorted(draft.links, key=rank)
    ranks = [rank(link) for link in ordered]
    # Tied: at one rank, or covering one another (a link wrapped over two lines written as one
    # rectangle may cover another link's words: where each begins cannot be read).
    tied = [
        link
        for i, link in enumerate(ordered)
        if (i and ranks[i - 1] == ranks[i])
        or (i + 1 < len(ranks) and ranks[i + 1] == ranks[i])
        or any(
            other.url != link.url and _covers(link.where.box, other.where.box)
            for other in ordered
            if other is not link
        )
    ]
    if len({link.url for link in tied}) > 1:
        urls = ", ".join(dict.fromkeys(link.url for link in tied))
        notes.append(
            Note(
                "link-order-unknown",
                f"{len(tied)} links cover the same words ({urls}): their order (and, for the "
                "first, which is the resource's own) cannot be read; the file's is kept",
                draft.page,
                tied[0].where.box,
                index,
            )
        )
    return ordered


def pair_printed_in_cards(
    layout: PageLayout, drafts: list[Draft], blocks_urls: list[list[list[Line]]]
) -> None:
    """Addresses printed inside each card are that card's (one list per card draft)."""
    for draft, urls in zip(drafts, blocks_urls, strict=True):
        for lines in urls:
            draft.links.append(
                PairedLink(url_text(lines), Where(layout.number, box_of(lines)), "text")
            )


def pair_notes(
    layout: PageLayout, drafts: list[Draft], calls: list[tuple[str, ...]], notes: list[Note]
) -> None:
    """Numbered notes to the resources whose titles call them (`calls`, one per draft)."""
    by_number: dict[str, list[int]] = {}
    for i, note in enumerate(layout.notes):
        by_number.setdefault(note.number, []).append(i)
    used: set[int] = set()
    if any(calls):
        for draft, marks in zip(drafts, calls, strict=True):
            for mark in marks:
                for i in by_number.get(mark, []):
                    note = layout.notes[i]
                    draft.links.append(
                        PairedLink(note.url, Where(layout.number, box_of(list(note.lines))), "text")
                    )
                    used.add(i)
        left = [n for i, n in enumerate(layout.notes) if i not in used]
        if left:
            notes.append(
                Note(
                    "link-list-mismatch",
                    f"{len(left)} printed note(s) called by no resource: "
                    + ", ".join(f"{n.number}. {n.url}" for n in left),
                    layout.number,
                    box_of([ln for n in left for ln in n.lines]),
                )
            )
        return
    # No call printed (or none read): the notes are a list in reading order.
    pair_url_list(
        layout,
        drafts,
        [list(n.lines) for n in layout.notes],
        [n.url for n in layout.notes],
        notes,
        what="numbered notes with no call read",
    )


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


def pair_url_list(
    layout: PageLayout,
    drafts: list[Draft],
    placed: list[list[Line]],
    urls: list[str],
    notes: list[Note],
    what: str = "printed URLs",
) -> None:
    groups = split_url_list(urls, len(drafts))
    if layout.order_assumed and len(drafts) > 1:
        notes.append(
            Note(
                "link-list-order-unknown",
                f"the page's {len(drafts)} resources read down the columns or across the rows "
                "alike, and nothing tells which: its printed URLs are paired in the order "
                f"assumed ({layout.order}); check them",
                layout.number,
                box_of([ln for lines in placed for ln in lines]),
            )
        )
    distinct = len({(i, u) for i, u in enumerate(urls) if i == 0 or urls[i - 1] != u})
    if distinct != len(drafts):
        notes.append(
            Note(
                "link-list-mismatch",
                f"{len(urls)} {what} for {len(drafts)} resources and no link annotations: "
                "URLs paired in reading order, the extra ones by address similarity",
                layout.number,
                box_of([ln for lines in placed for ln in lines]),
            )
        )
    for draft, members in zip(drafts, groups, strict=True):
        for i in members:
            draft.links.append(PairedLink(urls[i], Where(layout.number, box_of(placed[i])), "text"))


def check_url_list(layout: PageLayout, notes: list[Note]) -> None:
    printed = [url_text(lines) for lines in layout.url_list]
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
                box_of([ln for lines in layout.url_list for ln in lines]),
            )
        )
