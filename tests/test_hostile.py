"""Bad input never costs a traceback, a previous output or the truth.

Each hostile file goes through the real command in a fresh interpreter: it must exit with its
documented code, print exactly one line `catalogue: FILE: problem` and leave the output folder
byte for byte as it was. The traps of the reading libraries (non-UTF-8 link URIs, reference
chains without end, a refused password however the library words it, zero pages) are tested
where they are defused.
"""

from __future__ import annotations

import csv
import json
import os
import signal
import subprocess
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import pytest

from extract.errors import ExitCode
from extract.pipeline import extract_pdf
from extract.readers import READERS, open_pdf
from extract.untrusted import FORMULA_TRIGGERS
from extract.write.files import render, write_files
from samples.typeset import typeset
from schemas.models import CSV_COLUMNS
from tests.conftest import REALWORLD, ROOT, SAMPLES
from tests.hostile_files import (
    CLI,
    FORMULA_BLURB,
    FORMULA_PUBLISHER,
    FORMULA_TITLE,
    FORMULA_URL,
    LATIN1_URL,
    OUTPUT_NAMES,
    TRAVERSAL_TITLE,
    blank_first_page_pdf,
    broken_xref,
    catalogue_pdf,
    encrypted_catalogue,
    endless_page_pdf,
    expected_records,
    formula_source,
    looping_link_pdf,
    lost_xref,
    png_image,
    prose_pdf,
    run_cli,
    scanned_pdf,
    small_source,
    snapshot,
    truncated,
    zero_page_pdf,
)

PASSWORD = "s3cret"
SAMPLE_2021 = SAMPLES / "ess-pvd-2021.pdf"


@pytest.fixture(scope="session")
def good_outputs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The outputs of a good extraction: what a failed run must leave untouched."""
    pdf = tmp_path_factory.mktemp("good") / "catalogue.pdf"
    pdf.write_bytes(catalogue_pdf())
    return render(extract_pdf(pdf))


@pytest.fixture
def previous(tmp_path: Path, good_outputs: dict[str, bytes]) -> Path:
    """An output folder holding a previous run's files."""
    out = tmp_path / "out"
    write_files(good_outputs, out)
    return out


def assert_refused(
    run_args: Sequence[str | Path], pdf: Path, out: Path, code: ExitCode, problem: str
) -> None:
    """The run fails cleanly: its code, one line naming the file and the problem, no output."""
    before = snapshot(out)
    run = run_cli(["extract", pdf, "-o", out, *run_args])
    assert "Traceback" not in run.stderr, run.stderr
    assert run.code == code, run.stderr
    assert len(run.lines) == 1, run.stderr
    assert run.lines[0].startswith(f"catalogue: {pdf}: "), run.lines[0]
    assert problem in run.lines[0]
    assert run.stdout == ""
    assert snapshot(out) == before


# ---------------------------------------------------------------------------------------------
# Hostile input, end to end

Builder = Callable[[Path], Path]


def _file(name: str, data: bytes | Callable[[], bytes]) -> Builder:
    def build(folder: Path) -> Path:
        path = folder / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return build


def _directory(folder: Path) -> Path:
    path = folder / "folder.pdf"
    path.mkdir()
    return path


