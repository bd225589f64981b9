"""Page furniture: what recurs at the same place across pages, whatever its words.

Folios ("3", "— 3 —", "3 / 39", "Page 3"), running heads and feet, a word set large in the
artwork, a rotated side banner: none of it belongs to a resource, and a design can put any of it
anywhere. It is found the way page-association methods find headers and footers (HFEPA, GROBID's
repetitive patterns, pdf-struct): each line is keyed by its text with case and spacing folded
and digit runs masked (`— 3 —` and `— 4 —` share the key `— # —`), and a key that comes back at
the same place on several pages, once a page, is furniture. Guards keep card text out, since
cards in fixed slots also put the same words at the same place from page to page (a publisher
printed on many cards):

- a key whose lines mostly sit elsewhere too is content, not furniture;
- a type line, an address, and a line printed just above or below a type line never are;
- between the page's top and bottom bands, a line in a style that cards use (the body's, or one
  printed next to type lines) is not furniture either: what recurs there is decoration, set in
  a style of its own.

A folio-like line (a number alone, or with a word or dashes) in the top or bottom band of its
page is furniture even where it does not recur, and gives the page's printed number: the
document's offset between printed and PDF page numbers is the commonest difference, which a
table of contents needs to find its pages.

Rotated text is furniture by nature (a side banner), so are lines with no ink worth reading
(a lone punctuation mark).
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

import regex

from extract.document import LinkAnnotation
from extract.layout.calls import looks_like_cta
from extract.layout.lines import Line, PageLines, StyleKey
from extract.layout.neighbours import above, below
from extract.settings import current
from extract.text import has_address, is_type_line, is_url

FurnitureKind = Literal["folio", "running", "banner", "decoration"]

# The bands, how often and how nearly at one place a key must recur, and how much larger than
# card text display text is, are `extract.settings` (`FurnitureSettings`, `LineSettings.size_jump`).

_DIGITS = regex.compile(r"\d+")
_SPACES = regex.compile(r"\s+")
# What a folio looks like once its digits are masked: a number alone, between dashes or bars,
# with a word before it ("Page #", "p. #"), or over the page count ("# / #").
_FOLIO = regex.compile(
    r"^[\p{Pd}\p{Z}|·•\[\](){}<>]*(?:\p{L}{1,6}\.?\s*)?#(?:\s*(?:/|sur|of|de)\s*#)?"
    r"[\p{Pd}\p{Z}|·•\[\](){}<>]*$"
)
_NUMBER = regex.compile(r"\d{1,4}")


def mask(text: str) -> str:
    """A line's furniture key: case and spacing folded, digit runs as `#`."""
    return str(_DIGITS.sub("#", _SPACES.sub(" ", text.casefold()).strip()))


@dataclass(frozen=True)
class Pattern:
    """One recurring piece of furniture, for the design summary."""

    kind: FurnitureKind
    key: str
    pages: tuple[int, ...]
    top: float  # share of the page's height from its top edge, where it sits


@dataclass
class Furniture:
    """The furniture of a document: which lines, what kind, and the printed page numbers."""

    lines: dict[tuple[int, int], FurnitureKind] = field(default_factory=dict)  # (page, index)
    folios: dict[int, int] = field(default_factory=dict)  # PDF page → printed number
    patterns: list[Pattern] = field(default_factory=list)

    def kind(self, page: int, index: int) -> FurnitureKind | None:
        return self.lines.get((page, index))

    def offset(self) -> int | None:
        """PDF page − printed number, the commonest over the pages that print one."""
        if not self.folios:
            return None
        counts = Counter(page - number for page, number in self.folios.items())
        offset, agreeing = counts.most_common(1)[0]
        # Page numbers go up with the pages: numbers that do not (a "Partie 2" label) are no
        # folios, and one page alone says little.
        if agreeing * 2 < len(self.folios) or (agreeing < 2 < len(self.folios)):
            return None
        return offset

    def on_page(self, page: int) -> set[int]:
        return {i for (p, i) in self.lines if p == page}


def _in_band(line: Line, height: float, band: float) -> bool:
    """Whether `line` stands in its page's top or bottom band (`band`, a share of the page)."""
    return height > 0 and (line.bottom <= band * height or line.top >= (1 - band) * height)


def _candidate(line: Line) -> bool:
    """Lines that may be furniture: not a type line, nor an address or a note giving one (a
    page with one note prints it at the same place as the next page's), nor a line opening
    with an arrow (a button that a one-card-a-page design prints at one place)."""
    text = line.text
    return (
        line.upright
        and not is_type_line(text)
        and not is_url(text)
        and not has_address(text)
        and not looks_like_cta(text)
    )


def _linked(line: Line, links: Sequence[LinkAnnotation]) -> bool:
    """Whether a link annotation covers most of the line: a button or a title, not furniture
    (a display letter behind a card's link is not covered by it)."""
    area = (line.x1 - line.x0) * (line.bottom - line.top)
    for a in links:
        w = min(a.x1, line.x1) - max(a.x0, line.x0)
        h = min(a.bottom, line.bottom) - max(a.top, line.top)
        if w > 0 and h > 0 and w * h >= 0.5 * area:
            return True
    return False


