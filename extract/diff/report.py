"""The three renderings of a diff: the Markdown report, changes.json and changes.csv.

All three are deterministic (the same changes give the same bytes) and list changes in document
order: the new edition's for added, modified and moved resources, the old one's for removed.
"""

from __future__ import annotations

import csv
import difflib
import io
import re
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from extract.diff.model import Change, Changes, EditionInfo, FieldChange, Rename, Value
from extract.linkcheck.report import BrokenLink
from extract.untrusted import json_text, without_controls
from extract.write.cells import neutralise
from schemas.models import LINKS_SEPARATOR, PRINTED_COLUMNS

CSV_HEADER = ("card_id", "kind", "field", "old", "new")
TEXT_FIELDS = frozenset(
    {"title", "resource_type", "publisher", "description", "group", "part", "theme"}
)
FIELD_NAMES = {
    "title": "Title",
    "resource_type": "Type",
    "year": "Year",
    "year_end": "End year",
    "publisher": "Publisher",
    "description": "Description",
    "url": "URL",
    "links": "Links",
    "group": "Group",
    "part": "Part",
    "theme": "Theme",
    "page": "Page",
}
NOTHING = "(none)"
BY_CORRECTION = "(only a correction: both PDFs give the same)"
CONTEXT_WORDS = 8
# Words of a changed stretch matched one by one, on each side, at most (see `word_opcodes`).
MATCHED_WORDS = 1000
Opcode = tuple[str, int, int, int, int]


# ---------------------------------------------------------------------------------------------
# Markdown.

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_~\[\]<>|#])")


