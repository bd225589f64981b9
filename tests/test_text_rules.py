"""The text rules are stated twice, and must give one result.

`samples.expected` states them for the records a source must give, `extract.text` for what the
extractor makes of printed lines; the two share no code. Where they could differ, the product's
behaviour is decided once, written below as literal cases that both sides must meet, and the
inputs that told them apart are drawn by `tests.strategies` so that a property test keeps the two
together.

Decisions (each side's docstring and docs/outputs.md's card_id paragraph say the same):
- a title with no letter or digit has the id `resource` (the id the product has always given);
- `æ`, `ß` (capitals too) are spelled `ae`, `ss` in ids, as `œ` is `oe`: `CÆSAR` → `caesar`;
- a hyphen glued to the character before it joins tight, whatever that character: `(co)-` +
  `construction` → `(co)-construction`; a run of hyphens after a space is a dash (`texte --`);
- inside a line, a run of whitespace (tabs and no-break spaces too) is one space;
- in a type line, only `>>` (touching) opens a call to action: `> >Guide` is the type `>Guide`;
- a group item with nothing after its colon is titled by its whole text, with no type;
- a group heading loses every closing colon;
- a year outside 1900–2100 is left empty;
- a resource kind keeps a single `'` or `-` between two words (`d'emploi`, `vade-mecum`) and
  puts each word of four letters or more in the singular, but for singulars that end in s or x
  (`avis`, `atlas`, `prix`), words in `ss` or `us` and adjectives in `-eux`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import extract.text as extractor
import samples.expected as reference
from extract.pipeline import extract_pdf
from samples.designs.accuracy import expected_records
from samples.source import Card, Group
from samples.typeset import typeset
from tests.builders import card, group, source
from tests.conftest import examples
from tests.strategies import (
    field_lines,
    group_item_texts,
    kind_texts,
    printed_texts,
    type_line_texts,
)

Parsed = tuple[str | None, int | None, int | None] | None


def printed_line(text: str) -> str:
    """A printed line's text as the lines stage gives it: ligatures spelled out, each run of
    whitespace one space (`extract.layout.lines` builds it so, from glyphs and gaps)."""
    return " ".join(extractor.fold_ligatures(text).split())


def _extractor_type_line(text: str) -> Parsed:
    parsed = extractor.parse_type_line(printed_line(text))
    return None if parsed is None else (parsed.resource_type, parsed.year, parsed.year_end)


@dataclass(frozen=True)
class Side:
    name: str
    join: Callable[[Sequence[str]], str]
    slug: Callable[[str], str]
    ids: Callable[[Sequence[str]], list[str]]
    type_line: Callable[[str], Parsed]
    group_item: Callable[[str], tuple[str | None, str]]
    heading: Callable[[Sequence[str]], str]
    kind: Callable[[str | None], str | None]


REFERENCE = Side(
    "samples.expected",
    reference.join_lines,
    reference.slug,
    reference.card_ids,
    reference.parse_type_line,
    reference.parse_group_item,
    reference.group_heading,
    reference.resource_kind,
)
EXTRACTOR = Side(
    "extract.text",
    lambda lines: extractor.join_lines([printed_line(t) for t in lines]),
    extractor.slug,
    lambda titles: extractor.unique_ids(list(titles)),
    _extractor_type_line,
    lambda text: extractor.parse_group_item(printed_line(text)),
    lambda lines: extractor.heading_text([printed_line(t) for t in lines]),
    extractor.resource_kind,
)
SIDES = pytest.mark.parametrize("side", [REFERENCE, EXTRACTOR], ids=lambda s: s.name)


# ---------------------------------------------------------------------------------------------
# The decisions, literally, on both sides.


@SIDES
@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("« ? »", "resource"),
        ("", "resource"),
        ("— … —", "resource"),
        ("CÆSAR", "caesar"),
        ("Curriculum vitæ", "curriculum-vitae"),
        ("STRAẞE", "strasse"),
        ("Straße", "strasse"),
        ("ŒUVRES « À VOIR »", "oeuvres-a-voir"),
        ("AU CŒUR DES ﬁLIÈRES", "au-coeur-des-filieres"),
        ("L’ÉCONOMIE SOCIALE ET SOLIDAIRE", "l-economie-sociale-et-solidaire"),
        ("« 2030 »", "2030"),
    ],
)
def test_slugs(side: Side, title: str, slug: str) -> None:
    assert side.slug(title) == slug


@SIDES
def test_ids_of_titles_without_letters_are_numbered_like_any_other(side: Side) -> None:
    assert side.ids(["« ? »", "!", "2020", "RESOURCE"]) == [
        "resource",
        "resource-2",
        "2020",
        "resource-3",
    ]


@SIDES
@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["dans la (co)-", "construction"], "dans la (co)-construction"),
        (["les « TIERS-LIEUX »-", "PILOTES"], "les « TIERS-LIEUX »-PILOTES"),
        (["socio-", "économique"], "socio-économique"),
        (["va-", "t-il"], "va-t-il"),
        (["2019-", "2020"], "2019-2020"),
        (["CIRCULAIRE -", "DURABLE"], "CIRCULAIRE - DURABLE"),
        (["un texte --", "suite"], "un texte -- suite"),
        (["un texte--", "suite"], "un texte--suite"),
        (["commercial –", "cherchant"], "commercial – cherchant"),
        (["-", "suite"], "- suite"),
        (["deux  espaces\tune tabulation", "et\u00a0:\u00a0insécables"], None),
        (["des ﬁches", "de réﬂexion"], "des fiches de réflexion"),
    ],
)
def test_joins(side: Side, lines: list[str], text: str | None) -> None:
    want = text or "deux espaces une tabulation et : insécables"
    assert side.join(lines) == want


@SIDES
@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        (">2019-2020", (None, 2019, 2020)),
        ("> 2019 – 2020 ", (None, 2019, 2020)),
        (">Mooc (2019-2020)", ("Mooc", 2019, 2020)),
        (">Dossier  web\u00a0(2019)", ("Dossier web", 2019, None)),
        ("> >Guide", (">Guide", None, None)),
        (">Fiche ﬁnancière", ("Fiche financière", None, None)),
    ],
)
def test_type_lines(side: Side, line: str, parsed: Parsed) -> None:
    assert side.type_line(line) == parsed


@SIDES
@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        (">Site web : ETIC", ("Site web", "ETIC")),
        (">Site web :", (None, "Site web :")),
        (">Bellevilles", (None, "Bellevilles")),
        (">Site  web :\u00a0Village\tVivants", ("Site web", "Village Vivants")),
    ],
)
def test_group_items(side: Side, line: str, parsed: tuple[str | None, str]) -> None:
    assert side.group_item(line) == parsed


@SIDES
@pytest.mark.parametrize(
    ("lines", "name"),
    [
        (["Contactez une foncière", "solidaire :"], "Contactez une foncière solidaire"),
        (["Pour aller plus loin ::"], "Pour aller plus loin"),
        (["Réseaux à contacter"], "Réseaux à contacter"),
    ],
)
def test_group_headings(side: Side, lines: list[str], name: str) -> None:
    assert side.heading(lines) == name


@SIDES
@pytest.mark.parametrize(
    ("printed", "kind"),
    [
        ("Étude", "etude"),
        ("Etude", "etude"),
        ("ÉTUDES", "etude"),
        ("Cartographies", "cartographie"),
        ("Études de cas", "etude de cas"),
        ("Chiffres clés", "chiffre cle"),
        ("Mode d’emploi", "mode d'emploi"),
        ("Vade-mecum", "vade-mecum"),
        ("Vade - mecum", "vade mecum"),
        ("Réseaux sociaux", "reseau social"),
        ("Jeux sérieux", "jeu serieux"),
        ("Avis", "avis"),
        ("Atlas", "atlas"),
        ("Travaux", "travaux"),
        ("Processus", "processus"),
        ("CÆSAR", "caesar"),
        ("ﬁches", "fiche"),
        ("x²", "x2"),
        ("« ? »", None),
        (None, None),
    ],
)
def test_kinds(side: Side, printed: str | None, kind: str | None) -> None:
    assert side.kind(printed) == kind


def test_the_decisions_hold_through_a_typeset_catalogue(tmp_path: Path) -> None:
    """The same decisions, from a source typeset and extracted: the records a source gives, the
    records the extractor reads, and the values decided above are one."""
    blocks: list[Card | Group] = [
        card(title=["CÆSAR ET STRAßE"], type_line=">2019-2020", url="https://example.org/1"),
        card(title=["« ? »"], type_line=">Guide (1492)", url="https://example.org/2"),
        card(
            title=["LA (CO)-", "CONSTRUCTION"],
            blurb=["Un texte --", "puis la suite."],
            url="https://example.org/3",
        ),
        group("Pour aller plus loin ::", ["Alpha"]),
    ]
    src = source([blocks], themes=["Foncier"])
    pdf = tmp_path / "decisions.pdf"
    pdf.write_bytes(typeset(src, "both", "portrait-2col"))
    catalogue = extract_pdf(pdf)
    got = [r.record() for r in catalogue.resources]
    want = expected_records(src)
    assert got == want
    decided = [
        (r["card_id"], r["title"], r["year"], r["year_end"], r["description"], r["group"])
        for r in got
    ]
    assert decided == [
        ("caesar-et-strasse", "CÆSAR ET STRAßE", 2019, 2020, want[0]["description"], None),
        ("resource", "« ? »", None, None, want[1]["description"], None),
        (
            "la-co-construction",
            "LA (CO)-CONSTRUCTION",
            2019,
            None,
            "Un texte -- puis la suite.",
            None,
        ),
        ("alpha", "Alpha", None, None, None, "Pour aller plus loin"),
    ]
    assert {(w.code, w.card_id) for w in catalogue.warnings} == {("year-out-of-range", "resource")}


# ---------------------------------------------------------------------------------------------
# The two sides agree on everything the generators draw.


@examples("rules")
@given(st.lists(printed_texts(), max_size=4) | field_lines())
@example(["dans la (co)-", "construction"])
@example(["un texte --", "suite"])
def test_both_sides_join_alike(lines: list[str]) -> None:
    assert REFERENCE.join(lines) == EXTRACTOR.join(lines)


@examples("rules")
@given(printed_texts() | st.text())
@example("CÆSAR")
@example("« ? »")
@example("STRAẞE")
def test_both_sides_make_the_same_slug(title: str) -> None:
    assert REFERENCE.slug(title) == EXTRACTOR.slug(title)


@examples("rules")
@given(st.lists(printed_texts() | st.sampled_from(["« ? »", "GUIDE", "GUIDE 2", "CÆSAR"])))
def test_both_sides_number_repeated_ids_alike(titles: list[str]) -> None:
    assert REFERENCE.ids(titles) == EXTRACTOR.ids(titles)


@examples("rules")
@given(type_line_texts())
@example(">2019-2020")
@example("> >Guide")
def test_both_sides_read_type_lines_alike(line: str) -> None:
    if not extractor.is_type_line(printed_line(line)):
        return  # not a type line to the extractor: never parsed
    got, want = EXTRACTOR.type_line(line), REFERENCE.type_line(line)
    if got is None:
        # The extractor refuses a bracket that is not a year; the card keeps the text as its
        # type, and neither side guesses a year.
        assert want is not None and want[1:] == (None, None)
    else:
        assert got == want


@examples("rules")
@given(group_item_texts())
@example(">Site web :")
def test_both_sides_read_group_items_alike(line: str) -> None:
    if not extractor.is_type_line(printed_line(line)):
        return  # a group item is a type line to the extractor (`>>` opens a call to action)
    assert REFERENCE.group_item(line) == EXTRACTOR.group_item(line)


@examples("rules")
@given(kind_texts() | st.text())
@example("Modes d’emploi")
@example("a'-b")
@example("-a-b'c'-")
def test_both_sides_make_the_same_kind(printed: str) -> None:
    assert REFERENCE.kind(printed) == EXTRACTOR.kind(printed)


@examples("rules")
@given(st.lists(printed_texts(), min_size=1, max_size=3))
@example(["Pour aller plus loin ::"])
def test_both_sides_name_groups_alike(lines: list[str]) -> None:
    assert REFERENCE.heading(lines) == EXTRACTOR.heading(lines)
