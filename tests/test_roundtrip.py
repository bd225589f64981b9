"""Round trip: a random catalogue, typeset, extracts to exactly the records it was made from.

`tests.strategies.sources()` draws a whole `catalogue-source/1` edition; the facsimile
typesetter prints it in a random layout and link variant; `samples.expected.records` says what
a perfect extraction gives. The default profile runs the same examples on every run, as many as
`make test` has time for (`make test-long` many more, freshly drawn; see `tests/conftest.py`).
A failure prints the source as JSON, ready to save and typeset with `python -m samples.typeset`.
Cases that once failed, or that a bug would break where the draw may not look, are kept as
explicit examples (`@example`): they run first, in every profile.

One case cannot be exact, and must say so instead. With links printed as text only, a page's
URL list does not show where one resource's URLs end and the next one's begin; when the list
holds more addresses than the page has resources (a card with a second link), the split is an
inference. There the page must carry a `link-list-mismatch` warning, its URLs must all be
given out (none lost, none made up), and every other field must still be exact.

Each example is read with the default reader and with the reference reader (`pdfplumber`): the
two must give the same outputs, byte for byte.
"""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis import assume, example, given, note
from hypothesis import strategies as st

from extract.pipeline import extract_pdf
from extract.write.files import render
from samples.designs.accuracy import Case, expected_records, justified
from samples.designs.accuracy import ambiguous_pages as design_ambiguous_pages
from samples.designs.content import printed_source
from samples.designs.producers import reportlab_pdf
from samples.designs.spec import DesignSpec, Encoding, RoleStyle, Typography
from samples.expected import join_lines, slug
from samples.source import Card, Group, Page, Source, dump, load
from samples.typeset import LAYOUTS, LINK_MODES, LayoutName, LinkMode, typeset
from tests.accounting import unaccounted
from tests.builders import card, group
from tests.builders import source as built_source
from tests.conftest import DATA, examples
from tests.design_strategies import designs
from tests.strategies import sources

LINK_FIELDS = ("url", "links")
# Shrunk examples that once failed, kept: each runs first, in every profile.
FOUND = DATA / "roundtrip"
Record = dict[str, object]


def ambiguous_pages(source: Source) -> set[int]:
    """Pages whose printed URL list alone cannot be split among their resources."""
    return {page.page for page in source.pages if _runs(page.trailing_urls) > _resources(page)}


def _runs(urls: list[str]) -> int:
    return sum(1 for i, url in enumerate(urls) if i == 0 or urls[i - 1] != url)


def _resources(page: Page) -> int:
    return sum(1 if isinstance(block, Card) else len(block.items) for block in page.blocks)


def _without_links(record: Record) -> Record:
    return {k: v for k, v in record.items() if k not in LINK_FIELDS}


def _page_urls(records: list[Record], page: int) -> list[str]:
    urls: list[str] = []
    for record in records:
        links = record["links"]
        if record["page"] == page and isinstance(links, list):
            urls += map(str, links)
    return sorted(urls)


def _differences(got: list[Record], want: list[Record]) -> str:
    lines = [f"{len(got)} records, {len(want)} expected"] if len(got) != len(want) else []
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        for key in w:
            if g.get(key) != w[key]:
                lines.append(
                    f"record {i} (page {w['page']}) {key}: got {g.get(key)!r}, want {w[key]!r}"
                )
    return "\n".join(lines[:20])


def assert_exact(
    got: list[Record], want: list[Record], inferred: set[int], any_order: bool = False
) -> None:
    """Every record exact, but on `inferred` pages, whose printed URL list had to be split by
    inference: there the links must all be given out (none lost, none made up). With
    `any_order`, a page's records may come in any order (see `_flow_unwritten`)."""
    exact_got = [r if r["page"] not in inferred else _without_links(r) for r in got]
    exact_want = [r if r["page"] not in inferred else _without_links(r) for r in want]
    if any_order:
        exact_got, exact_want = _by_page(exact_got), _by_page(exact_want)
    assert exact_got == exact_want, _differences(got, want)
    for page in inferred:
        assert _page_urls(got, page) == _page_urls(want, page)


