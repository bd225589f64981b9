"""The Chromium designs of the zoo, read from the committed PDFs with pdfium and pikepdf.

None of these needs Chromium except the rebuild test, which is skipped without it: they check
the files `python -m samples.designs.zoo` wrote into samples/designs/, independently of the
extractor. Also the producer's own text rules (line-break guards, refused axes), without a
browser.
"""

from __future__ import annotations

import io
import math
import re
from collections import Counter
from functools import cache
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest

from samples.designs.content import printed_source
from samples.designs.producers.chromium_pdf import (
    DESIGNS,
    OVERLAP_PAGES,
    SPLIT_PAGES,
    fonts,
    refuse,
)
from samples.designs.producers.chromium_text import Fields, url_text
from samples.designs.spec import Encoding, RoleStyle, Typography, Unsupported
from samples.designs.zoo import HERE as DESIGN_DIR
from samples.designs.zoo import build
from samples.expected import join_lines
from samples.source import Card, Page, Source, load
from tests.conftest import SAMPLES

NAMES = [spec.name for spec in DESIGNS]
BY_NAME = {spec.name: spec for spec in DESIGNS}
ANNOTATED = [s.name for s in DESIGNS if s.links in ("cta", "title", "blurb")]
UNANNOTATED = [s.name for s in DESIGNS if s.links in ("list", "notes", "under")]


def pdf_path(name: str) -> Path:
    return DESIGN_DIR / f"{name}.pdf"


@cache
def committed(name: str) -> tuple[bytes, Source]:
    path = pdf_path(name)
    if not path.exists():
        pytest.skip(f"{path.name} is not built (python -m samples.designs.zoo --only {name})")
    return path.read_bytes(), load(DESIGN_DIR / f"{name}.source.json")


def page_links(page: Page) -> list[str]:
    out: list[str] = []
    for block in page.blocks:
        if isinstance(block, Card):
            out.extend(link.url for link in block.links)
        else:
            out.extend(link.url for item in block.items for link in item.links)
    return out


