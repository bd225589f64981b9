"""The reading thresholds (`extract.settings`): one object a design file sets, and what each
threshold decides, pinned on a literal case.

`make mutants` changes every field by a large factor, both ways (`tests/mutants.py`); each
change must fail a test. Where no test of the whole pipeline sees what a threshold decides,
the case that does is here: characters placed by hand (`chars`, as in `tests/test_stages.py`)
or a small typeset catalogue (`tests/builders.py`), asserting what the product reads.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypedDict

import pytest

from extract.cards.resources import read_resources
from extract.document import Char, LinkAnnotation, PageContent
from extract.layout.blocks import Block
from extract.layout.furniture import find_furniture
from extract.layout.lines import Line, PageLines, Style, page_lines
from extract.layout.page import PageLayout, lay_out
from extract.layout.reading_order import filled, read_order
from extract.layout.toc import Contents, find_parts
from extract.layout.typography import learn_typography
from extract.pipeline import lay_out_document
from extract.settings import DEFAULT, current
from tests.mutants import RULES, setting_mutants
from tests.test_stages import card_column, chars

# -- the settings object ------------------------------------------------------------------------


def test_a_setting_is_changed_by_its_dotted_name_and_nothing_else_is():
    changed = DEFAULT.but({"lines.word_gap": 0.3, "furniture.min_pages": 2})
    assert changed.lines.word_gap == 0.3 and changed.furniture.min_pages == 2.0
    assert {k: v for k, v in changed.flat().items() if v != DEFAULT.flat()[k]} == {
        "lines.word_gap": 0.3,
        "furniture.min_pages": 2.0,
    }
    assert DEFAULT.lines.word_gap == 0.18


@pytest.mark.parametrize("name", ["lines.word_gaps", "line.word_gap", "flat.x", "lines", ""])
def test_an_unknown_setting_is_refused_by_name(name):
    with pytest.raises(KeyError) as refused:
        DEFAULT.but({name: 1.0})
    assert refused.value.args == (name,)


def test_a_setting_is_a_number():
    with pytest.raises(TypeError, match=r"lines\.word_gap"):
        DEFAULT.but({"lines.word_gap": True})


def test_every_setting_says_what_it_measures_so_that_it_can_be_changed():
    """Each field's kind has a rule that moves it both ways (`make mutants`)."""
    mutants = setting_mutants()
    assert len(mutants) == 2 * len(DEFAULT.flat())
    for mutant in mutants:
        default = DEFAULT.flat()[mutant.setting]
        assert mutant.value != default
        assert (mutant.value > default) == mutant.name.endswith("-up")
    assert set(RULES) == {"Measure", "Factor", "Share", "Percent", "Count"}


def test_the_tests_run_with_the_settings_they_plant(planted_settings):
    assert current() == planted_settings


# -- lines (`lines`) --------------------------------------------------------------------------


def _texts(row_chars: list[Char], width: float = 595) -> list[str]:
    """The lines a page of these characters reads as, top to bottom."""
    page = PageContent(1, width, 842, 0, tuple(row_chars), ())
    return [ln.text for ln in page_lines(page).lines]


def test_a_wide_justified_space_ending_near_an_indent_is_no_gutter():
    """A column whose list lines are indented by 20 points, and a justified line whose wide
    space (1.4 sizes) ends three points right of that indent: lines start at one edge within
    an eighth of a size, so the line is one line (`lines.edge_slack`)."""
    rows = chars("Une", 40, 100) + chars("ligne justifiée au large blanc", 63, 100)
    for k in range(3):
        rows += chars(f"pleinement justifiée, la colonne court {k}", 40, 110 + 10 * k)
        rows += chars(f"un élément de la liste {k}", 60, 140 + 10 * k)
    assert _texts(rows)[0] == "Une ligne justifiée au large blanc"


def test_large_columns_whose_lines_start_two_points_apart_are_still_columns():
    """Two columns set in 16 points under a heading run across both (so no band between them
    is blank): the right column's lines start within two points of each other (an eighth of a
    size), and the last row, whose gap is narrower than a column gap, splits at that edge and
    nowhere else (`lines.edge_slack`)."""
    rows = chars("ACCOMPAGNER LES PROJETS TERRITORIAUX DE L’ESS", 40, 60, 16)
    rows += chars("DES RESSOURCES POUR LES COLLECTIVITÉS LOCALES", 40, 80, 16)
    for k in range(3):
        rows += chars(f"court {k}", 40, 110 + 20 * k, 16) + chars(
            f"droite {k}", 300, 110 + 20 * k, 16
        )
    rows += chars("une ligne longue de la gauche.", 40, 170, 16) + chars("droite 3", 302, 170, 16)
    assert _texts(rows)[-2:] == ["une ligne longue de la gauche.", "droite 3"]


def test_a_tight_gutter_one_size_wide_splits_a_row_beside_a_short_column():
    """A left column of 16-point lines and a right one of two lines only, a size to the right
    of the longest left lines: too few lines start there to make a column's edge, but no row
    inks the band between them, a size wide, so the rows split there (`lines.gutter_band`)."""
    rows: list[Char] = []
    for k in range(2):
        rows += chars(f"une ligne longue {k}", 40, 100 + 20 * k, 16)
        rows += chars(f"à droite {k}", 200, 100 + 20 * k, 16)
    for k in range(2, 6):
        rows += chars(f"plus court {k}", 40, 100 + 20 * k, 16)
    assert _texts(rows)[:4] == [
        "une ligne longue 0",
        "à droite 0",
        "une ligne longue 1",
        "à droite 1",
    ]


def test_a_river_of_word_spaces_is_no_gutter():
    """A justified paragraph in 16 points: one line's space stretched to a size falls over the
    word spaces of the lines around it, which leave a band two points wide blank (a river, an
    eighth of a size): that line is still one line (`lines.gutter_band`)."""
    rows = chars("mot", 40, 100, 16) + chars("suivant", 80, 100, 16)
    for k in range(3):
        rows += chars("abcde", 30, 112 + 12 * k, 16) + chars("fghij", 73, 112 + 12 * k, 16)
    assert _texts(rows)[0] == "mot suivant"


def _set(words: list[str], letters: float, spaces: float, size: float = 8.0) -> list[Char]:
    """Words on one baseline with no space glyph: their letters `letters` points apart, the
    words `spaces` points apart."""
    out: list[Char] = []
    x = 50.0
    for word in words:
        for letter in word:
            out += chars(letter, x, 100, size)
            x += size * 0.5 + letters
        x += spaces - letters
    return out


def test_letter_spaced_capitals_with_a_kerned_pair_are_still_words():
    """A title set with 2.5 points between its letters, its first pair kerned 1.2 points
    closer (`PA`): one narrow gap among eight is letter spacing still, and the title reads as
    its two words (`lines.tracked_narrow`)."""
    title = _set(["PARTIE", "UNE"], 2.5, 5.0)
    title[1:] = [c._replace(x0=c.x0 - 1.2, x1=c.x1 - 1.2) for c in title[1:]]
    assert _texts(title) == ["PARTIE UNE"]


