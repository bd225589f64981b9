"""The reading thresholds, in one place, each with the reason for its value.

Every threshold the layout and cards stages decide by is a field here, relative to the
document's own measures (font sizes, shares of pages or cards), never a point size or a word of
one design. `current()` gives the values in force: the defaults, or those a design file gives
(`catalogue extract --design FILE`, its `settings` section), set for one extraction with
`using`. Each field's type says what kind of quantity it is, and so what a large change of it
is: `make mutants` plants one in each field in turn (both ways), and a test must notice it.

The stages read the settings once per call (a page, a document), never per character.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace

# What a setting measures. A `Measure` is a multiple of a font size (or a size's tolerance), a
# `Factor` a ratio of two sizes or lengths around 1, a `Share` a part of a whole (0 to 1: of the
# cards, the page, the characters), a `Percent` a score out of 100, a `Count` a whole number (of
# lines, pages, paragraphs, characters). All are floats: a design file gives numbers.
Measure = float
Factor = float
Share = float
Percent = float
Count = float


@dataclass(frozen=True)
class LineSettings:
    """Characters into lines (`extract.layout.lines`)."""

    # A gap wider than this many sizes may be a gutter between two columns (a word space is a
    # third of a size, and justified text stretches it to about one): it splits the row where
    # the text after it starts at a column's edge.
    column_gap: Measure = 1.5
    # …and wider than this it always splits: no justified line stretches a space to five sizes.
    gutter_always: Measure = 5.0
    # A narrower gap, down to this many sizes, splits only at a column's edge or across a band
    # no row inks (a tight gutter in a narrow layout).
    gutter_min: Measure = 0.9
    # Lines start at a column's edge where at least this many of the page's lines start there:
    # a column holds three lines at least; two lines may start together by chance.
    edge_lines: Count = 3.0
    # Lines start at one edge within this many sizes of each other (a point at least): glyphs'
    # side bearings differ by hundredths of a size.
    edge_slack: Measure = 0.12
    # A gutter is a band this many sizes wide at least (two points at least) that hardly any
    # row inks: a quarter of a size is narrower than any column gap, wider than a kern.
    gutter_band: Measure = 0.25
    # …"hardly any": at most this share of the page's rows (one at least) ink it, so that a
    # heading run across the columns does not close their gutter.
    quiet_rows: Share = 0.05
    # A gap wider than this many sizes, with no space glyph, is a word space: kerning and
    # tracking open a letter's gap by a tenth of a size at most, a space is a quarter or more.
    word_gap: Measure = 0.18
    # A line is letter spaced (tracked) when at most this share of its letters' gaps are
    # narrow: a line set solid shows more within its first words.
    tracked_narrow: Share = 0.25
    # …and it has this many gaps at least: a word of three letters tells nothing of spacing.
    tracked_gaps: Count = 3.0
    # Baselines closer than this many sizes are one row: rounding moves a glyph by hundredths;
    # a superscript is raised a third of a size.
    baseline_tolerance: Measure = 0.25
    # Glyphs whose sizes differ by more than this factor are never of one line: a display
    # letter behind the text, where a heading is at most twice its body's size.
    size_jump: Factor = 2.5
    # Two copies of a glyph closer than this many sizes are one glyph painted twice (faux bold
    # offsets it by hundredths of a size; the next letter stands half a size on).
    overprint: Measure = 0.1


@dataclass(frozen=True)
class ToneSettings:
    """A colour's part in the design (`extract.layout.lines.tone`): light, dark, grey or a
    colour. Catalogues change accent colours from part to part; roles keep their tone."""

    # Channels that differ by more than this make a colour, not a grey: print greys are
    # neutral within a few hundredths, an accent's channels differ by a third and more.
    colourful: Share = 0.15
    # Ink lighter than this luminance is light: text on a dark ground, never ink on paper.
    light: Share = 0.6
    # Ink this light or lighter, short of light, is a mid grey: text set apart from the body's
    # near-black by its grey alone (#444 and lighter; #333 is still dark).
    mid_grey: Share = 0.25


@dataclass(frozen=True)
class MarkSettings:
    """Note calls, the small raised numbers after a title (`extract.layout.note_calls`)."""

    # A note call is at most this many characters: a few numbers in a list (`12,13`).
    chars: Count = 7.0
    # …set at most this share of its text's size: superscript figures are 0.6 to 0.8 of it.
    size: Factor = 0.82
    # …its baseline raised by at least this many of the text's sizes: superscripts are raised
    # a third of a size; glyphs of one baseline differ by hundredths.
    raised: Measure = 0.15
    # …starting within this many sizes of its text's end (glued to it, or a space after)…
    gap: Measure = 0.6
    # …or overlapping the text's end by this many sizes at most (a kerned superscript).
    overlap: Measure = 0.1


@dataclass(frozen=True)
class NeighbourSettings:
    """The line just above or below another (`extract.layout.neighbours`)."""

    # A line's neighbour sits within this many of the larger of their sizes: a paragraph's
    # lines and a card's roles are set closer; cards and a page's header stand further off.
    gap: Measure = 2.2
    # A line is above another when its bottom reaches at most this many of the other's sizes
    # below the other's top: tight leading makes a line's box overlap the next one's.
    overlap: Measure = 0.3


@dataclass(frozen=True)
class FurnitureSettings:
    """Page furniture: what recurs at the same place across pages (`extract.layout.furniture`)."""

    # A page's top and bottom bands, as a share of its height: where running heads, feet and
    # folios sit in every design that has them (liteparse and pdfrum use 12 %).
    band: Share = 0.12
    # A key is furniture when it comes back at one place on at least this many pages: two
    # pages may print the same words by chance, three make a template…
    min_pages: Count = 3.0
    # …or on two pages, in a document of at most this many pages (too short for three).
    short_document: Count = 6.0
    # …and at least this share of its lines (in its places' styles) stand in such places: a
    # key printed elsewhere as well is content.
    recurring_share: Share = 0.8
    # Two lines are at the same place when their vertical centres are at most this many sizes
    # apart (a line's height, give or take)…
    same_place: Measure = 0.6
    # …and at most this share of the page's height (display text is hundreds of points high).
    # A design file's running head or folio is found within twice this of where it was.
    same_share: Share = 0.015


@dataclass(frozen=True)
class ScaleSettings:
    """Pages set at their own scale (`extract.layout.scale`)."""

    # A page within 1 % of the document's sizes is at its scale: sizes are printed to 0.1 pt,
    # and 0.1 pt of an 8 pt body is 1.25 %.
    same: Measure = 0.011
    # A style stands for a document size within 4 % of its size at the document's scale: sizes
    # rounded to the half point after shrinking move by up to 0.25 pt, 3 % of an 8 pt body.
    snap: Measure = 0.04
    # At least this share of a page's characters must agree on its scale for it to be told.
    agreement: Share = 0.6
    # A page is at the document's scale unless another scale brings this much more of its
    # characters onto the document's sizes: a shrunk body may fall on a size the document prints
    # something else at (a running head say), and a heading seen nowhere else may fall on a size
    # at some scale; a shrunk page's roles, all of them, make a quarter of it and more.
    margin: Share = 0.25
    # A page shrunk to fit is shrunk a little: beyond these bounds the sizes are another
    # design's (a cover, a poster page), not this one's shrunk.
    lowest: Factor = 0.7
    highest: Factor = 1.3
    # A page's scale is looked for in steps this fine (a quarter of a percent: finer than sizes
    # printed to the tenth of a point tell).
    step: Measure = 0.0025


@dataclass(frozen=True)
class CallSettings:
    """Calls to action (`extract.layout.calls`)."""

    # A text printed on at least this share of the cards (and at least twice) comes back card
    # after card: a button, or a publisher's name. A publisher rarely covers a fifth of a
    # catalogue's resources; a button nearly all of them.
    share: Share = 0.2
    # …and it is printed after a body in most of its places (a publisher's name that recurs
    # from card to card is printed elsewhere in the card).
    after_body: Share = 0.6
    # …or it is nearly all its style prints: a button in a style of its own.
    own_style: Share = 0.8
    # A text on at least this share of the cards, wherever it sits but never next to a type
    # line (a button at the foot of a frame, or opening the card's text), is one too…
    common: Share = 0.5
    # …"never": on at most this share of its places (a card of type line and button only).
    next_to_type: Share = 0.2
    # A line shaped like a type line is a button only when printed on nearly every card, and
    # the cards' own type lines are nearly as many.
    typed: Share = 0.8
    # Lines this similar (0-100) to a learnt call are the same call with a typo.
    similar: Percent = 85.0
    # A line at most this many sizes under a line of its style goes on from it (line spacing);
    # a button in the body's style is set further apart.
    line_gap: Measure = 0.6
    # How many lines below a button are looked at for what follows it.
    chain: Count = 40.0


@dataclass(frozen=True)
class GrammarSettings:
    """A card's grammar (`extract.layout.grammar`)."""

    # How many paragraphs under a type line are read as its card's at most.
    chain: Count = 12.0
    # A card's title is set close over its type line: at most this many of the smaller size
    # between them (designs leave a fraction of a line; a page's header or the card before
    # stands a line or more off).
    head_gap: Measure = 1.5
    # Of two styles that may be the blurb, the one more cards print is, when the difference is
    # at least this share of the cards (one card in a short document).
    presence: Share = 0.05
    # The styles in most characters that are weighed as the blurb's.
    contenders: Count = 3.0
    # Of two styles every card prints, told apart by their paragraphs' lengths alone, the
    # blurb's is told without doubt when its paragraphs run to this many times the other's
    # lines (a description runs to three lines or more, a name to one).
    clear_depth: Factor = 2.0


