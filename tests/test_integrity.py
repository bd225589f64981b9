"""The damage pdfium reads past in silence is found, located, and said the same way whatever
pages a process reads (`extract/readers/integrity.py`)."""

from __future__ import annotations

import re
import zlib
from pathlib import Path

import pikepdf
import pytest

from extract.pipeline import extract_pdf
from extract.readers import READERS, open_pdf
from extract.readers.integrity import Integrity, PageProblems
from extract.write.files import render
from tests.conftest import SAMPLES
from tests.hostile_files import PAGE_TEXT, pdf_from_objects

PAGE = (
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
    b"/Resources << /Font << /F1 3 0 R >> >> >>"
)


def _two_pages(second_page_stream: bytes) -> bytes:
    """Two pages of text; the second page's content stream is `second_page_stream` (an object)."""
    return pdf_from_objects(
        [
            b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [4 0 R 6 0 R] /Count 2 >>",
            b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
            PAGE % 5,
            _deflated(PAGE_TEXT % 1),
            PAGE % 7,
            second_page_stream,
        ]
    )


def _deflated(data: bytes) -> bytes:
    packed = zlib.compress(data, 0)  # stored, not compressed: the text is there to change
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed)


def _retyped(data: bytes, old: bytes, new: bytes) -> bytes:
    """`old` changed to `new` (same length) inside the stored zlib data, sum left as it was."""
    assert len(old) == len(new) and data.count(old) == 1
    return data.replace(old, new)


@pytest.mark.parametrize("sample", ["ess-pvd-2021.pdf", "ess-pvd-2022.pdf"])
def test_a_sound_file_has_nothing_to_report(sample):
    pdf = SAMPLES / sample
    with Integrity(pdf) as check:
        assert check.opening == []
        assert [check.page(i) for i in range(len(check.pdf.pages))] == [PageProblems([], [])] * len(
            check.pdf.pages
        )


def test_qpdf_alone_does_not_notice_a_changed_byte_that_still_inflates(tmp_path):
    """Why zlib is asked as well: qpdf skips the Adler-32 sum at the end of zlib data."""
    pdf = tmp_path / "retyped.pdf"
    pdf.write_bytes(_retyped(_two_pages(_deflated(PAGE_TEXT % 2)), b"page 2", b"page 9"))
    with pikepdf.open(pdf) as doc:
        stream = doc.pages[1].obj.Contents
        text, raw = stream.read_bytes(), stream.read_raw_bytes()
        warnings = doc.get_warnings()
    if b"page 9" not in text or warnings:
        pytest.skip("this qpdf checks the sum: the trap is gone, the check stays")
    with pytest.raises(zlib.error):
        zlib.decompress(raw)


@pytest.mark.parametrize("reader", READERS)
def test_a_changed_byte_that_still_inflates_is_a_warning_on_its_page(tmp_path, reader):
    pdf = tmp_path / "retyped.pdf"
    pdf.write_bytes(_retyped(_two_pages(_deflated(PAGE_TEXT % 2)), b"page 2", b"page 9"))
    with open_pdf(pdf, reader=reader) as doc:
        first, second = list(doc.pages())
    assert first.warnings == ()
    assert "".join(c.text for c in second.chars) == "Bonjour, page 9"  # read, but not trusted
    assert [w.code for w in second.warnings] == ["page-unreadable"]
    assert "some of its text may be missing or wrong" in second.warnings[0].message


def test_the_warning_names_the_stream_and_the_damage_not_the_file(tmp_path):
    pdf = tmp_path / "retyped.pdf"
    pdf.write_bytes(_retyped(_two_pages(_deflated(PAGE_TEXT % 2)), b"page 2", b"page 9"))
    with Integrity(pdf) as check:
        assert check.page(0) == PageProblems([], [])
        assert check.page(1).streams == [
            "content stream 7 0 could not be decoded: deflated data damaged (incorrect data check)"
        ]
    with open_pdf(pdf) as doc:
        assert str(tmp_path) not in repr(list(doc.pages()))


@pytest.mark.parametrize(
    ("stream", "said"),
    [
        (
            b"<< /Length 20 /Filter /FlateDecode >>\nstream\nxxxxxxxxxxxxxxxxxxxx\nendstream",
            "damaged",
        ),
        (
            b"<< /Length 21 /Filter /ASCII85Decode >>\nstream\n"
            b'87cURD]i,"Ebo80@\xff\xff~>\nendstream',
            "base 85",
        ),
    ],
    ids=["not deflate data", "not base 85"],
)
def test_streams_that_do_not_decode_at_all_are_named(tmp_path, stream, said):
    pdf = tmp_path / "broken.pdf"
    pdf.write_bytes(_two_pages(stream))
    with Integrity(pdf) as check:
        (note,) = check.page(1).streams
    assert note.startswith("content stream 7 0 could not be decoded: ")
    assert said in note


def test_deflated_data_cut_short_is_named(tmp_path):
    packed = zlib.compress(PAGE_TEXT % 2)[:-9]
    stream = b"<< /Length %d /Filter /FlateDecode >>\nstream\n%s\nendstream" % (len(packed), packed)
    pdf = tmp_path / "short.pdf"
    pdf.write_bytes(_two_pages(stream))
    with Integrity(pdf) as check:
        assert check.page(1).streams == [
            "content stream 7 0 could not be decoded: deflated data ends early"
        ]