def link_uris(pdf: bytes) -> list[list[str]]:
    """The URI of every link annotation, page by page."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [
            [str(a.A.URI) for a in page.get("/Annots", []) if a.get("/Subtype") == "/Link"]
            for page in doc.pages
        ]


def texts(pdf: bytes) -> list[str]:
    doc = pdfium.PdfDocument(pdf)
    try:
        return [page.get_textpage().get_text_range() for page in doc]
    finally:
        doc.close()


def squeeze(text: str) -> str:
    return "".join(text.split())


# ---------------------------------------------------------------------------------------------
# The committed files.


@pytest.mark.parametrize("name", NAMES)
def test_page_count_is_the_sources(name: str) -> None:
    pdf, source = committed(name)
    assert len(texts(pdf)) == source.page_count()


@pytest.mark.parametrize("name", NAMES)
def test_committed_source_is_the_printed_source(name: str) -> None:
    _, source = committed(name)
    assert source == printed_source(load(SAMPLES / "ess-pvd-2021.source.json"), BY_NAME[name])


@pytest.mark.parametrize("name", ANNOTATED)
def test_one_annotation_per_link(name: str) -> None:
    pdf, source = committed(name)
    per_page = link_uris(pdf)
    for page in source.pages:
        assert Counter(per_page[page.page - 1]) == Counter(page_links(page)), page.page
    others = set(range(1, source.page_count() + 1)) - {p.page for p in source.pages}
    assert not any(per_page[n - 1] for n in others)


@pytest.mark.parametrize("name", UNANNOTATED)
def test_print_variants_have_no_annotation(name: str) -> None:
    pdf, _ = committed(name)
    assert not any(link_uris(pdf))


def test_print_variant_lists_each_pages_urls_at_its_foot() -> None:
    pdf, source = committed("html-landscape-3col-print")
    page_text = texts(pdf)
    for page in source.pages:
        lines = [line.strip() for line in page_text[page.page - 1].splitlines()]
        listed = [line for line in lines if line.startswith("http")]
        assert listed == page.trailing_urls, page.page


def test_under_variant_prints_each_cards_address() -> None:
    pdf, source = committed("html-portrait-1col-under")
    page_text = [squeeze(t) for t in texts(pdf)]
    for page in source.pages:
        for url in page_links(page):
            assert url in page_text[page.page - 1], (page.page, url)


@pytest.mark.parametrize("name", NAMES)
def test_ligature_glyphs_are_in_the_text_layer(name: str) -> None:
    """Chromium writes one glyph for `fi`: its ToUnicode says U+FB01, and an `/ActualText (fi)`
    span around it gives the letters, which pdfium reads (each with half the glyph's box)."""
    pdf, _ = committed(name)
    actual: Counter[bytes] = Counter()
    to_unicode_ligature = False
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            contents = page.Contents
            streams = contents if isinstance(contents, pikepdf.Array) else [contents]
            data = b"".join(s.read_bytes() for s in streams)
            actual.update(re.findall(rb"/ActualText\s*\((f[fil]+)\)", data))
            for font in page.Resources.get("/Font", {}).values():
                cmap = font.get("/ToUnicode")
                if cmap is not None and b"FB01" in cmap.read_bytes().upper():
                    to_unicode_ligature = True
    assert actual[b"fi"] > 0 and to_unicode_ligature
    text = "".join(texts(pdf))
    assert "\ufb01" not in text and "fi" in text


@pytest.mark.parametrize("name", NAMES)
def test_only_dejavu_fonts_are_embedded(name: str) -> None:
    pdf, _ = committed(name)
    used = fonts(pdf)
    family = "DejaVuSerif" if BY_NAME[name].typography.family == "serif" else "DejaVuSans"
    assert used and all(n.startswith("DejaVu") for n in used)
    assert any(n.startswith(family) for n in used)


def test_side_banner_is_rotated_text() -> None:
    pdf, source = committed("html-landscape-3col")
    parts = {p.number: p for p in source.parts}
    doc = pdfium.PdfDocument(pdf)
    try:
        for page in source.pages[:6]:
            textpage = doc[page.page - 1].get_textpage()
            rotated = "".join(
                chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i))
                for i in range(textpage.count_chars())
                if abs(math.sin(pdfium_c.FPDFText_GetCharAngle(textpage.raw, i))) > 0.99
            )
            assert squeeze(rotated) == squeeze(parts[page.part].title.upper()), page.page
    finally:
        doc.close()


def test_part_title_is_written_after_the_table_of_contents() -> None:
    pdf, source = committed("html-landscape-3col")
    page_text = texts(pdf)
    for part in source.parts:
        text = squeeze(page_text[part.intro_page - 1])
        title = text.index(squeeze(join_lines(part.title_lines)))
        last_entry = text.index(squeeze(part.toc[-1].label))
        assert last_entry < title, part.number


def test_hostile_overlap_puts_a_title_over_a_blurb() -> None:
    name = "hostile-html-overlap"
    pdf, source = committed(name)
    number = OVERLAP_PAGES[name]
    page = next(p for p in source.pages if p.page == number)
    first, third = page.blocks[0], page.blocks[2]
    assert isinstance(first, Card) and isinstance(third, Card)
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[number - 1].get_textpage()
        title = text_box(textpage, join_lines(third.title_lines).split()[:2])
        blurb_end = text_box(textpage, join_lines(first.blurb_lines).split()[-3:])
    finally:
        doc.close()
    # pdfium boxes are (left, bottom, right, top), y upwards: the title's first line is as high
    # as the blurb's last words, in the same (left) column.
    assert title[1] < blurb_end[3] and blurb_end[1] < title[3]
    assert max(title[0], blurb_end[0]) < 595.28 / 2


