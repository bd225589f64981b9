"""The styles of the catalogue's roles, learnt from the whole document.

Nothing here knows a font, a size or a colour of any design. A card's type line is found by its
text (`>` then a type and a year); everything else is learnt from where lines sit relative to
type lines, voted over every page:

- the body is the commonest style of the text on pages with cards (blurbs are the bulk);
- a call to action is a line printed after a card's body, whose words come back card after card
  (typos and all: near-identical lines count); a lone one, in a short document, is a line that
  opens with an arrow (`>>`, `→`) after a body;
- the card title's style is the style that recurs just above type lines;
- the publisher's is the style, other than the body's, that recurs just below them;
- each style's leading is the commonest distance between the baselines of two of its lines that
  follow one another, which tells a paragraph's next line from the next paragraph.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz

from extract.layout.furniture import Furniture
from extract.layout.lines import Line, PageLines, StyleKey
from extract.layout.neighbours import above, below
from extract.text import has_address, is_type_line, is_url, looks_like_cta, parse_group_item

# A text printed after a body on at least this share of the cards (and at least twice) is the
# design's call to action; lines this similar to it (0-100) are the same call with a typo.
CTA_SHARE = 0.2
CTA_SIMILAR = 85
# …and it is printed after a body in most of its places (a publisher's name that recurs from
# card to card is printed after the type line).
AFTER_BODY_SHARE = 0.6
# A text on at least this share of the cards, wherever it sits, is the call to action too.
CTA_COMMON = 0.5
# …and a line shaped like a type line must be printed on nearly every card to be one.
CTA_TYPED = 0.8
# Without a learnt leading, a style's next line is at most this many sizes below the last.
DEFAULT_LEADING = 1.3
# How many lines under a type line are looked at for the body's style.
CHAIN = 40


@dataclass(frozen=True)
class Typography:
    """The styles of the catalogue's roles, as this document prints them."""

    body: StyleKey | None
    title: StyleKey | None
    publisher: StyleKey | None
    cta: StyleKey | None
    cta_texts: frozenset[str] = frozenset()
    leading: dict[StyleKey, float] = field(default_factory=dict)

    @property
    def body_size(self) -> float:
        return self.body[1] if self.body is not None else 10.0

    def line_step(self, style: StyleKey) -> float:
        """How far below a line of `style` its paragraph's next line may be (baselines)."""
        size = style[1]
        return self.leading.get(style, DEFAULT_LEADING * size) + 0.3 * size

    def is_cta(self, line: Line, up: Line | None) -> bool:
        """Whether `line` (with `up` the line printed just above it) is a call to action."""
        key = fold(line.text)
        if key in self.cta_texts:
            return True
        after_body = up is not None and self.body is not None and up.style.key == self.body
        if self.cta is not None and line.style.key == self.cta and self.cta != self.body:
            return True  # the button's own style (learnt, or given with --design)
        if not after_body:
            return False
        if any(fuzz.ratio(key, known) >= CTA_SIMILAR for known in self.cta_texts):
            return True
        return looks_like_cta(line.text)


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


def _most_common(
    styles: Iterable[StyleKey], exclude: Sequence[StyleKey | None] = ()
) -> StyleKey | None:
    counts = Counter(s for s in styles if s not in exclude)
    return counts.most_common(1)[0][0] if counts else None


def content_lines(page: PageLines, furniture: Furniture) -> list[Line]:
    """The page's upright lines that are not furniture."""
    return [
        ln
        for i, ln in enumerate(page.lines)
        if ln.upright and furniture.kind(page.number, i) is None
    ]


def learn_typography(pages: Sequence[PageLines], furniture: Furniture | None = None) -> Typography:
    furniture = furniture or Furniture()
    card_pages = [
        (page, lines)
        for page in pages
        if (lines := content_lines(page, furniture)) and any(is_type_line(ln.text) for ln in lines)
    ]
    body = _body(card_pages)
    cta_texts = _cta_texts(card_pages, body)
    above_type: list[StyleKey] = []
    below_type: list[StyleKey] = []
    ctas: list[StyleKey] = []
    for _, lines in card_pages:
        for ln in lines:
            if fold(ln.text) in cta_texts:
                ctas.append(ln.style.key)
        for anchor in (ln for ln in lines if is_type_line(ln.text)):
            if fold(anchor.text) in cta_texts:
                continue
            down = below(anchor, lines)
            # Only a type line with card text under it votes: a group's items are followed by
            # other items or by nothing, and their heading is no card title.
            if (
                down is None
                or is_type_line(down.text)
                or fold(down.text) in cta_texts
                or is_url(down.text)  # the address printed under a group's item
            ):
                continue
            up = above(anchor, lines)
            if up is not None and not is_type_line(up.text) and fold(up.text) not in cta_texts:
                above_type.append(up.style.key)
            below_type.append(down.style.key)
    title = _most_common(above_type)
    cta = _most_common(ctas)
    # A publisher may share the title's style: it is told apart by its place, below the type.
    publisher = _most_common(below_type, exclude=[body, cta])
    return Typography(
        body=body,
        title=title,
        publisher=publisher,
        cta=cta,
        cta_texts=frozenset(cta_texts),
        leading=_leadings(lines for _, lines in card_pages),
    )