HOSTILE: list[tuple[str, Builder, list[str], ExitCode, str]] = [
    ("missing", lambda folder: folder / "absent.pdf", [], ExitCode.NOT_FOUND, "no such file"),
    ("directory", _directory, [], ExitCode.NOT_FOUND, "is a directory"),
    ("empty", _file("empty.pdf", b""), [], ExitCode.NOT_A_PDF, "empty file"),
    ("png", _file("image.pdf", png_image), [], ExitCode.NOT_A_PDF, "not a PDF"),
    (
        "text",
        _file("notes.pdf", "Compte rendu de réunion\n".encode()),
        [],
        ExitCode.NOT_A_PDF,
        "not a PDF",
    ),
    ("header only", _file("header.pdf", b"%PDF-1.7\n"), [], ExitCode.NOT_A_PDF, "damaged PDF"),
    (
        "truncated",
        _file("cut.pdf", lambda: truncated(catalogue_pdf())),
        [],
        ExitCode.NOT_A_PDF,
        "damaged PDF",
    ),
    (  # pdfium rebuilds the table and reads on: see test_a_broken_xref_is_rebuilt_with_a_warning
        "broken xref",
        _file("xref.pdf", lambda: broken_xref(catalogue_pdf())),
        ["--reader", "pdfplumber"],
        ExitCode.NOT_A_PDF,
        "no pages found",
    ),
    ("zero pages", _file("zero.pdf", zero_page_pdf), [], ExitCode.NOT_A_PDF, "no pages found"),
    (
        "encrypted",
        _file("locked.pdf", lambda: encrypted_catalogue(PASSWORD)),
        [],
        ExitCode.ENCRYPTED,
        "give its password with --password",
    ),
    (
        "wrong password",
        _file("locked.pdf", lambda: encrypted_catalogue(PASSWORD)),
        ["--password", "not-it"],
        ExitCode.ENCRYPTED,
        "wrong password",
    ),
    ("scanned", _file("scan.pdf", scanned_pdf), [], ExitCode.NO_TEXT, "no text layer"),
    (
        "not a catalogue",
        _file("minutes.pdf", prose_pdf),
        [],
        ExitCode.NOT_A_CATALOGUE,
        "no resource cards found",
    ),
    (  # pdfminer follows the page's self-reference for ever
        "endless page",
        _file("endless.pdf", endless_page_pdf),
        ["--timeout", "2", "--reader", "pdfplumber"],
        ExitCode.TIMEOUT,
        "time limit",
    ),
    (  # pdfium and qpdf see a content entry that is no stream: the only page is unreadable
        "endless page, pdfium",
        _file("endless.pdf", endless_page_pdf),
        ["--timeout", "2", "--reader", "pdfium"],
        ExitCode.NOT_A_PDF,
        "damaged PDF (no text could be read from any page)",
    ),
    (
        "many pages past the time limit",
        _file("long.pdf", lambda: endless_page_pdf(pages=4000, endless=0)),
        ["--timeout", "1", "--jobs", "1", "-q"],
        ExitCode.TIMEOUT,
        "1 s time limit",
    ),
]


@pytest.mark.parametrize(
    ("build", "extra", "code", "problem"),
    [case[1:] for case in HOSTILE],
    ids=[case[0] for case in HOSTILE],
)
def test_hostile_input_is_refused_cleanly(tmp_path, previous, build, extra, code, problem):
    assert_refused(extra, build(tmp_path), previous, code, problem)


@pytest.mark.parametrize("name", ["missing", "empty", "truncated", "encrypted", "scanned"])
def test_a_refused_file_creates_no_output_folder(tmp_path, name):
    _, build, extra, code, problem = next(case for case in HOSTILE if case[0] == name)
    out = tmp_path / "never" / "created"
    assert_refused(extra, build(tmp_path), out, code, problem)
    assert not (tmp_path / "never").exists()


def test_the_time_limit_is_not_taken_for_a_damaged_page(tmp_path, previous):
    """The alarm fires inside pdfminer, which pdfplumber wraps as a page error: the run must
    still stop, not skip the page and go on to exit 0 with fewer resources."""
    assert_refused(
        ["--timeout", "1", "-q", "--reader", "pdfplumber"],
        SAMPLE_2021,
        previous,
        ExitCode.TIMEOUT,
        "1 s time limit",
    )


@pytest.mark.parametrize(
    ("reader", "pages", "endless"),
    [("pdfplumber", 20, 15), ("pdfium", 4000, 0)],
    ids=["a page that never ends", "pages without end"],
)
def test_the_time_limit_stops_worker_processes(tmp_path, previous, reader, pages, endless):
    """With --jobs 2 the work sits in workers; the run must not wait for them."""
    pdf = tmp_path / "endless.pdf"
    pdf.write_bytes(endless_page_pdf(pages=pages, endless=endless))
    started = time.monotonic()
    assert_refused(
        ["--timeout", "1", "--jobs", "2", "-q", "--reader", reader],
        pdf,
        previous,
        ExitCode.TIMEOUT,
        "time limit",
    )
    assert time.monotonic() - started < 30
    assert _processes_mentioning(pdf) == []


