"""The Chromium producer: a printed source set as HTML and CSS, printed to PDF by Chromium.

    python -m samples.designs.zoo --only html-landscape-3col   # builds one design

What it needs on the machine (no download at build time, no network from the page):
- Debian's Chromium at /usr/bin/chromium (`apt-get install chromium`), which brings the fonts
  the designs name by family: DejaVu Sans and DejaVu Serif (fonts-dejavu-core), Liberation
  (fonts-liberation). Playwright's own browser builds are never used.
- Playwright's Python package (`pip install -e '.[dev]'`), which drives that Chromium.

`chromium_html` writes one fixed-size `<section>` per PDF page; the browser lays it out and
breaks the reflowed text. Before printing, a script measures the result
(`chromium_layout.js`): no box or text may leave its page or its card slot, and each reflowed
field's printed lines must join (`samples.expected.join_lines`) to the text of its source lines;
either failure raises `LayoutError` naming the page. After printing, every font in the PDF must
be an embedded DejaVu or Liberation face, and the print-time stamps are removed
(`samples.designs.deterministic`), so the same input gives the same bytes.

Encoding axes: ligatures come from the fonts' own `liga` feature (Chromium writes the ligature
glyph, maps it to U+FB01… in the font's ToUnicode and wraps it in an `/ActualText (fi)` span);
words without space glyphs are inline blocks spaced by a margin; the role-ordered content stream
re-places each role's elements, in role order, at the end of the page. Chromium writes every
colour as DeviceRGB and never uses text render mode 3, so other colour spaces and invisible text
are refused (`Unsupported`).
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path
from typing import Any

import pikepdf

from samples.designs.deterministic import without_dates
from samples.designs.producers.chromium_css import geometry
from samples.designs.producers.chromium_html import LayoutError, document
from samples.designs.spec import (
    DesignSpec,
    Encoding,
    RoleStyle,
    Typography,
    Unsupported,
    refuse_reportlab_only,
)
from samples.expected import join_lines
from samples.source import Source

CHROMIUM = Path("/usr/bin/chromium")
# Without the background-networking flags, Chromium's connections are refused by a closed
# network, many at a time; the review page's browser tests start it the same way.
CHROMIUM_FLAGS = [
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCRIPT = (Path(__file__).parent / "chromium_layout.js").read_text(encoding="utf-8")
FONT_PREFIXES = ("DejaVu", "Liberation")
PT_TO_PX = 4 / 3

AVISE_FOOT = "Avise · ANCT — Catalogue de ressources ESS 2021"
DARK_INK = (0.12, 0.13, 0.18)


class ChromiumMissing(RuntimeError):
    """Chromium (or Playwright's Python package) is not installed."""


_LANDSCAPE = DesignSpec(
    name="html-landscape-3col",
    producer="chromium",
    description="Chromium, landscape A4: three boxed cards a page in three columns, a vector "
    "thumbnail above each card's text, fields reflowed by the browser in DejaVu Sans; theme "
    "band with the question; link annotation on each call to action; folio '— n —', running "
    "foot, the part's name rotated up the outer edge; ToC as a table, the part title written "
    "after it; fi/fl ligature glyphs.",
    orientation="landscape",
    columns=3,
    flow="down",
    cards_per_page=3,
    frame="boxed",
    thumbnail="vector",
    thumbnail_at="above",
    reflow=True,
    typography=Typography(
        title=RoleStyle(11.5, "bold", colour=None),
        type_line=RoleStyle(8.5, colour=None),
        publisher=RoleStyle(8.5, "bold"),
        blurb=RoleStyle(8.8),
        cta=RoleStyle(8.5, "bold", colour=(1.0, 1.0, 1.0)),
        group_heading=RoleStyle(10.0, "bold"),
        group_item=RoleStyle(8.8, colour=None),
        family="sans",
    ),
    links="cta",
    folio="dashes",
    running_foot=AVISE_FOOT,
    side_banner=True,
    header="banner",
    toc="table",
    part_label=False,
    part_title_after_toc=True,
    encoding=Encoding(ligatures=True),
)

_ACROSS = DesignSpec(
    name="html-portrait-2col-across",
    producer="chromium",
    description="Chromium, portrait A4: four bare cards a page in two columns read row by row, "
    "a small raster cover beside each card's text, reflowed DejaVu Sans with titles in regular "
    "weight; CTA 'Voir la ressource →' (no link on it), each card's link on its first blurb "
    "line; folio 'n', header as artwork only, 'ESS' set huge and pale behind the cards as text; "
    "ToC as a table; ligatures.",
    columns=2,
    flow="across",
    cards_per_page=4,
    frame="bare",
    thumbnail="raster",
    thumbnail_at="beside",
    reflow=True,
    typography=Typography(
        title=RoleStyle(12.0, "regular", colour=None),
        blurb=RoleStyle(7.8),
        family="sans",
    ),
    cta="Voir la ressource →",
    links="blurb",
    folio="plain",
    decorative_text="ESS",
    header="artwork",
    toc="table",
    part_label=False,
    encoding=Encoding(ligatures=True),
    seed=7,
)

# The hostile designs' faults, which no spec axis describes: the PDF page each is drawn on.
OVERLAP_PAGES: dict[str, int] = {"hostile-html-overlap": 10}
SPLIT_PAGES: dict[str, int] = {"hostile-html-split-card": 9}

# A card continues in the next column only where columns read down, as a multi-column flow
# fills them; portrait and without thumbnails, so that four of these cards fit a page.
_DOWN = _LANDSCAPE.but(
    name="hostile-html-split-card",
    description="html-landscape-3col set on portrait A4 without thumbnails: four boxed cards a "
    "page in two columns read down; on page "
    f"{SPLIT_PAGES['hostile-html-split-card']} the columns are one flow and the second card "
    "(last of the left column) breaks across them: its title, type line, publisher and the "
    "first half of its blurb end the left column, the rest of its blurb and its call to action "
    "open the right column, above the third card.",
    orientation="portrait",
    columns=2,
    flow="down",
    cards_per_page=4,
    thumbnail="none",
)

DESIGNS: tuple[DesignSpec, ...] = (
    _LANDSCAPE,
    _LANDSCAPE.but(
        name="html-landscape-3col-print",
        description="html-landscape-3col exported for print: no link annotation at all; each "
        "content page's addresses printed as a small list at its foot, in link order.",
        links="list",
    ),
    DesignSpec(
        name="html-portrait-1col-under",
        producer="chromium",
        description="Chromium, portrait A4: three cards a page in one column between rules, no "
        "thumbnail, reflowed DejaVu Serif; titles 12 pt bold in dark ink, type line italic in "
        "the accent, publisher in capitals; no call to action, each card's address printed "
        "under it (wrapping only after '/'); no annotation; folio 'Page n', the theme as a "
        "running head; ToC 'P.n  Label' under a 'Partie n' label; ligatures.",
        columns=1,
        cards_per_page=3,
        frame="ruled",
        thumbnail="none",
        reflow=True,
        typography=Typography(
            title=RoleStyle(12.0, "bold", colour=DARK_INK),
            type_line=RoleStyle(8.5, italic=True, colour=None),
            publisher=RoleStyle(8.0, "bold", case="upper"),
            blurb=RoleStyle(9.0),
            family="serif",
        ),
        cta=None,
        links="under",
        folio="page-word",
        header="running",
        toc="p-dot",
        part_label=True,
        encoding=Encoding(ligatures=True),
    ),
    _ACROSS,
    _ACROSS.but(
        name="hostile-html-overlap",
        description="html-portrait-2col-across with two cards overlapping on page "
        f"{OVERLAP_PAGES['hostile-html-overlap']}: the third card (second of the left column) is "
        "moved up so that its title overprints the last two lines of the first card's blurb.",
    ),
    _DOWN,
)


def refuse(spec: DesignSpec) -> None:
    """Raise `Unsupported` for an axis value this producer cannot express."""
    if spec.producer != "chromium":
        raise Unsupported(f"{spec.name} is a {spec.producer} design")
    refuse_reportlab_only(spec, "Chromium")
    if spec.encoding.colour_space != "rgb":
        raise Unsupported("Chromium writes every colour as DeviceRGB")
    if spec.encoding.invisible_text:
        raise Unsupported("Chromium never writes text in render mode 3 (invisible)")
    if spec.links == "cta" and spec.cta is None:
        raise Unsupported("links on the call to action need a call to action")
    t = spec.typography
    kept = {"type line": t.type_line, "blurb": t.blurb, "call to action": t.cta}
    kept |= {"group heading": t.group_heading, "group item": t.group_item}
    for role, style in kept.items():
        if style.case != "as-source":
            # The printed source gives these roles as the source has them, and a producer
            # never changes the case of what it prints.
            raise Unsupported(f"the {role} in capitals is not in the printed source")
    if spec.columns < 1 or spec.cards_per_page < 1:
        raise Unsupported("a design has at least one column and one block a page")


def chromium() -> str:
    found = str(CHROMIUM) if CHROMIUM.exists() else shutil.which("chromium")
    if found is None:
        raise ChromiumMissing("Chromium is missing: apt-get install chromium")
    return found


def render(source: Source, spec: DesignSpec) -> bytes:
    """The PDF of `source` (a printed source) in `spec`, deterministic bytes."""
    refuse(spec)
    doc = document(source, spec, OVERLAP_PAGES.get(spec.name), SPLIT_PAGES.get(spec.name))
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as exc:
        raise ChromiumMissing(
            "Playwright's Python package is missing: pip install -e '.[dev]' "
            "(its own browsers are not needed)"
        ) from exc
    g = geometry(spec)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=chromium(), headless=True, chromium_sandbox=False, args=CHROMIUM_FLAGS
        )
        try:
            page = browser.new_page(
                viewport={"width": round(g.width * PT_TO_PX), "height": round(g.height * PT_TO_PX)}
            )
            # The document is self-contained; anything it would fetch is a bug, not a resource.
            page.route("**/*", lambda route: route.abort())
            page.emulate_media(media="print")
            page.set_content(doc.html, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => true)")
            result: dict[str, Any] = page.evaluate(
                SCRIPT, {"layerOrder": spec.encoding.layer_order}
            )
            _verify(spec, doc.fields, result)
            pdf = page.pdf(print_background=True, prefer_css_page_size=True)
        finally:
            browser.close()
    pdf = without_dates(pdf)
    check_fonts(pdf)
    return pdf


