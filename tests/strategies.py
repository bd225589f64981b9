"""Hypothesis strategies for random, valid `catalogue-source/1` documents.

A generated source looks like an edition of the catalogue: 1–4 parts, each with its intro page
and table of contents and 1–3 content pages of 1–4 cards (sometimes with a group of links), in
French with accents, typographic apostrophes, guillemets, dashes and words hyphenated across
lines. Every line fits the card's text column in every layout of `samples.typeset`, so the
facsimile of a generated source never raises `LayoutError`.

Text that no extractor could read back unambiguously is never generated: card lines always
contain a letter, never start with `>` and are never a bare URL; titles are in capitals. The
one exception is on purpose: now and then a title has no letter at all (`« ? »`), whose id the
text rules decide (`resource`).

`printed_texts`, `field_lines`, `type_line_texts` and `group_item_texts` draw printed text of
every kind the text rules meet, the awkward kinds included (tabs, runs of spaces, no-break
spaces, `(co)-`, `--`, `æ`, `ß`, years out of range), for tests that hold the reference rules
(`samples.expected`) and the extractor's (`extract.text`) to one result.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from typing import Literal

from hypothesis import strategies as st
from reportlab.pdfbase import pdfmetrics

from samples.expected import join_lines
from samples.source import (
    Card,
    Edition,
    Group,
    GroupItem,
    Link,
    Page,
    Part,
    Source,
    TocEntry,
)
from samples.typeset import BOLD, REGULAR

# Widths are measured at the portrait layout's type sizes: its card text column is the narrowest
# once a side banner takes its share (about 174 pt), and the landscape layout scales type down
# more than its column. The margin covers rounding and small design changes.
TITLE_FONT, TITLE_SIZE, TITLE_WIDTH, TITLE_CHARS = BOLD, 9.5, 166.0, 26
PUBLISHER_FONT, BODY_SIZE, BODY_WIDTH, BODY_CHARS = BOLD, 7.4, 162.0, 32
BLURB_FONT = REGULAR

WORDS: tuple[str, ...] = (
    "économie",
    "sociale",
    "solidaire",
    "territoire",
    "territoires",
    "collectivités",
    "acteurs",
    "projet",
    "projets",
    "habitants",
    "développement",
    "durable",
    "l’économie",
    "d’utilité",
    "l'innovation",
    "qu’à",
    "à",
    "et",
    "de",
    "des",
    "les",
    "la",
    "le",
    "pour",
    "dans",
    "avec",
    "sur",
    "une",
    "un",
    "leur",
    "été",
    "où",
    "créée",
    "réseau",
    "coopération",
    "mobilité",
    "santé",
    "éducation",
    "alimentation",
    "foncier",
    "habitat",
    "numérique",
    "culture",
    "tourisme",
    "emploi",
    "insertion",
    "accompagner",
    "découvrez",
    "présente",
    "guide",
    "étude",
    "cœur",
    "œuvre",
    "élus",
    "communes",
    "petites",
    "villes",
    "demain",
    "l’ESS",
    "d'expérience",
    "ressources",
    "enjeux",
    "leviers",
    "réponses",
    "dispositifs",
    "français",
    "bien-être",
    "Hauts-de-France",
    "c’est-à-dire",
    "intercommunalités",
    "ﬁches",
    "réﬂexion",
    "ﬁnancement",
    "&",
    "–",
    "« tiers-lieux »",
    "« circuits courts »",
    "l’accès",
    "d’un",
    "s’inscrit",
    "aux",
    "ça",
    "Ô",
    "naïve",
    "vitæ",
    "cætera",
    "Straße",
    "«\u00a0ESS\u00a0»",
    "Noël",
    "très",
    "déjà",
    "crèche",
    "maître",
    "reçues",
    "(ESS)",
    "2014,",
    "etc.",
    "?",
    "!",
    ":",
    "…",
)
PUBLISHER_WORDS: tuple[str, ...] = (
    "Avise",
    "RTES",
    "CRESS",
    "Bretagne",
    "Réseau",
    "des",
    "collectivités",
    "Chambre",
    "régionale",
    "de",
    "l’ESS",
    "Banque",
    "territoires",
    "France",
    "Active",
    "Macéo",
    "Sénat",
    "Labo",
    "Fondation",
    "Observatoire",
    "national",
    "–",
    "&",
    "ANCT",
    "Auvergne-Rhône-Alpes",
    "Spectacle",
    "Vivant",
    "Coop’",
    "d'Économie",
    "Solidaire",
    "et",
    "CNCRESS",
    "BRUDED",
)
# Split across two lines with the hyphen kept, they exercise the tight join of `join_lines`.
COMPOUNDS: tuple[tuple[str, str], ...] = (
    ("socio", "économique"),
    ("co", "construction"),
    ("bien", "être"),
    ("Rhône", "Alpes"),
    ("non", "exhaustive"),
    ("centres", "bourgs"),
    ("va", "t-il"),
    ("tiers", "lieux"),
    ("Auvergne", "Rhône-Alpes"),
    ("éco", "conception"),
    ("(co)", "construction"),
    ("(ré)", "inventer"),
)
# Titles with no letter or digit: their id is the text rules' `resource`.
LETTERLESS_TITLES: tuple[str, ...] = ("« ? »", "— … —", "?!")
TYPES: tuple[str, ...] = (
    "Guide",
    "Publication",
    "Dossier web",
    "Mooc",
    "Étude",
    "Site web",
    "Vade-mecum",
    "Mode d’emploi",
    "Fiche retour d’expérience",
    "Site web de l’Avise",
    "Rapport d'étude",
    "Vidéo",
    "Chiffres clés",
    "Carnet de projet",
    "Portail Avise",
)
CTAS: tuple[str, ...] = (
    ">> Pour accéder à la ressource",
    "> Pour accéder à la ressource",
    ">> Pour accéder à la resource",
)
PART_TITLES: tuple[str, ...] = (
    "Comprendre l’ESS et ses atouts",
    "Répondre aux défis de mon territoire",
    "Passer à l’action et coconstruire les projets",
    "S’inspirer des solutions existantes",
    "Financer les projets d’utilité sociale",
    "Coopérer à l’échelle du bassin de vie",
)
THEMES: tuple[str, ...] = (
    "L’économie sociale et solidaire (ESS)",
    "L’innovation sociale",
    "Comprendre les atouts de l’ESS",
    "Agriculture et alimentation durable",
    "Attractivité et tourisme",
    "Culture",
    "Économie circulaire",
    "Économie collaborative",
    "Éducation",
    "Foncier",
    "Habitat",
    "Mobilité",
    "Numérique",
    "Santé",
    "Tiers-Lieux",
    "Me faire accompagner et coopérer avec les acteurs de l’ESS",
    "Mobiliser et faire participer les habitants",
    "Consolider le montage juridique et financier d’un projet de l’ESS",
    "Bases et panoramas de projets inspirants",
    "Retours d’expérience",
    "Emploi et insertion",
    "Commande publique responsable",
)
QUESTIONS: tuple[str, ...] = (
    "comment favoriser l’accès à une alimentation saine et locale aux habitants ?",
    "comment rendre son territoire attractif et le redynamiser ?",
    "comment proposer des espaces culturels et de dialogue au plus proche des habitants ?",
    "comment développer des solutions de mobilité durable et inclusive ?",
    "comment revitaliser un lieu vacant ?",
)
INTRO_LINES: tuple[str, ...] = (
    "L’ESS et l’innovation sociale sont des notions complexes à",
    "appréhender mais sont néanmoins de véritables atouts pour la",
    "redynamisation des territoires. Découvrez leur signification et",
    "les problématiques auxquelles elles apportent des réponses.",
    "Sur de nombreux territoires, l’ESS a déjà fait ses preuves et",
    "a contribué à la revitalisation des centres-bourgs.",
)
GROUP_HEADINGS: tuple[str, ...] = (
    "Contactez une foncière solidaire :",
    "Pour aller plus loin :",
    "Réseaux à contacter",
    "Découvrez aussi :",
)
GROUP_NAMES: tuple[str, ...] = (
    "Village Vivants",
    "Bellevilles",
    "ETIC",
    "Plateau Urbain",
    "Territoires zéro chômeur",
    "La Coopérative",
    "Réseau Cocagne",
    "Familles Rurales",
)
URL_WORDS: tuple[str, ...] = (
    "ressources",
    "guide",
    "dossiers",
    "economie-circulaire",
    "mode-demploi",
    "articles",
)
FRONT_LINES = [
    "du programme Petites villes de demain",
    "à inscrire l’économie sociale et solidaire",
]
BACK_LINES = [
    "Ce catalogue des ressources ESS a été réalisé avec le soutien",
    "consultez avise.org",
]


def fits(text: str, font: str, size: float, width: float, chars: int) -> bool:
    """Whether `text` fits a card's text column in the given style."""
    return len(text) <= chars and pdfmetrics.stringWidth(text, font, size) <= width


