"""Each stage alone, on hand-made inputs and small typeset PDFs."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path

import pytest

from extract.cards.links import split_url_list
from extract.document import Char, LinkAnnotation, PageContent
from extract.layout.blocks import Block
from extract.layout.calls import Calls, looks_like_cta
from extract.layout.furniture import find_furniture
from extract.layout.lines import Line, PageLines, Style, page_lines
from extract.layout.page import lay_out
from extract.layout.reading_order import filled, read_order
from extract.layout.typography import Typography, learn_typography
from extract.pipeline import extract_pdf
from extract.text import (
    is_type_line,
    join_lines,
    parse_group_item,
    parse_type_line,
    slug,
    unique_ids,
)
from extract.write.cells import neutralise
from extract.write.files import write_files
from samples.designs.accuracy import expected_records
from samples.source import Card, Group
from samples.typeset import typeset
from tests.builders import card, group, source

INK = (0.1, 0.1, 0.1)


def chars(
    text: str,
    x: float,
    baseline: float,
    size: float = 8.0,
    font: str = "Sans",
    colour: tuple[float, float, float] = INK,
) -> list[Char]:
    out, cursor = [], x
    for ch in text:
        w = size * 0.5
        out.append(
            Char(
                ch,
                cursor,
                cursor + w,
                baseline - size,
                baseline + size * 0.2,
                baseline,
                size,
                font,
                "Bold" in font,
                False,
                colour,
                True,
            )
        )
        cursor += w
    return out


def card_column(
    number: int,
    cards: Sequence[tuple[Sequence[str], Sequence[str]]],
    *,
    step: float = 190,
    buttons: bool = False,
    extra: Sequence[Char] = (),
    links: tuple[LinkAnnotation, ...] = (),
) -> PageLines:
    """Page `number` with cards down its column, `step` points apart: each a bold title, a type
    line, its publisher's lines (a small italic) and its blurb's (the body's face), as given
    (either may be empty), and a bold button under the blurb when `buttons`; then `extra`."""
    out: list[Char] = []
    for k, (publisher, blurb) in enumerate(cards):
        y = 60 + step * k
        out += chars(f"TITRE {number} NUMÉRO {k}", 60, y, 9, "Sans-Bold")
        out += chars(">Guide (2020)", 60, y + 12)
        y += 24
        for text in publisher:
            out += chars(text, 60, y, 7, "Sans-Oblique")
            y += 9
        y += 4
        for text in blurb:
            out += chars(text, 60, y)
            y += 10
        if buttons:
            out += chars("Voir la ressource", 60, y + 6, 8, "Sans-Bold")
    return page_lines(PageContent(number, 595, 842, 0, (*out, *extra), links))


# -- text rules --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (">Publication (2015)", ("Publication", 2015, None)),
        ("> Publication (2013) ", ("Publication", 2013, None)),
        (">Dossier web", ("Dossier web", None, None)),
        (">2020", (None, 2020, None)),
        (">Mooc (2019-2020)", ("Mooc", 2019, 2020)),
        (">2019-2020", (None, 2019, 2020)),
        ("> 2019 – 2020 ", (None, 2019, 2020)),
        ("> Site web de l’Avise", ("Site web de l’Avise", None, None)),
        (">Dossier web (2020)", ("Dossier web", 2020, None)),
    ],
)
def test_type_lines(text, expected):
    parsed = parse_type_line(text)
    assert parsed is not None
    assert (parsed.resource_type, parsed.year, parsed.year_end) == expected


@pytest.mark.parametrize("text", [">", ">Guide (20x9)", ">Guide (2019-20)"])
def test_unreadable_type_lines_are_refused_not_guessed(text):
    assert parse_type_line(text) is None


def test_group_items_split_at_the_colon():
    assert parse_group_item(">Site web : ETIC") == ("Site web", "ETIC")
    assert parse_group_item(">Site web : Village Vivants") == ("Site web", "Village Vivants")


def test_line_roles_by_pattern():
    # Whether a line is the call to action is learnt from the document; an opening arrow is
    # only the fallback for a lone card.
    assert looks_like_cta(">> Pour accéder à la ressource") and looks_like_cta("→ Voir le site")
    assert not looks_like_cta("» fin de citation") and not looks_like_cta("> Guide (2019)")
    assert not is_type_line(">> Pour accéder à la resource")
    assert is_type_line(">2020") and is_type_line("> Site web de l’Avise")
    assert not is_type_line("Avise")


def test_join_keeps_glued_hyphens_and_spaced_dashes():
    assert join_lines(["dans la co-", "construction"]) == "dans la co-construction"
    assert join_lines(["CIRCULAIRE -", "TERRITOIRE"]) == "CIRCULAIRE - TERRITOIRE"
    assert join_lines(["ﬁn de ligne ", " suite"]) == "ﬁn de ligne suite"


def test_slugs_and_unique_ids():
    assert slug("L’ÉCONOMIE SOCIALE ET SOLIDAIRE") == "l-economie-sociale-et-solidaire"
    assert slug("ŒUVRES « À VOIR »") == "oeuvres-a-voir"
    assert slug("CÆSAR") == "caesar" and slug("« ? »") == "resource"
    assert unique_ids(["Guide", "GUIDE", "Guide 2", "guide"]) == [
        "guide",
        "guide-2",
        "guide-2-2",
        "guide-3",
    ]
    assert len(slug("MOT " * 60)) <= 80 and not slug("MOT " * 60).endswith("-")


# -- lines -------------------------------------------------------------------------------------


def test_two_columns_on_one_baseline_are_two_lines():
    row = chars("GAUCHE", 50, 100) + chars("DROITE", 300, 100)
    page = PageContent(1, 595, 842, 0, tuple(row), ())
    assert [ln.text for ln in page_lines(page).lines] == ["GAUCHE", "DROITE"]


def test_spaces_between_words_are_kept_even_when_drawn_as_gaps():
    row = chars("P.4", 50, 100) + chars("Culture", 66, 100)  # no space characters at all
    page = PageContent(1, 595, 842, 0, tuple(row), ())
    assert [ln.text for ln in page_lines(page).lines] == ["P.4 Culture"]


def test_ligatures_are_spelled_out():
    page = PageContent(1, 595, 842, 0, tuple(chars("ﬁnancement", 50, 100)), ())
    assert page_lines(page).lines[0].text == "financement"


# -- layout ------------------------------------------------------------------------------------


def test_typography_is_learnt_from_what_precedes_type_lines():
    accent = (0.8, 0.3, 0.1)
    lines = (
        chars("TITRE", 50, 100, 10, "Sans-Bold", accent)
        + chars(">Guide (2019)", 50, 112, 7, "Sans", accent)
        + chars("Éditeur", 50, 122, 7, "Sans-Bold")
        + chars("Un texte.", 50, 131, 7, "Sans")
        + chars("Encore du texte.", 50, 140, 7, "Sans")
    )
    page = page_lines(PageContent(1, 595, 842, 0, tuple(lines), ()))
    typo = learn_typography([page])
    assert typo.title == ("Sans-Bold", 10.0, "colour")
    assert typo.publisher == ("Sans-Bold", 7.0, "dark")
    assert typo.body == ("Sans", 7.0, "dark")
    layout = lay_out(page, typo)
    [block] = layout.blocks
    assert [ln.text for ln in block.title] == ["TITRE"]
    assert [ln.text for ln in block.blurb] == ["Un texte.", "Encore du texte."]


def _card_page(
    number: int, blurb_lines: int, extra: list[Char] | None = None, folio: bool = True
) -> PageLines:
    """A page with one card (title, type line, a blurb of `blurb_lines` lines, a button under
    it, in a bold face of its own) and the page's number at its foot (unless not `folio`)."""
    lines = chars(f"TITRE {number}", 60, 200, 9, "Sans-Bold") + chars(">Guide (2019)", 60, 212)
    words = ["Des mots", "pour décrire", "la ressource", "et son usage", "dans un bourg"]
    for i in range(blurb_lines):
        lines += chars(f"{words[i]} {number}", 60, 224 + 10 * i)
    lines += chars("Voir la ressource", 60, 224 + 10 * blurb_lines + 6, 8, "Sans-Bold")
    if folio:
        lines += chars(str(number), 290, 820)
    return page_lines(PageContent(number, 595, 842, 0, tuple(lines + (extra or [])), ()))


def test_a_button_under_blurbs_of_a_few_lengths_is_no_page_furniture():
    """One card a page, its button under blurbs of two or three lines: the button comes back,
    once a page, at two places. Text of a card's size that moves with what is above it is not
    printed by the page's template."""
    pages = [_card_page(n, 2 + n % 2) for n in range(2, 10)]
    furniture = find_furniture(pages)
    buttons = [
        (page.number, i)
        for page in pages
        for i, ln in enumerate(page.lines)
        if ln.text == "Voir la ressource"
    ]
    assert len(buttons) == 8
    assert [furniture.kind(*b) for b in buttons] == [None] * 8
    assert furniture.folios == {n: n for n in range(2, 10)}


def test_display_letters_the_artwork_places_at_two_heights_are_decoration():
    pages = [
        _card_page(n, 2, chars("S", 300, 500 if n % 2 else 560, 120, "Sans-Bold"))
        for n in range(2, 10)
    ]
    furniture = find_furniture(pages)
    letters = [
        furniture.kind(page.number, i)
        for page in pages
        for i, ln in enumerate(page.lines)
        if ln.text == "S"
    ]
    assert letters == ["decoration"] * 8


def test_a_number_at_one_place_on_pages_that_print_their_folio_is_no_folio():
    """Every part's introduction prints its one table row at the same place, its number one
    past the page's own: it counts the pages too, but those pages have a folio already."""
    pages = []
    for n in range(2, 12):
        extra = chars(str(n + 1), 60, 160, 10) + chars("Un thème", 330, 160, 10) if n % 3 else []
        pages.append(_card_page(n, 2, extra))
    furniture = find_furniture(pages)
    assert furniture.folios == {n: n for n in range(2, 12)}
    rows = [
        furniture.kind(page.number, i)
        for page in pages
        for i, ln in enumerate(page.lines)
        if ln.baseline == 160 and ln.text == str(page.number + 1)
    ]
    assert rows and rows == [None] * len(rows)
    assert furniture.offset() == 0


def test_a_group_s_second_item_is_no_call_to_action():
    """Group items set in the body's style, the same two items on two pages: the second item
    stands under body-styled text each time, yet it is a type line, not a button."""
    pages = []
    for n in (1, 2):
        lines: list[Char] = []
        for k in range(3):
            y = 100 + 90 * k
            lines += chars(f"TITRE {n}{k}", 60, y, 9, "Sans-Bold") + chars(">Guide", 60, y + 12)
            lines += chars(f"Un texte {n}{k} assez long", 60, y + 24)
            lines += chars(f"et sa suite {n}{k}", 60, y + 34)
            lines += chars("Voir la ressource", 60, y + 46, 8, "Sans-Bold")
        lines += chars("Pour aller plus loin :", 60, 400, 9, "Sans-Bold")
        lines += chars(">Site web : Bellevilles", 60, 412)
        lines += chars(">Site web : Plateau Urbain", 60, 422)
        pages.append(page_lines(PageContent(n, 595, 842, 0, tuple(lines), ())))
    typo = learn_typography(pages)
    assert typo.cta_texts == {"voir la ressource"}


def _spaced(
    words: list[str], x: float, baseline: float, gap: float, size: float = 8.0
) -> list[Char]:
    """Words set with no space glyph between them, `gap` points apart."""
    out: list[Char] = []
    for word in words:
        out += chars(word, x, baseline, size)
        x += len(word) * size * 0.5 + gap
    return out


def test_a_short_line_of_short_words_without_space_glyphs_keeps_its_spaces():
    """Half the gaps of `Ô et ! les` are word spaces: no letter spacing to take off them."""
    page = PageContent(1, 595, 842, 0, tuple(_spaced(["Ô", "et", "!", "les"], 50, 100, 2.5)), ())
    assert [ln.text for ln in page_lines(page).lines] == ["Ô et ! les"]


def test_letter_spaced_text_is_read_as_words():
    """Letters 2.5 pt apart, words a space further: the words come back, the letters join."""
    letters = _spaced(list("PARTIE"), 50, 100, 2.5) + _spaced(list("UNE"), 91.5, 100, 2.5)
    page = PageContent(1, 595, 842, 0, tuple(letters), ())
    assert [ln.text for ln in page_lines(page).lines] == ["PARTIE UNE"]


def test_a_short_letter_spaced_line_of_short_words_keeps_its_spaces():
    """A title's last line, letter spaced, without space glyphs: most of its gaps are word
    spaces (`Ô  D E  !  -`), and the letter spacing is the narrowest gap, not the commonest."""
    letters: list[Char] = []
    x = 50.0
    for word in ("Ô", "DE", "!", "-"):
        letters += _spaced(list(word), x, 100, 2.5)
        x += len(word) * 6.5 + 2.5  # the word's letters and their spacing, then a space
    page = PageContent(1, 595, 842, 0, tuple(letters), ())
    assert [ln.text for ln in page_lines(page).lines] == ["Ô DE ! -"]


def test_display_letters_across_the_columns_close_no_gutter():
    """Two columns whose rows share baselines, a line of the left one ending close to the right
    one's button, and a display word drawn across both columns below: the gutter still splits
    the rows."""
    rows: list[Char] = []
    for k in range(8):
        rows += chars("texte de la colonne gauche", 40, 100 + 10 * k)
        rows += chars("texte de la colonne droite", 200, 100 + 10 * k)
    rows += chars("la fin de la ligne, longue,", 40, 190) + chars("Voir", 178, 190)
    rows += chars("ESS", 60, 600, 120, "Sans-Bold")
    rows += chars("Un titre de page qui court sur toute la largeur", 40, 60, 9)
    page = PageContent(1, 595, 842, 0, tuple(rows), ())
    texts = [ln.text for ln in page_lines(page).lines]
    assert "Voir" in texts
    assert "la fin de la ligne, longue," in texts


def test_a_footer_printing_the_cover_s_words_is_still_a_running_foot():
    """The catalogue's title, large on its cover, small at the foot of every other page."""
    pages = [
        page_lines(
            PageContent(1, 595, 842, 0, tuple(chars("Catalogue ESS", 60, 300, 24, "Sans-Bold")), ())
        )
    ]
    pages += [_card_page(n, 2, chars("Catalogue ESS", 400, 800, 7)) for n in range(2, 5)]
    furniture = find_furniture(pages)
    feet = [
        furniture.kind(page.number, i)
        for page in pages[1:]
        for i, ln in enumerate(page.lines)
        if ln.text == "Catalogue ESS"
    ]
    assert feet == ["running"] * 3


def test_display_text_on_the_only_page_of_cards_is_decoration_a_part_title_is_not():
    intro = page_lines(
        PageContent(2, 595, 842, 0, tuple(chars("Partie une", 40, 200, 28, "Sans-Bold")), ())
    )
    cards = _card_page(3, 2, chars("ESS", 60, 700, 120, "Sans-Bold"))
    furniture = find_furniture([intro, cards])
    kinds = {
        ln.text: furniture.kind(page.number, i)
        for page in (intro, cards)
        for i, ln in enumerate(page.lines)
    }
    assert kinds["ESS"] == "decoration"
    assert kinds["Partie une"] is None


def test_numbers_at_one_place_on_no_page_of_cards_are_no_folios():
    """Introductions whose table's first row, at one place, happens to print the page's own
    number; the pages of cards print none."""
    pages = []
    for n in range(2, 12):
        if n % 3 == 2:
            row = chars(f"P.{n}", 60, 160, 10) + chars("Un thème", 330, 160, 10)
            pages.append(page_lines(PageContent(n, 595, 842, 0, tuple(row), ())))
        else:
            pages.append(_card_page(n, 2, folio=False))
    furniture = find_furniture(pages)
    assert furniture.folios == {}
    assert furniture.offset() is None


def test_a_button_shaped_like_a_type_line_tells_the_body_under_one_line_blurbs():
    """Each blurb one line, the publisher set smaller and longer, and a button `> Pour accéder…`
    under every card: the body is what stands above the button."""
    lines: list[Char] = []
    for k in range(4):
        y = 100 + 60 * k
        lines += chars(f"TITRE {k}", 60, y, 9, "Sans-Bold") + chars(f">Guide (201{k})", 60, y + 11)
        lines += chars(f"Réseau national des collectivités et des acteurs {k}", 60, y + 21, 7)
        lines += chars(f"Un guide court {k}", 60, y + 31)
        lines += chars("> Pour accéder à la ressource", 66, y + 44, 8, "Sans-Bold", (1, 1, 1))
    page = page_lines(PageContent(4, 595, 842, 0, tuple(lines), ()))
    typo = learn_typography([page])
    assert typo.body == ("Sans", 8.0, "dark")
    assert typo.publisher == ("Sans", 7.0, "dark")
    assert typo.cta_texts == {"> pour accéder à la ressource"}


def test_a_publisher_set_apart_by_a_mid_grey_alone_is_told_from_the_body():
    """A greyscale edition: the publisher in the part's accent, now a mid grey, in the body's
    font and size; the body near-black."""
    mid, ink = (0.33, 0.33, 0.33), (0.16, 0.16, 0.16)
    lines: list[Char] = []
    for k in range(3):
        y = 100 + 70 * k
        lines += chars(f"TITRE {k}", 60, y, 9, "Sans-Bold") + chars(">Guide (2019)", 60, y + 12)
        lines += chars(f"Réseau des collectivités {k}", 60, y + 22, colour=mid)
        lines += chars(f"Un texte qui décrit {k}", 60, y + 32, colour=ink)
        lines += chars("et qui se poursuit ici.", 60, y + 42, colour=ink)
    page = page_lines(PageContent(4, 595, 842, 0, tuple(lines), ()))
    typo = learn_typography([page])
    assert typo.body == ("Sans", 8.0, "dark")
    assert typo.publisher == ("Sans", 8.0, "grey")
    blocks = lay_out(page, typo).blocks
    assert [[ln.text for ln in b.publisher] for b in blocks] == [
        [f"Réseau des collectivités {k}"] for k in range(3)
    ]


def test_addresses_printed_under_group_items_are_no_publisher():
    """More group items than cards, each item's address printed under it in a small grey: the
    publisher is still what cards print under their type lines."""
    grey = (0.42, 0.42, 0.42)
    lines: list[Char] = chars("Découvrez aussi :", 60, 60, 9, "Sans-Bold")
    for k in range(6):
        lines += chars(f">Site web : Réseau {k}", 66, 75 + 20 * k)
        lines += chars(f"https://example.org/{k}", 60, 84 + 20 * k, 5.6, colour=grey)
    for k in range(2):
        y = 250 + 70 * k
        lines += chars(f"TITRE {k}", 60, y, 9, "Sans-Bold") + chars(">Guide (2019)", 60, y + 12)
        lines += chars(f"Réseau des collectivités {k}", 60, y + 22, font="Sans-Oblique")
        lines += chars(f"Un texte qui décrit {k}", 60, y + 32)
        lines += chars("et qui se poursuit ici.", 60, y + 42)
    page = page_lines(PageContent(4, 595, 842, 0, tuple(lines), ()))
    typo = learn_typography([page])
    assert typo.publisher == ("Sans-Oblique", 8.0, "dark")


def _block(x: float, top: float, order: int, kind: str = "card") -> Block:
    """A card (or a group) whose one line is its type line (or item), 150 points wide and 100
    high."""
    style = Style("Sans", 8.0, INK, False, False)
    line = Line(1, ">Guide", x, top, x + 150, top + 100, top + 90, style, order=order)
    return Block("card", type_line=line) if kind == "card" else Block("group", items=[line])


def test_pages_filled_in_part_tell_how_a_design_fills_its_grid():
    """Cards written before groups (their written order tells nothing): a page of two cards and
    a group is a grid that reads either way; a page of two cards side by side, where columns
    hold two blocks, was filled across the rows."""
    full = read_order([_block(40, 100, 1), _block(40, 300, 2), _block(300, 100, 3, "group")])
    assert full.ambiguous and not full.decided
    part = read_order([_block(40, 100, 1), _block(300, 100, 2)])
    assert filled([full, part]) == "across"
    stacked = read_order([_block(40, 100, 1), _block(40, 300, 2)])
    assert filled([full, stacked]) == "down"
    assert filled([full]) is None


def _titled(x: float, top: float, title_order: int, order: int) -> Block:
    block = _block(x, top + 12, order)
    assert block.type_line is not None
    block.title = [replace(block.type_line, text="TITRE", top=top, order=title_order)]
    return block


def test_a_page_written_role_by_role_says_nothing_of_its_reading_order():
    """Every title written first, then every type line, each role in rows: the cards' written
    order is across the rows, but no card was written whole, so it does not tell."""
    by_role = read_order([_titled(40, 100, 1, 4), _titled(300, 100, 2, 5), _titled(40, 300, 3, 6)])
    assert by_role.ambiguous and not by_role.decided
    card_by_card = read_order(
        [_titled(40, 100, 1, 2), _titled(300, 100, 3, 4), _titled(40, 300, 5, 6)]
    )
    assert card_by_card.decided
    assert card_by_card.choose()[1] == "across"


def test_a_type_line_half_the_cards_share_is_no_button():
    """One card a page, two of four with the same bare year: a type line followed by its card's
    text to the page's end, not a button ending a card."""
    accent = (0.0, 0.45, 0.55)
    pages = []
    for n, (type_line, publisher) in enumerate(
        [(">1990", None), (">1990", None), (">Guide (2001)", "Réseau Cocagne"), ("> 2009", "Avise")]
    ):
        lines = chars(f"TITRE {n}", 60, 100, 7, colour=accent)
        lines += chars(type_line, 60, 110, colour=accent)
        y = 120
        if publisher is not None:
            lines += chars(publisher, 60, y, 9.5, colour=accent)
            y += 12
        for k in range(3):
            lines += chars(f"ligne {k} du texte {n}", 60, y + 10 * k)
        pages.append(page_lines(PageContent(n + 4, 595, 842, 0, tuple(lines), ())))
    typo = learn_typography(pages)
    assert typo.body == ("Sans", 8.0, "dark")
    assert typo.cta_texts == frozenset()


# -- cards: URL list pairing -------------------------------------------------------------------


def test_a_page_s_printed_addresses_are_listed_top_to_bottom():
    """Two cards and the page's addresses printed at its foot, written into the page from the
    last up: the layout lists them as they are read, the order they are paired in."""
    lines: list[Char] = []
    for k in range(2):
        y = 100 + 80 * k
        lines += chars(f"TITRE {k}", 60, y, 9, "Sans-Bold") + chars(">Guide (2019)", 60, y + 12)
        lines += chars(f"Un texte qui décrit {k}", 60, y + 22)
        lines += chars("et qui se poursuit ici.", 60, y + 32)
    foot = [chars(f"https://example.org/{k}", 60, 700 + 10 * k, 6) for k in range(3)]
    page = page_lines(PageContent(4, 595, 842, 0, tuple(lines + foot[2] + foot[1] + foot[0]), ()))
    layout = lay_out(page, learn_typography([page]))
    assert len(layout.blocks) == 2
    assert [[ln.text for ln in url] for url in layout.url_list] == [
        [f"https://example.org/{k}"] for k in range(3)
    ]


def test_url_list_split_keeps_one_sites_links_together():
    urls = [
        "https://youtube.com/watch?v=a",
        "https://youtube.com/watch?v=b",
        "https://avise.org/dossiers/x",
        "https://avise.org/sites/y",
    ]
    assert split_url_list(urls, 3) == [[0, 1], [2], [3]]


def test_url_list_split_merges_repeated_addresses():
    urls = ["https://a.org/", "https://b.org/", "https://b.org/", "https://c.org/"]
    assert split_url_list(urls, 3) == [[0], [1, 2], [3]]


def test_url_list_shorter_than_resources_leaves_the_last_without():
    assert split_url_list(["https://a.org/"], 2) == [[0], []]


# -- write -------------------------------------------------------------------------------------


@pytest.mark.parametrize("cell", ["=1+1", "+33 1", "-x", "@SUM(A1)"])
def test_formula_cells_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell


def test_plain_cells_are_untouched():
    assert neutralise("Avise – 2021") == "Avise – 2021"


def test_atomic_write_leaves_no_temporary_files(tmp_path):
    write_files({"a.txt": b"one", "b.txt": b"two"}, tmp_path)
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "b.txt"]


