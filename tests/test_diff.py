"""`catalogue diff`: pairing, classification, the three outputs, the command, and properties."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping, Sequence
from functools import cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from extract.cli import main
from extract.diff.compare import compare, compare_catalogues, title_similarity
from extract.diff.model import Changes
from extract.diff.report import changes_csv, changes_json, markdown, word_diff
from samples.derive import (
    AddCard,
    AddPage,
    ChangePublisher,
    ChangeType,
    ChangeYear,
    Edit,
    EditBlurb,
    Edition,
    MoveCard,
    MoveUrl,
    RemoveCard,
    RenameTheme,
    Retitle,
    card_title,
    derive,
    load_edits,
)
from samples.expected import join_lines, page_theme, parse_type_line, records
from samples.source import Card, Source, load
from schemas.models import Catalogue
from tests.conftest import ROOT, SAMPLES, examples
from tests.diff_strategies import (
    ADDED_TITLES,
    THRESHOLD,
    Key,
    catalogue_of,
    changes_by_id,
    edited,
    full,
    plain,
    retitled,
    similarity,
)

EDITS = SAMPLES / "edits-2022.json"
PDFS = (SAMPLES / "ess-pvd-2021.pdf", SAMPLES / "ess-pvd-2022.pdf")


@cache
def source_2021() -> Source:
    return load(SAMPLES / "ess-pvd-2021.source.json")


@cache
def source_2022() -> Source:
    return derive(source_2021(), load_edits(EDITS).edits)


@cache
def base() -> tuple[dict[str, object], ...]:
    return tuple(plain(records(source_2021())))


def new_records() -> list[dict[str, object]]:
    return plain(records(source_2022()))


# ---------------------------------------------------------------------------------------------
# The two sample editions: the diff finds exactly the documented edits.


def _cards(source: Source) -> dict[str, tuple[int, Card]]:
    return {
        card_title(b): (page.page, b)
        for page in source.pages
        for b in page.blocks
        if isinstance(b, Card)
    }


def _type_fields(old: str, new: str) -> set[str]:
    before, after = parse_type_line(old), parse_type_line(new)
    assert before is not None and after is not None
    names = ("resource_type", "year", "year_end")
    return {f for f, a, b in zip(names, before, after, strict=True) if a != b}


def documented_changes(old: Source, edits: Sequence[Edit]) -> set[Key]:
    """The changes each documented edit must show, keyed by the resources' titles."""
    cards = _cards(old)
    pages = {p.page: p for p in old.pages}
    parts = {p.number: p for p in old.parts}
    inserted_after = [e.target.page for e in edits if isinstance(e, AddPage)]

    def renumbered(page: int) -> int:
        return page + sum(1 for after in inserted_after if after < page)

    def place(page: int) -> tuple[str | None, str | None]:
        part = parts[pages[page].part]
        return part.title, page_theme(pages[page], part)

    out: set[Key] = set()
    for edit in edits:
        if isinstance(edit, Edition):
            continue
        if isinstance(edit, AddCard | AddPage):
            added = [edit.values] if isinstance(edit, AddCard) else edit.values.cards
            out |= {("added", join_lines(c.title_lines)) for c in added}
            continue
        if isinstance(edit, RenameTheme):
            out.add(("renamed", "theme", place(edit.target.page)[1], edit.values.theme))
            continue
        page, card = cards[edit.target.title]
        title = join_lines(card.title_lines)
        if isinstance(edit, RemoveCard):
            out.add(("removed", title))
        elif isinstance(edit, MoveCard):
            (part, theme), (to_part, to_theme) = place(page), place(edit.values.page)
            moved = {"part": part != to_part, "theme": theme != to_theme}
            moved["page"] = page != renumbered(edit.values.page)
            out |= {("moved", title, f) for f, changed in moved.items() if changed}
        else:
            out |= {("modified", title, f) for f in _edit_fields(edit, card)}
    return out