def _processes_mentioning(path: Path) -> list[int]:
    """Processes whose command line names `path`: forked workers keep their parent's."""
    proc = Path("/proc")
    if not proc.is_dir():
        pytest.skip("no /proc to list processes in")
    found = []
    for entry in proc.iterdir():
        try:
            if entry.name.isdigit() and str(path).encode() in (entry / "cmdline").read_bytes():
                found.append(int(entry.name))
        except OSError:  # the process ended while being looked at
            continue
    return found


def test_an_output_folder_that_cannot_be_made_is_one_line(tmp_path):
    pdf, out = tmp_path / "catalogue.pdf", tmp_path / "taken"
    pdf.write_bytes(catalogue_pdf())
    out.write_bytes(b"a file where the folder should go")
    run = run_cli(["extract", pdf, "-o", out, "-q"])
    assert run.code == ExitCode.OUTPUT, run.stderr
    assert len(run.lines) == 1 and run.lines[0].startswith(f"catalogue: {out}: "), run.stderr
    assert run.lines[0] == f"catalogue: {out}: is a file, not a folder"
    assert out.read_bytes() == b"a file where the folder should go"


def test_a_bug_is_one_line_too_and_writes_nothing(monkeypatch, capsys, tmp_path, previous):
    """The last resort: whatever escapes the stages is reported like any other error."""
    import extract.commands.extract
    from extract.cli import main

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    monkeypatch.setattr(extract.commands.extract, "extract_pdf", broken)
    monkeypatch.delenv("CATALOGUE_DEBUG", raising=False)
    before = snapshot(previous)
    pdf = tmp_path / "any.pdf"
    pdf.write_bytes(b"%PDF-1.7\n")  # a file that passes the checks made before the reading
    assert main(["extract", str(pdf), "-o", str(previous), "-q"]) == ExitCode.INTERNAL
    err = capsys.readouterr().err
    assert err.splitlines() == [
        f"catalogue: {pdf}: internal error (ZeroDivisionError: division by zero); please report "
        "it with this PDF (CATALOGUE_DEBUG=1 shows the traceback)"
    ]
    assert snapshot(previous) == before
    monkeypatch.setenv("CATALOGUE_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main(["extract", str(pdf), "-o", str(previous), "-q"])


# ---------------------------------------------------------------------------------------------
# Damage the readers get past: the result is the catalogue's, not an error


def test_the_right_password_opens_an_encrypted_catalogue(tmp_path):
    pdf = tmp_path / "locked.pdf"
    pdf.write_bytes(encrypted_catalogue(PASSWORD))
    run = run_cli(["extract", pdf, "-o", tmp_path / "out", "-q", "--password", PASSWORD])
    assert run.code == ExitCode.OK, run.stderr
    assert run.stderr == ""
    assert _csv_records(tmp_path / "out") == _csv_expected(expected_records(small_source()))


@pytest.mark.parametrize("reader", READERS)
def test_a_lost_cross_reference_table_is_rebuilt(tmp_path, good_outputs, reader):
    pdf = tmp_path / "lost.pdf"
    pdf.write_bytes(lost_xref(catalogue_pdf()))
    run = run_cli(["extract", pdf, "-o", tmp_path / "out", "-q", "--reader", reader])
    assert run.code == ExitCode.OK, run.stderr
    assert (tmp_path / "out" / "cards.csv").read_bytes() == good_outputs["cards.csv"]


@pytest.mark.parametrize("damage", [broken_xref, lost_xref], ids=["broken", "lost"])
def test_a_rebuilt_xref_is_said_once_for_the_file(tmp_path, good_outputs, damage):
    """pdfium rebuilds a cross-reference table that leads nowhere and reads every page; the
    records are right, and the file carries one warning that it was repaired."""
    pdf = tmp_path / "xref.pdf"
    pdf.write_bytes(damage(catalogue_pdf()))
    catalogue = extract_pdf(pdf, reader="pdfium")
    assert render(catalogue)["cards.csv"] == good_outputs["cards.csv"]
    (warning,) = catalogue.warnings
    assert (warning.code, warning.page) == ("document-repaired", None)
    assert "cross-reference table" in warning.message


# ---------------------------------------------------------------------------------------------
# Traps in the reading libraries


def test_a_link_uri_in_latin1_is_read_not_fatal(tmp_path):
    from tests.hostile_files import latin1_uri_catalogue

    pdf = tmp_path / "latin1.pdf"
    pdf.write_bytes(latin1_uri_catalogue())
    catalogue = extract_pdf(pdf)
    assert catalogue.resources[0].url == LATIN1_URL
    assert catalogue.resources[0].links == [LATIN1_URL]
    assert not catalogue.warnings
    want = expected_records(small_source())
    assert [r.record() for r in catalogue.resources][1:] == want[1:]


def test_the_pdfplumber_reader_never_asks_for_page_hyperlinks(tmp_path, monkeypatch):
    """pdfplumber's `page.hyperlinks` decodes every URI as UTF-8 and fails on a Latin-1 one (and
    recurses without end on some files): the reader reads the annotations itself. Were it to
    call `hyperlinks`, this reading would fail."""
    import pdfplumber.page

    from tests.hostile_files import latin1_uri_catalogue

    def trap(self: object) -> object:
        raise AssertionError("the reader called page.hyperlinks")

    monkeypatch.setattr(pdfplumber.page.Page, "hyperlinks", property(trap))
    pdf = tmp_path / "latin1.pdf"
    pdf.write_bytes(latin1_uri_catalogue())
    catalogue = extract_pdf(pdf, reader="pdfplumber")
    assert catalogue.resources[0].links == [LATIN1_URL]
    assert not catalogue.warnings


@pytest.mark.parametrize(
    ("reader", "said"), [("pdfplumber", "refers to itself"), ("pdfium", "cannot be read")]
)
def test_a_link_without_end_costs_its_page_links_only(tmp_path, reader, said):
    pdf = tmp_path / "loop.pdf"
    pdf.write_bytes(looping_link_pdf())
    with open_pdf(pdf, reader=reader) as doc:
        first, second = list(doc.pages())
    assert first.links == ()
    assert [w.code for w in first.warnings] == ["links-unreadable"]
    assert said in first.warnings[0].message
    assert "".join(c.text for c in first.chars) == "Bonjour, page 1"
    assert [link.uri for link in second.links] == ["https://example.org/page-2"]
    assert second.warnings == ()


def test_links_that_recurse_are_skipped_with_a_warning_and_the_rest_goes_on(tmp_path, monkeypatch):
    """Whatever makes reading a page's links recurse without end (pdfplumber's `hyperlinks` on
    the Federal Register file), that page loses its links, not its text, and the others stay."""
    import extract.readers.pdfplumber_reader

    pdf = tmp_path / "catalogue.pdf"
    pdf.write_bytes(catalogue_pdf("annotations"))
    resolve, read_page = (
        extract.readers.pdfplumber_reader._resolve,
        extract.readers.pdfplumber_reader.PdfplumberReader._page,
    )
    reading: list[int] = [0]

    def page(self: extract.readers.pdfplumber_reader.PdfplumberReader, raw: Any) -> object:
        reading[0] = raw.page_number
        return read_page(self, raw)

    def deep(value: object) -> object:
        if reading[0] == 5:
            raise RecursionError("maximum recursion depth exceeded")
        return resolve(value)

    monkeypatch.setattr(extract.readers.pdfplumber_reader.PdfplumberReader, "_page", page)
    monkeypatch.setattr(extract.readers.pdfplumber_reader, "_resolve", deep)
    catalogue = extract_pdf(pdf, reader="pdfplumber")
    warned = {(w.code, w.page) for w in catalogue.warnings}
    assert warned == {("links-unreadable", 5), ("resource-without-link", 5)}
    want = expected_records(small_source())
    got = [r.record() for r in catalogue.resources]
    assert [r["title"] for r in got] == [r["title"] for r in want]
    kept = [r["links"] for r in want if r["page"] != 5]
    assert [r["links"] for r in got if r["page"] != 5] == kept
    assert all(r["links"] == [] for r in got if r["page"] == 5)


def test_the_federal_register_links_are_read_where_pdfplumber_recurses():
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} is absent (third-party PDFs, not shipped with the repository)")
    pdf = REALWORLD / "pdfplumber__federal-register-2020-17221.pdf"
    with open_pdf(pdf) as doc:
        pages = list(doc.pages(range(0, 2)))
    assert len(pages[0].links) == 9
    assert all(link.uri for page in pages for link in page.links)
    assert not any(w.code == "links-unreadable" for page in pages for w in page.warnings)