# -- small typeset PDFs through the whole pipeline --------------------------------------------


def extract_source(tmp_path: Path, src, links: str = "both", layout: str = "portrait-2col"):
    pdf = tmp_path / f"{layout}-{links}.pdf"
    pdf.write_bytes(typeset(src, links, layout))  # type: ignore[arg-type]
    return extract_pdf(pdf)


def test_card_without_publisher(tmp_path):
    cat = extract_source(
        tmp_path, source([[card(publisher=[]), card(title=["AUTRE"], url="https://example.org/b")]])
    )
    first = cat.resources[0]
    assert first.publisher is None
    assert first.description == "Une ressource utile pour les collectivités."
    assert cat.warnings == []


def test_title_of_seven_lines(tmp_path):
    title = ["UN", "TITRE", "SUR", "SEPT", "LIGNES", "TRÈS", "LONG"]
    cat = extract_source(tmp_path, source([[card(title=title)]]))
    assert cat.resources[0].title == "UN TITRE SUR SEPT LIGNES TRÈS LONG"


@pytest.mark.parametrize("layout", ["portrait-2col", "landscape-3col"])
def test_page_without_header_takes_its_theme_from_the_table_of_contents(tmp_path, layout):
    cat = extract_source(
        tmp_path,
        source(
            [[card()], [card(title=["DEUX"], url="https://example.org/2")]],
            themes=["Premier thème", "Second thème"],
        ),
        layout=layout,
    )
    assert [(r.page, r.theme, r.part) for r in cat.resources] == [
        (4, "Premier thème", "Comprendre l’ESS"),
        (5, "Second thème", "Comprendre l’ESS"),
    ]


