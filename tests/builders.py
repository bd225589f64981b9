"""Small catalogue sources, built in tests to typeset one situation at a time."""

from __future__ import annotations

from samples.source import Card, Edition, Group, GroupItem, Link, Page, Part, Source, TocEntry

EDITION = Edition(
    title="Catalogue de test",
    programme="Programme",
    publisher="Éditeur",
    partner="Partenaire",
    year=2024,
    language="fr",
)


def card(
    title: list[str] | None = None,
    type_line: str = ">Guide (2019)",
    publisher: list[str] | None = None,
    blurb: list[str] | None = None,
    url: str = "https://example.org/ressource",
    blurb_links: dict[int, str] | None = None,
) -> Card:
    links = [Link(url=url, on="cta")]
    links += [Link(url=u, on="blurb", line=i) for i, u in sorted((blurb_links or {}).items())]
    return Card(
        title_lines=["UN GUIDE"] if title is None else title,
        type_line=type_line,
        publisher_lines=["Avise"] if publisher is None else publisher,
        blurb_lines=blurb or ["Une ressource utile pour les", "collectivités."],
        cta_line=">> Pour accéder à la ressource",
        links=links,
    )


def group(heading: str, names: list[str]) -> Group:
    return Group(
        heading_lines=[heading],
        items=[
            GroupItem(
                type_line=f">Site web : {n}",
                links=[Link(url=f"https://example.org/{n.lower()}", on="item")],
            )
            for n in names
        ],
    )


def urls_of(blocks: list[Card | Group]) -> list[str]:
    out: list[str] = []
    for block in blocks:
        if isinstance(block, Card):
            out += [link.url for link in block.links]
        else:
            out += [link.url for item in block.items for link in item.links]
    return out


def source(
    pages: list[list[Card | Group]],
    header: list[str] | None = None,
    themes: list[str] | None = None,
) -> Source:
    """One part (intro on page 3) whose content pages start at page 4; page 1 cover, 2 intro."""
    themes = themes or [f"Thème {i + 1}" for i in range(len(pages))]
    content = [
        Page(
            page=4 + i,
            part=1,
            theme=themes[i],
            header_lines=header or [],
            blocks=blocks,
            trailing_urls=urls_of(blocks),
        )
        for i, blocks in enumerate(pages)
    ]
    part = Part(
        number=1,
        title="Comprendre l’ESS",
        title_lines=["Comprendre l’ESS"],
        intro_lines=["Une introduction."],
        toc=[
            TocEntry(page=4 + i, label=t, lines=[f"P.{4 + i}     {t}"])
            for i, t in enumerate(themes)
        ],
        intro_page=3,
    )
    return Source(
        format="catalogue-source/1",
        edition=EDITION,
        front_lines=["Couverture"],
        back_lines=["Dos"],
        parts=[part],
        pages=content,
    )
