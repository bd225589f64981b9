"""The Typst designs of the zoo: built, checked, and their axes seen in the PDF itself.

Every property is read back with pdfium or pikepdf, never with the extractor under test.
"""

from __future__ import annotations

import io
import re
from functools import cache

import pikepdf
import pypdfium2 as pdfium
import pytest

from samples.designs.check import check
from samples.designs.content import printed_source
from samples.designs.producers import typst_pdf
from samples.designs.producers.typst_data import pieces
from samples.designs.producers.typst_pdf import DESIGNS, LayoutError, field_pattern, render
from samples.designs.spec import DesignSpec, Encoding, RoleStyle, Typography, Unsupported
from samples.designs.zoo import build
from samples.expected import distinct, join_lines
from samples.source import Card, Page, Source
from tests.conftest import SAMPLES

BY_NAME = {spec.name: spec for spec in DESIGNS}


@cache
def _source() -> Source:
    from samples.source import load

    return load(SAMPLES / "ess-pvd-2021.source.json")


@cache
def built(name: str) -> tuple[bytes, Source]:
    """The design's PDF and printed source, through the zoo's own build (which runs `check`)."""
    return build(BY_NAME[name], _source())


def small(spec: DesignSpec) -> Source:
    """The design's printed source cut to its first part's first content page (5 pages)."""
    printed = printed_source(_source(), spec)
    first = printed.pages[0]
    part = next(p for p in printed.parts if p.number == first.part)
    part = part.model_copy(update={"toc": part.toc[:1]})
    return printed.model_copy(update={"parts": [part], "pages": [first]})


def page_text(pdf: bytes, number: int) -> str:
    doc = pdfium.PdfDocument(pdf)
    try:
        textpage = doc[number - 1].get_textpage()
        text: str = textpage.get_text_range()
        textpage.close()
        return text.replace("\r\n", "\n").replace("\x02", "-")
    finally:
        doc.close()


def squeeze(text: str) -> str:
    return "".join(text.split())


def text_in(textpage: pdfium.PdfTextPage, rect: tuple[float, float, float, float]) -> str:
    """The body-size characters whose centre lies in `rect` (pdfium's own bounded text takes any
    overlap, so it picks accents of the line above; the decorative word is no card's text)."""
    x0, y0, x1, y1 = rect
    out = []
    for i in range(textpage.count_chars()):
        left, bottom, right, top = textpage.get_charbox(i)
        centre = ((left + right) / 2, (bottom + top) / 2)
        if top - bottom < 40 and x0 <= centre[0] <= x1 and y0 <= centre[1] <= y1:
            out.append(textpage.get_text_range(i, 1))
    return squeeze("".join(out).replace("\ufffe", "-").replace("\x02", "-"))


def test_the_three_designs_are_declared() -> None:
    assert set(BY_NAME) == {
        "typst-portrait-2col",
        "typst-landscape-2col-notes",
        "typst-portrait-2col-table",
    }
    assert all(spec.producer == "typst" for spec in DESIGNS)


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_design_builds_and_passes_check(name: str) -> None:
    pdf, printed = built(name)  # `build` raises when `check` fails
    assert pdfium.PdfDocument(pdf).__len__() == printed.page_count()


def test_building_twice_gives_identical_bytes() -> None:
    spec = BY_NAME["typst-portrait-2col-table"]  # raster thumbnails: the most to vary
    pdf, printed = built(spec.name)
    assert render(printed, spec) == pdf
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert "/CreationDate" not in doc.docinfo and "/ModDate" not in doc.docinfo


def _page_notes(page: Page) -> list[str]:
    """The page's notes: each card's, then each group item's, distinct addresses in order."""
    urls: list[str] = []
    for block in page.blocks:
        if isinstance(block, Card):
            urls += distinct([link.url for link in block.links])
        else:
            for item in block.items:
                urls += distinct([link.url for link in item.links])
    return urls