def _verify(spec: DesignSpec, fields: dict[str, str], result: dict[str, Any]) -> None:
    problems: list[str] = list(dict.fromkeys(result["problems"]))
    printed: dict[str, list[str]] = result["fields"]
    for fid, text in fields.items():
        got = join_lines(printed.get(fid, []))
        if got != text:
            problems.append(f"a field prints {got!r} instead of {text!r}")
    if problems:
        more = f" (and {len(problems) - 8} more)" if len(problems) > 8 else ""
        raise LayoutError(f"{spec.name}: " + "; ".join(problems[:8]) + more)


def fonts(pdf: bytes) -> set[str]:
    """The base font names used on the PDF's pages, subset tags removed."""
    names: set[str] = set()
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                names.add(str(font.get("/BaseFont", "")).lstrip("/").split("+")[-1])
    return names


def check_fonts(pdf: bytes) -> None:
    """Raise `LayoutError` if Chromium fell back on a font the design did not name."""
    strays = sorted(n for n in fonts(pdf) if not n.startswith(FONT_PREFIXES))
    if strays:
        raise LayoutError(f"fonts the design did not ask for: {', '.join(strays)}")
    with pikepdf.open(io.BytesIO(pdf)) as doc:
        for page in doc.pages:
            for font in page.Resources.get("/Font", {}).values():
                descendants = font.get("/DescendantFonts", [font])
                for face in descendants:
                    descriptor = face.get("/FontDescriptor")
                    files = ("/FontFile", "/FontFile2", "/FontFile3")
                    if descriptor is None or not any(k in descriptor for k in files):
                        raise LayoutError(f"font {font.get('/BaseFont')} is not embedded")
