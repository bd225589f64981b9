"""The review page: rendered pages with what was extracted drawn over them, as one HTML file.

Outlines are SVG drawn over each page image in the page's own coordinates (PDF points from the
top-left, as in catalogue.json), so they stay clickable and exact at any zoom. Every piece of
text that comes from the PDF goes through `html.escape`; the Content-Security-Policy admits
only this file's own script and style (by hash), so markup that slipped through still could
not run. Nothing is loaded from the network. The same inputs always give the same bytes.

The module is longer than most: about half of it is the page's own style sheet and script,
kept here as text beside the markup that uses their class names, since the page is one file.
"""

from __future__ import annotations

import base64
import hashlib
import html
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from extract.review.links import LinkMark, badge, stats
from schemas.models import (
    CONTENT_FIELDS,
    DROP,
    PLACE_FIELDS,
    AppliedCorrection,
    Box,
    Catalogue,
    Design,
    ExtractionWarning,
    Resource,
    RoleStyle,
)

Mark = Literal["added", "modified", "moved"]
MARKS: tuple[Mark, ...] = ("added", "modified", "moved")
SAFE_SCHEMES = ("https://", "http://", "mailto:")
# The title heads each resource's card; the rest follow in the CSV's order.
RECORD_FIELDS: tuple[str, ...] = (
    "card_id",
    *(f for f in CONTENT_FIELDS if f != "title"),
    *PLACE_FIELDS,
)


@dataclass(frozen=True)
class PageView:
    """One rendered page: its size in PDF points and its image, relative to the HTML file."""

    number: int
    width: float
    height: float
    src: str
    px_width: int
    px_height: int


@dataclass(frozen=True)
class ReviewChanges:
    """What a comparison with an earlier edition found, keyed by the new edition's card_id."""

    against: str  # how the earlier edition is named on the page
    marks: Mapping[str, Mark]
    notes: Mapping[str, Sequence[str]] = field(default_factory=dict)
    removed: Sequence[str] = ()


@dataclass(frozen=True)
class Entry:
    """A resource on the review: its stable number (catalogue order, from 1) and warnings."""

    number: int
    resource: Resource
    warnings: tuple[ExtractionWarning, ...]
    mark: Mark | None
    notes: tuple[str, ...]
    links: Mapping[str, LinkMark] = field(default_factory=dict)  # from a link report
    corrected: Mapping[str, AppliedCorrection] = field(default_factory=dict)  # field → correction


def esc(value: object) -> str:
    return html.escape(str(value), quote=True)


def num(value: float) -> str:
    """A coordinate as short, stable text."""
    text = f"{value:.2f}".rstrip("0").rstrip(".")
    return "0" if text == "-0" else text


def csp_hash(text: str) -> str:
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


# ---------------------------------------------------------------------------------------------
# Gathering what the page shows.


def entries(
    catalogue: Catalogue,
    pages: Iterable[int],
    changes: ReviewChanges | None,
    links: Mapping[str, LinkMark] | None = None,
) -> list[Entry]:
    """The resources whose area lies on one of `pages`, in catalogue order."""
    shown = set(pages)
    outcomes = links or {}
    marks = changes.marks if changes else {}
    notes = changes.notes if changes else {}
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
            marks.get(r.card_id),
            tuple(notes.get(r.card_id, ())),
            {url: outcomes[url] for url in r.links if url in outcomes},
            corrected.get(r.card_id, {}),
        )
        for number, r in enumerate(catalogue.resources, start=1)
        if r.provenance.area.page in shown
    ]


def page_warnings(catalogue: Catalogue, number: int) -> list[ExtractionWarning]:
    """Warnings located on a page that belong to no resource."""
    return [w for w in catalogue.warnings if w.page == number and w.card_id is None]


def loose_warnings(catalogue: Catalogue) -> list[ExtractionWarning]:
    """Warnings with neither a page nor a resource: only the header can show them."""
    return [w for w in catalogue.warnings if w.page is None and w.card_id is None]