def test_header_theme_is_named_as_the_table_of_contents_names_it(tmp_path):
    cat = extract_source(
        tmp_path,
        source([[card()]], header=["tiers-lieux :", "comment faire ?"], themes=["Tiers-Lieux"]),
    )
    assert cat.resources[0].theme == "Tiers-Lieux"


@pytest.mark.parametrize("links", ["both", "annotations", "text"])
def test_link_on_a_blurb_line(tmp_path, links):
    c = card(
        blurb=["Voir la vidéo", "et la seconde"],
        url="https://example.org/cta",
        blurb_links={1: "https://example.org/video"},
    )
    cat = extract_source(
        tmp_path, source([[c, card(title=["AUTRE"], url="https://other.net/x")]]), links
    )
    assert cat.resources[0].links == ["https://example.org/cta", "https://example.org/video"]
    assert cat.resources[1].links == ["https://other.net/x"]


def test_group_gives_one_resource_per_item(tmp_path):
    blocks: list[Card | Group] = [card(), group("Contactez une foncière :", ["Alpha", "Beta"])]
    cat = extract_source(tmp_path, source([blocks]))
    items = [(r.title, r.resource_type, r.group, r.url) for r in cat.resources[1:]]
    assert items == [
        ("Alpha", "Site web", "Contactez une foncière", "https://example.org/alpha"),
        ("Beta", "Site web", "Contactez une foncière", "https://example.org/beta"),
    ]


