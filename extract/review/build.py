"""`catalogue review PDF [-o DIR]`: a page a person checks an extracted edition with.

Writes DIR/review.html and its page images DIR/pages/page-NN.png (default DIR:
review/<PDF name without .pdf>/), or with `single_file` one HTML file holding its images
(DIR/<name>-review.html), to send as it is. Each page is shown rendered, with every resource's
area outlined and numbered, its links drawn, its warnings in red, and its extracted fields
beside it. With `--against OLD`, what changed since OLD is marked.
"""

from __future__ import annotations

import argparse
import base64
import io
import math
import re
from collections.abc import Callable, Collection, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from extract.corrections.read import CorrectionSet
from extract.errors import CatalogueError, ExitCode, NotAPdf, OutputError
from extract.pipeline import skipped_pages
from extract.readers.common import check_file, short
from extract.review.changes import ReviewChanges, changes_against
from extract.review.drawing import PageView
from extract.review.html import render_html
from extract.review.links import LinkMark
from extract.review.words import DEFAULT_LANG, Lang
from extract.write.files import output_lock, output_name, write_files
from schemas.models import Catalogue

HTML_NAME = "review.html"
SINGLE_SUFFIX = "-review.html"
PAGES_DIR = "pages"
# Twice what a screen shows an A4 page at: a card's 7-point text is read at normal zoom, and
# still when the page is enlarged. An A4 page is 1,819 by 2,573 pixels.
DEFAULT_RESOLUTION = 220
# The most pixels a page image may have: A4 at 600 dpi (35 million) fits; a larger page is
# drawn at the resolution that fits. Drawn and converted, 40 million pixels take some 300 MB.
MAX_PIXELS = 40_000_000
IMAGE_NAME = re.compile(r"^page-\d+\.png$")
Progress = Callable[[int, int], None]


class ReviewTrouble(CatalogueError):
    """A review asked for what the inputs cannot give."""

    code = ExitCode.USAGE


def default_output(pdf: Path) -> Path:
    return Path("review") / output_name(pdf)


def single_name(pdf: Path) -> str:
    """The one file of a `--single-file` review: named for its edition, as an attachment."""
    return output_name(pdf) + SINGLE_SUFFIX


def image_name(number: int) -> str:
    return f"page-{number:02d}.png"


# ---------------------------------------------------------------------------------------------
# Which pages.


def parse_pages(text: str) -> tuple[int, int]:
    """`5` or `3-8` (1-based, inclusive) as (first, last); for argparse."""
    match = re.fullmatch(r"\s*(\d+)\s*(?:[-–]\s*(\d+)\s*)?", text)
    if match is None:
        raise argparse.ArgumentTypeError(f"not a page or a range of pages: {text!r}")
    first = int(match.group(1))
    last = int(match.group(2) or first)
    if first < 1 or last < first:
        raise argparse.ArgumentTypeError(f"not a range of pages from 1 up: {text!r}")
    return first, last


def select_pages(span: tuple[int, int] | None, page_count: int, pdf: Path) -> list[int]:
    if span is None:
        return list(range(1, page_count + 1))
    first, last = span
    if first > page_count:
        raise ReviewTrouble(pdf, f"has {page_count} pages; no page {first} to review")
    return list(range(first, min(last, page_count) + 1))


# ---------------------------------------------------------------------------------------------
# Rendering.


@dataclass(frozen=True)
class RenderedPage:
    view: PageView
    png: bytes
    dpi: int  # what it was drawn at: less than asked for a page over MAX_PIXELS
    drawn: bool = True  # False: a blank in place of a page that was not read


def scale_for(width: float, height: float, resolution: int) -> float:
    """Pixels per point for a page of `width` by `height` points at `resolution` dpi, or less
    if that would make more than MAX_PIXELS pixels: a 14,400 pt page drawn at 110 dpi is
    22,000 pixels square and took 3.75 GB to draw and convert."""
    scale = resolution / 72
    area = max(width, 1.0) * max(height, 1.0)
    if area * scale * scale > MAX_PIXELS:
        scale = math.sqrt(MAX_PIXELS / area)
    return scale


def render_page(page: Any, number: int, resolution: int) -> RenderedPage:
    """A pypdfium2 page as a PNG, drawn as pdfplumber's `to_image` draws it (no smoothing)."""
    width, height = page.get_size()
    scale = scale_for(width, height, resolution)
    image = (
        page.render(
            scale=scale,
            no_smoothtext=True,
            no_smoothpath=True,
            no_smoothimage=True,
            prefer_bgrx=True,
        )
        .to_pil()
        .convert("RGB")
    )
    return _rendered(image, number, width, height, round(scale * 72))


def blank_page(number: int, width: float, height: float, resolution: int) -> RenderedPage:
    """A white image in place of a page the extraction did not read (damaged, or its streams
    over the limit), which pdfium is not asked to draw."""
    from PIL import Image

    scale = scale_for(width, height, resolution)
    size = (max(1, round(width * scale)), max(1, round(height * scale)))
    image = Image.new("RGB", size, (255, 255, 255))
    return _rendered(image, number, width, height, round(scale * 72), drawn=False)


def _rendered(
    image: Any, number: int, width: float, height: float, dpi: int, drawn: bool = True
) -> RenderedPage:
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    view = PageView(
        number=number,
        width=float(width),
        height=float(height),
        src=f"{PAGES_DIR}/{image_name(number)}",
        px_width=image.width,
        px_height=image.height,
        drawn=drawn,
    )
    return RenderedPage(view, buffer.getvalue(), dpi, drawn)


