"""The ReportLab producer of the design zoo: its designs build, check, rebuild byte for byte, and
every encoding axis is really in the file, as seen by readers other than the extractor (pdfium's
page objects, pdfplumber's characters, pikepdf's content streams)."""

from __future__ import annotations

import ctypes
import io
from collections.abc import Callable
from functools import cache

import pdfplumber
import pikepdf
import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c
import pytest
from hypothesis import assume, given, settings

from samples.designs.check import check
from samples.designs.content import printed_source
from samples.designs.producers import reportlab_pdf
from samples.designs.producers.reportlab_text import LayoutError, break_text, break_url
from samples.designs.spec import DesignSpec, Encoding, RoleStyle, Typography, Unsupported
from samples.designs.zoo import SOURCE, build
from samples.expected import distinct, join_lines, spell_out_ligatures
from samples.source import Card, Page, Source, load
from tests.design_strategies import designs
from tests.strategies import sources

NAMES = (
    "rl-portrait-1col-notes",
    "rl-landscape-3col-rows",
    "hostile-rl-swapped-styles",
    "hostile-rl-cta-per-card",
    "rl-portrait-2col-kicker",
    "rl-portrait-3col-list-shrunk",
)
LIGATURES = "\ufb00\ufb01\ufb02\ufb03\ufb04"


@cache
def _source() -> Source:
    return load(SOURCE)


def _spec(name: str) -> DesignSpec:
    return next(d for d in reportlab_pdf.DESIGNS if d.name == name)


@cache
def _built(name: str) -> tuple[bytes, Source]:
    return build(_spec(name), _source())  # build() runs samples.designs.check.check


@cache
def _small(spec: DesignSpec) -> tuple[bytes, Source]:
    """`spec` printed on the first part of the 2021 content only (a quick build)."""
    full = _source()
    pages = [p for p in full.pages if p.part == 1]
    source = full.model_copy(update={"parts": full.parts[:1], "pages": pages})
    printed = printed_source(source, spec)
    pdf = reportlab_pdf.render(printed, spec)
    check(pdf, printed)
    return pdf, printed


def _squeeze(text: str) -> str:
    # pdfium reports a hyphen ending a line as U+0002 (or U+FFFE): it is a hyphen.
    text = text.replace("\x02", "-").replace("\ufffe", "-")
    return "".join(spell_out_ligatures(text).split())


def _text_objects(pdf: bytes, index: int) -> list[tuple[int, str]]:
    """(render mode, text) of each text object of a page, in content-stream order (pdfium)."""
    doc = pdfium.PdfDocument(pdf)
    try:
        page = doc[index]
        textpage = page.get_textpage()
        out: list[tuple[int, str]] = []
        for obj in page.get_objects():
            if obj.type != pdfium_c.FPDF_PAGEOBJ_TEXT:
                continue
            n = pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)
            buf = ctypes.create_string_buffer(n)
            wide = ctypes.cast(buf, ctypes.POINTER(pdfium_c.FPDF_WCHAR))
            pdfium_c.FPDFTextObj_GetText(obj.raw, textpage.raw, wide, n)
            mode = pdfium_c.FPDFTextObj_GetTextRenderMode(obj.raw)
            out.append((mode, buf.raw[: max(0, n - 2)].decode("utf-16-le")))
        return out
    finally:
        doc.close()


def _chars(pdf: bytes, index: int) -> list[dict[str, object]]:
    """pdfplumber's characters of one page (their text comes from the fonts' ToUnicode)."""
    with pdfplumber.open(io.BytesIO(pdf), pages=[index + 1]) as doc:
        return list(doc.pages[0].chars)


def _written_spaces(pdf: bytes) -> int:
    """Space characters drawn in the whole file, not those pdfium adds between words."""
    doc = pdfium.PdfDocument(pdf)
    try:
        count = 0
        for page in doc:
            textpage = page.get_textpage()
            for i in range(textpage.count_chars()):
                if pdfium_c.FPDFText_IsGenerated(textpage.raw, i):
                    continue
                count += pdfium_c.FPDFText_GetUnicode(textpage.raw, i) == 0x20
        return count
    finally:
        doc.close()


def _to_unicode(pdf: bytes) -> str:
    """Every ToUnicode CMap of the file's fonts, as text."""
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return "".join(
            obj.ToUnicode.read_bytes().decode("latin-1")
            for obj in doc.objects
            if isinstance(obj, pikepdf.Dictionary) and "/ToUnicode" in obj
        )