def _by_page(records: list[Record]) -> list[Record]:
    """The records page by page, each page's in an order of their own (ids apart: a repeated
    title's number follows the reading order), then each page's ids."""
    out: list[Record] = []
    for page in sorted({int(str(r["page"])) for r in records}):
        on_page = [r for r in records if r["page"] == page]
        out += sorted(({**r, "card_id": None} for r in on_page), key=repr)
        out.append({"page": page, "ids": sorted(str(r["card_id"]) for r in on_page)})
    return out


def _page_has_several(records: list[Record], page: object) -> bool:
    return sum(1 for r in records if r["page"] == page) > 1


def _flow_unwritten(spec: DesignSpec) -> bool:
    """Whether a design leaves the order of a page's cards to the reader: several columns, and
    a page written role by role (every title, then every type line…), each role's cards in
    whatever order keeps their lines apart. Where no page filled in part shows how the grid
    fills, the geometry of a full grid reads down or across alike."""
    return spec.encoding.layer_order and spec.columns > 1


def _years_source() -> Source:
    """Every form of type line on one page, the bare year range first: a bug that dropped the
    end of `>2019-2020` once passed every other test of the extraction."""
    blurbs = (
        ["Un programme sur deux années", "pour les communes."],
        ["Une étude parue en 2013 sur", "les tiers-lieux ruraux."],
        ["Un dossier en ligne, mis à", "jour chaque mois."],
        ["Un guide pratique (CO)-", "construit avec des élus."],
    )
    blocks: list[Card | Group] = [
        card(["DEUX ANNÉES"], ">2019-2020", blurb=blurbs[0], url="https://example.org/a"),
        card(["UNE ÉTUDE"], "> Publication (2013) ", blurb=blurbs[1], url="https://example.org/b"),
        card(["UN DOSSIER"], ">Dossier web", blurb=blurbs[2], url="https://example.org/c"),
        card(["CÆSAR ET LA (CO)-", "CONSTRUCTION"], ">Mooc (2019 – 2021)", blurb=blurbs[3]),
        group("Pour aller plus loin :", ["ETIC", "Bellevilles"]),
    ]
    return built_source([blocks], themes=["Foncier"])


@examples("pdf")
@given(
    source=sources(),
    layout=st.sampled_from(LAYOUTS),
    links=st.sampled_from(LINK_MODES),
)
@example(source=_years_source(), layout="portrait-2col", links="both")
@example(source=_years_source(), layout="landscape-3col", links="text")
# A call to action printed `> Pour accéder à la ressource` (one mark, like a type line) on one
# card only: once read as a resource of its own.
@example(
    source=load(FOUND / "cta-with-one-mark.source.json"),
    layout="landscape-3col",
    links="annotations",
)
# Every card titled `« ? »` beside a group on each page: once no card was found at all.
@example(
    source=load(FOUND / "letterless-titles.source.json"),
    layout="portrait-2col",
    links="annotations",
)
def test_extraction_gives_back_the_generated_records(
    source: Source, layout: LayoutName, links: LinkMode
) -> None:
    note(f"layout={layout} links={links}\n{dump(source)}")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "generated.pdf"
        pdf.write_bytes(typeset(source, links, layout))
        catalogue = extract_pdf(pdf)
        reference = extract_pdf(pdf, reader="pdfplumber")
    # The default reader (pdfium) and the reference give the same files, byte for byte.
    assert render(catalogue) == render(reference)
    got: list[Record] = [resource.record() for resource in catalogue.resources]
    want = expected_records(source)

    inferred = ambiguous_pages(source) if links == "text" else set()
    flagged = {w.page or 0 for w in catalogue.warnings if w.code == "link-list-mismatch"}
    assert flagged == inferred, (
        f"link-list-mismatch on pages {sorted(flagged)}, expected on {sorted(inferred)}"
    )
    assert_exact(got, want, inferred)

    numbered = any(r["card_id"] != slug(str(r["title"])) for r in want)
    others = [w for w in catalogue.warnings if w.code != "link-list-mismatch"]
    allowed = {"duplicate-card-id"} if numbered else set()
    assert {w.code for w in others} <= allowed, [w.message for w in others]


# A random catalogue in a random design (any combination of the zoo's axes, printed by the
# ReportLab producer) reads back to exactly its records.


