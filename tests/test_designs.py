"""Every design of the zoo reads to exactly the records its source gives.

The zoo (`samples/designs/`, `make designs`) is the 2021 content typeset by three independent
PDF producers in designs that vary page, cards, text flow, typography, links, furniture,
headers, tables of contents and text encoding. Each design's expected records come from the
source it prints (`samples.expected.records`), never from the extractor; the warnings a design
justifies are decided from the design and its source (`samples.designs.accuracy.justified`).

Hostile designs (`hostile-*`) are not held to exact records, but every record read wrong there
must be named by a warning.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

import pytest

from devtools.accuracy import FIELDS, _text, pair
from extract.diff.compare import compare_catalogues
from extract.errors import ExitCode
from extract.layout.design import load_design
from extract.pipeline import extract_pdf, lay_out_document
from samples.derive import load_edits
from samples.designs.accuracy import Case, ambiguous_pages, cases, expected_records, justified
from samples.designs.zoo import by_name
from samples.source import Source, load
from schemas.models import Catalogue
from tests.accounting import unaccounted
from tests.hostile_files import run_cli
from tests.test_diff import EDITS, changes_by_title, documented_changes, source_2021

DESIGN_FIXES = Path(__file__).parent / "data" / "designs"
CASES = {case.name: case for case in cases()}
REGULAR = sorted(name for name, case in CASES.items() if not case.hostile)
HOSTILE = sorted(name for name, case in CASES.items() if case.hostile)
LINK_FIELDS = ("url", "links")


@cache
def extracted(name: str) -> Catalogue:
    return extract_pdf(CASES[name].pdf)


@cache
def source_of(name: str) -> Source:
    return load(CASES[name].source)


def _records(catalogue: Catalogue) -> list[dict[str, object]]:
    return [r.record() for r in catalogue.resources]


def test_the_zoo_has_eight_designs_from_three_producers():
    specs = [by_name(name) for name in REGULAR if name.startswith(("html-", "typst-", "rl-"))]
    assert len(specs) >= 8
    assert {spec.producer for spec in specs} == {"reportlab", "chromium", "typst"}


def test_the_zoo_varies_every_axis_in_two_forms_at_least():
    specs = [by_name(name) for name in REGULAR if name.startswith(("html-", "typst-", "rl-"))]
    axes: dict[str, set[object]] = {
        "orientation": {s.orientation for s in specs},
        "columns": {s.columns for s in specs},
        "flow": {s.flow for s in specs},
        "frame": {s.frame for s in specs},
        "thumbnail": {s.thumbnail for s in specs},
        "thumbnail_at": {s.thumbnail_at for s in specs if s.thumbnail != "none"},
        "call to action": {s.cta is None for s in specs} | {s.cta for s in specs if s.cta},
        "links": {s.links for s in specs},
        "folio": {s.folio for s in specs},
        "folio_offset": {s.folio_offset for s in specs},
        "header": {s.header for s in specs},
        "toc": {s.toc for s in specs},
        "part_label": {s.part_label for s in specs},
        "part title order": {s.part_title_after_toc for s in specs},
        "ligatures": {s.encoding.ligatures for s in specs},
        "colour space": {s.encoding.colour_space for s in specs},
        "layer order": {s.encoding.layer_order for s in specs},
        "invisible text": {s.encoding.invisible_text for s in specs},
        "title weight": {s.typography.title.weight for s in specs},
        "running furniture": {
            (s.running_head is not None, s.running_foot is not None) for s in specs
        },
    }
    thin = {axis: values for axis, values in axes.items() if len(values) < 2}
    assert not thin, f"axes shown in one form only: {thin}"


@pytest.mark.parametrize("name", REGULAR)
def test_every_record_of_every_design_is_exact(name):
    case: Case = CASES[name]
    catalogue = extracted(name)
    source = source_of(name)
    want = expected_records(source)
    got = _records(catalogue)
    assert len(got) == len(want), f"{len(got)} records, {len(want)} expected"
    # Where the design prints a page's links as a list it cannot split (more addresses than
    # resources), the pairing is an inference: those pages' links are compared as a whole.
    inferred = ambiguous_pages(source) if case.links_in_list else set()

    def comparable(r: dict[str, object]) -> dict[str, object]:
        return {k: v for k, v in r.items() if r["page"] not in inferred or k not in LINK_FIELDS}

    wrong = [
        (w["page"], k, g.get(k), w[k])
        for g, w in zip(got, want, strict=True)
        for k in comparable(w)
        if g.get(k) != w[k]
    ]
    assert not wrong, wrong[:5]
    for page in inferred:
        got_urls = sorted(u for r in got if r["page"] == page for u in r["links"])  # type: ignore[attr-defined]
        want_urls = sorted(u for r in want if r["page"] == page for u in r["links"])  # type: ignore[attr-defined]
        assert got_urls == want_urls, f"page {page}"


@pytest.mark.parametrize("name", REGULAR)
def test_every_design_warns_only_where_it_justifies_it(name):
    catalogue = extracted(name)
    allowed = justified(CASES[name], source_of(name))
    found = {(w.code, w.page or 0) for w in catalogue.warnings}
    assert found == allowed, [
        w.message for w in catalogue.warnings if (w.code, w.page) not in allowed
    ]


@pytest.mark.parametrize("name", HOSTILE)
def test_every_record_a_hostile_design_gets_wrong_is_named_by_a_warning(name):
    catalogue = extracted(name)
    want = expected_records(source_of(name))
    got = _records(catalogue)
    # Records are paired by what they say (page and title, then title, then address), so that
    # one card read out of place does not make its neighbours look wrong.
    pairs = pair(
        [{k: _text(r.get(k)) for k in FIELDS} for r in got],
        [{k: _text(r.get(k)) for k in FIELDS} for r in want],
    )
    assert all(g is not None and w is not None for g, w in pairs), "records missed or extra"
    named = {w.card_id for w in catalogue.warnings}
    wrong = [
        got[g]["card_id"]
        for g, w in pairs
        if g is not None and w is not None and got[g] | {"card_id": ""} != want[w] | {"card_id": ""}
    ]
    assert set(wrong) <= named, sorted(str(w) for w in set(wrong) - named)


@pytest.mark.parametrize("name", sorted(CASES))
def test_every_line_of_every_design_is_read_or_said(name):
    """Every line of a page of cards lands in exactly one place (a card, a group, the header,
    the printed addresses, the notes, the furniture) or is said, hostile designs included."""
    assert unaccounted(CASES[name].pdf, extracted(name)) == []


def test_a_line_dropped_or_left_over_unsaid_is_found(monkeypatch):
    """The check above finds a line no stage placed, and one left over that no warning names."""
    name = "typst-portrait-2col"
    really = lay_out_document

    def dropping(pages, design):
        laid = really(pages, design)
        for layout in laid.layouts:
            cards = [b for b in layout.blocks if b.kind == "card" and b.blurb]
            if cards:
                layout.unassigned.append(cards[0].blurb[0])
                cards[-1].blurb.pop()
        return laid

    monkeypatch.setattr("tests.accounting.lay_out_document", dropping)
    problems = unaccounted(CASES[name].pdf, extracted(name))
    content = [p for p in extracted(name).design.pages if p.kind == "content"]
    assert sum("placed 2 times" in p for p in problems) >= len(content) - 1
    assert sum("placed 0 times" in p for p in problems) >= len(content) - 1
    assert sum("1 lines left over, 0 said" in p for p in problems) == len(content)


def test_a_corrected_role_makes_the_hostile_design_exact(tmp_path):
    """The calls to action of `hostile-rl-cta-per-card` change wording with each card's type, so
    none is learnt and every description takes its button in, each with a warning. Saying which
    style the buttons are set in, in the design file, reads them all."""
    name = "hostile-rl-cta-per-card"
    fix = DESIGN_FIXES / f"{name}.design.json"
    assert json.loads(fix.read_text(encoding="utf-8")).keys() == {"roles"}
    want = expected_records(source_of(name))
    automatic = _records(extracted(name))
    assert sum(g == w for g, w in zip(automatic, want, strict=True)) < len(want) // 2
    corrected = extract_pdf(CASES[name].pdf, design=load_design(fix))
    assert _records(corrected) == want
    assert {w.code for w in corrected.warnings} <= {"link-list-mismatch"}


def test_the_swapped_design_reads_by_place_and_a_design_file_s_grammar_is_obeyed(tmp_path):
    """`hostile-rl-swapped-styles` sets its publishers in a title's style and its titles in the
    blurbs': read by where each role stands around the type line (the title above it, whatever
    its style), every record comes out, and the grammar learnt says so. A design file's card
    grammar is what the cards are read against: the file that names the styles and this
    grammar reads the same records; one that puts the publisher after the blurb misreads them."""
    name = "hostile-rl-swapped-styles"
    want = expected_records(source_of(name))
    automatic = extracted(name)
    assert _records(automatic) == want
    assert automatic.design.card is not None
    assert automatic.design.card.tail == ["publisher", "body", "call_to_action"]

    fix = DESIGN_FIXES / f"{name}.design.json"
    corrected = extract_pdf(CASES[name].pdf, design=load_design(fix))
    assert _records(corrected) == want
    assert {w.code for w in corrected.warnings} <= {"link-list-mismatch"}

    swapped = tmp_path / "publisher-after-blurb.json"
    grammar = {"head": ["title"], "tail": ["body", "publisher", "call_to_action"]}
    swapped.write_text(json.dumps({"card": grammar}), encoding="utf-8")
    misread = _records(extract_pdf(CASES[name].pdf, design=load_design(swapped)))
    assert sum(g == w for g, w in zip(misread, want, strict=True)) < len(want) // 2


@pytest.mark.parametrize(
    "name", ["typst-landscape-2col-notes", "rl-landscape-3col-rows", "html-landscape-3col-print"]
)
def test_the_design_section_says_what_the_design_is(name):
    spec = by_name(name)
    design = extracted(name).design
    assert design.contents.page_offset == spec.folio_offset
    content = [p for p in design.pages if p.kind == "content"]
    channel = {
        "cta": "annotations",
        "title": "annotations",
        "blurb": "annotations",
        "list": "printed list",
        "notes": "notes",
        "under": "in cards",
    }[spec.links]
    assert {p.links for p in content} == {channel}
    full = [p for p in content if p.order != "single"]
    assert {p.order for p in full} <= {spec.flow}
    assert max(p.columns for p in content) == spec.columns
    if spec.cta is not None and "{" not in spec.cta:
        assert design.calls_to_action == [" ".join(spec.cta.casefold().split())]


def test_reading_with_the_design_it_assumed_gives_the_same_records():
    name = "typst-portrait-2col"
    catalogue = extracted(name)
    again = extract_pdf(CASES[name].pdf, design=catalogue.design)
    assert _records(again) == _records(catalogue)
    assert again.warnings == catalogue.warnings


def test_the_hostile_designs_do_trip_the_reading():
    """The test above is empty for a hostile design read exactly: most must not be."""
    tripped = [
        name for name in HOSTILE if _records(extracted(name)) != expected_records(source_of(name))
    ]
    assert len(tripped) >= 2, tripped


# Editions diffed across designs: a new design is not a change of content.


@pytest.mark.parametrize(
    ("old", "new"),
    [("ess-pvd-2021", "typst-portrait-2col"), ("html-landscape-3col", "rl-landscape-3col-rows")],
)
def test_the_same_content_in_two_designs_diffs_as_unchanged(old, new):
    changes = compare_catalogues(extracted(old), extracted(new))
    assert not changes.has_changes(), changes.summary
    assert changes.summary.unchanged == len(expected_records(source_of(old)))


def test_the_2022_content_in_another_design_differs_from_the_2021_sample_by_the_documented_edits():
    old, new = extracted("ess-pvd-2021"), extracted("typst-portrait-2col-2022")
    changes = compare_catalogues(old, new)
    expected = documented_changes(source_2021(), load_edits(EDITS).edits)
    assert changes_by_title(changes, [r.record() for r in old.resources]) == expected


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ("{not json", "not JSON"),
        ('{"roles": 3}', "not a design: roles"),
        ('{"roles": {"title": {"font": "X", "size": -1, "tone": "dark"}}}', "not a design"),
        (
            '{"settings": {"lines.word_gaps": 0.2}}',
            "settings: no setting 'lines.word_gaps' (those of lines: lines.column_gap, ",
        ),
        ('{"settings": {"glyphs.gap": 0.2}}', "(the groups: lines, tones, marks, scale, "),
        (None, "cannot be read"),
    ],
)
def test_an_unusable_design_file_is_a_usage_error_naming_it(tmp_path, content, problem):
    design = tmp_path / "design.json"
    if content is not None:
        design.write_text(content, encoding="utf-8")
    out = tmp_path / "out"
    run = run_cli(["extract", CASES["typst-portrait-2col"].pdf, "-o", out, "--design", design])
    assert run.code == ExitCode.USAGE, run.stderr
    assert run.lines == [run.lines[0]] and run.lines[0].startswith(f"catalogue: {design}: ")
    assert problem in run.lines[0]
    assert "Traceback" not in run.stderr and not out.exists()


def test_a_design_file_may_be_a_whole_catalogue_json(tmp_path):
    """What `catalogue extract` wrote is a design file as it stands: read again with it, the
    same PDF gives the same files."""
    pdf = CASES["html-portrait-1col-under"].pdf
    first, second = tmp_path / "first", tmp_path / "second"
    assert run_cli(["extract", pdf, "-o", first, "-q"]).code == 0
    assert (
        run_cli(["extract", pdf, "-o", second, "-q", "--design", first / "catalogue.json"]).code
        == 0
    )
    assert (first / "cards.csv").read_bytes() == (second / "cards.csv").read_bytes()
    before = json.loads((first / "catalogue.json").read_text(encoding="utf-8"))
    after = json.loads((second / "catalogue.json").read_text(encoding="utf-8"))
    assert after["design"]["contents"]["offset_from"] == "given"
    after["design"]["contents"]["offset_from"] = before["design"]["contents"]["offset_from"]
    assert after == before