def test_resource_without_link_is_warned_with_its_place(tmp_path):
    c = card().model_copy(update={"links": []})
    cat = extract_source(tmp_path, source([[c]]).model_copy(), "annotations")
    [warning] = [w for w in cat.warnings if w.code == "resource-without-link"]
    assert warning.page == 4 and warning.bbox is not None and warning.card_id == "un-guide"


def test_printed_list_disagreeing_with_annotations_is_warned(tmp_path):
    src = source([[card(url="https://example.org/annotated")]])
    page = src.pages[0].model_copy(update={"trailing_urls": ["https://example.org/printed"]})
    cat = extract_source(tmp_path, src.model_copy(update={"pages": [page]}), "both")
    assert cat.resources[0].links == ["https://example.org/annotated"]
    [warning] = cat.warnings
    assert warning.code == "link-list-mismatch" and warning.page == 4
    assert "https://example.org/printed" in warning.message


def test_link_outside_every_resource_is_warned():
    from extract.cards.resources import read_resources
    from extract.document import LinkAnnotation
    from extract.layout.lines import Line, Style
    from extract.layout.page import Block, PageLayout
    from extract.layout.toc import Contents

    style = Style("Sans", 8.0, INK, False, False)

    def line(text: str, top: float) -> Line:
        return Line(4, text, 100, top, 200, top + 9, top + 8, style)

    block = Block(
        "card",
        title=[line("TITRE", 100)],
        type_line=line(">Guide", 110),
        blurb=[line("Un texte.", 120)],
    )
    far = LinkAnnotation("https://example.org/far", 400, 700, 450, 710)
    near = LinkAnnotation("https://example.org/near", 100, 118, 150, 128)
    layout = PageLayout(4, 595, 842, "content", blocks=[block], links=(near, far))
    reading = read_resources([layout], Contents([], 0, "none", []), body_size=8.0)
    assert [link.url for link in reading.drafts[0].links] == ["https://example.org/near"]
    outside = [n for n in reading.notes if n.code == "link-outside-resource"]
    assert len(outside) == 1 and outside[0].box == (400, 700, 450, 710)