def _edit_fields(edit: Edit, card: Card) -> set[str]:
    if isinstance(edit, Retitle):
        return {"title"}
    if isinstance(edit, ChangeYear | ChangeType):
        return _type_fields(card.type_line, edit.values.type_line)
    if isinstance(edit, ChangePublisher):
        return {"publisher"}
    if isinstance(edit, EditBlurb):
        return {"description"}
    if isinstance(edit, MoveUrl):
        first = card.links[0].url == edit.values.old_url
        return {"links", "url"} if first else {"links"}
    raise AssertionError(f"no expectation for {edit!r}")


def changes_by_title(changes: Changes, old: Sequence[Mapping[str, object]]) -> set[Key]:
    """What the diff found, keyed by the resources' titles (the old title for paired ones)."""
    titles = {r["card_id"]: r["title"] for r in old}
    out: set[Key] = {("renamed", r.field, r.old, r.new) for r in changes.renamed}
    out |= {("removed", r["title"]) for r in changes.removed}
    out |= {("added", r["title"]) for r in changes.added}
    for kind, group in (("modified", changes.modified), ("moved", changes.moved)):
        out |= {(kind, titles[c.old_card_id], f.field) for c in group for f in c.fields}
    return out


def test_the_sample_editions_differ_by_exactly_the_documented_edits():
    changes = compare(list(base()), new_records())
    expected = documented_changes(source_2021(), load_edits(EDITS).edits)
    assert changes_by_title(changes, list(base())) == expected


def test_the_sample_edits_exercise_every_pairing_step_and_every_kind():
    changes = compare(list(base()), new_records())
    assert {c.matched_by for c in changes.modified} == {"card_id", "url", "title"}
    s = changes.summary
    assert min(s.added, s.removed, s.modified, s.moved, s.renamed) > 0
    kinds = {e.kind for e in load_edits(EDITS).edits}
    assert kinds >= {
        "remove_card",
        "add_card",
        "add_page",
        "retitle",
        "change_year",
        "change_type",
        "change_publisher",
        "edit_blurb",
        "move_url",
        "move_card",
        "rename_theme",
    }


def test_a_renamed_theme_is_reported_once_and_its_resources_stay_put():
    changes = compare(list(base()), new_records())
    assert [(r.old, r.new) for r in changes.renamed] == [("Mobilité", "Mobilités")]
    assert all(f.old != "Mobilité" for c in changes.moved for f in c.fields)


def test_pages_shifted_by_the_inserted_page_are_not_changes():
    old, new = list(base()), new_records()
    new_pages = {r["card_id"]: r["page"] for r in new}
    shifted = {r["card_id"] for r in old if new_pages.get(r["card_id"], r["page"]) != r["page"]}
    moved = {c.card_id for c in compare(old, new).moved}
    assert len(shifted) > 50
    assert shifted & moved == {"les-tiers-lieux-nourriciers", "initiatives-innovantes-et-habitat"}


@pytest.fixture(scope="module")
def extracted():
    from extract.pipeline import extract_pdf

    return tuple(extract_pdf(pdf) for pdf in PDFS)


def test_the_extracted_sample_pdfs_differ_by_exactly_the_documented_edits(extracted):
    old, new = extracted
    changes = compare_catalogues(old, new)
    expected = documented_changes(source_2021(), load_edits(EDITS).edits)
    assert changes_by_title(changes, [r.record() for r in old.resources]) == expected


def test_committed_diff_output_is_what_the_diff_gives_now(tmp_path):
    committed = ROOT / "output" / "diff-2021-2022"
    inputs = [ROOT / "output" / "ess-pvd-2021", ROOT / "output" / "ess-pvd-2022"]
    if not committed.is_dir() or not all((i / "catalogue.json").is_file() for i in inputs):
        pytest.skip("the sample extractions and their diff are not in output/ yet (make diff)")
    assert run(["diff", *map(str, inputs), "-o", str(tmp_path), "-q"]) == 1
    for name in ("changes.md", "changes.json", "changes.csv"):
        assert (tmp_path / name).read_bytes() == (committed / name).read_bytes(), name


