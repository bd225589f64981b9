"""What changed since an earlier edition, as the review page shows it: the diff's own findings
(`extract.diff.compare`), each on the record it concerns, and the renamed parts and themes, the
removed resources and the counts at the top. Nothing the diff reports is left out."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from extract.diff.model import Change, Changes, FieldChange, Rename
from extract.diff.report import word_opcodes
from extract.review.words import Words
from schemas.models import LINKS_SEPARATOR, Catalogue, Value

Mark = Literal["added", "modified", "moved"]
MARKS: tuple[Mark, ...] = ("added", "modified", "moved")
TEXT_FIELDS = frozenset(
    {"title", "resource_type", "publisher", "description", "group", "part", "theme"}
)
CONTEXT_WORDS = 8  # unchanged words kept each side of a change in a long text


@dataclass(frozen=True)
class ReviewChanges:
    """The diff of an earlier edition against this one, and how the page names the earlier."""

    against: str
    diff: Changes

    @property
    def marks(self) -> dict[str, Mark]:
        """card_id → its mark; a modification outranks a move in the outline's colour."""
        marks: dict[str, Mark] = {}
        for change in self.diff.moved:
            marks[change.card_id] = "moved"
        for change in self.diff.modified:
            marks[change.card_id] = "modified"
        for record in self.diff.added:
            marks[str(record["card_id"])] = "added"
        return marks

    @property
    def removed(self) -> list[Mapping[str, Value]]:
        return list(self.diff.removed)


def changes_against(catalogue: Catalogue, against: Path) -> ReviewChanges:
    """The changes of `catalogue` since the edition at `against` (an extraction folder, a
    catalogue.json or a PDF), as `catalogue diff` finds them."""
    from extract.diff.compare import compare_catalogues, load_catalogue

    old = load_catalogue(against)
    label = old.edition.title or old.edition.source_file
    return ReviewChanges(label, compare_catalogues(old, catalogue))


# ---------------------------------------------------------------------------------------------
# A change as the page shows it.


@dataclass(frozen=True)
class Segment:
    kind: Literal["same", "del", "ins", "cut"]
    text: str


@dataclass(frozen=True)
class FieldLine:
    name: str
    label: str
    segments: list[Segment]
    by_correction: bool


@dataclass(frozen=True)
class RecordChanges:
    """What the diff says of one record of this edition."""

    mark: Mark | None
    lines: list[FieldLine]
    notes: list[str]  # how it was paired, its identifier and page before, a rename it is in


def _plain(value: Value, words: Words) -> str:
    if value is None or value == [] or value == "":
        return words("nothing")
    if isinstance(value, list):
        return LINKS_SEPARATOR.join(value)
    return str(value)


def word_segments(old: str, new: str, context: int = CONTEXT_WORDS) -> list[Segment]:
    """`new` with the words it lost and gained, long unchanged stretches cut to `context`
    words each side (as the diff's Markdown report shows them)."""
    a, b = old.split(), new.split()
    ops = word_opcodes(a, b)
    out: list[Segment] = []
    for k, (op, i1, i2, j1, j2) in enumerate(ops):
        if op == "equal":
            words = a[i1:i2]
            head = [] if k == 0 else words[:context]
            tail = [] if k == len(ops) - 1 else words[-context:]
            if len(words) <= len(head) + len(tail) + 1 or len(ops) == 1:
                out.append(Segment("same", " ".join(words)))
            else:
                if head:
                    out.append(Segment("same", " ".join(head)))
                out.append(Segment("cut", "…"))
                if tail:
                    out.append(Segment("same", " ".join(tail)))
            continue
        if i2 > i1:
            out.append(Segment("del", " ".join(a[i1:i2])))
        if j2 > j1:
            out.append(Segment("ins", " ".join(b[j1:j2])))
    return out


def field_line(change: FieldChange, words: Words) -> FieldLine:
    old, new = change.old, change.new
    if change.field in TEXT_FIELDS and isinstance(old, str) and isinstance(new, str):
        segments = word_segments(old, new)
    elif change.field == "links" and isinstance(old, list) and isinstance(new, list):
        segments = [Segment("del", u) for u in old if u not in new]
        segments += [Segment("ins", u) for u in new if u not in old]
        if not segments:  # the same addresses in another order
            segments = [Segment("del", _plain(old, words)), Segment("ins", _plain(new, words))]
    else:
        segments = [Segment("del", _plain(old, words)), Segment("ins", _plain(new, words))]
    return FieldLine(change.field, words.field(change.field), segments, change.by_correction)


def _pairing_notes(change: Change, words: Words) -> list[str]:
    notes = [words("change.paired", by=words(f"paired.{change.matched_by}"))]
    if change.old_card_id != change.card_id:
        notes.append(words("change.old-id", old=change.old_card_id))
    if change.old_page != change.page:
        notes.append(words("change.old-page", old=change.old_page))
    return notes


def rename_text(rename: Rename, words: Words) -> str:
    return words(f"renamed.{rename.field}", rename.resources, old=rename.old, new=rename.new)


def record_changes(changes: ReviewChanges, words: Words) -> dict[str, RecordChanges]:
    """Each record of this edition that the diff says something of, by card_id."""
    diff = changes.diff
    marks = changes.marks
    lines: dict[str, list[FieldLine]] = {}
    notes: dict[str, list[str]] = {}
    for change in [*diff.modified, *diff.moved]:
        lines.setdefault(change.card_id, []).extend(field_line(f, words) for f in change.fields)
        known = notes.setdefault(change.card_id, [])
        known.extend(n for n in _pairing_notes(change, words) if n not in known)
    for record in diff.added:
        notes.setdefault(str(record["card_id"]), []).append(words("change.added"))
    return {
        card_id: RecordChanges(marks.get(card_id), lines.get(card_id, []), notes.get(card_id, []))
        for card_id in {*lines, *notes}
    }


def renamed_from(renames: Sequence[Rename], field: str) -> dict[str, str]:
    """New name → old name of each renamed part (or theme)."""
    return {r.new: r.old for r in renames if r.field == field}
