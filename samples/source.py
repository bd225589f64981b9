"""The `catalogue-source/1` format: a catalogue's content, structured line by line.

A source is what the facsimile generator typesets. Every printed line is one string, verbatim;
the models only check the structure, never rewrite text.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Annotated, Literal

from pydantic import BaseModel, ConfigDict, Field

FORMAT = "catalogue-source/1"


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Edition(_Strict):
    title: str
    programme: str
    publisher: str
    partner: str
    year: int
    language: str


class TocEntry(_Strict):
    page: int
    label: str
    lines: list[str]


class Part(_Strict):
    number: int
    title: str
    title_lines: list[str]
    intro_lines: list[str]
    toc: list[TocEntry]
    intro_page: int


class Link(_Strict):
    url: str
    on: Literal["cta", "blurb", "item"]
    line: int | None = None  # index into blurb_lines when on == "blurb"


class Card(_Strict):
    kind: Literal["card"] = "card"
    title_lines: list[str]
    type_line: str
    publisher_lines: list[str]
    blurb_lines: list[str]
    cta_line: str | None
    links: list[Link]


class GroupItem(_Strict):
    type_line: str
    links: list[Link]


class Group(_Strict):
    kind: Literal["group"] = "group"
    heading_lines: list[str]
    items: list[GroupItem]


Block = Annotated[Card | Group, Field(discriminator="kind")]


class Page(_Strict):
    page: int
    part: int
    theme: str
    header_lines: list[str]
    side_banner: str | None = None
    side_banner_lines: list[str] | None = None
    page_label: str | None = None
    page_label_position: Literal["start", "before_links"] | None = None
    blocks: list[Block]
    trailing_urls: list[str]


class Source(_Strict):
    format: Literal["catalogue-source/1"]
    edition: Edition
    front_lines: list[str]
    back_lines: list[str]
    parts: list[Part]
    pages: list[Page]

    def page_count(self) -> int:
        """Cover and introduction, every numbered page, then the back cover."""
        last = max([p.page for p in self.pages] + [p.intro_page for p in self.parts])
        return last + 1


def load(path: Path) -> Source:
    return Source.model_validate(json.loads(path.read_text(encoding="utf-8")))


def dump(source: Source) -> str:
    return json.dumps(source.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"


def block_urls(blocks: Iterable[Block]) -> list[str]:
    """The addresses a page's blocks link to, in link order (repeats kept): the page's trailing
    URL list, as the catalogue prints it."""
    urls: list[str] = []
    for block in blocks:
        links = (
            block.links
            if isinstance(block, Card)
            else [link for item in block.items for link in item.links]
        )
        urls.extend(link.url for link in links)
    return urls
