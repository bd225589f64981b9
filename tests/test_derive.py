"""The 2022 sample edition: derived from the 2021 source by the documented edits, consistently."""

from __future__ import annotations

import re
from collections.abc import Mapping
from functools import cache

import pytest

from samples.derive import (
    AddPage,
    EditError,
    Edits,
    card_title,
    derive,
    dump,
    load_edits,
    main,
)
from samples.expected import page_theme, records
from samples.source import Card, Group, Source, load
from samples.typeset import typeset
from tests.conftest import SAMPLES

EDITS = SAMPLES / "edits-2022.json"
SOURCE_2022 = SAMPLES / "ess-pvd-2022.source.json"


@cache
def source_2021() -> Source:
    return load(SAMPLES / "ess-pvd-2021.source.json")


@cache
def derived() -> Source:
    return derive(source_2021(), load_edits(EDITS).edits)


def edits(*items: Mapping[str, object]) -> list:  # type: ignore[type-arg]
    data = {"format": "catalogue-edits/1", "description": "test", "edits": list(items)}
    return list(Edits.model_validate(data).edits)


def test_committed_source_is_what_the_edits_give_now():
    assert SOURCE_2022.read_text(encoding="utf-8") == dump(derived()), (
        "run `python -m samples.derive samples/ess-pvd-2021.source.json samples/edits-2022.json "
        "-o samples/ess-pvd-2022.source.json` and review the diff"
    )


def test_committed_pdf_is_what_the_generator_makes_now():
    assert (SAMPLES / "ess-pvd-2022.pdf").read_bytes() == typeset(load(SOURCE_2022))


def test_no_edits_change_nothing():
    assert derive(source_2021(), []) == source_2021()
    assert dump(source_2021()) == (SAMPLES / "ess-pvd-2021.source.json").read_text(encoding="utf-8")


def test_every_page_number_is_renumbered_consistently():
    new = derived()
    numbered = sorted([p.page for p in new.pages] + [p.intro_page for p in new.parts])
    assert numbered == list(range(3, new.page_count()))
    assert new.page_count() == source_2021().page_count() + 1
    pages = {p.page: p for p in new.pages}
    for part in new.parts:
        for entry in part.toc:
            assert pages[entry.page].theme == entry.label
            assert re.match(rf"P\.?\s*{entry.page}\s", entry.lines[0]), entry.lines[0]
    for page in new.pages:
        if page.page_label is not None:
            assert page.page_label.strip() == str(page.page)


def test_every_page_lists_its_links_in_order():
    for page in derived().pages:
        urls = []
        for block in page.blocks:
            links = (
                block.links
                if isinstance(block, Card)
                else [link for item in block.items for link in item.links]
            )
            urls += [link.url for link in links]
        assert page.trailing_urls == urls, page.page


def test_themes_read_from_the_new_edition_follow_the_table_of_contents():
    new = derived()
    parts = {p.number: p for p in new.parts}
    themes = {page_theme(p, parts[p.part]) for p in new.pages}
    assert "Mobilités" in themes and "Mobilité" not in themes


def test_the_new_edition_has_the_documented_number_of_resources():
    kinds = [e.kind for e in load_edits(EDITS).edits]
    cards = sum(len(e.values.cards) for e in load_edits(EDITS).edits if isinstance(e, AddPage))
    expected = len(records(source_2021())) - kinds.count("remove_card") + kinds.count("add_card")
    assert len(records(derived())) == expected + cards
    assert derived().edition.year == 2022


def test_the_edit_list_is_documented_and_added_links_are_fictional():
    listed = load_edits(EDITS)
    assert all(e.note.strip() and "\n" not in e.note for e in listed.edits)
    old_urls = {u for p in source_2021().pages for u in p.trailing_urls}
    new_urls = {u for p in derived().pages for u in p.trailing_urls}
    assert all(u.startswith("https://example.org/") for u in new_urls - old_urls)


