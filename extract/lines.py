"""Characters → lines: the first half of the layout stage, one page at a time.

A line is a run of upright characters on one baseline with no gap wider than a column gutter
could be; its style is the style most of its characters share. Rotated characters (a vertical
banner) become one line of their own. Coordinates stay in points from the page's top-left.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from operator import attrgetter

from extract.document import RGB, Char, LinkAnnotation, PageContent, PageWarning
from extract.text import fold_ligatures

# A gap wider than this many font sizes splits a row into two lines (two columns side by side);
# word spaces are a quarter of that, so no justified line comes near it.
COLUMN_GAP = 1.5
# A gap wider than this many font sizes, with no space character, is a word space.
WORD_GAP = 0.18
# Baselines closer than this many font sizes are one row.
BASELINE_TOLERANCE = 0.25


StyleKey = tuple[str, float, str]


@dataclass(frozen=True, slots=True)
class Style:
    font: str
    size: float
    colour: RGB
    bold: bool
    italic: bool

    @property
    def tone(self) -> str:
        """A colour's part in the design: light (on a dark ground), dark (ink) or a colour.

        Catalogues change accent colours from part to part; roles keep their tone.
        """
        r, g, b = self.colour
        if max(r, g, b) - min(r, g, b) > 0.15:
            return "colour"
        luminance = 0.299 * r + 0.587 * g + 0.114 * b
        return "light" if luminance > 0.6 else "dark"

    @property
    def key(self) -> StyleKey:
        """What identifies a role's style across the document: font, size and tone."""
        return (self.font, self.size, self.tone)


@dataclass(frozen=True, slots=True)
class Line:
    page: int
    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    baseline: float
    style: Style
    upright: bool = True

    @property
    def height(self) -> float:
        return self.bottom - self.top

    def overlaps_x(self, other: Line, slack: float = 0.0) -> bool:
        return self.x0 - slack < other.x1 and other.x0 - slack < self.x1


@dataclass(frozen=True, slots=True)
class PageLines:
    """A page reduced to what later stages need: its lines, links and reading problems."""

    number: int
    width: float
    height: float
    lines: tuple[Line, ...]
    links: tuple[LinkAnnotation, ...]
    warnings: tuple[PageWarning, ...]
    char_count: int


# What a char's style is made of, read in one call (a page has about 1,500 chars).
_STYLE_FIELDS = attrgetter("font", "size", "colour", "bold", "italic")
_ROW_ORDER = attrgetter("baseline", "x0")
_X0 = attrgetter("x0")


def style_of(chars: Sequence[Char]) -> Style:
    ink = [c for c in chars if c.text.strip()]
    first = _STYLE_FIELDS(ink[0] if ink else chars[0])
    # Most lines are of one style throughout: then it is theirs, with nothing to count.
    if all(_STYLE_FIELDS(c) == first for c in ink):
        font, size, colour, bold, italic = first
        return Style(font, round(size, 1), colour, bold, italic)
    return _commonest_style(ink)


def _commonest_style(ink: Sequence[Char]) -> Style:
    counts = Counter((c.font, round(c.size, 1), c.colour, c.bold, c.italic) for c in ink)
    return Style(*counts.most_common(1)[0][0])


def _line(page: int, chars: Sequence[Char], upright: bool = True) -> Line | None:
    parts: list[str] = []
    prev: Char | None = None
    for c in chars:
        if prev is not None and upright:
            gap = c.x0 - prev.x1
            # Sizes are never negative, so a gap that is not positive is never a word space.
            if (
                gap > 0
                and gap > WORD_GAP * max(c.size, prev.size)
                and not (c.text.isspace() or prev.text.isspace())
            ):
                parts.append(" ")
        parts.append(c.text)
        prev = c
    text = fold_ligatures("".join(parts)).strip()
    ink = [c for c in chars if c.text.strip()]
    if not text or not ink:
        return None
    # Field by field over the line's chars (51 lines a page): one pass to transpose them, then
    # each extreme and each style attribute is a builtin call over a column.
    _, x0s, x1s, tops, bottoms, _, sizes, fonts, bolds, italics, colours, _ = zip(*ink, strict=True)
    if (
        len(set(fonts)) == 1
        and len(set(sizes)) == 1
        and len(set(colours)) == 1
        and len(set(bolds)) == 1
        and len(set(italics)) == 1
    ):
        style = Style(fonts[0], round(sizes[0], 1), colours[0], bolds[0], italics[0])
    else:
        style = _commonest_style(ink)
    return Line(
        page=page,
        text=" ".join(text.split()) if not upright else text,
        x0=min(x0s),
        top=min(tops),
        x1=max(x1s),
        bottom=max(bottoms),
        baseline=ink[0].baseline,
        style=style,
        upright=upright,
    )


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Upright characters grouped by baseline, each row sorted left to right."""
    chars.sort(key=_ROW_ORDER)
    rows: list[list[Char]] = []
    for c in chars:
        if rows and abs(c.baseline - rows[-1][0].baseline) <= BASELINE_TOLERANCE * c.size:
            rows[-1].append(c)
        else:
            rows.append([c])
    for row in rows:
        row.sort(key=_X0)
    return rows


def _split_row(row: list[Char]) -> list[list[Char]]:
    """Split a row where nothing at all, not even a space character, fills a wide gap."""
    runs: list[list[Char]] = [[row[0]]]
    reach = row[0].x1
    for c in row[1:]:
        if c.x0 - reach > COLUMN_GAP * c.size:
            runs.append([])
        runs[-1].append(c)
        if c.x1 > reach:
            reach = c.x1
    return runs


def page_lines(page: PageContent) -> PageLines:
    """Lines of one page, top to bottom then left to right (not yet in reading order)."""
    upright = [c for c in page.chars if c.upright]
    rotated = [c for c in page.chars if not c.upright]
    lines: list[Line] = []
    for row in _rows(upright):
        for run in _split_row(row):
            line = _line(page.number, run)
            if line is not None:
                lines.append(line)
    if rotated:
        line = _line(page.number, rotated, upright=False)
        if line is not None:
            lines.append(line)
    return PageLines(
        number=page.number,
        width=page.width,
        height=page.height,
        lines=tuple(lines),
        links=page.links,
        warnings=page.warnings,
        char_count=len(page.chars),
    )