@dataclass(frozen=True)
class Counts:
    resources: int
    links: int
    warnings: int


def counts(catalogue: Catalogue, shown: Sequence[Entry], pages: Iterable[int]) -> Counts:
    numbers = set(pages)
    ids = {e.resource.card_id for e in shown}
    warnings = [
        w
        for w in catalogue.warnings
        if (w.card_id in ids) or (w.card_id is None and (w.page is None or w.page in numbers))
    ]
    links = sum(len(e.resource.provenance.links) for e in shown)
    return Counts(len(shown), links, len(warnings))


# ---------------------------------------------------------------------------------------------
# The drawing over one page.


def rect(box: Box, css: str, extra: str = "", title: str | None = None) -> str:
    width, height = max(box.x1 - box.x0, 0.5), max(box.bottom - box.top, 0.5)
    inner = f"<title>{esc(title)}</title>" if title else ""
    return (
        f'<rect class="{css}" x="{num(box.x0)}" y="{num(box.top)}" width="{num(width)}" '
        f'height="{num(height)}"{extra}>{inner}</rect>'
    )


def tag(number: int, x: float, y: float, size: float, css: str) -> str:
    """A numbered label whose box grows with the digits."""
    label = str(number)
    width = size * (0.35 + 0.6 * len(label))
    top = max(y - size * 1.2, 0.0)
    return (
        f'<g class="{css}"><rect x="{num(x)}" y="{num(top)}" width="{num(width)}" '
        f'height="{num(size * 1.2)}" rx="1.5"></rect>'
        f'<text x="{num(x + size * 0.18)}" y="{num(top + size * 0.95)}" '
        f'font-size="{num(size)}">{label}</text></g>'
    )


def classes(entry: Entry) -> str:
    css = ["res"]
    if entry.warnings:
        css.append("warn")
    if entry.mark:
        css.append(f"mark-{entry.mark}")
    return " ".join(css)


def entry_data(entry: Entry) -> str:
    mark = f' data-mark="{entry.mark}"' if entry.mark else ""
    return f' data-res="{entry.number}" data-warn="{int(bool(entry.warnings))}"{mark}'


def resource_drawing(entry: Entry, page: int) -> str:
    """The area, its field boxes, its number and its links: what of them lies on `page`."""
    prov = entry.resource.provenance
    parts: list[str] = []
    if prov.area.page == page:
        label = f"{entry.number}. {entry.resource.title}"
        parts.append(rect(prov.area.bbox, "area", f' data-res="{entry.number}"', label))
        for name, where in sorted(prov.fields.items()):
            if where.page == page:
                parts.append(rect(where.bbox, "field", f' data-field="{esc(name)}"', name))
    for link in prov.links:
        if link.page == page:
            title = f"{entry.number}: {link.url} ({link.origin})"
            checked = entry.links.get(link.url)
            css = f"link outcome-{checked.outcome}" if checked else "link"
            parts.append(
                rect(link.bbox, css, "", f"{title} · {checked.detail}" if checked else title)
            )
            parts.append(tag(entry.number, link.bbox.x1 + 1.5, link.bbox.bottom, 6.0, "link-tag"))
    if prov.area.page == page:
        parts.append(tag(entry.number, prov.area.bbox.x0 - 2, prov.area.bbox.top - 1, 9.0, "tag"))
    if not parts:
        return ""
    return f'<g class="{classes(entry)}"{entry_data(entry)}>{"".join(parts)}</g>'


def warning_drawing(warnings: Iterable[ExtractionWarning], page: int) -> str:
    return "".join(
        rect(w.bbox, "warnbox", "", f"{w.code}: {w.message}")
        for w in warnings
        if w.page == page and w.bbox is not None
    )


def overlay(view: PageView, shown: Sequence[Entry], catalogue: Catalogue) -> str:
    drawings = "".join(resource_drawing(e, view.number) for e in shown)
    warnings = warning_drawing(catalogue.warnings, view.number)
    return (
        f'<svg class="overlay" viewBox="0 0 {num(view.width)} {num(view.height)}" '
        f'preserveAspectRatio="none" role="group" aria-label="what was found on page '
        f'{view.number}">{warnings}{drawings}</svg>'
    )