def test_an_inserted_page_shifts_later_pages_only():
    new = derive(
        source_2021(),
        edits(
            {
                "kind": "add_page",
                "target": {"page": 30},
                "note": "n",
                "values": {"cards": [_card("NOUVELLE RESSOURCE")]},
            }
        ),
    )
    pages = {p.page: p for p in new.pages}
    assert [card_title(b) for b in pages[31].blocks if isinstance(b, Card)] == [
        "NOUVELLE RESSOURCE"
    ]
    assert pages[31].theme == pages[30].theme
    assert pages[29] == next(p for p in source_2021().pages if p.page == 29)
    assert [p.intro_page for p in new.parts] == [3, 8, 27, 36]


def test_a_moved_card_keeps_its_content():
    title = "ESS & ÉDUCATION"
    new = derive(
        source_2021(),
        edits(
            {
                "kind": "move_card",
                "target": {"title": title},
                "values": {"page": 38, "position": 0},
                "note": "n",
            }
        ),
    )
    page = next(p for p in new.pages if p.page == 38)
    moved = page.blocks[0]
    assert isinstance(moved, Card) and card_title(moved) == title
    assert page.trailing_urls[0] == moved.links[0].url


def _card(title: str) -> dict[str, object]:
    return {
        "title_lines": [title],
        "type_line": ">Guide (2022)",
        "publisher_lines": ["Exemple"],
        "blurb_lines": ["Une ligne."],
        "cta_line": ">> Pour accéder à la ressource",
        "links": [{"url": "https://example.org/x", "on": "cta"}],
    }


@pytest.mark.parametrize(
    ("edit", "problem"),
    [
        ({"kind": "remove_card", "target": {"title": "NO SUCH CARD"}}, "no card is titled"),
        (
            {
                "kind": "change_year",
                "target": {"title": "ÉDUCATION"},
                "values": {"type_line": ">Guide (2020)"},
            },
            "must change the year only",
        ),
        (
            {
                "kind": "change_type",
                "target": {"title": "ESS & ÉDUCATION"},
                "values": {"type_line": ">Dossier (2020)"},
            },
            "must change the type only",
        ),
        (
            {
                "kind": "change_publisher",
                "target": {"title": "ÉDUCATION"},
                "values": {"publisher_lines": ["Avise"]},
            },
            "changes nothing",
        ),
        (
            {
                "kind": "move_url",
                "target": {"title": "ÉDUCATION"},
                "values": {"old_url": "https://example.org/a", "new_url": "https://example.org/b"},
            },
            "has no link to",
        ),
        ({"kind": "add_card", "target": {"page": 2}, "values": _card("X")}, "not a content page"),
        (
            {"kind": "add_card", "target": {"page": 4, "position": 9}, "values": _card("X")},
            "no position 9",
        ),
    ],
)
def test_edits_that_do_not_apply_are_refused(edit, problem):
    with pytest.raises(EditError, match=problem):
        derive(source_2021(), edits(edit | {"note": "n"}))


def test_a_card_removed_twice_is_refused():
    remove = {"kind": "remove_card", "target": {"title": "ÉDUCATION"}, "note": "n"}
    with pytest.raises(EditError, match=r"edit 2 \(remove_card\): .*removed by an earlier edit"):
        derive(source_2021(), edits(remove, remove))


def test_a_page_emptied_by_the_edits_is_refused():
    page = next(p for p in source_2021().pages if p.page == 32)
    (only,) = page.blocks
    assert isinstance(only, Card) and not isinstance(only, Group)
    remove = {"kind": "remove_card", "target": {"title": card_title(only)}, "note": "n"}
    with pytest.raises(EditError, match="page 32 is left without any block"):
        derive(source_2021(), edits(remove))


def test_command_writes_the_source_and_reports_bad_edits(tmp_path, capsys):
    out = tmp_path / "new.json"
    assert main([str(SAMPLES / "ess-pvd-2021.source.json"), str(EDITS), "-o", str(out)]) == 0
    assert out.read_text(encoding="utf-8") == dump(derived())
    bad = tmp_path / "bad.json"
    bad.write_text(
        '{"format": "catalogue-edits/1", "description": "", "edits": [{"kind": "x"}]}',
        encoding="utf-8",
    )
    assert main([str(SAMPLES / "ess-pvd-2021.source.json"), str(bad), "-o", str(out)]) == 2
    assert capsys.readouterr().err.startswith("samples.derive: ")