def test_doubtful_cards_come_out_with_located_warnings(tmp_path):
    blocks: list[Card | Group] = [
        card(title=["GUIDE"], type_line=">Guide (20x9)", url="https://example.org/1"),
        card(title=["GUIDE"], type_line=">Guide (1492)", url="https://example.org/2"),
        card(title=[], url="https://example.org/3"),
    ]
    src = source([blocks], themes=["Foncier"])
    cat = extract_source(tmp_path, src)
    # What was read is what the source gives, by the reference's own rules.
    assert [r.record() for r in cat.resources] == expected_records(src)
    first, second, untitled = cat.resources
    assert (first.resource_type, first.year) == ("Guide (20x9)", None)
    assert (second.card_id, second.resource_type, second.year) == ("guide-2", "Guide", None)
    assert untitled.title == "" and untitled.url == "https://example.org/3"
    assert untitled.card_id == "resource"
    codes = {(w.code, w.card_id) for w in cat.warnings}
    assert codes == {
        ("unparseable-type-line", "guide"),
        ("year-out-of-range", "guide-2"),
        ("duplicate-card-id", "guide-2"),
        ("empty-title", "resource"),
    }
    assert all(w.page == 4 and w.bbox is not None for w in cat.warnings)


# -- publishers told from descriptions ---------------------------------------------------------