# ---------------------------------------------------------------------------------------------
# The fields beside each page.


def value_html(name: str, value: object, checked: Mapping[str, LinkMark] | None = None) -> str:
    if value is None or value == []:
        return '<span class="empty">—</span>'
    if name == "card_id":
        return f"<code>{esc(value)}</code>"
    marks = checked or {}
    if name == "url":
        return link_html(str(value)) + badge(marks.get(str(value)))
    if name == "links" and isinstance(value, list):
        items = "".join(f"<li>{link_html(str(v))}{badge(marks.get(str(v)))}</li>" for v in value)
        return f"<ol>{items}</ol>"
    return esc(value)


def link_html(url: str) -> str:
    """A clickable link only for web and mail addresses: a PDF may carry `javascript:`."""
    if url.lower().startswith(SAFE_SCHEMES):
        return f'<a href="{esc(url)}" rel="noreferrer noopener" target="_blank">{esc(url)}</a>'
    return f'<span class="url">{esc(url)}</span>'


def where_read(resource: Resource, name: str) -> str:
    where = resource.provenance.fields.get(name)
    if where is None or where.page == resource.provenance.area.page:
        return ""
    return f' <span class="elsewhere">(p. {where.page})</span>'


def corrected_html(applied: AppliedCorrection | None) -> str:
    """What the PDF gave for a field a correction set, and why it was corrected."""
    if applied is None:
        return ""
    why = f" ({esc(applied.note)})" if applied.note else ""
    extracted = applied.extracted
    was = "—" if extracted is None or extracted == [] else extracted
    if isinstance(was, list):
        was = " | ".join(was)
    return f'<div class="corrected">corrected, the PDF gave: {esc(was)}{why}</div>'


def field_rows(
    resource: Resource,
    checked: Mapping[str, LinkMark] | None = None,
    corrected: Mapping[str, AppliedCorrection] | None = None,
) -> str:
    record = resource.record()
    fixes = corrected or {}
    rows = []
    for name in RECORD_FIELDS:
        located = f' data-field="{name}"' if name in resource.provenance.fields else ""
        css = "row corrected" if name in fixes else "row"
        rows.append(
            f'<div class="{css}"{located}><dt>{name}</dt>'
            f"<dd>{value_html(name, record[name], checked)}{where_read(resource, name)}"
            f"{corrected_html(fixes.get(name))}</dd></div>"
        )
    return f"<dl>{''.join(rows)}</dl>"


def warning_list(warnings: Sequence[ExtractionWarning], css: str = "warnings") -> str:
    if not warnings:
        return ""
    items = "".join(f"<li><code>{esc(w.code)}</code> {esc(w.message)}</li>" for w in warnings)
    return f'<ul class="{css}">{items}</ul>'


def change_list(entry: Entry) -> str:
    if not entry.notes:
        return ""
    return '<ul class="changes">' + "".join(f"<li>{esc(n)}</li>" for n in entry.notes) + "</ul>"


def card(entry: Entry) -> str:
    r = entry.resource
    badge = f' <span class="badge {entry.mark}">{entry.mark}</span>' if entry.mark else ""
    flag = ' <span class="badge warn">warning</span>' if entry.warnings else ""
    if any(not m.works for m in entry.links.values()):
        flag += ' <span class="badge dead">link not working</span>'
    return (
        f'<article class="card {classes(entry)}" id="res-{entry.number}" lang="fr"'
        f'{entry_data(entry)}><header><button type="button" class="num" '
        f'title="show on the page">{entry.number}</button><h3>{esc(r.title)}</h3>'
        f"{badge}{flag}</header>{warning_list(entry.warnings)}{change_list(entry)}"
        f"{field_rows(r, entry.links, entry.corrected)}</article>"
    )