def test_short_words_set_loose_keep_their_spaces():
    """A short line without space glyphs, set loose (its letters 0.6 points apart, a
    thirteenth of its size) and justified tight (its words 1.8 points apart, under a quarter
    of a size): half its gaps are narrow, so it is not letter spaced, and every word space is
    kept (`lines.tracked_narrow`)."""
    assert _texts(_set(["Ô", "et", "!", "les"], 0.6, 1.8)) == ["Ô et ! les"]


def test_a_line_of_three_one_letter_words_keeps_its_spaces():
    """`1 à 3` with no space glyph, its words 2.5 points apart: two gaps tell nothing of
    letter spacing, so both are word spaces (`lines.tracked_gaps`)."""
    assert _texts(_set(["1", "à", "3"], 0.0, 2.5)) == ["1 à 3"]


def test_a_word_set_a_point_below_its_line_is_still_of_that_line():
    """`Voir la ressource` whose last word, in another font, sits a point lower (an eighth of
    the size: a font's own baseline shift, far short of a line's spacing): one line
    (`lines.baseline_tolerance`)."""
    row = chars("Voir la", 50, 100) + chars("ressource", 82, 101, font="Serif")
    assert _texts(row) == ["Voir la ressource"]


def test_a_heading_painted_twice_for_a_faux_bold_is_read_once():
    """A 16-point heading whose every letter is painted a second time 0.6 points to the right
    (a faux bold, a twenty-seventh of the size): each letter is read once (`lines.overprint`)."""
    heading = chars("ÉCONOMIE SOCIALE", 50, 100, 16)
    heading += [c._replace(x0=c.x0 + 0.6, x1=c.x1 + 0.6) for c in heading if c.text != " "]
    assert _texts(heading) == ["ÉCONOMIE SOCIALE"]


# -- tones (`tones`) ---------------------------------------------------------------------------


def test_a_publisher_in_a_deep_accent_colour_is_told_from_the_body():
    """The publisher in a deep teal (channels a third apart, as dark as ink), in the body's
    font and size; the body in a warm black (channels a twentieth apart): the teal is a
    colour, the warm black is ink, and the publisher is told from the body
    (`tones.colourful`)."""
    teal, ink = (0.05, 0.30, 0.35), (0.20, 0.18, 0.15)
    lines: list[Char] = []
    for k in range(3):
        y = 100 + 70 * k
        lines += chars(f"TITRE {k}", 60, y, 9, "Sans-Bold") + chars(">Guide (2019)", 60, y + 12)
        lines += chars(f"Réseau des collectivités {k}", 60, y + 22, colour=teal)
        lines += chars(f"Un texte qui décrit {k}", 60, y + 32, colour=ink)
        lines += chars("et qui se poursuit ici.", 60, y + 42, colour=ink)
    page = page_lines(PageContent(4, 595, 842, 0, tuple(lines), ()))
    blocks = lay_out(page, learn_typography([page])).blocks
    assert [[ln.text for ln in b.publisher] for b in blocks] == [
        [f"Réseau des collectivités {k}"] for k in range(3)
    ]
    assert [[ln.text for ln in b.blurb] for b in blocks] == [
        [f"Un texte qui décrit {k}", "et qui se poursuit ici."] for k in range(3)
    ]


def test_a_button_in_a_pale_grey_is_told_from_a_publisher_in_a_mid_grey():
    """Cards whose publisher is a mid grey (#6B6B6B) and whose button's label is a pale grey
    (#CCCCCC, on the button's dark frame), both in the body's font and size: the pale label is
    light, the publisher grey, and each card reads its publisher, its blurb and its button
    (`tones.light`)."""
    grey, pale = (0.42, 0.42, 0.42), (0.8, 0.8, 0.8)
    lines: list[Char] = []
    for k in range(4):
        y = 100 + 80 * k
        lines += chars(f"TITRE {k}", 60, y, 9, "Sans-Bold") + chars(">Guide (2019)", 60, y + 12)
        lines += chars(f"Réseau des collectivités {k}", 60, y + 22, colour=grey)
        lines += chars(f"Un texte qui décrit {k}", 60, y + 32)
        lines += chars("et qui se poursuit ici.", 60, y + 42)
        lines += chars("Voir la ressource", 66, y + 56, colour=pale)
    page = page_lines(PageContent(4, 595, 842, 0, tuple(lines), ()))
    blocks = lay_out(page, learn_typography([page])).blocks
    assert [
        ([ln.text for ln in b.publisher], len(b.blurb), b.cta and b.cta.text) for b in blocks
    ] == [([f"Réseau des collectivités {k}"], 2, "Voir la ressource") for k in range(4)]


# -- marks (`marks`) ---------------------------------------------------------------------------


def _table(value: str, size: float, x: float = 120) -> list[Char]:
    """Three rows of a table: a label of two 10-point lines, the second ending at 115, and its
    value in `size` points at `x`, centred on the label (so raised above its second line)."""
    rows: list[Char] = []
    for k in range(3):
        y = 100 + 40 * k
        rows += chars("Structures de l'ESS", 40, y, 10) + chars("du territoire :", 40, y + 12, 10)
        rows += chars(value, x, y + 6 + size * 0.35, size)
    return rows


def _read(rows: list[Char]) -> list[tuple[str, tuple[str, ...]]]:
    """The lines of a page of these characters, each with its note calls."""
    page = PageContent(1, 595, 842, 0, tuple(rows), ())
    return [(ln.text, ln.marks) for ln in page_lines(page).lines]


def test_a_table_s_value_in_a_slightly_smaller_size_is_text_not_a_note_call():
    """A figure in 9 points centred on a 10-point label of two lines stands raised just after
    the label's end, but is nine tenths of its size: a superscript is at most four fifths, so
    the figure is a line of its own (`marks.size`)."""
    lines = _read(_table("1250", 9))
    assert lines.count(("1250", ())) == 3
    assert all(marks == () for _, marks in lines)


def test_a_phone_number_beside_a_label_is_text_not_a_note_call():
    """A phone number of ten figures in 7 points, raised just after a 10-point label's end: a
    note call is a few numbers, never ten figures, so the number is a line of its own
    (`marks.chars`)."""
    lines = _read(_table("0145678910", 7))
    assert lines.count(("0145678910", ())) == 3
    assert all(marks == () for _, marks in lines)


def test_a_small_figure_a_size_and_a_half_right_of_a_label_is_text_not_a_note_call():
    """A table's figures in 7 points, a size and a half right of the end of their 10-point
    labels, raised as they are centred on them: a note call is glued to its text or a space
    after it, so each figure is a line of its own (`marks.gap`)."""
    lines = _read(_table("48", 7, 130))
    assert lines.count(("48", ())) == 3
    assert all(marks == () for _, marks in lines)


def test_a_note_call_set_a_space_after_its_title_is_the_title_s():
    """`TITRE ¹`: a 6-point call raised 4 points, a third of a size after the 10-point title's
    end (a space): it calls a note from that title (`marks.gap`)."""
    row = chars("TITRE", 50, 100, 10) + chars("1", 78, 96, 6)
    assert _read(row) == [("TITRE", ("1",))]


def test_a_note_call_kerned_into_its_title_s_end_is_the_title_s():
    """`TITRE¹`, the raised 6-point call kerned half a point into the 10-point title's end: it
    calls a note from that title (`marks.overlap`)."""
    row = chars("TITRE", 50, 100, 10) + chars("1", 74.5, 96, 6)
    assert _read(row) == [("TITRE", ("1",))]


