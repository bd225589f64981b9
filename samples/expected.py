"""The records a perfect extraction gives, computed from a `catalogue-source/1`.

`records(source)` is the reference the extractor is measured against: for the 2021 sample it
gives exactly `tests/data/ess-pvd-2021.expected.json` (plus `card_id`), and for a generated
source it is what extracting the typeset facsimile must give. The text rules below are small
pure functions written from the catalogue's conventions, apart from the extractor's own
(`extract/text.py`): the two sides share no code, and `tests/test_text_rules.py` holds them to
the same results, input by input.

Text rules
----------
- A field printed on several lines (title, publisher, blurb, group heading) is the lines joined
  with one space, each line stripped of surrounding whitespace (blank lines dropped). Inside a
  line, every run of whitespace (spaces, tabs, no-break spaces) is one space: spacing is layout,
  and a PDF shows a gap, not the characters that made it. The one exception to the joining
  space: a line ending in a hyphen-minus glued to the character before it (`socio-`, `co-`,
  `(co)-`, `Cela va-`) joins the next line without a space (`socio-économique`,
  `(co)-construction`, `va-t-il`), because the hyphen belongs to a compound. A hyphen, or a run
  of them, preceded by a space (`CIRCULAIRE -`, `texte --`) is a dash and keeps the space, as
  does an en dash (`–`) wherever it sits.
- Ligature glyphs (`ﬁ`, `ﬂ`, …) are spelled out (`fi`, `fl`, …) in every field.
- The type line `>Type (2019)` gives `resource_type`, `year` and `year_end`: see
  `parse_type_line`. A year outside 1900–2100 cannot be a resource's: the record leaves it
  empty (the extractor warns `year-out-of-range`). A group item `>Site web : Name` gives the
  type and the title; without a name after the colon, the whole text after `>` is the title.
- A group's name is its heading without the closing colon(s) and the spaces before them.

Card ids
--------
`card_id` is the slug of the title: lower case, the letters NFKD does not decompose but that
are two letters in one spelled out (`œ` → `oe`, `æ` → `ae`, `ß` → `ss`, capitals too: `CÆSAR` →
`caesar`), accents folded (NFKD, combining marks dropped), ligatures spelled out, every run of
characters other than `a-z0-9` replaced by one hyphen, hyphens trimmed at both ends, then cut to
at most 80 characters at a hyphen boundary (a single word longer than that is cut at 80). A
title without a letter or digit (`« ? »`, or no title at all) has the slug `resource`. When a
slug repeats within an edition, the second occurrence in document order gets `-2`, the third
`-3`, and so on (skipping any suffixed id that another title already has), so an id depends
only on the titles up to and including its own card.

Resource kinds
--------------
`resource_kind` groups the spellings of one type: the type folded as a slug is (ligatures
spelled out, `œ` `æ` `ß` as `oe` `ae` `ss`, lower case, accents dropped), with `’` `‘` `ʼ` read as
`'` and `‐` `‑` as `-`; then cut into words, a word being letters and digits, two of them
joined into one by a single `'` or `-` between them (`d'emploi`, `vade-mecum`) and separated by
anything else; and each run of four letters or more in a word put in the singular: `-eaux` →
`-eau`, `-aux` → `-al`, else a final `s` or `x` dropped, but not for a word that ends in `ss`
or `us`, an adjective in `-eux` (only the nouns `jeux`, `enjeux`, `lieux`, `milieux`, `voeux`
lose the x), or a word of `KIND_INVARIABLE` (singulars ending in s or x, such as `avis`,
`atlas`, `prix`, and `travaux`). The words are joined by one space; a type with none has no
kind.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from samples.source import Card, Group, Page, Part, Source

SLUG_MAX = 80

LIGATURES: dict[str, str] = {
    "\ufb00": "ff",
    "\ufb01": "fi",
    "\ufb02": "fl",
    "\ufb03": "ffi",
    "\ufb04": "ffl",
    "\ufb05": "st",
    "\ufb06": "st",
}
# Two letters in one glyph that are not compatibility ligatures, so NFKD leaves them whole; a
# slug still wants them in ASCII. Looked up after lower-casing, which also maps `ẞ` to `ß`.
_SLUG_LETTERS: dict[str, str] = {"œ": "oe", "æ": "ae", "ß": "ss"}
YEARS = range(1900, 2101)  # a year outside cannot be a resource's

_INVARIABLE = (
    "acces atlas avis bois choix colis concours corps cours croix devis discours fois mois "
    "paix parcours pays permis prix proces progres recours relais repas secours succes temps "
    "travaux voix alors apres dans depuis jamais mais moins puis sans toujours tres vers"
)
KIND_INVARIABLE = frozenset(_INVARIABLE.split())
KIND_EUX_NOUNS = frozenset(("jeux", "enjeux", "lieux", "milieux", "voeux"))
_KIND_MARKS = {"’": "'", "‘": "'", "ʼ": "'", "‐": "-", "‑": "-"}

_YEAR = r"(?P<year>\d{4})(?:\s*[-–]\s*(?P<year_end>\d{4}))?"
_TYPED = re.compile(rf"(?P<type>.*?)\s*\(\s*{_YEAR}\s*\)")
_BARE_YEAR = re.compile(_YEAR)


def spell_out_ligatures(text: str) -> str:
    """`text` with each ligature glyph replaced by its letters (`ﬁ` → `fi`)."""
    for glyph, letters in LIGATURES.items():
        text = text.replace(glyph, letters)
    return text


def printed(text: str) -> str:
    """`text` as a reader sees it: ligatures spelled out, each run of whitespace one space."""
    return " ".join(spell_out_ligatures(text).split())


def join_lines(lines: Sequence[str]) -> str:
    """The text of a field printed on `lines`, as one string (see the module docstring).

    >>> join_lines(["dresse un paysage socio-", "économique complet"])
    'dresse un paysage socio-économique complet'
    >>> join_lines(["« TERRITOIRE CIRCULAIRE -", "TERRITOIRE DURABLE »"])
    '« TERRITOIRE CIRCULAIRE - TERRITOIRE DURABLE »'
    >>> join_lines(["la (co)-", "construction"])
    'la (co)-construction'
    """
    text = ""
    for raw in lines:
        line = printed(raw)
        if not line:
            continue
        if text and not glued_hyphen(text):
            text += " "
        text += line
    return text


def glued_hyphen(line: str) -> bool:
    """Whether `line` ends with a hyphen-minus (or a run of them) glued to the character before
    it, so that the next line joins tight: `co-`, `(co)-`, but not `CIRCULAIRE -`."""
    line = line.rstrip()
    if not line.endswith("-"):
        return False
    before = line.rstrip("-")
    return bool(before) and not before[-1].isspace()


def parse_type_line(text: str) -> tuple[str | None, int | None, int | None] | None:
    """`(resource_type, year, year_end)` read from a card's type line; None when unparseable.

    The line starts with one `>` (two marks touching, `>>`, open a call to action instead; a
    `>` after a space belongs to the type), then a type, a year in brackets after the type, or
    both; a year may be a range (`2019-2020`). Spaces around the parts do not count. Whether the
    years are plausible is left to the caller (`records` leaves out those outside `YEARS`).

    >>> parse_type_line(">Guide (2019)")
    ('Guide', 2019, None)
    >>> parse_type_line("> Publication (2013) ")
    ('Publication', 2013, None)
    >>> parse_type_line(">Mooc (2019-2020)")
    ('Mooc', 2019, 2020)
    >>> parse_type_line(">2020")
    (None, 2020, None)
    >>> parse_type_line(">Dossier web")
    ('Dossier web', None, None)
    >>> parse_type_line(">2019-2020")
    (None, 2019, 2020)
    """
    body = printed(text)
    if not body.startswith(">") or body.startswith(">>"):
        return None
    body = body[1:].strip()
    if not body:
        return None
    bare = _BARE_YEAR.fullmatch(body)
    if bare:
        return None, *_years(bare)
    typed = _TYPED.fullmatch(body)
    if typed:
        return typed["type"] or None, *_years(typed)
    return body, None, None


def _years(match: re.Match[str]) -> tuple[int, int | None]:
    end = match["year_end"]
    return int(match["year"]), int(end) if end else None


def parse_group_item(text: str) -> tuple[str | None, str]:
    """`(resource_type, title)` of a group item: `>Site web : ETIC` → `("Site web", "ETIC")`.

    Without a colon, or with nothing after it, the whole text after `>` is the title and the
    type is unknown.
    """
    body = printed(text).removeprefix(">").strip()
    kind, colon, name = body.partition(":")
    if not colon or not name.strip():
        return None, body
    return kind.strip() or None, name.strip()


def group_heading(lines: Sequence[str]) -> str:
    """A group's name: its heading without the closing colon(s) (`Contactez … solidaire :`)."""
    text = join_lines(lines)
    while text.endswith((":", " ")):
        text = text[:-1]
    return text


