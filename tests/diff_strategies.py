"""Catalogues built from records, and Hypothesis strategies that edit them like an editor would.

`edited(base)` draws a new edition of `base`: resources removed, added, retitled (words added,
replaced or reordered, case and accents changed), re-dated, re-typed, re-published,
re-described, given a new address, moved to another theme, a theme renamed, a page inserted.
It returns the records with the changes the diff must report, in the form `changes_by_id`
gives. Edits the diff cannot tell apart by design are not drawn: a reworded title must stay
closer to its old self than to any other title (see `_safe_retitle`).

Which retitles the diff must recognise is decided by `similarity` and `THRESHOLD` below, the
documented rule written afresh (docs/diff.md): the words of the two titles, accents,
case and punctuation folded, sorted, compared by their longest common subsequence, must reach
80 out of 100. Nothing here asks the diff's own code.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from hypothesis import strategies as st

from extract.diff.model import Changes
from samples.expected import card_ids, slug
from schemas.models import (
    CSV_COLUMNS,
    Box,
    Catalogue,
    Edition,
    Located,
    Provenance,
    Resource,
)

Record = dict[str, Any]
Key = tuple[Any, ...]

FIELD_EDITS = ("title", "year", "resource_type", "publisher", "description", "url")
TYPES = ("Guide", "Étude", "Avis", "Fiche pratique", "Rapport", "Site web")
PUBLISHERS = ("Association Exemple", "Réseau Exemple des territoires", "Collectif Exemple")
TITLE_WORDS = ("LOCALE", "PRATIQUE", "ACTUALISÉ", "EN 2022")
THRESHOLD = 80.0  # out of 100, as documented
ADDED_TITLES = (
    "ATELIER ZÉPHYR DES COMMUNS",
    "CARNET OSMOSE POUR LES HALLES",
    "QUARTZ : BOUSSOLE DES COOPÉRATIVES",
    "LE BAROMÈTRE NÉBULEUSE",
    "KALÉIDOSCOPE DES VILLAGES",
)


# ---------------------------------------------------------------------------------------------
# Title similarity, as documented.


def folded_words(title: str) -> list[str]:
    """The title's words with accents, case and punctuation folded: `L’ÉTÉ` → `l`, `ete`."""
    decomposed = unicodedata.normalize("NFKD", title)
    bare = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn").lower()
    words, word = [], ""
    for ch in bare:
        if ch.isalnum():
            word += ch
        elif word:
            words.append(word)
            word = ""
    return [*words, word] if word else words


def common_subsequence(a: str, b: str) -> int:
    """Length of the longest common subsequence of `a` and `b` (Hyyrö's bit-parallel form: one
    bit per character of `a`, a zero marking a character matched so far)."""
    masks: dict[str, int] = {}
    for i, ch in enumerate(a):
        masks[ch] = masks.get(ch, 0) | 1 << i
    full = (1 << len(a)) - 1
    v = full
    for ch in b:
        u = v & masks.get(ch, 0)
        v = ((v + u) | (v - u)) & full
    return len(a) - bin(v).count("1")


def similarity(a: str, b: str) -> float:
    """0–100: the sorted folded words of both titles, as much alike as their longest common
    subsequence makes them (twice its length over both lengths)."""
    x, y = " ".join(sorted(folded_words(a))), " ".join(sorted(folded_words(b)))
    if not x and not y:
        return 100.0
    return 200.0 * common_subsequence(x, y) / (len(x) + len(y))


# ---------------------------------------------------------------------------------------------
# Catalogues from records.


def catalogue_of(records: Iterable[Record], source_file: str = "records.pdf") -> Catalogue:
    """A catalogue holding `records`, with placeholder provenance."""
    resources = [
        Resource(
            **{f: r[f] for f in CSV_COLUMNS},
            provenance=Provenance(
                area=Located(page=r["page"], bbox=Box(x0=0, top=0, x1=1, bottom=1)),
                fields={},
                links=[],
            ),
        )
        for r in records
    ]
    pages = max((r.page for r in resources), default=1) + 1
    edition = Edition(
        title=None, source_file=source_file, sha256="0" * 64, page_count=pages, tool_version="test"
    )
    return Catalogue(edition=edition, parts=[], resources=resources, warnings=[])


def plain(records: Iterable[Record]) -> list[Record]:
    """Records as `Resource.record()` gives them (without the reference's extra fields)."""
    return [{f: r[f] for f in CSV_COLUMNS} for r in records]


# ---------------------------------------------------------------------------------------------
# Changes as comparable sets.


