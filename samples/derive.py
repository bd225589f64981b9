"""Derive a new edition's source from an old one and a list of edits kept as data.

    python -m samples.derive samples/ess-pvd-2021.source.json samples/edits-2022.json \\
        -o samples/ess-pvd-2022.source.json

The edits file (`catalogue-edits/1`) lists what an editor changed between two editions. Every
target names the old edition: a card by its title (its title lines joined by single spaces), a
page by its old page number. Targets are resolved against the old edition before anything is
applied, so several edits can name the same card. Edits apply in file order; inserted pages come
last, and every later page number (pages, printed page labels, part intro pages, tables of
contents) is renumbered. The trailing URL list of every page an edit touches is rebuilt from its
blocks' links, in link order, which is how the catalogue prints it.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from samples.source import Block, Card, Page, Part, Source, TocEntry, block_urls, load

FORMAT = "catalogue-edits/1"


class EditError(ValueError):
    """An edit that does not apply to the source it is given."""


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class CardTarget(_Strict):
    title: str


class PageTarget(_Strict):
    page: int


class Slot(_Strict):
    """A place on an old page: `position` is the index among the page's blocks when the edit
    applies; None puts the block last."""

    page: int
    position: int | None = None


class NoValues(_Strict):
    pass


class TitleValues(_Strict):
    title_lines: list[str]


class TypeLineValues(_Strict):
    type_line: str


class PublisherValues(_Strict):
    publisher_lines: list[str]


class BlurbValues(_Strict):
    blurb_lines: list[str]


class UrlValues(_Strict):
    old_url: str
    new_url: str


class PageValues(_Strict):
    cards: list[Card]


class ThemeValues(_Strict):
    theme: str
    header_line: str | None = None  # the header's first line, where the page prints one
    toc_text: str  # the table of contents entry after its page number


class EditionValues(_Strict):
    year: int


class _Edit(_Strict):
    note: str


class Edition(_Edit):
    kind: Literal["edition"]
    target: PageTarget
    values: EditionValues


class RemoveCard(_Edit):
    kind: Literal["remove_card"]
    target: CardTarget
    values: NoValues = NoValues()


class AddCard(_Edit):
    kind: Literal["add_card"]
    target: Slot
    values: Card


class AddPage(_Edit):
    """A page inserted after `target.page`, continuing that page's part, theme and header."""

    kind: Literal["add_page"]
    target: PageTarget
    values: PageValues


class Retitle(_Edit):
    kind: Literal["retitle"]
    target: CardTarget
    values: TitleValues


class ChangeYear(_Edit):
    kind: Literal["change_year"]
    target: CardTarget
    values: TypeLineValues


class ChangeType(_Edit):
    kind: Literal["change_type"]
    target: CardTarget
    values: TypeLineValues


class ChangePublisher(_Edit):
    kind: Literal["change_publisher"]
    target: CardTarget
    values: PublisherValues


class EditBlurb(_Edit):
    kind: Literal["edit_blurb"]
    target: CardTarget
    values: BlurbValues


class MoveUrl(_Edit):
    kind: Literal["move_url"]
    target: CardTarget
    values: UrlValues


class MoveCard(_Edit):
    kind: Literal["move_card"]
    target: CardTarget
    values: Slot


class RenameTheme(_Edit):
    """The theme of the old page `target.page`, renamed on every page, header and TOC entry."""

    kind: Literal["rename_theme"]
    target: PageTarget
    values: ThemeValues


Edit = Annotated[
    Edition
    | RemoveCard
    | AddCard
    | AddPage
    | Retitle
    | ChangeYear
    | ChangeType
    | ChangePublisher
    | EditBlurb
    | MoveUrl
    | MoveCard
    | RenameTheme,
    Field(discriminator="kind"),
]


class Edits(_Strict):
    format: Literal["catalogue-edits/1"]
    description: str
    edits: list[Edit]


def load_edits(path: Path) -> Edits:
    return Edits.model_validate(json.loads(path.read_text(encoding="utf-8")))


def card_title(card: Card) -> str:
    return " ".join(" ".join(card.title_lines).split())


# ---------------------------------------------------------------------------------------------
# The draft: the old edition's pages as mutable block lists, keyed by old page number.