def panel(shown: Sequence[Entry], loose: Sequence[ExtractionWarning]) -> str:
    page_level = ""
    if loose:
        page_level = f'<div class="page-warnings"><h3>Page warnings</h3>{warning_list(loose)}</div>'
    cards = "".join(card(e) for e in shown) or '<p class="none">No resource on this page.</p>'
    return f'<aside class="fields">{page_level}{cards}</aside>'


def page_section(view: PageView, catalogue: Catalogue, shown: Sequence[Entry]) -> str:
    here = [e for e in shown if e.resource.provenance.area.page == view.number]
    loose = page_warnings(catalogue, view.number)
    warned = int(bool(loose) or any(e.warnings for e in here))
    changed = int(any(e.mark for e in here))
    theme = next((e.resource.theme for e in here if e.resource.theme), None)
    subtitle = f" <span>{esc(theme)}</span>" if theme else ""
    return (
        f'<section class="page" id="page-{view.number}" data-warn="{warned}" '
        f'data-changed="{changed}"><h2>Page {view.number}{subtitle}</h2>'
        f'<div class="spread"><figure class="sheet"><img src="{esc(view.src)}" '
        f'width="{view.px_width}" height="{view.px_height}" alt="page {view.number}" '
        f'loading="lazy">{overlay(view, shown, catalogue)}</figure>'
        f"{panel(here, loose)}</div></section>"
    )


# ---------------------------------------------------------------------------------------------
# Navigation, header, the whole document.


def navigation(shown: Sequence[Entry], views: Sequence[PageView]) -> str:
    """Parts, then their themes, each linked to its first resource; then the pages."""
    tree: dict[str, dict[str, list[Entry]]] = {}
    for e in shown:
        part = e.resource.part or "(no part)"
        theme = e.resource.theme or "(no theme)"
        tree.setdefault(part, {}).setdefault(theme, []).append(e)
    blocks = []
    for part, themes in tree.items():
        total = sum(len(v) for v in themes.values())
        items = "".join(
            f'<li><a href="#res-{group[0].number}">{esc(theme)}</a> '
            f'<span class="n">{len(group)}</span></li>'
            for theme, group in themes.items()
        )
        blocks.append(
            f'<details open><summary>{esc(part)} <span class="n">{total}</span>'
            f"</summary><ul>{items}</ul></details>"
        )
    pages = "".join(f'<a href="#page-{v.number}">{v.number}</a>' for v in views)
    return (
        f'<nav aria-label="parts and themes"><h2>Parts and themes</h2>{"".join(blocks)}'
        f'<h2>Pages</h2><p class="pages">{pages}</p></nav>'
    )


def page_range(views: Sequence[PageView], page_count: int) -> str:
    numbers = [v.number for v in views]
    if numbers == list(range(1, page_count + 1)):
        return f"all {page_count} pages"
    if numbers and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"pages {numbers[0]}–{numbers[-1]} of {page_count}"
    return f"{len(numbers)} of {page_count} pages"


def stat(key: str, value: int, label: str) -> str:
    zero = " zero" if value == 0 else ""
    return f'<span class="stat {key}{zero}"><b id="count-{key}">{value}</b> {label}</span>'


def change_stats(shown: Sequence[Entry], changes: ReviewChanges | None) -> str:
    if changes is None:
        return ""
    stats = "".join(stat(m, sum(e.mark == m for e in shown), m) for m in MARKS)
    removed = stat("removed", len(changes.removed), "removed")
    if changes.removed:
        titles = "".join(f"<li>{esc(t)}</li>" for t in changes.removed)
        removed = (
            f'<details class="removed"><summary>{removed}</summary>'
            f'<ul lang="fr">{titles}</ul></details>'
        )
    return f'<span class="since">since {esc(changes.against)}:</span>{stats}{removed}'


def filters(changes: ReviewChanges | None) -> str:
    changed = ""
    if changes is not None:
        changed = '<label><input type="checkbox" id="only-changed"> only changed</label>'
    return (
        '<span class="filters"><label><input type="checkbox" id="only-warnings"> only with '
        f"warnings</label>{changed}</span>"
    )


