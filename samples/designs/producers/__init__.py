"""PDF producers of the design zoo: each turns a printed source and a `DesignSpec` into bytes.

Three independent engines, so that no habit of one PDF writer (how it orders text, spaces words,
names fonts, draws links) is mistaken for the catalogue's design:

- `reportlab_pdf`: ReportLab's canvas, every glyph placed by this code (encoding axes);
- `chromium_pdf`: HTML and CSS printed to PDF by Debian's Chromium through Playwright;
- `typst_pdf`: Typst, a typesetting system with its own line breaking, fonts and PDF writer.
"""

from __future__ import annotations

from samples.designs.spec import DesignSpec
from samples.source import Source


def produce(source: Source, spec: DesignSpec) -> bytes:
    """The PDF of `source` (already a printed source: see `samples.designs.content`)."""
    if spec.producer == "reportlab":
        from samples.designs.producers import reportlab_pdf

        return reportlab_pdf.render(source, spec)
    if spec.producer == "chromium":
        from samples.designs.producers import chromium_pdf

        return chromium_pdf.render(source, spec)
    from samples.designs.producers import typst_pdf

    return typst_pdf.render(source, spec)
