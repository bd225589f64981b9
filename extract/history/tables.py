"""The history's rows, from its editions in order: a pure function.

A resource keeps its `resource_id` from an edition to the next through the diff's own pairing
(`extract.diff.compare.match`: card_id, then URL, then similar titles), so a renamed resource
stays one resource. Ids are numbered in the order resources first appear (edition by edition,
each in its own order): adding the newest edition keeps every id given before. The pairing is
between consecutive editions: a resource that leaves and comes back is a new one, as the diff
reports it (removed, then added). The changes between consecutive editions are exactly the rows
of `catalogue diff`'s changes.csv.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from extract.diff.compare import TITLE_THRESHOLD, compare, match
from extract.diff.model import EditionInfo
from extract.diff.report import csv_rows
from extract.history.editions import HistoryEdition
from schemas.models import CSV_COLUMNS, Value

Row = dict[str, Any]
# Where a change row's card_id is that of the older edition: the others carry the newer one's.
OLD_SIDE_KINDS = frozenset({"removed"})


@dataclass(frozen=True)
class Tables:
    editions: list[Row]
    resources: list[Row]
    appearances: list[Row]
    changes: list[Row]
    corrections: list[Row]


def as_json(value: Value) -> str:
    """A value as JSON text: a text in quotes, a year, a list of addresses, or null."""
    return json.dumps(value, ensure_ascii=False)


def _resource_ids(ordered: Sequence[HistoryEdition]) -> list[list[int]]:
    """Each edition's resource ids, record for record."""
    ids: list[list[int]] = []
    next_id = 1
    for k, edition in enumerate(ordered):
        here: list[int | None] = [None] * len(edition.records)
        if k:
            before = ordered[k - 1]
            for pair in match(before.records, edition.records, TITLE_THRESHOLD):
                here[pair.new] = ids[k - 1][pair.old]
        found: list[int] = []
        for given in here:
            if given is None:
                given, next_id = next_id, next_id + 1
            found.append(given)
        ids.append(found)
    return ids


def _info(edition: HistoryEdition) -> EditionInfo:
    return EditionInfo(
        source_file=edition.source_file,
        sha256=edition.sha256,
        title=edition.title,
        resources=len(edition.records),
    )


def _changes(ordered: Sequence[HistoryEdition], ids: Sequence[Sequence[int]]) -> list[Row]:
    rows: list[Row] = []
    for k in range(1, len(ordered)):
        old, new = ordered[k - 1], ordered[k]
        found = compare(
            old.records,
            new.records,
            threshold=TITLE_THRESHOLD,
            old_info=_info(old),
            new_info=_info(new),
            old_extracted=old.extracted_values(),
            new_extracted=new.extracted_values(),
        )
        old_ids = {str(r["card_id"]): i for r, i in zip(old.records, ids[k - 1], strict=True)}
        new_ids = {str(r["card_id"]): i for r, i in zip(new.records, ids[k], strict=True)}
        for card_id, kind, field, was, now in csv_rows(found):
            side = old_ids if kind in OLD_SIDE_KINDS else new_ids
            rows.append(
                {
                    "edition": new.key,
                    "previous_edition": old.key,
                    "resource_id": side.get(card_id) if card_id else None,
                    "card_id": card_id or None,
                    "kind": kind,
                    "field": field,
                    "old": was,
                    "new": now,
                }
            )
    return rows


def build_tables(ordered: Sequence[HistoryEdition]) -> Tables:
    """The rows of every table, for `ordered` editions (see `editions.in_order`)."""
    ids = _resource_ids(ordered)
    editions: list[Row] = []
    appearances: list[Row] = []
    corrections: list[Row] = []
    seen: dict[int, Row] = {}
    for position, (edition, edition_ids) in enumerate(zip(ordered, ids, strict=True), start=1):
        editions.append(
            {
                "key": edition.key,
                "position": position,
                "title": edition.title,
                "year": edition.year,
                "source_file": edition.source_file,
                "sha256": edition.sha256,
                "pages": edition.pages,
                "resources": len(edition.records),
                "tool_version": edition.tool_version,
                "corrections_file": edition.corrections_file,
                "corrections_sha256": edition.corrections_sha256,
            }
        )
        for order, (record, resource_id) in enumerate(
            zip(edition.records, edition_ids, strict=True), start=1
        ):
            row: Row = {"edition": edition.key, "resource_id": resource_id, "position": order}
            for name in CSV_COLUMNS:
                value = record.get(name)
                row[name] = as_json(list(value or [])) if name == "links" else value
            appearances.append(row)
            resource = seen.setdefault(
                resource_id,
                {"resource_id": resource_id, "first_edition": edition.key, "appearances": 0},
            )
            resource.update(
                last_edition=edition.key,
                card_id=record["card_id"],
                title=record["title"],
                description=record.get("description"),
                appearances=resource["appearances"] + 1,
            )
        corrections += [
            {
                "edition": edition.key,
                "card_id": c.card_id,
                "field": c.field,
                "page": c.page,
                "extracted": as_json(c.extracted),
                "applied": as_json(c.applied),
                "note": c.note,
                "row": c.row,
            }
            for c in edition.corrections
        ]
    resources = [seen[i] for i in sorted(seen)]
    return Tables(editions, resources, appearances, _changes(ordered, ids), corrections)
