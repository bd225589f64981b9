"""What changed between two editions of the catalogue (`catalogue diff` in `commands/diff.py`).

Matching pairs each resource of the old edition with at most one of the new, in three steps,
each only among the resources the steps before left unpaired:

1. the same `card_id` (ids that repeat within an edition are left to the next steps);
2. the same `url`;
3. title similarity of at least `TITLE_THRESHOLD` (rapidfuzz `token_sort_ratio` of the titles
   with accents, case and punctuation folded), for titles reworded while the link moved too.

Where several pairs compete in a step, the most similar titles pair first; ties are broken by
the two card ids, taken in sorted order so that swapping the editions pairs the same resources.

Records are compared as they are in the outputs, corrections applied. A field that differs only
because of corrections (the value the two PDFs give is the same: a correction was applied to one
edition and not the other) is marked `by_correction`.

Then each resource is added (new only), removed (old only), or paired; a pair is modified when a
content field differs, moved when its part or theme differs, and unchanged otherwise (it can be
both modified and moved). Page numbers alone never count: pages shift when a page is inserted or
removed; a moved resource reports its page change with the move. A part or theme that no longer
exists, whose paired resources mostly carry one name that did not exist before (and make up
most of that name's paired resources), is reported once as renamed, not as every resource
moving.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import ValidationError
from rapidfuzz import fuzz

from extract.diff.model import (
    PLACE_FIELDS,
    Change,
    Changes,
    EditionInfo,
    FieldChange,
    MatchedBy,
    PlaceField,
    Rename,
    Summary,
)
from extract.errors import CatalogueError, ExitCode, OutputError, validation_problem
from extract.write.files import write_files
from schemas.models import CONTENT_FIELDS, Catalogue, Value

TITLE_THRESHOLD = 80.0
# Of a title, what is compared: the similarity costs the product of the two lengths, and
# titles are a line or two (the samples' longest: 150 characters).
COMPARED_CHARS = 500
OUTPUT_FILES = ("changes.md", "changes.json", "changes.csv")

Record = Mapping[str, Any]
# (card_id, field) → the value extracted where a correction set another (`extracted_values`).
Extracted = Mapping[tuple[str, str], Value]


class DiffTrouble(CatalogueError):
    """An input that cannot be compared, or an output that cannot be written."""

    code = ExitCode.USAGE


# ---------------------------------------------------------------------------------------------
# Matching.


@dataclass(frozen=True)
class Pair:
    old: int
    new: int
    by: MatchedBy


def normal_title(title: str) -> str:
    """Accents, case and punctuation folded, so that only the words are compared."""
    text = unicodedata.normalize("NFKD", title)
    text = "".join(ch for ch in text if not unicodedata.combining(ch)).casefold()
    return " ".join(re.findall(r"\w+", text))


def compared_title(title: str) -> str:
    """What of a title the similarity compares: its words folded, at most COMPARED_CHARS."""
    return normal_title(title)[:COMPARED_CHARS]


def title_similarity(a: str, b: str) -> float:
    """0–100: how alike two titles are (symmetric)."""
    return float(fuzz.token_sort_ratio(compared_title(a), compared_title(b)))


class _Matcher:
    def __init__(self, old: Sequence[Record], new: Sequence[Record], threshold: float) -> None:
        self.old, self.new, self.threshold = old, new, threshold
        # Folded once: the title step compares every unpaired old title with every new one.
        self.old_titles = [compared_title(str(r["title"])) for r in old]
        self.new_titles = [compared_title(str(r["title"])) for r in new]
        self.free_old = set(range(len(old)))
        self.free_new = set(range(len(new)))
        self.pairs: list[Pair] = []

    def run(self) -> list[Pair]:
        self._by_card_id()
        self._greedy(self._same_url(), "url", 0.0)
        self._greedy(self._all_free(), "title", self.threshold)
        return sorted(self.pairs, key=lambda p: p.new)

    def _take(self, i: int, j: int, by: MatchedBy) -> None:
        self.free_old.discard(i)
        self.free_new.discard(j)
        self.pairs.append(Pair(i, j, by))

    def _by_card_id(self) -> None:
        old_ids = _unique_index(self.old, "card_id")
        new_ids = _unique_index(self.new, "card_id")
        for card_id, i in old_ids.items():
            if card_id in new_ids:
                self._take(i, new_ids[card_id], "card_id")

    def _same_url(self) -> list[tuple[int, int]]:
        by_url: dict[str, list[int]] = {}
        for j in self.free_new:
            url = self.new[j].get("url")
            if url:
                by_url.setdefault(url, []).append(j)
        return [(i, j) for i in self.free_old for j in by_url.get(self.old[i].get("url") or "", [])]

    def _all_free(self) -> list[tuple[int, int]]:
        return [(i, j) for i in self.free_old for j in self.free_new]

    def _greedy(self, candidates: Iterable[tuple[int, int]], by: MatchedBy, floor: float) -> None:
        scored = []
        for i, j in candidates:
            score = fuzz.token_sort_ratio(self.old_titles[i], self.new_titles[j])
            if score >= floor:
                ids = sorted((str(self.old[i]["card_id"]), str(self.new[j]["card_id"])))
                scored.append((-score, ids, i, j))
        for _, _, i, j in sorted(scored):
            if i in self.free_old and j in self.free_new:
                self._take(i, j, by)


def _unique_index(records: Sequence[Record], field: str) -> dict[str, int]:
    counts = Counter(r[field] for r in records)
    return {r[field]: i for i, r in enumerate(records) if counts[r[field]] == 1}


def match(old: Sequence[Record], new: Sequence[Record], threshold: float) -> list[Pair]:
    """One-to-one pairs of old and new resources, in the new edition's order."""
    return _Matcher(old, new, threshold).run()