def header_theme(header_lines: Sequence[str]) -> str | None:
    """The theme printed in a page header (`Foncier :` → `Foncier`); None without a colon."""
    if not header_lines:
        return None
    head, colon, _ = printed(header_lines[0]).partition(":")
    if not colon:
        return None
    return head.strip() or None


def slug(title: str) -> str:
    """The title as a URL-safe slug (see the module docstring); never empty.

    >>> slug("L’ÉCONOMIE SOCIALE ET SOLIDAIRE DANS LES TERRITOIRES RURAUX")
    'l-economie-sociale-et-solidaire-dans-les-territoires-ruraux'
    """
    text = spell_out_ligatures(title).lower()
    text = "".join(_SLUG_LETTERS.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")
    if len(text) > SLUG_MAX:
        cut = text[: SLUG_MAX + 1]
        text = cut[:-1] if cut.endswith("-") else cut.rpartition("-")[0] or text[:SLUG_MAX]
        text = text.rstrip("-")
    return text or "resource"


def card_ids(titles: Sequence[str]) -> list[str]:
    """One unique id per title, in order: its slug, suffixed `-2`, `-3`, … on repeats."""
    taken: set[str] = set()
    seen: dict[str, int] = {}
    ids: list[str] = []
    for title in titles:
        base = slug(title)
        n = seen.get(base, 0) + 1
        candidate = base if n == 1 else f"{base}-{n}"
        while candidate in taken:
            n += 1
            candidate = f"{base}-{n}"
        seen[base] = n
        taken.add(candidate)
        ids.append(candidate)
    return ids


def kind_singular(word: str) -> str:
    """A folded word of letters in the singular (see the module docstring).

    >>> [kind_singular(w) for w in ("etudes", "reseaux", "sociaux", "cas", "avis", "serieux")]
    ['etude', 'reseau', 'social', 'cas', 'avis', 'serieux']
    """
    keep = (
        len(word) < 4
        or word in KIND_INVARIABLE
        or word[-2:] in ("ss", "us")
        or (word[-3:] == "eux" and word not in KIND_EUX_NOUNS)
    )
    if keep:
        return word
    if word[-4:] == "eaux":
        return word[:-1]
    if word[-3:] == "aux":
        return word[:-1].removesuffix("au") + "al"
    if word[-1] in "sx":
        return word[:-1]
    return word


def resource_kind(resource_type: str | None) -> str | None:
    """The kind of a resource type: its spellings folded into one (see the module docstring).

    >>> [resource_kind(t) for t in ("Études de cas", "Cartographies", "Mode d’emploi")]
    ['etude de cas', 'cartographie', "mode d'emploi"]
    """
    if resource_type is None:
        return None
    text = "".join(_KIND_MARKS.get(ch, ch) for ch in spell_out_ligatures(resource_type)).lower()
    text = "".join(_SLUG_LETTERS.get(ch, ch) for ch in text)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).lower()
    # Alternating pieces: a run of letters and digits, what lies between, the next run, ...
    pieces = re.split(r"([^a-z0-9]+)", text)
    words: list[str] = []
    joined = False
    for index, piece in enumerate(pieces):
        if index % 2:  # between two runs (or at an end)
            joined = piece in ("'", "-") and 0 < index < len(pieces) - 1 and pieces[index + 1] != ""
            continue
        if not piece:
            continue
        run = kind_singular(piece) if re.fullmatch(r"[a-z]+", piece) else piece
        if joined and words:
            words[-1] += pieces[index - 1] + run
        else:
            words.append(run)
    return " ".join(words) or None


