"""What `catalogue history` writes beside the database, for the people who read it.

- `metadata.json`: Datasette's metadata, in French (the users' language): the title and
  description of the database, of each table and of each column, the source, canned queries, and
  the licence fields left empty for the publisher (kept as they filled them at the next run).
  `datasette history/` serves the folder with it; `datasette DB -m metadata.json` too.
- `editions.csv`: every appearance of every resource, cards.csv's columns after `edition` and
  `resource_id`, for spreadsheets.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from extract.history.database import FULL_TEXT, HistoryTrouble
from extract.history.tables import Tables
from extract.write.files import csv_cell
from schemas.models import CSV_COLUMNS

METADATA_NAME = "metadata.json"
EDITIONS_NAME = "editions.csv"
EDITIONS_COLUMNS: tuple[str, ...] = ("edition", "resource_id", *CSV_COLUMNS)
# Left for the publisher: an empty value is written, and what they write is kept.
PUBLISHER_FIELDS = ("license", "license_url", "source_url")

COLUMN_TEXT: dict[str, str] = {
    "card_id": "Identifiant de fiche : le titre en minuscules sans accents, unique dans "
    "l’édition (change quand le titre change)",
    "page": "Page : numéro de la page du PDF où la fiche est imprimée",
    "part": "Partie du catalogue",
    "theme": "Thème : la rubrique de la partie",
    "title": "Titre de la ressource, tel qu’imprimé",
    "resource_type": "Type de ressource (guide, étude, site web…)",
    "year": "Année de publication",
    "year_end": "Année de fin, pour une période (2019–2021)",
    "publisher": "Éditeur ou auteur de la ressource",
    "description": "Description : le texte de présentation de la fiche",
    "url": "Adresse : le lien principal de la ressource",
    "links": "Liens : toutes les adresses de la fiche, en liste JSON",
    "group": "Groupe : l’intitulé sous lequel la fiche est regroupée avec d’autres",
}
TABLES: dict[str, dict[str, Any]] = {
    "editions": {
        "title": "Éditions",
        "description": "Une ligne par édition du catalogue, dans l’ordre de leurs années.",
        "label_column": "title",
        "sort": "position",
        "columns": {
            "key": "Clé de l’édition : le nom du fichier PDF sans .pdf",
            "position": "Rang de l’édition, de la plus ancienne à la plus récente",
            "title": "Titre de l’édition (propriétés du PDF)",
            "year": "Année de l’édition, lue dans son titre ou le nom du fichier",
            "source_file": "Nom du fichier PDF",
            "sha256": "Empreinte SHA-256 du fichier PDF",
            "pages": "Nombre de pages du PDF",
            "resources": "Nombre de ressources extraites",
            "tool_version": "Version de l’outil d’extraction",
            "corrections_file": "Fichier de corrections appliqué, s’il y en a un",
            "corrections_sha256": "Empreinte SHA-256 du fichier de corrections",
        },
    },
    "resources": {
        "title": "Ressources",
        "description": "Une ligne par ressource, suivie d’une édition à l’autre (même "
        "identifiant de fiche, sinon même adresse, sinon titre proche) : une ressource "
        "renommée reste une seule ressource.",
        "label_column": "title",
        "sort": "resource_id",
        "columns": {
            "resource_id": "Identifiant de la ressource, le même dans toutes les éditions",
            "title": "Titre dans la dernière édition où elle figure",
            "card_id": "Identifiant de fiche dans la dernière édition où elle figure",
            "description": "Description dans la dernière édition où elle figure",
            "first_edition": "Première édition où elle figure",
            "last_edition": "Dernière édition où elle figure (avant la plus récente : retirée "
            "depuis)",
            "appearances": "Nombre d’éditions où elle figure",
        },
    },
    "appearances": {
        "title": "Fiches par édition",
        "description": "Une ligne par ressource et par édition : tous les champs de cards.csv, "
        "typés (entiers pour la page et les années).",
        "facets": ["edition", "part", "theme", "resource_type"],
        "sort": "position",
        "columns": {
            "edition": "Édition",
            "resource_id": "Ressource (la même d’une édition à l’autre)",
            "position": "Rang de la fiche dans l’édition",
            **COLUMN_TEXT,
        },
    },
    "changes": {
        "title": "Changements",
        "description": "Ce qui a changé d’une édition à la suivante, exactement comme le "
        "rapporte catalogue diff (changes.csv) : une ligne par champ changé.",
        "facets": ["edition", "kind", "field"],
        "columns": {
            "edition": "Édition",
            "previous_edition": "Édition précédente, à laquelle elle est comparée",
            "resource_id": "Ressource (vide pour un thème ou une partie renommé)",
            "card_id": "Identifiant de fiche (celui de l’édition précédente pour une ressource "
            "retirée)",
            "kind": "Nature du changement : added (ajoutée), removed (retirée), modified "
            "(modifiée), moved (déplacée), renamed (partie ou thème renommé), corrected "
            "(la différence vient seulement d’une correction)",
            "field": "Champ changé",
            "old": "Valeur dans l’édition précédente",
            "new": "Valeur dans l’édition",
        },
    },
    "corrections": {
        "title": "Corrections",
        "description": "Les corrections appliquées à chaque édition (fichier --corrections) : "
        "la valeur extraite du PDF et celle qui la remplace.",
        "facets": ["edition", "field"],
        "columns": {
            "edition": "Édition",
            "card_id": "Identifiant de fiche",
            "field": "Champ corrigé (drop : la fiche n’est pas une ressource)",
            "page": "Page de la fiche",
            "extracted": "Valeur extraite du PDF (JSON)",
            "applied": "Valeur retenue (JSON)",
            "note": "Pourquoi",
            "row": "Ligne du fichier de corrections",
        },
    },
}
QUERIES: dict[str, dict[str, str]] = {
    "ressources_par_theme": {
        "title": "Ressources par thème et par édition",
        "sql": "SELECT a.edition, e.year AS annee, a.part AS partie, a.theme AS theme, "
        "count(*) AS ressources FROM appearances a JOIN editions e ON e.key = a.edition "
        "GROUP BY a.edition, a.part, a.theme ORDER BY e.position, min(a.position)",
    },
    "ressources_retirees": {
        "title": "Ressources retirées",
        "description": "Les ressources absentes de la dernière édition, et la dernière où "
        "elles figuraient.",
        "sql": "SELECT resource_id, title, first_edition, last_edition FROM resources "
        "WHERE last_edition != (SELECT key FROM editions ORDER BY position DESC LIMIT 1) "
        "ORDER BY resource_id",
    },
}


def database_name(db: Path) -> str:
    """The name Datasette gives the database: its file name without the extension."""
    return db.stem


def render_metadata(db: Path, tables: Tables, kept: dict[str, str]) -> bytes:
    """metadata.json for the history at `db`; `kept` holds what the publisher filled in."""
    years = ", ".join(
        str(e["year"]) if e["year"] is not None else e["key"] for e in tables.editions
    )
    files = ", ".join(e["source_file"] for e in tables.editions)
    tables_meta = {name: dict(meta) for name, meta in TABLES.items()}
    for name in FULL_TEXT:
        tables_meta[name]["fts_table"] = f"{name}_fts"
    metadata: dict[str, Any] = {
        "title": "Catalogue de ressources ESS – Petites villes de demain : toutes les éditions",
        "description": "Les ressources du catalogue de ressources sur l’économie sociale et "
        "solidaire du programme Petites villes de demain, édition par édition"
        f"{' (' + years + ')' if years else ''}, et ce qui a changé de l’une à l’autre. "
        "Recherche plein texte dans les titres et les descriptions.",
        "source": "Catalogue de ressources ESS, programme Petites villes de demain (Avise, "
        f"ANCT){' : ' + files if files else ''}, extrait par ess-catalogue",
        **{name: kept.get(name, "") for name in PUBLISHER_FIELDS},
        "databases": {
            database_name(db): {
                "title": "Historique du catalogue de ressources ESS",
                "description": "Éditions, ressources suivies d’une édition à l’autre, fiches "
                "de chaque édition, changements et corrections.",
                "tables": tables_meta,
                "queries": QUERIES,
            }
        },
    }
    return (json.dumps(metadata, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


def publisher_fields(path: Path, db: Path) -> dict[str, str]:
    """What the publisher wrote in the metadata.json beside the history (licence, source
    address); a file there that this command did not write is refused, not replaced."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise HistoryTrouble(path, f"cannot be read as JSON ({exc}); move it away") from None
    databases = data.get("databases") if isinstance(data, dict) else None
    if not isinstance(databases, dict) or set(databases) != {database_name(db)}:
        raise HistoryTrouble(
            path,
            f"not the metadata of {db.name} (it would be replaced); move it away, or give "
            "the history a folder of its own",
        )
    return {name: data[name] for name in PUBLISHER_FIELDS if isinstance(data.get(name), str)}


def check_editions_csv(path: Path) -> None:
    """An editions.csv that this command did not write is refused, not replaced."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            first = f.readline().rstrip("\r\n")
    except FileNotFoundError:
        return
    except (OSError, UnicodeDecodeError) as exc:
        raise HistoryTrouble(path, f"cannot be read ({exc}); move it away") from None
    if first != ",".join(EDITIONS_COLUMNS):
        raise HistoryTrouble(
            path, "not the editions.csv of a history (it would be replaced); move it away"
        )


def render_editions_csv(appearances: Sequence[dict[str, Any]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(EDITIONS_COLUMNS)
    for row in appearances:  # links joined as in cards.csv
        cells = dict(row)
        cells["links"] = json.loads(row["links"])
        writer.writerow([csv_cell(cells[name]) for name in EDITIONS_COLUMNS])
    return buffer.getvalue().encode("utf-8")
