"""Calls to action: the button (`>> Pour accéder à la ressource`) a card prints, learnt from the
document and recognised on its pages. Every decision about a call to action is here.

A call to action is a line of its own whose words come back card after card (typos and all:
near-identical lines count), wherever the design prints it in the card:

- after the body's text on many cards (the usual button closing a card);
- or in a style of its own, which hardly prints anything else, and not where a publisher goes
  (just under the type line): a button anywhere in the card;
- or on most cards, never next to a type line (a button set apart at the foot of a frame, or
  opening the card's text after its title or publisher).

A line shaped like a type line (`> Pour accéder…`) is a call only when nearly every card prints
it besides its own type line. In a document too short for texts to come back, a line that opens
with an arrow (`>>`, `→`) after a body is one, and so is a line of the learnt call's style.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

import regex
from rapidfuzz import fuzz

from extract.layout.lines import Line, StyleKey
from extract.layout.neighbours import above, below
from extract.settings import current
from extract.text import has_address, is_type_line, parse_group_item

# An arrow that opens a line: how a button or a "read more" line is usually printed.
_ARROW = regex.compile(r"^\s*(?:>>|→|➜|▶|►)")


def looks_like_cta(text: str) -> bool:
    """Opens with an arrow (`>>`, `→`…): a call to action when nothing better tells."""
    return bool(_ARROW.match(text))


def fold(text: str) -> str:
    return " ".join(text.casefold().split())


def is_card_type_line(text: str) -> bool:
    """A type line of a card: a group's item names its type with a colon (`>Site web : X`)."""
    return is_type_line(text) and parse_group_item(text)[0] is None


@dataclass(frozen=True)
class Calls:
    """The document's calls to action: their texts (folded) and their style."""

    texts: frozenset[str] = frozenset()
    style: StyleKey | None = None

    def is_call(self, line: Line, up: Line | None, body: StyleKey | None) -> bool:
        """Whether `line` (with `up` the line printed just above it) is a call to action."""
        key = fold(line.text)
        if key in self.texts:
            return True
        if self.style is not None and line.style.key == self.style and self.style != body:
            return True  # the button's own style (learnt, or given with --design)
        after_body = up is not None and body is not None and up.style.key == body
        if not after_body:
            return False
        similar = current().calls.similar
        if any(fuzz.ratio(key, known) >= similar for known in self.texts):
            return True
        return looks_like_cta(line.text)


def ends_a_card(line: Line, lines: Sequence[Line]) -> bool:
    """Whether nothing of a card follows `line`: nothing at all but addresses (a page's notes),
    or the next card's beginning (lines of one style, then a type line; or a type line). A
    type line is followed by its card's text, which may run to the page's end."""
    down = below(line, lines)
    while down is not None and has_address(down.text):
        down = below(down, lines)
    if down is None or is_type_line(down.text):
        return True
    for _ in range(int(current().calls.chain)):
        nxt = below(down, lines)
        if nxt is None:
            return False
        if nxt.style.key != down.style.key:
            return is_type_line(nxt.text)
        down = nxt
    return False


def typed_calls(card_pages: Sequence[Sequence[Line]]) -> set[tuple[str, StyleKey]]:
    """Lines shaped like type lines (`> Pour accéder…`) that nearly every card prints besides
    its own type line: buttons, one a card, as many as the other type lines. (Cards that all
    share one type line print it no more often than they have type lines.) Each is printed
    where nothing of a card follows it, or in a style no other type line has: a type line that
    half the cards share is followed by its card's text and printed as the others are."""
    shaped: dict[tuple[str, StyleKey], list[tuple[Line, Sequence[Line]]]] = defaultdict(list)
    anchors = 0
    for lines in card_pages:
        for ln in lines:
            if is_card_type_line(ln.text):
                anchors += 1
                shaped[(fold(ln.text), ln.style.key)].append((ln, lines))
    typed = current().calls.typed
    found: set[tuple[str, StyleKey]] = set()
    for key, places in shaped.items():
        if len(places) < 2:
            continue  # the common case: a type line of its own
        others = {(text, style) for text, style in shaped if text != key[0]}
        # Its own style, where the other type lines say what theirs are (several texts: when
        # every card shares one type line, the two look alike, and only the place tells).
        own_style = len({text for text, _ in others}) > 1 and key[1] not in {
            style for _, style in others
        }
        n = sum(1 for ln, lines in places if own_style or ends_a_card(ln, lines))
        if n >= 2 and n >= typed * (anchors - n) and anchors - n >= typed * n:
            found.add(key)
    return found


