"""Validate stage: drafts → pydantic models; every anomaly becomes a located warning.

Nothing here raises on doubtful data: a value that breaks a rule is left out of its field
(never silently changed) and a warning says what was printed and where. Control characters in
the text layer (a glyph a font maps to U+0000, an escape sequence in a title) are the one
change made to what was printed: each becomes U+FFFD, and the record says so
(`control-characters`), since no output may carry them (see `extract.untrusted`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from pydantic import ValidationError

from extract import __version__
from extract.cards.drafts import BBox, Draft, Note, Part, Reading, Where
from extract.text import resource_kind, slug, unique_ids
from extract.untrusted import REPLACEMENT, without_controls
from schemas.models import (
    YEAR_MAX,
    YEAR_MIN,
    Box,
    Catalogue,
    Design,
    Edition,
    ExtractionWarning,
    LinkSource,
    Located,
    PartInfo,
    Provenance,
    Resource,
    TocEntry,
)


def r1(v: float) -> float:
    """Coordinates to 0.1 pt: finer than any layout needs, coarse enough to be reader-neutral."""
    return round(v + 0.0, 1) + 0.0  # + 0.0 turns -0.0 into 0.0 for identical output


def box(b: BBox) -> Box:
    return Box(x0=r1(b[0]), top=r1(b[1]), x1=r1(b[2]), bottom=r1(b[3]))


def located(w: Where) -> Located:
    return Located(page=w.page, bbox=box(w.box))


def _years(draft: Draft, index: int, notes: list[Note]) -> tuple[int | None, int | None]:
    out: list[int | None] = []
    for name in ("year", "year_end"):
        year = getattr(draft, name)
        if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
            where = draft.fields.get(name)
            notes.append(
                Note(
                    "year-out-of-range",
                    f"{name} {year} printed in {draft.type_text!r} is outside "
                    f"{YEAR_MIN}–{YEAR_MAX}; left empty",
                    draft.page,
                    where.box if where else draft.area,
                    index,
                )
            )
            year = None
        out.append(year)
    year, year_end = out
    if year is not None and year_end is not None and year_end < year:
        notes.append(
            Note(
                "year-out-of-range",
                f"year range {year}–{year_end} in {draft.type_text!r} runs backwards",
                draft.page,
                draft.area,
                index,
            )
        )
    return year, year_end


def _distinct(urls: Sequence[str]) -> list[str]:
    seen: list[str] = []
    for url in urls:
        if url not in seen:
            seen.append(url)
    return seen


def _resource(draft: Draft, card_id: str, index: int, notes: list[Note]) -> Resource:
    year, year_end = _years(draft, index, notes)
    links = _distinct([link.url for link in draft.links])
    if not draft.title:
        notes.append(Note("empty-title", "a resource has no title", draft.page, draft.area, index))
    if not links:
        notes.append(
            Note(
                "resource-without-link",
                f"no link found for {draft.title[:60]!r}",
                draft.page,
                draft.area,
                index,
            )
        )
    fields = {name: located(w) for name, w in sorted(draft.fields.items())}
    if links:
        first = next(link for link in draft.links if link.url == links[0])
        fields["url"] = located(first.where)
    provenance = Provenance(
        area=Located(page=draft.page, bbox=box(draft.area)),
        fields=fields,
        links=[
            LinkSource(
                url=link.url, page=link.where.page, bbox=box(link.where.box), origin=link.origin
            )
            for link in draft.links
        ],
    )
    return Resource(
        card_id=card_id,
        page=draft.page,
        part=draft.part,
        theme=draft.theme,
        title=draft.title,
        resource_type=draft.resource_type,
        resource_kind=resource_kind(draft.resource_type),
        year=year,
        year_end=year_end,
        publisher=draft.publisher,
        description=draft.description,
        url=links[0] if links else None,
        links=links,
        group=draft.group,
        provenance=provenance,
    )


def _parts(parts: Sequence[Part]) -> list[PartInfo]:
    return [
        PartInfo(
            number=p.number,
            title=p.title,
            intro_page=p.intro_page,
            toc=[TocEntry(page=e.page, label=e.label) for e in p.toc],
        )
        for p in parts
    ]


def _warning(note: Note, ids: Sequence[str]) -> ExtractionWarning:
    return ExtractionWarning(
        code=note.code,  # type: ignore[arg-type]  # codes are the WarningCode literals
        message=note.message,
        page=note.page,
        bbox=box(note.box) if note.box is not None else None,
        card_id=ids[note.resource]
        if note.resource is not None and note.resource < len(ids)
        else None,
    )


# The fields of a draft that hold printed text, in the order a warning names them.
TEXT_FIELDS = (
    "title",
    "type_text",
    "resource_type",
    "publisher",
    "description",
    "group",
    "part",
    "theme",
)


def _replaced(what: dict[str, int]) -> str:
    count = sum(what.values())
    return (
        f"{count} control character{'s' * (count > 1)} in {', '.join(what)} replaced by "
        f"{REPLACEMENT}"
    )


def _without_controls(draft: Draft, index: int, notes: list[Note]) -> Draft:
    """The draft with no control character in its text, and a warning naming it if it had."""
    found: dict[str, int] = {}
    changes: dict[str, Any] = {}
    for name in TEXT_FIELDS:
        value = getattr(draft, name)
        if value is not None:
            clean, count = without_controls(value)
            if count:
                found[name], changes[name] = count, clean
    links = []
    for link in draft.links:
        url, count = without_controls(link.url)
        if count:
            found["links"] = found.get("links", 0) + count
            link = replace(link, url=url)
        links.append(link)
    if not found:
        return draft
    notes.append(Note("control-characters", _replaced(found), draft.page, draft.area, index))
    return replace(draft, **changes, links=links)


def _clean_parts(parts: Sequence[Part], notes: list[Note]) -> list[Part]:
    out = []
    for part in parts:
        title, count = without_controls(part.title)
        toc = []
        for item in part.toc:
            label, more = without_controls(item.label)
            count += more
            toc.append(replace(item, label=label) if more else item)
        if count:
            where = part.title_where
            notes.append(
                Note(
                    "control-characters",
                    f"part {part.number}: {_replaced({'title and contents': count})}",
                    where.page if where else part.intro_page,
                    where.box if where else None,
                )
            )
            part = replace(part, title=title, toc=toc)
        out.append(part)
    return out


def _clean_edition(meta: Edition, notes: list[Note]) -> Edition:
    if meta.title is None:
        return meta
    title, count = without_controls(meta.title)
    if not count:
        return meta
    notes.append(Note("control-characters", f"the document's title: {_replaced({'it': count})}"))
    return meta.model_copy(update={"title": title})


def _scrubbed(data: Any) -> Any:
    """Every string of `data` (a model dump) without control characters."""
    if isinstance(data, str):
        return without_controls(data)[0]
    if isinstance(data, dict):
        return {key: _scrubbed(value) for key, value in data.items()}
    if isinstance(data, list):
        return [_scrubbed(value) for value in data]
    return data


def validate(reading: Reading, edition: Edition, design: Design | None = None) -> Catalogue:
    notes = list(reading.notes)
    drafts = [_without_controls(d, i, notes) for i, d in enumerate(reading.drafts)]
    reading = Reading(_clean_parts(reading.parts, notes), drafts, notes)
    edition = _clean_edition(edition, notes)
    ids = unique_ids([d.title for d in reading.drafts])
    seen: set[str] = set()
    resources: list[Resource] = []
    for index, (draft, card_id) in enumerate(zip(reading.drafts, ids, strict=True)):
        base = slug(draft.title)
        if base in seen:
            notes.append(
                Note(
                    "duplicate-card-id",
                    f"title {draft.title[:60]!r} repeats an earlier one; id made unique "
                    f"as {card_id!r}",
                    draft.page,
                    draft.area,
                    index,
                )
            )
        seen.add(base)
        try:
            resources.append(_resource(draft, card_id, index, notes))
        except ValidationError as exc:  # a rule the drafts should never break: keep going
            notes.append(
                Note(
                    "text-outside-resource",
                    f"resource dropped: {exc.errors()[0]['msg']}",
                    draft.page,
                    draft.area,
                    index,
                )
            )
    notes.sort(key=lambda n: (n.page or 0, n.box[1] if n.box else 0.0, n.box[0] if n.box else 0.0))
    catalogue = Catalogue(
        edition=edition,
        design=design or Design(),
        parts=_parts(reading.parts),
        resources=resources,
        warnings=[_warning(n, ids) for n in notes],
    )
    # What the stages said in their own words (a warning quoting a line, a furniture pattern)
    # may hold one too: nothing of it reaches an output.
    dumped = catalogue.model_dump()
    scrubbed = _scrubbed(dumped)
    return catalogue if scrubbed == dumped else Catalogue.model_validate(scrubbed)


def edition(title: str | None, source_file: str, sha256: str, page_count: int) -> Edition:
    return Edition(
        title=title,
        source_file=source_file,
        sha256=sha256,
        page_count=page_count,
        tool_version=__version__,
    )