@dataclass(frozen=True)
class CardSettings:
    """Cards read against the grammar (`extract.layout.blocks`)."""

    # A title sits at most this many of its sizes above its type line (two lines of a title
    # set loosely; further up is the card before, or a page's header).
    title_gap: Measure = 2.6
    # A wrapped address's next line starts at most this many sizes right of the first: a
    # note's number and its space ("12. https://…").
    note_indent: Measure = 3.0


@dataclass(frozen=True)
class TypographySettings:
    """Styles and leadings (`extract.layout.typography`)."""

    # Without a learnt leading, a style's next line is at most this many sizes below the last
    # (type set solid is 1.0, generous leading 1.5).
    default_leading: Measure = 1.3
    # Of two styles that may be the blurb, the one whose paragraphs run to this many times as
    # many lines is (a description runs on; a publisher's name takes a line or two).
    longer_paragraphs: Factor = 1.3


@dataclass(frozen=True)
class ReadingSettings:
    """The reading order of a page's blocks (`extract.layout.reading_order`)."""

    # A page's one column of blocks, at most this share of the width the document's blocks
    # span, is the first of several (a page filled down its first column); wider, it is the
    # page's only one.
    column_share: Share = 0.6


@dataclass(frozen=True)
class ContentsSettings:
    """Tables of contents (`extract.layout.toc`)."""

    # Rows of one table: their numbers' edges agree within this many sizes (a figure's width
    # and a half: right-aligned numbers of one and two figures).
    align: Measure = 1.5
    # A number and a label in two cells of a table row count as set this many characters
    # apart, when the readings of a page are weighed (as far as a short row of leaders).
    table_apart: Count = 8.0
    # A number and a label stand in one table row when their baselines are at most this many
    # sizes apart (each cell is set on its own, the baselines a few hundredths apart).
    cell_baseline: Measure = 0.35
    # A wrapped label's next line starts within this many sizes of the label's start…
    wrap_indent: Measure = 1.0
    # …and follows it within this many sizes (a line's leading, not a row's spacing).
    wrap_gap: Measure = 1.6
    # A part's title lines follow one another within this many sizes (its leading; the
    # introduction's text stands further off).
    title_gap: Measure = 1.2