def _design_case(spec: DesignSpec) -> Case:
    return Case(
        "random", Path(), Path(), spec.links in ("list", "notes", "under"), spec.links == "list"
    )


def learnable(source: Source) -> bool:
    """Whether a design's roles can be told from its cards at all: a publisher is told from a
    blurb by a style that comes back under several type lines, so a catalogue of one or two
    cards, or with fewer than two publishers, says too little (any design of it is ambiguous)."""
    cards = [b for page in source.pages for b in page.blocks if isinstance(b, Card)]
    return (
        len(cards) >= 3
        and sum(1 for c in cards if c.publisher_lines) >= 2
        # Every resource has a description of its own, in words of its own, as in any
        # catalogue: a line that came back card after card would read as a call to action.
        and len({join_lines(c.blurb_lines) for c in cards}) == len(cards)
        and all(len(set(join_lines(c.blurb_lines).split())) >= 3 for c in cards)
        # The blurb is told from the publisher by something a reader sees: a card that names no
        # publisher, a button closing the blurb, or blurbs that run longer than publishers'
        # names; with none of these, either style could be either role, in any order.
        and (
            any(not c.publisher_lines for c in cards)
            or all(c.cta_line for c in cards)
            or sum(len(c.blurb_lines) for c in cards) > sum(len(c.publisher_lines) for c in cards)
        )
    )


def _wrapped_theme_source() -> Source:
    """Two pages of cards whose second theme is long enough to wrap in a table of contents."""
    blurbs = (
        ["Un guide pour monter une", "coopérative d’habitants."],
        ["Une étude des tiers-lieux", "ruraux et de leurs usages."],
        ["Des fiches pratiques sur la", "commande publique."],
        ["Un annuaire des réseaux", "régionaux de l’ESS."],
    )
    titles = ("HABITER ENSEMBLE", "TIERS-LIEUX", "ACHATS", "RÉSEAUX")
    made: list[Card | Group] = [
        card([t], ">Guide (2021)", blurb=b, url=f"https://example.org/r{i}")
        for i, (t, b) in enumerate(zip(titles, blurbs, strict=True))
    ]
    long = "Me faire accompagner et coopérer avec les acteurs de l’ESS"
    return built_source([made[:2], made[2:]], themes=["Habitat", long])


