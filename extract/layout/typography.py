"""The styles of the catalogue's roles and the order of a card, learnt from the whole document.

Nothing here knows a font, a size or a colour of any design. A card's type line is found by its
text (`>` then a type and a year); everything else is learnt from the document, voted over every
page of cards:

- the calls to action, by `extract.layout.calls`;
- the card's grammar (which roles come above the type line, in which order the others follow)
  and the title's, body's and publisher's styles, by `extract.layout.grammar`;
- each style's leading is the commonest distance between the baselines of two of its lines that
  follow one another, which tells a paragraph's next line from the next paragraph.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field

from extract.layout.calls import (
    Calls,
    fold,
    learn_calls,
    looks_like_cta,
    typed_calls,
)
from extract.layout.furniture import Furniture
from extract.layout.grammar import DEFAULT_GRAMMAR, Grammar, learn_grammar
from extract.layout.lines import Line, PageLines, StyleKey
from extract.layout.neighbours import below
from extract.settings import current
from extract.text import has_address, is_type_line


@dataclass(frozen=True)
class Typography:
    """The styles of the catalogue's roles and the order of its cards, as this document prints
    them."""

    body: StyleKey | None
    title: StyleKey | None
    publisher: StyleKey | None
    calls: Calls = field(default_factory=Calls)
    grammar: Grammar = DEFAULT_GRAMMAR
    leading: dict[StyleKey, float] = field(default_factory=dict)
    # How the body's style may be the publisher's (`extract.layout.grammar`), or None.
    roles_doubt: str | None = None

    @property
    def cta(self) -> StyleKey | None:
        return self.calls.style

    @property
    def cta_texts(self) -> frozenset[str]:
        return self.calls.texts

    @property
    def body_size(self) -> float:
        return self.body[1] if self.body is not None else 10.0

    def line_step(self, style: StyleKey) -> float:
        """How far below a line of `style` its paragraph's next line may be (baselines)."""
        return step_of(self.leading, style, style[1])

    def is_cta(self, line: Line, up: Line | None) -> bool:
        """Whether `line` (with `up` the line printed just above it) is a call to action."""
        return self.calls.is_call(line, up, self.body)


def step_of(leading: dict[StyleKey, float], style: StyleKey, size: float) -> float:
    """How far below a line of `style` (printed at `size`) its paragraph's next line may be."""
    return leading.get(style, current().typography.default_leading * size) + 0.3 * size


@dataclass(frozen=True)
class Given:
    """What a design file sets of the typography (`extract.layout.design.given`): the roles it
    names (a style, or None for a role the design does not print), the calls' texts, the
    grammar. What it does not set is learnt around what it does."""

    roles: dict[str, StyleKey | None] = field(default_factory=dict)
    call_texts: frozenset[str] | None = None
    grammar: Grammar | None = None


def content_lines(page: PageLines, furniture: Furniture) -> list[Line]:
    """The page's upright lines that are not furniture."""
    return [
        ln
        for i, ln in enumerate(page.lines)
        if ln.upright and furniture.kind(page.number, i) is None
    ]


def learn_typography(
    pages: Sequence[PageLines],
    furniture: Furniture | None = None,
    given: Given | None = None,
) -> Typography:
    """The document's typography. What `given` sets is taken as it is, and the rest is learnt
    around it."""
    furniture = furniture or Furniture()
    given = given or Given()
    roles = given.roles
    card_pages = [
        lines
        for page in pages
        if (lines := content_lines(page, furniture)) and any(is_type_line(ln.text) for ln in lines)
    ]
    leading = _leadings(card_pages)
    # The body first as the commonest text, buttons and all (a button's few words a card weigh
    # little against a blurb's), then again without the buttons it helped find.
    commonest = roles.get("body", _body(card_pages))
    calls = learn_calls(card_pages, commonest)
    # A button set in the body's own face has no style of its own: told by its words alone,
    # or every line of every blurb would read as a button.
    own = calls.style if calls.style != commonest else None
    calls = Calls(
        calls.texts if given.call_texts is None else given.call_texts,
        roles.get("call_to_action", own),
    )
    learnt = learn_grammar(
        card_pages,
        calls,
        roles.get("body", _body(card_pages, calls)),
        lambda style, size: step_of(leading, style, size),
    )
    return Typography(
        body=roles.get("body", learnt.body),
        title=roles.get("title", learnt.title),
        publisher=roles.get("publisher", learnt.publisher),
        calls=calls,
        grammar=given.grammar or learnt.grammar,
        leading=leading,
        # Styles a design file names are no guess.
        roles_doubt=None if {"body", "publisher"} & set(roles) else learnt.doubt,
    )


def _body(card_pages: Sequence[Sequence[Line]], calls: Calls | None = None) -> StyleKey | None:
    """The commonest style of card text by characters (what cards print under their type
    lines), leaving out addresses, calls to action and lines that look like one: the body, as
    far as characters tell (`extract.layout.grammar` weighs it against the card's other
    roles)."""
    typed = {text for text, _ in typed_calls(card_pages)}
    chars: Counter[StyleKey] = Counter()
    for line in _card_text(card_pages):
        text = line.text.strip()
        key = fold(text)
        if has_address(text) or looks_like_cta(text) or key in typed:
            continue
        if calls is not None and calls.is_call(line, None, None):
            continue
        chars[line.style.key] += len(text)
    return chars.most_common(1)[0][0] if chars else None


def _under(anchor: Line, lines: Sequence[Line]) -> Iterator[Line]:
    """The lines under a type line, down to the next type line."""
    line = below(anchor, lines)
    for _ in range(int(current().calls.chain)):
        if line is None or is_type_line(line.text):
            return
        yield line
        line = below(line, lines)


def _card_text(card_pages: Sequence[Sequence[Line]]) -> Iterator[Line]:
    """The lines cards print under their type lines, down to the next type line, once each."""
    seen: set[int] = set()
    for lines in card_pages:
        for anchor in lines:
            if not is_type_line(anchor.text):
                continue
            for line in _under(anchor, lines):
                if id(line) not in seen:
                    seen.add(id(line))
                    yield line


def _leadings(pages: Iterable[Sequence[Line]]) -> dict[StyleKey, float]:
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
