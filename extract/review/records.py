"""The records beside each page of the review, as its templates show them: each resource's
fields (the CSV column's name as a hint), what the PDF gave where a correction set another
value, its warnings explained, what changed since an earlier edition, and what the page's
script needs to correct a field in place (the value now, the value the PDF gave, how a value
typed in is checked)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from extract.corrections.read import shown as cell_text
from extract.review.changes import FieldLine, Mark, RecordChanges
from extract.review.links import LinkMark
from extract.review.words import Words
from schemas.models import (
    CONTENT_FIELDS,
    DROP,
    PLACE_FIELDS,
    AppliedCorrection,
    Catalogue,
    ExtractionWarning,
    Resource,
    Value,
)

SAFE_SCHEMES = ("https://", "http://", "mailto:")
# The title heads each record; the rest follow in the CSV's order.
RECORD_FIELDS: tuple[str, ...] = (
    "card_id",
    *(f for f in CONTENT_FIELDS if f != "title"),
    *PLACE_FIELDS,
)
# How the page's script checks a value typed in, as the corrections file is checked.
EDIT_KINDS: dict[str, str] = {
    "title": "title",
    "year": "year",
    "year_end": "year",
    "url": "url",
    "links": "links",
}
MULTILINE = frozenset({"description"})


@dataclass(frozen=True)
class Badge:
    outcome: str
    label: str
    detail: str


@dataclass(frozen=True)
class Link:
    text: str
    href: str | None  # None: not a web or mail address (a PDF may carry `javascript:`)
    badge: Badge | None


@dataclass(frozen=True)
class FieldRow:
    name: str
    label: str
    kind: str  # "empty", "code", "url", "links" or "text": how the value is shown
    text: str
    links: list[Link]
    current: str  # the value as cards.csv gives it (what an edit starts from)
    was: str  # the value the PDF gave (a correction's `was`)
    elsewhere: int | None  # the page it was read on, when not the record's own
    corrected: str | None  # set by the corrections file: what the PDF gave
    corrected_note: str | None  # the row's note
    editable: bool
    edit_kind: str
    multiline: bool


@dataclass(frozen=True)
class WarningView:
    code: str
    explanation: str
    message: str


@dataclass(frozen=True)
class RecordView:
    number: int
    card_id: str
    title: str
    title_was: str  # the title the PDF gave: a drop's `was`
    page: int
    css: str
    warn: bool
    mark: Mark | None
    dead_link: bool
    warnings: list[WarningView]
    changes: list[FieldLine]
    change_notes: list[str]
    fields: list[FieldRow]


@dataclass(frozen=True)
class Entry:
    """A resource on the review: its stable number (catalogue order, from 1) and what is
    known of it beyond its fields."""

    number: int
    resource: Resource
    warnings: tuple[ExtractionWarning, ...]
    changes: RecordChanges | None
    links: Mapping[str, LinkMark] = field(default_factory=dict)
    corrected: Mapping[str, AppliedCorrection] = field(default_factory=dict)

    @property
    def mark(self) -> Mark | None:
        return self.changes.mark if self.changes else None


def entries(
    catalogue: Catalogue,
    pages: Iterable[int],
    changes: Mapping[str, RecordChanges],
    links: Mapping[str, LinkMark] | None = None,
) -> list[Entry]:
    """The resources whose area lies on one of `pages`, in catalogue order."""
    shown = set(pages)
    outcomes = links or {}
    by_card: dict[str, list[ExtractionWarning]] = {}
    for warning in catalogue.warnings:
        if warning.card_id is not None:
            by_card.setdefault(warning.card_id, []).append(warning)
    corrected: dict[str, dict[str, AppliedCorrection]] = {}
    for applied in catalogue.corrections.applied if catalogue.corrections else ():
        if applied.field != DROP:
            corrected.setdefault(applied.card_id, {})[applied.field] = applied
    return [
        Entry(
            number,
            r,
            tuple(by_card.get(r.card_id, ())),
            changes.get(r.card_id),
            {url: outcomes[url] for url in r.links if url in outcomes},
            corrected.get(r.card_id, {}),
        )
        for number, r in enumerate(catalogue.resources, start=1)
        if r.provenance.area.page in shown
    ]


def classes(entry: Entry) -> str:
    css = ["res"]
    if entry.warnings:
        css.append("warn")
    if entry.mark:
        css.append(f"mark-{entry.mark}")
    return " ".join(css)


def warning_view(warning: ExtractionWarning, words: Words) -> WarningView:
    return WarningView(warning.code, words.warning(warning.code), warning.message)


def badge(mark: LinkMark | None, words: Words) -> Badge | None:
    if mark is None:
        return None
    return Badge(mark.outcome, words(f"outcome.{mark.outcome}"), mark.detail)


def link(url: str, mark: LinkMark | None, words: Words) -> Link:
    href = url if url.lower().startswith(SAFE_SCHEMES) else None
    return Link(url, href, badge(mark, words))


def value_of(record: Mapping[str, object], name: str) -> Value:
    value = record[name]
    if value is None or isinstance(value, str | int):
        return value
    return [str(v) for v in value] if isinstance(value, list) else str(value)


def field_row(entry: Entry, name: str, words: Words, source: str) -> FieldRow:
    """One field of the record; `source` names the corrections file that may have set it."""
    resource = entry.resource
    value = value_of(resource.record(), name)
    applied = entry.corrected.get(name)
    extracted = applied.extracted if applied is not None else value
    links: list[Link] = []
    if value is None or value == [] or value == "":
        kind, text = "empty", "—"
    elif name == "card_id":
        kind, text = "code", str(value)
    elif name == "url":
        kind, text = "url", str(value)
        links = [link(str(value), entry.links.get(str(value)), words)]
    elif name == "links" and isinstance(value, list):
        kind, text = "links", ""
        links = [link(str(v), entry.links.get(str(v)), words) for v in value]
    else:
        kind, text = "text", str(value)
    where = resource.provenance.fields.get(name)
    elsewhere = where.page if where and where.page != resource.provenance.area.page else None
    corrected = None
    if applied is not None:
        gave = cell_text(applied.extracted) or words("nothing")
        corrected = words("corrected", file=source, was=gave)
    return FieldRow(
        name=name,
        label=words.field(name),
        kind=kind,
        text=text,
        links=links,
        current=cell_text(value),
        was=cell_text(extracted),
        elsewhere=elsewhere,
        corrected=corrected,
        corrected_note=applied.note if applied else None,
        editable=name != "card_id",
        edit_kind=EDIT_KINDS.get(name, "text"),
        multiline=name in MULTILINE,
    )


def record_view(entry: Entry, words: Words, source: str) -> RecordView:
    r = entry.resource
    rows = [field_row(entry, name, words, source) for name in ("title", *RECORD_FIELDS)]
    changes = entry.changes
    return RecordView(
        number=entry.number,
        card_id=r.card_id,
        title=r.title,
        title_was=rows[0].was,
        page=r.provenance.area.page,
        css=classes(entry),
        warn=bool(entry.warnings),
        mark=entry.mark,
        dead_link=any(not m.works for m in entry.links.values()),
        warnings=[warning_view(w, words) for w in entry.warnings],
        changes=changes.lines if changes else [],
        change_notes=changes.notes if changes else [],
        fields=rows,
    )
