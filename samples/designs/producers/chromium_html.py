"""The HTML of a Chromium design: one `<section>` per PDF page of a printed source.

`document(source, spec)` gives the whole document as a string and, for each text field the
browser breaks into lines, the text those lines must join back to (`chromium_pdf` compares after
layout). Pages: 1 the cover, 2 the introduction, each part's opening at `part.intro_page`, each
content page at `page.page`, the back cover last. Text is real text wherever the records or the
page furniture need it; ornaments and "artwork" display text are SVG. Printed by
`chromium_pdf`: `python -m samples.designs.zoo --only html-portrait-2col-across`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from samples.designs.check import BuildError
from samples.designs.producers.chromium_art import (
    WHITE,
    accent,
    backdrop,
    css,
    dots,
    outlined,
    raster_thumbnail,
    tint,
    vector_banner,
    vector_thumbnail,
)
from samples.designs.producers.chromium_css import BANNER_STRIP, BOX_PADDING, geometry, stylesheet
from samples.designs.producers.chromium_text import Fields, anchor, esc, url_text
from samples.designs.spec import DesignSpec
from samples.expected import distinct
from samples.source import Card, Group, Page, Part, Source

INTRODUCTION = (
    "Ce catalogue rassemble des ressources choisies pour aider les communes lauréates du "
    "programme Petites villes de demain à inscrire l’économie sociale et solidaire dans leur "
    "projet de territoire. Chaque partie s’ouvre sur son sommaire ; chaque fiche présente une "
    "ressource, son éditeur, ce qu’elle apporte et où la consulter."
)


class LayoutError(BuildError):
    """The content cannot be set in this design (a link on a line that does not exist…)."""


@dataclass(frozen=True)
class Document:
    html: str
    fields: dict[str, str]  # data-field id → the text its printed lines must join to


def _palette(part: int) -> str:
    a = accent(part)
    shades = {"--accent": 0.0, "--tint-40": 0.4, "--tint-60": 0.6, "--tint-70": 0.7}
    shades |= {"--tint-80": 0.8, "--tint-90": 0.9, "--tint-93": 0.93}
    return "; ".join(f"{name}: {css(tint(a, amount))}" for name, amount in shades.items())


class Builder:
    def __init__(
        self,
        source: Source,
        spec: DesignSpec,
        overlap_page: int | None = None,
        split_page: int | None = None,
    ):
        self.source, self.spec = source, spec
        self.fields = Fields(no_space=spec.encoding.no_space_glyphs)
        self.overlap_page, self.split_page = overlap_page, split_page
        self.parts = {p.number: p for p in source.parts}
        self.last = source.page_count()
        self.annotate = spec.links in ("cta", "title", "blurb")

    # -- document ------------------------------------------------------------------------------

    def document(self) -> Document:
        intro_pages = {p.intro_page: p for p in self.source.parts}
        pages = {p.page: p for p in self.source.pages}
        if self.split_page is not None and self.split_page not in pages:
            raise LayoutError(f"page {self.split_page} is no content page to split a card on")
        sections: list[str] = []
        for n in range(1, self.last + 1):
            if n == 1:
                sections.append(self.cover())
            elif n == 2:
                sections.append(self.introduction())
            elif n == self.last:
                sections.append(self.back_cover())
            elif n in intro_pages:
                sections.append(self.part_opening(intro_pages[n]))
            elif n in pages:
                sections.append(self.content(pages[n]))
            else:
                raise LayoutError(f"page {n} is neither a part opening nor a content page")
        e = self.source.edition
        title = esc(f"{e.title} – {e.programme} ({e.year})")
        html = (
            f'<!DOCTYPE html><html lang="{esc(e.language)}"><head><meta charset="utf-8">'
            f"<title>{title}</title><style>{stylesheet(self.spec)}</style></head>"
            f"<body>{''.join(sections)}</body></html>"
        )
        return Document(html, dict(self.fields.expected))

    def _section(self, n: int, classes: str, part: int, body: str, extra: str = "") -> str:
        return (
            f'<section class="page {classes}" data-page="{n}" style="{_palette(part)}"{extra}>'
            f"{body}</section>"
        )

    # -- furniture -----------------------------------------------------------------------------

    def folio(self, n: int) -> str:
        number = n - self.spec.folio_offset
        if self.spec.folio == "none" or number <= 0 or n in (1, self.last):
            return ""
        total = self.last - self.spec.folio_offset
        text = {
            "plain": f"{number}",
            "dashes": f"— {number} —",
            "of-total": f"{number} / {total}",
            "page-word": f"Page {number}",
        }[self.spec.folio]
        return f'<span class="folio">{esc(text)}</span>'

    def foot(self, n: int, above: str = "") -> str:
        foot = self.spec.running_foot
        running = f'<span class="rfoot">{esc(foot)}</span>' if foot else "<span></span>"
        side = "odd" if n % 2 else "even"
        return (
            f'<div class="foot">{above}<div class="folio-line {side}">{running}'
            f"{self.folio(n) or '<span></span>'}</div></div>"
        )

    # -- covers and introduction ---------------------------------------------------------------

    def cover(self) -> str:
        e, g = self.source.edition, geometry(self.spec)
        front = "<br>".join(esc(line) for line in self.source.front_lines)
        body = (
            f"{backdrop(tint(accent(2), 0.18), g.width, g.height)}"
            f'<div style="margin-top: {g.height * 0.3:.0f}pt">'
            f'<div class="etitle">{esc(e.title)}</div><div class="eprog">{esc(e.programme)}</div>'
            f'<div style="margin-top: 26pt">'
            f"{outlined('Un outil pour aider les communes lauréates', 12, WHITE)}</div>"
            f'<div class="front">{front}</div></div>'
            f'<div style="margin-top: auto; display: flex; justify-content: space-between; '
            f'align-items: flex-end">{outlined(f"{e.publisher} · ANCT · {e.year}", 12, WHITE)}'
            f"{dots(tint(accent(2), 0.45), 8, 4)}</div>"
        )
        return self._section(1, "cover", 2, body)

    def introduction(self) -> str:
        entries = "".join(
            f'<div class="entry" style="--pa: {css(accent(p.number))}">'
            f'<div class="badge">{outlined(str(p.number), 17, WHITE)}</div>'
            f'<div><div class="name">{esc(p.title)}</div>'
            f'<div class="at">p. {p.intro_page - self.spec.folio_offset}</div></div></div>'
            for p in self.source.parts
        )
        body = (
            f"<h1>{outlined('Introduction', 26, accent(1))}</h1>"
            f"<p>{esc(INTRODUCTION)}</p>"
            f"<h1>{outlined('Sommaire', 20, accent(1))}</h1>"
            f'<div class="sommaire">{entries}</div>'
            f'<div style="margin-top: auto">{self.foot(2)}</div>'
        )
        return self._section(2, "intro", 1, body)

    def back_cover(self) -> str:
        lines = "<br>".join(esc(line) for line in self.source.back_lines)
        body = (
            f'<div class="lines">{lines}</div>'
            f'<div style="margin-top: 40pt; display: flex; gap: 30pt">'
            f"{outlined('Avise', 22, WHITE)}{outlined('ANCT', 22, WHITE)}</div>"
        )
        return self._section(self.last, "back", 1, body)

    # -- part openings -------------------------------------------------------------------------

    def part_opening(self, part: Part) -> str:
        """The part's opening: a coloured panel with its title, its intro, its contents.

        A grid with explicit cells and no positioned box, so that Chromium writes the text in
        DOM order: with `part_title_after_toc` the title shares the panel's cell but comes last.
        """
        s = self.spec
        n = part.intro_page
        label = f'<div class="plabel">Partie {part.number}</div>' if s.part_label else ""
        lines = self.fields.field(part.title_lines, s.reflow)
        title = f'{label}<div class="ptitle">{lines}</div>'
        ornament = dots(tint(accent(part.number), 0.45), 7, 3)
        in_panel = "" if s.part_title_after_toc else f'<div class="pt">{title}</div>'
        intro = f'<p class="pintro">{self.fields.field(part.intro_lines, s.reflow)}</p>'
        body = (
            f'<div class="panel"><div class="orn">{ornament}</div>{in_panel}</div>'
            f'<div class="pbody">{intro}<div class="rule"></div>{self.toc(part)}</div>'
            f'<div class="pfoot">{self.foot(n)}</div>'
        )
        if s.part_title_after_toc:
            body += f'<div class="pt after">{title}</div>'
        return self._section(n, "opening", part.number, body)

    def toc(self, part: Part) -> str:
        form = self.spec.toc
        rows: list[str] = []
        for entry in part.toc:
            num = entry.page - self.spec.folio_offset
            label = self.fields.phrase(entry.label)
            if form == "table":
                rows.append(f'<tr><td class="num">{num}</td><td class="lab">{label}</td></tr>')
            elif form == "p-dot":
                rows.append(f'<div class="row pdot"><span class="num">P.{num}</span> {label}</div>')
            elif form == "number-first":
                rows.append(f'<div class="row first"><span class="num">{num}</span> {label}</div>')
            else:
                rows.append(
                    f'<div class="row lead"><span class="lab">{label}</span>'
                    f'<span class="dots-text"></span><span class="num">{num}</span></div>'
                )
        if form == "table":
            return f'<table class="toc">{"".join(rows)}</table>'
        return f'<div class="toc">{"".join(rows)}</div>'

    # -- content pages -------------------------------------------------------------------------

    def content(self, page: Page) -> str:
        s = self.spec
        n = page.page
        odd = n % 2 == 1
        classes = "content"
        top = ""
        if s.running_head:
            top = f'<div class="rhead"><span>{esc(s.running_head)}</span></div>'
        head = self.header(page)
        notes: list[str] = []
        split = n == self.split_page
        slots = "".join(self.slot(page, i, notes, split) for i in range(len(page.blocks)))
        above = ""
        if s.links == "list" and page.trailing_urls:
            above = (
                '<div class="urls">'
                + "".join(f"<div>{esc(url)}</div>" for url in page.trailing_urls)
                + "</div>"
            )
        elif s.links == "notes" and notes:
            above = (
                '<div class="notes">'
                + "".join(f"<div>{k}. {esc(url)}</div>" for k, url in enumerate(notes, 1))
                + "</div>"
            )
        deco = f'<div class="deco">{esc(s.decorative_text)}</div>' if s.decorative_text else ""
        side = ""
        if s.side_banner:
            classes += " banner-odd" if odd else " banner-even"
            name = self.parts[page.part].title.upper() if page.part in self.parts else ""
            side = f'<div class="side {"odd" if odd else "even"}">{esc(name)}</div>'
        grid = "grid split" if split else "grid"
        body = f'{deco}{top}{head}<div class="{grid}">{slots}</div>{self.foot(n, above)}{side}'
        mark = ' data-overlap="1"' if n == self.overlap_page else ""
        mark += ' data-split="1"' if split else ""
        return self._section(n, classes, page.part, body, mark)

    def header(self, page: Page) -> str:
        kind = self.spec.header
        if kind == "banner":
            lines = page.header_lines or [page.theme]
            inner = f'<div class="h1">{self.fields.phrase(lines[0])}</div>' + "".join(
                f'<div class="h2">{self.fields.phrase(line)}</div>' for line in lines[1:]
            )
            art = dots(tint(accent(page.part), 0.45), 6, 3, 8)
            return f'<header class="head-banner"><div>{inner}</div>{art}</header>'
        if kind == "running":
            return f'<header class="head-running">{self.fields.phrase(page.theme)}</header>'
        g = geometry(self.spec)
        art = outlined(page.theme, 15, accent(page.part), g.width - 2 * g.side - 90)
        return (
            f'<header class="head-artwork">{art}{dots(tint(accent(page.part), 0.4), 6, 2, 8)}'
            f"</header>"
        )

    def slot(self, page: Page, i: int, notes: list[str], split: bool = False) -> str:
        """Block `i` in its grid cell; with `split`, in the page's multi-column flow instead,
        where the last block of the first column may break into the next column."""
        s = self.spec
        rows = -(-s.cards_per_page // s.columns)
        if s.flow == "down":
            col, row = i // rows, i % rows
        else:
            col, row = i % s.columns, i // s.columns
        if col >= s.columns or row >= rows:
            raise LayoutError(f"page {page.page}: block {i + 1} has no slot")
        block = page.blocks[i]
        inner = (
            self.card(page, block, i, notes)
            if isinstance(block, Card)
            else self.group(block, notes)
        )
        if not split:
            place = f"grid-column: {col + 1}; grid-row: {row + 1}"
            return f'<div class="slot" data-block="{i}" style="{place}">{inner}</div>'
        # A flow fills columns in block order: only reading down keeps each block in its column.
        if s.flow != "down" or s.columns < 2:
            raise LayoutError(f"page {page.page}: a card splits only across columns read down")
        breaks = i == rows - 1
        if breaks and not (isinstance(block, Card) and block.blurb_lines):
            raise LayoutError(f"page {page.page}: block {i + 1} is no card with a blurb to split")
        if breaks and len(page.blocks) <= rows:
            raise LayoutError(f"page {page.page}: the split card is the page's last block")
        classes = "slot breaks" if breaks else "slot"
        return f'<div class="{classes}" data-block="{i}">{inner}</div>'

    def _note_marks(self, urls: Sequence[str], notes: list[str]) -> str:
        marks = []
        for url in distinct(list(urls)):
            notes.append(url)
            marks.append(str(len(notes)))
        return f'<sup class="note">{",".join(marks)}</sup>' if marks else ""

    def _under(self, urls: Sequence[str]) -> str:
        lines = "".join(f"<div>{url_text(url)}</div>" for url in distinct(list(urls)))
        return f'<div class="r-under">{lines}</div>' if lines else ""

    def card(self, page: Page, card: Card, i: int, notes: list[str]) -> str:
        s, f = self.spec, self.fields
        main = [link.url for link in card.links if link.on == "cta"]
        on_lines: dict[int, list[str]] = {}
        if self.annotate:
            for link in card.links:
                if link.on != "blurb":
                    continue
                if link.line is None or not 0 <= link.line < len(card.blurb_lines):
                    raise LayoutError(f"page {page.page}: a link on a blurb line that is not there")
                on_lines.setdefault(link.line, []).append(link.url)
            if s.links == "blurb" and main:
                first = next((k for k, t in enumerate(card.blurb_lines) if t.strip()), None)
                if first is None:
                    raise LayoutError(f"page {page.page}: a card without a blurb to link")
                on_lines[first] = [*main, *on_lines.get(first, [])]
        title = f.field(card.title_lines, s.reflow)
        if s.links == "title":
            title = anchor(title, main, whole=False)
        marks = self._note_marks([x.url for x in card.links], notes) if s.links == "notes" else ""
        parts = [
            f'<div class="r-title">{title}{marks}</div>',
            f'<div class="r-type">{f.field([card.type_line], s.reflow)}</div>',
        ]
        if card.publisher_lines:
            parts.append(
                f'<div class="r-publisher">{f.field(card.publisher_lines, s.reflow)}</div>'
            )
        if card.blurb_lines:
            parts.append(
                f'<div class="r-blurb">{f.field(card.blurb_lines, s.reflow, on_lines)}</div>'
            )
        if card.cta_line is not None:
            urls = main if s.links == "cta" else []
            text = f.words(card.cta_line)
            button = (
                f'<a class="r-cta" href="{esc(urls[0])}">{text}</a>'
                if urls
                else f'<span class="r-cta">{text}</span>'
            )
            if len(urls) > 1:
                overlays = "".join(f'<a class="over" href="{esc(u)}"></a>' for u in urls[1:])
                button = f'<span class="multi">{button}{overlays}</span>'
            parts.append(f"<div>{button}</div>")
        if s.links == "under":
            parts.append(self._under([x.url for x in card.links]))
        thumb = self.thumbnail(page, i)
        where = s.thumbnail_at
        return (
            f'<article class="card {where} frame-{s.frame}">{thumb}'
            f'<div class="text">{"".join(parts)}</div></article>'
        )

    def card_width(self) -> float:
        """The width inside a card's frame, in points (as `chromium_css` sets it)."""
        s, g = self.spec, geometry(self.spec)
        content = g.width - 2 * g.side - (BANNER_STRIP if s.side_banner else 0.0)
        column = (content - (s.columns - 1) * g.gap) / s.columns
        return column - (2 * BOX_PADDING + 1.2 if s.frame == "boxed" else 0.0)

    def thumbnail(self, page: Page, i: int) -> str:
        s = self.spec
        colour = accent(page.part)
        if s.thumbnail == "none":
            return ""
        if s.thumbnail == "vector" and s.thumbnail_at == "above":
            w = self.card_width() - 0.5
            art = vector_banner(colour, page.page + i, w, min(84.0, w * 0.36))
            return f'<div class="thumb">{art}</div>'
        if s.thumbnail == "vector":
            return f'<div class="thumb">{vector_thumbnail(colour, page.page + i, 54.0, 70.0)}</div>'
        uri = raster_thumbnail(colour, s.seed, page.page * 10 + i)
        return f'<div class="thumb"><img alt="" src="{uri}"></div>'

    def group(self, group: Group, notes: list[str]) -> str:
        s, f = self.spec, self.fields
        items = []
        for item in group.items:
            urls = [link.url for link in item.links]
            text = f.field([item.type_line], s.reflow)
            if self.annotate:
                text = anchor(text, urls)
            marks = self._note_marks(urls, notes) if s.links == "notes" else ""
            under = self._under(urls) if s.links == "under" else ""
            items.append(f'<div class="r-item">{text}{marks}</div>{under}')
        heading = f.field(group.heading_lines, s.reflow)
        return (
            f'<article class="group frame-{s.frame}"><div class="r-gheading">{heading}</div>'
            f"{''.join(items)}</article>"
        )


def document(
    source: Source,
    spec: DesignSpec,
    overlap_page: int | None = None,
    split_page: int | None = None,
) -> Document:
    """The HTML of `source` set in `spec`; `overlap_page` and `split_page`: where the hostile
    overlap and the card split across two columns go."""
    return Builder(source, spec, overlap_page, split_page).document()
