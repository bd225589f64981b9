"""The pypdfium2 reader gives the pages the pdfplumber reader gives, at 2-decimal precision.

Coordinates come from different libraries, and pdfium's are float32: rounded to the reference's
3 decimals, a value on a rounding tie can come out a thousandth apart, so numbers are compared
within half a hundredth rather than rounded (rounding would split such a pair at 2 decimals too).
"""

from __future__ import annotations

import math
import os
import subprocess
import sys
from concurrent.futures import ProcessPoolExecutor
from dataclasses import fields
from pathlib import Path

import pytest
from reportlab.lib.pdfencrypt import StandardEncryption
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfgen.canvas import Canvas

from extract.document import Char, LinkAnnotation, PageContent
from extract.errors import Encrypted, ExitCode, NotAPdf
from extract.readers import open_pdf
from extract.readers.pdfium_reader import PdfiumReader
from extract.readers.pdfplumber_reader import PdfplumberReader
from samples.source import load
from samples.typeset import LAYOUTS, LINK_MODES, LayoutName, LinkMode, typeset
from tests.conftest import SAMPLES

SAMPLE = SAMPLES / "ess-pvd-2021.pdf"
SOURCE = SAMPLES / "ess-pvd-2021.source.json"
PRECISION = 0.005  # equal once rounded to 2 decimals, whichever side of a tie each lands on


def differences(path: Path, password: str | None = None) -> list[str]:
    """Every way the two readers' pages differ, page by page (empty when they agree)."""
    found: list[str] = []
    reference, pdfium = PdfplumberReader(path, password), PdfiumReader(path, password)
    try:
        if reference.info() != pdfium.info():
            found.append(f"info: {reference.info()} != {pdfium.info()}")
        for expected, got in zip(reference.pages(), pdfium.pages(), strict=True):
            found += page_differences(expected, got)
    finally:
        reference.close()
        pdfium.close()
    return found


def page_differences(expected: PageContent, got: PageContent) -> list[str]:
    where = f"page {expected.number}"
    found = [
        f"{where} {name}: {getattr(expected, name)!r} != {getattr(got, name)!r}"
        for name in ("number", "width", "height", "rotation", "warnings")
        if not same(getattr(expected, name), getattr(got, name))
    ]
    text, got_text = "".join(c.text for c in expected.chars), "".join(c.text for c in got.chars)
    if text != got_text or len(expected.chars) != len(got.chars):
        pairs = zip(text, got_text, strict=False)
        at = next((i for i, (a, b) in enumerate(pairs) if a != b), min(len(text), len(got_text)))
        window = slice(max(0, at - 30), at + 30)
        return [*found, f"{where} text from char {at}: {text[window]!r} != {got_text[window]!r}"]
    found += [
        f"{where} char {i} {c.text!r}: {name} {getattr(c, name)!r} != {getattr(d, name)!r}"
        for i, (c, d) in enumerate(zip(expected.chars, got.chars, strict=True))
        for name in Char._fields
        if not same(getattr(c, name), getattr(d, name))
    ]
    if len(expected.links) != len(got.links):
        return [*found, f"{where} links: {expected.links} != {got.links}"]
    found += [
        f"{where} link {i}: {a} != {b}"
        for i, (a, b) in enumerate(zip(expected.links, got.links, strict=True))
        if not all(same(getattr(a, f.name), getattr(b, f.name)) for f in fields(LinkAnnotation))
    ]
    return found


def same(a: object, b: object) -> bool:
    if isinstance(a, float) and isinstance(b, float):
        return math.isclose(a, b, abs_tol=PRECISION)
    if isinstance(a, tuple) and isinstance(b, tuple):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    return a == b


def assert_same_pages(path: Path, password: str | None = None) -> None:
    assert_none(differences(path, password))


# ---------------------------------------------------------------------------------------------
# The sample and its facsimile variants, compared side by side in worker processes (each
# document takes seconds with the reference reader).