def escape(text: str) -> str:
    """`text` shown literally in Markdown, with no control character (the report may be
    printed on a terminal, which would obey an escape sequence in a title)."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", without_controls(text)[0])


def word_diff(old: str, new: str, context: int = CONTEXT_WORDS) -> str:
    """`new` with the words it lost struck through (`~~…~~`) and the words it gained in bold;
    unchanged stretches longer than twice `context` words are cut to `context` words each side.

    >>> word_diff("VERS LA RÉSILIENCE ALIMENTAIRE", "VERS LA RÉSILIENCE ALIMENTAIRE LOCALE")
    'VERS LA RÉSILIENCE ALIMENTAIRE **LOCALE**'
    >>> word_diff("un guide (2016)", "un outil (2016)")
    'un ~~guide~~ **outil** (2016)'
    """
    a, b = old.split(), new.split()
    opcodes = word_opcodes(a, b)
    out: list[str] = []
    for k, (op, i1, i2, j1, j2) in enumerate(opcodes):
        if op == "equal":
            out.append(_kept(a[i1:i2], context, first=k == 0, last=k == len(opcodes) - 1))
            continue
        if i2 > i1:
            out.append(f"~~{escape(' '.join(a[i1:i2]))}~~")
        if j2 > j1:
            out.append(f"**{escape(' '.join(b[j1:j2]))}**")
    return " ".join(part for part in out if part)


def word_opcodes(a: Sequence[str], b: Sequence[str]) -> list[Opcode]:
    """How `a` becomes `b`, word by word, at a cost bounded whatever the texts.

    The words both share at their start and at their end are set apart first (linear); what
    differs between them is matched by difflib, whose cost grows with the product of the two
    lengths (and on repetitive text, with its square again): beyond `MATCHED_WORDS` words on
    each side, that middle is shown as replaced whole, which is what so long a change amounts
    to for its reader anyway.
    """
    head = 0
    while head < min(len(a), len(b)) and a[head] == b[head]:
        head += 1
    tail = 0
    while tail < min(len(a), len(b)) - head and a[-1 - tail] == b[-1 - tail]:
        tail += 1
    middle_a, middle_b = a[head : len(a) - tail], b[head : len(b) - tail]
    if len(middle_a) * len(middle_b) <= MATCHED_WORDS**2:
        # autojunk would treat frequent French words as noise and blur the highlighting.
        matcher = difflib.SequenceMatcher(None, middle_a, middle_b, autojunk=False)
        middle = [
            (op, i1 + head, i2 + head, j1 + head, j2 + head)
            for op, i1, i2, j1, j2 in matcher.get_opcodes()
        ]
    else:
        middle = [("replace", head, len(a) - tail, head, len(b) - tail)]
    ops = [("equal", 0, head, 0, head)] if head else []
    ops += [op for op in middle if op[0] != "equal" or op[2] > op[1]]
    if tail:
        ops.append(("equal", len(a) - tail, len(a), len(b) - tail, len(b)))
    return _merged(ops)


def _merged(ops: list[Opcode]) -> list[Opcode]:
    """Neighbouring opcodes of one kind as one (trimming may cut an equal stretch in two)."""
    out: list[Opcode] = []
    for op in ops:
        if out and out[-1][0] == op[0] == "equal":
            last = out[-1]
            out[-1] = ("equal", last[1], op[2], last[3], op[4])
        else:
            out.append(op)
    return out


def _kept(words: list[str], context: int, *, first: bool, last: bool) -> str:
    """An unchanged stretch, cut in the middle (or at its outer end) when long."""
    head = [] if first else words[:context]
    tail = [] if last else words[-context:]
    if len(words) <= len(head) + len(tail) + 1 or (first and last):
        return escape(" ".join(words))
    return " ".join(part for part in (escape(" ".join(head)), "…", escape(" ".join(tail))) if part)


def _plain(value: Value) -> str:
    if value is None:
        return NOTHING
    if isinstance(value, list):
        return ", ".join(_url(v) for v in value) or NOTHING
    return escape(str(value))


def _url(url: str) -> str:
    return f"<{url}>" if re.fullmatch(r"[^\s<>]+", url) else escape(url)


def _field_line(change: FieldChange) -> str:
    name = FIELD_NAMES.get(change.field, change.field)
    old, new = change.old, change.new
    if change.field in TEXT_FIELDS and isinstance(old, str) and isinstance(new, str):
        shown = word_diff(old, new)
    elif change.field == "links" and isinstance(old, list) and isinstance(new, list):
        shown = _links_diff(old, new)
    elif change.field == "url" and isinstance(old, str) and isinstance(new, str):
        shown = f"{_url(old)} → {_url(new)}"
    else:
        shown = f"{_plain(old)} → {_plain(new)}"
    if change.by_correction:
        shown += f" *{BY_CORRECTION}*"
    return f"- **{name}:** {shown}"


def _links_diff(old: Sequence[str], new: Sequence[str]) -> str:
    gone = [f"− {_url(u)}" for u in old if u not in new]
    came = [f"+ {_url(u)}" for u in new if u not in old]
    return "; ".join(gone + came) or f"{_plain(list(old))} → {_plain(list(new))} (reordered)"


def _where(record: dict[str, Value]) -> str:
    place = " › ".join(escape(str(record[f])) for f in ("part", "theme") if record.get(f))
    return f"p. {record['page']}" + (f", {place}" if place else "")


def _kind_line(record: dict[str, Value]) -> str:
    kind = record.get("resource_type")
    years = "–".join(str(record[f]) for f in ("year", "year_end") if record.get(f) is not None)
    bits = [escape(str(kind)) if kind else "", years, escape(str(record.get("publisher") or ""))]
    return " · ".join(bit for bit in bits if bit)


def _resource_item(record: dict[str, Value]) -> list[str]:
    lines = [f"- **{escape(str(record['title']))}** (`{record['card_id']}`)"]
    details = [_kind_line(record), _where(record)]
    if record.get("url"):
        details.append(_url(str(record["url"])))
    lines.extend(f"  {d}" for d in details if d)
    # Two trailing spaces keep each detail on its own line inside the list item.
    return [line + "  " if k < len(lines) - 1 else line for k, line in enumerate(lines)]


def _change_heading(change: Change) -> list[str]:
    ids = f"`{change.old_card_id}`"
    if change.card_id != change.old_card_id:
        ids += f" → `{change.card_id}`"
    page = f"p. {change.page}"
    if change.page != change.old_page:
        page += f" (p. {change.old_page} in the old edition)"
    by = {"card_id": "card_id", "url": "URL", "title": "title similarity"}[change.matched_by]
    return [f"### {escape(change.title)}", "", f"{ids} · {page} · paired by {by}", ""]


def _moved_item(change: Change) -> str:
    moves = {c.field: c for c in change.fields}
    place = [
        f"{FIELD_NAMES[f]}: {_plain(moves[f].old)} → {_plain(moves[f].new)}"
        + (f" {BY_CORRECTION}" if moves[f].by_correction else "")
        for f in ("part", "theme")
        if f in moves
    ]
    place.append(f"p. {change.old_page} → {change.page}")
    return f"- **{escape(change.title)}** (`{change.card_id}`): " + "; ".join(place)


def _rename_item(rename: Rename) -> str:
    noun = "resource" if rename.resources == 1 else "resources"
    return (
        f"- {FIELD_NAMES[rename.field]} **{escape(rename.old)}** → **{escape(rename.new)}** "
        f"({rename.resources} {noun})"
    )


def _edition(label: str, info: EditionInfo) -> str:
    name = f"`{info.source_file}`" if info.source_file else "(records)"
    title = f", {escape(info.title)}" if info.title else ""
    return f"- {label}: {name}{title}, {info.resources} resources"


SECTIONS = ("renamed", "added", "removed", "modified", "moved")


def _summary_table(changes: Changes) -> list[str]:
    s = changes.summary
    rows = [
        ("Renamed parts and themes", s.renamed),
        ("Added", s.added),
        ("Removed", s.removed),
        ("Modified", s.modified),
        ("Moved", s.moved),
        ("Unchanged", s.unchanged),
    ]
    if changes.links_broken is not None:
        rows.append(("Links that broke", len(changes.links_broken)))
    return ["| Change | Count |", "|:--|--:|", *(f"| {name} | {n} |" for name, n in rows)]


def _sections(changes: Changes) -> Iterator[str]:
    if changes.renamed:
        yield from (f"## Renamed ({len(changes.renamed)})", "")
        yield from (_rename_item(r) for r in changes.renamed)
        yield ""
    for title, records in (("Added", changes.added), ("Removed", changes.removed)):
        if records:
            yield from (f"## {title} ({len(records)})", "")
            for record in records:
                yield from _resource_item(record)
            yield ""
    if changes.modified:
        yield from (f"## Modified ({len(changes.modified)})", "")
        for change in changes.modified:
            yield from _change_heading(change)
            yield from (_field_line(c) for c in change.fields)
            yield ""
    if changes.moved:
        yield from (f"## Moved ({len(changes.moved)})", "")
        yield from (_moved_item(c) for c in changes.moved)
        yield ""
    if changes.links_broken:
        yield from (f"## Links that broke ({len(changes.links_broken)})", "")
        yield from (_broken_item(b) for b in changes.links_broken)
        yield ""


def _broken_item(link: BrokenLink) -> str:
    cards = ", ".join(f"`{c}`" for c in link.card_ids)
    why = escape(link.error) if link.error else ""
    return (
        f"- {_url(link.url)}: {link.old_outcome} ({link.old_checked_at}) → **{link.outcome}**"
        f"{': ' + why if why else ''} ({link.checked_at}); {cards}"
    )


def markdown(changes: Changes) -> str:
    """The report: the two editions, the counts, then one section per kind of change."""
    lines = [
        "# Changes between two editions",
        "",
        _edition("Old", changes.old),
        _edition("New", changes.new),
        "",
        *_summary_table(changes),
        "",
    ]
    if not changes.has_changes():
        lines += ["No changes.", ""]
    lines += list(_sections(changes))
    lines.append(
        "Deleted words are ~~struck through~~, added words are in **bold**. Resources are "
        f"paired by card_id, then URL, then title similarity ≥ {changes.title_threshold:g}; "
        "page numbers that only shifted are not changes."
    )
    # Addresses and file names are shown as they are, not escaped: none may carry a control
    # character to the terminal the report is printed on.
    return without_controls("\n".join(lines) + "\n", lines=True)[0]


def summary_line(changes: Changes) -> str:
    s = changes.summary
    counts = [
        (s.added, "added"),
        (s.removed, "removed"),
        (s.modified, "modified"),
        (s.moved, "moved"),
        (s.renamed, "renamed"),
        (len(changes.links_broken or ()), "links broke"),
    ]
    told = [f"{n} {what}" for n, what in counts if n]
    return (", ".join(told) if told else "no changes") + f" ({s.unchanged} unchanged)"


# ---------------------------------------------------------------------------------------------
# JSON and CSV.


def changes_json(changes: Changes) -> str:
    # Without link reports, or corrections that make a difference, the file stays as it always
    # was: no `links_broken` key, no `by_correction` on every field.
    leave_out: dict[str, Any] = {}
    if changes.links_broken is None:
        leave_out["links_broken"] = True
    if not changes.by_correction():
        flag = {"__all__": {"fields": {"__all__": {"by_correction"}}}}
        leave_out |= {"modified": flag, "moved": flag}
    data = changes.model_dump(mode="json", exclude=leave_out or None)
    return json_text(data)


def cell(value: Value) -> str:
    if value is None:
        return ""
    if isinstance(value, list):
        return LINKS_SEPARATOR.join(value)
    return str(value)


def csv_rows(changes: Changes) -> Iterator[tuple[str, str, str, str, str]]:
    """One row per changed field. Added and removed resources give one row per field they
    have; a rename gives one row without a card_id. Modified and moved rows carry the new
    card_id, removed rows the old one; a field that differs only because of a correction is
    of kind `corrected`."""
    for r in changes.renamed:
        yield "", "renamed", r.field, r.old, r.new
    for kind, records in (("added", changes.added), ("removed", changes.removed)):
        for record in records:
            for f in PRINTED_COLUMNS[1:]:
                value = cell(record.get(f))
                if value:
                    pair = ("", value) if kind == "added" else (value, "")
                    yield str(record["card_id"]), kind, f, *pair
    for kind, group in (("modified", changes.modified), ("moved", changes.moved)):
        for change in group:
            for c in change.fields:
                shown = "corrected" if c.by_correction else kind
                yield change.card_id, shown, c.field, cell(c.old), cell(c.new)
    for link in changes.links_broken or ():
        now = f"{link.outcome}: {link.error}" if link.error else link.outcome
        for card_id in link.card_ids:
            yield card_id, "link-broke", link.url, link.old_outcome, now


def changes_csv(changes: Changes) -> str:
    """changes.csv: every cell neutralised as cards.csv's are (`extract.write.cells`), since
    the old and new values are text from the PDFs."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    writer.writerows([neutralise(cell) for cell in row] for row in csv_rows(changes))
    return buffer.getvalue()


RENDERERS: dict[str, Callable[[Changes], str]] = {
    "markdown": markdown,
    "md": markdown,
    "json": changes_json,
    "csv": changes_csv,
}
