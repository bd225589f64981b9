"""The extracted catalogue: pydantic models, and the JSON Schema exported from them.

`catalogue.json` is a `Catalogue`; each row of `cards.csv` is a `Resource` without its
provenance. Coordinates are PDF points from the page's top-left corner (pdfplumber's
convention), rounded to 0.1 pt.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

if TYPE_CHECKING:
    import pandas as pd

FORMAT = "ess-catalogue/1"
YEAR_MIN, YEAR_MAX = 1900, 2100

CSV_COLUMNS: tuple[str, ...] = (
    "card_id",
    "page",
    "part",
    "theme",
    "title",
    "resource_type",
    "resource_kind",
    "year",
    "year_end",
    "publisher",
    "description",
    "url",
    "links",
    "group",
)
LINKS_SEPARATOR = " | "
# Computed from another field (`resource_kind` from `resource_type`): a change shows in that
# field, and a catalogue.json written before the column existed reads it as empty.
DERIVED_FIELDS: tuple[str, ...] = ("resource_kind",)
# The fields as read from the page (a diff reports these).
PRINTED_COLUMNS: tuple[str, ...] = tuple(c for c in CSV_COLUMNS if c not in DERIVED_FIELDS)
# A card_id is a slug (see extract/text.py): lower-case ASCII words joined by hyphens. Nothing
# else is one, and a reader of catalogue.json may rely on it (it never holds `/` or `..`).
CARD_ID_PATTERN = "^[a-z0-9]+(-[a-z0-9]+)*$"
# Where a resource sits, and what it says: the diff compares the two kinds apart.
PLACE_FIELDS: tuple[str, ...] = ("part", "theme")
CONTENT_FIELDS: tuple[str, ...] = tuple(
    c for c in PRINTED_COLUMNS if c not in ("card_id", "page", *PLACE_FIELDS)
)

WarningCode = Literal[
    "resource-without-link",
    "link-outside-resource",
    "unparseable-type-line",
    "year-out-of-range",
    "duplicate-card-id",
    "link-list-mismatch",
    "empty-title",
    "links-unreadable",
    "page-unreadable",
    "document-repaired",
    "theme-unknown",
    "text-outside-resource",
    "part-unknown",
    "doubtful-title",
    "group-without-heading",
    "mixed-styles",
    "page-scale-unknown",
    "link-order-unknown",
    "off-grammar",
    "link-list-order-unknown",
    "roles-uncertain",
    "control-characters",
    "stale-correction",
]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Box(_Model):
    """A rectangle on a page: x0 < x1 left to right, top < bottom top to bottom."""

    x0: float
    top: float
    x1: float
    bottom: float


class Located(_Model):
    page: int = Field(ge=1, description="1-based page number in the PDF")
    bbox: Box


class LinkSource(_Model):
    url: str
    page: int = Field(ge=1)
    bbox: Box = Field(
        description="where the link was read: the annotation's rectangle, or the line of the "
        "page's printed URL list"
    )
    origin: Literal["annotation", "text"]


class Provenance(_Model):
    """Where a resource and each of its fields were read."""

    area: Located = Field(description="the union of the resource's lines")
    fields: dict[str, Located] = Field(
        description="field name → where its text was read (the union of its lines)"
    )
    links: list[LinkSource]


class Resource(_Model):
    card_id: str = Field(
        pattern=CARD_ID_PATTERN, description="slug of the title, unique within the edition"
    )
    page: int = Field(ge=1)
    part: str | None
    theme: str | None
    title: str
    resource_type: str | None = Field(description="the type as printed, e.g. `Étude`")
    resource_kind: str | None = Field(
        default=None,
        description="the type folded so that its spellings group together: lower case, no "
        "accents, each word in the singular (`Étude`, `Etude`, `Études` → `etude`); see "
        "docs/outputs.md",
    )
    year: int | None = Field(ge=YEAR_MIN, le=YEAR_MAX)
    year_end: int | None = Field(ge=YEAR_MIN, le=YEAR_MAX)
    publisher: str | None
    description: str | None
    url: str | None
    links: list[str]
    group: str | None
    provenance: Provenance

    def record(self) -> dict[str, object]:
        """The flat record (the CSV row's fields, `links` still a list)."""
        return self.model_dump(exclude={"provenance"})


class TocEntry(_Model):
    page: int
    label: str


class PartInfo(_Model):
    number: int
    title: str
    intro_page: int
    toc: list[TocEntry]


class ExtractionWarning(_Model):
    code: WarningCode
    message: str
    page: int | None = None
    bbox: Box | None = None
    card_id: str | None = None


class Edition(_Model):
    title: str | None
    source_file: str
    sha256: str
    page_count: int
    tool_version: str


Tone = Literal["dark", "grey", "light", "colour"]
Role = Literal["title", "publisher", "body", "call_to_action"]
FurnitureKind = Literal["folio", "running", "banner", "decoration"]


class RoleStyle(_Model):
    """A role's style as printed: colours are compared by tone, since accents change by part."""

    font: str = Field(description="base font name, without the subset prefix")
    size: float = Field(gt=0, description="font size in points, to 0.1 pt")
    tone: Tone


class FurniturePattern(_Model):
    """Text that recurs at one place from page to page: never part of a resource."""

    kind: FurnitureKind
    text: str = Field(
        description="the line's text, case and spacing folded, each run of digits as `#`"
    )
    pages: list[int] = Field(default_factory=list, description="where it was found")
    position: float | None = Field(
        default=None, ge=0, le=1, description="its vertical centre, as a share of the page height"
    )


class Band(_Model):
    """A horizontal band of every page, as shares of the page height from its top edge."""

    top: float = Field(ge=0, le=1)
    bottom: float = Field(ge=0, le=1)


class ContentsForm(_Model):
    """How the tables of contents were read."""

    forms: dict[str, int] = Field(
        default_factory=dict,
        description="row form (number-first, number-last, table) → rows read in that form",
    )
    page_offset: int = Field(default=0, description="PDF page − printed page number")
    offset_from: Literal["folios", "tables", "none", "given"] = "none"


class PageDesign(_Model):
    page: int = Field(ge=1)
    kind: Literal["content", "part_intro", "other"]
    columns: int = Field(ge=0, description="columns of cards")
    order: Literal["down", "across", "written", "single"] = Field(
        description="cards read down each column, across each row, in the order they were "
        "written into the page (columns of unequal cards), or in one column or row"
    )
    links: Literal["annotations", "printed list", "notes", "in cards", "none"]
    scale: float | None = Field(
        default=None,
        exclude_if=lambda v: v is None,
        gt=0,
        description="the scale the page's cards are printed at against the rest of the "
        "document (a page shrunk to fit); absent where it is the document's",
    )


CardRole = Literal["title", "publisher", "body", "call_to_action"]


class CardGrammar(_Model):
    """The order a card prints its roles in, around its type line (the one fixed pattern)."""

    head: list[CardRole] = Field(
        description="roles printed above the type line, top to bottom (the title, or none: "
        "the type line then opens the card)"
    )
    tail: list[CardRole] = Field(description="roles printed under the type line, in order")
    reads_as: str | None = Field(
        default=None,
        description="the grammar in one line, optional roles marked `?` (written by the tool, "
        "ignored when read back)",
    )


class Design(_Model):
    """What the extractor took the document's design to be. Save it, correct it, and give it
    back with `catalogue extract --design FILE`: what it says overrides what is learnt."""

    roles: dict[Role, RoleStyle | None] = Field(
        default_factory=dict, description="the style of each role, learnt from the document"
    )
    calls_to_action: list[str] = Field(
        default_factory=list,
        description="texts read as a card's call to action (folded), besides a line that opens "
        "with an arrow",
    )
    furniture: list[FurniturePattern] = Field(default_factory=list)
    furniture_bands: list[Band] = Field(
        default_factory=list, description="bands where every line is furniture (none learnt)"
    )
    contents: ContentsForm = Field(default_factory=ContentsForm)
    card: CardGrammar | None = Field(
        default=None, description="the card's grammar, learnt from the cards themselves"
    )
    pages: list[PageDesign] = Field(default_factory=list)
    settings: dict[str, float] = Field(
        default_factory=dict,
        exclude_if=lambda v: not v,
        description="reading thresholds set apart from their defaults, by name "
        "(`scale.snap`, …; see docs/designs.md)",
    )


# A record's value: text, a year, a list of links, or nothing.
Value = str | int | list[str] | None
# What a correction may set: the record's fields but its identity and where it was read.
CORRECTABLE_FIELDS: tuple[str, ...] = tuple(c for c in CSV_COLUMNS if c not in ("card_id", "page"))
DROP = "drop"  # the `field` of a correction that says a record is no resource


class AppliedCorrection(_Model):
    """A field whose value is not the one extracted: a person's correction set it."""

    card_id: str
    field: str = Field(description="a field of cards.csv, or `drop`: the record is no resource")
    page: int = Field(ge=1, description="the record's page")
    extracted: Value = Field(description="the value extracted (for `drop`, the record's title)")
    applied: Value = Field(description="the value in the outputs (for `drop`, none)")
    note: str | None = None
    row: int = Field(ge=2, description="the row of the corrections file that set it")


class UnappliedCorrection(_Model):
    """A row of the corrections file that changed nothing in this edition, and why."""

    row: int = Field(ge=2)
    card_id: str
    field: str
    value: Value
    was: str | None = Field(description="what the extraction gave when the row was written")
    note: str | None = None
    outcome: Literal["stale", "absent", "already"] = Field(
        description="stale: the extraction now gives something else than `was` (warned); "
        "absent: no such record in this edition; already: the extraction gives the value"
    )
    now: Value = Field(default=None, description="what the extraction gives now")


class Corrections(_Model):
    """The corrections file given with `--corrections`, and what it did to this edition."""

    source_file: str = Field(description="the file's name")
    sha256: str
    applied: list[AppliedCorrection] = Field(
        description="every field whose value is not the one extracted, and every record dropped"
    )
    not_applied: list[UnappliedCorrection]
    settled: list[ExtractionWarning] = Field(
        default_factory=list,
        description="warnings of the extraction that an applied correction answers (no longer "
        "among `warnings`), and those of dropped records",
    )


class Catalogue(_Model):
    format: Literal["ess-catalogue/1"] = "ess-catalogue/1"
    edition: Edition
    design: Design = Field(default_factory=Design)
    parts: list[PartInfo]
    resources: list[Resource]
    warnings: list[ExtractionWarning]
    corrections: Corrections | None = Field(
        default=None, description="present when extracted with `--corrections FILE`"
    )

    def extracted_values(self) -> dict[tuple[str, str], Value]:
        """(card_id, field) → the value extracted, for every field a correction set."""
        if self.corrections is None:
            return {}
        return {
            (c.card_id, c.field): c.extracted for c in self.corrections.applied if c.field != DROP
        }

    def to_dataframe(self) -> pd.DataFrame:
        """The resources as the pandas DataFrame `extract.read_cards` gives of the cards.csv
        this catalogue makes: one row per resource, typed columns (see docs/outputs.md)."""
        # Imported here: the models are read without pandas, and without the write stage that
        # builds the frame (`extract.write.frames`).
        from extract.write.frames import cards_frame

        return cards_frame(self)

    @model_validator(mode="after")
    def _card_ids_unique(self) -> Catalogue:
        first: dict[str, int] = {}
        for index, resource in enumerate(self.resources):
            if resource.card_id in first:
                raise ValueError(
                    f"card_id {resource.card_id!r} names two resources "
                    f"(resources.{first[resource.card_id]} and resources.{index})"
                )
            first[resource.card_id] = index
        return self


def json_schema() -> dict[str, object]:
    schema = Catalogue.model_json_schema()
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["$id"] = "https://example.org/ess-catalogue/catalogue.schema.json"
    return schema
