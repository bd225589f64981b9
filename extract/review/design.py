"""What the tool took the design to be, in plain words: one sentence at the top of the page
(`Lu comme : deux colonnes par page, titres en gras, sommaires p. 3, 8, 27 et 35`), and the
details behind it, folded, for the person who corrects a design file (`--design`)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

from extract.review.words import Lang, Words
from schemas.models import CardGrammar, Design, PageDesign, RoleStyle

# A page printed within this of the document's scale is at its scale: said only beyond it.
SCALE_TOLERANCE = 0.02
# Words in a font's name that say its weight or slant (PostScript names: `Vera-BoldOblique`).
BOLD = ("bold", "black", "heavy", "semibold", "demibold", "extrabold", "ultrabold")
ITALIC = ("italic", "oblique")

_PHRASES: dict[Lang, dict[str, str]] = {
    "fr": {
        "columns": "{count} [colonne|colonnes] par page",
        "except": "{count} sur {n} [page|pages]",
        "order.across": "lues ligne par ligne",
        "order.written": "lues dans l’ordre où elles ont été écrites",
        "order.down": "lues colonne par colonne",
        "titles": "titres",
        "bold": "en gras",
        "italic": "en italique",
        "tone.colour": "en couleur",
        "tone.grey": "en gris",
        "tone.light": "en clair",
        "contents": "sommaires p. {pages}",
        "card": "une fiche se lit : {roles}",
        "optional": "{role} (s’il y en a)",
        "scaled": "[page|pages] {pages} [imprimée|imprimées] à {percent} %",
        "links.annotations": "liens cliquables du PDF",
        "links.printed list": "adresses imprimées en liste",
        "links.notes": "adresses en notes de bas de page",
        "links.in cards": "adresses imprimées dans les fiches",
        "links.none": "aucun lien",
        "role.title": "titre",
        "role.type": "type et année",
        "role.publisher": "éditeur",
        "role.body": "texte",
        "role.call_to_action": "bouton",
        "furniture.folio": "folio",
        "furniture.running": "titre courant",
        "furniture.banner": "bandeau",
        "furniture.decoration": "décor",
        "form.number-first": "numéro d’abord",
        "form.number-last": "numéro à la fin",
        "form.table": "tableau",
        "from.folios": "d’après les folios",
        "from.tables": "d’après les sommaires",
        "from.none": "rien pour l’établir",
        "from.given": "donné par le fichier de modèle",
        "none": "aucun",
        "pages": "{n} [page|pages]",
    },
    "en": {
        "columns": "{count} [column|columns] a page",
        "except": "{count} on {n} [page|pages]",
        "order.across": "read across the rows",
        "order.written": "read in the order they were written",
        "order.down": "read down each column",
        "titles": "titles",
        "bold": "bold",
        "italic": "italic",
        "tone.colour": "coloured",
        "tone.grey": "grey",
        "tone.light": "light",
        "contents": "tables of contents p. {pages}",
        "card": "a card reads: {roles}",
        "optional": "{role} (if any)",
        "scaled": "[page|pages] {pages} printed at {percent} %",
        "links.annotations": "links from the PDF's annotations",
        "links.printed list": "addresses printed in a list",
        "links.notes": "addresses in footnotes",
        "links.in cards": "addresses printed in the cards",
        "links.none": "no links",
        "role.title": "title",
        "role.type": "type and year",
        "role.publisher": "publisher",
        "role.body": "text",
        "role.call_to_action": "button",
        "furniture.folio": "folio",
        "furniture.running": "running head",
        "furniture.banner": "banner",
        "furniture.decoration": "decoration",
        "form.number-first": "number first",
        "form.number-last": "number last",
        "form.table": "table",
        "from.folios": "from the folios",
        "from.tables": "from the tables",
        "from.none": "nothing to tell it",
        "from.given": "given by the design file",
        "none": "none",
        "pages": "{n} [page|pages]",
    },
}


@dataclass(frozen=True)
class Row:
    label: str
    value: str


@dataclass(frozen=True)
class DesignView:
    """The sentence, and the details folded under it."""

    sentence: str
    roles: list[Row]
    furniture: list[str]
    contents: str
    layouts: list[str]
    card: str | None


class _Phrases:
    def __init__(self, words: Words) -> None:
        self.words = words
        self.table = _PHRASES[words.lang]

    def __call__(self, key: str, n: int | None = None, **values: object) -> str:
        return self.words.fill(self.table[key], n, **values)


def page_list(pages: Sequence[int], words: Words, most: int = 8) -> str:
    shown = [str(p) for p in pages[:most]]
    if len(pages) > most:
        return ", ".join(shown) + "…"
    return words.listing(shown)


def _columns(content: Sequence[PageDesign], say: _Phrases) -> str | None:
    if not content:
        return None
    columns = Counter(p.columns for p in content)
    usual, _ = columns.most_common(1)[0]
    text = say("columns", usual, count=say.words.count(usual))
    others = [
        say("except", n, count=say.words.count(columns_))
        for columns_, n in sorted(columns.items())
        if columns_ != usual
    ]
    orders = Counter(p.order for p in content if p.columns == usual)
    order = orders.most_common(1)[0][0] if orders else "single"
    if usual > 1 and order in ("across", "written"):
        text += f" {say('order.' + order)}"
    if others:
        text += f" ({say.words.listing(others)})"
    return text


def _style_words(style: RoleStyle, say: _Phrases) -> list[str]:
    font = style.font.lower()
    looks = []
    if any(word in font for word in BOLD):
        looks.append(say("bold"))
    if any(word in font for word in ITALIC):
        looks.append(say("italic"))
    if style.tone != "dark":
        looks.append(say(f"tone.{style.tone}"))
    return looks


def _titles(design: Design, say: _Phrases) -> str | None:
    style = design.roles.get("title")
    if style is None:
        return None
    looks = _style_words(style, say)
    if not looks:
        return None
    return f"{say('titles')} {say.words.listing(looks)}"


def card_roles(card: CardGrammar, say: _Phrases) -> str:
    """The card's roles in order: from what the tool wrote (`reads_as`, optional roles with
    `?`), or from its head and tail, the type line between them."""
    if card.reads_as:
        tokens = [t.strip() for t in card.reads_as.split(",") if t.strip()]
    else:
        tokens = [*card.head, "type", *card.tail]
    roles = []
    for token in tokens:
        name = token.rstrip("?")
        label = say.table.get(f"role.{name}", name)
        roles.append(say("optional", role=label) if token.endswith("?") else label)
    return ", ".join(roles)


def _scaled(design: Design, say: _Phrases) -> list[str]:
    by_scale: dict[int, list[int]] = {}
    for page in design.pages:
        if page.scale is not None and abs(page.scale - 1) > SCALE_TOLERANCE:
            by_scale.setdefault(round(page.scale * 100), []).append(page.page)
    return [
        say("scaled", len(pages), pages=page_list(pages, say.words), percent=percent)
        for percent, pages in sorted(by_scale.items())
    ]


def _links(content: Sequence[PageDesign], say: _Phrases) -> str | None:
    channels = Counter(p.links for p in content if p.links != "none")
    if not channels:
        return None
    return say.words.listing([say(f"links.{c}") for c, _ in channels.most_common()])


def sentence(design: Design, words: Words) -> str:
    """`deux colonnes par page, titres en gras, sommaires p. 3, 8, 27 et 35 ; …`."""
    say = _Phrases(words)
    content = [p for p in design.pages if p.kind == "content"]
    intros = [p.page for p in design.pages if p.kind == "part_intro"]
    first = [
        _columns(content, say),
        _titles(design, say),
        say("contents", pages=page_list(intros, words)) if intros else None,
    ]
    parts = [", ".join(p for p in first if p)]
    if design.card is not None:
        parts.append(say("card", roles=card_roles(design.card, say)))
    parts.extend(_scaled(design, say))
    links = _links(content, say)
    if links:
        parts.append(links)
    text = " ; ".join(p for p in parts if p) if words.lang == "fr" else "; ".join(parts)
    return (text[:1].upper() + text[1:] + ".") if text else "—"


def _role_row(role: str, style: RoleStyle | None, say: _Phrases) -> Row:
    label = say.table.get(f"role.{role}", role)
    if style is None:
        return Row(label, "—")
    looks = ", ".join(_style_words(style, say))
    value = f"{style.font}, {say.words.decimal(style.size)} pt" + (f", {looks}" if looks else "")
    return Row(label, value)


def design_view(design: Design, words: Words) -> DesignView:
    say = _Phrases(words)
    roles = [_role_row(role, style, say) for role, style in design.roles.items()]
    ctas = ", ".join(f"« {t} »" if words.lang == "fr" else f"“{t}”" for t in design.calls_to_action)
    roles.append(Row(words("design.ctas"), ctas or "—"))
    furniture = [
        f"{say.table.get('furniture.' + f.kind, f.kind)} : « {f.text} » "
        f"(p. {page_list(f.pages, words)})"
        if words.lang == "fr"
        else f"{say.table.get('furniture.' + f.kind, f.kind)}: “{f.text}” "
        f"(p. {page_list(f.pages, words)})"
        for f in design.furniture
    ]
    furniture += [
        words("design.band", top=words.decimal(b.top * 100), bottom=words.decimal(b.bottom * 100))
        for b in design.furniture_bands
    ]
    forms = ", ".join(
        f"{say.table.get('form.' + form, form)} ×{n}" for form, n in design.contents.forms.items()
    )
    contents = words(
        "design.forms",
        forms=forms or say("none"),
        offset=design.contents.page_offset,
        source=say.table.get("from." + design.contents.offset_from, design.contents.offset_from),
    )
    content = [p for p in design.pages if p.kind == "content"]
    kinds = Counter((p.columns, p.order, p.links) for p in content)
    layouts = [
        words(
            "design.layout",
            pages=say("pages", n),
            columns=say("columns", columns, count=words.count(columns))
            + (f" {say.table[f'order.{order}']}" if f"order.{order}" in say.table else ""),
            links=say(f"links.{links}"),
        )
        for (columns, order, links), n in sorted(kinds.items(), key=lambda kv: -kv[1])
    ]
    layouts += _scaled(design, say)
    card = card_roles(design.card, say) if design.card is not None else None
    return DesignView(sentence(design, words), roles, furniture, contents, layouts, card)
