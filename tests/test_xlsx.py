"""cards.xlsx holds cards.csv cell for cell, as read back by openpyxl, pandas and LibreOffice,
and is made for a spreadsheet: header frozen, filters, widths, wrapped text, working links."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
import time
import zipfile
from collections import Counter
from itertools import pairwise
from typing import Any

import openpyxl
import pandas as pd
import pytest
from openpyxl.utils import get_column_letter

from extract.pipeline import extract_pdf
from extract.write.cells import neutralise
from extract.write.files import render
from extract.write.sheet_layout import wrapped_lines
from extract.write.xlsx import (
    CELL_MAX,
    LINKS_SHEET,
    RESOURCES_SHEET,
    THEMES_SHEET,
    WARNINGS_SHEET,
    render_xlsx,
)
from schemas.models import CSV_COLUMNS, Catalogue, ExtractionWarning
from tests.conftest import ROOT, SAMPLES

COMMITTED = ROOT / "output" / "ess-pvd-2021"
FORMULA_TITLE = "=1+2 GUIDE"
FORMULA_PUBLISHER = "@SUM(A1) Avise"
SCRIPT_URL = "javascript:alert(1)"
LONG_URL = "https://example.org/" + "a" * 2100


def csv_rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8"))))


def sheet_rows(sheet: Any) -> list[list[str]]:
    """A worksheet's cells as cards.csv would write them: empty cells empty, numbers as digits."""
    return [
        ["" if cell.value is None else str(cell.value) for cell in row] for row in sheet.iter_rows()
    ]


def as_csv(rows: list[list[str]]) -> list[list[str]]:
    """The cells a spreadsheet holds as text, with cards.csv's guard against formulas."""
    return [[neutralise(cell) for cell in row] for row in rows]


def open_book(data: bytes) -> Any:
    return openpyxl.load_workbook(io.BytesIO(data))


def cell_of(column: str, row: int) -> str:
    """The address of `column`'s cell in `row` of the resources sheet (`title`, 2 → `E2`)."""
    return f"{get_column_letter(CSV_COLUMNS.index(column) + 1)}{row}"


def link_of(cell: Any) -> str | None:
    """Where a cell's hyperlink leads (openpyxl keeps an address's `#part` apart)."""
    link = cell.hyperlink
    if link is None:
        return None
    if link.target is None:
        return f"internal:{link.location}"
    return str(link.target) + (f"#{link.location}" if link.location else "")


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    return extract_pdf(SAMPLES / "ess-pvd-2021.pdf")


@pytest.fixture(scope="module")
def tricky(catalogue: Catalogue) -> Catalogue:
    """The sample with what a spreadsheet must not run or cannot keep as a link: text that
    reads as a formula, addresses that must stay text, and warnings."""
    resources = list(catalogue.resources)
    resources[0] = resources[0].model_copy(
        update={"title": FORMULA_TITLE, "publisher": FORMULA_PUBLISHER}
    )
    resources[1] = resources[1].model_copy(
        update={"url": SCRIPT_URL, "links": [SCRIPT_URL, LONG_URL]}
    )
    warnings = [
        ExtractionWarning(
            code="doubtful-title",
            message="title reads like a formula",
            page=resources[0].page,
            card_id=resources[0].card_id,
        ),
        ExtractionWarning(code="document-repaired", message="=the file was repaired"),
    ]
    return catalogue.model_copy(update={"resources": resources, "warnings": warnings})


# ---------------------------------------------------------------------------------------------
# The same table as cards.csv


def test_the_resources_sheet_is_cards_csv_cell_for_cell():
    book = openpyxl.load_workbook(COMMITTED / "cards.xlsx")
    assert book.sheetnames == [RESOURCES_SHEET, WARNINGS_SHEET, THEMES_SHEET, LINKS_SHEET]
    want = csv_rows((COMMITTED / "cards.csv").read_bytes())
    assert sheet_rows(book[RESOURCES_SHEET]) == want
    assert want[0] == list(CSV_COLUMNS) and len(want) == 105