@examples("design")
@given(source=sources(side_banners=False, page_labels=False), spec=designs())
@example(
    source=_wrapped_theme_source(),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape", header="artwork", toc="leaders"
    ),
)
# Titles set exactly as blurbs (a bold italic publisher between them): once the publisher was
# read as the body, and cards without a publisher lost their description to it.
@example(
    source=load(FOUND / "titles-set-as-blurbs.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        columns=3,
        flow="across",
        cards_per_page=3,
        frame="ruled",
        thumbnail="raster",
        thumbnail_at="above",
        typography=Typography(
            title=RoleStyle(size=8.0, colour=None),
            type_line=RoleStyle(size=8.0, colour=None),
            publisher=RoleStyle(size=8.0, weight="bold", italic=True),
            blurb=RoleStyle(size=8.0),
            group_heading=RoleStyle(size=9.0, weight="bold"),
            group_item=RoleStyle(size=8.0, colour=None),
            family="serif",
        ),
        cta=None,
        links="notes",
        folio="none",
        running_head="ESS · Petites villes de demain",
        running_foot="Catalogue de ressources ESS",
        header="banner",
        toc="table",
        part_label=True,
        encoding=Encoding(colour_space="grey", layer_order=True),
    ),
)
# One card a page, its button under blurbs of every length: the button's place moves a little
# from page to page, and once chained into one recurring place, as if it were a running foot.
@example(
    source=load(FOUND / "button-under-blurbs.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        columns=3,
        flow="across",
        cards_per_page=1,
        typography=Typography(
            title=RoleStyle(size=8.0, italic=True),
            publisher=RoleStyle(size=9.5, weight="bold", colour=None),
            family="serif",
        ),
        cta="Voir la ressource",
        links="title",
        folio="none",
        folio_offset=1,
        running_head="ESS · Petites villes de demain",
        side_banner=True,
        decorative_text="ESS",
        header="artwork",
        part_label=False,
    ),
)
# Each part's introduction prints its one table row at one place, its number one past the page's
# own: once taken for a second folio, and no part was found.
@example(
    source=load(FOUND / "toc-row-at-one-place.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        columns=3,
        cards_per_page=2,
        frame="bare",
        thumbnail="raster",
        thumbnail_at="above",
        reflow=False,
        typography=Typography(
            title=RoleStyle(size=7.0, italic=True),
            publisher=RoleStyle(size=8.0, italic=True, colour=None),
        ),
        cta=None,
        running_foot="Catalogue de ressources ESS",
        side_banner=True,
        decorative_text="ESS",
        toc="number-first",
        part_label=False,
        encoding=Encoding(colour_space="cmyk", invisible_text=True),
    ),
)
# One card a page, its button under blurbs of a few lengths: the button stands at two places,
# once taken for decoration there and appended to the description elsewhere.
@example(
    source=load(FOUND / "button-at-few-places.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        columns=1,
        flow="across",
        cards_per_page=1,
        frame="ruled",
        thumbnail="none",
        typography=Typography(
            title=RoleStyle(size=8.0, weight="bold", italic=True, colour=None),
            publisher=RoleStyle(size=7.0, italic=True),
        ),
        cta="Voir la ressource",
        links="list",
        folio="page-word",
        folio_offset=1,
        side_banner=True,
        toc="number-first",
        encoding=Encoding(colour_space="cmyk"),
    ),
)
# A group's items set in the body's style, the same group on two pages: its second item,
# under a body-styled line each time, was once learnt as a call to action.
@example(
    source=load(FOUND / "group-item-under-item.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        columns=1,
        cards_per_page=3,
        thumbnail="raster",
        thumbnail_at="above",
        reflow=False,
        typography=Typography(
            title=RoleStyle(size=8.0, italic=True),
            publisher=RoleStyle(size=7.0, italic=True, colour=None),
            family="serif",
        ),
        cta="Voir la ressource",
        links="notes",
        decorative_text="ESS",
        header="artwork",
        toc="leaders",
        part_title_after_toc=True,
        encoding=Encoding(
            ligatures=True, no_space_glyphs=True, colour_space="grey", layer_order=True
        ),
    ),
)
# Introductions whose table's first row, at one place, prints the page's own number, in a
# document without folios: once taken for folios.
@example(
    source=load(FOUND / "toc-rows-counting-like-folios.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        columns=1,
        flow="across",
        cards_per_page=1,
        frame="bare",
        thumbnail="none",
        thumbnail_at="above",
        typography=Typography(
            title=RoleStyle(size=8.0, colour=None),
            publisher=RoleStyle(size=9.5, weight="bold", italic=True, colour=None),
        ),
        cta="Consulter ›",
        folio="none",
        folio_offset=1,
        running_head="ESS · Petites villes de demain",
        running_foot="Catalogue de ressources ESS",
        side_banner=True,
        header="artwork",
        toc="number-first",
        part_label=False,
        part_title_after_toc=True,
        encoding=Encoding(colour_space="grey", layer_order=True, invisible_text=True),
    ),
)
# A button shaped like a type line (`> Pour accéder…`) under one-line blurbs, the publisher
# longer: once the publisher's style was taken for the body.
@example(
    source=load(FOUND / "button-shaped-like-type-line.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        columns=1,
        cards_per_page=3,
        thumbnail="raster",
        typography=Typography(
            title=RoleStyle(size=8.0, italic=True, colour=None),
            publisher=RoleStyle(size=7.0, colour=None),
            family="serif",
        ),
        links="notes",
        folio="page-word",
        folio_offset=2,
        toc="table",
        part_title_after_toc=True,
        encoding=Encoding(
            ligatures=True, no_space_glyphs=True, colour_space="grey", layer_order=True
        ),
    ),
)
# No folios; a summary of the parts and each part's table point at different first pages:
# once no offset was found, and no part.
@example(
    source=load(FOUND / "summary-and-part-tables.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        columns=3,
        flow="across",
        cards_per_page=3,
        thumbnail_at="above",
        reflow=False,
        typography=Typography(title=RoleStyle(size=9.5, weight="bold")),
        cta="Consulter ›",
        links="blurb",
        folio="none",
        folio_offset=2,
        side_banner=True,
        header="running",
        part_label=False,
        part_title_after_toc=True,
        encoding=Encoding(ligatures=True, colour_space="cmyk"),
    ),
)
# A display word drawn across the columns: once it closed the gutter, and a blurb line was
# joined to the next column's button.
@example(
    source=load(FOUND / "display-word-across-gutter.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        columns=3,
        frame="ruled",
        thumbnail_at="above",
        typography=Typography(
            title=RoleStyle(size=7.0, weight="bold", italic=True), publisher=RoleStyle(size=7.0)
        ),
        cta="Consulter ›",
        links="title",
        folio_offset=1,
        running_foot="Catalogue de ressources ESS",
        side_banner=True,
        decorative_text="ESS",
        part_title_after_toc=True,
        encoding=Encoding(colour_space="grey"),
    ),
)
# No space glyphs, and a short line of short words (`Ô et ! les`): once read as letter
# spacing, its spaces lost.
@example(
    source=load(FOUND / "short-words-no-space-glyphs.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        columns=1,
        cards_per_page=1,
        thumbnail="raster",
        thumbnail_at="above",
        reflow=False,
        typography=Typography(
            title=RoleStyle(size=9.5, colour=None),
            publisher=RoleStyle(size=7.0, italic=True, colour=None),
        ),
        links="title",
        folio="of-total",
        folio_offset=1,
        running_head="ESS · Petites villes de demain",
        running_foot="Catalogue de ressources ESS",
        side_banner=True,
        decorative_text="ESS",
        toc="table",
        encoding=Encoding(no_space_glyphs=True, colour_space="cmyk"),
    ),
)
# A part label (`Partie 1`) above a one-row table: once read as the table.
@example(
    source=load(FOUND / "part-label-over-one-row-table.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        columns=1,
        flow="across",
        cards_per_page=3,
        frame="ruled",
        thumbnail="raster",
        reflow=False,
        typography=Typography(
            title=RoleStyle(size=9.5, weight="bold"),
            publisher=RoleStyle(size=7.0, weight="bold", colour=None),
            family="serif",
        ),
        cta="Consulter ›",
        links="blurb",
        folio="none",
        folio_offset=1,
        running_head="ESS · Petites villes de demain",
        running_foot="Catalogue de ressources ESS",
        side_banner=True,
        decorative_text="ESS",
        header="running",
        part_title_after_toc=True,
        encoding=Encoding(no_space_glyphs=True, layer_order=True, invisible_text=True),
    ),
)
# A summary and an introduction that each fit two offsets (`Partie 1` reads as a row too):
# once no offset was chosen, and no part found.
@example(
    source=load(FOUND / "part-label-beside-summary.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        cards_per_page=1,
        reflow=False,
        typography=Typography(
            title=RoleStyle(size=8.0, italic=True, colour=None),
            publisher=RoleStyle(size=9.5),
            family="serif",
        ),
        links="title",
        folio="none",
        folio_offset=2,
        toc="table",
        part_title_after_toc=True,
        encoding=Encoding(colour_space="grey", layer_order=True),
    ),
)
# One part whose summary page ("Sommaire") comes before the part's own label: the label was
# read as a row of the table, the offset that pointed the table at the summary won, and every
# record came out with a sentence of the intro as its part and "Partie …" as its theme.
@example(
    source=load(FOUND / "single-part-summary-before-label.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        columns=1,
        cards_per_page=3,
        reflow=False,
        typography=Typography(title=RoleStyle(7.0, weight="bold", italic=True)),
        links="notes",
        folio="none",
        folio_offset=2,
        running_head="ESS · Petites villes de demain",
        side_banner=True,
        header="artwork",
        toc="table",
        part_title_after_toc=True,
        encoding=Encoding(colour_space="grey", invisible_text=True),
        card_order=("title", "type", "publisher", "cta", "blurb"),
        scale_by="ctm",
        seed=692,
    ),
)
# A greyscale edition whose publisher differs from the body by its mid grey alone: once
# every publisher was read as part of its description.
@example(
    source=load(FOUND / "grey-publisher.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        columns=3,
        frame="ruled",
        thumbnail="raster",
        thumbnail_at="above",
        typography=Typography(
            title=RoleStyle(size=7.0, weight="bold", colour=None),
            publisher=RoleStyle(size=8.0, colour=None),
        ),
        cta=None,
        folio="none",
        folio_offset=1,
        running_head="ESS · Petites villes de demain",
        toc="leaders",
        part_label=False,
        encoding=Encoding(ligatures=True, colour_space="grey", layer_order=True),
    ),
)
# More group items than cards, each item's address printed under it: once the addresses'
# style was taken for the publisher's.
@example(
    source=load(FOUND / "addresses-under-items.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        columns=3,
        cards_per_page=2,
        frame="bare",
        thumbnail="raster",
        thumbnail_at="above",
        reflow=False,
        typography=Typography(
            title=RoleStyle(size=9.5, colour=None),
            publisher=RoleStyle(size=8.0, italic=True),
            family="serif",
        ),
        cta=None,
        links="under",
        folio="none",
        running_head="ESS · Petites villes de demain",
        running_foot="Catalogue de ressources ESS",
        decorative_text="ESS",
        header="running",
        encoding=Encoding(ligatures=True, no_space_glyphs=True, layer_order=True),
    ),
)
# A letter-spaced title without space glyphs whose last line is short words (`Ô DE ! -`):
# once its letter spacing was taken from a word space, and its spaces lost.
@example(
    source=load(FOUND / "letter-spaced-short-words.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        columns=3,
        cards_per_page=2,
        thumbnail="none",
        thumbnail_at="above",
        reflow=False,
        typography=Typography(
            title=RoleStyle(size=8.0, italic=True, colour=None),
            publisher=RoleStyle(size=9.5, weight="bold"),
            family="serif",
        ),
        cta="Consulter ›",
        links="list",
        folio="of-total",
        folio_offset=2,
        running_foot="Catalogue de ressources ESS",
        side_banner=True,
        decorative_text="ESS",
        header="running",
        toc="table",
        encoding=Encoding(no_space_glyphs=True, colour_space="grey", layer_order=True),
    ),
)
# One card a page, two of four sharing the type line `>1990`, their text running to the
# page's end: once that type line was taken for a button, and no card was read.
@example(
    source=load(FOUND / "shared-bare-year.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        columns=1,
        cards_per_page=1,
        thumbnail_at="above",
        reflow=False,
        typography=Typography(
            title=RoleStyle(size=7.0, colour=None), publisher=RoleStyle(size=9.5, colour=None)
        ),
        cta=None,
        side_banner=True,
        encoding=Encoding(ligatures=True, invisible_text=True),
    ),
)
# A card's grammar learnt from the edition: the publisher after the blurb on pages shrunk to fit
# (one in two), the type line above the title on pages shrunk in half points, a button before
# the blurb in a style of its own, a button under the type line of cards that name no
# publisher, a group's item under a heading set in the titles' style.
@example(
    source=load(FOUND / "grammar-publisher-after-blurb-scaled.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        columns=1,
        flow="across",
        cards_per_page=1,
        frame="bare",
        thumbnail="none",
        thumbnail_at="above",
        typography=Typography(
            title=RoleStyle(7.0, weight="bold", italic=True),
            publisher=RoleStyle(8.0, weight="bold", italic=True, colour=None),
        ),
        cta="Voir la ressource",
        links="under",
        folio="none",
        folio_offset=2,
        running_head="ESS · Petites villes de demain",
        side_banner=True,
        decorative_text="ESS",
        toc="leaders",
        part_label=False,
        encoding=Encoding(annotation_order="reverse"),
        card_order=("title", "type", "blurb", "publisher", "cta"),
        page_scales=(1.0, 0.882),
        size_step=0.1,
        seed=361,
    ),
)
@example(
    source=load(FOUND / "grammar-kicker-half-point-scales.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        flow="across",
        cards_per_page=1,
        thumbnail="none",
        thumbnail_at="above",
        reflow=False,
        typography=Typography(
            title=RoleStyle(9.5, weight="bold", italic=True, colour=None),
            publisher=RoleStyle(7.0, weight="bold"),
        ),
        links="under",
        folio_offset=2,
        running_head="ESS · Petites villes de demain",
        header="artwork",
        toc="number-first",
        part_label=False,
        encoding=Encoding(
            ligatures=True, colour_space="cmyk", invisible_text=True, annotation_order="reverse"
        ),
        card_order=("type", "title", "blurb", "publisher", "cta"),
        page_scales=(1.0, 0.909, 0.95, 0.966),
        size_step=0.5,
        seed=4,
    ),
)
@example(
    source=load(FOUND / "grammar-button-before-blurb.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        flow="across",
        frame="ruled",
        thumbnail="raster",
        thumbnail_at="above",
        typography=Typography(
            title=RoleStyle(9.5, italic=True, colour=None), publisher=RoleStyle(8.0, italic=True)
        ),
        cta="Consulter ›",
        links="notes",
        folio="dashes",
        folio_offset=2,
        running_head="ESS · Petites villes de demain",
        side_banner=True,
        header="running",
        toc="number-first",
        encoding=Encoding(
            ligatures=True,
            no_space_glyphs=True,
            colour_space="grey",
            layer_order=True,
            invisible_text=True,
            annotation_order="reverse",
        ),
        card_order=("title", "type", "publisher", "cta", "blurb"),
        page_scales=(1.0, 0.93, 0.99, 0.85),
        size_step=0.1,
        seed=120,
    ),
)
@example(
    source=load(FOUND / "grammar-button-under-type-line.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        orientation="landscape",
        frame="ruled",
        thumbnail_at="above",
        typography=Typography(
            title=RoleStyle(9.5, weight="bold", italic=True, colour=None),
            publisher=RoleStyle(7.0, weight="bold", italic=True),
        ),
        cta="Voir la ressource",
        links="title",
        folio="none",
        running_head="ESS · Petites villes de demain",
        running_foot="Catalogue de ressources ESS",
        header="artwork",
        toc="leaders",
        part_label=False,
        encoding=Encoding(annotation_order="shuffled"),
        card_order=("title", "type", "publisher", "cta", "blurb"),
        page_scales=(1.0, 1.0, 1.0, 1.0, 0.924, 1.0, 1.0, 1.0, 1.0, 0.95),
        scale_by="matrix",
        seed=121,
    ),
)
@example(
    source=load(FOUND / "group-item-under-title-styled-heading.source.json"),
    spec=DesignSpec("random", "reportlab", "").but(
        columns=1,
        cards_per_page=1,
        thumbnail_at="above",
        reflow=False,
        typography=Typography(
            title=RoleStyle(7.0, weight="bold"), publisher=RoleStyle(9.5), family="serif"
        ),
        cta=None,
        folio="of-total",
        header="artwork",
        encoding=Encoding(layer_order=True),
        scale_by="matrix",
        seed=432,
    ),
)
def test_any_design_gives_back_the_generated_records(source: Source, spec: DesignSpec) -> None:
    printed = printed_source(source, spec)
    assume(learnable(printed))
    assume(reportlab_pdf.supports(spec) is None and reportlab_pdf.fits(printed, spec))
    note(f"{spec}\n{dump(printed)}")
    with tempfile.TemporaryDirectory() as folder:
        pdf = Path(folder) / "designed.pdf"
        pdf.write_bytes(reportlab_pdf.render(printed, spec))
        catalogue = extract_pdf(pdf)
        assert unaccounted(pdf, catalogue) == []
    got: list[Record] = [resource.record() for resource in catalogue.resources]
    want = expected_records(printed)
    case = _design_case(spec)
    inferred = design_ambiguous_pages(printed) if case.links_in_list else set()
    if _flow_unwritten(spec) and case.links_in_list:
        # The cards' order cannot be read, nor, then, which printed address is whose.
        guessed = {int(str(r["page"])) for r in want if _page_has_several(want, r["page"])}
        inferred |= guessed
    assert_exact(got, want, inferred, any_order=_flow_unwritten(spec))
    numbered = any(r["card_id"] != slug(str(r["title"])) for r in want)
    allowed = (
        justified(case, printed)
        | {("link-list-order-unknown", p) for p in inferred}
        | ({("duplicate-card-id", r["page"]) for r in want} if numbered else set())
    )
    unexpected = [w.message for w in catalogue.warnings if (w.code, w.page or 0) not in allowed]
    assert not unexpected, unexpected
