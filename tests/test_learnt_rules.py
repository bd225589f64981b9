"""What the extractor learns from a document, pinned on literal cases.

No design is built in: a call to action is whatever text comes back after the body card after
card, an address list is recognised by its pattern and its place (not its size), and a table
of contents by its structure (a page number and a label, in either order, with or without
leaders). Each case below is a small catalogue typeset with a wording or form the bundled
sample never uses; the records it must give come from its source (`samples.expected`), and the
values that matter are also written out.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from extract.document import Char, PageContent
from extract.layout.furniture import Furniture
from extract.layout.lines import PageLines, page_lines
from extract.layout.toc import find_parts, toc_rows
from extract.pipeline import extract_pdf
from samples import typeset as facsimile
from samples.designs.accuracy import expected_records
from samples.source import Card, Group, Source, TocEntry
from samples.typeset import LinkMode, typeset
from schemas.models import Catalogue
from tests.builders import card, source

BLURBS = (
    ["Un guide pour monter une", "coopérative d’habitants."],
    ["Une étude des tiers-lieux", "ruraux et de leurs usages."],
    ["Des fiches pratiques sur la", "commande publique."],
    ["Un annuaire des réseaux", "régionaux de l’ESS."],
)


def _cards(cta: str | None = None) -> list[list[Card | Group]]:
    """Two pages of two cards, each with words of its own."""
    made = [
        card(
            title=[title],
            type_line=">Guide (2021)",
            blurb=BLURBS[i],
            url=f"https://example.org/r{i}",
        )
        for i, title in enumerate(["HABITER ENSEMBLE", "TIERS-LIEUX", "ACHATS", "RÉSEAUX"])
    ]
    if cta is not None:
        made = [c.model_copy(update={"cta_line": cta}) for c in made]
    return [[made[0], made[1]], [made[2], made[3]]]


def _extract(tmp_path: Path, src: Source, links: LinkMode = "both") -> Catalogue:
    pdf = tmp_path / "catalogue.pdf"
    pdf.write_bytes(typeset(src, links, "portrait-2col"))
    return extract_pdf(pdf)


@pytest.mark.parametrize(
    "cta", [">> Voir la ressource", "Voir la ressource", "→ Consulter le guide", "> En savoir plus"]
)
def test_a_call_to_action_never_seen_before_is_learnt(tmp_path: Path, cta: str) -> None:
    src = source(_cards(cta), themes=["Habitat", "Foncier"])
    catalogue = _extract(tmp_path, src, "annotations")
    got = [r.record() for r in catalogue.resources]
    assert got == expected_records(src)
    assert [r["description"] for r in got] == [" ".join(lines) for lines in BLURBS]
    assert [r["url"] for r in got] == [f"https://example.org/r{i}" for i in range(4)]
    assert catalogue.warnings == []


def test_an_address_list_in_the_body_s_size_is_a_list(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The page's printed addresses set as large as the cards' text: told apart by what they
    are (addresses) and where (below the cards), not by being small."""
    style = facsimile.Design.style

    def body_sized(self: facsimile.Design, role: str) -> facsimile.Style:
        return style(self, "blurb" if role == "url" else role)

    monkeypatch.setattr(facsimile.Design, "style", body_sized)
    src = source(_cards(), themes=["Habitat", "Foncier"])
    catalogue = _extract(tmp_path, src, "text")
    got = [r.record() for r in catalogue.resources]
    assert got == expected_records(src)
    assert [r["links"] for r in got] == [[f"https://example.org/r{i}"] for i in range(4)]
    assert [r["description"] for r in got] == [" ".join(lines) for lines in BLURBS]
    assert catalogue.warnings == []


