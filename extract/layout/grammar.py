"""A card's grammar, learnt from the edition: which roles a card prints above its type line,
in which order the others follow it, and the styles of its title and publisher.

Type lines are the one fixed pattern. Around each, a card prints its other roles in the
designer's order: the title above the type line, or under it (the type line is then a kicker);
the publisher before the blurb or after it; the call to action closing the card or opening its
text. The order is read from the cards themselves, voted over all of them:

- where a card begins: going up from a type line through the paragraphs above it, a card's
  first line is the one under the widest gap (cards are set apart from one another more than
  their lines are), or under nothing at all (a column's top); a call to action or an address
  above a type line ends the card before. So the card prints nothing above its type line, or
  its title;
- the title's style is the style of that paragraph above the type line, or, in a card that
  begins with its type line, of the paragraph under it;
- the body's is the style, of those cards print under their type line, that the most cards
  print (every card says what its resource is; not every card names a publisher), that runs
  to the longest paragraphs, that stands just above the buttons closing cards, or that takes
  the most characters, in that order of weight;
- the publisher's is the style, other than the body's and the title's, that cards print first
  after their type line (and title), or else once in their text most often;
- the order of the roles under the type line is the order most cards print them in (each pair
  of roles counted, as printed, card by card).

`extract.layout.blocks` reads every card against the grammar; a card that does not fit it is
read as best it can and named by a warning.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from extract.layout.calls import Calls, fold, is_card_type_line, looks_like_cta
from extract.layout.lines import Line, StyleKey
from extract.layout.neighbours import above, below
from extract.settings import current
from extract.text import has_address, is_type_line

Role = Literal["title", "publisher", "blurb", "cta"]
ROLES: tuple[Role, ...] = ("title", "publisher", "blurb", "cta")
TokenKind = Literal["type", "call", "address", "text"]
Step = Callable[[StyleKey, float], float]


@dataclass(frozen=True)
class Grammar:
    """The roles a card prints above its type line (`head`) and under it (`tail`), in order."""

    head: tuple[Role, ...] = ("title",)
    tail: tuple[Role, ...] = ("publisher", "blurb", "cta")

    def at(self, role: Role) -> int:
        return self.tail.index(role) if role in self.tail else -1


DEFAULT_GRAMMAR = Grammar()


@dataclass(frozen=True)
class Token:
    """A paragraph: consecutive lines in one style, top to bottom; `gap` is the room between it
    and the line it was reached from, in font sizes."""

    lines: tuple[Line, ...]
    kind: TokenKind
    gap: float

    @property
    def style(self) -> StyleKey:
        return self.lines[0].style.key


@dataclass(frozen=True)
class Known:
    """What the grammar is learnt from: the calls to action, the body, each style's leading."""

    calls: Calls
    body: StyleKey | None
    step: Step


def _kind(line: Line, known: Known) -> TokenKind:
    if is_type_line(line.text) and fold(line.text) not in known.calls.texts:
        return "type"
    if known.calls.is_call(line, None, known.body) or looks_like_cta(line.text):
        return "call"
    if has_address(line.text):
        return "address"
    return "text"


def _gap(upper: Line, lower: Line) -> float:
    """The room between two lines, in the smaller of their sizes (a large heading's size says
    nothing of how close a card's lines are set)."""
    size = min(upper.style.size, lower.style.size)
    return (lower.top - upper.bottom) / size if size > 0 else 0.0


def _same_paragraph(upper: Line, lower: Line, known: Known) -> bool:
    return (
        upper.style.key == lower.style.key
        and _kind(upper, known) == _kind(lower, known) == "text"
        and lower.baseline - upper.baseline <= known.step(upper.style.key, upper.style.size)
    )


def tokens_up(anchor: Line, lines: Sequence[Line], known: Known, n: int) -> list[Token]:
    """Up to `n` paragraphs above `anchor`, nearest first."""
    out: list[Token] = []
    top = anchor
    for _ in range(n):
        up = above(top, lines)
        if up is None:
            break
        gap = _gap(up, top)
        paragraph = [up]
        while (nxt := above(paragraph[-1], lines)) is not None and _same_paragraph(
            nxt, paragraph[-1], known
        ):
            paragraph.append(nxt)
        paragraph.reverse()
        out.append(Token(tuple(paragraph), _kind(up, known), gap))
        if out[-1].kind == "type":
            break
        top = paragraph[0]
    return out


def tokens_down(anchor: Line, lines: Sequence[Line], known: Known, n: int) -> list[Token]:
    """Up to `n` paragraphs under `anchor`, nearest first, down to the next type line."""
    out: list[Token] = []
    bottom = anchor
    for _ in range(n):
        down = below(bottom, lines)
        if down is None or _kind(down, known) == "type":
            break
        paragraph = [down]
        while (nxt := below(paragraph[-1], lines)) is not None and _same_paragraph(
            paragraph[-1], nxt, known
        ):
            paragraph.append(nxt)
        out.append(Token(tuple(paragraph), _kind(down, known), _gap(bottom, down)))
        bottom = paragraph[-1]
    return out