def header(
    catalogue: Catalogue,
    views: Sequence[PageView],
    shown: Sequence[Entry],
    changes: ReviewChanges | None,
) -> str:
    edition = catalogue.edition
    c = counts(catalogue, shown, (v.number for v in views))
    loose = loose_warnings(catalogue)
    loose_html = warning_list(loose, "warnings loose") if loose else ""
    return (
        f'<header class="top"><h1 lang="fr">{esc(edition.title or edition.source_file)}</h1>'
        f'<p class="source"><code>{esc(edition.source_file)}</code> · sha256 '
        f"<code>{esc(edition.sha256[:12])}</code> · {page_range(views, edition.page_count)} · "
        f"extracted by catalogue {esc(edition.tool_version)}</p>"
        f'<div class="stats">{stat("resources", c.resources, "resources")}'
        f"{stat('links', c.links, 'links')}{stat('warnings', c.warnings, 'warnings')}"
        f"{change_stats(shown, changes)}{stats(m for e in shown for m in e.links.values())}"
        f"{filters(changes)}</div>{loose_html}"
        f"{design_summary(catalogue.design)}</header>"
    )


def _style_text(style: RoleStyle | None) -> str:
    if style is None:
        return "—"
    return f"{esc(style.font)} {num(style.size)} pt, {esc(style.tone)}"


def _pages_text(pages: Sequence[int]) -> str:
    shown = ", ".join(str(p) for p in pages[:8])
    return f"p. {shown}{'…' if len(pages) > 8 else ''}"


def design_summary(design: Design) -> str:
    """What the tool took the design to be, at the top of the page: the first thing to check
    on a new edition, and what `catalogue extract --design` corrects."""
    roles = "".join(
        f"<tr><th>{esc(role.replace('_', ' '))}</th><td>{_style_text(style)}</td></tr>"
        for role, style in design.roles.items()
    )
    ctas = ", ".join(f"<q>{esc(t)}</q>" for t in design.calls_to_action) or "—"
    furniture = (
        "".join(
            f"<li>{esc(f.kind)}: <q>{esc(f.text)}</q> ({_pages_text(f.pages)})</li>"
            for f in design.furniture
        )
        or "<li>none recurring</li>"
    )
    bands = "".join(
        f"<li>band {num(b.top * 100)}–{num(b.bottom * 100)} % of the page height</li>"
        for b in design.furniture_bands
    )
    content = [p for p in design.pages if p.kind == "content"]
    layouts = Counter((p.columns, p.order, p.links) for p in content)
    page_kinds = "".join(
        f"<li>{n} page{'s' if n > 1 else ''}: {columns} column{'s' if columns != 1 else ''}, "
        f"{esc('cards read ' + order if order != 'single' else 'one row or column')}, "
        f"links {esc(links)}</li>"
        for (columns, order, links), n in sorted(layouts.items(), key=lambda kv: -kv[1])
    )
    forms = ", ".join(f"{esc(form)} ×{n}" for form, n in design.contents.forms.items()) or "—"
    offset = design.contents
    return (
        '<details class="design" open><summary>What the tool assumed of this design</summary>'
        '<div class="design-grid">'
        f'<table class="roles"><caption>Styles of the roles</caption>{roles}'
        f"<tr><th>calls to action</th><td>{ctas}</td></tr></table>"
        f"<div><h3>Page furniture (never read as a resource)</h3><ul>{furniture}{bands}</ul>"
        f"<h3>Tables of contents</h3><p>rows read as {forms}; printed page = PDF page − "
        f"{offset.page_offset} (from {esc(offset.offset_from)})</p></div>"
        f"<div><h3>Content pages</h3><ul>{page_kinds}</ul></div></div>"
        '<p class="fix">Wrong? Save the <code>design</code> section of <code>catalogue.json</code>,'
        " correct it, and extract again with <code>catalogue extract PDF --design FILE</code>.</p>"
        "</details>"
    )