@dataclass
class Draft:
    source: Source
    pages: dict[int, Page]
    blocks: dict[int, list[Block]]
    cards: dict[str, Card]  # old title → the card as it is now
    touched: set[int] = field(default_factory=set)
    inserted: list[tuple[int, list[Card]]] = field(default_factory=list)

    @classmethod
    def of(cls, source: Source) -> Draft:
        pages = {p.page: p for p in source.pages}
        cards: dict[str, Card] = {}
        for page in source.pages:
            for block in page.blocks:
                if isinstance(block, Card):
                    title = card_title(block)
                    if title in cards:
                        raise EditError(f"two cards are titled {title!r}: ambiguous targets")
                    cards[title] = block
        return cls(source, pages, {n: list(p.blocks) for n, p in pages.items()}, cards)

    def page(self, number: int) -> Page:
        if number not in self.pages:
            raise EditError(f"page {number} is not a content page of the old edition")
        return self.pages[number]

    def locate(self, title: str) -> tuple[int, int]:
        """Where the card the old edition titles `title` is now: (old page, block index)."""
        card = self.cards.get(title)
        if card is None:
            raise EditError(f"no card is titled {title!r} in the old edition")
        for number, blocks in self.blocks.items():
            for i, block in enumerate(blocks):
                if block is card:
                    return number, i
        raise EditError(f"the card {title!r} was removed by an earlier edit")

    def replace(self, title: str, card: Card) -> None:
        number, i = self.locate(title)
        self.blocks[number][i] = card
        self.cards[title] = card
        self.touched.add(number)

    def take(self, title: str) -> Card:
        number, i = self.locate(title)
        card = self.blocks[number].pop(i)
        assert isinstance(card, Card)
        self.touched.add(number)
        return card

    def put(self, slot: Slot, card: Card) -> None:
        blocks = self.blocks[self.page(slot.page).page]
        position = len(blocks) if slot.position is None else slot.position
        if not 0 <= position <= len(blocks):
            raise EditError(f"page {slot.page} has no position {position}")
        blocks.insert(position, card)
        self.touched.add(slot.page)


# ---------------------------------------------------------------------------------------------
# One function per kind of edit.

_YEARS = re.compile(r"\(?\b(1[89]\d\d|20\d\d)\b\)?")


def _year_free(type_line: str) -> str:
    return " ".join(_YEARS.sub("", type_line).split())


def _years(type_line: str) -> list[str]:
    return [m.group(1) for m in _YEARS.finditer(type_line)]


def _check_type_line(edit: ChangeYear | ChangeType, old: str) -> None:
    new = edit.values.type_line
    same_type = _year_free(old) == _year_free(new)
    same_year = _years(old) == _years(new)
    if isinstance(edit, ChangeYear) and not (same_type and not same_year):
        raise EditError(f"change_year must change the year only: {old!r} → {new!r}")
    if isinstance(edit, ChangeType) and not (same_year and not same_type):
        raise EditError(f"change_type must change the type only: {old!r} → {new!r}")


def _move_url(card: Card, values: UrlValues) -> Card:
    if all(link.url != values.old_url for link in card.links):
        raise EditError(f"{card_title(card)!r} has no link to {values.old_url}")
    links = [
        link.model_copy(update={"url": values.new_url}) if link.url == values.old_url else link
        for link in card.links
    ]
    return card.model_copy(update={"links": links})


def _card_edit(draft: Draft, edit: Edit) -> None:
    """Edits that rewrite one card in place."""
    assert isinstance(edit.target, CardTarget)
    title = edit.target.title
    draft.locate(title)
    card = draft.cards[title]
    if isinstance(edit, Retitle):
        new = card.model_copy(update={"title_lines": edit.values.title_lines})
    elif isinstance(edit, ChangeYear | ChangeType):
        _check_type_line(edit, card.type_line)
        new = card.model_copy(update={"type_line": edit.values.type_line})
    elif isinstance(edit, ChangePublisher):
        new = card.model_copy(update={"publisher_lines": edit.values.publisher_lines})
    elif isinstance(edit, EditBlurb):
        new = card.model_copy(update={"blurb_lines": edit.values.blurb_lines})
    elif isinstance(edit, MoveUrl):
        new = _move_url(card, edit.values)
    else:
        raise AssertionError(edit.kind)
    if new == card:
        raise EditError(f"the edit changes nothing on {title!r}")
    draft.replace(title, new)


def _rename_theme(draft: Draft, edit: RenameTheme) -> None:
    old_theme = draft.page(edit.target.page).theme
    for number, page in draft.pages.items():
        if page.theme != old_theme:
            continue
        header = list(page.header_lines)
        if header:
            if edit.values.header_line is None:
                raise EditError(f"page {number} prints a header: give its new first line")
            header[0] = edit.values.header_line
        draft.pages[number] = page.model_copy(
            update={"theme": edit.values.theme, "header_lines": header}
        )
    parts = [_rename_toc(part, old_theme, edit.values) for part in draft.source.parts]
    if parts == list(draft.source.parts):
        raise EditError(f"no table of contents lists the theme {old_theme!r}")
    draft.source = draft.source.model_copy(update={"parts": parts})


_TOC_NUMBER = re.compile(r"^(P\.?\s*)(\d+)(\s*)")


def _rename_toc(part: Part, old_theme: str, values: ThemeValues) -> Part:
    toc = []
    for entry in part.toc:
        if entry.label == old_theme:
            prefix = _TOC_NUMBER.match(entry.lines[0])
            head = prefix.group(0) if prefix else ""
            entry = entry.model_copy(
                update={"label": values.theme, "lines": [head + values.toc_text]}
            )
        toc.append(entry)
    return part.model_copy(update={"toc": toc})