# ---------------------------------------------------------------------------------------------
# Classifying.


def renames(
    old: Sequence[Record], new: Sequence[Record], pairs: Sequence[Pair], field: str
) -> dict[str, tuple[str, int]]:
    """Old name → (new name, paired resources) for each renamed value of `field`."""
    old_names = {r[field] for r in old}
    new_names = {r[field] for r in new}
    flows = Counter((old[p.old][field], new[p.new][field]) for p in pairs)
    out_of = Counter(old[p.old][field] for p in pairs)
    into = Counter(new[p.new][field] for p in pairs)
    found: dict[str, tuple[str, int]] = {}
    for (was, now), count in flows.items():
        if was is None or now is None or was in new_names or now in old_names:
            continue
        if 2 * count > out_of[was] and 2 * count > into[now]:
            found[was] = (now, count)
    return found


def _field_changes(a: Record, b: Record, fields: Iterable[str]) -> list[FieldChange]:
    return [
        FieldChange(field=f, old=a.get(f), new=b.get(f)) for f in fields if a.get(f) != b.get(f)
    ]


def _moves(
    a: Record, b: Record, renamed: Mapping[PlaceField, Mapping[str, str]]
) -> list[FieldChange]:
    """Part and theme changes other than renames, with the page change that goes with them."""
    moved = [f for f in PLACE_FIELDS if _renamed(a.get(f), renamed[f]) != b.get(f)]
    if not moved:
        return []
    return _field_changes(a, b, [*moved, "page"])


def _mark_corrections(
    a: Record, b: Record, fields: list[FieldChange], old: Extracted, new: Extracted
) -> list[FieldChange]:
    """`fields`, those whose values the two PDFs give alike marked `by_correction`."""
    if not old and not new:
        return fields
    marked = []
    for f in fields:
        before = old.get((str(a["card_id"]), f.field), a.get(f.field))
        after = new.get((str(b["card_id"]), f.field), b.get(f.field))
        marked.append(f.model_copy(update={"by_correction": True}) if before == after else f)
    return marked


def _renamed(name: str | None, renamed: Mapping[str, str]) -> str | None:
    return renamed.get(name, name) if name is not None else None


def _change(a: Record, b: Record, by: MatchedBy, fields: list[FieldChange]) -> Change:
    return Change(
        old_card_id=str(a["card_id"]),
        card_id=str(b["card_id"]),
        title=str(b["title"]),
        old_page=int(a["page"]),
        page=int(b["page"]),
        matched_by=by,
        fields=fields,
    )