def nothing_left(shown: Sequence[Entry]) -> str:
    """What a filter that hides every page says instead."""
    notes = []
    if not any(e.warnings for e in shown):
        notes.append('<p class="nothing warnings">No resource has a warning.</p>')
    if not any(e.mark for e in shown):
        notes.append('<p class="nothing changed">No resource was added, modified or moved.</p>')
    return "".join(notes)


def render_html(
    catalogue: Catalogue,
    views: Sequence[PageView],
    changes: ReviewChanges | None = None,
    links: Mapping[str, LinkMark] | None = None,
) -> str:
    """The review page for the rendered `views` of the catalogue's PDF; `links` marks each
    address with what a link report found of it."""
    shown = entries(catalogue, (v.number for v in views), changes, links)
    policy = (
        "default-src 'none'; img-src 'self'; "
        f"style-src {csp_hash(STYLE)}; script-src {csp_hash(SCRIPT)}; "
        "base-uri 'none'; form-action 'none'"
    )
    title = f"Review · {catalogue.edition.title or catalogue.edition.source_file}"
    sections = nothing_left(shown) + "".join(page_section(v, catalogue, shown) for v in views)
    return (
        '<!DOCTYPE html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n'
        f'<meta http-equiv="Content-Security-Policy" content="{esc(policy)}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{esc(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"{header(catalogue, views, shown, changes)}\n"
        f'<div class="layout">{navigation(shown, views)}\n<main>{sections}</main></div>\n'
        f"<script>{SCRIPT}</script>\n</body>\n</html>\n"
    )