def test_a_year_in_a_card_s_corner_above_its_title_s_end_is_no_note_call():
    """A card's year in 7 points in its top right corner, just above a 10-point title that
    runs under it: the year starts 2 points (a fifth of a size) left of the title's end, so it
    is no call glued to the title, and is read as a line of its own (`marks.overlap`)."""
    title = chars("UN GUIDE POUR AGIR DANS LES TERRITOIRES", 60, 100, 10)
    row = title + chars("2019", title[-1].x1 - 2, 91, 7)
    assert _read(row) == [("2019", ()), ("UN GUIDE POUR AGIR DANS LES TERRITOIRES", ())]


def test_a_smaller_year_raised_to_the_capitals_tops_stays_in_its_line():
    """`CATALOGUE 2021`, the year set in 8 points after 10-point capitals and raised 1.3 points
    so that its figures' tops meet the capitals' (both stand about 0.7 of their size tall: 5.6
    and 7 points): the year is part of the line, not a note call, which a superscript would
    be, raised a third of a size (`marks.raised`)."""
    row = chars("CATALOGUE ", 50, 100, 10) + chars("2021", 100, 98.7, 8)
    assert _read(row) == [("CATALOGUE 2021", ())]


# -- scale (`scale`) ---------------------------------------------------------------------------


def _cards_page(
    number: int,
    scale: float,
    publisher_font: str,
    body: float | None = None,
    cards: int = 3,
    **sizes: float,
) -> PageLines:
    """A page of `cards` cards (a bold title, a type line, a publisher, a blurb of three lines
    and a bold button; body 8 points, publisher 7), every size and distance times `scale`, the
    sizes rounded to the half point as a word processor's shrink-to-fit rounds them; with
    `body`, the type lines and blurbs at that size, and with `sizes` the title's, publisher's
    or button's, the rest as it is."""

    def size(points: float, role: str = "") -> float:
        if role in sizes:
            return sizes[role]
        return points if scale == 1 else round(points * scale * 2) / 2

    text = body or size(8)
    out: list[Char] = []
    for k in range(cards):
        y = 80 + 150 * k * scale
        out += chars(f"TITRE DE LA RESSOURCE {number}.{k}", 60, y, size(10, "title"), "Sans-Bold")
        out += chars(">Guide (2019)", 60, y + 14 * scale, text)
        out += chars(
            f"Réseau {number}{k}", 60, y + 26 * scale, size(7, "publisher"), publisher_font
        )
        for i, words in enumerate(
            ["Un texte qui décrit", "et qui se poursuit", "sur trois lignes."]
        ):
            out += chars(f"{words} {number}{k}", 60, y + (38 + 11 * i) * scale, text)
        out += chars("Voir la ressource", 60, y + 78 * scale, size(8, "button"), "Sans-Bold")
    return page_lines(PageContent(number, 595, 842, 0, tuple(out), ()))


# A page of cards as read: each card's (title lines, publisher lines, blurb lines, button), and
# the page's warnings.
PageRead = tuple[list[tuple[int, int, int, bool]], list[str]]


def _read_cards(scales: list[float], publisher_font: str = "Sans") -> list[PageRead]:
    """What each page of cards at these scales reads: per card its title, publisher and blurb
    lines and whether it has a button; and the page's warnings."""
    return _read_pages([_cards_page(n, scale, publisher_font) for n, scale in enumerate(scales, 1)])


def _read_pages(pages: list[PageLines]) -> list[PageRead]:
    laid = lay_out_document(pages)
    return [
        (
            [
                (len(b.title), len(b.publisher), len(b.blurb), b.cta is not None)
                for b in layout.blocks
            ],
            [w.code for w in page.warnings],
        )
        for layout, page in zip(laid.layouts, laid.pages, strict=True)
    ]


EVERY_CARD_READ: PageRead = ([(1, 1, 3, True)] * 3, [])


def test_a_page_shrunk_to_nine_tenths_reads_a_publisher_a_size_under_the_body():
    """Two pages of cards and a third shrunk to nine tenths, its sizes rounded to the half
    point (10, 8 and 7 points print at 9, 7 and 6.5): the third page's scale is told within the
    rounding, and its publisher, set in the body's font a point smaller, is still told from
    the body (`scale.snap`, `scale.margin`, `scale.lowest`)."""
    assert _read_cards([1, 1, 0.9]) == [EVERY_CARD_READ] * 3


def test_a_page_enlarged_by_a_fifth_reads_its_publishers():
    """Two pages of cards and a third enlarged by a fifth: the third page's publishers are
    read (`scale.highest`)."""
    assert _read_cards([1, 1, 1.2], "Sans-Oblique") == [EVERY_CARD_READ] * 3


def test_a_page_three_hundredths_smaller_is_at_the_document_s_scale():
    """Two pages of cards and a third shrunk by 3 %, which rounding to the half point leaves
    at the body's sizes: every page is at one scale, none is said unknown, and every card
    reads its publisher (`scale.margin`, `scale.agreement`)."""
    assert _read_cards([1, 1, 0.97], "Sans-Oblique") == [EVERY_CARD_READ] * 3


def test_a_page_whose_sizes_agree_on_no_scale_is_said_so():
    """Two pages of cards and a third whose roles were resized each its own way (titles 13
    points, not 10; type lines and blurbs 7, not 8; publishers 9, not 7; buttons 6, not 8): no
    one scale brings most of its text onto the document's sizes, and the page says so
    (`scale.agreement`)."""
    pages = [_cards_page(1, 1, "Sans-Oblique"), _cards_page(2, 1, "Sans-Oblique")]
    pages.append(_cards_page(3, 1, "Sans-Oblique", body=7, title=13, publisher=9, button=6))
    read = _read_pages(pages)
    assert read[:2] == [EVERY_CARD_READ] * 2
    assert read[2][1] == ["page-scale-unknown"]


def test_a_poster_page_at_twice_the_size_does_not_set_the_document_s_scale():
    """Three pages of cards and a fourth printing one card at twice their sizes (a poster
    page): no page is shrunk to half its size to fit, so the three pages are at the
    document's scale and the poster alone is said to agree with none (`scale.highest`)."""
    pages = [_cards_page(n, 1, "Sans-Oblique") for n in (1, 2, 3)]
    pages.append(_cards_page(4, 2, "Sans-Oblique", cards=1))
    assert [warnings for _, warnings in _read_pages(pages)] == [[], [], [], ["page-scale-unknown"]]


class _Sizes(TypedDict):
    body: float
    title: float
    publisher: float
    button: float


def _printed_to_the_tenth(scale: float) -> _Sizes:
    """The sizes of `_cards_page`'s roles times `scale`, printed to the tenth of a point."""
    body, title, publisher = (round(points * scale, 1) for points in (8, 10, 7))
    return _Sizes(body=body, title=title, publisher=publisher, button=body)