def _card_styles(pages: Sequence[PageLines]) -> tuple[set[StyleKey], set[int], set[int]]:
    """The styles card text is set in, the lines printed next to a type line, and the pages
    that print type lines (pages of cards)."""
    chars: Counter[StyleKey] = Counter()
    styles: set[StyleKey] = set()
    neighbours: set[int] = set()
    card_pages: set[int] = set()
    jump = current().lines.size_jump
    for page in pages:
        upright = [ln for ln in page.lines if ln.upright]
        anchors = [ln for ln in upright if is_type_line(ln.text)]
        if not anchors:
            continue
        card_pages.add(page.number)
        for ln in upright:
            if not is_type_line(ln.text) and not is_url(ln.text):
                chars[ln.style.key] += len(ln.text)
        for anchor in anchors:
            for near in (above(anchor, upright), below(anchor, upright)):
                # A display letter many times the type line's size is near everything.
                if near is not None and near.style.size < jump * anchor.style.size:
                    styles.add(near.style.key)
                    neighbours.add(id(near))
    if chars:
        styles.add(chars.most_common(1)[0][0])
    return styles, neighbours, card_pages


def find_furniture(pages: Sequence[PageLines]) -> Furniture:
    settings = current().furniture
    share = settings.band
    found = Furniture()
    card_styles, next_to_cards, card_pages = _card_styles(pages)
    # key → page → lines with that key on that page
    by_key: dict[str, dict[int, list[tuple[int, Line]]]] = defaultdict(lambda: defaultdict(list))
    heights = {p.number: p.height for p in pages}
    banners: dict[str, list[tuple[int, Line]]] = defaultdict(list)
    for page in pages:
        for i, line in enumerate(page.lines):
            if not line.upright:
                found.lines[(page.number, i)] = "banner"
                banners[mask(line.text)].append((page.number, line))
                continue
            if not _candidate(line) or id(line) in next_to_cards or _linked(line, page.links):
                continue
            if line.style.key in card_styles and not _in_band(line, page.height, share):
                continue
            by_key[mask(line.text)][page.number].append((i, line))
    for key, placed in banners.items():
        first_page, first = placed[0]
        found.patterns.append(
            Pattern(
                "banner",
                key,
                tuple(sorted({p for p, _ in placed})),
                round(_centre(first, heights[first_page]), 3),
            )
        )
    min_pages = 2 if len(pages) <= settings.short_document else settings.min_pages
    card_size = max((style[1] for style in card_styles), default=0.0)
    folio_places: list[_FolioPlace] = []
    for key, on_pages in by_key.items():
        folio_places += _recurring(key, on_pages, heights, min_pages, card_size, found)
    _folios(folio_places, card_pages, found)
    for key, on_pages in by_key.items():
        _display(key, on_pages, card_size, heights, card_pages, found)
    # A folio-like line alone in its band, recurring or not (several are a list, not a folio:
    # the last rows of a table of contents).
    for page in pages:
        bands: dict[bool, list[tuple[int, Line]]] = defaultdict(list)
        for i, line in enumerate(page.lines):
            if not _candidate(line) or not _in_band(line, page.height, share):
                continue
            key = mask(line.text)
            if "#" in key and _FOLIO.match(key):
                bands[line.top < page.height / 2].append((i, line))
        for band in bands.values():
            if len(band) != 1:
                continue
            i, line = band[0]
            number = _NUMBER.search(line.text)
            # A page number is within the document's length of the page's own (a year in a
            # card's title that a shrunk page brings up into the band is none).
            if number is not None and abs(int(number.group()) - page.number) > len(pages):
                continue
            found.lines[(page.number, i)] = "folio"
            if number is not None and page.number not in found.folios:
                found.folios[page.number] = int(number.group())
    found.patterns.sort(key=lambda p: (p.pages[0], p.top, p.key))
    return found


@dataclass(frozen=True)
class _FolioPlace:
    """A recurring place whose number counts the pages: a folio, unless a better one is."""

    key: str
    entries: tuple[tuple[int, int, Line], ...]  # (page, index, line)
    numbers: dict[int, int]  # page → printed number
    offset: int  # PDF page − printed number, the commonest
    top: float


def _folios(places: list[_FolioPlace], card_pages: set[int], found: Furniture) -> None:
    """Folios, from the places whose numbers count the pages. A page prints one page number:
    a place on whose pages a wider-spread folio already counts differently is something else
    (the one row of a table of contents that each part's introduction prints at one place, its
    number one past the page's own). So is a place on none of the pages of cards, which every
    folio numbers: the first row of the introductions' tables, whose number may well be the
    page's own."""
    kept: dict[int, int] = {}  # page → offset of the folio kept there
    for place in sorted(places, key=lambda p: (-len(p.entries), p.top, p.key)):
        if card_pages and not card_pages & set(place.numbers):
            continue
        clashing = [p for p in place.numbers if p in kept and kept[p] != place.offset]
        if clashing and len(clashing) * 2 >= len(place.numbers):
            continue
        for page in place.numbers:
            kept.setdefault(page, place.offset)
        for page, i, _ in place.entries:
            found.lines[(page, i)] = "folio"
        for page, number in place.numbers.items():
            found.folios.setdefault(page, number)
        pages = tuple(sorted({page for page, _, _ in place.entries}))
        found.patterns.append(Pattern("folio", place.key, pages, round(place.top, 3)))