def _cards_page(
    publisher_lines: int, blurb_lines: int, *, first_unnamed: bool = False, buttons: bool = False
) -> PageLines:
    """Four cards: a publisher of `publisher_lines` lines (none in the first card when
    `first_unnamed`), a blurb of `blurb_lines` lines, and a button under it when `buttons`."""
    cards = [
        (
            [f"Éditeur {k} réseau {i}" for i in range(publisher_lines)]
            if not (first_unnamed and k == 0)
            else [],
            [f"Une description {k} qui court, ligne {i}" for i in range(blurb_lines)],
        )
        for k in range(4)
    ]
    return card_column(1, cards, step=170, buttons=buttons)


@pytest.mark.parametrize(
    ("publisher_lines", "blurb_lines"), [(2, 3), (3, 4), (2, 2)], ids=["3-2", "4-3", "2-2"]
)
def test_publishers_told_from_descriptions_by_length_alone_is_said(publisher_lines, blurb_lines):
    """Every card names a publisher, nothing closes the description, and the description runs
    to less than twice the publisher's lines: which is which rests on their lengths alone."""
    typo = learn_typography([_cards_page(publisher_lines, blurb_lines)])
    assert typo.roles_doubt is not None
    assert "Sans-Oblique 7 pt" in typo.roles_doubt