def _has_letter(words: Sequence[str]) -> bool:
    return any(ch.isalpha() for word in words for ch in word)


@st.composite
def text_lines(
    draw: st.DrawFn,
    vocabulary: Sequence[str],
    lines: tuple[int, int],
    style: tuple[str, float, float, int],
    capitals: bool = False,
) -> list[str]:
    """`lines[0]`–`lines[1]` lines of words that each fit `style` (font, size, width, chars);
    some lines end in a dash or in the first half of a hyphenated compound."""
    font, size, width, chars = style

    def word(w: str) -> str:
        return w.upper() if capitals else w

    def ok(words: Sequence[str]) -> bool:
        return _has_letter(words) and fits(" ".join(words), font, size, width, chars)

    letter_words = [w for w in vocabulary if _has_letter([w])]
    rows: list[list[str]] = []
    for _ in range(draw(st.integers(*lines))):
        row = [word(draw(st.sampled_from(letter_words)))]
        for extra in draw(st.lists(st.sampled_from(vocabulary), max_size=7)):
            if not ok([*row, word(extra)]):
                break
            row.append(word(extra))
        rows.append(row)
    for i in range(len(rows) - 1):
        ending = draw(st.sampled_from(["none", "none", "none", "compound", "dash", "en dash"]))
        if ending == "compound":
            head, tail = draw(st.sampled_from(COMPOUNDS))
            first, second = [*rows[i], word(head) + "-"], [word(tail), *rows[i + 1]]
            if ok(first) and ok(second):
                rows[i], rows[i + 1] = first, second
        elif ending in ("dash", "en dash"):
            first = [*rows[i], "-" if ending == "dash" else "–"]
            if ok(first):
                rows[i] = first
    return [" ".join(row) for row in rows]