def test_an_extraction_made_before_resource_kind_existed_reads_and_diffs_alike(tmp_path):
    data = json.loads((ROOT / "output" / "ess-pvd-2022" / "catalogue.json").read_bytes())
    for resource in data["resources"]:
        del resource["resource_kind"]
    before = tmp_path / "catalogue.json"
    before.write_text(json.dumps(data), encoding="utf-8")
    old = Catalogue.model_validate_json(before.read_bytes())
    assert {r.resource_kind for r in old.resources} == {None}
    assert run(["diff", str(ROOT / "output" / "ess-pvd-2022"), str(before), "-q"]) == 0


# ---------------------------------------------------------------------------------------------
# Pairing and classification on small cases.


def test_a_reworded_title_with_a_new_address_pairs_by_title():
    old = list(base())
    new = [dict(r) for r in old]
    i = next(k for k, r in enumerate(old) if r["title"] == "VERS LA RÉSILIENCE ALIMENTAIRE")
    new[i] |= {
        "card_id": "vers-la-resilience-alimentaire-locale",
        "title": "VERS LA RÉSILIENCE ALIMENTAIRE LOCALE",
        "url": "https://example.org/w",
        "links": ["https://example.org/w"],
    }
    changes = compare(old, new)
    assert [(c.matched_by, [f.field for f in c.fields]) for c in changes.modified] == [
        ("title", ["title", "url", "links"])
    ]
    assert compare(old, new, threshold=95).summary.added == 1


def test_titles_below_the_threshold_are_added_and_removed():
    old = [dict(r) for r in base()[:3]]
    new = [dict(r) for r in old]
    new[0] |= {
        "card_id": "x",
        "title": "UN TOUT AUTRE TITRE",
        "url": "https://example.org/x",
        "links": ["https://example.org/x"],
    }
    assert similarity(str(old[0]["title"]), "UN TOUT AUTRE TITRE") < THRESHOLD
    changes = compare(old, new)
    assert (changes.summary.added, changes.summary.removed, changes.summary.unchanged) == (1, 1, 2)


def _retitle_one(old_title: str, new_title: str, threshold: float = THRESHOLD) -> Changes:
    """Three resources, the first given a new title, card_id and address at once: only the title
    step can pair it with its old self."""
    old = [dict(r) for r in base()[:3]]
    new = [dict(r) for r in old]
    for records_, title, name in ((old, old_title, "ancien"), (new, new_title, "nouveau")):
        url = f"https://example.org/{name}"
        records_[0] |= {"card_id": name, "title": title, "url": url, "links": [url]}
    return compare(old, new, threshold=threshold)


@pytest.mark.parametrize(
    ("old", "new", "score", "paired"),
    [
        # Case changed (and a word added, so that the card_id changes too).
        ("VERS LA RÉSILIENCE ALIMENTAIRE", "Vers la résilience alimentaire locale", 89.552, True),
        ("L’ESS EN RÉGION", "l’ess en région pilote", 81.081, True),
        # Words reordered: sorted before they are compared.
        (
            "GUIDE DE LA MOBILITÉ RURALE ET SOLIDAIRE",
            "MOBILITÉ RURALE ET SOLIDAIRE : LE GUIDE",
            93.506,
            True,
        ),
        ("LES TIERS-LIEUX", "Tiers-lieux : les", 100.0, True),
        # Accents dropped, punctuation changed.
        (
            "ÉTUDE SUR L’ÉCONOMIE DES ÉCOLES ÉLÉMENTAIRES",
            "ETUDE SUR L'ECONOMIE DES ECOLES ELEMENTAIRES RURALES",
            91.667,
            True,
        ),
        # Around the threshold, 80: reached exactly, just above, just below.
        ("RUBRIQUE « ESS »", "RUBRIQUE « ESS » GUIDE", 80.0, True),
        ("VERS LA RÉSILIENCE ALIMENTAIRE", "LA RÉSILIENCE ALIMENTAIRE LOCALE", 80.645, True),
        ("VERS LA RÉSILIENCE ALIMENTAIRE", "LA RÉSILIENCE ALIMENTAIRE EN 2022", 79.365, False),
        ("LA MOBILITÉ INCLUSIVE", "LA MOBILITÉ INCLUSIVE ET DURABLE", 79.245, False),
    ],
)
def test_a_title_pairs_by_its_words_whatever_their_case_order_and_accents(old, new, score, paired):
    assert title_similarity(old, new) == pytest.approx(score, abs=1e-3)
    assert title_similarity(new, old) == pytest.approx(score, abs=1e-3)
    for a, b in ((old, new), (new, old)):
        changes = _retitle_one(a, b)
        if paired:
            assert [(c.matched_by, [f.field for f in c.fields]) for c in changes.modified] == [
                ("title", ["title", "url", "links"])
            ]
            assert (changes.summary.added, changes.summary.removed) == (0, 0)
        else:
            assert not changes.modified
            assert [r["card_id"] for r in changes.added] == ["nouveau"]
            assert [r["card_id"] for r in changes.removed] == ["ancien"]