def changes_by_id(changes: Changes) -> set[Key]:
    """What the diff found, by old card_id (new for additions), field by field."""
    keys: set[Key] = {("renamed", r.field, r.old, r.new) for r in changes.renamed}
    keys |= {("removed", r["card_id"]) for r in changes.removed}
    keys |= {("added", r["card_id"]) for r in changes.added}
    for kind, group in (("modified", changes.modified), ("moved", changes.moved)):
        keys |= {(kind, c.old_card_id, f.field) for c in group for f in c.fields}
    return keys


def _frozen(value: object) -> object:
    return tuple(value) if isinstance(value, list) else value


def full(changes: Changes, *, flip: bool = False) -> set[Key]:
    """Everything the diff says, with old and new swapped when `flip`."""
    s = changes.summary
    added, removed = (changes.removed, changes.added) if flip else (changes.added, changes.removed)
    keys: set[Key] = {("unchanged", s.unchanged)}
    keys |= {("added", r["card_id"]) for r in added} | {("removed", r["card_id"]) for r in removed}
    for r in changes.renamed:
        keys.add(("renamed", r.field, *((r.new, r.old) if flip else (r.old, r.new)), r.resources))
    for kind, group in (("modified", changes.modified), ("moved", changes.moved)):
        for c in group:
            ids = (c.card_id, c.old_card_id) if flip else (c.old_card_id, c.card_id)
            for f in c.fields:
                values = (f.new, f.old) if flip else (f.old, f.new)
                keys.add((kind, *ids, f.field, *map(_frozen, values)))
    return keys


# ---------------------------------------------------------------------------------------------
# Edits.


@dataclass
class Outcome:
    records: list[Record]
    expected: set[Key]


@dataclass
class _Work:
    base: Sequence[Record]
    records: list[Record]
    origin: list[int | None]  # index in base, None for an added record
    expected: set[Key]
    renamed: str | None = None


def _safe_retitle(base: Sequence[Record], index: int, title: str) -> bool:
    """Whether the diff can only pair `title` with its old self, whatever else changed."""
    old = base[index]["title"]
    own = similarity(old, title)
    if title == old or own < THRESHOLD or slug(title) in {r["card_id"] for r in base}:
        return False
    return all(similarity(r["title"], title) < own for k, r in enumerate(base) if k != index)