@pytest.mark.parametrize("reader", READERS)
def test_a_refused_password_is_reported_as_wrong_by_either_reader(tmp_path, reader):
    """However the reading library words its refusal, the product says `wrong password` and
    exits 5, writing nothing."""
    pdf = tmp_path / "locked.pdf"
    pdf.write_bytes(encrypted_catalogue(PASSWORD))
    out = tmp_path / "out"
    run = run_cli(["extract", pdf, "--password", "not-it", "-o", out, "--reader", reader])
    assert run.code == ExitCode.ENCRYPTED
    assert run.lines == [f"catalogue: {pdf}: wrong password"]
    assert not out.exists()


@pytest.mark.parametrize(
    ("name", "extra", "code", "problem"),
    [
        (
            "pdfplumber__password-example.pdf",
            ["--password", "nope"],
            ExitCode.ENCRYPTED,
            "wrong password",
        ),
        ("pdfplumber__password-example.pdf", [], ExitCode.ENCRYPTED, "--password"),
        (
            "pdfplumber__issue-297-example.pdf",
            ["--reader", "pdfplumber"],
            ExitCode.NOT_A_PDF,
            "no pages found",
        ),
        (  # pdfium rebuilds its table and finds one page, with nothing readable on it
            "pdfplumber__issue-297-example.pdf",
            ["--reader", "pdfium"],
            ExitCode.NOT_A_PDF,
            "damaged PDF (no text could be read from any page)",
        ),
        ("pdfplumber__empty.pdf", [], ExitCode.NOT_A_PDF, "empty file"),
        ("derived__2023-06-20-PV.truncated-60pct.pdf", [], ExitCode.NOT_A_PDF, "damaged PDF"),
    ],
)
def test_realworld_traps(previous, name, extra, code, problem):
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} is absent (third-party PDFs, not shipped with the repository)")
    assert_refused(extra, REALWORLD / name, previous, code, problem)


