"""The reading thresholds, in one place, each with the reason for its value.

Every threshold the layout and cards stages decide by is a field here, relative to the
document's own measures (font sizes, shares of pages or cards), never a point size or a word of
one design. `current()` gives the values in force: the defaults, or those a design file gives
(`catalogue extract --design FILE`, its `settings` section), set for one extraction with
`using`. `make mutants` plants a change in each field in turn; a test must notice it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, fields, replace


@dataclass(frozen=True)
class ScaleSettings:
    """Pages set at their own scale (`extract.layout.scale`)."""

    # A page within 1 % of the document's sizes is at its scale: sizes are printed to 0.1 pt,
    # and 0.1 pt of an 8 pt body is 1.25 %.
    same: float = 0.011
    # A style stands for a document size within 4 % of its size at the document's scale: sizes
    # rounded to the half point after shrinking move by up to 0.25 pt, 3 % of an 8 pt body.
    snap: float = 0.04
    # At least this share of a page's characters must agree on its scale for it to be told.
    agreement: float = 0.6
    # A page is at the document's scale unless another scale brings this much more of its
    # characters onto the document's sizes: a shrunk body may fall on a size the document prints
    # something else at (a running head say), and a heading seen nowhere else may fall on a size
    # at some scale; a shrunk page's roles, all of them, make a quarter of it and more.
    margin: float = 0.25
    # A page shrunk to fit is shrunk a little: beyond these bounds the sizes are another
    # design's (a cover, a poster page), not this one's shrunk.
    lowest: float = 0.7
    highest: float = 1.3
    # A page's scale is looked for in steps this fine (a quarter of a percent: finer than sizes
    # printed to the tenth of a point tell).
    step: float = 0.0025


@dataclass(frozen=True)
class CallSettings:
    """Calls to action (`extract.layout.calls`)."""

    # A text printed on at least this share of the cards (and at least twice) comes back card
    # after card: a button, or a publisher's name. A publisher rarely covers a fifth of a
    # catalogue's resources; a button nearly all of them.
    share: float = 0.2
    # …and it is printed after a body in most of its places (a publisher's name that recurs
    # from card to card is printed elsewhere in the card).
    after_body: float = 0.6
    # …or it is nearly all its style prints: a button in a style of its own.
    own_style: float = 0.8
    # A text on at least this share of the cards, wherever it sits but never next to a type
    # line (a button at the foot of a frame, or opening the card's text), is one too…
    common: float = 0.5
    # …"never": on at most this share of its places (a card of type line and button only).
    next_to_type: float = 0.2
    # A line shaped like a type line is a button only when printed on nearly every card, and
    # the cards' own type lines are nearly as many.
    typed: float = 0.8
    # Lines this similar (0-100) to a learnt call are the same call with a typo.
    similar: float = 85.0
    # A line at most this many sizes under a line of its style goes on from it (line spacing);
    # a button in the body's style is set further apart.
    line_gap: float = 0.6
    # How many lines below a button are looked at for what follows it.
    chain: float = 40.0


@dataclass(frozen=True)
class GrammarSettings:
    """A card's grammar (`extract.layout.grammar`)."""

    # How many paragraphs under a type line are read as its card's at most.
    chain: float = 12.0
    # A card's title is set close over its type line: at most this many of the smaller size
    # between them (designs leave a fraction of a line; a page's header or the card before
    # stands a line or more off).
    head_gap: float = 1.5
    # Of two styles that may be the blurb, the one more cards print is, when the difference is
    # at least this share of the cards (one card in a short document).
    presence: float = 0.05
    # The styles in most characters that are weighed as the blurb's.
    contenders: float = 3.0


@dataclass(frozen=True)
class CardSettings:
    """Cards read against the grammar (`extract.layout.blocks`)."""

    # A title sits at most this many of its sizes above its type line (two lines of a title
    # set loosely; further up is the card before, or a page's header).
    title_gap: float = 2.6
    # A wrapped address's next line starts at most this many sizes right of the first: a
    # note's number and its space ("12. https://…").
    note_indent: float = 3.0


@dataclass(frozen=True)
class TypographySettings:
    """Styles and leadings (`extract.layout.typography`)."""

    # Without a learnt leading, a style's next line is at most this many sizes below the last
    # (type set solid is 1.0, generous leading 1.5).
    default_leading: float = 1.3
    # Of two styles that may be the blurb, the one whose paragraphs run to this many times as
    # many lines is (a description runs on; a publisher's name takes a line or two).
    longer_paragraphs: float = 1.3


@dataclass(frozen=True)
class Settings:
    scale: ScaleSettings = field(default_factory=ScaleSettings)
    calls: CallSettings = field(default_factory=CallSettings)
    grammar: GrammarSettings = field(default_factory=GrammarSettings)
    cards: CardSettings = field(default_factory=CardSettings)
    typography: TypographySettings = field(default_factory=TypographySettings)

    def but(self, changes: Mapping[str, float]) -> Settings:
        """These settings with `changes` (`"scale.snap": 0.05`, …); an unknown name raises
        `KeyError`, a value of the wrong kind `TypeError`."""
        out = self
        for name, value in changes.items():
            group, _, key = name.partition(".")
            part = getattr(out, group, None)
            if part is None or key not in {f.name for f in fields(part)}:
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