def _body(card_pages: Sequence[tuple[PageLines, list[Line]]]) -> StyleKey | None:
    """The body's style: what is printed just above the lines that end cards (an arrow line, or
    a text that comes back card after card), else what a card prints two lines under its type
    line, else the commonest style of card text."""
    text_chars: Counter[StyleKey] = Counter()
    # A text that comes back in one style: a title that happens to repeat a blurb's words is
    # not the blurb coming back.
    counts: Counter[tuple[str, StyleKey]] = Counter()
    # Lines shaped like type lines, by text and style, with the page's lines around each.
    shaped: dict[tuple[str, StyleKey], list[tuple[Line, list[Line]]]] = defaultdict(list)
    anchors = 0
    for _, lines in card_pages:
        for ln in lines:
            if is_type_line(ln.text):
                # A group's item names its type with a colon: no card of its own.
                if parse_group_item(ln.text)[0] is None:
                    anchors += 1
                    shaped[(fold(ln.text), ln.style.key)].append((ln, lines))
            elif not is_url(ln.text):
                text_chars[ln.style.key] += len(ln.text)
                counts[(fold(ln.text), ln.style.key)] += 1
    recurring = {k for k, n in counts.items() if n >= 2 and n >= CTA_SHARE * anchors}
    # A line shaped like a type line (`> Pour accéder…`) that nearly every card prints, besides
    # its type line, where nothing of a card follows it, is a button: one a card, as many as the
    # other type lines. (Cards that all share one type line print it no more often than they
    # have type lines.)
    for k, found in shaped.items():
        if len(found) < 2:
            continue  # the common case: a type line of its own
        n = sum(1 for ln, lines in found if _ends_a_card(ln, lines))
        if n >= 2 and n >= CTA_TYPED * (anchors - n) and anchors - n >= CTA_TYPED * n:
            recurring.add(k)

    def arrow(ln: Line) -> bool:
        return looks_like_cta(ln.text)

    def recurs(ln: Line) -> bool:
        return (fold(ln.text), ln.style.key) in recurring

    def alone(ln: Line, lines: list[Line]) -> bool:
        """Not a line of a paragraph: neither neighbour is set in its style (a button is a
        line of its own; a blurb's words may repeat from card to card, its style with them)."""
        return all(
            near is None or near.style.key != ln.style.key
            for near in (above(ln, lines), below(ln, lines))
        )

    # Arrow lines first (they say what they are), then lines that come back card after card.
    for ends in (arrow, recurs):
        votes: Counter[StyleKey] = Counter()
        for _, lines in card_pages:
            for ln in lines:
                if not ends(ln) or not alone(ln, lines):
                    continue
                up = above(ln, lines)
                if up is None or is_type_line(up.text) or ends(up):
                    continue
                if up.style.key != ln.style.key:
                    votes[up.style.key] += 1
        if votes:
            return votes.most_common(1)[0][0]
    # Else the text a card prints under its type line, down to the next card: its blurb says
    # the most (a publisher comes first, in fewer words), the next card's title excluded.
    # The next card's title stops the walk: the line just above a type line, or any line in
    # the titles' style, unless cards also open their text in that style (a design may set its
    # titles as its blurbs; then only their place tells them).
    typed = [(lines, [ln for ln in lines if is_type_line(ln.text)]) for _, lines in card_pages]
    tops = {id(up) for lines, marks in typed for a in marks if (up := above(a, lines))}
    opening = {down.style.key for lines, marks in typed for a in marks if (down := below(a, lines))}
    below_type: Counter[StyleKey] = Counter()
    for lines, marks in typed:
        for anchor in marks:
            up = above(anchor, lines)
            title = up.style.key if up is not None and up.style.key not in opening else None
            line = below(anchor, lines)
            for _ in range(CHAIN):
                if (
                    line is None
                    or is_type_line(line.text)
                    or id(line) in tops
                    or line.style.key == title
                ):
                    break
                if not is_url(line.text) and " " in line.text.strip():
                    below_type[line.style.key] += len(line.text)  # words, not an address
                line = below(line, lines)
    if below_type:
        return below_type.most_common(1)[0][0]
    return text_chars.most_common(1)[0][0] if text_chars else None


