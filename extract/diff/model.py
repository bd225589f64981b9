"""What `catalogue diff` finds, as data: the changes between two editions (`changes.json`)."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

from extract.linkcheck.report import BrokenLink

FORMAT: Literal["ess-catalogue-changes/1"] = "ess-catalogue-changes/1"
PlaceField = Literal["part", "theme"]
PLACE_FIELDS: tuple[PlaceField, ...] = ("part", "theme")
Value = str | int | list[str] | None
MatchedBy = Literal["card_id", "url", "title"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class FieldChange(_Model):
    field: str
    old: Value
    new: Value
    # The two PDFs give the same value: a correction applied to one edition and not the other
    # (or not alike) makes the difference. Written to changes.json only when some field is so.
    by_correction: bool = False


class Change(_Model):
    """A resource present in both editions, and what changed on it."""

    old_card_id: str
    card_id: str
    title: str
    old_page: int
    page: int
    matched_by: MatchedBy
    fields: list[FieldChange]


class Rename(_Model):
    field: PlaceField
    old: str
    new: str
    resources: int


class EditionInfo(_Model):
    source_file: str | None = None
    sha256: str | None = None
    title: str | None = None
    resources: int


class Summary(_Model):
    added: int
    removed: int
    modified: int
    moved: int
    unchanged: int
    renamed: int


class Changes(_Model):
    format: Literal["ess-catalogue-changes/1"] = FORMAT
    old: EditionInfo
    new: EditionInfo
    title_threshold: float
    summary: Summary
    renamed: list[Rename]
    added: list[dict[str, Value]]
    removed: list[dict[str, Value]]
    modified: list[Change]
    moved: list[Change]
    # Only when two link reports were compared: addresses that worked then and do not now.
    links_broken: list[BrokenLink] | None = None

    def by_correction(self) -> bool:
        """Whether some field differs only because a correction was applied."""
        return any(f.by_correction for c in (*self.modified, *self.moved) for f in c.fields)

    def has_changes(self) -> bool:
        s = self.summary
        return bool(s.added or s.removed or s.modified or s.moved or s.renamed or self.links_broken)
