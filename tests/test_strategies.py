"""Generated sources are valid, typeset in every layout, and give one record per resource."""

from __future__ import annotations

import re

import pytest
from hypothesis import given

from samples.expected import parse_type_line, records
from samples.source import Card, Group, GroupItem, Link, Page, Source
from samples.typeset import LAYOUTS, typeset
from tests.conftest import examples
from tests.strategies import (
    BLURB_FONT,
    BODY_CHARS,
    BODY_SIZE,
    BODY_WIDTH,
    PART_TITLES,
    PUBLISHER_FONT,
    THEMES,
    TITLE_CHARS,
    TITLE_FONT,
    TITLE_SIZE,
    TITLE_WIDTH,
    fits,
    sources,
)

TOC_LINE = re.compile(r"P\.? ?(\d+)\s+(.+)")


def resources_of(page: Page) -> list[Card | GroupItem]:
    out: list[Card | GroupItem] = []
    for block in page.blocks:
        out.extend([block] if isinstance(block, Card) else block.items)
    return out


def resources(source: Source) -> list[Card | GroupItem]:
    return [resource for page in source.pages for resource in resources_of(page)]


@examples("source")
@given(sources())
def test_generated_sources_are_well_formed(source):
    again = Source.model_validate(source.model_dump(mode="json"))
    assert again == source
    numbers = sorted([p.page for p in source.pages] + [p.intro_page for p in source.parts])
    assert numbers == list(range(3, source.page_count()))
    for part in source.parts:
        # A part's title is one of the catalogue's, cut between words onto its lines.
        assert part.title in PART_TITLES
        assert " ".join(part.title_lines) == part.title
        for entry in part.toc:
            first = TOC_LINE.fullmatch(entry.lines[0])
            assert first is not None and int(first[1]) == entry.page
            assert entry.label in THEMES
            assert " ".join([first[2], *entry.lines[1:]]) == entry.label
    for page in source.pages:
        urls = [link.url for block in page.blocks for link in _links(block)]
        assert page.trailing_urls == urls
        for block in page.blocks:
            if isinstance(block, Card):
                _check_card(block)


def _links(block: Card | Group) -> list[Link]:
    if isinstance(block, Card):
        return block.links
    return [link for item in block.items for link in item.links]


def _check_card(card: Card) -> None:
    assert 1 <= len(card.title_lines) <= 7
    assert len(card.publisher_lines) <= 3
    assert 1 <= len(card.blurb_lines) <= 8
    assert parse_type_line(card.type_line) is not None
    assert [link.on for link in card.links][:1] == ["cta"]
    assert len({link.url for link in card.links}) == len(card.links)
    for line in card.title_lines:
        assert line == line.upper() and not line.startswith(">")
        assert fits(line, TITLE_FONT, TITLE_SIZE, TITLE_WIDTH, TITLE_CHARS)
    for font, lines in ((PUBLISHER_FONT, card.publisher_lines), (BLURB_FONT, card.blurb_lines)):
        for line in lines:
            assert not line.startswith(">") and "://" not in line and not line.isdigit()
            assert fits(line, font, BODY_SIZE, BODY_WIDTH, BODY_CHARS)


@examples("source")
@given(sources())
def test_generated_sources_typeset_in_every_layout(source):
    for layout in LAYOUTS:
        assert typeset(source, "both", layout).startswith(b"%PDF")


@examples("source")
@given(sources())
def test_records_give_one_record_per_resource(source):
    got = records(source)
    assert len(got) == len(resources(source))
    for record, resource in zip(got, resources(source), strict=True):
        assert record["title"] and record["url"]
        assert record["url"] == resource.links[0].url
        assert record["theme"] == next(p.theme for p in source.pages if p.page == record["page"])
    assert len({r["card_id"] for r in got}) == len(got)
    pages = [p.page for p in source.pages for _ in resources_of(p)]
    assert [r["page"] for r in got] == pages


@examples("source")
@given(sources())
def test_no_url_is_shared_by_two_resources(source):
    owners: dict[str, int] = {}
    for i, record in enumerate(records(source)):
        links = record["links"]
        assert isinstance(links, list)
        for url in links:
            assert owners.setdefault(url, i) == i, f"{url} is on two resources"


def _fullest_source() -> Source:
    """The most text every generated page can carry: four cards at every line limit, a group of
    three doubly linked items, a side banner and a page label."""
    card = Card(
        title_lines=["MMMMMMMMMMMMMMM"] * 7,
        type_line="> Fiche retour d’expérience (2019-2020) ",
        publisher_lines=["Auvergne-Rhône-Alpes Spectacle"] * 3,
        blurb_lines=["intercommunalités et développement"[:BODY_CHARS]] * 8,
        cta_line=">> Pour accéder à la ressource",
        links=[],
    )
    blocks: list[Card | Group] = []
    for i in range(4):
        links = [
            Link(url=f"https://example.org/ressources/p4-c{i}-cta?id=3&t=1s", on="cta"),
            Link(url=f"https://example.org/ressources/p4-c{i}-blurb?id=3&t=1s", on="blurb", line=7),
        ]
        blocks.append(card.model_copy(update={"links": links}))
    items = [
        GroupItem(
            type_line=">Site web : Territoires zéro chômeur",
            links=[Link(url=f"https://example.org/guide/p4-g-{i}", on="item")] * 2,
        )
        for i in range(3)
    ]
    blocks.insert(3, Group(heading_lines=["Contactez une foncière solidaire :"], items=items))
    page = Page(
        page=4,
        part=1,
        theme="Foncier",
        header_lines=["Foncier :", "comment revitaliser un lieu vacant ?"],
        side_banner="REPONDRE AUX DEFIS DE MON TERRITOIRE",
        side_banner_lines=list("REPONDREAUXDEFISDEMONTERRITOIRE"),
        page_label="4",
        page_label_position="before_links",
        blocks=blocks,
        trailing_urls=[link.url for block in blocks for link in _links(block)],
    )
    base = Source.model_validate_json(
        '{"format": "catalogue-source/1", "edition": {"title": "t", "programme": "p",'
        ' "publisher": "Avise", "partner": "ANCT", "year": 2021, "language": "fr"},'
        ' "front_lines": [], "back_lines": [], "pages": [], "parts": [{"number": 1,'
        ' "title": "Foncier", "title_lines": ["Foncier"], "intro_lines": [], "intro_page": 3,'
        ' "toc": [{"page": 4, "label": "Foncier", "lines": ["P.4 Foncier"]}]}]}'
    )
    return base.model_copy(update={"pages": [page]})


@pytest.mark.parametrize("layout", LAYOUTS)
def test_the_fullest_page_still_fits(layout):
    source = _fullest_source()
    for card in resources(source):
        if isinstance(card, Card):
            _check_card(card)
    assert typeset(source, "both", layout).startswith(b"%PDF")