def _ends_a_card(line: Line, lines: list[Line]) -> bool:
    """Whether nothing of a card follows `line`: nothing at all but addresses (a page's notes),
    or the next card's title (lines of one style, then a type line). A type line is followed by
    its card's text, which may run to the page's end."""
    down = below(line, lines)
    while down is not None and has_address(down.text):
        down = below(down, lines)
    if down is None or is_type_line(down.text):
        return True
    for _ in range(CHAIN):
        nxt = below(down, lines)
        if nxt is None:
            return False
        if nxt.style.key != down.style.key:
            return is_type_line(nxt.text)
        down = nxt
    return False


def _cta_texts(
    card_pages: Sequence[tuple[PageLines, list[Line]]], body: StyleKey | None
) -> set[str]:
    """Texts printed after a body on many cards: the design's calls to action."""
    after_body: Counter[str] = Counter()
    everywhere: Counter[str] = Counter()
    followed_by: dict[str, list[str]] = defaultdict(list)
    next_to_type: Counter[str] = Counter()
    in_paragraph: Counter[str] = Counter()  # followed by more text in its own style
    anchors = 0  # type lines of cards (a group's item names its type with a colon)
    for _, lines in card_pages:
        for ln in lines:
            key = fold(ln.text)
            everywhere[key] += 1
            if is_type_line(ln.text) and parse_group_item(ln.text)[0] is None:
                anchors += 1
            up = above(ln, lines)
            down = below(ln, lines)
            if any(near is not None and is_type_line(near.text) for near in (up, down)):
                next_to_type[key] += 1
            if down is not None and down.style.key == ln.style.key:
                in_paragraph[key] += 1
            # Under the body's text; a type line set in the body's style is no text (a group's
            # second item is under its first).
            if (
                up is not None
                and body is not None
                and up.style.key == body
                and not is_type_line(up.text)
            ):
                after_body[key] += 1
                followed_by[key].append(fold(down.text) if down is not None else "")
    found = {
        key
        for key, n in after_body.items()
        if n >= 2 and n >= CTA_SHARE * anchors and n >= AFTER_BODY_SHARE * everywhere[key]
    }
    # A button set apart from the text (at the foot of its card's frame) is not just after the
    # body; it is a text that comes back on most cards, and never next to a type line.
    found |= {
        key
        for key, n in everywhere.items()
        if n >= 2
        and n >= CTA_COMMON * (anchors - n if is_type_line(key) else anchors)
        and next_to_type[key] <= 0.2 * n
        # A line shaped like a type line (`> Pour accéder…`) is a call to action when nearly
        # every card prints it besides its own type line: no type and year is shared by so many
        # resources, and cards that all share one type line print it only once each.
        and (
            not is_type_line(key)
            or (n >= CTA_TYPED * (anchors - n) and anchors - n >= CTA_TYPED * n)
        )
    }
    # The call ends its card: a recurring last line of blurb is followed by the call itself,
    # and a line a paragraph goes on after is a line of that paragraph.
    return {
        key
        for key in found
        if sum(nxt in found for nxt in followed_by[key]) * 2 < len(followed_by[key])
        and in_paragraph[key] * 2 < everywhere[key]
    }


def _leadings(pages: Iterable[list[Line]]) -> dict[StyleKey, float]:
    """Each style's commonest baseline-to-baseline distance between consecutive lines."""
    steps: dict[StyleKey, Counter[float]] = defaultdict(Counter)
    for lines in pages:
        for ln in lines:
            down = below(ln, lines)
            if down is None or down.style.key != ln.style.key:
                continue
            step = down.baseline - ln.baseline
            if 0.5 * ln.style.size < step < 3 * ln.style.size:
                steps[ln.style.key][round(step, 1)] += 1
    return {style: counts.most_common(1)[0][0] for style, counts in steps.items()}