@pytest.mark.parametrize(
    ("reader", "said"),
    [
        ("pdfplumber", "Data-loss"),  # what pdfminer logs
        ("pdfium", "could not be decoded: deflated data damaged (incorrect data check)"),
    ],
)
def test_a_corrupt_stream_partly_recovered_is_a_warning_not_a_stray_line(tmp_path, reader, said):
    """The readers get past a corrupt stream and say so (pdfminer in its log, pdfium not at
    all); that must reach the page's warnings, not stderr beside the one-line message."""
    if not REALWORLD.is_dir():
        pytest.skip(f"{REALWORLD} is absent (third-party PDFs, not shipped with the repository)")
    pdf = REALWORLD / "pdfminer__zen_of_python_corrupted.pdf"
    with open_pdf(pdf, reader=reader) as doc:
        (page,) = list(doc.pages())
    assert [w.code for w in page.warnings] == ["page-unreadable"]
    assert said in page.warnings[0].message
    run = run_cli(["extract", pdf, "-o", tmp_path / "out", "-q", "--reader", reader])
    assert len(run.lines) == 1, run.stderr


@pytest.mark.parametrize("reader", READERS)
def test_a_content_stream_that_inflates_to_nothing_is_reported(tmp_path, reader):
    """pdfminer reads a compressed stream it cannot inflate as empty, silently; pdfium too."""
    data = catalogue_pdf()
    stream = data.index(b"stream\n", data.index(b"/Filter [ /ASCII85Decode /FlateDecode ]"))
    start = stream + len(b"stream\n")
    damaged = data[:start] + b"!" * 40 + data[start + 40 :]
    pdf = tmp_path / "inflate.pdf"
    pdf.write_bytes(damaged)
    with open_pdf(pdf, reader=reader) as doc:
        pages = list(doc.pages())
    assert pages[0].chars == ()
    assert [w.code for w in pages[0].warnings] == ["page-unreadable"]
    assert "content stream" in pages[0].warnings[0].message
    assert "could not be decoded" in pages[0].warnings[0].message
    assert all(p.warnings == () for p in pages[1:])


