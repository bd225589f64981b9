"""What a reader gives the later stages: pages of styled characters and link annotations.

Both readers (pdfplumber, pypdfium2) produce exactly these objects, so the stages after `read`
cannot tell them apart. Coordinates are PDF points, origin at the page's top-left corner (as
pdfplumber), for the page as displayed (rotation applied).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import NamedTuple

RGB = tuple[float, float, float]


# A named tuple, not a dataclass: a page has about 1,500 chars, built in the readers' tightest
# loop, where a tuple is several times cheaper to make; fields, order and equality are the same.
class Char(NamedTuple):
    """One glyph of the text layer.

    `x0`/`x1` run along the baseline from the glyph's origin to origin + advance; `baseline` is
    the baseline's distance from the top of the page. For upright text, `x0 < x1` and the glyph
    occupies `baseline - size` to `baseline`; for rotated text (`upright` False) the same fields
    hold the coordinates along the glyph's own axis and the layout stage only uses its position.
    """

    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    baseline: float
    size: float
    font: str  # base font name without the subset prefix ("BitstreamVeraSans-Bold")
    bold: bool
    italic: bool
    colour: RGB  # fill colour as RGB in 0..1 (grey and CMYK converted)
    upright: bool


@dataclass(frozen=True, slots=True)
class LinkAnnotation:
    uri: str
    x0: float
    top: float
    x1: float
    bottom: float


@dataclass(frozen=True, slots=True)
class PageWarning:
    """Something the reader could not read on a page (the page itself still comes out)."""

    code: str
    message: str


@dataclass(frozen=True, slots=True)
class PageContent:
    number: int  # 1-based
    width: float
    height: float
    rotation: int
    chars: tuple[Char, ...]
    links: tuple[LinkAnnotation, ...]
    warnings: tuple[PageWarning, ...] = field(default=())


@dataclass(frozen=True, slots=True)
class DocumentInfo:
    title: str | None
    page_count: int
    # What was wrong with the file as a whole (a cross-reference table rebuilt to open it).
    warnings: tuple[PageWarning, ...] = field(default=())


class Reader:
    """A PDF opened for reading: document facts, then pages one at a time.

    Pages are produced lazily and nothing of a page is kept once it has been yielded, so memory
    does not grow with page count.
    """

    name = "abstract"

    def info(self) -> DocumentInfo:
        raise NotImplementedError

    def pages(self, numbers: range | None = None) -> Iterator[PageContent]:
        raise NotImplementedError

    def close(self) -> None:
        raise NotImplementedError

    def __enter__(self) -> Reader:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