def _new_card(card: Card) -> Card:
    # The edits file may leave the block kind implicit; the source always spells it out.
    return card.model_copy(update={"kind": "card"})


def _apply(draft: Draft, edit: Edit) -> None:
    if isinstance(edit, Edition):
        edition = draft.source.edition.model_copy(update={"year": edit.values.year})
        draft.source = draft.source.model_copy(update={"edition": edition})
    elif isinstance(edit, RemoveCard):
        draft.take(edit.target.title)
    elif isinstance(edit, AddCard):
        draft.put(edit.target, _new_card(edit.values))
    elif isinstance(edit, MoveCard):
        draft.put(edit.values, draft.take(edit.target.title))
    elif isinstance(edit, AddPage):
        draft.page(edit.target.page)
        draft.inserted.append((edit.target.page, [_new_card(c) for c in edit.values.cards]))
    elif isinstance(edit, RenameTheme):
        _rename_theme(draft, edit)
    else:
        _card_edit(draft, edit)


# ---------------------------------------------------------------------------------------------
# Assembling the new edition: pages rebuilt, inserted pages placed, everything renumbered.


def _rebuilt(draft: Draft, number: int) -> Page:
    page = draft.pages[number]
    blocks = draft.blocks[number]
    if number not in draft.touched:
        return page.model_copy(update={"blocks": blocks})
    if not blocks:
        raise EditError(f"page {number} is left without any block")
    return page.model_copy(update={"blocks": blocks, "trailing_urls": block_urls(blocks)})


def _inserted_page(after: Page, cards: list[Card], number: int) -> Page:
    blocks: list[Block] = list(cards)
    return Page(
        page=number,
        part=after.part,
        theme=after.theme,
        header_lines=list(after.header_lines),
        blocks=blocks,
        trailing_urls=block_urls(blocks),
    )


def _renumber_page(page: Page, new: int) -> Page:
    label = page.page_label
    if label is not None and label.strip() == str(page.page):
        label = label.replace(str(page.page), str(new))
    return page.model_copy(update={"page": new, "page_label": label})


def _renumber_toc(entry: TocEntry, new: int) -> TocEntry:
    first = _TOC_NUMBER.sub(lambda m: f"{m.group(1)}{new}{m.group(3)}", entry.lines[0], count=1)
    return entry.model_copy(update={"page": new, "lines": [first, *entry.lines[1:]]})


def _assemble(draft: Draft) -> Source:
    inserted = dict(draft.inserted)

    def new_number(old: int) -> int:
        return old + sum(1 for after in inserted if after < old)

    pages: list[Page] = []
    for number in sorted(draft.pages):
        page = _rebuilt(draft, number)
        pages.append(_renumber_page(page, new_number(number)))
        if number in inserted:
            pages.append(_inserted_page(page, inserted[number], new_number(number) + 1))
    parts = [
        part.model_copy(
            update={
                "intro_page": new_number(part.intro_page),
                "toc": [_renumber_toc(e, new_number(e.page)) for e in part.toc],
            }
        )
        for part in draft.source.parts
    ]
    return draft.source.model_copy(update={"pages": pages, "parts": parts})


def derive(source: Source, edits: Sequence[Edit]) -> Source:
    """The new edition's source: `source` with `edits` applied. Raises EditError."""
    afters = [e.target.page for e in edits if isinstance(e, AddPage)]
    if len(set(afters)) < len(afters):
        raise EditError("two pages are inserted after the same page")
    draft = Draft.of(source)
    for index, edit in enumerate(edits, start=1):
        try:
            _apply(draft, edit)
        except EditError as exc:
            raise EditError(f"edit {index} ({edit.kind}): {exc}") from None
    # Validating again checks the assembled structure; unset fields stay unset so that the new
    # source is written in the same shape as the old one.
    return Source.model_validate(_assemble(draft).model_dump(exclude_unset=True))


def dump(source: Source) -> str:
    """The source as JSON, fields the source leaves out still left out."""
    data = source.model_dump(mode="json", exclude_unset=True)
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    from samples.typeset import write_atomic

    parser = argparse.ArgumentParser(
        prog="python -m samples.derive",
        description="Apply a catalogue-edits/1 list of edits to a catalogue-source/1 JSON.",
        epilog="Example: python -m samples.derive samples/ess-pvd-2021.source.json "
        "samples/edits-2022.json -o samples/ess-pvd-2022.source.json",
    )
    parser.add_argument("source", type=Path, help="the old edition's catalogue-source/1 JSON")
    parser.add_argument("edits", type=Path, help="the catalogue-edits/1 JSON to apply")
    parser.add_argument("-o", "--output", type=Path, required=True, help="source JSON to write")
    args = parser.parse_args(argv)
    try:
        new = derive(load(args.source), load_edits(args.edits).edits)
    except (OSError, ValueError, ValidationError) as exc:
        print(f"samples.derive: {exc}", file=sys.stderr)
        return 2
    write_atomic(args.output, dump(new).encode("utf-8"))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
