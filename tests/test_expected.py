"""`samples.expected` gives exactly the 2021 edition's records, by rules that hold in general."""

from __future__ import annotations

import doctest
import json

import pytest

import samples.expected
from samples.expected import (
    card_ids,
    join_lines,
    parse_group_item,
    parse_type_line,
    records,
    resource_kind,
    slug,
)
from tests.conftest import DATA

EXPECTED = DATA / "ess-pvd-2021.expected.json"
# The 2021 sample's ids, committed: an id is a resource's name across editions, so a change to
# the slug rules that renames a sample resource must show here, as a reviewed diff.
CARD_IDS = DATA / "ess-pvd-2021.card_ids.txt"
# Fields a rule computes from the printed ones: the expected records hold what is printed.
COMPUTED = ("card_id", "resource_kind")
# Every type the 2021 sample prints, and its kind, read by a person: what the kind rule must
# give on a real edition (the two spellings of `Étude`, both numbers of `Cartographie`).
KINDS_2021: dict[str | None, str | None] = {
    "Article": "article",
    "Atlas commenté": "atlas commente",
    "Base de données": "base de donnee",
    "Brochure": "brochure",
    "Carnet de projet": "carnet de projet",
    "Cartographie": "cartographie",
    "Cartographies": "cartographie",
    "Chiffres clés": "chiffre cle",
    "Compte rendu": "compte rendu",
    "Dossier thématique": "dossier thematique",
    "Dossier web": "dossier web",
    "Etude": "etude",
    "Fiche retour d’expérience": "fiche retour d'experience",
    "Fiche technique": "fiche technique",
    "Fiche thématique": "fiche thematique",
    "Guide": "guide",
    "Guide méthodologique": "guide methodologique",
    "Guide pratique": "guide pratique",
    "Kit": "kit",
    "Livre": "livre",
    "Mode d’emploi": "mode d'emploi",
    "Monographie": "monographie",
    "Mooc": "mooc",
    "Note": "note",
    "Outil": "outil",
    "Page web": "page web",
    "Panorama": "panorama",
    "Portail Avise": "portail avise",
    "Publication": "publication",
    "Rapport": "rapport",
    "Rapport d’étude": "rapport d'etude",
    "Recueil": "recueil",
    "Site web": "site web",
    "Site web de l’Avise": "site web de l'avise",
    "Synthèse": "synthese",
    "Vade-mecum": "vade-mecum",
    "Vidéo": "video",
    "Webinaire": "webinaire",
    "Étude": "etude",
    "Études de cas": "etude de cas",
}


def expected_records() -> list[dict[str, object]]:
    loaded: list[dict[str, object]] = json.loads(EXPECTED.read_text(encoding="utf-8"))
    return loaded


def differences(got: dict[str, object], want: dict[str, object]) -> list[str]:
    keys = list(want) + [k for k in got if k not in want]
    missing = "<missing>"
    return [
        f"  {key}: got  {got.get(key, missing)!r}\n  {key}: want {want.get(key, missing)!r}"
        for key in keys
        if got.get(key, missing) != want.get(key, missing)
    ]


def test_records_of_2021_are_the_expected_ones(source_2021):
    got = [{k: v for k, v in r.items() if k not in COMPUTED} for r in records(source_2021)]
    want = expected_records()
    report = []
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        diff = differences(g, w)
        if diff:
            where = f"record {i} (page {w.get('page')}, {w.get('title')!r})"
            report.append(where + ":\n" + "\n".join(diff))
    if len(got) != len(want):
        report.append(f"{len(got)} records, {len(want)} expected")
    more = f"\n… and {len(report) - 10} more" if len(report) > 10 else ""
    assert not report, "\n".join(report[:10]) + more


def test_records_keys_are_the_expected_ones_plus_the_computed_ones(source_2021):
    first = records(source_2021)[0]
    printed = list(expected_records()[0])
    at = printed.index("resource_type") + 1
    assert list(first) == ["card_id", *printed[:at], "resource_kind", *printed[at:]]


def test_kinds_of_2021_are_the_ones_a_person_reads(source_2021):
    got = {r["resource_type"]: r["resource_kind"] for r in records(source_2021)}
    assert got == {**KINDS_2021, None: None}
    assert len(set(KINDS_2021.values())) == len(KINDS_2021) - 2  # Étude/Etude, Cartographie(s)


@pytest.mark.parametrize(
    ("printed", "kind"),
    [
        ("Études", "etude"),
        ("ÉTUDE", "etude"),
        ("Réseaux sociaux", "reseau social"),
        ("Journaux", "journal"),
        ("Bureaux", "bureau"),
        ("Jeux sérieux", "jeu serieux"),
        ("Processus", "processus"),
        ("Avis", "avis"),
        ("Prix", "prix"),
        ("Modes d’emploi", "mode d'emploi"),
        ("Retours d'expériences", "retour d'experience"),
        ("Fiches pratiques (PDF)", "fiche pratique pdf"),
        ("Œuvres", "oeuvre"),
        ("ﬁches", "fiche"),
        ("Top 10", "top 10"),
        ("mp3s", "mp3s"),
        ("« – »", None),
        ("", None),
        (None, None),
    ],
)
def test_resource_kind(printed, kind):
    assert resource_kind(printed) == kind


def test_card_ids_of_2021_are_unique_and_stable(source_2021):
    ids = [str(r["card_id"]) for r in records(source_2021)]
    assert len(set(ids)) == len(ids) == 104
    assert ids == CARD_IDS.read_text(encoding="utf-8").split()
    assert ids[:3] == [
        "rubrique-ess",
        "l-economie-sociale-et-solidaire-dans-les-territoires-ruraux",
        "atlas-commente-de-l-ess",
    ]
    assert ids[-1] == "cartographie-des-experiences-classees-par-thematique"
    assert "etic" in ids
    assert all(len(i) <= 80 for i in ids)