@pytest.mark.parametrize(
    "page",
    [
        _cards_page(1, 3),  # a description three times a name's length
        _cards_page(2, 3, first_unnamed=True),  # a card that names no publisher
        _cards_page(2, 3, buttons=True),  # a button closing each description
    ],
    ids=["lengths-apart", "one-card-unnamed", "buttons-close-descriptions"],
)
def test_publishers_told_from_descriptions_by_the_cards_are_no_doubt(page):
    typo = learn_typography([page])
    assert typo.roles_doubt is None
    assert typo.body is not None and typo.body[0] == "Sans"
    assert typo.publisher is not None and typo.publisher[0] == "Sans-Oblique"


def _cards_with_buttons(button_font: str, heading: bool = False) -> PageLines:
    """Four cards (title, type line, publisher in italic, a blurb of three lines) whose button
    is set a little apart under the blurb in `button_font`, at the blurb's size."""
    out = chars("Mobilité : comment se déplacer ?", 60, 40, 14, "Sans-Bold") if heading else []
    for k in range(4):
        y = 80 + 150 * k
        out += chars(f"TITRE NUMÉRO {k}", 60, y, 9, "Sans-Bold")
        out += chars(">Guide (2020)", 60, y + 12)
        out += chars(f"Éditeur {k}", 60, y + 24, 8, "Sans-Oblique")
        for i in range(3):
            out += chars(f"Une description {k} qui court, ligne {i}", 60, y + 36 + 10 * i)
        out += chars("Voir la ressource", 60, y + 74, 8, button_font)
    return page_lines(PageContent(1, 595, 842, 0, tuple(out), ()))