def head_length(ups: Sequence[Token]) -> int:
    """How many paragraphs above a type line are its card's: none or one (the title). The card
    begins under the widest room, or under nothing (a column's top); a title is set close over
    its type line."""
    if not ups or ups[0].kind != "text":
        return 0  # a column's top, or the end of the card before (a call, an address)
    if ups[0].gap > current().grammar.head_gap:
        return 0  # set apart: a page's header, or the card before
    room_above = ups[1].gap if len(ups) > 1 else math.inf
    return 1 if room_above > ups[0].gap else 0


@dataclass(frozen=True)
class Learnt:
    grammar: Grammar
    title: StyleKey | None
    body: StyleKey | None
    publisher: StyleKey | None
    cards: int  # how many cards voted
    # Why the body's style may be the publisher's, where nothing but their lengths told them
    # apart (every card prints both, no button closes either): said as a warning.
    doubt: str | None = None


def learn_grammar(
    card_pages: Iterable[Sequence[Line]], calls: Calls, body_hint: StyleKey | None, step: Step
) -> Learnt:
    """The edition's card grammar, and its title's, body's and publisher's styles (`body_hint`,
    the commonest style of card text, only tells a call's style from the body's)."""
    chain = int(current().grammar.chain)
    known = Known(calls, body_hint, step)
    cards: list[tuple[list[Token], list[Token]]] = []
    for lines in card_pages:
        for line in lines:
            if not is_card_type_line(line.text) or fold(line.text) in calls.texts:
                continue
            downs = tokens_down(line, lines, known, chain)
            if not any(t.kind in ("text", "call") for t in downs):
                continue  # a group's item, or a type line with nothing of a card under it
            cards.append((tokens_up(line, lines, known, 3), downs))
    if not cards:
        return Learnt(DEFAULT_GRAMMAR, None, body_hint, None, 0)
    heads = Counter(head_length(ups) for ups, _ in cards)
    # Ties go to the title above: the catalogue's own design, and the commoner one.
    head = 1 if heads[1] >= heads[0] else 0
    if head:
        title = _mode(ups[0].style for ups, _ in cards if ups and ups[0].kind == "text")
        heads_of = {id(ups[0].lines[-1]) for ups, _ in cards if ups and ups[0].kind == "text"}
    else:
        title = _mode(
            first.style for _, downs in cards if (first := _first_text(downs)) is not None
        )
        heads_of = set()
    tails = [_tail(downs, heads_of) for _, downs in cards]
    texts = [_texts(tail, head) for tail in tails]
    # Above their type lines, titles are no contenders, whatever their style: a design may set
    # its titles in the blurb's.
    body, doubt = _body(texts, tails, None if head else title)
    body = body or body_hint
    publisher = _publisher(texts, title, body)
    sequences = [_roles(tail, head, title, publisher, body) for tail in tails]
    present: list[Role] = [r for r in ROLES if any(r in seq for seq in sequences)]
    if head:
        present = [r for r in present if r != "title"]
    order = _consensus(present, sequences)
    if not head:
        order = ["title", *[r for r in order if r != "title"]]
    grammar = Grammar(("title",) if head else (), tuple(order))
    return Learnt(grammar, title, body, publisher, len(cards), doubt if publisher else None)


def _texts(tail: Sequence[Token], head: int) -> list[Token]:
    """A card's paragraphs of text under its type line, its title left out (the first, in a
    card that opens with its type line)."""
    found = [t for t in tail if t.kind == "text"]
    return found[1:] if head == 0 else found


@dataclass
class _Shape:
    """How a style is printed in cards: by how many, in how many characters, lines and
    paragraphs, and how often just above a button that closes the card."""

    cards: int = 0
    chars: int = 0
    lines: int = 0
    paragraphs: int = 0
    closing: int = 0

    @property
    def depth(self) -> float:
        return self.lines / self.paragraphs if self.paragraphs else 0.0