STYLE = """
:root { --res: #1d5fb4; --warn: #c62828; --added: #2e7d32; --modified: #e65100;
  --moved: #6a1b9a; --ok: #2e7d32; --redirected: #ef6c00; --broken: #b71c1c; --failing: #ad1457;
  --top: 0px; font-family: system-ui, sans-serif; color: #222; }
* { box-sizing: border-box; }
body { margin: 0; background: #eceff1; font-size: 14px; height: 100vh; display: flex;
  flex-direction: column; overflow: hidden; }
header.top { flex: none; background: #fff; padding: .5rem 1rem; border-bottom: 1px solid #b0bec5;
  max-height: 40vh; overflow: auto; }
header.top h1 { font-size: 1.15rem; margin: 0; }
header.top p { margin: .25rem 0; }
.source { color: #546e7a; font-size: .85rem; }
.stats { display: flex; flex-wrap: wrap; gap: .3rem 1rem; align-items: baseline;
  margin: .25rem 0; }
.stat b { font-size: 1.1rem; }
.stat.warnings b { color: var(--warn); }
.stat.added b { color: var(--added); } .stat.modified b { color: var(--modified); }
.stat.moved b { color: var(--moved); }
.stat.zero b { color: #78909c; }
details.removed { display: inline; } details.removed ul { margin: .2rem 0; }
details.design { margin: .3rem 0; font-size: .85rem; }
details.design summary { cursor: pointer; font-weight: 600; }
.design-grid { display: flex; flex-wrap: wrap; gap: .5rem 2rem; }
.design-grid h3 { font-size: .8rem; margin: .4rem 0 .2rem; color: #546e7a; }
.design-grid ul { margin: 0; padding-left: 1.1rem; }
table.roles caption { text-align: left; font-size: .8rem; font-weight: 600; color: #546e7a; }
table.roles th { text-align: left; font-weight: 500; padding-right: .8rem; }
.fix { color: #546e7a; }
.since { margin-left: 1rem; color: #546e7a; font-size: .85rem; }
.filters { margin-left: auto; }
.filters label { margin-left: 1.2rem; cursor: pointer; }
.layout { flex: 1; min-height: 0; display: grid; grid-template-columns: 15rem minmax(0, 1fr); }
nav { overflow: auto; padding: .5rem .75rem; font-size: .85rem; }
nav h2 { font-size: .8rem; text-transform: uppercase; color: #546e7a; margin: .75rem 0 .25rem; }
nav summary { font-weight: 600; cursor: pointer; margin: .3rem 0; }
nav ul { margin: 0; padding-left: 1rem; list-style: none; }
nav li { margin: .15rem 0; }
nav a { color: var(--res); text-decoration: none; }
nav a:hover { text-decoration: underline; }
nav .pages a { display: inline-block; min-width: 1.8rem; }
.n { color: #78909c; font-size: .75rem; }
main { overflow: auto; padding: 0 1rem 40vh; }
section.page { margin-bottom: 1.5rem; }
section.page h2 { font-size: 1rem; margin: .25rem 0; }
section.page h2 span { font-weight: normal; color: #546e7a; }
.spread { display: grid; grid-template-columns: minmax(0, 3fr) minmax(16rem, 2fr); gap: 1rem;
  align-items: start; }
.sheet { position: relative; margin: 0; background: #fff; box-shadow: 0 1px 4px #90a4ae; }
.sheet img { display: block; width: 100%; height: auto; }
.sheet svg { position: absolute; inset: 0; width: 100%; height: 100%; }
.res { cursor: pointer; }
.res .area { fill: transparent; stroke: var(--res); stroke-width: 1.2; pointer-events: all; }
.res .link { fill: none; stroke: var(--res); stroke-width: .8; stroke-dasharray: 3 2; }
.res .field { fill: none; stroke: none; pointer-events: none; }
.res .tag rect, .res .link-tag rect { fill: var(--res); }
.res .tag text, .res .link-tag text { fill: #fff; font-weight: 700; pointer-events: none; }
.res.mark-added { --res: var(--added); } .res.mark-modified { --res: var(--modified); }
.res.mark-moved { --res: var(--moved); }
.res.warn { --res: var(--warn); }
.res.warn .area { stroke-width: 2.2; fill: rgb(198 40 40 / 8%); }
.res.hover .area, .res.selected .area { stroke-width: 2.5; fill: rgb(29 95 180 / 8%); }
.res.hover .link, .res.selected .link { stroke-width: 1.6; fill: rgb(29 95 180 / 12%); }
.res.selected .field { stroke: #546e7a; stroke-width: .5; stroke-dasharray: 1 1; }
.res .field.hl { stroke: #000; stroke-width: 1; stroke-dasharray: none;
  fill: rgb(255 235 59 / 35%); }
.warnbox { fill: rgb(198 40 40 / 15%); stroke: var(--warn); stroke-width: 1.5; }
.fields { position: sticky; top: 0; max-height: calc(100vh - var(--top)); overflow: auto; }
.card { background: #fff; border-left: 4px solid var(--res); border-radius: 3px;
  padding: .4rem .6rem; margin-bottom: .6rem; box-shadow: 0 1px 2px #b0bec5;
  scroll-margin-top: .5rem; }
.card.mark-added { --res: var(--added); } .card.mark-modified { --res: var(--modified); }
.card.mark-moved { --res: var(--moved); } .card.warn { --res: var(--warn); }
.card.hover, .card.selected { outline: 2px solid var(--res); }
.card header { display: flex; gap: .4rem; align-items: baseline; flex-wrap: wrap; }
.card h3 { font-size: .9rem; margin: 0; flex: 1; }
.num { background: var(--res); color: #fff; border: 0; border-radius: 3px; font-weight: 700;
  padding: 0 .35rem; cursor: pointer; font: inherit; font-weight: 700; }
.badge { font-size: .7rem; text-transform: uppercase; border-radius: 3px; padding: 0 .3rem;
  color: #fff; }
.badge.added { background: var(--added); } .badge.modified { background: var(--modified); }
.badge.moved { background: var(--moved); } .badge.warn { background: var(--warn); }
.badge.dead { background: var(--broken); }
.outcome { font-size: .7rem; border-radius: 3px; padding: 0 .3rem; margin-left: .3rem;
  color: #fff; background: var(--ok); white-space: nowrap; }
.outcome.redirected { background: var(--redirected); }
.outcome.broken { background: var(--broken); }
.outcome.failing { background: var(--failing); } .outcome.skipped { background: #78909c; }
.res .link.outcome-broken, .res .link.outcome-failing { stroke: var(--broken); stroke-width: 1.6;
  stroke-dasharray: none; }
.stat.outcome-broken b, .stat.outcome-failing b { color: var(--broken); }
.stat.outcome-redirected b { color: var(--redirected); }
.card dl { margin: .3rem 0 0; font-size: .8rem; }
.card .row { display: grid; grid-template-columns: 6.5rem minmax(0, 1fr); gap: .4rem;
  padding: 1px 2px; }
.card .row[data-field]:hover { background: #fff9c4; }
.card .row.corrected dd { background: #fff2cc; } .corrected { color: #6d4c00; font-size: .75rem; }
.card dt { color: #607d8b; }
.card dd { margin: 0; overflow-wrap: anywhere; }
.card ol { margin: 0; padding-left: 1.1rem; }
.empty, .elsewhere { color: #90a4ae; }
ul.warnings { color: var(--warn); margin: .3rem 0; padding-left: 1.1rem; font-size: .8rem; }
ul.changes { margin: .3rem 0; padding-left: 1.1rem; font-size: .8rem; color: var(--modified); }
.page-warnings h3 { font-size: .85rem; color: var(--warn); margin: 0; }
.none { color: #78909c; font-style: italic; }
body.only-warnings .res[data-warn="0"], body.only-warnings section.page[data-warn="0"],
body.only-changed .res:not([data-mark]), body.only-changed section.page[data-changed="0"]
  { display: none; }
.nothing { display: none; color: #546e7a; font-style: italic; }
body.only-warnings .nothing.warnings, body.only-changed .nothing.changed { display: block; }
"""