def _recurring(
    key: str,
    on_pages: dict[int, list[tuple[int, Line]]],
    heights: dict[int, float],
    min_pages: float,
    card_size: float,
    found: Furniture,
) -> list[_FolioPlace]:
    """Mark the places where `key` recurs as furniture; places that may be folios are given
    back, to be weighed against each other (see `_folios`)."""
    if len(on_pages) < min_pages:
        return []
    settings = current().furniture
    jump = current().lines.size_jump
    entries = [(page, i, ln) for page, items in on_pages.items() for i, ln in items]
    # Places: lines of this key whose vertical centres (as a share of the page) agree with the
    # place's first; not with its last, or a line that moves a little from page to page (a
    # button under blurbs of every length) would chain into one place.
    places: list[list[tuple[int, int, Line]]] = []
    for entry in sorted(entries, key=lambda e: _centre(e[2], heights[e[0]])):
        page, _, line = entry
        centre = _centre(line, heights[page])
        tolerance = min(
            settings.same_place * line.style.size / max(heights[page], 1.0), settings.same_share
        )
        if places and abs(_centre(places[-1][0][2], heights[places[-1][0][0]]) - centre) <= (
            tolerance
        ):
            places[-1].append(entry)
        else:
            places.append([entry])
    recurring = [
        place
        for place in places
        if len({page for page, _, _ in place}) >= min_pages
        and len({page for page, _, _ in place}) == len(place)  # once a page
    ]
    # Lines of the key in another style are another use of its words (the catalogue's title on
    # its cover, also its running foot), not the same text elsewhere.
    styles = {ln.style.key for place in recurring for _, _, ln in place}
    same = sum(1 for _, _, ln in entries if ln.style.key in styles)
    share = sum(len(place) for place in recurring) / max(same, 1)
    if not recurring or share < settings.recurring_share:
        return []
    folios: list[_FolioPlace] = []
    digits_only = not regex.sub(r"[#\W]", "", key)
    # Text the page's template places stands at one place; text of a card's size that stands at
    # several, between the bands, follows what is above it (a button under blurbs of a few
    # lengths). Display letters are placed by the artwork, wherever it puts them.
    moving = len(places) > 1 and all(ln.style.size < jump * card_size for _, _, ln in entries)
    for place in recurring:
        pages = tuple(sorted(page for page, _, _ in place))
        first_page, _, first = place[0]
        top = _centre(first, heights[first_page])
        numbers = {
            page: int(n.group())
            for page, _, line in place
            if (n := _NUMBER.search(line.text)) is not None
        }
        steps = Counter(page - n for page, n in numbers.items())
        counting = bool(steps) and steps.most_common(1)[0][1] * 2 > len(place)
        if (digits_only or _FOLIO.match(key)) and counting:
            # A folio counts the pages: its number goes up with them (a "Partie 2" does not).
            offset = steps.most_common(1)[0][0]
            folios.append(_FolioPlace(key, tuple(place), numbers, offset, top))
            continue
        kind: FurnitureKind
        if top <= settings.band or top >= 1 - settings.band:
            kind = "running"
        elif moving:
            continue
        else:
            kind = "decoration"
        for page, i, _ in place:
            found.lines[(page, i)] = kind
        found.patterns.append(Pattern(kind, key, pages, round(top, 3)))
    return folios


def _display(
    key: str,
    on_pages: dict[int, list[tuple[int, Line]]],
    card_size: float,
    heights: dict[int, float],
    card_pages: set[int],
    found: Furniture,
) -> None:
    """Display text many times larger than any card's text, printed once on each of several
    pages: decoration, even where the layout moves it from page to page (a word set large in
    the artwork)."""
    # Card text is never that large, so two pages are enough to tell.
    # On one page only when that page holds cards and the text dwarfs them: a part's title on
    # its introduction is large too, but on a page without cards.
    if card_size <= 0 or (len(on_pages) < 2 and not set(on_pages) <= card_pages):
        return
    jump = current().lines.size_jump
    entries = [(page, i, ln) for page, items in on_pages.items() for i, ln in items]
    if any(len(items) > 1 for items in on_pages.values()) or any(
        ln.style.size < jump * card_size for _, _, ln in entries
    ):
        return
    if len(on_pages) < 2 and any(ln.style.size < jump**2 * card_size for _, _, ln in entries):
        return
    new = [(page, i) for page, i, _ in entries if (page, i) not in found.lines]
    if not new:
        return
    for page, i in new:
        found.lines[(page, i)] = "decoration"
    first_page, _, first = entries[0]
    pages = tuple(sorted(on_pages))
    found.patterns.append(
        Pattern("decoration", key, pages, round(_centre(first, heights[first_page]), 3))
    )


def _centre(line: Line, height: float) -> float:
    return ((line.top + line.bottom) / 2) / height if height > 0 else 0.0