@pytest.mark.parametrize(
    ("old", "new", "threshold", "paired"),
    [
        ("RUBRIQUE « ESS »", "RUBRIQUE « ESS » GUIDE", 80.0, True),
        ("RUBRIQUE « ESS »", "RUBRIQUE « ESS » GUIDE", 80.01, False),
        ("VERS LA RÉSILIENCE ALIMENTAIRE", "LA RÉSILIENCE ALIMENTAIRE EN 2022", 79.0, True),
    ],
)
def test_the_threshold_is_inclusive_and_can_be_moved(old, new, threshold, paired):
    assert (_retitle_one(old, new, threshold).summary.modified == 1) == paired


def test_repeated_card_ids_do_not_pair_two_resources_with_one():
    record = dict(base()[0])
    twin = dict(record, url="https://example.org/twin", links=["https://example.org/twin"])
    changes = compare([record, twin], [record])
    assert (changes.summary.removed, changes.summary.unchanged) == (1, 1)
    assert changes.removed[0]["url"] == "https://example.org/twin"


def test_a_move_to_another_theme_reports_theme_part_and_page():
    old = list(base())
    new = [dict(r) for r in old]
    dest = next(r for r in old if r["part"] != old[0]["part"])
    new[0] |= {"part": dest["part"], "theme": dest["theme"], "page": dest["page"]}
    changes = compare(old, new)
    assert [f.field for c in changes.moved for f in c.fields] == ["part", "theme", "page"]
    assert not changes.modified


def test_exit_status_and_no_change_report():
    same = compare(list(base()), list(base()))
    assert not same.has_changes()
    assert "No changes." in markdown(same)


# ---------------------------------------------------------------------------------------------
# Outputs.


def test_word_diff_highlights_only_the_edited_words():
    assert word_diff("Alors que le système peine", "Face au système qui peine") == (
        "~~Alors que le~~ **Face au** système **qui** peine"
    )
    long = " ".join(f"w{i}" for i in range(40))
    shown = word_diff(long, long.replace("w20", "X"))
    assert "~~w20~~ **X**" in shown and "w0 " not in shown and "…" in shown


def test_word_diff_escapes_markdown():
    assert word_diff("a *b*", "a _b_") == r"a ~~\*b\*~~ **\_b\_**"


def test_report_gives_the_counts_first_then_a_section_per_kind():
    text = markdown(compare(list(base()), new_records()))
    summary = text.index("| Added | 3 |")
    sections = [
        text.index(f"## {s} (") for s in ("Renamed", "Added", "Removed", "Modified", "Moved")
    ]
    assert summary < sections[0] and sections == sorted(sections)
    assert "VERS LA RÉSILIENCE ALIMENTAIRE **LOCALE**" in text
    assert "Theme **Mobilité** → **Mobilités** (6 resources)" in text