SCRIPT = """
"use strict";
(() => {
  const parts = (n) => document.querySelectorAll('[data-res="' + n + '"]');
  const mark = (n, css, on) => parts(n).forEach((el) => el.classList.toggle(css, on));
  let selected = null;

  function select(n, show) {
    if (selected !== null) mark(selected, "selected", false);
    selected = n;
    mark(n, "selected", true);
    const target = show === "outline"
      ? document.querySelector('.area[data-res="' + n + '"]')
      : document.getElementById("res-" + n);
    if (target) target.scrollIntoView({ block: "nearest" });
  }

  function owner(target) {
    return target instanceof Element ? target.closest(".res[data-res]") : null;
  }

  document.addEventListener("click", (event) => {
    const button = event.target instanceof Element && event.target.closest(".card .num");
    if (button) { select(button.closest(".card").dataset.res, "outline"); return; }
    const res = owner(event.target);
    if (res && res.closest("svg")) select(res.dataset.res, "card");
  });

  for (const kind of ["over", "out"]) {
    document.addEventListener("mouse" + kind, (event) => {
      const res = owner(event.target);
      if (res) mark(res.dataset.res, "hover", kind === "over");
      const row = event.target instanceof Element && event.target.closest(".card [data-field]");
      if (!row) return;
      const n = row.closest(".card").dataset.res;
      const box = document.querySelector(
        'svg [data-res="' + n + '"] .field[data-field="' + row.dataset.field + '"]');
      if (box) box.classList.toggle("hl", kind === "over");
    });
  }

  for (const name of ["only-warnings", "only-changed"]) {
    const box = document.getElementById(name);
    if (!box) continue;
    box.addEventListener("change", () => document.body.classList.toggle(name, box.checked));
  }

  const top = document.querySelector("header.top");
  const fit = () => document.documentElement.style.setProperty("--top", top.offsetHeight + "px");
  window.addEventListener("resize", fit);
  fit();

  const wanted = /^#res-(\\d+)$/.exec(location.hash);
  if (wanted) select(wanted[1], "card");
})();
"""