@pytest.mark.parametrize("scale", [0.95, 0.96, 0.97, 0.98])
def test_a_page_shrunk_by_a_few_hundredths_is_written_at_its_scale(scale):
    """Two pages of cards and a third shrunk by two to five hundredths, its sizes printed to
    the tenth of a point: the design section writes the third page's scale within what sizes
    to the tenth tell (an eighth of a point of an 8-point body), not a factor pushed away from
    1 by more than a page within 1 % of the document's sizes is (`scale.same`)."""
    pages = [_cards_page(1, 1, "Sans-Oblique"), _cards_page(2, 1, "Sans-Oblique")]
    pages.append(_cards_page(3, scale, "Sans-Oblique", **_printed_to_the_tenth(scale)))
    assert lay_out_document(pages).scales.pages == {3: pytest.approx(scale, rel=0.0125)}
    assert _read_pages(pages) == [EVERY_CARD_READ] * 3


def test_two_pages_a_fifth_larger_by_a_hair_apart_set_the_document_s_scale():
    """Three pages of five cards, and two pages of one card each printed a fifth larger, one
    at 1.2 and one at 1.21 (sizes to the tenth: 12 and 12.1 points for the titles): the two
    are at one scale, and together carry enough of the text that pages are taken as shrunk to
    fit, not enlarged: the five-card pages are written at five sixths, the first large page at
    the document's scale (`scale.same`)."""
    pages = [_cards_page(n, 1, "Sans-Oblique", cards=5) for n in (1, 2, 3)]
    for n, scale in ((4, 1.2), (5, 1.21)):
        pages.append(_cards_page(n, scale, "Sans-Oblique", cards=1, **_printed_to_the_tenth(scale)))
    scales = lay_out_document(pages).scales.pages
    assert {n: scales.get(n) for n in (1, 2, 3, 4)} == {
        1: pytest.approx(1 / 1.2, rel=0.0125),
        2: pytest.approx(1 / 1.2, rel=0.0125),
        3: pytest.approx(1 / 1.2, rel=0.0125),
        4: None,
    }
    assert [warnings for _, warnings in _read_pages(pages)] == [[]] * 5


def test_a_page_printing_its_cards_at_half_the_size_is_said_of_no_scale():
    """Three pages of cards and a fourth printing them at half their sizes: no page is shrunk
    to half its size to fit (the sizes are another design's), so the fourth page is said to
    agree with no scale, and the three pages read every card (`scale.lowest`)."""
    pages = [_cards_page(n, 1, "Sans-Oblique") for n in (1, 2, 3)]
    pages.append(_cards_page(4, 0.5, "Sans-Oblique"))
    read = _read_pages(pages)
    assert read[:3] == [EVERY_CARD_READ] * 3
    assert read[3][1] == ["page-scale-unknown"]


# -- neighbours (`neighbours`) -----------------------------------------------------------------


def _cards_and_closing_text(closing_gap: float, leading: float = 10.0) -> list[object]:
    """A page of three cards (title, type line, publisher in an oblique face, a blurb of two
    lines `leading` points apart) and, `closing_gap` points under the last card's last line, a
    closing paragraph of two lines: each card's title, publisher and blurb, and the text read
    outside any card."""
    lines: list[Char] = []
    for k in range(3):
        y = 100 + 70 * k
        lines += chars(f"TITRE {k}", 60, y, 9, "Sans-Bold") + chars(">Guide (2019)", 60, y + 12)
        lines += chars(f"Réseau des collectivités {k}", 60, y + 22, font="Sans-Oblique")
        lines += chars(f"Un texte qui décrit {k}", 60, y + 32)
        lines += chars("et qui se poursuit ici.", 60, y + 32 + leading)
    end = 100 + 70 * 2 + 32 + leading + closing_gap
    lines += chars("Retrouvez toutes ces ressources", 60, end)
    lines += chars("sur le site du réseau.", 60, end + 10)
    page = page_lines(PageContent(4, 595, 842, 0, tuple(lines), ()))
    (layout,) = lay_out_document([page]).layouts
    cards = [
        ([ln.text for ln in b.title], [ln.text for ln in b.publisher], [ln.text for ln in b.blurb])
        for b in layout.blocks
    ]
    return [cards, [ln.text for ln in layout.unassigned]]


CARDS = [
    (
        [f"TITRE {k}"],
        [f"Réseau des collectivités {k}"],
        [f"Un texte qui décrit {k}", "et qui se poursuit ici."],
    )
    for k in range(3)
]
CLOSING = ["Retrouvez toutes ces ressources", "sur le site du réseau."]


def test_a_closing_paragraph_four_sizes_under_the_last_card_is_not_its_blurb():
    """A closing paragraph in the body's style, its first line's top nearly four sizes under
    the last card's blurb (a card's lines are set closer than a size apart): it is read outside
    the cards (`neighbours.gap`)."""
    assert _cards_and_closing_text(40) == [CARDS, CLOSING]


def test_a_blurb_set_solid_is_read_whole():
    """Cards whose blurb is set solid (its lines as far apart as its size, so that their
    boxes overlap by a fifth of it): every card reads its two blurb lines (`neighbours.overlap`)."""
    assert _cards_and_closing_text(40, leading=8) == [CARDS, CLOSING]


def test_pages_whose_body_is_set_a_point_larger_read_their_publishers():
    """Two pages of cards, and a third whose type lines and blurbs are set a point larger (9
    points, not 8), its titles, publishers and buttons as they are: the larger page sets the
    document's sizes, the others are taken as shrunk to it, and every card still reads its
    publisher: a size stands for a document size within a few hundredths of it, not the
    sixth that sets the publisher's 7 points apart from the body's 8 (`scale.snap`)."""
    pages = [_cards_page(1, 1, "Sans-Oblique"), _cards_page(2, 1, "Sans-Oblique")]
    pages.append(_cards_page(3, 1, "Sans-Oblique", body=9))
    assert _read_pages(pages) == [EVERY_CARD_READ] * 3


def test_cards_whose_blurb_opens_with_a_drop_cap_are_read():
    """Cards whose blurb opens with a 22-point drop cap beside its first two lines: the drop
    cap stands beside them, not over or under them, and every card reads its title, its
    publisher and its blurb's three lines (`neighbours.overlap`)."""
    lines: list[Char] = []
    for k, name in enumerate(["alpha", "beta", "gamma"]):
        y = 100 + 80 * k
        lines += chars(f"TITRE {name}", 60, y, 9, "Sans-Bold") + chars(">Guide (2019)", 60, y + 12)
        lines += chars(f"Réseau des collectivités {name}", 60, y + 22, font="Sans-Oblique")
        lines += chars("U", 60, y + 43, 22, "Serif")
        lines += chars(f"n texte qui décrit {name}", 72, y + 32)
        lines += chars("et qui se poursuit ici.", 72, y + 42)
        lines += chars("sur une troisième ligne.", 60, y + 52)
    page = page_lines(PageContent(4, 595, 842, 0, tuple(lines), ()))
    (layout,) = lay_out_document([page]).layouts
    assert [
        ([ln.text for ln in b.title], len(b.publisher), len(b.blurb)) for b in layout.blocks
    ] == [([f"TITRE {name}"], 1, 3) for name in ["alpha", "beta", "gamma"]]


# -- furniture (`furniture`) -------------------------------------------------------------------

FOOT = "Catalogue des ressources de l'ESS"