def test_hostile_split_card_runs_on_into_the_next_column() -> None:
    name = "hostile-html-split-card"
    pdf, source = committed(name)
    spec, number = BY_NAME[name], SPLIT_PAGES[name]
    assert f"page {number}" in spec.description
    page = next(p for p in source.pages if p.page == number)
    rows = -(-spec.cards_per_page // spec.columns)
    split, after = page.blocks[rows - 1], page.blocks[rows]
    assert isinstance(split, Card) and isinstance(after, Card) and split.cta_line is not None
    blurb = join_lines(split.blurb_lines).split()
    doc = pdfium.PdfDocument(pdf)
    try:
        middle = doc[number - 1].get_width() / 2
        textpage = doc[number - 1].get_textpage()
        title = text_box(textpage, join_lines(split.title_lines).split())
        start = text_box(textpage, blurb[:3])
        end = text_box(textpage, [*blurb[-3:], *split.cta_line.split()])
        next_title = text_box(textpage, join_lines(after.title_lines).split()[:2])
    finally:
        doc.close()
    # pdfium boxes are (left, bottom, right, top), y upwards. The card's title and the start of
    # its blurb are in the left column; the end of its blurb and its call to action in the
    # right one, higher than the title (the column's top) and above the next card's title.
    assert title[2] < middle and start[2] < middle and start[3] < title[1]
    assert end[0] > middle and next_title[0] > middle
    assert end[1] > title[3] and end[1] > next_title[3]


def text_box(textpage: pdfium.PdfTextPage, words: list[str]) -> tuple[float, ...]:
    """The box around the first place `words` are printed (spaces and line ends ignored)."""
    chars = [
        (chr(pdfium_c.FPDFText_GetUnicode(textpage.raw, i)), i)
        for i in range(textpage.count_chars())
    ]
    kept = [(ch, i) for ch, i in chars if not ch.isspace()]
    at = "".join(ch for ch, _ in kept).find("".join(words))
    assert at >= 0, words
    boxes = [textpage.get_charbox(i) for _, i in kept[at : at + len("".join(words))]]
    return tuple(f(b[k] for b in boxes) for k, f in enumerate((min, min, max, max)))


# ---------------------------------------------------------------------------------------------
# The producer's rules, without a browser.


def test_tokens_chromium_would_break_are_kept_whole() -> None:
    html = Fields().words("une mise en œuvre 2014–2020 et/ou -voir co-construit")
    assert '<span class="nb">2014–2020</span>' in html
    assert '<span class="nb">et/ou</span>' in html
    assert '<span class="nb">-voir</span>' in html
    assert "co-construit" in html and '<span class="nb">co-construit' not in html


def test_a_reflowed_field_joins_glued_hyphens_and_links_its_lines() -> None:
    fields = Fields()
    lines = ["un paysage socio-", "économique complet", "voir la vidéo ici"]
    html = fields.field(lines, reflow=True, links={2: ["https://example.org/v"]})
    assert fields.expected == {"f0": join_lines(lines)}
    assert "socio-économique" in html
    assert '<a href="https://example.org/v" class="whole">voir la vidéo ici</a>' in html


def test_without_space_glyphs_words_are_boxes() -> None:
    html = Fields(no_space=True).words("deux mots")
    assert html == '<span class="w">deux</span><span class="w">mots</span>'


def test_a_printed_address_breaks_only_after_slashes() -> None:
    html = url_text("https://a.org/x-y/z?q=1")
    assert html.count("<wbr>") == 4
    assert all(part.endswith("/") for part in re.findall(r'class="nb">([^<]*)<', html)[:-1])


@pytest.mark.parametrize(
    "change",
    [
        {"encoding": Encoding(colour_space="cmyk")},
        {"encoding": Encoding(colour_space="grey")},
        {"encoding": Encoding(invisible_text=True)},
        {"cta": None},  # a link on a call to action that is not printed
        {"typography": Typography(blurb=RoleStyle(8.0, case="upper"))},
    ],
)
def test_axes_chromium_cannot_express_are_refused(change: dict[str, object]) -> None:
    with pytest.raises(Unsupported):
        refuse(BY_NAME["html-landscape-3col"].but(**change))


def test_every_design_is_accepted() -> None:
    for spec in DESIGNS:
        refuse(spec)


# ---------------------------------------------------------------------------------------------
# Determinism, with Chromium.


@pytest.mark.skipif(
    not Path("/usr/bin/chromium").exists(),
    reason="needs Debian's chromium (make system-packages installs it, as root)",
)
def test_rebuild_gives_the_committed_bytes() -> None:
    pytest.importorskip("playwright.sync_api", reason="needs Playwright's Python package")
    name = "html-portrait-1col-under"
    pdf, _ = committed(name)
    rebuilt, _ = build(BY_NAME[name], load(SAMPLES / "ess-pvd-2021.source.json"))
    assert rebuilt == pdf
