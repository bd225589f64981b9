"""Part intro pages and tables of contents of the ReportLab producer, as pure geometry.

A part intro page is a panel in the part's accent (the top of a portrait page, the left half of
a landscape one) holding the optional "Partie n" label, the part title and, in landscape, the
intro paragraph; the paragraph (in portrait) and the table of contents come below or beside it.
The table of contents takes the design's form (`toc_rows`), and is set smaller when long rather
than run off the page. Printed page numbers are PDF pages less the design's folio offset.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from samples.designs.producers.reportlab_cards import Box, Rect, Style
from samples.designs.producers.reportlab_fonts import Fonts, face
from samples.designs.producers.reportlab_layout import INK, fitted, paint, sheet, text_run
from samples.designs.producers.reportlab_text import (
    WHITE,
    Colour,
    LayoutError,
    Run,
    break_text,
    field_text,
)
from samples.designs.spec import DesignSpec, Toc
from samples.source import Part


@dataclass
class TocLayout:
    runs: list[Run] = field(default_factory=list)
    shades: list[Box] = field(default_factory=list)  # table rows filled with a light tint
    rules: list[Rect] = field(default_factory=list)  # table grid lines
    bottom: float = 0.0


def toc_rows(
    entries: list[tuple[str, str]],
    x0: float,
    x1: float,
    top: float,
    form: Toc,
    spec: DesignSpec,
    fonts: Fonts,
    colour: Colour,
    size: float = 11.0,
) -> TocLayout:
    """`(number, label)` entries set in the design's form from `top` down."""
    family = spec.typography.family
    num = Style(face(family, bold=True), size, size * 1.36, colour)
    lab = Style(face(family), size, size * 1.36, INK)
    out = TocLayout()
    label_x = {"p-dot": x0 + 48, "number-first": x0 + 38, "leaders": x0, "table": x0 + 62}[form]
    label_end = x1 - 44 if form == "leaders" else x1 - (10 if form == "table" else 0)
    y = top
    for i, (number, label) in enumerate(entries):
        fits = fonts.fitting(lab.font, lab.size, label_end - label_x)
        text, _ = field_text([label])
        lines = [text[a:b] for a, b in break_text(text, fits)]
        row_top = y
        pad = 5.0 if form == "table" else 0.0
        first = y - pad - lab.leading + 4
        shown = f"P.{number}" if form == "p-dot" else number
        nw = fonts.width(shown, num.font, num.size)
        nx = {"p-dot": x0, "number-first": x0 + 26 - nw, "leaders": x1 - nw, "table": x0 + 10}
        number_run = text_run(shown, nx[form], first, num, "toc-number")
        if form != "leaders":
            out.runs.append(number_run)
        y -= pad
        for line in lines:
            y -= lab.leading
            out.runs.append(text_run(line, label_x, y + 4, lab, "toc-label"))
        if form == "leaders":
            # The dots lead from the label's last line to the number, set on that line.
            start = label_x + fonts.width(lines[-1], lab.font, lab.size) + 6
            count = int((x1 - nw - 6 - start) / fonts.width(".", lab.font, lab.size))
            if count >= 2:
                out.runs.append(text_run("." * count, start, y + 4, lab, "toc-leader"))
            out.runs.append(replace(number_run, y=y + 4))
        y -= pad
        if form == "table":
            if i % 2 == 0:
                out.shades.append((x0, y, x1 - x0, row_top - y))
            if i == 0:
                out.rules.append((x0, row_top, x1, row_top))
            out.rules.append((x0, y, x1, y))
            out.rules.append((x0 + 52, y, x0 + 52, row_top))
        else:
            y -= 4
    out.bottom = y
    return out


@dataclass
class IntroLayout:
    accent: Colour
    panel: Box
    label: list[Run] = field(default_factory=list)
    title: list[Run] = field(default_factory=list)
    intro: list[Run] = field(default_factory=list)
    toc: TocLayout = field(default_factory=TocLayout)
    bar: Box = (0.0, 0.0, 0.0, 0.0)


def layout_intro(part: Part, spec: DesignSpec, fonts: Fonts, colour: Colour) -> IntroLayout:
    sh = sheet(spec)
    family = spec.typography.family
    wide = spec.orientation == "landscape"
    m = sh.margin
    panel_w = sh.width * 0.5 if wide else sh.width
    panel: Box = (
        (0, 44, panel_w, sh.height - 44)
        if wide
        else (0, sh.height * 0.58, sh.width, sh.height * 0.42)
    )
    lay = IntroLayout(colour, panel)
    text_w = panel_w - 2 * m
    y = sh.height - (90 if wide else 150)
    if spec.part_label:
        label = Style(face(family, bold=True), 13.0, 16.0, WHITE)
        partie = f"Partie {part.number}"
        lay.label.append(Run(partie, m, y, label.font, label.size, WHITE, "part-label", track=1.5))
        y -= 14
    bold = face(family, bold=True)
    if spec.reflow:
        text, _ = field_text(part.title_lines or [part.title])
        size = 28.0 if fonts.width(text.split(" ")[0], bold, 28.0) <= text_w else 20.0
        title = [text[a:b] for a, b in break_text(text, fonts.fitting(bold, size, text_w))]
    else:
        title = part.title_lines or [part.title]
        size = min(fitted(fonts, line, bold, 28.0, text_w) for line in title)
    for line in title:
        y -= size * 1.18
        lay.title.append(Run(line, m, y, bold, size, WHITE, "part-title", paint=paint(spec)))
    body = Style(
        face(family), 9.5 if wide else 10.5, 14.0 if wide else 14.5, WHITE if wide else INK
    )
    if wide:
        y -= 28
        x, w = m, text_w
    else:
        y = panel[1] - 30
        x, w = m, sh.width - 2 * m
    if spec.reflow:
        text, _ = field_text(part.intro_lines)
        fits = fonts.fitting(body.font, body.size, w)
        lines = [text[a:b] for a, b in break_text(text, fits)]
    else:
        lines = part.intro_lines
        # Lines kept as the source has them: the paragraph is set small enough to hold them.
        narrowest = min(fitted(fonts, line, body.font, body.size, w) for line in lines or [""])
        if narrowest < body.size:
            body = Style(body.font, narrowest, narrowest * 1.4, body.colour)
    for line in lines:
        y -= body.leading
        if fonts.width(line, body.font, body.size) > w:
            raise LayoutError(f"part {part.number}: intro line wider than the page: {line!r}")
        lay.intro.append(text_run(line, x, y, body, "part-intro"))
    if wide:
        if y < panel[1] + 10:
            raise LayoutError(f"part {part.number}: title and intro overflow the panel")
        x0, y = panel_w + 36, sh.height - 90
    else:
        x0, y = m, y - 20
    lay.bar = (x0, y, 48, 3)
    entries = [(str(e.page - spec.folio_offset), e.label) for e in part.toc]
    # A long table of contents is set smaller rather than run off the page.
    for size in (11.0, 9.5, 8.0):
        lay.toc = toc_rows(entries, x0, sh.width - m, y - 14, spec.toc, spec, fonts, colour, size)
        if lay.toc.bottom >= 44:
            return lay
    raise LayoutError(f"part {part.number}: table of contents runs off the page")