def titles() -> st.SearchStrategy[list[str]]:
    return text_lines(WORDS, (1, 7), (TITLE_FONT, TITLE_SIZE, TITLE_WIDTH, TITLE_CHARS), True)


def publishers() -> st.SearchStrategy[list[str]]:
    return text_lines(PUBLISHER_WORDS, (0, 3), (PUBLISHER_FONT, BODY_SIZE, BODY_WIDTH, BODY_CHARS))


def blurbs() -> st.SearchStrategy[list[str]]:
    return text_lines(WORDS, (1, 8), (BLURB_FONT, BODY_SIZE, BODY_WIDTH, BODY_CHARS))


@st.composite
def type_lines(draw: st.DrawFn) -> str:
    """Every form of type line: `>Guide (2019)`, `> Publication (2013) `, `>Dossier web`,
    `>2020`, `>Mooc (2019-2020)`."""
    kind = draw(st.none() | st.sampled_from(TYPES))
    start = draw(st.integers(1990, 2030))
    years = draw(
        st.none()
        | st.just(str(start))
        | st.integers(start + 1, start + 3).map(lambda end: f"{start}-{end}")
    )
    if kind is None and years is None:
        years = str(start)
    prefix = draw(st.sampled_from([">", "> "]))
    suffix = draw(st.sampled_from(["", "", " "]))
    if kind is None:
        return f"{prefix}{years}{suffix}"
    if years is None:
        return f"{prefix}{kind}{suffix}"
    return f"{prefix}{kind} ({years}){suffix}"


@st.composite
def urls(draw: st.DrawFn, key: str) -> str:
    """A URL made unique by `key` (where it is used in the source)."""
    query = draw(st.sampled_from(["", "", "?id=3&t=1s", "#resume"]))
    return f"https://example.org/{draw(st.sampled_from(URL_WORDS))}/{key}{query}"


@st.composite
def cards(draw: st.DrawFn, key: str) -> Card:
    blurb = draw(blurbs())
    links = [Link(url=draw(urls(f"{key}-cta")), on="cta")]
    if draw(st.integers(0, 3)) == 0:
        line = draw(st.integers(0, len(blurb) - 1))
        links.append(Link(url=draw(urls(f"{key}-blurb")), on="blurb", line=line))
    title = draw(titles())
    if draw(st.integers(0, 15)) == 0:
        title = [draw(st.sampled_from(LETTERLESS_TITLES))]
    return Card(
        title_lines=title,
        type_line=draw(type_lines()),
        publisher_lines=draw(publishers()),
        blurb_lines=blurb,
        cta_line=draw(st.sampled_from(CTAS)),
        links=links,
    )