@pytest.mark.parametrize("row", ["P.{n}     {label}", "{n}     {label}", "p. {n}   {label}"])
def test_a_table_of_contents_row_in_any_form_gives_the_themes(tmp_path: Path, row: str) -> None:
    """Pages without a printed header take their theme from the table of contents, whatever
    form its rows take (number-last forms need their numbers aligned in a column, which this
    typesetter cannot do: they are read from lines placed by hand below)."""
    src = source(_cards(), themes=["Habitat partagé", "Foncier"])
    part = src.parts[0]
    toc = [
        TocEntry(page=e.page, label=e.label, lines=[row.format(n=e.page, label=e.label)])
        for e in part.toc
    ]
    src = src.model_copy(update={"parts": [part.model_copy(update={"toc": toc})]})
    catalogue = _extract(tmp_path, src)
    assert [(r.page, r.theme) for r in catalogue.resources] == [
        (4, "Habitat partagé"),
        (4, "Habitat partagé"),
        (5, "Foncier"),
        (5, "Foncier"),
    ]
    assert [r.record() for r in catalogue.resources] == expected_records(src)


LABELS = ("Agriculture et alimentation durable", "Attractivité et tourisme", "Culture")
NUMBERS = (9, 12, 13)
GLYPH = 4.5  # the advance of every glyph below, at size 9
RIGHT = 50.0 + 80 * GLYPH  # where a right-aligned number column ends


def _chars(text: str, x: float, baseline: float) -> list[Char]:
    return [
        Char(
            ch,
            x + i * GLYPH,
            x + (i + 1) * GLYPH,
            baseline - 9,
            baseline + 2,
            baseline,
            9.0,
            "Sans",
            False,
            False,
            (0.1, 0.1, 0.1),
            True,
        )
        for i, ch in enumerate(text)
    ]


def _row(form: str, label: str, n: int | None, baseline: float) -> list[Char]:
    """One printed row of a table of contents, the label starting at x 50."""
    if n is None:  # a wrapped label's line without number: under the label
        return _chars(label, 50.0 + (7 * GLYPH if form == "number first" else 0.0), baseline)
    if form == "number first":
        return _chars(f"{n}     {label}", 50.0, baseline)
    if form == "P.n first":
        return _chars(f"P.{n}   {label}", 50.0, baseline)
    if form == "n. first":
        return _chars(f"{n}. {label}", 50.0, baseline)
    if form == "leaders":  # dots from the label to a right-aligned number
        dots = "." * (80 - len(label) - len(str(n)) - 2)
        return _chars(f"{label} {dots} {n}", 50.0, baseline)
    assert form == "two cells"  # the label, and its number alone at the right
    return _chars(label, 50.0, baseline) + _chars(str(n), RIGHT - GLYPH * len(str(n)), baseline)


def _table(form: str, rows: list[tuple[str, int | None]]) -> list[tuple[int, str]]:
    chars: list[Char] = []
    for i, (label, n) in enumerate(rows):
        chars += _row(form, label, n, 400.0 + 16 * i)
    page = page_lines(PageContent(3, 595, 842, 0, tuple(chars), ()))
    tables = toc_rows(page, Furniture())
    assert tables, "no table of contents read"
    return [(r.number, r.label) for r in tables[0].rows]


@pytest.mark.parametrize("form", ["number first", "P.n first", "n. first", "leaders", "two cells"])
def test_table_of_contents_rows_are_read_by_structure(form: str) -> None:
    rows: list[tuple[str, int | None]] = list(zip(LABELS, NUMBERS, strict=True))
    assert _table(form, rows) == list(zip(NUMBERS, LABELS, strict=True))


def test_numbers_that_go_down_are_no_table_of_contents() -> None:
    chars: list[Char] = []
    for i, (n, label) in enumerate(zip((13, 9, 12), LABELS, strict=True)):
        chars += _row("leaders", label, n, 400.0 + 16 * i)
    page = page_lines(PageContent(3, 595, 842, 0, tuple(chars), ()))
    assert all(len(t.rows) < 3 for t in toc_rows(page, Furniture()))


def test_a_label_wrapped_before_its_number_first_row_is_one_label() -> None:
    rows: list[tuple[str, int | None]] = [
        ("Habitat", 9),
        ("Me faire accompagner et coopérer", 13),
        ("avec les acteurs de l’ESS", None),
        ("Culture", 15),
    ]
    assert _table("number first", rows) == [
        (9, "Habitat"),
        (13, "Me faire accompagner et coopérer avec les acteurs de l’ESS"),
        (15, "Culture"),
    ]


