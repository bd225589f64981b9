"""What the cards stage gives the validate stage: resources as read, with where each came from.

A draft is a resource before validation: every field keeps the lines it came from, so that each
value can be traced to its page and position. A note is a warning as the stages raise it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal

from extract.layout.lines import Line

BBox = tuple[float, float, float, float]  # x0, top, x1, bottom


def union(boxes: Sequence[BBox]) -> BBox:
    return (
        min(b[0] for b in boxes),
        min(b[1] for b in boxes),
        max(b[2] for b in boxes),
        max(b[3] for b in boxes),
    )


def box_of(lines: Sequence[Line]) -> BBox:
    return union([(ln.x0, ln.top, ln.x1, ln.bottom) for ln in lines])


@dataclass(frozen=True)
class Where:
    page: int
    box: BBox


@dataclass(frozen=True)
class PairedLink:
    url: str
    where: Where
    origin: Literal["annotation", "text"]


@dataclass(frozen=True)
class Note:
    """A warning as the stages raise it: a code, a message, and where it applies."""

    code: str
    message: str
    page: int | None = None
    box: BBox | None = None
    resource: int | None = None  # index into the drafts, when it concerns one resource


@dataclass(frozen=True)
class TocItem:
    page: int  # the PDF page it points at
    printed: int  # the number as printed
    label: str
    where: Where


@dataclass
class Part:
    number: int
    title: str
    intro_page: int
    title_where: Where | None
    toc: list[TocItem]


@dataclass
class Draft:
    page: int
    part: str | None
    theme: str | None
    title: str
    type_text: str | None
    resource_type: str | None
    year: int | None
    year_end: int | None
    publisher: str | None
    description: str | None
    group: str | None
    area: BBox
    fields: dict[str, Where] = field(default_factory=dict)
    links: list[PairedLink] = field(default_factory=list)
    # What names the resource as a whole (its call to action, its title): a link there is its
    # main link, whatever order the annotations were written in.
    handles: list[BBox] = field(default_factory=list)


@dataclass
class Reading:
    parts: list[Part]
    drafts: list[Draft]
    notes: list[Note]