def test_csv_has_one_row_per_changed_field():
    changes = compare(list(base()), new_records())
    rows = list(csv.DictReader(io.StringIO(changes_csv(changes))))
    assert list(rows[0]) == ["card_id", "kind", "field", "old", "new"]
    fields = sum(len(c.fields) for c in changes.modified + changes.moved)
    assert sum(r["kind"] in ("modified", "moved") for r in rows) == fields
    year = next(r for r in rows if r["field"] == "year" and r["kind"] == "modified")
    assert (year["card_id"], year["old"], year["new"]) == (
        "choisir-la-forme-juridique-adaptee-a-son-projet",
        "2016",
        "2022",
    )
    assert ["", "renamed", "theme", "Mobilité", "Mobilités"] in [list(r.values()) for r in rows]


def test_json_round_trips():
    changes = compare(list(base()), new_records())
    assert Changes.model_validate_json(changes_json(changes)) == changes


# ---------------------------------------------------------------------------------------------
# The command.


def run(argv: list[str]) -> int:
    """The command as a user runs it, through its error boundary."""
    return main(argv)


@pytest.fixture
def editions(tmp_path):
    old, new = tmp_path / "old", tmp_path / "new"
    for folder, recs, name in (
        (old, base(), "ess-pvd-2021.pdf"),
        (new, new_records(), "ess-pvd-2022.pdf"),
    ):
        folder.mkdir()
        (folder / "catalogue.json").write_text(
            catalogue_of(recs, name).model_dump_json(indent=1), encoding="utf-8"
        )
    return old, new


def test_command_writes_three_files_deterministically(editions, tmp_path, capsys):
    old, new = editions
    out = tmp_path / "out"
    assert run(["diff", str(old), str(new), "-o", str(out)]) == 1
    first = {p.name: p.read_bytes() for p in out.iterdir()}
    assert sorted(first) == ["changes.csv", "changes.json", "changes.md"]
    assert run(["diff", str(old / "catalogue.json"), str(new), "-o", str(out)]) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == first
    assert "3 added, 3 removed" in capsys.readouterr().out
    assert json.loads(first["changes.json"])["old"]["source_file"] == "ess-pvd-2021.pdf"


def test_command_prints_the_report_and_exits_0_without_changes(editions, capsys):
    old, _ = editions
    assert run(["diff", str(old), str(old)]) == 0
    assert "No changes." in capsys.readouterr().out
    assert run(["diff", str(old), str(old), "--format", "json", "-q"]) == 0
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        (None, "no such file or folder"),
        ("{}", "not an extracted catalogue.json"),
        ("not json", "not an extracted catalogue.json"),
    ],
)
def test_command_exits_2_with_one_line_on_bad_input(editions, tmp_path, capsys, content, problem):
    old, _ = editions
    bad = tmp_path / "bad.json"
    if content is not None:
        bad.write_text(content, encoding="utf-8")
    assert run(["diff", str(old), str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"catalogue: {bad}: {problem}") and err.count("\n") == 1


@pytest.mark.parametrize(
    ("card_ids", "problem"),
    [
        (
            ["vers-la-resilience", "vers-la-resilience"],
            "card_id 'vers-la-resilience' names two resources (resources.0 and resources.1)",
        ),
        (["../../x", "b"], "resources.0.card_id: String should match pattern"),
        (["a/b", "b"], "resources.0.card_id: String should match pattern"),
        (["..", "b"], "resources.0.card_id: String should match pattern"),
    ],
    ids=["repeated", "a path up", "a path down", "dots"],
)
def test_card_ids_that_repeat_or_look_like_paths_are_refused(
    editions, tmp_path, capsys, card_ids, problem
):
    """Two resources with one card_id would pair as one; an id that looks like a path is no
    slug: neither is an extraction, and the diff says so rather than "no changes"."""
    old, _ = editions
    data = json.loads((old / "catalogue.json").read_text(encoding="utf-8"))
    for resource, card_id in zip(data["resources"], card_ids, strict=False):
        resource["card_id"] = card_id
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(data), encoding="utf-8")
    for argv in (["diff", str(bad), str(bad)], ["diff", str(old), str(bad)]):
        assert run(argv) == 2
        err = capsys.readouterr().err
        assert err.startswith(f"catalogue: {bad}: not an extracted catalogue.json ({problem}")
        assert err.count("\n") == 1


