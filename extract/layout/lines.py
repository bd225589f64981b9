"""Characters → lines: the first half of the layout stage, one page at a time.

A line is a run of upright characters on one baseline with no gap wider than a column gutter
could be; its style is the style most of its characters share. Rotated characters (a vertical
banner) become one line of their own. Coordinates stay in points from the page's top-left.

What the page's drawing does to its text is undone here, whatever made the PDF:
- a glyph painted twice at one place (faux bold, a shadow, visible text over an invisible copy)
  is read once;
- a small raised number just after a line's end (a note call, `TITRE¹`) is not part of the
  line's text: it is kept apart as the line's `marks`, for pairing notes with what calls them;
- each line remembers where its first glyph came in the content stream (`order`), the designer's
  own order, which tells down-the-columns from across-the-rows where geometry cannot.
"""

from __future__ import annotations

import itertools
import math
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from operator import attrgetter

from extract.document import RGB, Char, LinkAnnotation, PageContent, PageWarning
from extract.layout.note_calls import is_note_call, marks, split_note_call
from extract.settings import LineSettings, current
from extract.text import fold_ligatures

# The thresholds are `extract.settings.LineSettings` (`current().lines`), read once a page or
# once a call: the loops here run once a glyph.


StyleKey = tuple[str, float, str]


@dataclass(frozen=True, slots=True)
class Style:
    font: str
    size: float
    colour: RGB
    bold: bool
    italic: bool
    # On a page set at its own scale, the size this style has at the document's (see
    # `extract.layout.scale`); None where the page is at the document's scale.
    design_size: float | None = None
    # What identifies a role's style across the document: font, size at the document's scale
    # and tone. Worked out once: the layout asks for it hundreds of thousands of times in a long
    # catalogue.
    key: StyleKey = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        size = self.size if self.design_size is None else self.design_size
        object.__setattr__(self, "key", (self.font, size, tone(self.colour)))

    @property
    def tone(self) -> str:
        return self.key[2]


def tone(colour: RGB) -> str:
    """A colour's part in the design: light (on a dark ground), dark (ink), grey (a mid grey,
    which a role printed in the part's accent becomes in a greyscale edition) or a colour.

    Catalogues change accent colours from part to part; roles keep their tone.
    """
    r, g, b = colour
    tones = current().tones
    if max(r, g, b) - min(r, g, b) > tones.colourful:
        return "colour"
    luminance = 0.299 * r + 0.587 * g + 0.114 * b
    if luminance > tones.light:
        return "light"
    return "grey" if luminance >= tones.mid_grey else "dark"


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
    order: int = 0  # index of its first glyph in the page's content stream
    marks: tuple[str, ...] = ()  # note calls printed raised just after its end

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


def _tracking(chars: Sequence[Char], settings: LineSettings) -> float:
    """The letter spacing of a line set with tracking (`P A R T I E`): the gap every pair of its
    letters keeps, which is not a word space. 0 for text set solid, the common case. A line is
    tracked when nearly all its gaps are wide, not most: in a short line of short words set
    without space glyphs (`Ô et ! les`), half the gaps are word spaces."""
    threshold = settings.word_gap * chars[0].size
    # A line is tracked when at most a quarter of its gaps are narrow; most lines show more
    # than that within their first words, and are settled there.
    share = settings.tracked_narrow
    most_narrow = int((len(chars) - 1) * share)
    narrow = 0
    gaps: list[float] = []
    for p, c in itertools.pairwise(chars):
        if c.text.isspace() or p.text.isspace():
            continue
        gap = c.x0 - p.x1
        if gap <= threshold:
            narrow += 1
            if narrow > most_narrow:
                return 0.0
        gaps.append(gap)
    if len(gaps) < settings.tracked_gaps:
        return 0.0
    gaps.sort()
    # The spacing itself is the narrowest gap: in a short line of short words most gaps are
    # word spaces (`Ô  D E  !  -`), and kerning only ever adds a little to a letter's gap.
    return gaps[0] if gaps[int(len(gaps) * share)] > threshold else 0.0


def _line(
    page: int,
    chars: Sequence[Char],
    upright: bool = True,
    order: int = 0,
    marks: tuple[str, ...] = (),
) -> Line | None:
    parts: list[str] = []
    prev: Char | None = None
    settings = current().lines
    word_gap = settings.word_gap
    tracking = _tracking(chars, settings) if upright else 0.0
    for c in chars:
        if prev is not None and upright:
            gap = c.x0 - prev.x1 - tracking
            # Sizes are never negative, so a gap that is not positive is never a word space.
            if (
                gap > 0
                and gap > word_gap * max(c.size, prev.size)
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
        order=order,
        marks=marks,
    )