def test_pandas_reads_the_workbook_as_it_reads_the_csv():
    got = pd.read_excel(COMMITTED / "cards.xlsx", sheet_name=RESOURCES_SHEET, dtype=str)
    want = pd.read_csv(COMMITTED / "cards.csv", dtype=str)
    pd.testing.assert_frame_equal(got, want)
    typed = pd.read_excel(COMMITTED / "cards.xlsx", sheet_name=RESOURCES_SHEET)
    assert typed["page"].dtype == "int64"  # numbers, not digits as text
    assert typed["year"].dropna().eq(typed["year"].dropna().round()).all()


def test_committed_workbook_lists_in_the_data_package_and_validates():
    from frictionless import Package

    report = Package(str(COMMITTED / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert {task.place: task.stats["rows"] for task in report.tasks} == {
        "cards.csv": 104,
        "cards.xlsx": 104,
    }


def test_text_a_spreadsheet_would_run_is_kept_as_printed_and_guarded(tricky):
    files = render(tricky)
    book = open_book(files["cards.xlsx"])
    rows = sheet_rows(book[RESOURCES_SHEET])
    # Cell for cell, the workbook holds the text as printed where the CSV puts an apostrophe.
    assert as_csv(rows) == csv_rows(files["cards.csv"])
    title = book[RESOURCES_SHEET][cell_of("title", 2)]
    assert (title.value, title.data_type, title.quotePrefix) == (FORMULA_TITLE, "s", True)
    assert book[RESOURCES_SHEET][cell_of("publisher", 2)].value == FORMULA_PUBLISHER
    assert book[RESOURCES_SHEET][cell_of("publisher", 2)].quotePrefix
    assert not book[RESOURCES_SHEET][cell_of("resource_type", 2)].quotePrefix  # only where needed
    with zipfile.ZipFile(io.BytesIO(files["cards.xlsx"])) as archive:
        sheets = [n for n in archive.namelist() if n.startswith("xl/worksheets/sheet")]
        assert not any(b"<f>" in archive.read(n) for n in sheets)  # no formula anywhere


def test_a_text_longer_than_a_cell_holds_is_cut_visibly(catalogue):
    resources = list(catalogue.resources)
    resources[2] = resources[2].model_copy(update={"description": "mot " * 9000})
    long = catalogue.model_copy(update={"resources": resources})
    sheet = open_book(render_xlsx(long))[RESOURCES_SHEET]
    description = sheet[cell_of("description", 4)].value
    assert len(description) == CELL_MAX and description.endswith("…")
    assert description[:-1] == resources[2].description[: CELL_MAX - 1]
    assert 400 < sheet.row_dimensions[4].height <= 409  # Excel's tallest row


# ---------------------------------------------------------------------------------------------
# Made for a spreadsheet


def test_header_frozen_filters_on_widths_and_wrapped_text():
    book = openpyxl.load_workbook(COMMITTED / "cards.xlsx")
    for name, columns in (
        (RESOURCES_SHEET, cell_of(CSV_COLUMNS[-1], 0)[:-1]),
        (WARNINGS_SHEET, "D"),
        (THEMES_SHEET, "C"),
        (LINKS_SHEET, "B"),
    ):
        sheet = book[name]
        assert sheet.freeze_panes == "A2", name
        assert sheet.auto_filter.ref == f"A1:{columns}{max(sheet.max_row, 2)}", name
        assert all(cell.font.b for cell in sheet[1]), name
    sheet = book[RESOURCES_SHEET]
    widths = {}
    for dimension in sheet.column_dimensions.values():  # openpyxl groups equal neighbours
        for col in range(dimension.min, dimension.max + 1):
            widths[CSV_COLUMNS[col - 1]] = dimension.width
    assert set(widths) == set(CSV_COLUMNS)
    assert widths["page"] < 10 < widths["theme"] < widths["title"] < widths["description"] <= 91
    assert sheet[cell_of("description", 2)].alignment.wrap_text
    assert sheet[cell_of("title", 2)].alignment.wrap_text
    assert sheet[cell_of("card_id", 2)].alignment.wrap_text  # a long id wraps at its hyphens
    assert not sheet[cell_of("page", 2)].alignment.wrap_text
    # Rows are as tall as their longest text: LibreOffice does not fit them itself.
    heights = [sheet.row_dimensions[r].height or 15 for r in range(2, sheet.max_row + 1)]
    assert min(heights) >= 15 and max(heights) >= 75


def test_every_url_is_a_working_hyperlink():
    book = openpyxl.load_workbook(COMMITTED / "cards.xlsx")
    sheet, links = book[RESOURCES_SHEET], book[LINKS_SHEET]
    column = {name: i for i, name in enumerate(CSV_COLUMNS)}
    rows = list(csv.DictReader(io.StringIO((COMMITTED / "cards.csv").read_text("utf-8"))))
    several = 0
    for row, record in zip(sheet.iter_rows(min_row=2), rows, strict=True):
        assert link_of(row[column["url"]]) == record["url"]
        urls = record["links"].split(" | ")
        if len(urls) == 1:
            assert link_of(row[column["links"]]) == urls[0]
            continue
        # One cell, one link: it leads to the resource's rows of the links sheet, each a link.
        several += 1
        target = link_of(row[column["links"]])
        assert target is not None and target.startswith(f"internal:'{LINKS_SHEET}'!A")
        first = int(target.rpartition("A")[2])
        listed = [links.cell(first + i, 2) for i in range(len(urls))]
        assert [link_of(c) for c in listed] == urls
        assert {links.cell(first + i, 1).value for i in range(len(urls))} == {record["card_id"]}
    assert several == 1
    assert links.max_row - 1 == sum(len(r["links"].split(" | ")) for r in rows)
    for row in links.iter_rows(min_row=2):
        assert link_of(row[1]) == row[1].value
        back = link_of(row[0])
        assert back is not None and back.startswith(f"internal:'{RESOURCES_SHEET}'!A")
        assert sheet[back.rpartition("!")[2]].value == row[0].value


def test_only_web_and_mail_addresses_become_links(tricky):
    book = open_book(render_xlsx(tricky))
    row = book[RESOURCES_SHEET][3]
    assert row[CSV_COLUMNS.index("url")].value == SCRIPT_URL
    assert row[CSV_COLUMNS.index("url")].hyperlink is None
    listed = [
        r
        for r in book[LINKS_SHEET].iter_rows(min_row=2)
        if r[0].value == tricky.resources[1].card_id
    ]
    assert [r[1].value for r in listed] == [SCRIPT_URL, LONG_URL]
    assert [r[1].hyperlink for r in listed] == [None, None]  # a script; longer than Excel keeps


def test_control_characters_from_a_pdf_leave_a_well_formed_workbook(catalogue):
    """XML cannot hold most control characters, and no output may carry them: each is
    written as U+FFFD, as in cards.csv, and an address or a link's text that holds one is
    written as text, not as a link."""
    from xml.etree import ElementTree

    odd = "".join(map(chr, range(32))) + "\x7f\x85\ufffe\uffff😀"
    resources = list(catalogue.resources)
    resources[0] = resources[0].model_copy(
        update={
            "title": "T" + odd,
            "publisher": "=" + odd,
            "url": "https://example.org/a" + odd,
            "links": ["https://example.org/a" + odd, "https://example.org/b c"],
        }
    )
    edition = catalogue.edition.model_copy(update={"title": "E" + odd})
    data = render_xlsx(catalogue.model_copy(update={"resources": resources, "edition": edition}))
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if name.endswith((".xml", ".rels")):
                ElementTree.fromstring(archive.read(name))  # raises on a character XML refuses
    book = open_book(data)
    row = book[RESOURCES_SHEET][2]
    assert row[CSV_COLUMNS.index("title")].value.startswith("T" + "\ufffd" * 34 + "_xFFFE_")
    assert row[CSV_COLUMNS.index("publisher")].value.startswith("=" + "\ufffd" * 34)
    assert [row[CSV_COLUMNS.index(c)].hyperlink for c in ("url", "links")] == [None, None]
    assert link_of(book[LINKS_SHEET]["B3"]) is None  # a space: no address


def test_the_warnings_sheet_names_and_links_each_resource(tricky):
    book = open_book(render_xlsx(tricky))
    sheet = book[WARNINGS_SHEET]
    assert sheet_rows(sheet) == [
        ["code", "page", "card_id", "message"],
        [
            "doubtful-title",
            str(tricky.resources[0].page),
            tricky.resources[0].card_id,
            "title reads like a formula",
        ],
        ["document-repaired", "", "", "=the file was repaired"],
    ]
    assert link_of(sheet["C2"]) == f"internal:'{RESOURCES_SHEET}'!A2"
    assert sheet["D3"].quotePrefix


# ---------------------------------------------------------------------------------------------
# Made for paper

A4_LANDSCAPE_WIDTH = 297 / 25.4  # inches
PRINTED_LETTERS_MIN = 9.0  # points: the workbook's 11-point text may shrink to this, no further


def printed_points(width: float) -> float:
    """A column of `width` (as the file stores it, padding included) on paper at 100%, as
    LibreOffice prints it with Carlito (measured: columns stored 7.71, 36.71 and 90.71 wide
    print 42.8, 203.5 and 503.4 points wide; Excel's rule gives 6% less)."""
    return 5.55 * width


def bands(sheet: Any) -> list[list[str]]:
    """The columns each page across prints (the repeated ones excepted), by the sheet's breaks."""
    starts = [0, *(brk.id for brk in sheet.col_breaks.brk), sheet.max_column]
    names = [cell.value for cell in sheet[1]]
    return [names[a:b] for a, b in pairwise(starts) if names[a:b]]


def test_every_sheet_prints_on_a4_across_with_its_header_on_every_page():
    book = openpyxl.load_workbook(COMMITTED / "cards.xlsx")
    for sheet in book.worksheets:
        setup = sheet.page_setup
        assert (setup.orientation, setup.paperSize) == ("landscape", 9), sheet.title
        assert sheet.print_title_rows == "$1:$1", sheet.title
        assert sheet.print_options.gridLines, sheet.title
        assert "&A" in sheet.oddFooter.left.text and "&P" in sheet.oddFooter.right.text
        # No fit to one page's width: with fourteen columns it made 2-point letters.
        fitted = sheet.sheet_properties.pageSetUpPr
        assert fitted is None or not fitted.fitToPage, sheet.title
        scale = setup.scale or 100
        assert 11 * scale / 100 >= PRINTED_LETTERS_MIN, sheet.title


def test_the_resources_print_in_bands_of_a_few_columns_a_page_wide():
    sheet = openpyxl.load_workbook(COMMITTED / "cards.xlsx")[RESOURCES_SHEET]
    setup = sheet.page_setup
    assert sheet.print_title_cols == "$A:$A"  # the card_id names the row on every page
    assert setup.pageOrder == "overThenDown"  # a set of rows in all its bands, then the next
    printed = bands(sheet)
    assert [name for band in printed for name in band] == list(CSV_COLUMNS)
    assert 2 <= len(printed) <= 5 and all(len(band) >= 2 for band in printed[1:])
    widths = {}
    for dimension in sheet.column_dimensions.values():
        for col in range(dimension.min, dimension.max + 1):
            widths[CSV_COLUMNS[col - 1]] = dimension.width
    room = 72 * (A4_LANDSCAPE_WIDTH - sheet.page_margins.left - sheet.page_margins.right)
    for band in printed:
        shown = dict.fromkeys(["card_id", *band])  # the repeated column, then the band's
        across = sum(printed_points(widths[name]) for name in shown) * setup.scale / 100
        assert across <= room, band


def test_parts_and_themes_with_their_counts():
    sheet = openpyxl.load_workbook(COMMITTED / "cards.xlsx")[THEMES_SHEET]
    rows = list(csv.DictReader(io.StringIO((COMMITTED / "cards.csv").read_text("utf-8"))))
    parts = Counter(r["part"] for r in rows)
    themes = Counter((r["part"], r["theme"]) for r in rows)
    got_parts, got_themes = {}, {}
    for part, theme, count in sheet.iter_rows(min_row=2, values_only=True):
        if theme is None:
            got_parts[part] = count
        else:
            got_themes[part, theme] = count
    assert got_parts == parts and got_themes == themes
    assert list(got_parts) == list(dict.fromkeys(r["part"] for r in rows))  # document order
    assert sheet["A2"].font.b and not sheet["A3"].font.b


def test_same_catalogue_same_bytes_with_fixed_properties(catalogue):
    first = render_xlsx(catalogue)
    time.sleep(1.1)  # a timestamp in seconds would show
    assert render_xlsx(catalogue) == first
    assert first == (COMMITTED / "cards.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(first)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert '<dcterms:created xsi:type="dcterms:W3CDTF">2000-01-01T00:00:00Z' in core
    properties = open_book(first).properties
    assert properties.title == catalogue.edition.title
    assert catalogue.edition.sha256 in (properties.description or "")


@pytest.mark.parametrize(
    ("text", "width", "lines"),
    [("", 10, 1), ("un deux", 7, 1), ("un deux", 6, 2), ("a" * 25, 10, 3), ("ab cd ef", 5, 2)],
)
def test_wrapped_lines(text, width, lines):
    assert wrapped_lines(text, width) == lines


# ---------------------------------------------------------------------------------------------
# LibreOffice


@pytest.fixture(scope="session")
def soffice() -> str:
    found = shutil.which("soffice")
    if found is None:
        pytest.skip("needs LibreOffice Calc (make system-packages installs it, as root)")
    return found


def test_libreoffice_converts_the_workbook_to_cards_csv(soffice, tricky, tmp_path):
    """One conversion, of the sample with text a spreadsheet would run: LibreOffice's CSV of
    the resources sheet is cards.csv, but for the apostrophes that guard the CSV."""
    files = render(tricky)
    book = tmp_path / "cards.xlsx"
    book.write_bytes(files["cards.xlsx"])
    out = tmp_path / "converted"
    # Comma, double quote, UTF-8, from line 1; cells as shown; the first sheet only.
    csv_filter = "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,true,false,false,1"
    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            csv_filter,
            "--outdir",
            str(out),
            str(book),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    converted = sorted(out.glob("*.csv")) if out.is_dir() else []
    assert done.returncode == 0 and len(converted) == 1, done.stdout + done.stderr
    got = csv_rows(converted[0].read_bytes())
    assert as_csv(got) == csv_rows(files["cards.csv"])
    assert got[1][CSV_COLUMNS.index("title")] == FORMULA_TITLE


def carlito_for_calibri() -> bool:
    """Whether LibreOffice prints the workbook's Calibri with Carlito, its metric twin (as
    LibreOffice installs it), and so with the column widths Excel gives."""
    match = shutil.which("fc-match")
    if match is None:
        return False
    found = subprocess.run([match, "Calibri"], capture_output=True, text=True, check=False)
    return "Carlito" in found.stdout


def test_libreoffice_prints_the_resources_readably_in_their_bands(soffice, tmp_path):
    """The committed workbook printed to PDF by LibreOffice: letters of 9 points or more on
    every page, and the pages across hold the workbook's bands, no column pushed further."""
    import pdfplumber

    done = subprocess.run(
        [
            soffice,
            f"-env:UserInstallation={(tmp_path / 'profile').as_uri()}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(tmp_path),
            str(COMMITTED / "cards.xlsx"),
        ],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    printed = tmp_path / "cards.pdf"
    assert done.returncode == 0 and printed.is_file(), done.stdout + done.stderr
    want = bands(openpyxl.load_workbook(COMMITTED / "cards.xlsx")[RESOURCES_SHEET])
    heads = []
    with pdfplumber.open(printed) as pdf:
        # The first rows in every band: the sheet's first pages, as they print across.
        for page in pdf.pages[: len(want)]:
            assert page.width > page.height  # landscape
            words = page.extract_words(extra_attrs=["size"])
            footer = [w["text"] for w in words if w["top"] > 0.85 * page.height]
            assert footer == [RESOURCES_SHEET, str(page.page_number), "/", str(len(pdf.pages))]
            assert min(w["size"] for w in words) >= PRINTED_LETTERS_MIN
            top = min(w["top"] for w in words)
            heads.append([w["text"] for w in words if abs(w["top"] - top) < 1])
    if not carlito_for_calibri():
        pytest.skip("LibreOffice has no Carlito here: it prints Calibri with other widths")
    assert heads == [list(dict.fromkeys(["card_id", *band])) for band in want]
