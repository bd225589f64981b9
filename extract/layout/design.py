"""What the extractor took a document's design to be, and a person's corrections to it.

`describe` sums up what the stages learnt (the style of each role, the calls to action, the
furniture, how the tables of contents were read, each page's columns, reading order and link
channel) as the `design` section of `catalogue.json`, shown at the top of the review page.

The same section, saved and edited, goes back in with `catalogue extract --design FILE`: the
roles, calls to action, furniture, furniture bands and page offset it gives replace what would
have been learnt, so a new edition that comes out wrong can be corrected without a release:

    catalogue extract edition.pdf -o out/                 # read the design from the document
    jq .design out/catalogue.json > design.json           # save what was assumed; edit it
    catalogue extract edition.pdf --design design.json    # read again with the corrections
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

from pydantic import ValidationError

from extract.layout.furniture import Furniture, Pattern, mask
from extract.layout.grammar import Grammar
from extract.layout.grammar import Role as GrammarRole
from extract.layout.lines import Line, PageLines, StyleKey
from extract.layout.page import PageLayout
from extract.layout.scale import Scales
from extract.layout.toc import Contents
from extract.layout.typography import Given, Typography
from extract.settings import current
from schemas.models import (
    CardGrammar,
    CardRole,
    ContentsForm,
    Design,
    FurniturePattern,
    PageDesign,
    RoleStyle,
)


class DesignFileError(ValueError):
    """A `--design` file that cannot be used, with the reason in one line."""


def _style(key: StyleKey | None) -> RoleStyle | None:
    if key is None:
        return None
    font, size, tone = key
    return RoleStyle(font=font, size=round(size, 1), tone=tone)  # type: ignore[arg-type]


def _key(style: RoleStyle | None) -> StyleKey | None:
    return None if style is None else (style.font, round(style.size, 1), style.tone)


def _links(layout: PageLayout) -> str:
    if layout.links:
        return "annotations"
    if any(b.urls or any(b.item_urls) for b in layout.blocks):
        return "in cards"
    if layout.notes:
        return "notes"
    if layout.url_list:
        return "printed list"
    return "none"


# The grammar's roles as the design section names them (`body`, as in `roles`).
_CARD_ROLES: dict[GrammarRole, CardRole] = {
    "title": "title",
    "publisher": "publisher",
    "blurb": "body",
    "cta": "call_to_action",
}
_GRAMMAR_ROLES: dict[CardRole, GrammarRole] = {v: k for k, v in _CARD_ROLES.items()}


def card_grammar(grammar: Grammar) -> CardGrammar:
    head = [_CARD_ROLES[r] for r in grammar.head]
    tail = [_CARD_ROLES[r] for r in grammar.tail]
    optional = {"publisher", "call_to_action"}
    words = [f"{r}?" if r in optional else r for r in [*head, "type", *tail]]
    return CardGrammar(head=head, tail=tail, reads_as=", ".join(words))


def grammar_of(card: CardGrammar) -> Grammar:
    return Grammar(
        tuple(_GRAMMAR_ROLES[r] for r in card.head), tuple(_GRAMMAR_ROLES[r] for r in card.tail)
    )


def describe(
    typography: Typography,
    furniture: Furniture,
    contents: Contents,
    layouts: Sequence[PageLayout],
    given: Design | None = None,
    scales: Scales | None = None,
) -> Design:
    forms: Counter[str] = Counter()
    for part in contents.parts:
        forms[part.toc.form] += len(part.toc.rows)
    intro_pages = {p.intro_page for p in contents.parts}
    pages = [
        PageDesign(
            page=layout.number,
            kind="part_intro" if layout.number in intro_pages else layout.kind,
            columns=layout.columns,
            order=layout.order,
            links=_links(layout),  # type: ignore[arg-type]
            scale=scales.pages.get(layout.number) if scales is not None else None,
        )
        for layout in layouts
        if layout.kind == "content" or layout.number in intro_pages
    ]
    return Design(
        roles={
            "title": _style(typography.title),
            "publisher": _style(typography.publisher),
            "body": _style(typography.body),
            "call_to_action": _style(typography.cta),
        },
        calls_to_action=sorted(typography.cta_texts),
        furniture=[
            # A damaged file may put text off its page: the position stays a share of it.
            FurniturePattern(
                kind=p.kind, text=p.key, pages=list(p.pages), position=min(max(p.top, 0.0), 1.0)
            )
            for p in furniture.patterns
        ],
        furniture_bands=list(given.furniture_bands) if given is not None else [],
        contents=ContentsForm(
            forms=dict(sorted(forms.items())),
            page_offset=contents.offset,
            offset_from=contents.offset_from,  # type: ignore[arg-type]
        ),
        card=card_grammar(typography.grammar),
        pages=pages,
        settings=dict(given.settings) if given is not None else {},
    )


def load_design(path: Path) -> Design:
    """A design from a JSON file: the section itself, or a whole `catalogue.json`."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise DesignFileError(f"cannot be read ({exc.strerror})") from exc
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DesignFileError(f"not JSON ({exc})") from exc
    if isinstance(data, dict) and isinstance(data.get("design"), dict):
        data = data["design"]
    try:
        design = Design.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "design"
        raise DesignFileError(f"not a design: {where}: {first['msg']}") from exc
    try:
        current().but(design.settings)
    except KeyError as exc:
        raise DesignFileError(f"settings: {_unknown_setting(exc.args[0])}") from None
    return design