def _unaccented(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize(
        "NFC", "".join(c for c in decomposed if not unicodedata.combining(c))
    )


@st.composite
def retitled(draw: st.DrawFn, title: str) -> str:
    """`title` reworded as an editor would: a word added, replaced or moved, and now and then set
    in another case or without its accents (which alone would leave its card_id as it was)."""
    words = title.split()
    word = draw(st.sampled_from(TITLE_WORDS))
    how = draw(st.sampled_from(["add", "replace", "move"]))
    if how == "move" and len(words) >= 2:
        words = [*words[1:], words[0]]
    elif how == "replace" and len(words) >= 3:
        words = [*words[:-1], word]
    else:
        words = [*words, word]
    new = " ".join(words)
    case = draw(st.sampled_from(["as printed", "as printed", "lower", "sentence"]))
    if case == "lower":
        new = new.lower()
    elif case == "sentence":
        new = new[:1] + new[1:].lower()
    if draw(st.integers(0, 3)) == 0:
        new = _unaccented(new)
    return new


def _edit_title(draw: st.DrawFn, w: _Work, i: int) -> set[str]:
    record, index = w.records[i], w.origin[i]
    assert index is not None
    title = draw(retitled(record["title"]))
    if not _safe_retitle(w.base, index, title):
        return set()
    record["title"] = title
    return {"title"}


def _edit_year(draw: st.DrawFn, w: _Work, i: int) -> set[str]:
    record = w.records[i]
    if record["year_end"] is not None:
        return set()
    record["year"] = draw(st.integers(1990, 2030).filter(lambda y: y != record["year"]))
    return {"year"}


Editor = Callable[[st.DrawFn, _Work, int], set[str]]


def _edit_choice(field: str, choices: Sequence[str]) -> Editor:
    def edit(draw: st.DrawFn, w: _Work, i: int) -> set[str]:
        record = w.records[i]
        record[field] = draw(st.sampled_from([c for c in choices if c != record[field]]))
        return {field}

    return edit


def _edit_description(draw: st.DrawFn, w: _Work, i: int) -> set[str]:
    record = w.records[i]
    words = (record["description"] or "").split()
    if not words:
        record["description"] = "Une ressource décrite pour la première fois."
        return {"description"}
    k = draw(st.integers(0, len(words) - 1))
    if words[k] == "zéphyrin":
        return set()
    words[k] = "zéphyrin"
    record["description"] = " ".join(words)
    return {"description"}


def _edit_url(draw: st.DrawFn, w: _Work, i: int) -> set[str]:
    record = w.records[i]
    old = record["url"]
    if old is None:
        return set()
    new = f"https://example.org/moved/{record['card_id']}"
    record["url"] = new
    record["links"] = [new if u == old else u for u in record["links"]]
    return {"url", "links"}


FIELD_EDITORS: dict[str, Editor] = {
    "title": _edit_title,
    "year": _edit_year,
    "resource_type": _edit_choice("resource_type", TYPES),
    "publisher": _edit_choice("publisher", PUBLISHERS),
    "description": _edit_description,
    "url": _edit_url,
}


def renamed_theme(theme: str) -> str:
    return f"{theme} et territoires"


def _rename(draw: st.DrawFn, w: _Work) -> None:
    themes = sorted({r["theme"] for r in w.base if r["theme"]})
    old = draw(st.sampled_from(themes))
    new = renamed_theme(old)
    w.renamed = old
    for record in w.records:
        if record["theme"] == old:
            record["theme"] = new
    w.expected.add(("renamed", "theme", old, new))


def _move(draw: st.DrawFn, w: _Work, i: int) -> None:
    record = w.records[i]
    # The renamed theme takes no one in, so that its rename stays recognisable.
    places = sorted({(r["part"], r["theme"], r["page"]) for r in w.base if r["theme"] != w.renamed})
    targets = [p for p in places if p[1] != record["theme"]]
    record["part"], record["theme"], record["page"] = draw(st.sampled_from(targets))


def _add(draw: st.DrawFn, w: _Work, title: str) -> None:
    at = draw(st.integers(0, len(w.records)))
    near = w.records[min(at, len(w.records) - 1)]
    url = f"https://example.org/new/{slug(title)}"
    record: Record = {
        "card_id": "",
        "page": near["page"],
        "part": near["part"],
        "theme": near["theme"],
        "title": title,
        "resource_type": "Guide",
        "year": 2022,
        "year_end": None,
        "publisher": "Association Exemple",
        "description": "Une ressource fictive ajoutée à cette édition.",
        "url": url,
        "links": [url],
        "group": None,
    }
    w.records.insert(at, record)
    w.origin.insert(at, None)


def _insert_page(draw: st.DrawFn, w: _Work) -> None:
    after = draw(st.sampled_from(sorted({r["page"] for r in w.base})))
    for record in w.records:
        if record["page"] > after:
            record["page"] += 1


@st.composite
def edited(draw: st.DrawFn, base: Sequence[Record]) -> Outcome:
    """A new edition of `base` and the changes a diff from `base` must find."""
    w = _Work(base, [dict(r, links=list(r["links"])) for r in base], list(range(len(base))), set())
    if draw(st.booleans()):
        _rename(draw, w)
    chosen = draw(st.lists(st.integers(0, len(base) - 1), unique=True, max_size=12))
    removed: set[int] = set()
    moved: set[int] = set()
    for i in chosen:
        role = draw(st.sampled_from(("remove", "edit", "move", "edit and move", "readdress")))
        in_renamed = base[i]["theme"] == w.renamed
        if role == "remove" and not in_renamed:
            removed.add(i)
            continue
        if role == "readdress":
            # A new title and a new address: only the title step can pair it.
            role, fields = "edit", {"title", "url"}
        elif "edit" in role:
            fields = draw(st.sets(st.sampled_from(FIELD_EDITS), min_size=1))
        if "edit" in role:
            # The title first: whether a new address is safe depends on the new title.
            for field in sorted(fields, key=lambda f: f != "title"):
                changed = FIELD_EDITORS[field](draw, w, i)
                w.expected |= {("modified", base[i]["card_id"], f) for f in changed}
        if "move" in role and not in_renamed:
            _move(draw, w, i)
            moved.add(i)
    for title in draw(st.lists(st.sampled_from(ADDED_TITLES), unique=True, max_size=3)):
        _add(draw, w, title)
    if draw(st.booleans()):
        _insert_page(draw, w)
    return _finish(w, removed, moved)


def _finish(w: _Work, removed: set[int], moved: set[int]) -> Outcome:
    kept = [(r, o) for r, o in zip(w.records, w.origin, strict=True) if o not in removed]
    records = [r for r, _ in kept]
    for record, card_id in zip(records, card_ids([r["title"] for r in records]), strict=True):
        record["card_id"] = card_id
    expected = set(w.expected)
    expected |= {("removed", w.base[i]["card_id"]) for i in removed}
    for record, origin in kept:
        if origin is None:
            expected.add(("added", record["card_id"]))
        elif origin in moved:
            old = w.base[origin]
            fields = [f for f in ("part", "theme", "page") if old[f] != record[f]]
            expected |= {("moved", old["card_id"], f) for f in fields}
    return Outcome(records, expected)