@st.composite
def groups(draw: st.DrawFn, key: str) -> Group:
    names = draw(st.lists(st.sampled_from(GROUP_NAMES), min_size=1, max_size=3, unique=True))
    items = []
    for i, name in enumerate(names):
        url = draw(urls(f"{key}-{i}"))
        # An item can be linked twice over the same words (Bellevilles in 2021).
        repeats = draw(st.sampled_from([1, 1, 1, 2]))
        links = [Link(url=url, on="item")] * repeats
        items.append(GroupItem(type_line=f">Site web : {name}", links=links))
    return Group(heading_lines=[draw(st.sampled_from(GROUP_HEADINGS))], items=items)


def _link_urls(block: Card | Group) -> list[str]:
    if isinstance(block, Card):
        return [link.url for link in block.links]
    return [link.url for item in block.items for link in item.links]


def _fold(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch))


@st.composite
def side_banners(draw: st.DrawFn, part_title: str) -> tuple[str, list[str]]:
    """The part's name in capitals, and the pieces its rotated letters come out in."""
    spaced = _fold(part_title).upper()
    letters = [ch for ch in spaced if not ch.isspace()]
    pieces: list[str] = []
    for ch in letters:
        if pieces and len(pieces[-1]) == 1 and draw(st.integers(0, 5)) == 0:
            pieces[-1] += ch
        else:
            pieces.append(ch)
    return spaced, pieces


@st.composite
def content_pages(
    draw: st.DrawFn, number: int, part: int, part_title: str, theme: str, extras: tuple[bool, bool]
) -> Page:
    page_labels, banners = extras
    blocks: list[Card | Group] = [
        draw(cards(f"p{number}-c{i}")) for i in range(draw(st.integers(1, 4)))
    ]
    if draw(st.integers(0, 3)) == 0:
        # A fifth block goes to the portrait layout's last column, under two cards at most: with
        # four cards the group must be one of that column's last two blocks (as on page 19 in
        # 2021) or two full cards would stack below the column's midpoint.
        first = 3 if len(blocks) == 4 else 0
        blocks.insert(draw(st.integers(first, len(blocks))), draw(groups(f"p{number}-g")))
    header: list[str] = []
    if draw(st.booleans()):
        # The header may print the theme in another case than the table of contents.
        printed = draw(st.sampled_from([theme, theme, theme[:1] + theme[1:].lower()]))
        header = [f"{printed} :", draw(st.sampled_from(QUESTIONS))]
    label: str | None = None
    position: Literal["start", "before_links"] | None = None
    if page_labels and draw(st.integers(0, 4)) == 0:
        label = str(number)
        position = draw(st.sampled_from(["start", "before_links"]))
    banner, banner_lines = None, None
    if banners and draw(st.integers(0, 5)) == 0:
        banner, banner_lines = draw(side_banners(part_title))
    return Page(
        page=number,
        part=part,
        theme=theme,
        header_lines=header,
        side_banner=banner,
        side_banner_lines=banner_lines,
        page_label=label,
        page_label_position=position,
        blocks=blocks,
        trailing_urls=[url for block in blocks for url in _link_urls(block)],
    )


@st.composite
def toc_entries(draw: st.DrawFn, page: int, label: str) -> TocEntry:
    """An entry as printed (`P.9       Agriculture…`), sometimes wrapped onto a second line."""
    number = draw(st.sampled_from([f"P.{page}", f"P.{page}", f"P {page}"]))
    gap = " " * draw(st.integers(3, 7))
    words = label.split()
    cut = len(words)
    if len(words) >= 3 and draw(st.booleans()):
        cut = draw(st.integers(1, len(words) - 1))
    lines = [f"{number}{gap}{' '.join(words[:cut])}"]
    if cut < len(words):
        lines.append(" ".join(words[cut:]))
    return TocEntry(page=page, label=label, lines=lines)


def _split_title(title: str, at: int) -> list[str]:
    words = title.split()
    at = min(at, len(words) - 1)
    return [" ".join(words[:at]), " ".join(words[at:])] if at > 0 else [title]


