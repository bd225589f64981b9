"""Corrections: the file a person writes in a spreadsheet is read as spreadsheets save it,
refused whole with one located line when it breaks a rule, and applied to every edition: set
where the record is as it was, stale (not applied, warned) where the PDF changed, reported
where the record is gone. Corrected values are marked in catalogue.json, the workbook, the
review page and the diff."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import jsonschema
import openpyxl
import pytest

from extract.cli import main
from extract.corrections.apply import apply_corrections
from extract.corrections.read import CorrectionSet, read_corrections
from extract.diff.compare import compare_catalogues
from extract.diff.report import changes_csv, changes_json, markdown
from extract.errors import ExitCode
from extract.review.drawing import PageView
from extract.review.html import render_html
from extract.write.files import render
from extract.write.xlsx import CORRECTIONS_SHEET, RESOURCES_SHEET
from schemas.models import CSV_COLUMNS, Catalogue
from tests.conftest import ROOT, SAMPLES

OUTPUT = ROOT / "output"
SAMPLE_CORRECTIONS = SAMPLES / "corrections.csv"
HEADER = "card_id,field,value,was,note\n"
TYPO = "commande-publique-responsable-un-levier-insuffisamment-exploite"


def committed(edition: str) -> Catalogue:
    path = OUTPUT / edition / "catalogue.json"
    return Catalogue.model_validate_json(path.read_bytes())


@pytest.fixture(scope="module")
def editions() -> tuple[Catalogue, Catalogue]:
    return committed("ess-pvd-2021"), committed("ess-pvd-2022")


def corrections(tmp_path: Path, text: str, encoding: str = "utf-8") -> CorrectionSet:
    path = tmp_path / "corrections.csv"
    path.write_bytes(text.encode(encoding))
    return read_corrections(path)


def resource(catalogue: Catalogue, card_id: str):
    return next(r for r in catalogue.resources if r.card_id == card_id)


# ---------------------------------------------------------------------------------------------
# The file, as spreadsheets save it.


@pytest.mark.parametrize(
    "text, encoding",
    [
        (HEADER + "opale,publisher,Opale,,note\n", "utf-8"),
        ("\ufeff" + HEADER.replace(",", ";") + "opale;publisher;Opale;;note\r\n;;;;\r\n", "utf-8"),
        ("card_id;field;value\r\n\r\nopale;publisher;Opale\r\n", "utf-8"),
        (
            '"card_id","field","value","was","note"\n"opale","publisher","Opale","","note"\n',
            "utf-8",
        ),
    ],
    ids=["comma", "semicolon-bom-crlf", "three-columns", "all-quoted"],
)
def test_what_spreadsheets_save_is_read_alike(tmp_path, text, encoding):
    (row,) = corrections(tmp_path, text, encoding).rows
    assert (row.row, row.card_id, row.field, row.value, row.was) == (
        2 if "\r\n\r\n" not in text else 3,
        "opale",
        "publisher",
        "Opale",
        None,
    )


def test_a_value_holding_the_other_separator_stays_whole(tmp_path):
    text = 'card_id;field;value;was\nopale;publisher;"Opale, centre; ressources";"(vide)"\n'
    (row,) = corrections(tmp_path, text).rows
    assert row.value == "Opale, centre; ressources"
    assert row.was == ""  # (vide): the field was empty


def test_values_are_typed_and_folded(tmp_path):
    text = (
        HEADER + "a,year,2019,2091,\n"
        "b,links,https://a.example/x | https://b.example/y|https://a.example/x,,\n"
        'c,description,"two\n lines",,\n'
        "d,theme,,Mobilité,left empty\n"
    )
    rows = corrections(tmp_path, text).rows
    assert [r.value for r in rows] == [
        2019,
        ["https://a.example/x", "https://b.example/y"],
        "two lines",
        None,
    ]
    assert rows[3].note == "left empty"


def test_the_apostrophe_that_keeps_a_formula_from_running_is_taken_off(tmp_path):
    """cards.csv and the review page's export write `'=…` for a text a spreadsheet would run:
    copied into the file, it reads as printed, and `was` still matches the extraction."""
    text = HEADER + "a,publisher,'=HYPERLINK(1),'-Avise,'@why\nb,title,'It's,,\n"
    first, second = corrections(tmp_path, text).rows
    assert (first.value, first.was, first.note) == ("=HYPERLINK(1)", "-Avise", "@why")
    assert second.value == "'It's"  # an apostrophe before anything else is the text's own


@pytest.mark.parametrize(
    "text, problem",
    [
        (HEADER + "Opale,publisher,x,,\n", "row 2: card_id 'Opale'"),
        (HEADER + "opale,titel,x,,\n", "row 2: field 'titel'"),
        (HEADER + "opale,card_id,x,,\n", "row 2: card_id cannot be corrected"),
        (HEADER + "opale,year,20l9,,\n", "row 2: year '20l9': not a year"),
        (HEADER + "opale,year,1850,,\n", "row 2: year '1850'"),
        (HEADER + "opale,title,,,\n", "row 2: a title cannot be empty"),
        (HEADER + "opale,url,javascript:alert(1),,\n", "row 2: url 'javascript:alert(1)'"),
        (HEADER + "opale,links,https://a.example/ x,,\n", "row 2: links"),
        (HEADER + "opale,publisher,a,b,c,d\n", "row 2: 6 cells for 5 columns"),
        (HEADER + "opale,publisher,A\x07,,\n", "row 2: value holds a control character"),
        (HEADER + "\nopale,publisher,A,,\nopale,publisher,B,,\n", "row 4: a second correction"),
        (HEADER + "opale,drop,,,\nopale,title,T,,\n", "rows 2 and 3"),
        (HEADER + "opale,publisher,Avise,Avise,\n", "row 2: value and was are the same"),
        ("card_id,field,valeur\nopale,publisher,A\n", "no header naming the columns"),
        ("card_id,field,value,comment\nopale,publisher,A,x\n", "row 1: unknown column 'comment'"),
        ("", "no header"),
    ],
)
def test_a_malformed_file_is_refused_with_its_row(tmp_path, text, problem):
    path = tmp_path / "fix.csv"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(Exception) as caught:
        read_corrections(path)
    assert str(caught.value).startswith(f"{path}: ")
    assert problem in str(caught.value)
    assert caught.value.code == ExitCode.USAGE  # type: ignore[attr-defined]


def test_a_file_not_in_utf8_says_how_to_save_it(tmp_path):
    path = tmp_path / "fix.csv"
    path.write_bytes((HEADER + "opale,publisher,Société,,\n").encode("cp1252"))
    with pytest.raises(Exception, match=r"not UTF-8.*save it"):
        read_corrections(path)


def test_the_command_refuses_a_bad_file_before_extracting(tmp_path, capsys):
    bad = tmp_path / "fix.csv"
    bad.write_text(HEADER + "opale,year,soon,,\n", encoding="utf-8")
    out = tmp_path / "out"
    code = main(
        ["extract", str(SAMPLES / "ess-pvd-2021.pdf"), "-o", str(out), "--corrections", str(bad)]
    )
    err = capsys.readouterr().err
    assert code == ExitCode.USAGE
    assert err == f"catalogue: {bad}: row 2: year 'soon': not a year from 1900 to 2100\n"
    assert not out.exists()


# ---------------------------------------------------------------------------------------------
# Applying, on the two sample editions: the same file for both.


def test_the_sample_file_fixes_2021_and_is_stale_where_2022_changed(editions):
    old, new = editions
    fixes = read_corrections(SAMPLE_CORRECTIONS)
    fixed_old, fixed_new = apply_corrections(old, fixes), apply_corrections(new, fixes)

    assert resource(old, TYPO).resource_type == "Etude"
    assert resource(fixed_old, TYPO).resource_type == "Étude"
    assert resource(fixed_old, "opale").publisher == "Opale"
    assert fixed_old.warnings == old.warnings == []
    assert fixed_old.corrections is not None and fixed_old.corrections.not_applied == []

    # 2022 prints "Avis": the row written for "Etude" is stale, warned where the type is read.
    assert resource(fixed_new, TYPO).resource_type == "Avis"
    (stale,) = [w for w in fixed_new.warnings if w.code == "stale-correction"]
    assert stale.card_id == TYPO and stale.page == resource(new, TYPO).page
    assert stale.bbox == resource(new, TYPO).provenance.fields["resource_type"].bbox
    assert "resource_type" in stale.message and "'Etude'" in stale.message
    assert "'Avis'" in stale.message
    assert resource(fixed_new, "opale").publisher == "Opale"  # still as written: applied
    report = fixed_new.corrections
    assert report is not None
    assert {(c.card_id, c.outcome, c.now) for c in report.not_applied} == {
        (TYPO, "stale", "Avis"),
        ("mesures-du-pacte-pour-la-transition", "absent", None),
    }
    # Nothing else moves: every other record is the extraction's.
    untouched = [r for r in fixed_new.resources if r.card_id != "opale"]
    assert untouched == [r for r in new.resources if r.card_id != "opale"]


def test_applied_fields_record_the_value_extracted_and_the_note(editions, tmp_path):
    old, _ = editions
    atlas = resource(old, "atlas-commente-de-l-ess")
    fixes = corrections(
        tmp_path,
        HEADER + f"atlas-commente-de-l-ess,url,https://example.org/atlas,{atlas.url},moved\n"
        "atlas-commente-de-l-ess,year,2021,,reprint\n",
    )
    fixed = apply_corrections(old, fixes)
    got = resource(fixed, "atlas-commente-de-l-ess")
    assert got.url == "https://example.org/atlas" and got.links == ["https://example.org/atlas"]
    assert got.card_id == atlas.card_id and got.provenance == atlas.provenance
    report = fixed.corrections
    assert report is not None
    assert [(a.field, a.extracted, a.applied, a.note, a.row) for a in report.applied] == [
        ("year", 2020, 2021, "reprint", 3),
        ("url", atlas.url, "https://example.org/atlas", "moved", 2),
        ("links", atlas.links, ["https://example.org/atlas"], "moved", 2),
    ]
    assert fixed.extracted_values()[("atlas-commente-de-l-ess", "year")] == 2020


def test_a_row_already_true_changes_nothing_and_says_so(editions, tmp_path):
    old, _ = editions
    fixes = corrections(tmp_path, HEADER + "opale,resource_type,Site web,,\n")
    fixed = apply_corrections(old, fixes)
    assert fixed.resources == old.resources
    assert fixed.corrections is not None
    assert [(c.outcome, c.now) for c in fixed.corrections.not_applied] == [("already", "Site web")]


def test_a_dropped_record_leaves_with_its_warnings(editions, tmp_path):
    old, _ = editions
    warned = old.model_copy(
        update={"warnings": [_warning("mixed-styles", "opale"), _warning("mixed-styles", "etic")]}
    )
    # `was` of a drop is the record's title: written for another title, the drop is stale.
    stale = apply_corrections(warned, corrections(tmp_path, HEADER + "opale,drop,,Opale,\n"))
    assert stale.resources == old.resources
    assert [w.code for w in stale.warnings] == ["mixed-styles", "mixed-styles", "stale-correction"]

    fixed = apply_corrections(
        warned, corrections(tmp_path, HEADER + "opale,drop,,OPALE,not a resource\n")
    )
    assert [r.card_id for r in fixed.resources] == [
        r.card_id for r in old.resources if r.card_id != "opale"
    ]
    assert [w.card_id for w in fixed.warnings] == ["etic"]
    assert fixed.corrections is not None
    (drop,) = fixed.corrections.applied
    assert (drop.field, drop.extracted, drop.applied, drop.page) == ("drop", "OPALE", None, 14)
    assert [w.card_id for w in fixed.corrections.settled] == ["opale"]


def _warning(code: str, card_id: str):
    from schemas.models import ExtractionWarning

    return ExtractionWarning(code=code, message="m", page=14, card_id=card_id)  # type: ignore[arg-type]


def test_a_corrected_value_is_validated_like_any_other(editions, tmp_path):
    old, _ = editions
    with_warning = old.model_copy(update={"warnings": [_warning("resource-without-link", "opale")]})
    fixes = corrections(
        tmp_path,
        HEADER + "atlas-commente-de-l-ess,year_end,2001,,\nopale,links,,,\n"
        "etic,url,https://example.org/etic,,\n",
    )
    fixed = apply_corrections(with_warning, fixes)
    codes = sorted((w.code, w.card_id) for w in fixed.warnings)
    assert codes == [
        ("resource-without-link", "opale"),  # emptied by a correction: warned again
        ("year-out-of-range", "atlas-commente-de-l-ess"),  # 2020–2001 runs backwards
    ]
    assert fixed.warnings[0].message != "m"
    assert resource(fixed, "opale").url is None and resource(fixed, "opale").links == []


def test_a_correction_settles_the_warning_it_answers(editions, tmp_path):
    old, _ = editions
    warned = old.model_copy(update={"warnings": [_warning("resource-without-link", "opale")]})
    fixed = apply_corrections(
        warned, corrections(tmp_path, HEADER + "opale,url,https://o.example/,,\n")
    )
    assert fixed.warnings == []
    assert fixed.corrections is not None and fixed.corrections.settled == warned.warnings


# ---------------------------------------------------------------------------------------------
# Where corrected values show.


def test_the_command_applies_marks_and_summarises(tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["extract", str(SAMPLES / "ess-pvd-2021.pdf"), "-o", str(out)]
    assert main([*argv, "--corrections", str(SAMPLE_CORRECTIONS)]) == 0
    err = capsys.readouterr().err
    assert "corrections from corrections.csv: 3 applied, 0 stale" in err

    document = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    schema = json.loads((ROOT / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    assert {
        (a["card_id"], a["extracted"], a["applied"]) for a in document["corrections"]["applied"]
    } >= {(TYPO, "Etude", "Étude")}
    rows = list(csv.DictReader(io.StringIO((out / "cards.csv").read_text(encoding="utf-8"))))
    assert list(rows[0]) == list(CSV_COLUMNS)
    assert next(r for r in rows if r["card_id"] == TYPO)["resource_type"] == "Étude"

    book = openpyxl.load_workbook(out / "cards.xlsx")
    assert book.sheetnames[-1] == CORRECTIONS_SHEET
    sheet = book[RESOURCES_SHEET]
    filled = {
        (sheet.cell(cell.row, 1).value, sheet.cell(1, cell.column).value)
        for row in sheet.iter_rows(min_row=2)
        for cell in row
        if cell.fill.fgColor.rgb not in (None, "00000000")
    }
    assert filled == {
        (TYPO, "resource_type"),
        ("opale", "publisher"),
        ("mesures-du-pacte-pour-la-transition", "publisher"),
    }
    listed = [r[:5] for r in book[CORRECTIONS_SHEET].iter_rows(min_row=2, values_only=True)]
    assert (2, TYPO, "resource_type", "applied", "Etude") in listed

    # Without corrections the outputs are what they always were.
    assert main([*argv, "-q"]) == 0
    for name, data in render(committed("ess-pvd-2021")).items():
        assert (out / name).read_bytes() == data, name


def test_the_review_page_marks_corrected_values(editions):
    old, _ = editions
    fixed = apply_corrections(old, read_corrections(SAMPLE_CORRECTIONS))
    page = resource(fixed, TYPO).page
    view = PageView(page, 595.0, 842.0, f"pages/page-{page}.png", 900, 1273)
    html = render_html(fixed, [view])
    assert html.count('class="row corrected"') == 1
    assert "corrigé par corrections.csv ; le PDF donnait : Etude (Accent oublié" in html
    assert 'class="row corrected"' not in render_html(old, [view])


def test_the_diff_tells_a_difference_made_by_a_correction_alone(editions):
    old, new = editions
    fixes = read_corrections(SAMPLE_CORRECTIONS)
    changes = compare_catalogues(old, apply_corrections(new, fixes))
    flagged = [(c.card_id, f.field) for c in changes.modified for f in c.fields if f.by_correction]
    # opale's publisher: both PDFs print none, only the 2022 side was corrected.
    assert flagged == [("opale", "publisher")]
    assert "opale,corrected,publisher,,Opale" in changes_csv(changes)
    assert '"by_correction": true' in changes_json(changes)
    assert "Opale *(only a correction" in markdown(changes)
    # Corrected alike on both sides: no change at all; the type's change is the PDF's own.
    both = compare_catalogues(apply_corrections(old, fixes), apply_corrections(new, fixes))
    assert "opale" not in {c.card_id for c in both.modified}
    assert not both.by_correction() and "by_correction" not in changes_json(both)
    typed = next(c for c in both.modified if c.card_id == TYPO)
    assert [(f.field, f.old, f.new, f.by_correction) for f in typed.fields] == [
        ("resource_type", "Étude", "Avis", False)
    ]