def distinct(urls: Sequence[str]) -> list[str]:
    """`urls` without repeats, in first-seen order."""
    return list(dict.fromkeys(urls))


def page_theme(page: Page, part: Part | None) -> str | None:
    """The page's theme: its header's, spelled as in the table of contents when only case differs;
    from the part's table of contents where the header carries no theme."""
    toc = part.toc if part is not None else []
    printed = header_theme(page.header_lines)
    if printed is not None:
        for entry in toc:
            if entry.label.casefold() == printed.casefold():
                return entry.label
        return printed
    covering = [(entry.page, i) for i, entry in enumerate(toc) if entry.page <= page.page]
    if not covering:
        return None
    return toc[max(covering)[1]].label


def records(source: Source) -> list[dict[str, object]]:
    """The records of `source` in document order: one per card and one per group item."""
    parts = {part.number: part for part in source.parts}
    out: list[dict[str, object]] = []
    for page in sorted(source.pages, key=lambda p: p.page):
        part = parts.get(page.part)
        context: dict[str, object] = {
            "page": page.page,
            "part": part.title if part is not None else None,
            "theme": page_theme(page, part),
        }
        for block in page.blocks:
            if isinstance(block, Card):
                out.append(context | _card_fields(block))
            else:
                out.extend(context | fields for fields in _group_fields(block))
    ids = card_ids([str(record["title"]) for record in out])
    return [{"card_id": card_id} | record for card_id, record in zip(ids, out, strict=True)]


def _card_fields(card: Card) -> dict[str, object]:
    parsed = parse_type_line(card.type_line)
    kind, year, year_end = parsed if parsed is not None else (None, None, None)
    year = year if year in YEARS else None
    year_end = year_end if year_end in YEARS else None
    links = distinct([link.url for link in card.links])
    return {
        "title": join_lines(card.title_lines),
        "resource_type": kind,
        "resource_kind": resource_kind(kind),
        "year": year,
        "year_end": year_end,
        "publisher": join_lines(card.publisher_lines) or None,
        "description": join_lines(card.blurb_lines) or None,
        "url": links[0] if links else None,
        "links": links,
        "group": None,
        "cta": join_lines([card.cta_line or ""]) or None,
    }


def _group_fields(group: Group) -> list[dict[str, object]]:
    name = group_heading(group.heading_lines) or None
    out: list[dict[str, object]] = []
    for item in group.items:
        kind, title = parse_group_item(item.type_line)
        links = distinct([link.url for link in item.links])
        out.append(
            {
                "title": title,
                "resource_type": kind,
                "resource_kind": resource_kind(kind),
                "year": None,
                "year_end": None,
                "publisher": None,
                "description": None,
                "url": links[0] if links else None,
                "links": links,
                "group": name,
                "cta": None,
            }
        )
    return out