def _damaged_font_program(sample: Path) -> bytes:
    """The sample with one byte changed in the middle of an embedded font program."""
    data = sample.read_bytes()
    with pikepdf.open(sample) as doc:
        programs = [
            o for o in doc.objects if isinstance(o, pikepdf.Dictionary) and "/FontFile2" in o
        ]
        raw = programs[0].FontFile2.read_raw_bytes()
    at = data.index(raw) + len(raw) // 2
    changed = b"A" if data[at : at + 1] != b"A" else b"B"
    return data[:at] + changed + data[at + 1 :]


def test_a_damaged_font_is_said_on_every_page_that_uses_it_in_any_process(tmp_path):
    """The check of a shared stream is kept for every page that draws with it: a worker that
    reads pages 20-39 says the same of page 20 as one process reading them all."""
    pdf = tmp_path / "font.pdf"
    pdf.write_bytes(_damaged_font_program(SAMPLES / "ess-pvd-2021.pdf"))
    one = extract_pdf(pdf, jobs=1)
    two = extract_pdf(pdf, jobs=2)
    assert render(one) == render(two)
    flagged = {w.page for w in one.warnings if "font program" in w.message}
    assert len(flagged) > 30  # the body font is on nearly every page
    with Integrity(pdf) as fresh:
        late = fresh.page(29)
    assert late.streams and any("font program" in note for note in late.streams)


def test_a_page_tree_the_libraries_read_differently_is_said_for_the_file(tmp_path):
    """qpdf drops a page-tree entry that is not a page; pdfium keeps a place for it. Page i is
    then not the same page for both, so nothing is put on a page: the file carries it."""
    pdf = tmp_path / "kids.pdf"
    pdf.write_bytes(
        pdf_from_objects(
            [
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [4 0 R 6 0 R 7 0 R] /Count 3 >>",
                b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
                PAGE % 5,
                _deflated(PAGE_TEXT % 1),
                b"42",
                PAGE % 8,
                _deflated(PAGE_TEXT % 3),
            ]
        )
    )
    with open_pdf(pdf, reader="pdfium") as doc:
        (warning,) = doc.info().warnings
        pages = list(doc.pages(range(0, 1)))
    assert warning.code == "document-repaired"
    assert "page tree is damaged (2 pages for qpdf, 3 read)" in warning.message
    assert re.search(r"object 6 0: Pages tree includes non-dictionary object", warning.message)
    assert pages[0].warnings == ()


def _predicted(data: bytes, columns: int = 8) -> bytes:
    """`data` as PNG-predicted rows (predictor "None" on each), padded with spaces."""
    data += b" " * (-len(data) % columns)
    return b"".join(b"\x00" + data[i : i + columns] for i in range(0, len(data), columns))


@pytest.mark.parametrize(
    ("filters", "parms"),
    [
        (b"[/ASCIIHexDecode /FlateDecode]", b"[null << /Predictor 12 /Columns 8 >>]"),
        (b"[/ASCIIHexDecode /FlateDecode]", b"[null]"),  # one short: no predictor
        (b"/FlateDecode", b"<< /Predictor 12 /Columns 8 >>"),
    ],
    ids=["hex, deflate, predictor", "parameters array one short", "deflate, predictor"],
)
def test_sound_filter_chains_are_not_flagged(tmp_path, filters, parms):
    text = PAGE_TEXT % 2
    packed = zlib.compress(_predicted(text) if b"Predictor" in parms else text)
    data = packed.hex().encode() + b">" if b"ASCIIHex" in filters else packed
    stream = b"<< /Length %d /Filter %s /DecodeParms %s >>\nstream\n%s\nendstream" % (
        len(data),
        filters,
        parms,
        data,
    )
    pdf = tmp_path / "chain.pdf"
    pdf.write_bytes(_two_pages(stream))
    with Integrity(pdf) as check:
        assert check.page(1) == PageProblems([], [])
    with open_pdf(pdf) as doc:
        second = list(doc.pages())[1]
    assert "".join(c.text for c in second.chars) == "Bonjour, page 2"
    assert second.warnings == ()


def test_a_text_stream_with_an_unknown_filter_is_named(tmp_path):
    """pdfium reads it as if it had no filter, without a word: right here (the data is plain),
    by chance only. No image filter belongs on a content stream."""
    text = PAGE_TEXT % 2
    stream = b"<< /Length %d /Filter /FlateDekode >>\nstream\n%s\nendstream" % (len(text), text)
    pdf = tmp_path / "misspelt.pdf"
    pdf.write_bytes(_two_pages(stream))
    with open_pdf(pdf) as doc:
        second = list(doc.pages())[1]
    assert "".join(c.text for c in second.chars) == "Bonjour, page 2"
    (warning,) = second.warnings
    assert warning.code == "page-unreadable"
    assert "content stream 7 0 could not be decoded: unknown filter /FlateDekode" in warning.message
