"""Tables of contents, recognised by their structure rather than their wording.

A table of contents is a set of rows, each a page number and a label, in either order, with or
without leader dots, on one line or in two cells of a table row (two lines on one baseline); the
numbers of a table are aligned in a column and never go down (Parsr's ToC detection, Dejean and
Meunier's functional definition). A label may wrap onto further lines, which start under the
label and carry no number: after the row when the number comes first or stands in its own
cell, before it when the number comes last (it follows the label's last word).

A part's introduction is a page without cards whose table points at content pages (a table whose
rows point at other tables — a summary of the parts — is not a part). The part's title is the
largest text of that page that is neither the table, nor furniture, nor a label shared by every
introduction ("Partie 1", "Partie 2": the same once digits are masked).

Printed numbers are turned into PDF pages by the document's offset: the folios' when the pages
print their numbers, else the one offset that sends every table's first row to the first content
page after the table, when one does.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import regex

from extract.layout.furniture import Furniture, mask
from extract.layout.lines import Line, PageLines
from extract.settings import current
from extract.text import join_lines

# "P.9  Label", "p. 9 Label", "Page 9 Label", "9  Label", "9. Label"
_NUMBER_FIRST = regex.compile(
    r"^(?P<prefix>\p{L}{1,5}\.?\s*)?(?P<page>\d{1,3})(?:\s*[.):–—-])?\s+(?P<label>\S.*)$"
)
# "Label ........ 9", "Label … 9", "Label  9", "Label, p. 9"
_NUMBER_LAST = regex.compile(
    r"^(?P<label>.*?\S)(?:\s*[.·…‥_\p{Pd}]{2,}\s*|\s*[,:]?\s+)(?:\p{L}{1,5}\.?\s*)?"
    r"(?P<page>\d{1,3})$"
)
_LONE_NUMBER = regex.compile(r"^(?:\p{L}{1,5}\.?\s*)?(?P<page>\d{1,3})\.?$")
_LETTER = regex.compile(r"\p{L}")
# How rows align, how far apart two cells stand, and how a label wraps are
# `extract.settings.ContentsSettings`.


@dataclass(frozen=True)
class TocRow:
    number: int  # as printed
    label: str
    lines: tuple[Line, ...]  # the number's line first when it stands alone, then the label's
    number_x: float  # where the number column is (its left or right edge)
    apart: float  # what sets number and label apart: spaces and leaders (chars)


@dataclass
class TocPage:
    page: int
    rows: list[TocRow]
    form: str  # "number-first", "number-last" or "table", for the design summary
    targets: list[int] = field(default_factory=list)  # PDF pages, once the offset is known


def _label_ok(label: str) -> bool:
    return bool(_LETTER.search(label))


def _one_line_row(line: Line) -> tuple[TocRow, str] | None:
    """A row printed on one line, number first or last; where both readings fit ("P.4  Thème
    1"), the one whose number stands further from its label (leaders, a wide gap) wins."""
    text = line.text.strip()
    first = _NUMBER_FIRST.match(text)
    last = _NUMBER_LAST.match(text)
    if first and not _label_ok(first["label"]):
        first = None
    if last and not _label_ok(last["label"].rstrip(" .·…‥_-–—")):
        last = None
    if first and last and _separator(last) > _separator(first):
        first = None
    if first:
        row = TocRow(
            int(first["page"]), first["label"].strip(), (line,), line.x0, _separator(first)
        )
        return row, "number-first"
    if last:
        label = last["label"].rstrip(" .·…‥_-–—")
        return TocRow(int(last["page"]), label, (line,), line.x1, _separator(last)), "number-last"
    return None


def _separator(m: regex.Match[str]) -> int:
    """How much stands between a row's number and its label: spaces and leader dots."""
    if m.re is _NUMBER_FIRST:
        return int(m.start("label") - m.end("page"))
    return int(m.start("page") - m.end("label"))


def _table_rows(lines: Sequence[Line]) -> list[TocRow]:
    """Rows of a two-column table: a number alone and a label on one baseline."""
    rows: list[TocRow] = []
    settings = current().contents
    numbers = [ln for ln in lines if _LONE_NUMBER.match(ln.text.strip())]
    for num in numbers:
        size = num.style.size
        partners = [
            ln
            for ln in lines
            if ln is not num
            and abs(ln.baseline - num.baseline) <= settings.cell_baseline * max(size, ln.style.size)
            and _label_ok(ln.text)
            and not _LONE_NUMBER.match(ln.text.strip())
        ]
        if not partners:
            continue
        label = min(partners, key=lambda ln: min(abs(ln.x0 - num.x1), abs(num.x0 - ln.x1)))
        m = _LONE_NUMBER.match(num.text.strip())
        assert m is not None
        first = num.x1 < label.x0
        # The number's outer edge, as for one-line rows: its start when it comes first.
        rows.append(
            TocRow(
                int(m["page"]),
                label.text.strip(),
                (num, label),
                num.x0 if first else num.x1,
                settings.table_apart,
            )
        )
    return rows


def _columns(rows: list[TocRow]) -> list[list[TocRow]]:
    """Sets of rows whose numbers stand in one column and never go down, likeliest first: the
    most rows, then the most clearly set apart (leaders, wide gaps, two cells)."""
    found: dict[tuple[int, ...], list[TocRow]] = {}
    align = current().contents.align
    for anchor in rows:
        size = anchor.lines[0].style.size
        column = sorted(
            (r for r in rows if abs(r.number_x - anchor.number_x) <= align * size),
            key=lambda r: r.lines[0].top,
        )
        kept = [r for i, r in enumerate(column) if i == 0 or r.number >= column[i - 1].number]
        found.setdefault(tuple(sorted(id(r) for r in kept)), kept)
    return sorted(found.values(), key=lambda c: (-len(c), -sum(r.apart for r in c)))


def _wrapped(row: TocRow, form: str, lines: Sequence[Line], used: set[int]) -> TocRow:
    """The row with the further lines its label wraps onto: lines that follow it closely,
    start under its label (past the number, when the number comes first) and are no row."""
    label_line = row.lines[-1]
    extra: list[Line] = []
    last = label_line
    settings = current().contents
    while True:
        size = last.style.size
        nxt = min(
            (
                ln
                for ln in lines
                if id(ln) not in used
                and ln.top > last.top + 0.5 * size
                and ln.top - last.bottom <= settings.wrap_gap * size
                and _under_label(ln, label_line, form, settings.wrap_indent)
                and _no_row(ln)
            ),
            key=lambda ln: ln.top,
            default=None,
        )
        if nxt is None:
            break
        extra.append(nxt)
        used.add(id(nxt))
        last = nxt
    if not extra:
        return row
    label = join_lines([row.label, *(ln.text for ln in extra)])
    return TocRow(row.number, label, (*row.lines, *extra), row.number_x, row.apart)


def _wrapped_before(row: TocRow, lines: Sequence[Line], used: set[int]) -> TocRow:
    """A number-last row with the lines its label starts on: typesetters print the number after
    the label's last word, so a label that wraps leaves its first lines above, number-less,
    aligned on the label and set in its style."""
    label_line = row.lines[-1]
    before: list[Line] = []
    first = label_line
    settings = current().contents
    while True:
        size = first.style.size
        prev = max(
            (
                ln
                for ln in lines
                if id(ln) not in used
                and ln.top < first.top - 0.5 * size
                and first.top - ln.bottom <= settings.wrap_gap * size
                and abs(ln.x0 - label_line.x0) <= settings.wrap_indent * size
                and _same_face(ln, label_line)
                and _no_row(ln)
            ),
            key=lambda ln: ln.top,
            default=None,
        )
        if prev is None:
            break
        before.insert(0, prev)
        used.add(id(prev))
        first = prev
    if not before:
        return row
    label = join_lines([*(ln.text for ln in before), row.label])
    return TocRow(row.number, label, (*row.lines, *before), row.number_x, row.apart)


def _no_row(line: Line) -> bool:
    return not _one_line_row(line) and not _LONE_NUMBER.match(line.text.strip())


def _same_face(a: Line, b: Line) -> bool:
    return (
        a.style.font == b.style.font
        and a.style.bold == b.style.bold
        and abs(a.style.size - b.style.size) <= 0.1 * b.style.size
    )


def _under_label(line: Line, label_line: Line, form: str, indent: float) -> bool:
    """Whether `line` starts under the label of `label_line` (within `indent` sizes)."""
    size = label_line.style.size
    if form == "number-first":
        # The label starts somewhere after the number on its line.
        return label_line.x0 + indent * size <= line.x0 < label_line.x1
    return abs(line.x0 - label_line.x0) <= indent * size


def toc_rows(
    page: PageLines, furniture: Furniture, labels: frozenset[str] = frozenset()
) -> list[TocPage]:
    """The tables of contents `page` may hold, likeliest first (a page without cards: see
    `find_parts`, which keeps the first that points where a table should). A line whose key is
    in `labels` (digits masked) is a label pages share, never a one-line row (`Partie 1`,
    `Partie 2`); a number alone may still be a table's cell."""
    lines = [
        ln
        for i, ln in enumerate(page.lines)
        if ln.upright and furniture.kind(page.number, i) is None
    ]
    candidates: list[tuple[TocRow, str]] = []
    for ln in lines:
        if mask(ln.text) in labels:
            continue
        row = _one_line_row(ln)
        if row is not None:
            candidates.append(row)
    # One table may mix forms: a wide gap after the number sets some rows apart in two runs.
    form_of = {id(r): f for r, f in candidates}
    table = _table_rows(lines)
    form_of |= {id(r): "table" for r in table}
    in_table = {id(ln) for r in table for ln in r.lines}
    pool = [r for r, _ in candidates if id(r.lines[0]) not in in_table] + table
    out: list[TocPage] = []
    for rows in _columns(pool):
        form = Counter(form_of[id(r)] for r in rows).most_common(1)[0][0]
        used = {id(ln) for r in rows for ln in r.lines}
        forms = [form_of[id(r)] for r in rows]
        rows = [
            _wrapped_before(r, lines, used) if f == "number-last" else r
            for r, f in zip(rows, forms, strict=True)
        ]
        rows = [_wrapped(r, f, lines, used) for r, f in zip(rows, forms, strict=True)]
        out.append(TocPage(page.number, rows, form))
    return out


@dataclass
class PartPage:
    number: int  # 1-based, in document order
    intro_page: int
    title: str
    title_lines: list[Line]
    toc: TocPage


@dataclass
class Contents:
    """What the document's tables of contents say."""

    parts: list[PartPage]
    offset: int  # PDF page − printed number
    offset_from: str  # "folios", "tables" or "none", for the design summary
    others: list[TocPage]  # tables that are not a part's (a summary of the parts)


def find_parts(
    pages: Sequence[PageLines],
    content_pages: set[int],
    furniture: Furniture,
    offset: int | None = None,
) -> Contents:
    """Part introductions and their tables, with printed numbers resolved to PDF pages (by
    `offset`, PDF page − printed number, when it is given)."""
    others_pages = [p for p in pages if p.number not in content_pages]
    labels = _numbered_labels(others_pages)
    found = [tables for p in others_pages if (tables := toc_rows(p, furniture, labels))]
    if offset is None:
        offset, source = _offset(found, content_pages, furniture)
    else:
        source = "given"
    parts: list[PartPage] = []
    others: list[TocPage] = []
    for tables in found:
        for table in tables:
            table.targets = [r.number + offset for r in table.rows]
        pointing = [t for t in tables if _into_content(t, content_pages)]
        if pointing:
            parts.append(PartPage(0, pointing[0].page, "", [], pointing[0]))
        else:
            others.append(tables[0])
    by_number = {p.number: p for p in pages}
    shared = _shared_labels([by_number[p.intro_page] for p in parts], furniture)
    for i, part in enumerate(parts, 1):
        part.number = i
        part.title_lines = _title_lines(by_number[part.intro_page], part.toc, furniture, shared)
        part.title = join_lines([ln.text for ln in part.title_lines])
    return Contents(parts, offset, source, others)


def _numbered_labels(pages: Sequence[PageLines]) -> frozenset[str]:
    """Keys of a word and a number (digits masked) that several pages without cards print: a
    label every part's introduction shares, not a row of one table."""
    seen: Counter[str] = Counter()
    for page in pages:
        seen.update(
            {
                key
                for ln in page.lines
                if ln.upright and "#" in (key := mask(ln.text)) and _LETTER.search(key)
            }
        )
    return frozenset(key for key, n in seen.items() if n > 1)


def _into_content(table: TocPage, content_pages: set[int]) -> bool:
    """Whether most of a table's rows point at content pages after it: a part's table."""
    into = [t for t in table.targets if t in content_pages and t > table.page]
    return bool(into) and len(into) * 2 >= len(table.targets)


def _offset(
    found: list[list[TocPage]], content_pages: set[int], furniture: Furniture
) -> tuple[int, str]:
    """PDF page − printed number, from the folios, else from the tables each page may hold
    (`found`, likeliest first on each page)."""
    folio = furniture.offset()
    if folio is not None:
        return folio, "folios"
    # A table's first row points at what follows it: a part's table at the first content page
    # after it, a summary of the parts at the next part's introduction (the next page with a
    # table). The offset is the one that has the most pages' tables do so, any of a page's
    # readings counting ("Partie 1" above a one-row table reads as a row too).
    table_pages = sorted(tables[0].page for tables in found)
    content = sorted(content_pages)
    firsts: list[list[int]] = []
    following: list[set[int]] = []  # where a page's table may point first
    orderly: list[set[int]] = []  # of those, what leaves no other table in between
    for tables in found:
        page = tables[0].page
        next_table = next((p for p in table_pages if p > page), None)
        next_content = next((p for p in content if p > page), None)
        after = {p for p in (next_table, next_content) if p is not None}
        following.append(after)
        orderly.append({p for p in after if next_table is None or p <= next_table})
        firsts.append([t.rows[0].number for t in tables if t.rows])
    candidates = {
        page - n
        for readings, after in zip(firsts, following, strict=True)
        for n in readings
        for page in after
    }

    def supported(offset: int, pointing: list[set[int]], likeliest: bool = False) -> int:
        return sum(
            any(n + offset in where for n in (readings[:1] if likeliest else readings))
            for readings, where in zip(firsts, pointing, strict=True)
        )

    # The offset that sends the most pages' tables where they should point: the next table
    # (a summary of the parts) or the first content page before any other table (a part's);
    # then pointing past another part's table allowed; then by each page's likeliest reading.
    scores: dict[int, tuple[int, int, int]] = {
        offset: (
            supported(offset, orderly),
            supported(offset, following),
            supported(offset, following, likeliest=True),
        )
        for offset in candidates
    }
    if scores:
        ranked = sorted(scores.items(), key=lambda item: item[1], reverse=True)
        best, score = ranked[0]
        unique = len(ranked) == 1 or ranked[1][1] < score
        if unique and (score[1] * 2 > len(found) or len(ranked) == 1):
            return best, "tables"
    return 0, "none"


def _shared_labels(intros: Sequence[PageLines], furniture: Furniture) -> set[str]:
    """Keys (digits masked) printed on more than one introduction: labels, not titles."""
    seen: Counter[str] = Counter()
    for page in intros:
        seen.update({mask(ln.text) for ln in page.lines if ln.upright})
    return {key for key, n in seen.items() if n > 1}


_LABEL = regex.compile(r"^\W*\p{L}+\W*\d+\W*$")  # a word and a number: "Partie 2", "Part II"


def _title_lines(
    page: PageLines, toc: TocPage, furniture: Furniture, shared: set[str]
) -> list[Line]:
    in_toc = {id(ln) for row in toc.rows for ln in row.lines}
    rest = [
        ln
        for i, ln in enumerate(page.lines)
        if ln.upright
        and id(ln) not in in_toc
        and furniture.kind(page.number, i) is None
        and mask(ln.text) not in shared
        and not _LABEL.match(ln.text)
        and _LETTER.search(ln.text)
    ]
    if not rest:
        return []
    biggest = max(ln.style.size for ln in rest)
    title = [ln for ln in rest if ln.style.size >= biggest - 0.5]
    # One block: the largest lines that follow one another down the page.
    title.sort(key=lambda ln: (ln.top, ln.x0))
    block = [title[0]]
    gap = current().contents.title_gap
    for ln in title[1:]:
        if ln.top - block[-1].bottom <= gap * ln.style.size:
            block.append(ln)
        else:
            break
    return block