def _unknown_setting(name: str) -> str:
    """What to say of a setting no one knows: the names of its group, or the groups."""
    names = list(current().flat())
    group = name.partition(".")[0]
    same_group = [n for n in names if n.startswith(f"{group}.")]
    if same_group:
        return f"no setting {name!r} (those of {group}: {', '.join(same_group)})"
    groups = ", ".join(dict.fromkeys(n.partition(".")[0] for n in names))
    return f"no setting {name!r} (the groups: {groups}; see docs/designs.md)"


def given(design: Design) -> Given:
    """What the design file sets of the typography: the roles it names, its calls' texts (when
    it gives them), its card grammar."""
    return Given(
        roles={role: _key(style) for role, style in design.roles.items()},
        call_texts=(
            frozenset(" ".join(t.casefold().split()) for t in design.calls_to_action)
            if "calls_to_action" in design.model_fields_set
            else None
        ),
        grammar=grammar_of(design.card) if design.card is not None else None,
    )


def with_furniture(furniture: Furniture, design: Design, pages: Sequence[PageLines]) -> Furniture:
    """The furniture with what the design adds: lines matching its patterns (on the pages it
    names, or on every page), and every line in its bands."""
    known = {p.key for p in furniture.patterns}
    given = [
        Pattern(p.kind, p.text, tuple(p.pages), p.position or 0.0)
        for p in design.furniture
        if p.text not in known
    ]
    out = Furniture(dict(furniture.lines), dict(furniture.folios), [*furniture.patterns, *given])
    wanted: dict[str, list[FurniturePattern]] = {}
    for p in design.furniture:
        wanted.setdefault(p.text, []).append(p)
    for page in pages:
        for i, line in enumerate(page.lines):
            pattern = next(
                (p for p in wanted.get(mask(line.text), ()) if _matches(p, line, page)), None
            )
            if pattern is not None:
                out.lines.setdefault((page.number, i), pattern.kind)
                continue
            if page.height > 0:
                top, bottom = line.top / page.height, line.bottom / page.height
                if any(
                    band.top <= top and bottom <= band.bottom for band in design.furniture_bands
                ):
                    out.lines.setdefault((page.number, i), "running")
    return out


def _matches(pattern: FurniturePattern, line: Line, page: PageLines) -> bool:
    """Whether `line` is the pattern's: on the pages it names (or any), and, for running heads
    and folios, at its place (the same words elsewhere are content: a title naming the theme
    that the running head names)."""
    if pattern.pages and page.number not in pattern.pages:
        return False
    if pattern.position is None or pattern.kind not in ("running", "folio") or page.height <= 0:
        return True
    centre = (line.top + line.bottom) / 2 / page.height
    # Within this share of the page's height of where it was: a place is as wide as the
    # tolerance its lines were chained with (`furniture.same_share`), twice over.
    return abs(centre - pattern.position) <= 2 * current().furniture.same_share
