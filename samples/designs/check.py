"""Checks that a produced PDF is the edition its printed source describes.

A producer lays pages out with its own engine, which may push a card onto the next page or add a
page when something does not fit. The expected records would then be wrong about pages, so every
built design is checked with pdfium's own text (not with the extractor under test): the page
count, and each card's title and each group item on the page the source puts it on.
"""

from __future__ import annotations

import ctypes

import pypdfium2 as pdfium
import pypdfium2.raw as raw

from samples.expected import join_lines, spell_out_ligatures
from samples.source import Card, Source


class BuildError(ValueError):
    """A produced PDF does not match its printed source."""


def _squeeze(text: str) -> str:
    text = spell_out_ligatures(text).replace("\x02", "-").replace("\ufffe", "-")
    return "".join(text.split())


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, text object by text object in content-stream order: pdfium's own
    reading order would merge lines of two columns that share a baseline."""
    doc = pdfium.PdfDocument(pdf)
    try:
        out = []
        for page in doc:
            textpage = page.get_textpage()
            runs = []
            for obj in page.get_objects(filter=[raw.FPDF_PAGEOBJ_TEXT], max_depth=15):
                size = raw.FPDFTextObj_GetText(obj.raw, textpage.raw, None, 0)  # bytes, with NUL
                buf = ctypes.create_string_buffer(size)
                raw.FPDFTextObj_GetText(
                    obj.raw, textpage.raw, ctypes.cast(buf, ctypes.POINTER(raw.FPDF_WCHAR)), size
                )
                runs.append(buf.raw[: size - 2].decode("utf-16-le"))
            out.append(_squeeze("".join(runs)))
            textpage.close()
            page.close()
        return out
    finally:
        doc.close()


def check(pdf: bytes, source: Source) -> None:
    """Raise `BuildError` naming every card that is not where `source` says."""
    texts = page_texts(pdf)
    if len(texts) != source.page_count():
        raise BuildError(f"{len(texts)} pages, the source has {source.page_count()}")
    problems: list[str] = []
    for page in source.pages:
        text = texts[page.page - 1]
        for block in page.blocks:
            names = (
                [join_lines(block.title_lines)]
                if isinstance(block, Card)
                else [item.type_line for item in block.items]
            )
            for name in names:
                if _squeeze(name) not in text:
                    problems.append(f"page {page.page}: {name!r} not found")
    if problems:
        raise BuildError("; ".join(problems[:10]))
