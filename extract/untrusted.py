"""Text from outside (a PDF's text layer and metadata, a file name, a server's answer) on its
way to an output file or a terminal.

- Control characters (Unicode category Cc: the C0 codes, DEL and the C1 codes) reach no output:
  a spreadsheet drops a leading NUL and then runs the formula behind it, a terminal obeys the
  escape sequences of a title. `without_controls` replaces each with U+FFFD, as a glyph with no
  Unicode mapping is read, and counts them, so that whoever replaces them can say so.
- What goes to a terminal is `shown`: on one line, with control characters, line separators
  and the marks that reorder a line escaped (`\\n`, `\\x1b`, `\\u202e`), and the bytes of a file
  name that are not UTF-8 (kept by Python as lone surrogates, which printing refuses) shown as
  `\\xff`.
- A spreadsheet runs a cell that starts with one of `FORMULA_TRIGGERS`: every CSV the tool
  writes puts an apostrophe before such a cell (`extract.write.cells`), and what reads a CSV
  back takes it off again (`as_printed`).
- JSON is written with `json_text`: the text as it is, but DEL and the C1 codes, which JSON
  lets through raw and some terminals obey (U+009B opens an escape sequence), escaped.
"""

from __future__ import annotations

import json
import re

REPLACEMENT = "\ufffd"
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # exactly the Cc category
_CONTROL_NOT_NEWLINE = re.compile(r"[\x00-\x09\x0b-\x1f\x7f-\x9f]")
# A spreadsheet runs a cell that starts with one of these as a formula (tab and carriage
# return are control characters, replaced before: kept for a caller that checks alone).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
_RAW_IN_JSON = re.compile(r"[\x7f-\x9f]")  # json.dumps escapes the C0 codes, not these
# Category Cc, line and paragraph separators, lone surrogates, and the bidirectional marks
# that make a terminal show a line in another order than it holds.
_HIDDEN = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def without_controls(text: str, *, lines: bool = False) -> tuple[str, int]:
    """`text` with each control character replaced by U+FFFD, and how many there were; with
    `lines`, its newlines kept (a report of several lines)."""
    return (_CONTROL_NOT_NEWLINE if lines else CONTROL).subn(REPLACEMENT, text)


def json_text(data: object) -> str:
    """`data` as indented JSON, non-ASCII text as it is, every control character escaped."""
    text = json.dumps(data, ensure_ascii=False, indent=2)
    return _RAW_IN_JSON.sub(lambda m: f"\\u{ord(m.group()):04x}", text) + "\n"


def has_controls(text: str) -> bool:
    return CONTROL.search(text) is not None


def _escaped(match: re.Match[str]) -> str:
    ch = match.group()
    if "\udc80" <= ch <= "\udcff":  # a byte of a file name that is not UTF-8 (surrogateescape)
        return f"\\x{ord(ch) - 0xDC00:02x}"
    return ch.encode("unicode_escape", "backslashreplace").decode("ascii")


def shown(text: object) -> str:
    """`text` (or a path) as a terminal may show it: on one line, nothing in it acted on."""
    return _HIDDEN.sub(_escaped, str(text))


def as_printed(text: str) -> str:
    """A CSV cell's text as printed: without the apostrophe that keeps a spreadsheet from
    running it (`'=1+2` → `=1+2`). A printed text that itself starts with an apostrophe and
    then one of `=+-@` cannot be told from a guarded one, and loses its apostrophe."""
    if text.startswith("'") and text[1:].startswith(FORMULA_TRIGGERS):
        return text[1:]
    return text