def test_a_blank_page_is_not_taken_for_a_lost_stream(tmp_path):
    pdf = tmp_path / "blank.pdf"
    pdf.write_bytes(blank_first_page_pdf())
    with open_pdf(pdf) as doc:
        blank, text = list(doc.pages())
    assert (blank.chars, blank.warnings) == ((), ())
    assert "".join(c.text for c in text.chars) == "Bonjour, page 2"


def test_glyphs_without_unicode_are_flagged_not_passed_off_as_text(tmp_path):
    """Without its ToUnicode map a font's accented glyphs come out of pdfminer as `(cid:3)`:
    not text of the document, so they are read as U+FFFD and the page is flagged."""
    pdf = tmp_path / "cid.pdf"
    pdf.write_bytes(catalogue_pdf().replace(b"/ToUnicode", b"/ToUnicodX"))
    with open_pdf(pdf) as doc:
        page = list(doc.pages())[3]
    text = "".join(c.text for c in page.chars)
    assert "(cid:" not in text
    assert text.startswith("RUBRIQUE \ufffd ESS \ufffd")
    assert [w.code for w in page.warnings] == ["page-unreadable"]
    assert "no Unicode mapping" in page.warnings[0].message


# ---------------------------------------------------------------------------------------------
# Text from the PDF is data


def _csv_records(out: Path) -> list[dict[str, str]]:
    with (out / "cards.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _csv_expected(records: list[dict[str, object]]) -> list[dict[str, str]]:
    def cell(value: object) -> str:
        if value is None:
            return ""
        if isinstance(value, list):
            return " | ".join(map(str, value))
        return str(value)

    return [{k: cell(v) for k, v in r.items()} for r in records]


@pytest.fixture(scope="module")
def formula_run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    folder = tmp_path_factory.mktemp("formula")
    pdf = folder / "formula.pdf"
    pdf.write_bytes(typeset(formula_source(), "annotations", "portrait-2col"))
    out = folder / "out"
    run = run_cli(["extract", pdf, "-o", out, "-q"])
    assert run.code == ExitCode.OK, run.stderr
    return folder, out


def test_text_cells_a_spreadsheet_would_run_are_neutralised(formula_run):
    _, out = formula_run
    first = _csv_records(out)[0]
    assert first["title"] == "'" + FORMULA_TITLE
    assert first["publisher"] == "'" + FORMULA_PUBLISHER
    assert first["description"] == "'" + " ".join(FORMULA_BLURB)
    assert first["url"] == "'" + FORMULA_URL
    for name in CSV_COLUMNS:
        for row in _csv_records(out):
            assert not row[name].startswith(FORMULA_TRIGGERS), (name, row[name])


def test_the_links_cell_is_neutralised_too(formula_run):
    _, out = formula_run
    for row in _csv_records(out):
        assert not row["links"].startswith(FORMULA_TRIGGERS), row["links"]


def test_the_json_keeps_the_text_as_printed(formula_run):
    _, out = formula_run
    first = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))["resources"][0]
    assert (first["title"], first["publisher"], first["url"]) == (
        FORMULA_TITLE,
        FORMULA_PUBLISHER,
        FORMULA_URL,
    )


def test_nothing_from_the_pdf_is_used_as_a_path(formula_run):
    folder, out = formula_run
    catalogue = json.loads((out / "catalogue.json").read_text(encoding="utf-8"))
    assert catalogue["edition"]["title"].startswith(TRAVERSAL_TITLE)  # kept as data only
    written = sorted(str(p.relative_to(folder)) for p in folder.rglob("*"))
    assert written == ["formula.pdf", "out", *(f"out/{name}" for name in sorted(OUTPUT_NAMES))]
    package = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    assert package["name"] == "formula"
    assert [r["path"] for r in package["resources"]] == ["cards.csv", "cards.xlsx"]
    assert not Path(TRAVERSAL_TITLE).resolve().exists()


# ---------------------------------------------------------------------------------------------
# Interruptions: the previous outputs survive


def _temporaries(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name not in OUTPUT_NAMES)