def test_docstring_examples_hold():
    result = doctest.testmod(samples.expected)
    assert result.attempted > 0 and result.failed == 0


@pytest.mark.parametrize(
    ("lines", "text"),
    [
        (["un paysage socio-", "économique complet"], "un paysage socio-économique complet"),
        (["dans la co-", "construction de réponses"], "dans la co-construction de réponses"),
        (["Cela va-", "t-il durer ?"], "Cela va-t-il durer ?"),
        (["en Rhône-", "Alpes"], "en Rhône-Alpes"),
        (["« CIRCULAIRE -", "DURABLE »"], "« CIRCULAIRE - DURABLE »"),
        (["statut commercial –", "cherchant"], "statut commercial – cherchant"),
        (["  Avise, RTES ", "", " et Observatoire"], "Avise, RTES et Observatoire"),
        (["socio- ", " économique"], "socio-économique"),
        (["des ﬁches", "de réﬂexion"], "des fiches de réflexion"),
        (["-", "suite"], "- suite"),
        (["la (co)-", "construction"], "la (co)-construction"),
        (["« TIERS-LIEUX »-", "PILOTES"], "« TIERS-LIEUX »-PILOTES"),
        (["un texte --", "suite"], "un texte -- suite"),
        (["un texte--", "suite"], "un texte--suite"),
        (["deux  espaces\tet\u00a0insécables", "suite"], "deux espaces et insécables suite"),
        ([], ""),
    ],
)
def test_join_lines(lines, text):
    assert join_lines(lines) == text


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        (">Guide (2019)", ("Guide", 2019, None)),
        (">Publication (2015)", ("Publication", 2015, None)),
        ("> Publication (2013) ", ("Publication", 2013, None)),
        (">Dossier web", ("Dossier web", None, None)),
        (">2020", (None, 2020, None)),
        (">Mooc (2019-2020)", ("Mooc", 2019, 2020)),
        (">Mooc (2019 – 2020)", ("Mooc", 2019, 2020)),
        (">2019-2020", (None, 2019, 2020)),
        ("> 2019 – 2020 ", (None, 2019, 2020)),
        (">Dossier  web\u00a0(2019)", ("Dossier web", 2019, None)),
        ("> >Guide", (">Guide", None, None)),
        (">>Guide", None),
        ("> Site web de l’Avise", ("Site web de l’Avise", None, None)),
        (">Fiche retour d’expérience (2021)", ("Fiche retour d’expérience", 2021, None)),
        (">Fiche ﬁnancière (2021)", ("Fiche financière", 2021, None)),
        ("Guide (2019)", None),
        (">", None),
        ("> ", None),
        (">> Pour accéder à la ressource", None),
    ],
)
def test_parse_type_line(line, parsed):
    assert parse_type_line(line) == parsed


@pytest.mark.parametrize(
    ("line", "parsed"),
    [
        (">Site web : ETIC", ("Site web", "ETIC")),
        (">Site web : Village Vivants", ("Site web", "Village Vivants")),
        (">Bellevilles", (None, "Bellevilles")),
        (">Site web :", (None, "Site web :")),
        (">Site  web :\u00a0ETIC", ("Site web", "ETIC")),
    ],
)
def test_parse_group_item(line, parsed):
    assert parse_group_item(line) == parsed


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        ("RUBRIQUE « ESS »", "rubrique-ess"),
        ("ATLAS COMMENTÉ DE L'ESS", "atlas-commente-de-l-ess"),
        ("AU CŒUR DES ﬁLIÈRES & DES TERRITOIRES", "au-coeur-des-filieres-des-territoires"),
        ("  --ÉTÉ 2021-- ", "ete-2021"),
        ("« ? »", "resource"),
        ("", "resource"),
        ("CÆSAR", "caesar"),
        ("Curriculum vitæ", "curriculum-vitae"),
        ("STRAẞE", "strasse"),
        ("Straße", "strasse"),
        ("ŒUVRES", "oeuvres"),
        ("MOT " * 30, "-".join(["mot"] * 20)),
        ("A" * 100, "a" * 80),
    ],
)
def test_slug(title, expected):
    assert slug(title) == expected


def test_slug_is_cut_at_a_hyphen_boundary():
    title = (
        "UN TITRE TRÈS LONG QUI DÉPASSE LARGEMENT LES QUATRE-VINGTS CARACTÈRES AUTORISÉS "
        "POUR UN IDENTIFIANT"
    )
    cut = slug(title)
    assert len(cut) <= 80
    assert not cut.endswith("-")
    full = (
        "un-titre-tres-long-qui-depasse-largement-les-quatre-vingts-caracteres-autorises-"
        "pour-un-identifiant"
    )
    assert full.startswith(cut + "-")


def test_card_ids_number_repeats_in_document_order():
    ids = card_ids(["ESS", "Guide", "É.S.S", "ess", "Guide"])
    assert ids == ["ess", "guide", "e-s-s", "ess-2", "guide-2"]


def test_card_ids_never_collide_with_a_title_that_looks_suffixed():
    ids = card_ids(["GUIDE 2", "GUIDE", "GUIDE"])
    assert ids == ["guide-2", "guide", "guide-3"]
    assert len(set(ids)) == len(ids)


def test_card_ids_of_earlier_cards_do_not_depend_on_later_ones():
    titles = ["ESS", "GUIDE", "ESS"]
    assert card_ids([*titles, "ESS", "NOUVEAU"])[:3] == card_ids(titles)
