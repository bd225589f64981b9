"""A validated catalogue with a person's corrections applied: a pure function.

Each row of the corrections file is, for this edition:

- **applied**: the record's field takes the value (a `drop` takes the record out);
- **stale**: `was` says what the extraction gave when the row was written, and it now gives
  something else: the PDF changed, so a person should look. Not applied; a `stale-correction`
  warning names the record, the field, `was` and what came out now;
- **absent**: no record of that card_id in this edition (usual across editions);
- **already**: the extraction already gives the value (the PDF was fixed).

A corrected record is validated as any record is (the pydantic model, and the rules of the
validate stage that hold between fields: a year range that runs backwards, a record left with
no link). Correcting `url` makes it the first of `links`, in place of the address it corrects;
correcting `links` makes its first address the `url`. `card_id` stays as extracted: it is how
the file names the record in every edition.

The extraction's warnings that a correction answers (a year out of range once the year is
corrected, a record without link once it has one, a doubtful title once it is corrected) and
those of a dropped record leave `warnings` for the `corrections` section's `settled`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Literal

from extract.corrections.read import Correction, CorrectionSet, shown
from schemas.models import (
    CORRECTABLE_FIELDS,
    DROP,
    AppliedCorrection,
    Box,
    Catalogue,
    Corrections,
    ExtractionWarning,
    Resource,
    UnappliedCorrection,
    Value,
)

# Warning code → the fields whose correction answers it.
SETTLED_BY: dict[str, frozenset[str]] = {
    "resource-without-link": frozenset({"url", "links"}),
    "year-out-of-range": frozenset({"year", "year_end"}),
    "empty-title": frozenset({"title"}),
    "doubtful-title": frozenset({"title"}),
    "unparseable-type-line": frozenset({"resource_type", "year", "year_end"}),
}


def apply_corrections(catalogue: Catalogue, corrections: CorrectionSet) -> Catalogue:
    """`catalogue` (as extracted: no corrections yet) with `corrections` applied."""
    if catalogue.corrections is not None:
        raise ValueError("this catalogue has had corrections applied already")
    by_id = {r.card_id: r for r in catalogue.resources}
    records: dict[str, dict[str, object]] = {}
    set_by: dict[tuple[str, str], Correction] = {}
    dropped: dict[str, Correction] = {}
    not_applied: list[UnappliedCorrection] = []
    warnings: list[ExtractionWarning] = []
    for c in corrections.rows:
        resource = by_id.get(c.card_id)
        if resource is None:
            not_applied.append(_unapplied(c, "absent", None))
            continue
        now = resource.title if c.field == DROP else _value(resource.record(), c.field)
        if c.was is not None and shown(now) != c.was:
            not_applied.append(_unapplied(c, "stale", now))
            warnings.append(_stale(resource, c, now))
        elif c.field == DROP:
            dropped[c.card_id] = c
        elif shown(c.value) == shown(now):
            not_applied.append(_unapplied(c, "already", now))
        else:
            fields = records.setdefault(c.card_id, resource.record())
            for name in _set(fields, c.field, c.value):
                set_by[c.card_id, name] = c
    resources: list[Resource] = []
    applied: list[AppliedCorrection] = []
    for resource in catalogue.resources:
        if resource.card_id in dropped:
            c = dropped[resource.card_id]
            applied.append(_applied(resource, DROP, resource.title, None, c))
            continue
        record = records.get(resource.card_id)
        if record is None:
            resources.append(resource)
            continue
        corrected = Resource.model_validate({**record, "provenance": resource.provenance})
        before = resource.record()
        changed = [f for f in CORRECTABLE_FIELDS if record[f] != before[f]]
        for name in changed:
            c = set_by[resource.card_id, name]
            applied.append(_applied(resource, name, _value(before, name), _value(record, name), c))
        warnings += _checks(corrected, changed)
        resources.append(corrected)
    kept, settled = _settle(catalogue.warnings, applied)
    return catalogue.model_copy(
        update={
            "resources": resources,
            "warnings": sorted([*kept, *warnings], key=_order),
            "corrections": Corrections(
                source_file=corrections.source_file,
                sha256=corrections.sha256,
                applied=applied,
                not_applied=not_applied,
                settled=settled,
            ),
        }
    )


def _value(record: Mapping[str, object], name: str) -> Value:
    value = record[name]
    if value is None or isinstance(value, str | int):
        return value
    return [str(v) for v in value] if isinstance(value, list) else str(value)


def _set(record: dict[str, object], name: str, value: Value) -> list[str]:
    """Set `name` to `value` in `record`; the fields it sets (url and links go together)."""
    record[name] = value
    if name == "url" and isinstance(value, str):
        links = [str(u) for u in record["links"]] if isinstance(record["links"], list) else []
        rest = links[1:] if links else []
        record["links"] = [value, *(u for u in rest if u != value)]
        return ["url", "links"]
    if name == "links" and isinstance(value, list):
        record["url"] = value[0] if value else None
        return ["links", "url"]
    return [name]


def _applied(
    resource: Resource, name: str, extracted: Value, applied: Value, c: Correction
) -> AppliedCorrection:
    return AppliedCorrection(
        card_id=resource.card_id,
        field=name,
        page=resource.page,
        extracted=extracted,
        applied=applied,
        note=c.note,
        row=c.row,
    )


def _unapplied(
    c: Correction, outcome: Literal["stale", "absent", "already"], now: Value
) -> UnappliedCorrection:
    return UnappliedCorrection(
        row=c.row,
        card_id=c.card_id,
        field=c.field,
        value=c.value,
        was=c.was,
        note=c.note,
        outcome=outcome,
        now=now,
    )


def _quoted(text: str) -> str:
    return repr(text) if text else "nothing"


def _where(resource: Resource, name: str) -> Box:
    located = resource.provenance.fields.get(name)
    return (located or resource.provenance.area).bbox


def _stale(resource: Resource, c: Correction, now: Value) -> ExtractionWarning:
    what = "drop" if c.field == DROP else f"correction of {c.field}"
    field = "title" if c.field == DROP else c.field
    return ExtractionWarning(
        code="stale-correction",
        message=f"{what} not applied (row {c.row} of the corrections): written when the "
        f"extraction gave {_quoted(c.was or '')} as the {field}, it now gives "
        f"{_quoted(shown(now))}; check the PDF, then update or remove the row",
        page=resource.page,
        bbox=_where(resource, field),
        card_id=resource.card_id,
    )


def _checks(resource: Resource, changed: Sequence[str]) -> list[ExtractionWarning]:
    """The validate stage's rules between fields, on a corrected record."""
    found: list[ExtractionWarning] = []
    year, year_end = resource.year, resource.year_end
    if {"year", "year_end"} & set(changed) and year and year_end and year_end < year:
        found.append(
            ExtractionWarning(
                code="year-out-of-range",
                message=f"year range {year}–{year_end} runs backwards (after a correction)",
                page=resource.page,
                bbox=_where(resource, "year"),
                card_id=resource.card_id,
            )
        )
    if "links" in changed and not resource.links:
        found.append(
            ExtractionWarning(
                code="resource-without-link",
                message=f"no link left for {resource.title[:60]!r} (after a correction)",
                page=resource.page,
                bbox=resource.provenance.area.bbox,
                card_id=resource.card_id,
            )
        )
    return found


def _settle(
    warnings: Iterable[ExtractionWarning], applied: Sequence[AppliedCorrection]
) -> tuple[list[ExtractionWarning], list[ExtractionWarning]]:
    """The warnings kept, and those a correction answers or whose record was dropped."""
    fields: dict[str, set[str]] = {}
    for a in applied:
        fields.setdefault(a.card_id, set()).add(a.field)
    kept: list[ExtractionWarning] = []
    settled: list[ExtractionWarning] = []
    for w in warnings:
        corrected = fields.get(w.card_id or "", set())
        if DROP in corrected or corrected & SETTLED_BY.get(w.code, frozenset()):
            settled.append(w)
        else:
            kept.append(w)
    return kept, settled


def _order(w: ExtractionWarning) -> tuple[int, float, float]:
    """The validate stage's order: by page, then down the page, then across."""
    return (w.page or 0, w.bbox.top if w.bbox else 0.0, w.bbox.x0 if w.bbox else 0.0)