def render_pages(
    pdf: Path,
    numbers: Sequence[int],
    *,
    password: str | None = None,
    resolution: int = DEFAULT_RESOLUTION,
    progress: Progress | None = None,
    skip: Collection[int] = (),
) -> Iterator[RenderedPage]:
    """Render `numbers` (1-based) one page at a time, so memory holds one page image; the
    pages in `skip` (not read by the extraction) are blank, and pdfium does not open them.

    pdfium draws the pages, as for pdfplumber's images, but is asked directly: a file whose
    page tree only pdfium can rebuild (the default reader read it) has its pages drawn too.
    """
    import pypdfium2 as pdfium

    try:
        document = pdfium.PdfDocument(pdf, password=password or None)
        try:
            for done, number in enumerate(numbers, start=1):
                if number in skip:
                    width, height = document.get_page_size(number - 1)
                    yield blank_page(number, width, height, resolution)
                    continue
                page = document[number - 1]
                try:
                    yield render_page(page, number, resolution)
                finally:
                    page.close()
                if progress:
                    progress(done, len(numbers))
        finally:
            document.close()
    except CatalogueError:  # a time limit set around the review
        raise
    except Exception as exc:  # the extraction read this file: a failure here is the renderer's
        raise NotAPdf(pdf, f"cannot render page images ({short(exc)})") from exc


# ---------------------------------------------------------------------------------------------
# What the page marks besides the extraction.


def links_from(path: Path) -> dict[str, LinkMark]:
    """Each address's outcome, from a link report (a links.json or the folder holding it)."""
    from extract.linkcheck.report import load_report
    from extract.review.links import link_marks

    return link_marks(load_report(path))


# ---------------------------------------------------------------------------------------------
# Writing.


def write_review(
    out_dir: Path,
    html: str,
    images: dict[str, bytes],
    *,
    name: str = HTML_NAME,
    ends_run: bool = False,
) -> None:
    """Page images first and the page after them, so the page never points at a missing image;
    then the images that an earlier review of more pages left behind go. The folder is held
    against another review writing into it for the whole of it (the other's images would be
    taken for stale ones), and `pages/` must be a folder of its own: through a symbolic link
    the review would overwrite and remove `page-NN.png` files elsewhere. A single file (no
    `images`: they are inside it) is written alone, and leaves `pages/` as it is."""
    pages_dir = out_dir / PAGES_DIR
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise OutputError(out_dir, f"cannot create the output folder ({exc.strerror})") from exc
    with output_lock(out_dir):
        if not images:
            write_files({name: html.encode("utf-8")}, out_dir, ends_run=ends_run)
            return
        if pages_dir.is_symlink():
            raise OutputError(
                pages_dir,
                "is a symbolic link; the review writes and removes page images only in a "
                "folder of its own: remove the link, or give another folder with -o",
            )
        write_files(images, pages_dir)
        write_files({name: html.encode("utf-8")}, out_dir, ends_run=ends_run)
        try:
            for stale in sorted(pages_dir.iterdir()):
                if IMAGE_NAME.match(stale.name) and stale.name not in images:
                    stale.unlink()
        except OSError as exc:
            raise OutputError(pages_dir, f"cannot tidy the page images ({exc.strerror})") from exc


@dataclass(frozen=True)
class Review:
    catalogue: Catalogue
    html: str
    images: dict[str, bytes]  # empty for a single file: they are inside it
    changes: ReviewChanges | None
    links: Mapping[str, LinkMark] | None = None
    smaller: list[int] = field(default_factory=list)  # pages drawn under the resolution asked
    blank: list[int] = field(default_factory=list)  # pages not drawn (not read)
    pages: int = 0


def data_uri(png: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(png).decode("ascii")


def build_review(
    pdf: Path,
    catalogue: Catalogue,
    *,
    password: str | None = None,
    pages: tuple[int, int] | None = None,
    against: Path | None = None,
    resolution: int = DEFAULT_RESOLUTION,
    progress: Progress | None = None,
    links: Path | None = None,
    lang: Lang = DEFAULT_LANG,
    corrections: CorrectionSet | None = None,
    single_file: bool = False,
) -> Review:
    """Everything the review of `pdf` writes, in memory; `catalogue` is its extraction (with
    `corrections` applied, when given: the page's export repeats their rows), `links` a link
    report whose outcomes mark the addresses, and `single_file` puts the images in the page."""
    check_file(pdf)
    numbers = select_pages(pages, catalogue.edition.page_count, pdf)
    changes = changes_against(catalogue, against) if against is not None else None
    marks = links_from(links) if links is not None else None
    rendered = list(
        render_pages(
            pdf,
            numbers,
            password=password,
            resolution=resolution,
            progress=progress,
            skip=skipped_pages(catalogue),
        )
    )
    views = [r.view for r in rendered]
    if single_file:
        views = [replace(r.view, src=data_uri(r.png)) for r in rendered]
    html = render_html(catalogue, views, changes, marks, lang=lang, corrections=corrections)
    images = {} if single_file else {image_name(r.view.number): r.png for r in rendered}
    smaller = [r.view.number for r in rendered if r.drawn and r.dpi < resolution]
    blank = [r.view.number for r in rendered if not r.drawn]
    return Review(catalogue, html, images, changes, marks, smaller, blank, len(rendered))