def _operators(pdf: bytes) -> dict[str, int]:
    counts: dict[str, int] = {}
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for instruction in pikepdf.parse_content_stream(page):
                op = str(instruction.operator)
                counts[op] = counts.get(op, 0) + 1
    return counts


def _annotations(pdf: bytes) -> list[tuple[int, str]]:
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        return [
            (n, str(annot.A.URI))
            for n, page in enumerate(doc.pages, 1)
            for annot in page.obj.get("/Annots", [])
        ]


def _content_page(printed: Source, cards: int = 2) -> Page:
    return next(p for p in printed.pages if sum(isinstance(b, Card) for b in p.blocks) >= cards)


# ---------------------------------------------------------------------------------------------
# The zoo's designs.


def test_the_zoo_lists_the_reportlab_designs() -> None:
    assert {d.name for d in reportlab_pdf.DESIGNS} == set(NAMES)
    assert all(d.producer == "reportlab" for d in reportlab_pdf.DESIGNS)


@pytest.mark.parametrize("name", NAMES)
def test_a_design_builds_checks_and_rebuilds_byte_for_byte(name: str) -> None:
    pdf, printed = _built(name)
    check(pdf, printed)
    again = reportlab_pdf.render(printed, _spec(name))
    assert again == pdf


def test_the_swapped_design_prints_titles_as_blurbs_and_publishers_as_titles() -> None:
    hostile = _spec("hostile-rl-swapped-styles").typography
    assert hostile.title == hostile.blurb
    assert hostile.publisher.size > hostile.title.size and hostile.publisher.weight == "bold"
    assert hostile.publisher.colour is None  # the part's accent


# ---------------------------------------------------------------------------------------------
# Encoding axes, each seen in the file.


def test_ligatures_are_single_glyphs_in_the_text_layer() -> None:
    with_ligatures, printed = _built("rl-portrait-1col-notes")
    without, _ = _built("rl-landscape-3col-rows")
    # The fonts map glyphs to U+FB00…U+FB04 (a subset holds only the glyphs drawn) …
    assert "<FB01>" in _to_unicode(with_ligatures).upper()
    assert not any(f"<{ord(c):04X}>" in _to_unicode(without).upper() for c in LIGATURES)
    # … and a page whose text has "fi" or "fl" gives those glyphs back as single characters.
    page = next(p for p in printed.pages if "fi" in str(p.blocks) or "fl" in str(p.blocks))
    assert any(str(c["text"]) in LIGATURES for c in _chars(with_ligatures, page.page - 1))


def test_no_space_glyphs_leaves_no_space_character_on_any_page() -> None:
    spaced, _ = _built("rl-landscape-3col-rows")
    unspaced, printed = _built("rl-portrait-1col-notes")
    assert _written_spaces(spaced) > 0
    assert _written_spaces(unspaced) == 0
    page = _content_page(printed)
    assert not any(c["text"] == " " for c in _chars(unspaced, page.page - 1))


def test_cmyk_colours_are_written_in_cmyk_only() -> None:
    ops = _operators(_built("rl-portrait-1col-notes")[0])
    assert ops.get("k", 0) > 0 and ops.get("K", 0) > 0
    assert not {"rg", "RG", "g", "G", "sc", "scn"} & set(ops)


def test_grey_colours_are_written_in_grey_only_images_too() -> None:
    pdf, _ = _built("rl-landscape-3col-rows")
    ops = _operators(pdf)
    assert ops.get("g", 0) > 0
    assert not {"rg", "RG", "k", "K", "sc", "scn"} & set(ops)
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        spaces = {
            str(image.ColorSpace) for page in doc.pages for image in page.get_images().values()
        }
    assert spaces == {"/DeviceGray"}


def test_invisible_text_covers_the_artwork_header_and_nothing_else() -> None:
    pdf, printed = _built("rl-landscape-3col-rows")
    assert _operators(pdf).get("Tr", 0) > 0
    page = _content_page(printed)
    objects = _text_objects(pdf, page.page - 1)
    invisible = "".join(text for mode, text in objects if mode == 3)
    assert invisible == page.theme  # the header theme, drawn as outlines under it
    assert all(page.theme not in text for mode, text in objects if mode != 3)
    part = next(p for p in printed.parts if p.number == page.part)
    intro = [text for mode, text in _text_objects(pdf, part.intro_page - 1) if mode == 3]
    assert _squeeze(" ".join(intro)) == _squeeze(part.title)