def _rows(chars: list[Char]) -> list[list[Char]]:
    """Upright characters grouped by baseline, each row sorted left to right."""
    chars.sort(key=_ROW_ORDER)
    rows: list[list[Char]] = []
    settings = current().lines
    tolerance = settings.baseline_tolerance
    for c in chars:
        if rows and abs(c.baseline - rows[-1][0].baseline) <= tolerance * min(
            c.size, rows[-1][0].size
        ):
            rows[-1].append(c)
        else:
            rows.append([c])
    for i, row in enumerate(rows):
        row.sort(key=_X0)
        rows[i] = _once(row, settings.overprint)
    return rows


def _once(row: list[Char], overprint: float) -> list[Char]:
    """The row with each glyph painted twice at one place (faux bold, a shadow, a visible copy
    over an invisible one) kept once (within `overprint` sizes). A row sorted by x puts such
    copies side by side."""
    out = [row[0]]
    for c in row[1:]:
        last = out[-1]
        if (
            c.text == last.text
            and not c.text.isspace()
            and abs(c.x0 - last.x0) <= overprint * c.size
            and abs(c.baseline - last.baseline) <= overprint * c.size
        ):
            continue
        out.append(c)
    return out


def _attach_marks(lines: list[Line]) -> list[Line]:
    """Lines with the note calls set on a row of their own (raised further than a baseline's
    tolerance) moved onto the line they follow."""
    settings = current().marks
    calls = [
        ln
        for ln in lines
        if ln.upright and len(ln.text) <= settings.chars and is_note_call(ln.text)
    ]
    if not calls:
        return lines
    gone: set[int] = set()
    marked: dict[int, tuple[str, ...]] = {}
    for call in calls:
        host = None
        for ln in lines:
            if ln is call or not ln.upright or id(ln) in gone:
                continue
            size = ln.style.size
            if (
                call.style.size <= settings.size * size
                and -settings.overlap * size <= call.x0 - ln.x1 <= settings.gap * size
                and call.baseline < ln.baseline - settings.raised * size
                and call.bottom > ln.top
            ):
                host = ln
                break
        if host is not None:
            gone.add(id(call))
            marked[id(host)] = marked.get(id(host), host.marks) + marks(call.text)
    if not gone:
        return lines
    return [
        replace(ln, marks=marked[id(ln)]) if id(ln) in marked else ln
        for ln in lines
        if id(ln) not in gone
    ]


def _split_row(row: list[Char], edges: Edges, scan: _Scan | None = None) -> list[list[Char]]:
    """Split a row into lines at column gutters, and set apart glyphs many times larger or
    smaller than the row's text (a display letter printed behind it, a drop cap)."""
    low = high = row[0].size
    for c in row:
        size = c.size
        if size < low:
            low = size
        elif size > high:
            high = size
    jump = edges.settings.size_jump
    if low > 0 and high < low * jump:  # one size class: the common case, counted out
        return _split_gaps(row, scan or _scan(row, edges.settings.gutter_min), edges)
    sizes = Counter(round(c.size, 1) for c in row if not c.text.isspace())
    main = sizes.most_common(1)[0][0] if sizes else row[0].size
    if main <= 0:  # glyphs of no size (a damaged or degenerate file): nothing to compare
        return _split_gaps(row, scan or _scan(row, edges.settings.gutter_min), edges)
    ours = [c for c in row if main / jump < c.size < main * jump]
    others = [c for c in row if not main / jump < c.size < main * jump]
    runs = _split_gaps(ours, _scan(ours, edges.settings.gutter_min), edges) if ours else []
    if others:
        runs += _split_row(others, edges)
    return runs


@dataclass(frozen=True, slots=True)
class _Scan:
    """One pass over a row sorted by x: the stretches its inked glyphs cover, and its gaps
    wider than `gutter_min` font sizes as (index of the char after the gap, the gap in font
    sizes, where the ink before it ends). Space glyphs do not fill a gap: justified text and a
    line's trailing space reach into a gutter without bridging it."""

    inked: list[tuple[float, float]]
    gaps: list[tuple[int, float, float]]


def _scan(row: list[Char], gutter_min: float) -> _Scan:
    inked: list[tuple[float, float]] = []
    gaps: list[tuple[int, float, float]] = []
    reach = -math.inf
    start = end = 0.0
    for i, c in enumerate(row):
        if c.text.isspace():
            continue
        x0, x1 = c.x0, c.x1
        if reach > -math.inf:
            size = c.size
            gap = (x0 - reach) / size if size > 0 else 0.0
            if gap > gutter_min:
                gaps.append((i, gap, reach))
            if x0 <= end + 0.5:
                if x1 > end:
                    end = x1
            else:
                inked.append((start, end))
                start, end = x0, x1
        else:
            start, end = x0, x1
        if x1 > reach:
            reach = x1
    if reach > -math.inf:
        inked.append((start, end))
    return _Scan(inked, gaps)


