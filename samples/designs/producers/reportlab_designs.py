"""The designs of the zoo that the ReportLab producer prints (`reportlab_pdf.DESIGNS`).

    python -m samples.designs.zoo --only rl-portrait-1col-notes rl-landscape-3col-rows \
        hostile-rl-swapped-styles
"""

from __future__ import annotations

from samples.designs.producers.reportlab_text import WHITE, Colour
from samples.designs.spec import DesignSpec, Encoding, RoleStyle, Typography

_DARK: Colour = (0.13, 0.14, 0.2)
_BODY: Colour = (0.15, 0.15, 0.2)
_LANDSCAPE = Typography(
    title=RoleStyle(9.0, "regular", colour=_DARK),
    type_line=RoleStyle(7.4, "bold", colour=None),
    publisher=RoleStyle(7.0, italic=True),
    blurb=RoleStyle(7.0),
    cta=RoleStyle(7.0, "bold", colour=WHITE),
    group_heading=RoleStyle(8.4, "bold"),
    group_item=RoleStyle(7.4, colour=None),
    family="sans",
)
_LANDSCAPE_SPEC = DesignSpec(
    name="rl-landscape-3col-rows",
    producer="reportlab",
    description="landscape, 3 columns filled row by row, raster covers above bare cards, URL "
    "list, artwork header, side banner, invisible display text, greyscale, text by role",
    orientation="landscape",
    columns=3,
    flow="across",
    cards_per_page=6,
    frame="bare",
    thumbnail="raster",
    thumbnail_at="above",
    reflow=True,
    typography=_LANDSCAPE,
    cta="Voir la ressource",
    links="list",
    folio="of-total",
    running_head="ESS · Petites villes de demain",
    side_banner=True,
    header="artwork",
    toc="number-first",
    part_label=False,
    part_title_after_toc=True,
    encoding=Encoding(invisible_text=True, colour_space="grey", layer_order=True),
    seed=21,
)
DESIGNS: tuple[DesignSpec, ...] = (
    DesignSpec(
        name="rl-portrait-1col-notes",
        producer="reportlab",
        description="portrait, one column of ruled serif cards, no call to action, numbered "
        "notes, running head, leader ToC; ligatures, words placed without spaces, CMYK, text "
        "by role",
        orientation="portrait",
        columns=1,
        flow="down",
        cards_per_page=3,
        frame="ruled",
        thumbnail="none",
        reflow=True,
        typography=Typography(
            title=RoleStyle(11.0, "bold", colour=None),
            type_line=RoleStyle(8.4, italic=True, colour=None),
            publisher=RoleStyle(7.6, case="upper", colour=_BODY),
            blurb=RoleStyle(8.6),
            cta=RoleStyle(8.0, "bold", colour=WHITE),
            group_heading=RoleStyle(9.6, "bold"),
            group_item=RoleStyle(8.6, colour=None),
            family="serif",
        ),
        cta=None,
        links="notes",
        folio="page-word",
        folio_offset=2,
        running_foot="Catalogue de ressources ESS — Petites villes de demain",
        header="running",
        toc="leaders",
        part_label=True,
        encoding=Encoding(
            ligatures=True, no_space_glyphs=True, colour_space="cmyk", layer_order=True
        ),
    ),
    _LANDSCAPE_SPEC,
    _LANDSCAPE_SPEC.but(
        name="hostile-rl-swapped-styles",
        description="rl-landscape-3col-rows with the title set in the blurb's style and the "
        "publisher in a title's (larger, bold, accent): roles cannot be told by style",
        typography=Typography(
            title=_LANDSCAPE.blurb,
            type_line=_LANDSCAPE.type_line,
            publisher=RoleStyle(9.4, "bold", colour=None),
            blurb=_LANDSCAPE.blurb,
            cta=_LANDSCAPE.cta,
            group_heading=_LANDSCAPE.group_heading,
            group_item=_LANDSCAPE.group_item,
            family="sans",
        ),
    ),
    _LANDSCAPE_SPEC.but(
        name="hostile-rl-cta-per-card",
        description="rl-landscape-3col-rows with a call to action worded after each card's "
        "type (`Guide à consulter`, `Dossier web à consulter`): no wording comes back often "
        "enough to be learnt; one corrected role (its style) reads it",
        cta="{type} à consulter",
    ),
    DesignSpec(
        name="rl-portrait-2col-kicker",
        producer="reportlab",
        description="portrait, 2 columns, the type line above the title (a kicker) and the "
        "publisher after the blurb, a button closing the card; one page in four shrunk to 92 % "
        "with its sizes rounded to half points; link annotations written last first, a wrapped "
        "link one annotation a line",
        columns=2,
        flow="down",
        cards_per_page=4,
        frame="ruled",
        thumbnail="none",
        typography=Typography(
            title=RoleStyle(11.0, "bold", colour=None),
            type_line=RoleStyle(7.5, "bold", colour=(0.35, 0.35, 0.4)),
            publisher=RoleStyle(8.0, italic=True),
            blurb=RoleStyle(8.5),
            cta=RoleStyle(8.0, "bold", colour=WHITE),
        ),
        cta="Voir la ressource",
        links="cta",
        folio="dashes",
        header="running",
        toc="leaders",
        encoding=Encoding(annotation_order="reverse"),
        card_order=("type", "title", "blurb", "publisher", "cta"),
        page_scales=(1.0, 1.0, 1.0, 0.92),
        size_step=0.5,
        seed=7,
    ),
    DesignSpec(
        name="rl-portrait-3col-list-shrunk",
        producer="reportlab",
        description="portrait, 3 columns of two rows filled across, the publisher then a "
        "button before the blurb, addresses printed as a list under the grid (no "
        "annotations); one page in three shrunk to 90 % by the graphics state",
        columns=3,
        flow="across",
        cards_per_page=6,
        frame="boxed",
        thumbnail="none",
        typography=Typography(
            title=RoleStyle(8.5, "bold", colour=None),
            publisher=RoleStyle(7.0, "bold", colour=(0.3, 0.3, 0.3)),
            blurb=RoleStyle(7.0),
            cta=RoleStyle(7.0, "bold", colour=WHITE),
        ),
        cta="Consulter ›",
        links="list",
        folio="plain",
        header="banner",
        toc="p-dot",
        card_order=("title", "type", "publisher", "cta", "blurb"),
        page_scales=(1.0, 1.0, 0.9),
        scale_by="ctm",
        seed=8,
    ),
)