def test_command_exits_2_on_a_folder_without_catalogue(tmp_path, capsys):
    assert run(["diff", str(tmp_path), str(tmp_path)]) == 2
    assert "no catalogue.json in this folder" in capsys.readouterr().err


def test_command_exits_2_when_the_output_cannot_be_written(editions, tmp_path, capsys):
    old, new = editions
    blocker = tmp_path / "file"
    blocker.write_text("", encoding="utf-8")
    assert run(["diff", str(old), str(new), "-o", str(blocker / "sub")]) == 2
    assert "cannot create the output folder" in capsys.readouterr().err


def test_command_extracts_pdf_inputs(monkeypatch, tmp_path):
    import extract.pipeline
    from extract.errors import Encrypted, ExitCode

    given_ = {
        PDFS[0]: catalogue_of(base(), PDFS[0].name),
        PDFS[1]: catalogue_of(new_records(), PDFS[1].name),
    }
    seen: list[str | None] = []

    def fake(path: Path, *, password: str | None = None) -> Catalogue:
        seen.append(password)
        if path not in given_:
            raise Encrypted(path, "encrypted: give its --password")
        return given_[path]

    monkeypatch.setattr(extract.pipeline, "extract_pdf", fake)
    out = tmp_path / "out"
    assert run(["diff", *map(str, PDFS), "-o", str(out), "--password", "pw", "-q"]) == 1
    assert seen == ["pw", "pw"]
    assert json.loads((out / "changes.json").read_text())["summary"]["removed"] == 3
    locked = tmp_path / "locked.pdf"
    locked.write_bytes(b"%PDF-1.7\n")
    # A PDF that cannot be extracted exits as `catalogue extract` would: not 2 ("the diff was
    # used wrong") and never 1 ("the editions differ").
    assert run(["diff", str(PDFS[0]), str(locked)]) == ExitCode.ENCRYPTED


# ---------------------------------------------------------------------------------------------
# Properties.


def test_added_titles_are_unlike_every_sample_title():
    for title in ADDED_TITLES:
        assert max(similarity(title, str(r["title"])) for r in base()) < THRESHOLD


@examples("records")
@given(st.data())
def test_title_similarity_is_the_documented_one(data):
    """The diff's similarity is the documented one (docs/diff.md): words folded and sorted,
    then their longest common subsequence (written afresh in `tests.diff_strategies`)."""
    titles = [str(r["title"]) for r in base()]
    a = data.draw(st.sampled_from(titles))
    b = data.draw(st.sampled_from(titles) | retitled(a) | st.sampled_from(ADDED_TITLES))
    assert title_similarity(a, b) == pytest.approx(similarity(a, b), abs=1e-9)


@examples("records")
@given(st.data())
def test_an_edition_compared_with_itself_has_no_changes(data):
    records_ = data.draw(edited(base())).records
    changes = compare(records_, records_)
    assert not changes.has_changes() and changes.summary.unchanged == len(records_)


@examples("records")
@given(st.data())
def test_comparing_the_other_way_round_mirrors_the_changes(data):
    a = data.draw(st.one_of(st.just(list(base())), edited(base()).map(lambda o: o.records)))
    b = data.draw(edited(base())).records
    assert full(compare(a, b)) == full(compare(b, a), flip=True)


@examples("records")
@given(st.data())
def test_random_edits_are_recovered_exactly(data):
    outcome = data.draw(edited(base()))
    changes = compare(list(base()), outcome.records)
    assert changes_by_id(changes) == outcome.expected
    assert changes.has_changes() == bool(outcome.expected)