@st.composite
def sources(draw: st.DrawFn, *, page_labels: bool = True, side_banners: bool = True) -> Source:
    """A whole catalogue-source/1: cover (page 1), introduction (2), the parts' intro and content
    pages in order, and the back cover after the last page."""
    n_parts = draw(st.integers(1, 4))
    part_titles = draw(
        st.lists(st.sampled_from(PART_TITLES), min_size=n_parts, max_size=n_parts, unique=True)
    )
    theme_pool = iter(draw(st.permutations(THEMES)))
    parts: list[Part] = []
    pages: list[Page] = []
    next_page = 3
    for number, title in enumerate(part_titles, start=1):
        intro_page = next_page
        content = list(range(intro_page + 1, intro_page + 1 + draw(st.integers(1, 3))))
        next_page = content[-1] + 1
        # An entry on the first content page gives every page a theme even without a header.
        starts = [content[0]] + [p for p in content[1:] if draw(st.booleans())]
        toc = [draw(toc_entries(p, next(theme_pool))) for p in starts]
        for p in content:
            theme = [entry.label for entry in toc if entry.page <= p][-1]
            pages.append(draw(content_pages(p, number, title, theme, (page_labels, side_banners))))
        title_lines = _split_title(title, draw(st.integers(0, 3)))
        parts.append(
            Part(
                number=number,
                title=join_lines(title_lines),
                title_lines=title_lines,
                intro_lines=draw(st.lists(st.sampled_from(INTRO_LINES), min_size=1, max_size=4)),
                toc=toc,
                intro_page=intro_page,
            )
        )
    edition = Edition(
        title="Catalogue de ressources ESS",
        programme="Petites villes de demain",
        publisher="Avise",
        partner="Agence nationale de la cohésion des territoires (ANCT)",
        year=draw(st.integers(2019, 2026)),
        language="fr",
    )
    return Source(
        format="catalogue-source/1",
        edition=edition,
        front_lines=FRONT_LINES,
        back_lines=BACK_LINES,
        parts=parts,
        pages=pages,
    )


# ---------------------------------------------------------------------------------------------
# Printed text for the text rules alone (no layout): every awkward kind, in any order.

PIECES: tuple[str, ...] = (
    *("Guide", "co", "mot", "été", "ETIC", "Site web", "CÆSAR", "Straße", "STRAẞE", "ŒUVRE"),
    *("vitæ", "ﬁche", "réﬂexion", "İ", "ø", "x²"),
    *("(", ")", "-", "--", "–", "—", "«", "»", ":", "::", "?", "’", "'", ".", "…", "&", "/"),
    *(">", ">>", "2019", "2019-2020", "(2019)", "(2019 – 2020)", "(1492)", "(20x9)", "(2019-20)"),
    *(" ", " ", " ", "  ", "\t", "\u00a0", "\u202f"),
)


def printed_texts() -> st.SearchStrategy[str]:
    """A line of print: pieces of words, punctuation, years and whitespace of every kind."""
    return st.lists(st.sampled_from(PIECES), max_size=10).map("".join)


# Words whose endings the kind rule reads (plurals, singulars in s or x, -eux, -aux, -eaux).
KIND_PIECES: tuple[str, ...] = (
    *("Études", "ETUDES", "Cartographies", "réseaux", "sociaux", "Jeux", "sérieux", "avis"),
    *("Atlas", "processus", "express", "prix", "Travaux", "journaux", "bus", "s", "x", "eux"),
    *("d’", "l'", "ʼ", "‐", "‑", "Vade-mecum", "mp3s", "²"),
)


def kind_texts() -> st.SearchStrategy[str]:
    """A printed type for the kind rule: words that end as plurals do, among every awkward
    piece of print."""
    return st.lists(st.sampled_from(PIECES + KIND_PIECES), max_size=8).map("".join)


@st.composite
def field_lines(draw: st.DrawFn) -> list[str]:
    """A field's printed lines, some ending in a glued hyphen, a spaced dash or spaces."""
    lines = draw(st.lists(printed_texts(), min_size=1, max_size=4))
    endings = st.sampled_from(["", "", "-", "--", " -", " --", ")-", "»-", " –", "  ", "\t"])
    return [line + draw(endings) for line in lines]


@st.composite
def type_line_texts(draw: st.DrawFn) -> str:
    """What may open a card's type line, and what may follow."""
    mark = draw(st.sampled_from([">", "> ", " >", ">\u00a0", "> >", ">>", ">\t"]))
    return mark + draw(printed_texts())


@st.composite
def group_item_texts(draw: st.DrawFn) -> str:
    """A group item: a mark, maybe a type and a colon, maybe a name."""
    kind = draw(st.sampled_from(["", "Site web", "Site  web", "ﬁche"]) | printed_texts())
    colon = draw(st.sampled_from(["", " : ", ":", " :", "\u00a0:\u00a0"]))
    return ">" + draw(st.sampled_from(["", " "])) + kind + colon + draw(printed_texts())
