"""Text rules shared by every stage: joining printed lines, reading type lines, making ids.

These are the catalogue's conventions, stated once:
- a field printed on several lines is the lines joined with one space, except after a hyphen
  glued to the character before it (`co-` + `construction` → `co-construction`, `(co)-` +
  `construction` → `(co)-construction`); a hyphen, or a run of them, after a space
  (`CIRCULAIRE -`, `texte --`) is a dash and keeps its space; a run of whitespace is one space;
- ligature glyphs are spelled out (`ﬁ` → `fi`); everything else is kept as printed;
- a type line is `>` then a resource type and an optional year or year range in brackets
  (`>Publication (2015)`, `>Mooc (2019-2020)`), or just a year (`>2020`), or just a type;
- a group item is `>` then a type, a colon and the item's name (`>Site web : ETIC`);
- a card_id is the title's slug: lower case, `œ` `æ` `ß` spelled `oe` `ae` `ss` (NFKD leaves
  these two-letter glyphs whole), accents and ligatures folded, each run of other characters
  one hyphen, cut at a hyphen to 80 characters; a title with no letter or digit gives
  `resource`; repeats get `-2`, `-3`… in document order;
- a resource_kind is the resource type folded so that one kind prints one way: lower case,
  accents and ligatures folded as in a slug, typographic apostrophes and hyphens as `'` and
  `-`; its words are the runs of letters and digits (a single `'` or `-` between two of them
  joins them: `d'emploi`, `vade-mecum`), joined by one space; and each word of letters alone,
  four letters or longer, is put in the singular (`singular`): `Études` → `etude`,
  `Cartographies` → `cartographie`, `Chiffres clés` → `chiffre cle`.

`samples/expected.py` states the same conventions apart, for the records a source must give;
`tests/test_text_rules.py` holds the two to the same results.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import regex

LIGATURES = str.maketrans(
    {"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl", "ﬅ": "st", "ﬆ": "st"}
)

_TYPE_MARK = regex.compile(r"^\s*>(?!>)\s*")
_YEAR_RANGE = r"(?P<y1>\d{4})(?:\s*[-–]\s*(?P<y2>\d{4}))?"
_TYPE_WITH_YEAR = regex.compile(rf"^(?P<type>.*?)\s*\(\s*{_YEAR_RANGE}\s*\)$")
_YEAR_ONLY = regex.compile(rf"^{_YEAR_RANGE}$")
_SUSPICIOUS_BRACKET = regex.compile(r"\([^)]*\d[^)]*\)\s*$")
_URL = regex.compile(r"^(?:https?://|www\.)\S+$", regex.IGNORECASE)
_ADDRESS = regex.compile(r"https?://", regex.IGNORECASE)
_SLUG_GAPS = regex.compile(r"[^a-z0-9]+")
# Two letters in one glyph that NFKD leaves whole (they are not compatibility ligatures).
_SLUG_PAIRS = str.maketrans({"œ": "oe", "æ": "ae", "ß": "ss"})
SLUG_MAX = 80
# A kind's words: runs of letters and digits, a single apostrophe or hyphen joining two of them.
_KIND_WORDS = regex.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
_KIND_RUNS = regex.compile(r"[a-z0-9]+")
_KIND_MARKS = str.maketrans({"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-"})
# Singulars the plural rule would cut (they end in s or x), and plurals it would get wrong.
INVARIABLE_WORDS = frozenset(
    {
        *("acces", "atlas", "avis", "bois", "choix", "colis", "concours", "corps", "cours"),
        *("croix", "devis", "discours", "fois", "mois", "paix", "parcours", "pays", "permis"),
        *("prix", "proces", "progres", "recours", "relais", "repas", "secours", "succes"),
        *("temps", "travaux", "voix"),
        *("alors", "apres", "dans", "depuis", "jamais", "mais", "moins", "puis", "sans"),
        *("toujours", "tres", "vers"),
    }
)
# Nouns in -eu, whose plural takes an x; other words in -eux (`nombreux`, `serieux`) are the
# same in the singular.
PLURAL_EUX = frozenset({"enjeux", "jeux", "lieux", "milieux", "voeux"})


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
        elif _glued_hyphen(out):
            out += line
        else:
            out += " " + line
    return out


def _glued_hyphen(text: str) -> bool:
    """Ends in a hyphen (or several) touching the character before it: a compound's hyphen."""
    stem = text.rstrip("-")
    return stem != text and stem != "" and not stem[-1].isspace()


def is_type_line(text: str) -> bool:
    """`>` then something: a card's type line or a group item (a `>>` arrow excluded)."""
    return bool(_TYPE_MARK.match(text)) and bool(text.strip(" >"))


def is_url(text: str) -> bool:
    return bool(_URL.match(text.strip()))


def has_address(text: str) -> bool:
    """Holds a web address anywhere (a note `1. https://…`, a line giving one); a bare
    `www.` name in running text (`consultez www.avise.org`) is not counted."""
    return bool(_ADDRESS.search(text))


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
    # Lower case first: it maps `Œ`, `Æ` and `ẞ` onto the glyphs the table spells out.
    folded = unicodedata.normalize("NFKD", fold_ligatures(title).lower().translate(_SLUG_PAIRS))
    ascii_text = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    s = _SLUG_GAPS.sub("-", ascii_text).strip("-")
    if len(s) > SLUG_MAX:
        s = s[: SLUG_MAX + 1].rsplit("-", 1)[0] if "-" in s[:SLUG_MAX] else s[:SLUG_MAX]
    return s or "resource"


def singular(word: str) -> str:
    """A folded French word in the singular, by its ending: `etudes` → `etude`, `reseaux` →
    `reseau`, `journaux` → `journal`; words under four letters (`cas`, `des`), words of
    `INVARIABLE_WORDS`, words ending in `ss` or `us` (`processus`) and adjectives in `eux` are
    left as they are."""
    if not word.isalpha() or len(word) < 4 or word in INVARIABLE_WORDS:
        return word
    if word.endswith(("ss", "us")) or (word.endswith("eux") and word not in PLURAL_EUX):
        return word
    if word.endswith("aux") and not word.endswith("eaux"):
        return word[:-3] + "al"
    return word[:-1] if word.endswith(("s", "x")) else word


def resource_kind(resource_type: str | None) -> str | None:
    """The type as a kind that groups its spellings (`Étude`, `Etude`, `Études` → `etude`);
    None when the type is None or has no letter or digit."""
    if resource_type is None:
        return None
    text = fold_ligatures(resource_type).translate(_KIND_MARKS).lower().translate(_SLUG_PAIRS)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    words = [_KIND_RUNS.sub(lambda m: singular(m[0]), w) for w in _KIND_WORDS.findall(text)]
    return " ".join(words) or None


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