def _body(
    texts: Sequence[Sequence[Token]], tails: Sequence[Sequence[Token]], title: StyleKey | None
) -> tuple[StyleKey | None, str | None]:
    """The blurb's style, among the styles cards print under their type line (the title's
    left out), and the doubt it was told with. Of two, the blurb is the one more cards print (a
    card may name no publisher; every card says what the resource is); else the one whose
    paragraphs run to more lines (a description runs on; a name takes a line or two); else the
    one printed just above the buttons that close cards; else the one in more characters. Told
    by lengths alone, and less than `grammar.clear_depth` apart, it is told with doubt."""
    shapes: dict[StyleKey, _Shape] = {}
    for found, tail in zip(texts, tails, strict=True):
        for style in {t.style for t in found}:
            shapes.setdefault(style, _Shape()).cards += 1
        for token in found:
            shape = shapes[token.style]
            shape.chars += sum(len(ln.text) for ln in token.lines)
            shape.lines += len(token.lines)
            shape.paragraphs += 1
        ends = [t for t in tail if t.kind != "address"]
        if (
            len(ends) >= 2
            and ends[-1].kind == "call"
            and ends[-2].kind == "text"
            and ends[-2].style in shapes
        ):
            shapes[ends[-2].style].closing += 1
    if title is not None:
        shapes.pop(title, None)
    if not shapes:
        return None, None
    settings = current().grammar
    cards = len(texts)

    def told(a: _Shape, b: _Shape) -> tuple[bool, bool]:
        """Whether `a` is more the blurb's than `b`, and whether that rests on lengths alone
        (not on which cards print them, nor on the buttons closing them)."""
        if abs(a.cards - b.cards) >= max(1.0, settings.presence * cards):
            return a.cards > b.cards, False
        longer = current().typography.longer_paragraphs
        if a.depth > longer * b.depth or b.depth > longer * a.depth:
            verdict = a.depth > b.depth
        elif a.closing != b.closing:
            verdict = a.closing > b.closing
        else:
            verdict = a.chars > b.chars
        closed = a.closing != b.closing and (a.closing > b.closing) == verdict
        deeper, shallower = max(a.depth, b.depth), min(a.depth, b.depth)
        return verdict, not closed and deeper < settings.clear_depth * shallower

    ranked = sorted(shapes, key=lambda s: -shapes[s].chars)[: int(settings.contenders)]
    best = ranked[0]
    for style in ranked[1:]:
        if told(shapes[style], shapes[best])[0]:
            best = style
    # The style the body was told from with doubt, if any: among the others, one printed in
    # as many cards, told apart by lengths alone.
    doubtful = [s for s in ranked if s != best and told(shapes[best], shapes[s])[1]]
    if not doubtful:
        return best, None
    other = doubtful[0]
    a, b = shapes[best], shapes[other]
    return best, (
        f"the description's style ({_named(best)}) is told from the publisher's "
        f"({_named(other)}) by their lengths alone ({a.depth:.1f} lines a paragraph against "
        f"{b.depth:.1f}): every card prints both, and nothing else tells them apart (a card "
        "without one, a button closing the description); where descriptions and publishers "
        "come out swapped, a design file names their styles (roles)"
    )


def _named(style: StyleKey) -> str:
    font, size, _ = style
    return f"{font} {size:g} pt"


def _publisher(
    texts: Sequence[Sequence[Token]], title: StyleKey | None, body: StyleKey | None
) -> StyleKey | None:
    """The publisher's style: what cards print first after their title and type line, when not
    in the body's style (the catalogue's order); else, where cards print it after their text,
    the style other than the body's and the title's that most cards print once."""
    first = [ts[0].style for ts in texts if ts and ts[0].style not in (body, title)]
    if first:
        return _mode(first)
    return _mode(
        style for ts in texts for style in {t.style for t in ts if t.style not in (body, title)}
    )


def _first_text(tokens: Sequence[Token]) -> Token | None:
    return next((t for t in tokens if t.kind == "text"), None)


def _first_text_index(tokens: Sequence[Token]) -> int:
    return next((i for i, t in enumerate(tokens) if t.kind == "text"), -1)


def _tail(downs: Sequence[Token], heads_of: set[int]) -> list[Token]:
    """A card's paragraphs under its type line, up to the next card's title."""
    out: list[Token] = []
    for token in downs:
        if any(id(line) in heads_of for line in token.lines):
            break
        out.append(token)
    return out


def _roles(
    tail: Sequence[Token],
    head: int,
    title: StyleKey | None,
    publisher: StyleKey | None,
    body: StyleKey | None,
) -> list[Role]:
    """The roles a card's paragraphs play, in the card's order, repeats merged."""
    out: list[Role] = []
    first_text = _first_text_index(tail)
    for i, token in enumerate(tail):
        role: Role | None
        if token.kind == "call":
            role = "cta"
        elif token.kind != "text":
            role = None
        elif head == 0 and i == first_text:
            role = "title"
        elif token.style == publisher and publisher != body:
            role = "publisher"
        elif token.style == body:
            role = "blurb"
        else:
            role = None
        if role is not None and (not out or out[-1] != role):
            out.append(role)
    return out


def _consensus(roles: Sequence[Role], sequences: Sequence[Sequence[Role]]) -> list[Role]:
    """The roles ordered as most cards print them: each role ranks by how many others it
    comes before on most cards; ties keep the catalogue's usual order."""
    before: Counter[tuple[Role, Role]] = Counter()
    for seq in sequences:
        for i, a in enumerate(seq):
            for b in seq[i + 1 :]:
                if a != b:
                    before[(a, b)] += 1
    wins = {r: sum(before[(r, o)] > before[(o, r)] for o in roles if o != r) for r in roles}
    return sorted(roles, key=lambda r: (-wins[r], ROLES.index(r)))


def _mode(styles: Iterable[StyleKey]) -> StyleKey | None:
    counts = Counter(styles)
    return counts.most_common(1)[0][0] if counts else None