@dataclass(frozen=True)
class ResourceSettings:
    """Resources read from the laid-out cards (`extract.cards.resources`)."""

    # A link annotation is a resource's when the resource's area grown by this many body
    # sizes holds its centre: a button's link box reaches a little past its text.
    link_margin: Measure = 0.6
    # A stray line this many body sizes from a resource may belong to it (a title's lost first
    # line sits a line or two above the rest).
    near: Measure = 2.5


@dataclass(frozen=True)
class Settings:
    lines: LineSettings = field(default_factory=LineSettings)
    tones: ToneSettings = field(default_factory=ToneSettings)
    marks: MarkSettings = field(default_factory=MarkSettings)
    scale: ScaleSettings = field(default_factory=ScaleSettings)
    neighbours: NeighbourSettings = field(default_factory=NeighbourSettings)
    furniture: FurnitureSettings = field(default_factory=FurnitureSettings)
    calls: CallSettings = field(default_factory=CallSettings)
    grammar: GrammarSettings = field(default_factory=GrammarSettings)
    cards: CardSettings = field(default_factory=CardSettings)
    typography: TypographySettings = field(default_factory=TypographySettings)
    reading: ReadingSettings = field(default_factory=ReadingSettings)
    contents: ContentsSettings = field(default_factory=ContentsSettings)
    resources: ResourceSettings = field(default_factory=ResourceSettings)

    def but(self, changes: Mapping[str, float]) -> Settings:
        """These settings with `changes` (`"scale.snap": 0.05`, …); an unknown name raises
        `KeyError`, a value of the wrong kind `TypeError`."""
        out = self
        for name, value in changes.items():
            group, _, key = name.partition(".")
            if group not in {f.name for f in fields(out)}:
                raise KeyError(name)
            part = getattr(out, group)
            if key not in {f.name for f in fields(part)}:
                raise KeyError(name)
            if not isinstance(value, int | float) or isinstance(value, bool):
                raise TypeError(f"{name}: a number, not {value!r}")
            out = replace(out, **{group: replace(part, **{key: float(value)})})
        return out

    def flat(self) -> dict[str, float]:
        """Every setting by its dotted name."""
        return {
            f"{group.name}.{f.name}": getattr(getattr(self, group.name), f.name)
            for group in fields(self)
            for f in fields(getattr(self, group.name))
        }


DEFAULT = Settings()


class _InForce:
    value: Settings = DEFAULT


_in_force = _InForce()


def current() -> Settings:
    """The settings in force: the defaults, or a design's for the extraction under way."""
    return _in_force.value


@contextmanager
def using(settings: Settings) -> Iterator[None]:
    """`settings` in force for the block (one extraction)."""
    previous = _in_force.value
    _in_force.value = settings
    try:
        yield
    finally:
        _in_force.value = previous
