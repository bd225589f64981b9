"""Read a PDF's text layer in content-stream order, line by line (for the fidelity tests)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pdfplumber


@dataclass
class StreamLine:
    text: str
    upright: bool


def stream_lines(pdf_path: Path) -> list[list[StreamLine]]:
    """Each page's text as lines, in the order the content stream draws the characters.

    A new line starts where the baseline moves or the writing direction changes; characters of
    rotated text along one baseline (a vertical banner) form one line.
    """
    pages: list[list[StreamLine]] = []
    with pdfplumber.open(pdf_path) as pdf:
        for page in pdf.pages:
            lines: list[StreamLine] = []
            key: tuple[bool, float] | None = None
            for ch in page.chars:
                upright = bool(ch["upright"])
                base = round(ch["matrix"][5] if upright else ch["matrix"][4], 1)
                if key != (upright, base):
                    lines.append(StreamLine("", upright))
                    key = (upright, base)
                lines[-1].text += ch["text"]
            pages.append(lines)
            page.close()
    return pages