def compare(
    old: Sequence[Record],
    new: Sequence[Record],
    *,
    threshold: float = TITLE_THRESHOLD,
    old_info: EditionInfo | None = None,
    new_info: EditionInfo | None = None,
    old_extracted: Extracted | None = None,
    new_extracted: Extracted | None = None,
) -> Changes:
    """What changed from the `old` records to the `new` ones (`Resource.record()` dicts);
    `old_extracted` and `new_extracted` give the values extracted where corrections set others."""
    was, now = old_extracted or {}, new_extracted or {}
    pairs = match(old, new, threshold)
    found = {f: renames(old, new, pairs, f) for f in PLACE_FIELDS}
    renamed = {f: {was: now for was, (now, _) in found[f].items()} for f in PLACE_FIELDS}
    modified: list[Change] = []
    moved: list[Change] = []
    unchanged = 0
    for p in pairs:
        a, b = old[p.old], new[p.new]
        edits = _mark_corrections(a, b, _field_changes(a, b, CONTENT_FIELDS), was, now)
        moves = _mark_corrections(a, b, _moves(a, b, renamed), was, now)
        if edits:
            modified.append(_change(a, b, p.by, edits))
        if moves:
            moved.append(_change(a, b, p.by, moves))
        unchanged += not (edits or moves)
    paired_old = {p.old for p in pairs}
    paired_new = {p.new for p in pairs}
    rename_list = [
        Rename(field=f, old=was, new=now, resources=count)
        for f in PLACE_FIELDS
        for was, (now, count) in sorted(found[f].items())
    ]
    return Changes(
        old=old_info or EditionInfo(resources=len(old)),
        new=new_info or EditionInfo(resources=len(new)),
        title_threshold=threshold,
        summary=Summary(
            added=len(new) - len(paired_new),
            removed=len(old) - len(paired_old),
            modified=len(modified),
            moved=len(moved),
            unchanged=unchanged,
            renamed=len(rename_list),
        ),
        renamed=rename_list,
        added=[dict(r) for j, r in enumerate(new) if j not in paired_new],
        removed=[dict(r) for i, r in enumerate(old) if i not in paired_old],
        modified=modified,
        moved=moved,
    )


def compare_catalogues(
    old: Catalogue, new: Catalogue, *, threshold: float = TITLE_THRESHOLD
) -> Changes:
    return compare(
        [r.record() for r in old.resources],
        [r.record() for r in new.resources],
        threshold=threshold,
        old_info=_info(old),
        new_info=_info(new),
        old_extracted=old.extracted_values(),
        new_extracted=new.extracted_values(),
    )


def _info(catalogue: Catalogue) -> EditionInfo:
    e = catalogue.edition
    return EditionInfo(
        source_file=e.source_file,
        sha256=e.sha256,
        title=e.title,
        resources=len(catalogue.resources),
    )


# ---------------------------------------------------------------------------------------------
# Inputs and outputs.


def load_catalogue(path: Path, *, password: str | None = None) -> Catalogue:
    """A catalogue from an extraction folder, a catalogue.json, or a PDF (extracted now)."""
    if path.is_dir():
        path = path / "catalogue.json"
        if not path.is_file():
            raise DiffTrouble(path.parent, "no catalogue.json in this folder")
    if not path.is_file():
        raise DiffTrouble(path, "no such file or folder")
    try:
        with path.open("rb") as f:
            # A file named .pdf is read as one, and refused as one when it is not.
            is_pdf = f.read(5) == b"%PDF-" or path.suffix.lower() == ".pdf"
        if is_pdf:
            return _extract(path, password)
        return Catalogue.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise DiffTrouble(path, f"cannot be read ({exc.strerror or exc})") from None
    except ValidationError as exc:
        problem = validation_problem(exc)
        raise DiffTrouble(path, f"not an extracted catalogue.json ({problem})") from None


def _extract(path: Path, password: str | None) -> Catalogue:
    """The PDF's extraction; a PDF that cannot be extracted keeps its code (4 for a damaged
    one, ...): exit 2 would say the diff was used wrong, and 1 that the editions differ."""
    from extract.pipeline import extract_pdf  # here: the pipeline's imports cost a JSON diff

    catalogue: Catalogue = extract_pdf(path, password=password)
    return catalogue


def write_outputs(changes: Changes, folder: Path, *, ends_run: bool = False) -> None:
    from extract.diff.report import RENDERERS

    files = {
        name: RENDERERS[name.rpartition(".")[2]](changes).encode("utf-8") for name in OUTPUT_FILES
    }
    try:
        write_files(files, folder, ends_run=ends_run)
    except OutputError as exc:
        raise DiffTrouble(folder, exc.problem) from None