def test_notes_design_has_no_annotations_and_numbers_its_notes() -> None:
    pdf, printed = built("typst-landscape-2col-notes")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        assert all(len(page.get("/Annots", [])) == 0 for page in doc.pages)
    for page in printed.pages:
        text = page_text(pdf, page.page)
        for n, url in enumerate(_page_notes(page), 1):
            assert f"{n}. {url}" in text, (page.page, n, url)


def test_notes_calls_follow_titles() -> None:
    pdf, printed = built("typst-landscape-2col-notes")
    page = next(
        p for p in printed.pages if any(isinstance(b, Card) and len(b.links) > 1 for b in p.blocks)
    )
    card = next(b for b in page.blocks if isinstance(b, Card) and len(b.links) > 1)
    n = _page_notes(page).index(card.links[0].url) + 1
    calls = ",".join(str(n + k) for k in range(len(distinct([x.url for x in card.links]))))
    assert squeeze(join_lines(card.title_lines)) + calls in squeeze(page_text(pdf, page.page))


def test_title_links_cover_the_titles() -> None:
    pdf, printed = built("typst-portrait-2col")
    doc = pdfium.PdfDocument(pdf)
    with pikepdf.open(io.BytesIO(pdf)) as pk:
        for page in printed.pages:
            textpage = doc[page.page - 1].get_textpage()
            covered: dict[str, list[str]] = {}
            for annot in pk.pages[page.page - 1].get("/Annots", []):
                x0, y0, x1, y1 = (float(v) for v in annot.Rect)
                words = text_in(textpage, (x0, y0, x1, y1))
                covered.setdefault(str(annot.A.URI), []).append(words)
            textpage.close()
            for block in page.blocks:
                if not isinstance(block, Card):
                    continue
                title = squeeze(join_lines(block.title_lines))
                blurb = squeeze(join_lines(block.blurb_lines))
                for link in block.links:
                    # A link broken over lines has one rectangle a line (one may hold a lone space).
                    runs = [w for w in covered.get(link.url, []) if w]
                    where = title if link.on == "cta" else blurb
                    assert runs and all(w in where for w in runs), (page.page, link.url, runs)
    doc.close()


def test_cmyk_design_paints_only_in_cmyk() -> None:
    pdf, _ = built("typst-portrait-2col")
    ops: set[str] = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            ops |= {str(i.operator) for i in pikepdf.parse_content_stream(page)}
    assert {"k", "K"} <= ops
    assert not ops & {"rg", "RG", "g", "G", "sc", "scn", "SC", "SCN"}


def test_grey_design_paints_only_in_grey() -> None:
    pdf, _ = built("typst-portrait-2col-table")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            ops = {str(i.operator) for i in pikepdf.parse_content_stream(page)}
            assert not ops & {"k", "K", "rg", "RG"}
            for space in (page.Resources.get("/ColorSpace") or {}).values():
                assert int(space[1].N) == 1
            for image in (page.Resources.get("/XObject") or {}).values():
                if image.get("/Subtype") == "/Image":
                    assert (
                        image.get("/ColorSpace") in ("/DeviceGray", None)
                        or int(image.ColorSpace[1].N) == 1
                    )


def test_ligature_glyphs_are_in_the_text_layer() -> None:
    pdf, _ = built("typst-portrait-2col")
    ligatures: set[str] = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages[3:6]:
            for font in page.Resources.Font.values():
                cmap = font.ToUnicode.read_bytes().decode("latin-1")
                for dest in re.findall(r"<[0-9A-F]{4}> <([0-9A-F]{8,})>", cmap):
                    ligatures.add(bytes.fromhex(dest).decode("utf-16-be"))
    # One glyph standing for several letters: how pdfium reads `fi` out of a ligature glyph.
    assert ligatures & {"fi", "fl", "ffi", "ff"}


TOC_FORMS = {
    "leaders": "{label}[ .]*{n}",
    "number-first": "{n} ?{label}",
    "table": "{label}[ \n]?{n}",
}


@pytest.mark.parametrize("name", sorted(BY_NAME))
def test_toc_prints_pdf_page_minus_folio_offset(name: str) -> None:
    spec = BY_NAME[name]
    pdf, printed = built(name)
    for part in printed.parts:
        text = page_text(pdf, part.intro_page)
        for entry in part.toc:
            n = entry.page - spec.folio_offset
            form = TOC_FORMS[spec.toc].format(label=re.escape(entry.label), n=n)
            assert re.search(rf"(^|\n){form}\s*(\n|$)", text), (part.intro_page, entry.label, n)