def _furniture(
    pages: int, foot: dict[int, float], in_text: tuple[int, ...] = ()
) -> set[tuple[str, str]]:
    """A document of `pages` pages, each with one card; the running foot printed on the pages
    `foot` gives, at 820 points plus the offset it gives; the same words printed in the text,
    in the same style, on the pages `in_text`. What is read as page furniture, and of what
    kind."""
    printed = []
    for n in range(1, pages + 1):
        lines = chars(f"TITRE {n}", 60, 200, 9, "Sans-Bold") + chars(">Guide (2019)", 60, 212)
        lines += chars(f"Un texte qui décrit la ressource {n}", 60, 224)
        if n in foot:
            lines += chars(FOOT, 60, 820 + foot[n], 7, "Sans-Oblique")
        if n in in_text:
            lines += chars(FOOT, 60, 400, 7, "Sans-Oblique")
        printed.append(page_lines(PageContent(n, 595, 842, 0, tuple(lines), ())))
    found = find_furniture(printed)
    return {(printed[n - 1].lines[i].text, kind) for (n, i), kind in found.lines.items()}


def test_a_running_foot_on_every_page_of_a_long_document_is_furniture():
    """Eight pages, each with the same running foot: it is furniture (`furniture.min_pages`)."""
    assert _furniture(8, dict.fromkeys(range(1, 9), 0.0)) == {(FOOT, "running")}


def test_words_at_one_place_on_two_pages_of_a_long_document_are_content():
    """Eight pages, two of which print the same words at the foot: two pages may do so by
    chance, so the words are read as the pages' text (`furniture.min_pages`,
    `furniture.short_document`)."""
    assert _furniture(8, {3: 0.0, 5: 0.0}) == set()


def test_a_running_foot_on_the_two_inner_pages_of_a_short_document_is_furniture():
    """Four pages, the two inner ones with a running foot: too short a document for three,
    two make it furniture (`furniture.short_document`)."""
    assert _furniture(4, {2: 0.0, 3: 0.0}) == {(FOOT, "running")}


def test_a_running_foot_whose_words_the_text_prints_once_is_still_furniture():
    """Eight pages, seven with a running foot, the eighth printing its words in the text in
    the same style: the foot is furniture (`furniture.recurring_share`)."""
    assert _furniture(8, dict.fromkeys(range(1, 8), 0.0), in_text=(8,)) == {(FOOT, "running")}


def test_words_the_text_prints_nearly_as_often_as_the_foot_are_content():
    """Eight pages, three printing the same words at the foot and two in the text, in the same
    style: the words are the text's, not furniture (`furniture.recurring_share`)."""
    assert _furniture(8, {2: 0.0, 4: 0.0, 6: 0.0}, in_text=(3, 5)) == set()


def test_a_running_foot_placed_a_little_higher_or_lower_from_page_to_page_is_one():
    """Eight pages whose 7-point running foot is set 0, 1.2, 2.4 or 3.6 points lower from page
    to page (about half its size at most): it stands at one place, and is furniture
    (`furniture.same_place`, `furniture.same_share`)."""
    foot = {n: 1.2 * (n % 4) for n in range(1, 9)}
    assert _furniture(8, foot) == {(FOOT, "running")}


# -- calls (`calls`) ---------------------------------------------------------------------------

# Cards named without figures: figures are masked where furniture is looked for, and card text
# at one place on two pages would read as such.
NAMES = [
    "alpha",
    "beta",
    "gamma",
    "delta",
    "epsilon",
    "zeta",
    "eta",
    "theta",
    "iota",
    "kappa",
    "lambda",
    "mu",
]


