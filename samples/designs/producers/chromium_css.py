"""The stylesheet of a Chromium design: page geometry and typography from its `DesignSpec`.

Every PDF page is one fixed-size `<section class="page">`; nothing is clipped (the producer
measures every box after layout instead, see `chromium_pdf`). Sizes are in points so that the
spec's type sizes are the sizes printed. Each role's look is set on the role's own element
(`.r-title`, `.r-type`, …) rather than through its ancestors, so that an element keeps its look
wherever it is moved in the DOM (the `layer_order` encoding does that). Used by `chromium_html`;
built with `python -m samples.designs.zoo --only html-landscape-3col`.
"""

from __future__ import annotations

from dataclasses import dataclass

from samples.designs.producers.chromium_art import GREY, INK, css
from samples.designs.spec import DesignSpec, RoleStyle

FAMILIES = {"sans": "DejaVu Sans", "serif": "DejaVu Serif"}


@dataclass(frozen=True)
class Geometry:
    """A page's size and margins, in points."""

    width: float
    height: float
    top: float
    side: float
    bottom: float
    gap: float

    @property
    def size_css(self) -> str:
        return f"{self.width:.2f}pt {self.height:.2f}pt"


A4_SHORT, A4_LONG = 595.28, 841.89
BANNER_STRIP = 18.0  # room the side banner takes from the outer margin
BOX_PADDING = 9.0


def geometry(spec: DesignSpec) -> Geometry:
    if spec.orientation == "landscape":
        return Geometry(A4_LONG, A4_SHORT, top=24, side=30, bottom=18, gap=14)
    return Geometry(A4_SHORT, A4_LONG, top=30, side=36, bottom=22, gap=18)


def _role(selector: str, style: RoleStyle, line_height: float) -> str:
    colour = "var(--accent)" if style.colour is None else css(style.colour)
    return (
        f"{selector} {{ font-size: {style.size}pt; line-height: {line_height};"
        f" font-weight: {700 if style.weight == 'bold' else 400};"
        f" font-style: {'italic' if style.italic else 'normal'}; color: {colour}; }}"
    )


def _opening(spec: DesignSpec, g: Geometry) -> str:
    """A part's opening page: the panel cell, the body cell, the foot (see `part_opening`)."""
    if spec.orientation == "landscape":
        grid = f"grid-template-columns: {g.width * 0.4:.2f}pt 1fr; grid-template-rows: 1fr auto;"
        panel, body, foot = "1 / span 2; grid-column: 1", "1; grid-column: 2", "2; grid-column: 2"
        body_pad, foot_pad = f"44pt {g.side}pt 0 34pt", f"0 {g.side}pt {g.bottom}pt 34pt"
    else:
        grid = f"grid-template-columns: 1fr; grid-template-rows: {g.height * 0.42:.2f}pt 1fr auto;"
        panel, body, foot = "1; grid-column: 1", "2; grid-column: 1", "3; grid-column: 1"
        body_pad, foot_pad = f"30pt {g.side}pt 0", f"0 {g.side}pt {g.bottom}pt"
    return f"""
section.opening {{ padding: 0; display: grid; {grid} }}
.opening .panel, .opening .pt {{ grid-row: {panel}; }}
.opening .pbody {{ grid-row: {body}; padding: {body_pad}; }}
.opening .pfoot {{ grid-row: {foot}; padding: {foot_pad}; }}
.opening .panel {{ background: var(--accent); display: flex; justify-content: flex-end;
  align-items: flex-start; padding: 24pt; }}
.opening .pt {{ align-self: end; padding: 0 {g.side + 6}pt {g.side + 10}pt; }}
"""