@pytest.mark.parametrize("button_font", ["Sans", "Sans-Bold"], ids=["body-face", "own-face"])
def test_a_button_in_the_body_s_own_face_is_told_by_its_words(button_font):
    """Every card closes with the same words: in a face of their own, or in the body's, they are
    the button, and the blurbs above them stay blurbs."""
    page = _cards_with_buttons(button_font)
    typo = learn_typography([page])
    layout = lay_out(page, typo)
    assert len(layout.blocks) == 4 and not layout.header and not layout.unassigned
    assert typo.body is not None and typo.body[0] == "Sans"
    for block in layout.blocks:
        assert block.blurb[0].text.startswith("Une description")
        assert "Voir la ressource" not in [ln.text for ln in block.blurb]


def test_cards_that_cannot_be_read_are_said_not_taken_for_a_header():
    """Read with a typography that takes every line of the body's face for a button (a design
    misread), no card comes out: the page's own heading is its header, and every type line
    under it is text outside any resource, said as such."""
    page = _cards_with_buttons("Sans", heading=True)
    misread = Typography(
        body=("Sans-Oblique", 8.0, "dark"),
        title=None,
        publisher=None,
        calls=Calls(frozenset(), ("Sans", 8.0, "dark")),
    )
    layout = lay_out(page, misread)
    assert not layout.blocks
    first_type_line = min(ln.top for ln in page.lines if ln.text.startswith(">"))
    assert all(ln.bottom <= first_type_line for ln in layout.header)
    said = [ln.text for ln in layout.unassigned]
    assert said.count(">Guide (2020)") == 4