def test_without_invisible_text_nothing_is_in_render_mode_3() -> None:
    pdf, _ = _built("rl-portrait-1col-notes")
    assert "Tr" not in _operators(pdf)


@pytest.mark.parametrize("name", ["rl-portrait-1col-notes", "rl-landscape-3col-rows"])
def test_layer_order_writes_the_page_role_by_role(name: str) -> None:
    pdf, printed = _built(name)
    page = _content_page(printed, cards=3)
    stream = _squeeze("".join(text for _, text in _text_objects(pdf, page.page - 1)))
    cards = [b for b in page.blocks if isinstance(b, Card)]
    fields = {
        "title": [join_lines(c.title_lines) for c in cards],
        "type": [c.type_line for c in cards],
        "publisher": [join_lines(c.publisher_lines) for c in cards if c.publisher_lines],
        "blurb": [join_lines(c.blurb_lines) for c in cards],
    }

    start = 0
    for role in ("title", "type", "publisher", "blurb"):
        # Every field of this role comes after every field of the roles before it.
        ends = []
        for text in fields[role]:
            at = stream.find(_squeeze(text), start)
            assert at >= 0, (role, text)
            ends.append(at + len(_squeeze(text)))
        start = max(ends)


def test_without_layer_order_a_card_is_written_field_after_field() -> None:
    spec = _spec("rl-portrait-1col-notes").but(encoding=Encoding(layer_order=False))
    pdf, printed = _small(spec)
    page = _content_page(printed)
    stream = _squeeze("".join(text for _, text in _text_objects(pdf, page.page - 1)))
    first, second = [b for b in page.blocks if isinstance(b, Card)][:2]
    assert stream.find(_squeeze(first.type_line)) < stream.find(
        _squeeze(join_lines(second.title_lines))
    )


def test_the_part_title_is_written_after_the_table_of_contents_but_drawn_above_it() -> None:
    pdf, printed = _built("rl-landscape-3col-rows")
    part = printed.parts[1]
    objects = [text for _, text in _text_objects(pdf, part.intro_page - 1)]
    stream = _squeeze("".join(objects))
    last_entry = _squeeze(part.toc[-1].label)
    assert stream.index(last_entry) < stream.index(_squeeze(part.title))
    with pdfplumber.open(io.BytesIO(pdf), pages=[part.intro_page]) as doc:
        words = doc.pages[0].extract_words()
    first_title_word = part.title.split()[0]
    title_top = min(float(w["top"]) for w in words if w["text"] == first_title_word)
    toc_top = min(float(w["top"]) for w in words if w["text"] == part.toc[0].label.split()[0])
    assert title_top < toc_top


# ---------------------------------------------------------------------------------------------
# Link channels and page furniture.


def test_list_and_notes_designs_have_no_link_annotations() -> None:
    for name in NAMES:
        if _spec(name).links in ("list", "notes"):
            assert _annotations(_built(name)[0]) == []


def test_the_url_list_prints_each_page_s_urls_in_order() -> None:
    pdf, printed = _built("rl-landscape-3col-rows")
    page = _content_page(printed)
    stream = "".join(text for _, text in _text_objects(pdf, page.page - 1))
    positions = [stream.find(url) for url in page.trailing_urls]
    assert -1 not in positions and positions == sorted(positions)


def test_notes_number_each_card_s_urls_after_its_title() -> None:
    pdf, printed = _built("rl-portrait-1col-notes")
    page = _content_page(printed)
    stream = _squeeze("".join(text for _, text in _text_objects(pdf, page.page - 1)))
    number = 1
    for block in page.blocks:
        assert isinstance(block, Card)
        urls = distinct([link.url for link in block.links])
        marks = ",".join(str(n) for n in range(number, number + len(urls)))
        assert _squeeze(join_lines(block.title_lines)) + marks in stream
        for url in urls:
            assert f"{number}.{url}" in stream
            number += 1


def test_cta_links_are_annotations_on_each_page() -> None:
    spec = _spec("rl-landscape-3col-rows").but(links="cta")
    pdf, printed = _small(spec)
    expected = [
        (page.page, link.url)
        for page in printed.pages
        for block in page.blocks
        if isinstance(block, Card)
        for link in block.links
    ]
    assert sorted(_annotations(pdf)) == sorted(expected)