def stylesheet(spec: DesignSpec) -> str:
    g = geometry(spec)
    t = spec.typography
    rows = -(-spec.cards_per_page // spec.columns)
    ligatures = "common-ligatures" if spec.encoding.ligatures else "none"
    thumb_w, thumb_h = (54, 70) if spec.thumbnail_at == "beside" else (58, 44)
    roles = "\n".join(
        [
            _role(".r-title", t.title, 1.2),
            _role(".r-type", t.type_line, 1.25),
            _role(".r-publisher", t.publisher, 1.25),
            _role(".r-blurb", t.blurb, 1.3),
            _role(".r-cta", t.cta, 1.2),
            _role(".r-gheading", t.group_heading, 1.25),
            _role(".r-item", t.group_item, 1.3),
        ]
    )
    return f"""
@page {{ size: {g.size_css}; margin: 0; }}
html, body {{ margin: 0; padding: 0; }}
body {{
  font-family: "{FAMILIES[t.family]}"; color: {css(INK)};
  font-variant-ligatures: {ligatures}; font-kerning: normal;
  -webkit-print-color-adjust: exact; print-color-adjust: exact;
}}
a {{ color: inherit; text-decoration: none; }}
.nb {{ white-space: nowrap; }}
.w {{ display: inline-block; margin-right: 0.3em; }}
.field.lines, a.whole, .r-cta {{ white-space: nowrap; }}
a.whole {{ display: inline-block; }}
a.block {{ display: block; }}
a.over {{ display: inline-block; vertical-align: top; }}
section.page {{
  position: relative; isolation: isolate; box-sizing: border-box; overflow: visible;
  width: {g.width:.2f}pt; height: {g.height:.2f}pt; break-after: page;
  padding: {g.top}pt {g.side}pt {g.bottom}pt {g.side}pt;
  display: flex; flex-direction: column;
}}
section.page:last-child {{ break-after: auto; }}
section.banner-odd {{ padding-right: {g.side + BANNER_STRIP}pt; }}
section.banner-even {{ padding-left: {g.side + BANNER_STRIP}pt; }}

/* furniture */
.rhead {{ display: flex; justify-content: space-between; font-size: 7pt; color: {css(GREY)};
  letter-spacing: 0.04em; margin-bottom: 6pt; }}
.head-banner {{ background: var(--accent); color: #fff; border-radius: 6pt;
  padding: 9pt 14pt 10pt; min-height: 34pt; display: flex; justify-content: space-between;
  align-items: flex-start; gap: 20pt; }}
.head-banner .h1 {{ font-size: 15pt; font-weight: 700; line-height: 1.2; }}
.head-banner .h2 {{ font-size: 9pt; line-height: 1.3; margin-top: 3pt; }}
.head-banner .dots {{ flex: none; margin-top: 2pt; }}
.head-running {{ font-size: 8.5pt; color: var(--accent); font-weight: 700;
  border-bottom: 0.8pt solid var(--accent); padding-bottom: 4pt; }}
.head-artwork {{ border-bottom: 1.4pt solid var(--accent); padding-bottom: 5pt;
  display: flex; justify-content: space-between; align-items: flex-end; }}
.foot {{ margin-top: 8pt; }}
.urls, .notes {{ font-size: 5.5pt; line-height: 1.3; color: {css(GREY)}; margin-bottom: 5pt;
  white-space: nowrap; }}
.folio-line {{ display: flex; justify-content: space-between; align-items: baseline;
  font-size: 7pt; color: {css(GREY)}; min-height: 10pt; }}
.folio-line.even {{ flex-direction: row-reverse; }}
.folio {{ font-size: 8pt; font-weight: 700; color: var(--accent); }}
.side {{ position: absolute; top: {g.top + 70}pt; bottom: {g.bottom + 40}pt; width: 16pt;
  writing-mode: vertical-rl; text-orientation: sideways; transform: rotate(180deg);
  text-align: center;
  background: var(--tint-80); color: var(--accent); font-size: 8pt; font-weight: 700;
  letter-spacing: 0.25em; line-height: 16pt; white-space: nowrap; }}
.side.odd {{ right: {g.side - 6}pt; }}
.side.even {{ left: {g.side - 6}pt; }}
.deco {{ position: absolute; z-index: -1; bottom: {g.bottom + 36}pt;
  right: {g.side + (BANNER_STRIP if spec.side_banner else 0)}pt;
  font-size: {200 if spec.orientation == "portrait" else 170}pt; font-weight: 700;
  line-height: 1; color: var(--tint-90); white-space: nowrap; }}

/* cards */
.grid {{ flex: 1 1 0; min-height: 0; display: grid; margin-top: {g.gap * 0.8}pt;
  grid-template-columns: repeat({spec.columns}, minmax(0, 1fr));
  grid-template-rows: repeat({rows}, minmax(0, 1fr)); gap: {g.gap}pt {g.gap}pt; }}
.slot {{ min-width: 0; min-height: 0; }}
/* A page set as one multi-column flow: only the block marked `breaks` may run on into the next
   column (the layout script pushes it down so that it does). */
.grid.split {{ display: block; column-count: {spec.columns}; column-gap: {g.gap}pt;
  column-fill: auto; }}
.grid.split .slot {{ break-inside: avoid; }}
.grid.split .slot + .slot {{ margin-top: {g.gap}pt; }}
.grid.split .slot.breaks {{ break-inside: auto; }}
.card, .group {{ box-sizing: border-box; }}
.frame-boxed {{ height: 100%; background: var(--tint-93); border: 0.6pt solid var(--tint-70);
  border-radius: 6pt; padding: {BOX_PADDING}pt; }}
.frame-ruled {{ border-top: 1.4pt solid var(--accent); border-bottom: 0.4pt solid var(--tint-70);
  padding: 6pt 0 8pt; }}
.card {{ display: flex; flex-direction: column; }}
.card.beside {{ flex-direction: row; gap: 10pt; align-items: flex-start; }}
.thumb {{ flex: none; line-height: 0; }}
.thumb img {{ width: {thumb_w}pt; height: {thumb_h}pt; display: block; }}
.card.above .thumb {{ margin-bottom: 7pt; }}
.text {{ flex: 1 1 auto; min-width: 0; }}
.r-type {{ margin-top: 2pt; }}
.r-publisher {{ margin-top: 3pt; }}
.r-blurb {{ margin-top: 4pt; hyphens: manual; }}
.r-cta {{ display: inline-block; margin-top: 6pt; background: var(--accent);
  border-radius: 8pt; padding: 2.5pt 8pt 3pt; }}
.r-under {{ margin-top: 5pt; font-size: 6.5pt; line-height: 1.3; color: {css(GREY)}; }}
sup.note {{ font-size: 0.6em; vertical-align: 0.55em; line-height: 0; margin-left: 1pt; }}
.r-item {{ margin-top: 3pt; padding-left: 8pt; }}
{roles}

/* part openings, covers */
{_opening(spec, g)}
.plabel {{ font-size: 12pt; font-weight: 700; margin-bottom: 8pt;
  color: var(--tint-60); }}
.ptitle {{ font-size: {30 if spec.orientation == "portrait" else 27}pt; font-weight: 700;
  line-height: 1.12; color: #fff; }}
.pintro {{ font-size: 11pt; line-height: 1.45; margin: 0 0 16pt; }}
.rule {{ width: 60pt; height: 2pt; background: var(--accent); margin-bottom: 12pt; }}
.toc {{ font-size: 10.5pt; line-height: 1.35; }}
.toc .row {{ margin-bottom: 6pt; }}
.toc .num {{ font-weight: 700; color: var(--accent); }}
.toc .pdot .num {{ display: inline-block; min-width: 40pt; }}
.toc .first .num {{ display: inline-block; min-width: 26pt; }}
.toc .lead {{ display: flex; align-items: baseline; }}
.toc .lead .dots-text {{ flex: 1 1 0; min-width: 12pt; white-space: pre; color: var(--tint-40);
  text-align: right; }}
table.toc {{ border-collapse: collapse; width: 100%; }}
table.toc td {{ padding: 4pt 0; border-bottom: 0.5pt solid var(--tint-70); vertical-align: top; }}
table.toc td.num {{ width: 34pt; }}
.cover {{ color: #fff; background: var(--accent); }}
.backdrop {{ position: absolute; left: 0; top: 0; z-index: -1; }}
.cover .etitle {{ font-size: 34pt; font-weight: 700; line-height: 1.1; }}
.cover .eprog {{ font-size: 20pt; margin-top: 6pt; }}
.cover .front {{ font-size: 12pt; line-height: 1.45; margin-top: 4pt; }}
.back {{ color: #fff; background: var(--accent); justify-content: center; }}
.back .lines {{ font-size: 10.5pt; line-height: 1.45; }}
.intro h1 {{ margin: 20pt 0 14pt; line-height: 0; }}
.intro p {{ font-size: 11pt; line-height: 1.5; margin: 0 0 26pt; max-width: 430pt; }}
.sommaire .entry {{ display: flex; align-items: center; gap: 14pt; margin-bottom: 16pt; }}
.sommaire .badge {{ width: 34pt; height: 34pt; border-radius: 7pt; background: var(--pa);
  display: flex; align-items: center; justify-content: center; flex: none; }}
.sommaire .name {{ font-size: 14pt; font-weight: 700; }}
.sommaire .at {{ font-size: 9.5pt; color: var(--pa); }}
"""