class Edges:
    """Where the page's text columns are: the x at which lines begin, and the vertical bands no
    row inks (gutters), both counted over the page.

    A gap wide enough for a gutter is one only where the text after it starts at such an edge,
    where it spans a band that no other row inks either, or where it is wider than any
    justified line would stretch a space: justified text in a narrow column opens gaps as wide
    as a gutter, but its words start anywhere and other rows ink its gaps."""

    def __init__(
        self, rows: list[list[Char]], scans: list[_Scan], width: float, settings: LineSettings
    ) -> None:
        self.settings = settings
        starts: Counter[int] = Counter()
        for row, scan in zip(rows, scans, strict=True):
            starts[round(row[0].x0)] += 1
            for i, gap, _ in scan.gaps:
                if gap > settings.column_gap:
                    starts[round(row[i].x0)] += 1
        self.starts = starts
        # Rows inking each point-wide band of the page, from a difference array of the rows'
        # inked stretches. Display letters many times the text's size are drawn across the
        # columns, behind them: they close no gutter.
        sizes = sorted(row[0].size for row in rows)
        text_size = sizes[len(sizes) // 2] if sizes else 0.0
        bins = max(int(width) + 2, 2)
        change = [0] * (bins + 1)
        for row, scan in zip(rows, scans, strict=True):
            if text_size > 0 and row[0].size >= settings.size_jump * text_size:
                continue
            for start, end in scan.inked:
                a, b = max(int(start), 0), min(int(end) + 1, bins)
                if a < b:
                    change[a] += 1
                    change[b] -= 1
        self.ink = list(itertools.accumulate(change))
        # A band this few rows ink is still a gutter.
        self.quiet = max(1, int(len(rows) * settings.quiet_rows))

    def is_edge(self, x: float, size: float) -> bool:
        """Whether lines start at `x` (give or take an eighth of the text's size, a point at
        least)."""
        k, reach = round(x), max(1, round(self.settings.edge_slack * size))
        return sum(self.starts[j] for j in range(k - reach, k + reach + 1)) >= (
            self.settings.edge_lines
        )

    def crosses_gutter(self, left: float, right: float, size: float) -> bool:
        """Whether the gap from `left` to `right` holds a band (a quarter of the text's size
        wide, two points at least) that hardly any row of the page inks."""
        run, wide = 0, max(2, round(self.settings.gutter_band * size))
        for k in range(int(left) + 1, min(int(right), len(self.ink))):
            run = run + 1 if self.ink[k] <= self.quiet else 0
            if run >= wide:
                return True
        return False


def _split_gaps(row: list[Char], scan: _Scan, edges: Edges) -> list[list[Char]]:
    cuts: set[int] = set()
    always = edges.settings.gutter_always
    for i, gap, left in scan.gaps:
        c = row[i]
        if gap > always or edges.is_edge(c.x0, c.size) or edges.crosses_gutter(left, c.x0, c.size):
            cuts.add(i)
    if not cuts:
        return [row]
    runs: list[list[Char]] = [[]]
    for i, c in enumerate(row):
        if i in cuts:
            runs.append([])
        runs[-1].append(c)
    return runs


def page_lines(page: PageContent) -> PageLines:
    """Lines of one page, top to bottom then left to right (not yet in reading order)."""
    upright = [c for c in page.chars if c.upright]
    rotated = [c for c in page.chars if not c.upright]
    index = {id(c): i for i, c in enumerate(page.chars)}
    lines: list[Line] = []
    settings = current().lines
    rows = _rows(upright)
    scans = [_scan(row, settings.gutter_min) for row in rows]
    edges = Edges(rows, scans, page.width, settings)
    for row, scan in zip(rows, scans, strict=True):
        for run in _split_row(row, edges, scan):
            text_chars, calls = split_note_call(run)
            order = min(map(index.__getitem__, map(id, run)))
            line = _line(page.number, text_chars, order=order, marks=calls)
            if line is not None:
                lines.append(line)
    if rotated:
        order = min(map(index.__getitem__, map(id, rotated)))
        line = _line(page.number, rotated, upright=False, order=order)
        if line is not None:
            lines.append(line)
    lines = _attach_marks(lines)
    return PageLines(
        number=page.number,
        width=page.width,
        height=page.height,
        lines=tuple(lines),
        links=page.links,
        warnings=page.warnings,
        char_count=len(page.chars),
    )