def learn_calls(card_pages: Sequence[Sequence[Line]], body: StyleKey | None) -> Calls:
    """The texts printed as a call to action on many cards, and their commonest style."""
    settings = current().calls
    after_body: Counter[str] = Counter()
    everywhere: Counter[str] = Counter()
    followed_by: dict[str, list[str]] = defaultdict(list)
    next_to_type: Counter[str] = Counter()
    in_paragraph: Counter[str] = Counter()  # followed by more text in its own style
    heads_a_group: Counter[str] = Counter()  # followed by a group's item: the group's heading
    under_type: Counter[str] = Counter()  # just under a type line: where a publisher goes
    heads_a_card: Counter[str] = Counter()  # set close over a type line: where a title goes
    by_style: dict[StyleKey, Counter[str]] = defaultdict(Counter)
    continues: Counter[str] = Counter()  # set close under a line of its style: a paragraph's
    anchors = 0
    for lines in card_pages:
        for ln in lines:
            key = fold(ln.text)
            everywhere[key] += 1
            if is_card_type_line(ln.text):
                anchors += 1
            up = above(ln, lines)
            down = below(ln, lines)
            by_style[ln.style.key][key] += 1
            if any(near is not None and is_type_line(near.text) for near in (up, down)):
                next_to_type[key] += 1
            if up is not None and is_type_line(up.text):
                under_type[key] += 1
            if (
                down is not None
                and is_type_line(down.text)
                and down.top - ln.bottom
                <= current().grammar.head_gap * min(ln.style.size, down.style.size)
            ):
                heads_a_card[key] += 1
            if down is not None and down.style.key == ln.style.key:
                in_paragraph[key] += 1
            if (
                up is not None
                and up.style.key == ln.style.key
                and ln.top - up.bottom <= settings.line_gap * ln.style.size
            ):
                continues[key] += 1
            if down is not None and is_type_line(down.text) and not is_card_type_line(down.text):
                heads_a_group[key] += 1
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
    typed = {text for text, _ in typed_calls(card_pages)}

    def recurring(key: str, n: int) -> bool:
        return n >= 2 and n >= settings.share * anchors

    # After the body: a line shaped like a type line too (`> Pour accéder…` under every blurb).
    after = {
        key
        for key, n in after_body.items()
        if recurring(key, n) and n >= settings.after_body * everywhere[key]
    }
    found: set[str] = set()
    # A button in a style of its own, wherever the card prints it (before the blurb too, or
    # under the type line of a card that names no publisher), but not where a publisher or a
    # title goes: a publisher named on every card in a style of its own is printed just under
    # (nearly) every type line, a title that recurs close over it.
    for printed in by_style.values():
        total = sum(printed.values())
        for key, n in printed.items():
            if (
                recurring(key, n)
                and n >= settings.own_style * total
                and under_type[key] < settings.typed * n
                and heads_a_card[key] * 2 < n
            ):
                found.add(key)
    # A button set apart from the text (at the foot of its card's frame): on most cards, never
    # next to a type line.
    found |= {
        key
        for key, n in everywhere.items()
        if n >= 2
        and n >= settings.common * anchors
        and next_to_type[key] <= settings.next_to_type * n
    }
    found = {key for key in found if not is_type_line(key) or key in typed}
    found |= typed | after
    # The call ends its card, or opens its text: a recurring last line of blurb is followed by
    # the call itself, and a line a paragraph goes on after, or that goes on from a line of its
    # style just above, is a line of that paragraph.
    texts = {
        key
        for key in found
        if sum(nxt in found for nxt in followed_by[key]) * 2 < len(followed_by[key])
        and in_paragraph[key] * 2 < everywhere[key]
        and continues[key] * 2 < everywhere[key]
        and heads_a_group[key] * 2 < everywhere[key]
    }
    styles = Counter(ln.style.key for lines in card_pages for ln in lines if fold(ln.text) in texts)
    return Calls(frozenset(texts), styles.most_common(1)[0][0] if styles else None)
