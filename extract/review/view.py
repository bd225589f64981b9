"""What the review page shows, as data for its templates: its pages, each with what is drawn
over it and the records beside it (`drawing`, `records`), and around them the counts, the
changes since an earlier edition, the navigation, and the rows of the corrections file the
page's export repeats. Every text here is plain text: the templates escape it as they fill in.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from extract.corrections.read import CorrectionSet
from extract.corrections.read import shown as cell_text
from extract.review.changes import (
    MARKS,
    Mark,
    RecordChanges,
    ReviewChanges,
    record_changes,
    rename_text,
    renamed_from,
)
from extract.review.design import DesignView, design_view
from extract.review.drawing import Drawing, PageView, Rect, drawing, rect
from extract.review.links import LinkMark
from extract.review.records import (
    Entry,
    RecordView,
    WarningView,
    entries,
    record_view,
    warning_view,
)
from extract.review.words import Words
from schemas.models import Catalogue, ExtractionWarning


@dataclass(frozen=True)
class Section:
    view: PageView
    theme: str | None
    warned: bool
    changed: bool
    warnboxes: list[Rect]
    drawings: list[Drawing]
    records: list[RecordView]
    warnings: list[WarningView]


# ---------------------------------------------------------------------------------------------
# The header and the navigation.


@dataclass(frozen=True)
class Stat:
    key: str
    value: int
    label: str


@dataclass(frozen=True)
class Removed:
    title: str
    card_id: str
    where: str


@dataclass(frozen=True)
class ChangesSummary:
    against: str
    stats: list[Stat]
    renames: list[str]
    removed: list[Removed]


@dataclass(frozen=True)
class NavTheme:
    name: str
    first: int
    count: int
    was: str | None


@dataclass(frozen=True)
class NavPart:
    name: str
    count: int
    was: str | None
    themes: list[NavTheme]


@dataclass(frozen=True)
class FileRow:
    """A row of the corrections file the review was given: the exported file repeats it."""

    card_id: str
    field: str
    value: str
    was: str
    note: str


@dataclass(frozen=True)
class ReviewPage:
    lang: str
    title: str
    edition: str
    source: str
    storage_key: str
    design: DesignView
    stats: list[Stat]
    changes: ChangesSummary | None
    link_stats: list[Stat]
    loose_warnings: list[WarningView]
    nav: list[NavPart]
    pages: list[int]
    sections: list[Section]
    total: int
    corrections_file: str | None
    file_rows: list[FileRow]
    export_name: str
    warned: bool  # some record shown has a warning (else the warnings filter says none has)
    changed: bool  # some record shown changed since the earlier edition
    script_texts: dict[str, str] = field(default_factory=dict)


def page_warnings(catalogue: Catalogue, number: int) -> list[ExtractionWarning]:
    """Warnings located on a page that belong to no resource."""
    return [w for w in catalogue.warnings if w.page == number and w.card_id is None]


def loose_warnings(catalogue: Catalogue) -> list[ExtractionWarning]:
    """Warnings with neither a page nor a resource: only the header can show them."""
    return [w for w in catalogue.warnings if w.page is None and w.card_id is None]


def section(
    view: PageView, catalogue: Catalogue, shown: Sequence[Entry], words: Words, source: str
) -> Section:
    here = [e for e in shown if e.resource.provenance.area.page == view.number]
    loose = page_warnings(catalogue, view.number)
    warnboxes = [
        rect(w.bbox, "warnbox", f"{w.code}: {w.message}")
        for w in catalogue.warnings
        if w.page == view.number and w.bbox is not None
    ]
    drawings = [d for e in shown if (d := drawing(e, view.number)) is not None]
    return Section(
        view=view,
        theme=next((e.resource.theme for e in here if e.resource.theme), None),
        warned=bool(loose) or any(e.warnings for e in here),
        changed=any(e.mark for e in here),
        warnboxes=warnboxes,
        drawings=drawings,
        records=[record_view(e, words, source) for e in here],
        warnings=[warning_view(w, words) for w in loose],
    )


def navigation(
    shown: Sequence[Entry], words: Words, changes: ReviewChanges | None
) -> list[NavPart]:
    """Parts, then their themes, each linked to its first resource; a renamed one says its
    name in the earlier edition."""
    renames = changes.diff.renamed if changes else []
    part_was, theme_was = renamed_from(renames, "part"), renamed_from(renames, "theme")
    tree: dict[str, dict[str, list[Entry]]] = {}
    for e in shown:
        part = e.resource.part or words("no-part")
        theme = e.resource.theme or words("no-theme")
        tree.setdefault(part, {}).setdefault(theme, []).append(e)
    return [
        NavPart(
            part,
            sum(len(v) for v in themes.values()),
            part_was.get(part),
            [
                NavTheme(theme, group[0].number, len(group), theme_was.get(theme))
                for theme, group in themes.items()
            ],
        )
        for part, themes in tree.items()
    ]


def page_range(views: Sequence[PageView], page_count: int, words: Words) -> str:
    numbers = [v.number for v in views]
    if numbers == list(range(1, page_count + 1)):
        return words("pages.all", n=page_count)
    if numbers and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return words("pages.span", first=numbers[0], last=numbers[-1], total=page_count)
    return words("pages.some", n=len(numbers), total=page_count)


def counts(
    catalogue: Catalogue, shown: Sequence[Entry], pages: Iterable[int], words: Words
) -> list[Stat]:
    numbers = set(pages)
    ids = {e.resource.card_id for e in shown}
    warnings = [
        w
        for w in catalogue.warnings
        if (w.card_id in ids) or (w.card_id is None and (w.page is None or w.page in numbers))
    ]
    links = sum(len(e.resource.provenance.links) for e in shown)
    return [
        Stat("resources", len(shown), words("stat.resources", len(shown))),
        Stat("links", links, words("stat.links", links)),
        Stat("warnings", len(warnings), words("stat.warnings", len(warnings))),
    ]


def changes_summary(changes: ReviewChanges, shown: Sequence[Entry], words: Words) -> ChangesSummary:
    diff = changes.diff
    stats = [Stat(m, n, words(f"stat.{m}", n)) for m in MARKS for n in [_marked(shown, m)]]
    removed = len(diff.removed)
    stats.append(Stat("removed", removed, words("stat.removed", removed)))
    stats.append(Stat("renamed", len(diff.renamed), words("stat.renamed", len(diff.renamed))))
    stats.append(
        Stat("unchanged", diff.summary.unchanged, words("stat.unchanged", diff.summary.unchanged))
    )
    gone = [
        Removed(
            str(r["title"]),
            str(r["card_id"]),
            ", ".join(
                [words("removed.where", page=r["page"])]
                + [str(r[f]) for f in ("part", "theme") if r.get(f)]
            ),
        )
        for r in diff.removed
    ]
    renames = [rename_text(r, words) for r in diff.renamed]
    return ChangesSummary(changes.against, stats, renames, gone)


def _marked(shown: Sequence[Entry], mark: Mark) -> int:
    return sum(e.mark == mark for e in shown)


def link_stats(shown: Sequence[Entry], words: Words) -> list[Stat]:
    """The counts of the shown links by outcome ([] without a link report)."""
    from extract.linkcheck.models import OUTCOMES

    marks = [m for e in shown for m in e.links.values()]
    if not marks:
        return []
    return [
        Stat(f"links-{o}", sum(m.outcome == o for m in marks), words(f"outcome.{o}"))
        for o in OUTCOMES
    ]


def file_rows(corrections: CorrectionSet | None, words: Words) -> list[FileRow]:
    if corrections is None:
        return []
    nothing = words("nothing")
    return [
        FileRow(
            c.card_id,
            c.field,
            cell_text(c.value),
            "" if c.was is None else (c.was or nothing),
            c.note or "",
        )
        for c in corrections.rows
    ]


def _with_renames(
    changes: Mapping[str, RecordChanges], catalogue: Catalogue, review: ReviewChanges, words: Words
) -> dict[str, RecordChanges]:
    """Each record of a renamed part or theme says so, as the diff reports the rename."""
    out = dict(changes)
    for rename in review.diff.renamed:
        note = rename_text(rename, words)
        for r in catalogue.resources:
            if r.record()[rename.field] == rename.new:
                known = out.get(r.card_id) or RecordChanges(None, [], [])
                out[r.card_id] = RecordChanges(known.mark, known.lines, [*known.notes, note])
    return out


def review_page(
    catalogue: Catalogue,
    views: Sequence[PageView],
    words: Words,
    changes: ReviewChanges | None = None,
    links: Mapping[str, LinkMark] | None = None,
    corrections: CorrectionSet | None = None,
) -> ReviewPage:
    """Everything the page shows of the rendered `views` of the catalogue's PDF."""
    per_record: dict[str, RecordChanges] = {}
    if changes is not None:
        per_record = _with_renames(record_changes(changes, words), catalogue, changes, words)
    numbers = [v.number for v in views]
    shown = entries(catalogue, numbers, per_record, links)
    edition = catalogue.edition
    name = edition.title or edition.source_file
    source_name = catalogue.corrections.source_file if catalogue.corrections else ""
    return ReviewPage(
        lang=words.lang,
        title=words("title", edition=name),
        edition=name,
        source=words(
            "source",
            file=edition.source_file,
            sha=edition.sha256[:12],
            pages=page_range(views, edition.page_count, words),
            version=edition.tool_version,
        ),
        storage_key=f"catalogue-review/{edition.sha256}",
        design=design_view(catalogue.design, words),
        stats=counts(catalogue, shown, numbers, words),
        changes=changes_summary(changes, shown, words) if changes else None,
        link_stats=link_stats(shown, words),
        loose_warnings=[warning_view(w, words) for w in loose_warnings(catalogue)],
        nav=navigation(shown, words, changes),
        pages=numbers,
        sections=[section(v, catalogue, shown, words, source_name) for v in views],
        total=len(shown),
        corrections_file=corrections.source_file if corrections else None,
        file_rows=file_rows(corrections, words),
        export_name=corrections.source_file if corrections else "corrections.csv",
        warned=any(e.warnings for e in shown),
        changed=any(e.mark for e in shown),
        script_texts=words.script_texts(),
    )
