"""What the review page draws over a PDF page: each resource's area outlined and numbered, its
fields' boxes (lit when a field is pointed at beside the page), its links dashed and numbered, and
the places warnings are about. Coordinates are the page's own (PDF points from the top-left, as
in catalogue.json): the SVG laid over the image takes them as they are, exact at any zoom."""

from __future__ import annotations

from dataclasses import dataclass

from extract.review.changes import Mark
from extract.review.records import Entry, classes
from schemas.models import Box


@dataclass(frozen=True)
class PageView:
    """One rendered page: its size in PDF points and its image (a path relative to the HTML
    file, or the image itself as a data: URI)."""

    number: int
    width: float
    height: float
    src: str
    px_width: int
    px_height: int
    drawn: bool = True  # False: a blank in place of a page the extraction could not read


def num(value: float) -> str:
    """A coordinate as short, stable text."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


@dataclass(frozen=True)
class Rect:
    css: str
    x: str
    y: str
    width: str
    height: str
    title: str | None = None
    field: str | None = None  # a field's box, found by the field's row
    res: int | None = None  # the area, which a click selects


@dataclass(frozen=True)
class Tag:
    """A numbered label whose box grows with the digits."""

    css: str
    label: str
    x: str
    y: str
    width: str
    height: str
    text_x: str
    text_y: str
    size: str


@dataclass(frozen=True)
class Drawing:
    number: int
    css: str
    warn: bool
    mark: Mark | None
    rects: list[Rect]
    tags: list[Tag]


def rect(
    box: Box,
    css: str,
    title: str | None = None,
    *,
    field: str | None = None,
    res: int | None = None,
) -> Rect:
    width, height = max(box.x1 - box.x0, 0.5), max(box.bottom - box.top, 0.5)
    return Rect(css, num(box.x0), num(box.top), num(width), num(height), title, field, res)


def tag(number: int, x: float, y: float, size: float, css: str) -> Tag:
    label = str(number)
    width = size * (0.35 + 0.6 * len(label))
    top = max(y - size * 1.2, 0.0)
    return Tag(
        css,
        label,
        num(x),
        num(top),
        num(width),
        num(size * 1.2),
        num(x + size * 0.18),
        num(top + size * 0.95),
        num(size),
    )


def drawing(entry: Entry, page: int) -> Drawing | None:
    """The area, its field boxes, its number and its links: what of them lies on `page`."""
    prov = entry.resource.provenance
    rects: list[Rect] = []
    tags: list[Tag] = []
    if prov.area.page == page:
        label = f"{entry.number}. {entry.resource.title}"
        rects.append(rect(prov.area.bbox, "area", label, res=entry.number))
        for name, where in sorted(prov.fields.items()):
            if where.page == page:
                rects.append(rect(where.bbox, "field", name, field=name))
    for link in prov.links:
        if link.page == page:
            title = f"{entry.number}: {link.url} ({link.origin})"
            checked = entry.links.get(link.url)
            css = f"link outcome-{checked.outcome}" if checked else "link"
            rects.append(rect(link.bbox, css, f"{title} · {checked.detail}" if checked else title))
            tags.append(tag(entry.number, link.bbox.x1 + 1.5, link.bbox.bottom, 6.0, "link-tag"))
    if prov.area.page == page:
        tags.append(tag(entry.number, prov.area.bbox.x0 - 2, prov.area.bbox.top - 1, 9.0, "tag"))
    if not rects:
        return None
    return Drawing(entry.number, classes(entry), bool(entry.warnings), entry.mark, rects, tags)
