"""The axes along which a design of the catalogue varies, as one frozen record per design.

A design says how a catalogue's content is laid out and encoded, never what the content is:
every design of one source gives the same records (the page numbers aside, which follow the
design's pagination). Producers (`samples.designs.producers`) turn a repaginated source and a
`DesignSpec` into a PDF; each producer honours the axes it can express and refuses the others
(`Unsupported`), so the zoo never claims an axis a file does not show.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Literal

Producer = Literal["reportlab", "chromium", "typst"]
Orientation = Literal["portrait", "landscape"]
# Cards fill each column top to bottom before the next ("down"), or each row left to right
# before the next ("across").
Flow = Literal["down", "across"]
Frame = Literal["boxed", "ruled", "bare"]
Thumbnail = Literal["vector", "raster", "none"]
ThumbnailAt = Literal["above", "beside"]
Case = Literal["as-source", "upper"]  # "upper": the producer capitalises the text it prints
Weight = Literal["regular", "bold"]
# Where a card's address is: a link annotation on the call to action, on the title, on a blurb
# line; or no annotation and the URLs printed (a list at the page foot, numbered notes at the page
# foot with the note number after the card's title, or the URL printed under each card).
Links = Literal["cta", "title", "blurb", "list", "notes", "under"]
# Printed page numbers: "3", "— 3 —", "3 / 39", "Page 3", or none.
Folio = Literal["plain", "dashes", "of-total", "page-word", "none"]
# The page header of content pages: the theme in a coloured band (with the question under it when
# the source has one), a small running head with the theme, or artwork only (no text).
Header = Literal["banner", "running", "artwork"]
# A part's table of contents: "P.9  Label", "Label ........ 9", "9   Label", or a two-column table
# (number and label in separate cells, drawn as separate text runs).
Toc = Literal["p-dot", "leaders", "number-first", "table"]
ColourSpace = Literal["rgb", "cmyk", "grey"]
# The roles of a card, in the order the design prints them top to bottom. The type line may
# come above the title (a kicker), the publisher after the blurb, the call to action before it.
CardRole = Literal["title", "type", "publisher", "blurb", "cta"]
CARD_ORDER: tuple[CardRole, ...] = ("title", "type", "publisher", "blurb", "cta")
CARD_ORDERS: tuple[tuple[CardRole, ...], ...] = (
    CARD_ORDER,
    ("type", "title", "publisher", "blurb", "cta"),
    ("title", "type", "blurb", "publisher", "cta"),
    ("title", "type", "publisher", "cta", "blurb"),
    ("type", "title", "blurb", "publisher", "cta"),
    ("type", "title", "cta", "blurb", "publisher"),
)
# The order in which a page's link annotations are written into the file: as the page reads,
# the reverse (some producers write them last-first), or any order.
AnnotationOrder = Literal["reading", "reverse", "shuffled"]
ScaleBy = Literal["sizes", "matrix", "ctm"]


@dataclass(frozen=True)
class RoleStyle:
    """How one role is printed. `size` in points; `colour` None means the part's accent."""

    size: float
    weight: Weight = "regular"
    italic: bool = False
    case: Case = "as-source"
    colour: tuple[float, float, float] | None = (0.15, 0.15, 0.2)


@dataclass(frozen=True)
class Typography:
    title: RoleStyle = RoleStyle(10.0, "bold", colour=None)
    type_line: RoleStyle = RoleStyle(8.0, colour=None)
    publisher: RoleStyle = RoleStyle(8.0, "bold")
    blurb: RoleStyle = RoleStyle(8.0)
    cta: RoleStyle = RoleStyle(8.0, "bold", colour=(1.0, 1.0, 1.0))
    group_heading: RoleStyle = RoleStyle(9.0, "bold")
    group_item: RoleStyle = RoleStyle(8.0, colour=None)
    # Family names are the producer's business (each embeds fonts it can reach offline).
    family: Literal["sans", "serif"] = "sans"


@dataclass(frozen=True)
class Encoding:
    """How the text layer is written, which must not change what is read."""

    ligatures: bool = False  # fi, fl… drawn as single ligature glyphs
    no_space_glyphs: bool = False  # words placed by position, no space character between them
    colour_space: ColourSpace = "rgb"
    layer_order: bool = False  # content stream by role: all titles, then all type lines, …
    invisible_text: bool = False  # text in render mode 3 over artwork (outlined) display text
    annotation_order: AnnotationOrder = "reading"


@dataclass(frozen=True)
class DesignSpec:
    name: str
    producer: Producer
    description: str
    orientation: Orientation = "portrait"
    columns: int = 2
    flow: Flow = "down"
    cards_per_page: int = 4  # at most; a theme's cards are split over pages of this many blocks
    frame: Frame = "boxed"
    thumbnail: Thumbnail = "vector"
    thumbnail_at: ThumbnailAt = "beside"
    reflow: bool = True  # fields set by the producer's own line breaking, not the source's lines
    typography: Typography = field(default_factory=Typography)
    # None: no call to action at all; `{type}` is replaced by each card's resource type.
    cta: str | None = "> Pour accéder à la ressource"
    links: Links = "cta"
    folio: Folio = "plain"
    folio_offset: int = 0  # printed number = PDF page − offset (a cover that is not counted)
    running_head: str | None = None  # printed at the top of every content page
    running_foot: str | None = None  # printed at the foot of every page but the covers
    side_banner: bool = False  # the part's name, rotated, up the outer edge of content pages
    decorative_text: str | None = None  # a word set large in the artwork of content pages
    header: Header = "banner"
    toc: Toc = "p-dot"
    part_label: bool = True  # "Partie n" above the part title
    part_title_after_toc: bool = False  # in the content stream, not on the page
    encoding: Encoding = field(default_factory=Encoding)
    card_order: tuple[CardRole, ...] = CARD_ORDER
    # Content pages set at their own scale (a crowded page shrunk to fit): page n prints every
    # size of its cards times page_scales[n % len(page_scales)], rounded to size_step points as
    # a word processor rounds them (0: not rounded).
    page_scales: tuple[float, ...] = (1.0,)
    size_step: float = 0.0
    # How the scale is written: in the font sizes, in the text matrix (the font at the
    # design's size, the matrix shrinking it), or in the graphics state around the cards (a
    # frame shrunk whole, its artwork and links with it), as layout programs export them.
    scale_by: ScaleBy = "sizes"
    seed: int = 0  # for anything a producer varies (raster thumbnails' noise)

    def but(self, **changes: object) -> DesignSpec:
        return replace(self, **changes)  # type: ignore[arg-type]


class Unsupported(ValueError):
    """A producer asked for an axis value it cannot express."""


def refuse_reportlab_only(spec: DesignSpec, producer: str) -> None:
    """Raise `Unsupported` for the axes only the ReportLab producer draws: a card's role order,
    pages at their own scale, annotations written out of reading order."""
    if spec.card_order != CARD_ORDER:
        raise Unsupported(f"{producer} prints a card's roles in the source's order only")
    if spec.page_scales != (1.0,):
        raise Unsupported(f"{producer} sets every page at the design's own sizes")
    if spec.encoding.annotation_order != "reading":
        raise Unsupported(f"{producer} writes a page's links in reading order")