def test_a_label_wrapped_before_its_leaders_is_one_label() -> None:
    rows: list[tuple[str, int | None]] = [
        ("Habitat", 9),
        ("Me faire accompagner et coopérer", None),
        ("avec les acteurs de l’ESS", 13),
        ("Culture", 15),
    ]
    assert _table("leaders", rows) == [
        (9, "Habitat"),
        (13, "Me faire accompagner et coopérer avec les acteurs de l’ESS"),
        (15, "Culture"),
    ]


def _page(number: int, chars: list[Char]) -> PageLines:
    return page_lines(PageContent(number, 595, 842, 0, tuple(chars), ()))


def _intro(number: int, title: str, rows: list[tuple[str, str]]) -> PageLines:
    """A part's introduction: its title set large, and its table, numbers in a cell of their own
    left of the labels."""
    chars = [c._replace(size=24.0) for c in _chars(title, 50.0, 120.0)]
    for i, (n, label) in enumerate(rows):
        chars += _chars(n, 300.0, 300.0 + 16 * i) + _chars(label, 360.0, 300.0 + 16 * i)
    return _page(number, chars)


def test_pages_are_found_from_a_summary_and_a_part_s_table_that_disagree_on_their_first_page():
    """No folios. The summary's first row points at the part's introduction, the part's table
    at the content page after it: each table's first row points at what follows it, and one
    offset makes both do so."""
    summary = _page(2, _chars("P.1   Partie 1 · S’inspirer des solutions", 50.0, 300.0))
    intro = _intro(3, "S’inspirer", [("P.2", "Économie collaborative"), ("P.3", "Retours")])
    content = [_page(n, _chars("texte", 50.0, 300.0)) for n in (4, 5)]
    contents = find_parts([summary, intro, *content], {4, 5}, Furniture())
    assert (contents.offset, contents.offset_from) == (2, "tables")
    [part] = contents.parts
    assert (part.intro_page, part.title) == (3, "S’inspirer")
    assert [(r.label, t) for r, t in zip(part.toc.rows, part.toc.targets, strict=True)] == [
        ("Économie collaborative", 4),
        ("Retours", 5),
    ]


def test_a_part_label_above_a_one_row_table_does_not_hide_the_table():
    """`Partie 1` reads as a row too (a label, then a number); the one real row points at the
    content page."""
    summary = _page(2, _chars("P.2   Partie 1 · Répondre aux défis", 50.0, 300.0))
    label = _chars("Partie 1", 50.0, 90.0)
    title = [c._replace(size=24.0) for c in _chars("Répondre aux défis", 50.0, 130.0)]
    intro = _page(3, label + title + _chars("P.3   Numérique", 50.0, 400.0))
    content = _page(4, _chars("texte", 50.0, 300.0))
    contents = find_parts([summary, intro, content], {4}, Furniture())
    assert contents.offset == 1
    [part] = contents.parts
    assert [(r.label, t) for r, t in zip(part.toc.rows, part.toc.targets, strict=True)] == [
        ("Numérique", 4)
    ]


def test_an_offset_two_readings_support_goes_to_the_likeliest():
    """The summary's row fits two offsets (its part's introduction, or the first content page);
    so does the introduction (`Partie 1` read as a row, or its table's row): the offset its
    table supports wins."""
    summary = _page(2, _chars("P.1   Partie 1 · S’inspirer des solutions", 50.0, 300.0))
    label = _chars("Partie 1", 50.0, 90.0)
    title = [c._replace(size=24.0) for c in _chars("S’inspirer", 50.0, 130.0)]
    table = _chars("P.2", 300.0, 400.0) + _chars("Attractivité et tourisme", 360.0, 400.0)
    intro = _page(3, label + title + table)
    content = [_page(n, _chars("texte", 50.0, 300.0)) for n in (4, 5)]
    contents = find_parts([summary, intro, *content], {4, 5}, Furniture())
    assert (contents.offset, contents.offset_from) == (2, "tables")
    [part] = contents.parts
    assert [(r.label, t) for r, t in zip(part.toc.rows, part.toc.targets, strict=True)] == [
        ("Attractivité et tourisme", 4)
    ]
