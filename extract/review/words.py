"""The review page's words, in French (its readers' language, the default) and in English.

A text may hold `{name}` fields, and the two forms of a word that goes with a count, as
`[one|many]` (French takes the singular for 0 and 1, English for 1 alone). Field names keep the
CSV column's name as a hint on the page, so that a reader finds the column in cards.csv and in
the corrections file.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Literal

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
DEFAULT_LANG: Lang = "fr"
PLURAL = re.compile(r"\[([^|\]]*)\|([^\]]*)\]")

FIELDS: dict[Lang, dict[str, str]] = {
    "fr": {
        "card_id": "Identifiant",
        "page": "Page",
        "part": "Partie",
        "theme": "Thème",
        "title": "Titre",
        "resource_type": "Type",
        "resource_kind": "Genre",
        "year": "Année",
        "year_end": "Année de fin",
        "publisher": "Éditeur",
        "description": "Description",
        "url": "Lien principal",
        "links": "Liens",
        "group": "Groupe",
    },
    "en": {
        "card_id": "Identifier",
        "page": "Page",
        "part": "Part",
        "theme": "Theme",
        "title": "Title",
        "resource_type": "Type",
        "resource_kind": "Kind",
        "year": "Year",
        "year_end": "End year",
        "publisher": "Publisher",
        "description": "Description",
        "url": "Main link",
        "links": "Links",
        "group": "Group",
    },
}

# What each warning code means to the person checking, before the extraction's own message.
WARNINGS: dict[Lang, dict[str, str]] = {
    "fr": {
        "resource-without-link": "Aucun lien trouvé pour cette ressource (ni lien cliquable, "
        "ni adresse imprimée).",
        "link-outside-resource": "Un lien cliquable est en dehors de toute ressource.",
        "link-list-mismatch": "La liste d’adresses imprimée et les liens cliquables ne "
        "concordent pas.",
        "unparseable-type-line": "La ligne de type n’a pas la forme « > Type (année) » : elle "
        "est gardée entière comme type.",
        "year-out-of-range": "Une année hors de 1900–2100 (laissée vide), ou une période qui "
        "finit avant de commencer.",
        "duplicate-card-id": "Deux titres donnent le même identifiant : le second est numéroté.",
        "empty-title": "Une ressource sans titre.",
        "links-unreadable": "Les liens de cette page n’ont pas pu être lus.",
        "page-unreadable": "Cette page n’a pas pu être lue.",
        "document-repaired": "Le fichier a dû être réparé pour être lu : vérifiez les fiches "
        "contre le PDF.",
        "theme-unknown": "Une page de fiches sans thème (ni en-tête, ni entrée de sommaire).",
        "text-outside-resource": "Du texte de la page n’appartient à aucune ressource.",
        "part-unknown": "Une ressource avant l’introduction de la première partie.",
        "doubtful-title": "Ce titre ressemble à une ligne de type, une adresse ou un bouton : "
        "la fiche a peut-être été lue dans le désordre.",
        "group-without-heading": "Des éléments en liste sans titre au-dessus d’eux.",
        "mixed-styles": "La description mêle plusieurs styles : un bouton, une note ou du "
        "texte de la page a pu y entrer.",
        "page-scale-unknown": "L’échelle à laquelle cette page est imprimée n’a pas pu être "
        "établie : ses tailles sont prises telles quelles.",
        "link-order-unknown": "Deux liens sur les mêmes mots : leur ordre est incertain.",
        "link-list-order-unknown": "Les fiches de la page se lisent aussi bien par colonnes "
        "que par rangées : les adresses imprimées leur sont attribuées dans l’ordre supposé.",
        "roles-uncertain": "Toutes les fiches impriment un éditeur et un texte, que seule leur "
        "longueur distingue : vérifiez qu’ils ne sont pas inversés.",
        "off-grammar": "La fiche continue, juste sous elle, par un élément que les fiches de "
        "cette édition impriment plus haut : ce texte est laissé hors de la fiche.",
        "control-characters": "Le texte contenait des caractères de contrôle, remplacés par « � ».",
        "stale-correction": "Une ligne du fichier de corrections a été écrite quand le PDF "
        "donnait autre chose : elle n’est pas appliquée, à revoir.",
    },
    "en": {
        "resource-without-link": "No link found for this resource (no link annotation, no "
        "printed address).",
        "link-outside-resource": "A link annotation lies outside every resource.",
        "link-list-mismatch": "The printed address list and the link annotations disagree.",
        "unparseable-type-line": "The type line is not `> Type (year)`: kept whole as the type.",
        "year-out-of-range": "A year outside 1900–2100 (left empty), or a range that runs "
        "backwards.",
        "duplicate-card-id": "Two titles give the same identifier: the later one is numbered.",
        "empty-title": "A resource without a title.",
        "links-unreadable": "This page's links could not be read.",
        "page-unreadable": "This page could not be read.",
        "document-repaired": "The file had to be repaired to be read: check the records "
        "against the PDF.",
        "theme-unknown": "A page of cards with no theme (no header, no table of contents entry).",
        "text-outside-resource": "Text on the page that belongs to no resource.",
        "part-unknown": "A resource before the first part's introduction.",
        "doubtful-title": "A title that reads like a type line, an address or a button: the "
        "card may have been read out of order.",
        "group-without-heading": "Items printed as a list with no heading above them.",
        "mixed-styles": "The description joins lines in several styles: a button, a note or "
        "the page's text may have been taken in.",
        "page-scale-unknown": "The scale this page is printed at could not be told: its sizes "
        "are taken as they are.",
        "link-order-unknown": "Two links on the same words: their order is uncertain.",
        "link-list-order-unknown": "The page's cards read down the columns or across the rows "
        "alike: the printed addresses are given to them in the order assumed.",
        "roles-uncertain": "Every card prints a publisher and a text, told apart by their "
        "lengths alone: check that they are not swapped.",
        "off-grammar": "The card goes on, close under it, with a role this edition's cards print "
        "earlier: that text is left out of the card.",
        "control-characters": "The text held control characters, each replaced by `�`.",
        "stale-correction": "A row of the corrections file was written when the PDF gave "
        "something else: not applied, to be looked at.",
    },
}

TEXTS: dict[Lang, dict[str, str]] = {
    "fr": {
        "title": "Relecture · {edition}",
        "source": "{file} · sha256 {sha} · {pages} · extrait par catalogue {version}",
        "pages.all": "les {n} pages",
        "pages.span": "pages {first} à {last} sur {total}",
        "pages.some": "{n} pages sur {total}",
        "reads-as": "Lu comme :",
        "design.summary": "Détail de la lecture du modèle",
        "design.roles": "Styles des rôles",
        "design.ctas": "textes d’appel",
        "design.furniture": "Éléments récurrents (jamais lus comme ressource)",
        "design.no-furniture": "aucun",
        "design.band": "bande de {top} à {bottom} % de la hauteur de page",
        "design.contents": "Sommaires",
        "design.forms": "lignes lues : {forms} ; page imprimée = page du PDF − {offset} ({source})",
        "design.pages": "Pages de fiches",
        "design.layout": "{pages} : {columns} ; {links}",
        "design.card": "Grammaire d’une fiche",
        "design.fix": "Faux ? Enregistrez la section design de catalogue.json, corrigez-la et "
        "relancez l’extraction : catalogue extract PDF --design FICHIER.",
        "stat.resources": "[ressource|ressources]",
        "stat.links": "[lien|liens]",
        "stat.warnings": "[alerte|alertes]",
        "since": "Depuis {against} :",
        "stat.added": "[ajoutée|ajoutées]",
        "stat.modified": "[modifiée|modifiées]",
        "stat.moved": "[déplacée|déplacées]",
        "stat.removed": "[retirée|retirées]",
        "stat.renamed": "[renommage|renommages]",
        "stat.unchanged": "[inchangée|inchangées]",
        "renamed.part": "Partie renommée : « {old} » → « {new} » ({n} [ressource|ressources])",
        "renamed.theme": "Thème renommé : « {old} » → « {new} » ({n} [ressource|ressources])",
        "removed.summary": "Ressources retirées depuis {against}",
        "removed.where": "p. {page} dans l’ancienne édition",
        "links-checked": "Liens vérifiés :",
        "outcome.ok": "répond",
        "outcome.redirected": "redirigé",
        "outcome.broken": "cassé",
        "outcome.failing": "en échec",
        "outcome.skipped": "non vérifié",
        "filters": "Seulement :",
        "filter.warnings": "avec alertes",
        "filter.changed": "les changements",
        "filter.unchecked": "à vérifier",
        "progress": "{done} / {total} vérifiées",
        "export": "Exporter les corrections",
        "export.none": "Aucune correction pour l’instant.",
        "keys": "Clavier : J / K ressource suivante / précédente, V vérifiée, Échap fermer.",
        "toc": "Sommaire",
        "toc.label": "Parties, thèmes et pages",
        "toolbar": "Filtres, avancement et export",
        "toc.pages": "Pages",
        "no-part": "(sans partie)",
        "no-theme": "(sans thème)",
        "renamed-from": "avant : « {old} »",
        "page": "Page {n}",
        "page.alt": "Page {n} du PDF",
        "page.overlay": "Ce qui a été lu sur la page {n}",
        "page.enlarge": "Agrandir la page {n}",
        "page.close": "Fermer",
        "zoom": "Page agrandie",
        "page.none": "Aucune ressource sur cette page.",
        "page.warnings": "Alertes de la page",
        "page.blank": "Cette page n’a pas pu être lue : elle est laissée blanche.",
        "record.show": "Montrer la ressource {n} sur la page",
        "record.fields": "Champs lus",
        "badge.added": "ajoutée",
        "badge.modified": "modifiée",
        "badge.moved": "déplacée",
        "badge.warn": "alerte",
        "badge.dead": "lien en panne",
        "elsewhere": "lu p. {page}",
        "corrected": "corrigé par {file} ; le PDF donnait : {was}",
        "change.by-correction": "(seulement une correction : les deux PDF donnent la même chose)",
        "change.paired": "appariée par {by}",
        "paired.card_id": "identifiant",
        "paired.url": "adresse",
        "paired.title": "titre proche",
        "change.old-id": "identifiant avant : {old}",
        "change.old-page": "p. {old} dans l’ancienne édition",
        "change.added": "Nouvelle dans cette édition.",
        "nothing": "(vide)",
        "edit": "Corriger",
        "edit.label": "Corriger : {field}",
        "edit.value": "Nouvelle valeur : {field}",
        "edit.save": "Enregistrer",
        "edit.cancel": "Annuler",
        "edit.undo": "Rétablir",
        "edit.undo.label": "Rétablir la valeur lue : {field}",
        "edited": "corrigé ici ; le PDF donnait : {was}",
        "checked": "Vérifiée",
        "drop": "Pas une ressource",
        "dropped": "Marquée « pas une ressource » : elle quitte les données à l’export.",
        "note": "Remarque (pourquoi)",
        "nothing.warnings": "Aucune ressource n’a d’alerte.",
        "nothing.changed": "Aucune ressource ajoutée, modifiée ni déplacée.",
        "nothing.unchecked": "Toutes les ressources sont vérifiées.",
        "file.rows": "Le fichier exporté reprend les lignes de {file} (celles qui ne "
        "s’appliquent pas à cette édition comprises) : il le remplace.",
        "file.none": "Le fichier exporté ne contient que les corrections faites sur cette page.",
        "bad.year": "une année de 1900 à 2100, ou rien",
        "bad.title": "un titre ne peut pas être vide (pour retirer la fiche : « Pas une "
        "ressource »)",
        "bad.url": "une adresse http://, https:// ou mailto:, sans espace",
        "bad.links": "des adresses http://, https:// ou mailto: séparées par |",
        "bad.control": "un caractère de contrôle n’est pas permis",
        "export.count": "{n} [correction|corrections] à exporter",
    },
    "en": {
        "title": "Review · {edition}",
        "source": "{file} · sha256 {sha} · {pages} · extracted by catalogue {version}",
        "pages.all": "all {n} pages",
        "pages.span": "pages {first}–{last} of {total}",
        "pages.some": "{n} of {total} pages",
        "reads-as": "Read as:",
        "design.summary": "How the design was read",
        "design.roles": "Styles of the roles",
        "design.ctas": "calls to action",
        "design.furniture": "Page furniture (never read as a resource)",
        "design.no-furniture": "none recurring",
        "design.band": "band {top}–{bottom} % of the page height",
        "design.contents": "Tables of contents",
        "design.forms": "rows read as {forms}; printed page = PDF page − {offset} ({source})",
        "design.pages": "Pages of cards",
        "design.layout": "{pages}: {columns}; {links}",
        "design.card": "A card's grammar",
        "design.fix": "Wrong? Save the design section of catalogue.json, correct it, and "
        "extract again: catalogue extract PDF --design FILE.",
        "stat.resources": "[resource|resources]",
        "stat.links": "[link|links]",
        "stat.warnings": "[warning|warnings]",
        "since": "Since {against}:",
        "stat.added": "added",
        "stat.modified": "modified",
        "stat.moved": "moved",
        "stat.removed": "removed",
        "stat.renamed": "renamed",
        "stat.unchanged": "unchanged",
        "renamed.part": "Part renamed: “{old}” → “{new}” ({n} [resource|resources])",
        "renamed.theme": "Theme renamed: “{old}” → “{new}” ({n} [resource|resources])",
        "removed.summary": "Resources removed since {against}",
        "removed.where": "p. {page} in the old edition",
        "links-checked": "Links checked:",
        "outcome.ok": "ok",
        "outcome.redirected": "redirected",
        "outcome.broken": "broken",
        "outcome.failing": "failing",
        "outcome.skipped": "skipped",
        "filters": "Only:",
        "filter.warnings": "with warnings",
        "filter.changed": "changes",
        "filter.unchecked": "unchecked",
        "progress": "{done} / {total} checked",
        "export": "Export the corrections",
        "export.none": "No correction yet.",
        "keys": "Keys: J / K next / previous resource, V checked, Esc close.",
        "toc": "Contents",
        "toc.label": "Parts, themes and pages",
        "toolbar": "Filters, progress and export",
        "toc.pages": "Pages",
        "no-part": "(no part)",
        "no-theme": "(no theme)",
        "renamed-from": "was “{old}”",
        "page": "Page {n}",
        "page.alt": "PDF page {n}",
        "page.overlay": "What was found on page {n}",
        "page.enlarge": "Enlarge page {n}",
        "page.close": "Close",
        "zoom": "Enlarged page",
        "page.none": "No resource on this page.",
        "page.warnings": "Page warnings",
        "page.blank": "This page could not be read: it is left blank.",
        "record.show": "Show resource {n} on the page",
        "record.fields": "Fields read",
        "badge.added": "added",
        "badge.modified": "modified",
        "badge.moved": "moved",
        "badge.warn": "warning",
        "badge.dead": "link not working",
        "elsewhere": "read on p. {page}",
        "corrected": "corrected by {file}; the PDF gave: {was}",
        "change.by-correction": "(only a correction: both PDFs give the same)",
        "change.paired": "paired by {by}",
        "paired.card_id": "identifier",
        "paired.url": "address",
        "paired.title": "similar title",
        "change.old-id": "identifier before: {old}",
        "change.old-page": "p. {old} in the old edition",
        "change.added": "New in this edition.",
        "nothing": "(none)",
        "edit": "Correct",
        "edit.label": "Correct: {field}",
        "edit.value": "New value: {field}",
        "edit.save": "Save",
        "edit.cancel": "Cancel",
        "edit.undo": "Restore",
        "edit.undo.label": "Restore the value read: {field}",
        "edited": "corrected here; the PDF gave: {was}",
        "checked": "Checked",
        "drop": "Not a resource",
        "dropped": "Marked “not a resource”: it leaves the data on export.",
        "note": "Note (why)",
        "nothing.warnings": "No resource has a warning.",
        "nothing.changed": "No resource was added, modified or moved.",
        "nothing.unchecked": "Every resource is checked.",
        "file.rows": "The exported file repeats the rows of {file} (those that do not apply "
        "to this edition included): it replaces it.",
        "file.none": "The exported file holds only the corrections made on this page.",
        "bad.year": "a year from 1900 to 2100, or nothing",
        "bad.title": "a title cannot be empty (to take the card out: “Not a resource”)",
        "bad.url": "an http://, https:// or mailto: address, without spaces",
        "bad.links": "http://, https:// or mailto: addresses separated by |",
        "bad.control": "a control character is not allowed",
        "export.count": "{n} [correction|corrections] to export",
    },
}

# The texts the page's script shows (validation, export): handed to it in the page.
SCRIPT_TEXTS: tuple[str, ...] = (
    "progress",
    "export.none",
    "export.count",
    "edit.value",
    "edit.save",
    "edit.cancel",
    "edit.undo",
    "edit.undo.label",
    "bad.year",
    "bad.title",
    "bad.url",
    "bad.links",
    "bad.control",
    "edited",
    "nothing",
)

_NUMBERS: dict[Lang, tuple[str, ...]] = {
    "fr": ("zéro", "une", "deux", "trois", "quatre", "cinq", "six", "sept", "huit", "neuf", "dix"),
    "en": ("no", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"),
}
_AND: dict[Lang, str] = {"fr": "et", "en": "and"}


@dataclass(frozen=True)
class Words:
    """One language's texts, called as `words("key", n=3, name=…)`."""

    lang: Lang

    @property
    def fields(self) -> Mapping[str, str]:
        return FIELDS[self.lang]

    @property
    def warnings(self) -> Mapping[str, str]:
        return WARNINGS[self.lang]

    def __call__(self, key: str, n: int | None = None, **values: object) -> str:
        return self.fill(TEXTS[self.lang][key], n, **values)

    def fill(self, text: str, n: int | None = None, **values: object) -> str:
        """`text` with its plural forms chosen for `n`, then its fields filled in (a value
        is never read as a form or a field)."""
        one = n is not None and self.singular(n)
        text = PLURAL.sub(lambda m: m.group(1) if one else m.group(2), text)
        return text.format(n=n, **values)

    def singular(self, n: int) -> bool:
        return n <= 1 if self.lang == "fr" else n == 1

    def field(self, name: str) -> str:
        return self.fields.get(name, name)

    def warning(self, code: str) -> str:
        return self.warnings.get(code, code)

    def decimal(self, value: float) -> str:
        """`9.5` as `9,5` in French; whole numbers without decimals."""
        text = f"{value:.1f}".removesuffix(".0")
        return text.replace(".", ",") if self.lang == "fr" else text

    def count(self, n: int) -> str:
        """A small count in words (`deux`), a larger one in digits."""
        numbers = _NUMBERS[self.lang]
        return numbers[n] if 0 <= n < len(numbers) else str(n)

    def listing(self, items: Sequence[str]) -> str:
        """`3, 8, 27 et 35`."""
        if len(items) <= 1:
            return "".join(items)
        return f"{', '.join(items[:-1])} {_AND[self.lang]} {items[-1]}"

    def script_texts(self) -> dict[str, str]:
        return {key: TEXTS[self.lang][key] for key in SCRIPT_TEXTS}