def test_part_title_follows_its_contents_in_the_text_order() -> None:
    pdf, printed = built("typst-landscape-2col-notes")
    for part in printed.parts:
        text = squeeze(page_text(pdf, part.intro_page))
        assert text.index(squeeze(" ".join(part.title_lines))) > text.index(
            squeeze(part.toc[-1].label)
        )
    pdf, printed = built("typst-portrait-2col")
    first = printed.parts[0]
    text = squeeze(page_text(pdf, first.intro_page))
    title = squeeze(" ".join(first.title_lines))
    assert text.index("PARTIE1") < text.index(title) < text.index(squeeze(first.toc[0].label))


def test_folios() -> None:
    pdf, printed = built("typst-landscape-2col-notes")
    total = printed.page_count() - 2
    assert f"3 / {total}" in page_text(pdf, 5)
    assert re.search(r"(^|\n)\d+ / ", page_text(pdf, 1)) is None
    pdf, printed = built("typst-portrait-2col-table")
    assert "— 5 —" in page_text(pdf, 5)
    assert "Avise — ANCT" in page_text(pdf, 5)


def test_raw_text_is_never_markup() -> None:
    spec = BY_NAME["typst-portrait-2col"]
    source = small(spec)
    page = source.pages[0]
    hostile = page.blocks[0].model_copy(
        update={"title_lines": ['#panic("x") $x$ *a* [b] <c> @d // e']}
    )
    edited = page.model_copy(update={"blocks": [hostile, *page.blocks[1:]]})
    pdf = render(source.model_copy(update={"pages": [edited]}), spec)
    assert '#panic("x")$x$*a*[b]<c>@d//e' in squeeze(page_text(pdf, page.page))


def test_a_page_that_cannot_fit_is_named() -> None:
    big = Typography(blurb=RoleStyle(30.0), family="serif")
    spec = BY_NAME["typst-portrait-2col"].but(typography=big)
    source = small(spec)
    with pytest.raises(LayoutError, match=rf"page {source.pages[0].page}: the blocks need"):
        render(source, spec)


@pytest.mark.parametrize(
    "spec",
    [
        DESIGNS[0].but(encoding=Encoding(invisible_text=True)),
        DESIGNS[0].but(typography=Typography(family="sans")),
    ],
)
def test_refused_axes(spec: DesignSpec) -> None:
    with pytest.raises(Unsupported):
        render(_source(), spec)


def test_breaks_only_where_a_join_gives_the_text_back() -> None:
    text = "et/ou 2019–2020 -en qualité- tout socio-économique"
    boxed = {str(p["t"]) for p in pieces(text) if p["box"]}
    assert boxed == {"et/ou", "2019–2020", "-en", "qualité- tout"}
    pattern = field_pattern("dresse un paysage socio-économique")
    assert re.fullmatch(pattern, "dresse un paysage socio-\néconomique")
    assert not re.fullmatch(pattern, "dresse un paysage socio- économique")
    assert not re.fullmatch(field_pattern("et/ou"), "et/\nou")
    assert re.fullmatch(field_pattern("https://a.fr/b", url=True), "https://a.fr/\nb")


def test_layer_order_keeps_the_layout() -> None:
    spec = BY_NAME["typst-portrait-2col"]
    layered = spec.but(columns=1, cards_per_page=2, encoding=Encoding(layer_order=True))
    source = small(layered)
    pdf = typst_pdf.render(source, layered)
    check(pdf, source)
    page = source.pages[0]
    text = page_text(pdf, page.page)
    titles = [join_lines(b.title_lines) for b in page.blocks if isinstance(b, Card)]
    types = [b.type_line for b in page.blocks if isinstance(b, Card)]
    # Content order by role: every title before any type line.
    assert max(text.index(t.split()[0]) for t in titles) < min(text.index(t) for t in types)