def test_folio_and_running_foot_skip_the_covers() -> None:
    pdf, _ = _built("rl-portrait-1col-notes")
    spec = _spec("rl-portrait-1col-notes")
    doc = pdfium.PdfDocument(pdf)
    texts = [_squeeze(page.get_textpage().get_text_range()) for page in doc]
    doc.close()
    foot = _squeeze(spec.running_foot or "")
    assert foot not in texts[0] and foot not in texts[-1]
    assert all(foot in text for text in texts[1:-1])
    assert f"Page{5 - spec.folio_offset}" in texts[4]


def test_the_side_banner_is_rotated_text() -> None:
    pdf, printed = _built("rl-landscape-3col-rows")
    page = _content_page(printed)
    rotated = [c for c in _chars(pdf, page.page - 1) if not c["upright"]]
    part = next(p for p in printed.parts if p.number == page.part)
    assert _squeeze("".join(str(c["text"]) for c in rotated)) == _squeeze(part.title.upper())


# ---------------------------------------------------------------------------------------------
# Limits and line breaking.


def test_fits_says_no_when_a_line_cannot_be_set() -> None:
    spec = _spec("rl-landscape-3col-rows")
    printed = printed_source(_source(), spec)
    assert reportlab_pdf.fits(printed, spec)
    huge = spec.but(reflow=False, typography=Typography(title=RoleStyle(40.0, "bold")))
    assert not reportlab_pdf.fits(printed_source(_source(), huge), huge)
    with pytest.raises(LayoutError):
        reportlab_pdf.render(printed_source(_source(), huge), huge)


def test_a_case_the_printed_source_does_not_apply_is_refused() -> None:
    spec = _spec("rl-landscape-3col-rows").but(
        typography=Typography(blurb=RoleStyle(8.0, case="upper"))
    )
    assert reportlab_pdf.supports(spec) is not None
    with pytest.raises(Unsupported):
        reportlab_pdf.render(printed_source(_source(), spec), spec)


def _width(limit: int) -> Callable[[str], bool]:
    return lambda text: len(text) <= limit


@pytest.mark.parametrize(
    "text",
    [
        "un paysage socio-économique complet et enrichi de l’économie sociale",
        "« TERRITOIRE CIRCULAIRE - TERRITOIRE DURABLE » pour les co- construction",
        "voir https://www.avise.org/ressources/un-tres-long-chemin-de-ressource et plus",
        "Cela va-t-il marcher ? Les acteurs > les élus, Auvergne-Rhône-Alpes",
    ],
)
def test_line_breaking_gives_back_the_field_s_text(text: str) -> None:
    for limit in (12, 20, 33):
        try:
            spans = break_text(text, _width(limit))
        except LayoutError:
            continue
        lines = [text[a:b] for a, b in spans]
        assert join_lines(lines) == join_lines([text])
        assert not any(line.startswith(">") for line in lines)
        assert all("://" in line or len(line) <= limit for line in lines)


def test_a_url_is_never_broken_in_running_text() -> None:
    url = "https://www.avise.org/ressources/guide-co-construction"
    lines = [f"voir {url}"[a:b] for a, b in break_text(f"voir {url}", _width(60))]
    assert lines == [f"voir {url}"]
    with pytest.raises(LayoutError):
        break_text(url, _width(20))


def test_a_printed_url_breaks_after_a_slash_and_comes_back_whole() -> None:
    url = "https://www.avise.org/ressources/ess-et-education?id=3&t=1s"
    lines = break_url(url, _width(24))
    assert "".join(lines) == url
    assert all(len(line) <= 24 for line in lines)
    assert lines[0].endswith("/") and not any(line.endswith("-") for line in lines)


# ---------------------------------------------------------------------------------------------
# Any design, any catalogue.


@settings(max_examples=8)
@given(source=sources(), spec=designs())
def test_any_design_that_fits_prints_its_source(source: Source, spec: DesignSpec) -> None:
    printed = printed_source(source, spec)
    assume(reportlab_pdf.fits(printed, spec))
    pdf = reportlab_pdf.render(printed, spec)
    check(pdf, printed)
    assert reportlab_pdf.render(printed, spec) == pdf