def typeset_and_compare(layout: LayoutName, links: LinkMode, out: Path) -> list[str]:
    path = out / f"{layout}-{links}.pdf"
    path.write_bytes(typeset(load(SOURCE), links, layout))
    return differences(path)


@pytest.fixture(scope="module")
def compared(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    out = tmp_path_factory.mktemp("pdfium-facsimiles")
    with ProcessPoolExecutor(max_workers=min(4, os.cpu_count() or 1)) as pool:
        jobs = {"sample": pool.submit(differences, SAMPLE)}
        for layout in LAYOUTS:
            for links in LINK_MODES:
                jobs[f"{layout}-{links}"] = pool.submit(typeset_and_compare, layout, links, out)
        return {name: job.result() for name, job in jobs.items()}


def assert_none(found: list[str]) -> None:
    assert not found, f"{len(found)} differences, first ones:\n" + "\n".join(found[:10])


def test_sample_reads_the_same(compared: dict[str, list[str]]) -> None:
    assert_none(compared["sample"])


@pytest.mark.parametrize("links", LINK_MODES)
@pytest.mark.parametrize("layout", LAYOUTS)
def test_facsimile_reads_the_same(compared: dict[str, list[str]], layout: str, links: str) -> None:
    assert_none(compared[f"{layout}-{links}"])


# ---------------------------------------------------------------------------------------------
# What pdfium's text page rearranges or drops, and geometry beyond the sample's.


def quirks_pdf(path: Path, rotate: int = 0) -> Path:
    """Text that pdfium's text page reorders, collapses or drops, in several geometries."""
    c = Canvas(str(path), pagesize=(595, 842), invariant=1)
    c.setPageRotation(rotate)
    c.setFont("Vera", 10)  # registered by samples.typeset
    c.drawString(50, 800, "a     b  c d")  # a run of spaces: pdfium keeps one
    c.drawString(50, 780, "trailing   ")  # so at the end of a line
    c.drawString(50, 760, "   leading")
    c.drawString(50, 740, "socio-  ")  # a line-end hyphen: pdfium drops the spaces after it
    c.drawString(50, 728, "économique suite")
    c.drawString(300, 700, "right")  # drawn first, to the right: pdfium sorts the line by x
    c.drawString(50, 700, "left")
    c.drawString(50, 680, "bold")  # faux bold: pdfium drops the repeat
    c.drawString(50.2, 680, "bold")
    spaced = c.beginText(50, 660)
    spaced.setFont("Vera", 10)
    spaced.setCharSpace(1.5)
    spaced.setWordSpace(4)
    spaced.textOut("spaced  out text")
    spaced.setCharSpace(0)
    spaced.setWordSpace(0)
    c.drawText(spaced)
    c.setFillGray(0.4)
    c.drawString(150, 580, "grey")
    c.setFillColorRGB(0.123, 0.456, 0.789)
    c.drawString(250, 580, "three decimals")
    c.setFillColorRGB(0, 0, 0)
    for font, x in (("Helvetica", 50), ("Times-Roman", 200), ("Courier", 350)):
        c.setFont(font, 9)
        c.drawString(x, 560, f"{font} text")
    c.setFont("Vera", 10)
    for angle, at in ((30, (100, 400)), (180, (500, 300)), (90, (560, 300))):
        c.saveState()
        c.translate(*at)
        c.rotate(angle)
        c.drawString(0, 0, f"turned {angle}")
        c.restoreState()
    c.saveState()
    c.translate(400, 250)
    c.scale(-1, 1)
    c.drawString(0, 0, "mirrored")
    c.restoreState()
    c.beginForm("form")
    c.setFont("Vera", 10)
    c.drawString(10, 10, "in a form  XObject")
    c.endForm()
    c.saveState()
    c.translate(50, 200)
    c.doForm("form")
    c.restoreState()
    c.linkURL("https://example.org/caf\xe9", (50, 100, 150, 112), relative=0)  # Latin-1 bytes
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize("rotate", [0, 90, 270])
def test_text_pdfium_rearranges_reads_the_same(tmp_path: Path, rotate: int) -> None:
    assert "Vera" in pdfmetrics.getRegisteredFontNames()
    assert_same_pages(quirks_pdf(tmp_path / "quirks.pdf", rotate))


def test_link_with_latin1_bytes_decodes_as_the_reference(tmp_path: Path) -> None:
    with PdfiumReader(quirks_pdf(tmp_path / "quirks.pdf")) as reader:
        (page,) = reader.pages()
    assert [link.uri for link in page.links] == ["https://example.org/café"]


def test_pages_are_closed_once_read() -> None:
    reader = PdfiumReader(SAMPLE)
    try:
        pages = reader.pages()
        for _ in range(3):
            next(pages)
            live = [kid() for kid in reader.pdf._kids if kid() is not None and kid().raw]
            assert live == []
    finally:
        reader.close()


# ---------------------------------------------------------------------------------------------
# Files that cannot be read: the reference's errors.


def encrypted_pdf(path: Path) -> Path:
    c = Canvas(str(path), encrypt=StandardEncryption("secret", "owner-secret", strength=128))
    c.drawString(72, 720, "Confidential")
    c.showPage()
    c.save()
    return path


@pytest.mark.parametrize(
    ("password", "problem"),
    [(None, "encrypted; give its password with --password"), ("guess", "wrong password")],
)
def test_encrypted_pdf_without_its_password(
    tmp_path: Path, password: str | None, problem: str
) -> None:
    path = encrypted_pdf(tmp_path / "encrypted.pdf")
    for reader in ("pdfplumber", "pdfium"):
        with pytest.raises(Encrypted) as caught:
            open_pdf(path, password=password, reader=reader)
        assert caught.value.problem == problem


def test_encrypted_pdf_with_its_password_reads_the_same(tmp_path: Path) -> None:
    path = encrypted_pdf(tmp_path / "encrypted.pdf")
    assert_same_pages(path, "secret")


def test_truncated_pdf_is_not_a_pdf(tmp_path: Path) -> None:
    path = tmp_path / "truncated.pdf"
    data = SAMPLE.read_bytes()
    path.write_bytes(data[: len(data) * 6 // 10])
    for reader in ("pdfplumber", "pdfium"):
        with pytest.raises(NotAPdf):
            open_pdf(path, reader=reader)


def test_open_pdf_gives_the_pdfium_reader() -> None:
    with open_pdf(SAMPLE, reader="pdfium") as reader:
        assert reader.name == "pdfium"
        assert reader.info().page_count == 39
        assert isinstance(reader, PdfiumReader)


# The time limit rings just after pdfium made or closed a page or text page (once the limit has
# passed it rings again every second, wherever the reader is), in the real command.
RING_AFTER = """
import signal, sys
import pypdfium2.raw

call = getattr(pypdfium2.raw, sys.argv[1])
calls = [0]

def call_then_ring(*args):
    result = call(*args)
    calls[0] += 1
    if calls[0] == 3:
        signal.raise_signal(signal.SIGALRM)
    return result

setattr(pypdfium2.raw, sys.argv[1], call_then_ring)
from extract.cli import main
sys.exit(main(["extract", sys.argv[2], "-o", sys.argv[3], "-q", "--jobs", "1"]))
"""


@pytest.mark.parametrize(
    "function", ["FPDF_LoadPage", "FPDFText_LoadPage", "FPDFText_ClosePage", "FPDF_ClosePage"]
)
def test_a_time_limit_in_the_middle_of_opening_or_closing_leaves_nothing_open(tmp_path, function):
    """Otherwise pypdfium2 closes what was left open at exit, and says so on stderr beside the
    one-line error."""
    run = subprocess.run(
        [sys.executable, "-c", RING_AFTER, function, str(SAMPLE), str(tmp_path / "out")],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == ExitCode.TIMEOUT
    assert run.stderr.splitlines() == [
        f"catalogue: {SAMPLE}: gave up after the 600 s time limit (--timeout)"
    ]