def _cards_ending(
    count: int, last: dict[int, tuple[str, str]], second: str = "et qui se poursuit ici, {}."
) -> list[tuple[int, str | None]]:
    """`count` cards, four a page (title, type line, publisher in an oblique face, a blurb of
    two lines, the second `second`), the cards `last` names closing with its line (text,
    font) set a little apart under the blurb: each card's blurb lines and its call to
    action."""
    pages = []
    for first in range(0, count, 4):
        lines: list[Char] = []
        for k, n in enumerate(range(first, min(first + 4, count))):
            y, name = 80 + 180 * k, NAMES[n]
            lines += chars(f"TITRE {name}", 60, y, 9, "Sans-Bold") + chars(
                ">Guide (2019)", 60, y + 12
            )
            lines += chars(f"Réseau {name}", 60, y + 24, font="Sans-Oblique")
            lines += chars(f"Un texte qui décrit {name}", 60, y + 35)
            lines += chars(second.format(name), 60, y + 46)
            if n in last:
                lines += chars(last[n][0], 60, y + 63, font=last[n][1])
        pages.append(page_lines(PageContent(first // 4 + 1, 595, 842, 0, tuple(lines), ())))
    laid = lay_out_document(pages)
    return [
        (len(b.blurb), b.cta.text if b.cta else None) for lay in laid.layouts for b in lay.blocks
    ]


def test_a_button_three_cards_of_ten_print_is_their_button():
    """Ten cards, three of which close with a button in a bold face of its own: it comes back
    card after card, and is read as those cards' call to action (`calls.share`)."""
    button = ("Voir la ressource", "Sans-Bold")
    read = _cards_ending(10, dict.fromkeys((1, 4, 7), button))
    assert read == [(2, "Voir la ressource" if n in (1, 4, 7) else None) for n in range(10)]


def test_a_note_two_cards_of_twelve_print_is_no_button():
    """Twelve cards, two of which close with a note in an italic of its own (`En anglais.`):
    two cards of twelve do not make it come back card after card, and it is read as their
    blurb's last line (`calls.share`)."""
    note = ("En anglais.", "Serif-Italic")
    read = _cards_ending(12, dict.fromkeys((2, 9), note))
    assert read == [(3 if n in (2, 9) else 2, None) for n in range(12)]


BUTTON = ("Voir la ressource", "Sans-Bold")


def test_a_button_with_a_typo_in_the_body_s_face_is_still_a_button():
    """Eight cards closing with a bold button, one of which prints it in the body's face and
    with a typo (`Voir le ressource`): that line is still its card's call to action
    (`calls.similar`)."""
    last = dict.fromkeys(range(8), BUTTON) | {5: ("Voir le ressource", "Sans")}
    assert _cards_ending(8, last) == [
        (2, "Voir le ressource" if n == 5 else "Voir la ressource") for n in range(8)
    ]


def test_a_blurb_line_that_shares_some_words_with_the_button_is_the_blurb_s():
    """Cards whose blurb's second line is `de la ressource.`, closing with a bold `Voir la
    ressource`: the blurb line is a line of text, not a second button (`calls.similar`)."""
    read = _cards_ending(8, dict.fromkeys(range(8), BUTTON), second="de la ressource.")
    assert read == [(2, "Voir la ressource")] * 8


def test_a_sentence_every_blurb_ends_with_is_text():
    """Eight cards whose blurb ends with the same sentence (`Accessible en ligne.`), set at the
    blurb's line spacing: it goes on from the line above, in its style, and is read as the
    blurb's, not as a button (`calls.line_gap`)."""
    assert _cards_ending(8, {}, second="Accessible en ligne.") == [(2, None)] * 8


# -- cards (`cards`) ---------------------------------------------------------------------------

# A card's line: its text (`{}` for the card's name), font, size, and how far its baseline is
# set under the line before it.
Spec = tuple[str, str, float, float]
TYPE: Spec = (">Guide (2019)", "Sans", 8, 12)
PUBLISHER: Spec = ("Réseau {}", "Sans-Oblique", 8, 12)
BLURB: list[Spec] = [
    ("Un texte qui décrit {}", "Sans", 8, 11),
    ("et qui se poursuit, {}.", "Sans", 8, 11),
]
BOLD_BUTTON: Spec = ("Voir la ressource", "Sans-Bold", 8, 17)


def _read_specs(cards: list[list[Spec]]) -> list[tuple[list[str], int, str | None]]:
    """Cards set one under another, four a page, 30 points apart: each card's title lines,
    its blurb's length and its call to action."""
    pages = []
    for first in range(0, len(cards), 4):
        lines: list[Char] = []
        y = 80.0
        for n in range(first, min(first + 4, len(cards))):
            for text, font, size, before in cards[n]:
                y += before
                lines += chars(text.format(NAMES[n]), 60, y, size, font)
            y += 30
        pages.append(page_lines(PageContent(first // 4 + 1, 595, 842, 0, tuple(lines), ())))
    laid = lay_out_document(pages)
    return [
        ([ln.text for ln in b.title], len(b.blurb), b.cta.text if b.cta else None)
        for layout in laid.layouts
        for b in layout.blocks
    ]


def test_a_large_title_set_a_little_apart_over_its_type_line_is_the_card_s():
    """Cards whose 14-point title stands 11 points (four fifths of its size) over the type
    line: each card reads its title (`cards.title_gap`)."""
    title: Spec = ("TITRE {}", "Sans-Bold", 14, 0)
    cards = [[title, (*TYPE[:3], 22), PUBLISHER, *BLURB, BOLD_BUTTON] for _ in range(8)]
    assert _read_specs(cards) == [([f"TITRE {NAMES[n]}"], 2, "Voir la ressource") for n in range(8)]


def test_a_page_heading_well_above_an_untitled_card_is_not_its_title():
    """A page opening with a 12-point heading, four of its sizes over the first card, which
    has no title: the heading is not that card's title (`cards.title_gap`)."""
    heading: Spec = ("FINANCER SON PROJET", "Serif-Bold", 12, 0)
    title: Spec = ("TITRE {}", "Sans-Bold", 9, 0)
    cards = [[title, TYPE, PUBLISHER, *BLURB, BOLD_BUTTON] for _ in range(8)]
    cards[0] = [heading, (*TYPE[:3], 60), PUBLISHER, *BLURB, BOLD_BUTTON]
    read = _read_specs(cards)
    assert [titles for titles, _, _ in read] == [[]] + [[f"TITRE {NAMES[n]}"] for n in range(1, 8)]


def test_a_button_in_a_bold_that_also_sets_a_page_heading_is_still_a_button():
    """Cards whose bold button opens their text, under the publisher (or under the type line
    where a card names none), in a bold that also sets a heading over the page's first card:
    the button is nearly all that style prints, and every card reads it (`calls.own_style`)."""
    title: Spec = ("TITRE {}", "Sans-Bold", 9, 0)
    button: Spec = ("Voir la ressource", "Sans-Bold", 8, 12)
    cards = [[title, TYPE, PUBLISHER, button, *BLURB] for _ in range(8)]
    for n in (2, 5):
        cards[n] = [title, TYPE, button, *BLURB]
    cards[0] = [("Nos ressources du mois", "Sans-Bold", 8, 0), (*title[:3], 40), *cards[0][1:]]
    assert _read_specs(cards) == [([f"TITRE {name}"], 2, "Voir la ressource") for name in NAMES[:8]]


# Page headings in the bold a line opening some cards' text is set in: that bold is no style
# of the line's own, and only how many cards print it, and where, tells a button from a lead.
HEADINGS = ["Des guides pour agir", "Des outils pour compter", "Des sites pour apprendre"]


def _opening(
    line: str,
    on: Sequence[int] = (),
    unpublished: Sequence[int] = (),
    closing: Sequence[int] = (),
    addressed: Sequence[int] = (),
) -> list[tuple[list[str], int, str | None]]:
    """Ten cards, four a page, each page opening with a heading in an 8-point bold; the cards
    `on` names open their text with `line` in that bold, under the publisher (under the type
    line where the card is one of `unpublished`, which name none); those `closing` names close
    with it, a little apart under the blurb, or under the address (in a face of its own) that
    those `addressed` names print after it: what each card reads."""
    title: Spec = ("TITRE {}", "Sans-Bold", 9, 0)
    cards = []
    for n in range(10):
        card = [title, TYPE] + ([] if n in unpublished else [PUBLISHER])
        if n in on:
            card.append((line, "Sans-Bold", 8, 12))
        card += BLURB
        if n in addressed:
            card.append(("www.exemple.org/{}", "Mono", 8, 11))
        if n in closing:
            card.append((line, "Sans-Bold", 8, 17))
        cards.append(card)
    for page, first in enumerate(range(0, 10, 4)):
        cards[first] = [(HEADINGS[page], "Sans-Bold", 8, 0), (*title[:3], 40), *cards[first][1:]]
    return _read_specs(cards)


def test_a_button_opening_the_text_of_six_cards_of_ten_is_their_button():
    """Six cards of ten open their text with `Voir la ressource` in a bold that also sets the
    pages' headings, one of them just under its type line (it names no publisher): a line on
    most cards that is hardly ever next to a type line is a button set apart from the text,
    and those six cards read it (`calls.common`, `calls.next_to_type`)."""
    on = (0, 1, 3, 5, 6, 8)
    assert _opening("Voir la ressource", on, unpublished=(3,)) == [
        ([f"TITRE {NAMES[n]}"], 2, "Voir la ressource" if n in on else None) for n in range(10)
    ]


def test_a_lead_word_four_cards_of_ten_open_their_text_with_is_their_blurb_s():
    """Four cards of ten open their text with `Nouveauté` in a bold that also sets the pages'
    headings: too few cards print it for a button set apart, and the bold is not its own, so
    it is the first line of those cards' blurbs (`calls.common`, `calls.own_style`)."""
    on = (0, 3, 6, 8)
    assert _opening("Nouveauté", on) == [
        ([f"TITRE {NAMES[n]}"], 3 if n in on else 2, None) for n in range(10)
    ]


def test_a_lead_word_where_a_publisher_goes_on_a_third_of_its_cards_is_no_button():
    """Six cards of ten open their text with `Nouveauté` in the headings' bold, two of them
    just under the type line (where a publisher goes; they name none): a line next to a type
    line on a third of its cards is no button set apart, and it is their blurbs' first line
    (`calls.next_to_type`)."""
    on = (0, 1, 3, 5, 6, 8)
    assert _opening("Nouveauté", on, unpublished=(3, 6)) == [
        ([f"TITRE {NAMES[n]}"], 3 if n in on else 2, None) for n in range(10)
    ]


def test_a_button_three_of_its_four_cards_print_under_the_blurb_is_their_button():
    """Four cards of ten close with `Voir la ressource` in the headings' bold, three right
    under the blurb and one under the address it prints after the blurb: a line printed after
    the body in most of its places is a button, and the four cards read it
    (`calls.after_body`)."""
    on = (0, 4, 6, 8)
    assert _opening("Voir la ressource", closing=on, addressed=(6,)) == [
        ([f"TITRE {NAMES[n]}"], 2, "Voir la ressource" if n in on else None) for n in range(10)
    ]


def test_a_line_half_its_cards_print_under_the_blurb_is_their_text():
    """Four cards of ten close with `Accès gratuit.` in the headings' bold, two right under
    the blurb and two under the address they print after it: a line printed after the body
    in half its places only is no button, and it is read as the blurb's last line
    (`calls.after_body`)."""
    on = (0, 4, 6, 8)
    assert _opening("Accès gratuit.", closing=on, addressed=(4, 6)) == [
        ([f"TITRE {NAMES[n]}"], 3 if n in on else 2, None) for n in range(10)
    ]


def test_a_button_shaped_like_a_type_line_nine_cards_of_ten_print_is_their_button():
    """Nine cards of ten close with `> Pour accéder à la ressource`, shaped like a type line,
    under the address they print after the blurb (not after the body, which would tell a
    button whatever its shape): nine for the ten cards' own type lines is nearly one a card,
    and the nine cards read it as their button, not as the type line of a card of its own
    (`calls.typed`)."""
    on = tuple(range(9))
    assert _opening("> Pour accéder à la ressource", closing=on, addressed=on) == [
        ([f"TITRE {NAMES[n]}"], 2, "> Pour accéder à la ressource" if n in on else None)
        for n in range(10)
    ]


def _notes(
    note_lines: Sequence[tuple[str, float, float]],
) -> tuple[list[tuple[str, str]], list[str]]:
    """A page of three cards and, at its foot, these 7-point lines (text, x, baseline): the
    notes read (number, address) and the text read outside the cards."""
    lines: list[Char] = []
    for k, name in enumerate(["alpha", "beta", "gamma"]):
        y = 100 + 70 * k
        lines += chars(f"TITRE {name}", 60, y, 9, "Sans-Bold") + chars(">Guide (2019)", 60, y + 12)
        lines += chars(f"Réseau des collectivités {name}", 60, y + 22, font="Sans-Oblique")
        lines += chars(f"Un texte qui décrit {name}", 60, y + 32)
        lines += chars("et qui se poursuit ici.", 60, y + 42)
    for text, x, baseline in note_lines:
        lines += chars(text, x, baseline, 7)
    page = page_lines(PageContent(4, 595, 842, 0, tuple(lines), ()))
    (layout,) = lay_out_document([page]).layouts
    return [(n.number, n.url) for n in layout.notes], [ln.text for ln in layout.unassigned]


def test_a_note_s_address_wrapped_under_its_start_is_one_address():
    """A note `1 https://…/guide-` whose address goes on on the next line under its start,
    past the note's number: one address (`cards.note_indent`)."""
    notes = [("1 https://www.exemple.org/ressources/guide-", 60, 760)]
    notes.append(("pratique-de-l-ess.pdf", 67, 769))
    url = "https://www.exemple.org/ressources/guide-pratique-de-l-ess.pdf"
    assert _notes(notes) == ([("1", url)], [])


def test_a_word_set_well_right_under_a_note_is_not_its_address():
    """A note's address and, on the next line, `(PDF)` five sizes right of the note's start:
    the address is whole as printed, and the word is text of its own (`cards.note_indent`)."""
    notes = [("1 https://www.exemple.org/annuaire", 60, 760), ("(PDF)", 100, 769)]
    assert _notes(notes) == ([("1", "https://www.exemple.org/annuaire")], ["(PDF)"])


# -- typography (`typography`) -----------------------------------------------------------------


def _named_cards(publisher: Sequence[str], blurb: Sequence[str], buttons: bool) -> PageLines:
    """Four cards, each naming its publisher in `publisher`'s lines over its blurb's."""
    cards = [([f"{t} {k}" for t in publisher], [f"{t} {k}" for t in blurb]) for k in range(4)]
    return card_column(1, cards, buttons=buttons)


def _body_font(page: PageLines) -> str | None:
    body = learn_typography([page]).body
    return body[0] if body is not None else None


def test_descriptions_half_again_as_long_as_long_names_are_the_body():
    """Every card names a publisher in two long lines, more letters than its blurb's three
    short ones: the blurb's paragraphs run to half as many lines again, and that tells them
    (`typography.longer_paragraphs`), before the letters do."""
    publisher = [
        "Agence nationale de la cohésion des territoires et réseau",
        "des collectivités territoriales pour une économie solidaire",
    ]
    page = _named_cards(publisher, ["Un guide court", "sur le sujet", "pour agir"], False)
    assert _body_font(page) == "Sans"


def test_names_a_little_longer_than_descriptions_closed_by_buttons_are_no_body():
    """Publishers of five lines over blurbs of four, each blurb closed by a button: so close a
    difference in lines tells nothing (`typography.longer_paragraphs`); the button under the
    blurb does."""
    publisher = [f"Réseau régional numéro {i}" for i in range(5)]
    blurb = [f"Une description qui court, ligne {i}" for i in range(4)]
    assert _body_font(_named_cards(publisher, blurb, True)) == "Sans"


def _cards_of(number: int, cards: Sequence[tuple[int, int]]) -> PageLines:
    """Page `number`: a card for each (publisher's lines, blurb's lines) pair; a zero leaves
    the role out."""
    return card_column(
        number,
        [
            (
                [f"Réseau régional {number}-{k}-{i}" for i in range(publisher)],
                [f"Une description {number}-{k} qui court, ligne {i}" for i in range(blurb)],
            )
            for k, (publisher, blurb) in enumerate(cards)
        ],
    )


def _body_of(pages: Sequence[PageLines]) -> str | None:
    body = learn_typography(list(pages)).body
    return body[0] if body is not None else None


def test_one_card_of_ten_without_a_publisher_tells_the_body():
    """Ten cards, one naming no publisher, the publishers' paragraphs longer than the blurbs':
    that one card is enough to tell which style every card prints (`grammar.presence`)."""
    cards = [(3, 2)] * 9 + [(0, 2)]
    pages = [_cards_of(n, cards[4 * (n - 1) : 4 * n]) for n in (1, 2, 3)]
    assert _body_of(pages) == "Sans"


def test_one_card_of_twenty_four_without_a_blurb_leaves_the_lengths_to_tell():
    """Twenty-four cards, one printing no blurb: one card in so many is a slip, not a sign of
    which role every card prints (`grammar.presence`); the blurbs running longer tell."""
    cards = [(1, 3)] * 23 + [(1, 0)]
    pages = [_cards_of(n, cards[4 * (n - 1) : 4 * n]) for n in range(1, 7)]
    assert _body_of(pages) == "Sans"


# -- tables of contents (`contents`) -----------------------------------------------------------


def _table_read(spacing: float, label_drop: float) -> list[tuple[str, int]]:
    """A part's introduction whose table sets each page number and its label in two cells,
    rows `spacing` points apart, each label's baseline `label_drop` points under its number's;
    then the part's three content pages. The rows read, with the page each points at."""
    title = chars("Se déplacer", 50, 120, 24, "Sans-Bold")
    rows = [("P.2", "Mobilité douce"), ("P.3", "Habitat partagé"), ("P.4", "Alimentation")]
    table: list[Char] = []
    for i, (number, label) in enumerate(rows):
        table += chars(number, 300, 300 + spacing * i, 10)
        table += chars(label, 360, 300 + spacing * i + label_drop, 10)
    intro = page_lines(PageContent(1, 595, 842, 0, tuple(title + table), ()))
    content = [
        page_lines(PageContent(n, 595, 842, 0, tuple(chars("texte", 50, 300, 10)), ()))
        for n in (2, 3, 4)
    ]
    contents = find_parts([intro, *content], {2, 3, 4}, find_furniture([intro, *content]))
    return [
        (row.label, target)
        for part in contents.parts
        for row, target in zip(part.toc.rows, part.toc.targets, strict=True)
    ]


def _part_title(second_line_at: float, display_at: float | None = None) -> str | None:
    """A part's introduction whose title is set in 24 points on two lines, the second's
    baseline `second_line_at` points under the first's, and, at `display_at` points under it,
    a display line in the same size; then its table and content page. The part's title read."""
    intro = chars("Se déplacer", 50, 120, 24, "Sans-Bold")
    intro += chars("autrement", 50, 120 + second_line_at, 24, "Sans-Bold")
    if display_at is not None:
        intro += chars("Agir ensemble", 50, 120 + display_at, 24, "Sans-Bold")
    intro += chars("P.2", 300, 500, 10) + chars("Mobilité douce", 360, 500, 10)
    pages = [
        page_lines(PageContent(1, 595, 842, 0, tuple(intro), ())),
        page_lines(PageContent(2, 595, 842, 0, tuple(chars("texte", 50, 300, 10)), ())),
    ]
    contents = find_parts(pages, {2}, find_furniture(pages))
    return contents.parts[0].title if contents.parts else None


def test_a_part_title_set_on_two_lines_half_a_size_apart_is_one_title():
    """The title's lines set half their size apart (a loose leading): one title
    (`contents.title_gap`)."""
    assert _part_title(36) == "Se déplacer autrement"


def test_a_display_line_three_sizes_under_the_title_is_not_the_title_s():
    """A line in the title's size three sizes under it stands apart: not the title's
    (`contents.title_gap`)."""
    assert _part_title(30, display_at=130) == "Se déplacer autrement"


def test_a_label_wrapped_half_a_size_in_is_one_label():
    """A table's label wraps onto a line set half its size right of its start (an optical
    indent): one label (`contents.wrap_indent`)."""
    title = chars("Se déplacer", 50, 120, 24, "Sans-Bold")
    table = chars("P.2", 300, 300, 10) + chars("Me faire accompagner", 360, 300, 10)
    table += chars("par les réseaux", 365, 312, 10)
    table += chars("P.3", 300, 330, 10) + chars("Habitat partagé", 360, 330, 10)
    pages = [page_lines(PageContent(1, 595, 842, 0, tuple(title + table), ()))]
    pages += [
        page_lines(PageContent(n, 595, 842, 0, tuple(chars("texte", 50, 300, 10)), ()))
        for n in (2, 3)
    ]
    contents = find_parts(pages, {2, 3}, find_furniture(pages))
    assert [row.label for part in contents.parts for row in part.toc.rows] == [
        "Me faire accompagner par les réseaux",
        "Habitat partagé",
    ]


WANT_ROWS = [("Mobilité douce", 2), ("Habitat partagé", 3), ("Alimentation", 4)]


def test_a_table_s_cells_set_two_points_apart_are_one_row():
    """Each label's cell set two points (a fifth of its size) under its number's: one row
    (`contents.cell_baseline`)."""
    assert _table_read(16, 2) == WANT_ROWS


def test_rows_set_a_line_apart_keep_their_own_labels():
    """Rows twelve points apart at ten points: a number's label is the one on its baseline,
    not the row's above (`contents.cell_baseline`)."""
    assert _table_read(12, 0) == WANT_ROWS


# -- resources (`resources`) -------------------------------------------------------------------


THREE_CARDS = [
    ([f"Éditeur {k}"], [f"Une description {k} qui court, ligne {i}" for i in range(3)])
    for k in range(3)
]


def _stray_above_second_card(above: float) -> PageLayout:
    """Three cards down a page, and a small word in a face of its own `above` points over the
    second card's title: text no card takes in."""
    word = chars("Nouveau", 60, 260 - above, 6, "Serif-Italic")
    page = card_column(1, THREE_CARDS, step=200, extra=word)
    return lay_out(page, learn_typography([page]))


def _said_next_to(layout: PageLayout) -> list[int | None]:
    """For each line outside any resource, the resource its warning names, if any."""
    reading = read_resources([layout], Contents([], 0, "none", []), 8.0)
    return [n.resource for n in reading.notes if n.code == "text-outside-resource"]


def test_a_word_two_lines_over_a_title_is_said_next_to_its_card():
    """A word set two lines over a title, taken in by no card, may be the title's lost first
    line: its warning names that card (`resources.near`)."""
    assert _said_next_to(_stray_above_second_card(22)) == [1]


def test_a_word_well_above_a_card_is_said_alone():
    """The same word seven lines over the title is nobody's: its warning names no card
    (`resources.near`)."""
    assert _said_next_to(_stray_above_second_card(60)) == [None]


def _links_under_cards(below: float) -> list[list[str]]:
    """Three cards down a page, each with a link box centred `below` points under its last
    line (a button's box reaching past its text, or a link set apart): the addresses each
    resource is given."""
    bare = card_column(1, THREE_CARDS, step=200)
    bottoms = [b.bottom for b in lay_out(bare, learn_typography([bare])).blocks]
    links = tuple(
        LinkAnnotation(f"https://example.org/{k}", 60, bottom + below - 2, 160, bottom + below + 2)
        for k, bottom in enumerate(bottoms)
    )
    page = card_column(1, THREE_CARDS, step=200, links=links)
    layout = lay_out(page, learn_typography([page]))
    reading = read_resources([layout], Contents([], 0, "none", []), 8.0)
    return [[link.url for link in draft.links] for draft in reading.drafts]


def test_a_link_box_reaching_a_little_past_its_card_is_the_card_s():
    """A link centred three points (under half a body size) under its card's last line is
    that card's (`resources.link_margin`)."""
    assert _links_under_cards(3) == [[f"https://example.org/{k}"] for k in range(3)]


def test_a_link_a_line_and_a_half_under_its_card_is_nobody_s():
    """Centred a line and a half under the card, the link is given to no resource
    (`resources.link_margin`)."""
    assert _links_under_cards(12) == [[], [], []]


# -- reading order (`reading`) -----------------------------------------------------------------


def _card_block(x: float, top: float, order: int, width: float = 150) -> Block:
    """A card whose one line is its type line, `width` points wide and 100 high."""
    style = Style("Sans", 8.0, (0.0, 0.0, 0.0), False, False)
    line = Line(1, ">Guide", x, top, x + width, top + 100, top + 90, style, order=order)
    return Block("card", type_line=line)


def test_wide_cards_stacked_on_a_page_tell_nothing_of_how_a_grid_is_filled():
    """A page of two columns of cards, read either way (two cards, then a third beside them),
    and a page of two cards one under the other, each four fifths as wide as the grid: they
    are no narrow column of a grid filled down the columns, and tell nothing
    (`reading.column_share`)."""
    grid = read_order([_card_block(40, 100, 1), _card_block(40, 300, 2), _card_block(300, 100, 3)])
    wide = read_order([_card_block(40, 100, 1, 340), _card_block(40, 300, 2, 340)])
    assert filled([grid, wide]) is None
