"""The facsimile is faithful to the real catalogue's text layer and links."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pdfplumber
import pytest

from samples.source import Card, Group, Source
from samples.typeset import LAYOUTS, LayoutError, typeset
from tests.conftest import DATA, ROOT, SAMPLES
from tests.textlayer import stream_lines

REFERENCE = DATA / "ess-pvd-2021.txt"


def reference_lines() -> list[str]:
    return [
        line.strip() for line in REFERENCE.read_text(encoding="utf-8").splitlines() if line.strip()
    ]


def first_difference(pdf: Path, expected: list[str]) -> str | None:
    """Compare the PDF's text, in content-stream order, with the expected lines.

    Blank lines and surrounding spaces do not count; rotated text (the side banner) is compared
    as a sequence of letters, since its pieces come out in arbitrary groupings.
    """
    i = 0
    for page_no, lines in enumerate(stream_lines(pdf), start=1):
        for line in lines:
            text = line.text.strip()
            if not text:
                continue
            if not line.upright:
                letters, taken = text.replace(" ", ""), ""
                while taken != letters and i < len(expected):
                    nxt = expected[i].replace(" ", "")
                    if not letters.startswith(taken + nxt):
                        break
                    taken += nxt
                    i += 1
                if taken != letters:
                    found = expected[i : i + 3]
                    return f"page {page_no}: rotated text {text!r} where the reference has {found}"
                continue
            if i >= len(expected):
                return f"page {page_no}: extra line {text!r} after the end of the reference"
            if expected[i] != text:
                want = expected[i]
                return f"page {page_no}, reference line {i + 1}: got {text!r}, expected {want!r}"
            i += 1
    if i != len(expected):
        return f"the PDF ends early: reference line {i + 1} {expected[i]!r} never comes"
    return None


@pytest.fixture(scope="module")
def variants(tmp_path_factory, source_2021):
    out = tmp_path_factory.mktemp("facsimile")
    paths = {}
    for layout in LAYOUTS:
        for links in ("both", "text", "annotations"):
            path = out / f"{layout}-{links}.pdf"
            path.write_bytes(typeset(source_2021, links, layout))
            paths[layout, links] = path
    return paths


def test_committed_sample_is_what_the_generator_makes_now(source_2021):
    committed = (SAMPLES / "ess-pvd-2021.pdf").read_bytes()
    assert typeset(source_2021) == committed, "run `make samples` and review the diff"


def test_generator_is_deterministic_across_interpreters(source_2021, tmp_path):
    """Another interpreter, with another hash seed and at another time, sets the same bytes: no
    date, no set order, no memory address reaches the file."""
    out = tmp_path / "again.pdf"
    subprocess.run(
        [
            sys.executable,
            "-m",
            "samples.typeset",
            str(SAMPLES / "ess-pvd-2021.source.json"),
            "-o",
            str(out),
            "--links",
            "text",
            "--layout",
            "landscape-3col",
        ],
        check=True,
        cwd=ROOT,
        env={**os.environ, "PYTHONHASHSEED": "12345"},
    )
    assert out.read_bytes() == typeset(source_2021, "text", "landscape-3col")


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("links", ["both", "text"])
def test_text_layer_reproduces_the_real_one_line_for_line(variants, layout, links):
    assert first_difference(variants[layout, links], reference_lines()) is None


@pytest.mark.parametrize("layout", LAYOUTS)
def test_annotations_variant_has_no_trailing_url_text(variants, source_2021, layout):
    urls = {u for p in source_2021.pages for u in p.trailing_urls}
    expected = [line for line in reference_lines() if line not in urls]
    assert first_difference(variants[layout, "annotations"], expected) is None


def test_first_difference_reports_a_changed_line(variants):
    lines = reference_lines()
    lines[500] = lines[500] + " (changed)"
    message = first_difference(variants["portrait-2col", "both"], lines)
    assert message is not None and "(changed)" in message


def expected_links(source: Source) -> dict[int, list[tuple[str, str]]]:
    """Per page: (URI, text of the line the link sits on), in link order."""
    out: dict[int, list[tuple[str, str]]] = {}
    for page in source.pages:
        found = out.setdefault(page.page, [])
        for block in page.blocks:
            if isinstance(block, Card):
                for link in block.links:
                    if link.on == "cta":
                        assert block.cta_line is not None
                        found.append((link.url, block.cta_line))
                    else:
                        assert link.line is not None
                        found.append((link.url, block.blurb_lines[link.line]))
            elif isinstance(block, Group):
                for item in block.items:
                    found.extend((link.url, item.type_line) for link in item.links)
    return out


def covered_text(page: pdfplumber.page.Page, annot: dict[str, Any]) -> str:
    chars = [
        c
        for c in page.chars
        if annot["x0"] <= (c["x0"] + c["x1"]) / 2 <= annot["x1"]
        and annot["top"] <= (c["top"] + c["bottom"]) / 2 <= annot["bottom"]
    ]
    return "".join(c["text"] for c in chars).strip()


@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("links", ["both", "annotations"])
def test_link_annotations_match_the_source(variants, source_2021, layout, links):
    expected = expected_links(source_2021)
    with pdfplumber.open(variants[layout, links]) as pdf:
        for page in pdf.pages:
            got = [(a["uri"], covered_text(page, a)) for a in page.annots]
            assert got == expected.get(page.page_number, []), f"page {page.page_number}"


def test_text_variant_has_no_annotations(variants):
    with pdfplumber.open(variants["portrait-2col", "text"]) as pdf:
        assert all(not page.annots for page in pdf.pages)


def test_one_source_page_is_one_pdf_page(variants, source_2021):
    with pdfplumber.open(variants["portrait-2col", "both"]) as pdf:
        assert len(pdf.pages) == source_2021.page_count() == 39
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (595, 842)
    with pdfplumber.open(variants["landscape-3col", "both"]) as pdf:
        assert (round(pdf.pages[0].width), round(pdf.pages[0].height)) == (842, 595)


def test_side_banner_is_rotated_text(variants):
    with pdfplumber.open(variants["portrait-2col", "both"]) as pdf:
        rotated = [c["text"] for c in pdf.pages[24].chars if not c["upright"]]
        assert "".join(rotated) == "REPONDREAUXDEFISDEMONTERRITOIREAVECL’ESS"
        assert all(c["upright"] for p in pdf.pages if p.page_number != 25 for c in p.chars)


def test_roles_have_their_own_typography(variants):
    with pdfplumber.open(variants["portrait-2col", "both"]) as pdf:
        page = pdf.pages[3]
        words = page.extract_words(extra_attrs=["fontname", "size", "non_stroking_color"])
        by_text = {w["text"]: w for w in words}
        title, type_line = by_text["RUBRIQUE"], by_text["Site"]
        cta = by_text["accéder"]
        assert "Bold" in title["fontname"] and "Bold" not in type_line["fontname"]
        assert title["size"] > type_line["size"]
        assert title["non_stroking_color"] == type_line["non_stroking_color"]  # the accent colour
        assert cta["non_stroking_color"] == (1.0, 1.0, 1.0) and "Bold" in cta["fontname"]


def test_a_card_too_tall_for_its_column_is_refused(source_2021):
    page = source_2021.pages[0]
    card = page.blocks[0]
    assert isinstance(card, Card)
    tall = card.model_copy(update={"blurb_lines": ["ligne de texte"] * 90})
    broken = source_2021.model_copy(
        update={"pages": [page.model_copy(update={"blocks": [tall]}), *source_2021.pages[1:]]}
    )
    with pytest.raises(LayoutError, match="page 4"):
        typeset(broken)
