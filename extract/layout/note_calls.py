"""Note calls: the small raised numbers that call a printed note (`TITRE¹`, `texte 2,3`).

A call glued to a line's end is cut off its text and kept apart as the line's marks, for
pairing notes with what calls them (`lines.page_lines`).
"""

from __future__ import annotations

from collections.abc import Sequence

import regex

from extract.document import Char
from extract.settings import MarkSettings, current

# A note call's length, size, rise and place are `extract.settings.MarkSettings`.
_MARK = regex.compile(r"[0-9*†‡]+(?:\s*[,;]\s*[0-9*†‡]+)*")
_MARK_SPLIT = regex.compile(r"\s*[,;]\s*|\s+")


def is_note_call(text: str) -> bool:
    """Whether `text` reads as a note call: digits or a star, or a list of them."""
    return bool(_MARK.fullmatch(text))


def _is_call(chars: Sequence[Char], size: float, baseline: float, settings: MarkSettings) -> bool:
    """Whether `chars` read as a note call beside text of `size` on `baseline`: digits (or a
    list of them), set smaller and raised."""
    text = "".join(c.text for c in chars).strip()
    return (
        0 < len(text) <= settings.chars
        and is_note_call(text)
        and all(c.size <= settings.size * size for c in chars if not c.text.isspace())
        and all(
            c.baseline < baseline - settings.raised * size for c in chars if not c.text.isspace()
        )
    )


def split_note_call(run: list[Char]) -> tuple[list[Char], tuple[str, ...]]:
    """A run's text chars, and the note call glued to its end (`TITRE¹`), if any."""
    last = run[-1].text
    if not (last.isdigit() or last in "*†‡") or len(run) < 2:
        return run, ()  # the common case, decided by one glyph
    ink = [c for c in run if not c.text.isspace()]
    if len(ink) < 2:
        return run, ()
    body = max(c.size for c in ink)
    base = max(ink, key=lambda c: c.size).baseline
    settings = current().marks
    cut = len(run)
    while cut > 0 and (
        run[cut - 1].text.isspace() or _is_call([run[cut - 1]], body, base, settings)
    ):
        cut -= 1
    tail = run[cut:]
    if cut == 0 or not any(not c.text.isspace() for c in tail):
        return run, ()
    return run[:cut], marks("".join(c.text for c in tail))


def marks(text: str) -> tuple[str, ...]:
    return tuple(m for m in _MARK_SPLIT.split(text.strip()) if m)
