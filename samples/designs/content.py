"""What a design prints: the source repaginated for it, with its own wording applied.

`printed_source(source, spec)` is the content exactly as the design's PDF shows it, so that
`samples.expected.records` of it are the records a perfect extraction of that PDF gives.
Producers print this source and nothing else of the content: they never change case or wording
themselves.
"""

from __future__ import annotations

from samples.designs.paginate import repaginate
from samples.designs.spec import DesignSpec
from samples.expected import parse_type_line
from samples.source import Block, Card, Group, Source


def _upper(lines: list[str]) -> list[str]:
    return [line.upper() for line in lines]


def cta_line(card: Card, cta: str | None) -> str | None:
    """The card's call to action: the design's wording, where `{type}` stands for the card's
    resource type (`{type} à consulter` → `Guide à consulter`)."""
    if cta is None or "{type}" not in cta:
        return cta
    parsed = parse_type_line(card.type_line)
    kind = parsed[0] if parsed is not None and parsed[0] else "Ressource"
    return cta.replace("{type}", kind)


def _block(block: Block, spec: DesignSpec) -> Block:
    if isinstance(block, Group):
        return block
    update: dict[str, object] = {"cta_line": cta_line(block, spec.cta)}
    if spec.typography.title.case == "upper":
        update["title_lines"] = _upper(block.title_lines)
    if spec.typography.publisher.case == "upper":
        update["publisher_lines"] = _upper(block.publisher_lines)
    return block.model_copy(update=update)


def printed_source(source: Source, spec: DesignSpec) -> Source:
    edition = repaginate(source, spec.cards_per_page)
    pages = [
        page.model_copy(update={"blocks": [_block(b, spec) for b in page.blocks]})
        for page in edition.pages
    ]
    return edition.model_copy(update={"pages": pages})


def card_count(source: Source) -> int:
    return sum(isinstance(b, Card) for page in source.pages for b in page.blocks)
