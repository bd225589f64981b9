"""Text rules shared by every stage: joining printed lines, reading type lines, making ids.

These are the catalogue's conventions, stated once:
- a field printed on several lines is the lines joined with one space, except after a hyphen
  glued to its word (`co-` + `construction` → `co-construction`); a hyphen after a space
  (`CIRCULAIRE -`) is a dash and keeps its space; a run of spaces is one space;
- ligature glyphs are spelled out (`ﬁ` → `fi`); everything else is kept as printed;
- a type line is `>` then a resource type and an optional year or year range in brackets
  (`>Publication (2015)`, `>Mooc (2019-2020)`), or just a year (`>2020`), or just a type;
- a group item is `>` then a type, a colon and the item's name (`>Site web : ETIC`).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)

_TYPE_MARK = regex.compile(r"^\s*>(?!>)\s*")
# An arrow that opens a line: how a button or a "read more" line is usually printed.
_ARROW = regex.compile(r"^\s*(?:>>|→|➜|▶|►)")
_YEAR_RANGE = r"(?P<y1>\d{4})(?:\s*[-–]\s*(?P<y2>\d{4}))?"
_TYPE_WITH_YEAR = regex.compile(rf"^(?P<type>.*?)\s*\(\s*{_YEAR_RANGE}\s*\)$")
_YEAR_ONLY = regex.compile(rf"^{_YEAR_RANGE}$")
_SUSPICIOUS_BRACKET = regex.compile(r"\([^)]*\d[^)]*\)\s*$")
_URL = regex.compile(r"^(?:https?://|www\.)\S+$", regex.IGNORECASE)
_SLUG_GAPS = regex.compile(r"[^a-z0-9]+")
SLUG_MAX = 80


def fold_ligatures(text: str) -> str:
    return text.translate(LIGATURES)


def join_lines(lines: list[str]) -> str:
    """One field's printed lines as one string (see the module's rules)."""
    out = ""
    for raw in lines:
        # Spacing is layout: a justified line may set two space glyphs where one word gap is.
        line = " ".join(raw.split())
        if not line:
            continue
        if not out:
            out = line
        elif out.endswith("-") and len(out) > 1 and out[-2].isalnum():
            out += line
        else:
            out += " " + line
    return out


def looks_like_cta(text: str) -> bool:
    """Opens with an arrow (`>>`, `→`…): a call to action when nothing better tells."""
    return bool(_ARROW.match(text))


def is_type_line(text: str) -> bool:
    """`>` then something: a card's type line or a group item (a `>>` arrow excluded)."""
    return bool(_TYPE_MARK.match(text)) and bool(text.strip(" >"))


def is_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


@dataclass(frozen=True)
class TypeLine:
    resource_type: str | None
    year: int | None
    year_end: int | None


def parse_type_line(text: str) -> TypeLine | None:
    """The type and years of a card's type line; None when it cannot be read."""
    body = _TYPE_MARK.sub("", text, count=1).strip()
    if not body:
        return None
    if m := _YEAR_ONLY.match(body):
        return TypeLine(None, int(m["y1"]), int(m["y2"]) if m["y2"] else None)
    if m := _TYPE_WITH_YEAR.match(body):
        kind = m["type"].strip()
        return TypeLine(kind or None, int(m["y1"]), int(m["y2"]) if m["y2"] else None)
    if _SUSPICIOUS_BRACKET.search(body):
        return None  # looks like a year in brackets but is not one: do not guess
    return TypeLine(body, None, None)


def parse_group_item(text: str) -> tuple[str | None, str]:
    """(type, name) of a group item: `>Site web : ETIC` → ('Site web', 'ETIC')."""
    body = _TYPE_MARK.sub("", text, count=1).strip()
    kind, sep, name = body.partition(":")
    if not sep or not name.strip():
        return None, body
    return kind.strip() or None, name.strip()


def heading_text(lines: list[str]) -> str:
    """A heading's text without its closing colon (`Contactez … :` → `Contactez …`)."""
    return join_lines(lines).rstrip(" :").rstrip()


def slug(title: str) -> str:
    """Lower-case ASCII words joined by hyphens, cut at a word boundary to SLUG_MAX."""
    folded = unicodedata.normalize(
        "NFKD", fold_ligatures(title).replace("œ", "oe").replace("Œ", "OE")
    )
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    s = _SLUG_GAPS.sub("-", ascii_text).strip("-")
    if len(s) > SLUG_MAX:
        s = s[: SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in s[:SLUG_MAX] else s[:SLUG_MAX]
    return s or "resource"


def unique_ids(titles: list[str]) -> list[str]:
    """card_ids for titles in document order: the slug, then `-2`, `-3`… for repeats."""
    seen: dict[str, int] = {}
    taken: set[str] = set()
    out: list[str] = []
    for title in titles:
        base = slug(title)
        n = seen.get(base, 0) + 1
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in taken:  # a title whose own slug ends in -2 must not collide
            n += 1
            candidate = f"{base}-{n}"
        seen[base] = n
        taken.add(candidate)
        out.append(candidate)
    return out