def _start(pdf: Path, out: Path, *extra: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [*CLI, "extract", str(pdf), "-o", str(out), *extra],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # a group of its own, so a Ctrl-C can be sent to it alone
    )


def _wait_for_progress(process: subprocess.Popen[str]) -> list[str]:
    """Read stderr until the first progress line: the run is then mid-way through its pages."""
    assert process.stderr is not None
    seen: list[str] = []
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        line = process.stderr.readline()
        if not line:
            break
        seen.append(line)
        if "pages read" in line:
            return seen
    raise AssertionError(f"no progress before the deadline: {seen}")


@pytest.mark.parametrize(
    ("how", "jobs"),
    [("SIGINT", "1"), ("SIGTERM", "1"), ("Ctrl-C to the group", "2")],
)
def test_an_interrupted_run_leaves_the_previous_outputs(previous, how, jobs):
    before = snapshot(previous)
    process = _start(SAMPLE_2021, previous, "--jobs", jobs, "--timeout", "0")
    try:
        _wait_for_progress(process)
        if how == "SIGINT":
            process.send_signal(signal.SIGINT)
        elif how == "SIGTERM":
            process.send_signal(signal.SIGTERM)
        else:
            os.killpg(process.pid, signal.SIGINT)
        _, rest = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert process.returncode == ExitCode.INTERRUPTED, rest
    assert "Traceback" not in rest, rest
    assert rest.splitlines()[-1] == "catalogue: interrupted; previous outputs left as they were"
    assert snapshot(previous) == before
    assert _temporaries(previous) == []


# Run in a fresh interpreter, with and without another thread alive: signals must be held for
# the whole process, not only the thread that writes.
INTERRUPT_WRITE = """
import os, signal, sys, threading
from pathlib import Path
from extract.write.files import write_files

out, name, after, threads = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3]), sys.argv[4]
new = {p.name: p.read_bytes() + b"\\n" for p in sorted(out.iterdir())}
real, calls = getattr(os, name), [0]

def hooked(*args):
    result = real(*args)
    calls[0] += 1
    if calls[0] == after:
        os.kill(os.getpid(), signal.SIGINT)
    return result

setattr(os, name, hooked)
done = threading.Event()
if threads == "another thread":
    threading.Thread(target=done.wait, daemon=True).start()
try:
    write_files(new, out)
except KeyboardInterrupt:
    print("interrupted")
done.set()
"""


def _interrupt_write(out: Path, during: str, after: int, threads: str = "") -> dict[str, bytes]:
    """Rewrite `out` (every file plus a newline), sending SIGINT from inside the `after`-th
    call of `os.<during>`; the outputs expected if the write completes."""
    new = {name: data + b"\n" for name, data in snapshot(out).items()}
    done = subprocess.run(
        [*CLI[:1], "-c", INTERRUPT_WRITE, str(out), during, str(after), threads],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout == "interrupted\n", done.stderr
    return new


def test_an_interrupt_while_the_new_files_are_staged_keeps_the_old_ones(previous):
    before = snapshot(previous)
    _interrupt_write(previous, "fsync", after=2)
    assert snapshot(previous) == before
    assert _temporaries(previous) == []


def test_an_interrupt_during_the_renames_waits_for_the_whole_set(previous):
    new = _interrupt_write(previous, "replace", after=1)
    assert snapshot(previous) == new
    assert _temporaries(previous) == []


def test_an_interrupt_during_the_renames_waits_even_with_another_thread(previous):
    new = _interrupt_write(previous, "replace", after=1, threads="another thread")
    assert snapshot(previous) == new


def test_outputs_are_written_through_a_temporary_file_in_the_same_folder(
    monkeypatch, tmp_path, good_outputs
):
    renames: list[tuple[Path, Path]] = []
    real = os.replace

    def record(src: str, dst: str) -> None:
        renames.append((Path(src), Path(dst)))
        real(src, dst)

    monkeypatch.setattr(os, "replace", record)
    write_files(good_outputs, tmp_path / "out")
    assert sorted(dst.name for _, dst in renames) == sorted(OUTPUT_NAMES)
    assert all(src.parent == dst.parent == tmp_path / "out" for src, dst in renames)
    assert snapshot(tmp_path / "out") == good_outputs
