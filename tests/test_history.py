"""`catalogue history`: the sample editions in one SQLite database, the same whatever the order
they are added in, whose changes are exactly the diff's, browsable in Datasette as it stands."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from extract.cli import main
from extract.corrections.apply import apply_corrections
from extract.corrections.read import read_corrections
from extract.diff.compare import compare_catalogues
from extract.diff.report import changes_csv
from extract.errors import ExitCode
from extract.history.browse import EDITIONS_COLUMNS
from extract.write.files import write_catalogue
from schemas.models import CSV_COLUMNS, Catalogue
from tests.conftest import ROOT, SAMPLES

OUTPUT = ROOT / "output"
OLD, NEW = OUTPUT / "ess-pvd-2021", OUTPUT / "ess-pvd-2022"
COMPANIONS = ("metadata.json", "editions.csv")


def history(db: Path, *args: object) -> int:
    return main(["history", str(db), *map(str, args), "-q"])


def files_of(db: Path) -> dict[str, bytes]:
    return {name: (db.parent / name).read_bytes() for name in (db.name, *COMPANIONS)}


def query(db: Path, sql: str) -> list[tuple[object, ...]]:
    connection = sqlite3.connect(db)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


@pytest.fixture(scope="module")
def both(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("history") / "ess.db"
    assert history(db, OLD, NEW) == 0
    return db


def test_the_order_editions_are_added_in_does_not_matter(both, tmp_path):
    reversed_db = tmp_path / "reversed" / "ess.db"
    assert history(reversed_db, NEW, OLD) == 0
    one_by_one = tmp_path / "one-by-one" / "ess.db"
    assert history(one_by_one, NEW) == 0
    first = files_of(one_by_one)
    assert history(one_by_one, OLD) == 0
    again = tmp_path / "again" / "ess.db"
    assert history(again, OLD) == 0
    assert history(again, NEW) == 0
    assert history(again, OLD) == 0  # added again: replaces, changes nothing
    want = files_of(both)
    for db in (reversed_db, one_by_one, again):
        assert files_of(db) == want
    assert first != files_of(one_by_one)
    assert query(both, "SELECT key, position, year FROM editions ORDER BY position") == [
        ("ess-pvd-2021", 1, 2021),
        ("ess-pvd-2022", 2, 2022),
    ]


def test_changes_are_exactly_what_the_diff_reports(both):
    committed = OUTPUT / "diff-2021-2022" / "changes.csv"
    diff_rows = list(csv.reader(io.StringIO(committed.read_text(encoding="utf-8"))))[1:]
    rows = query(
        both,
        "SELECT card_id, kind, field, old, new, edition, previous_edition FROM changes "
        "ORDER BY rowid",
    )
    assert [[c or "" for c in r[:5]] for r in rows] == diff_rows
    assert {r[5:] for r in rows} == {("ess-pvd-2022", "ess-pvd-2021")}


def test_a_resource_keeps_its_id_across_editions(both):
    rows = query(
        both,
        "SELECT a.edition, a.card_id, r.title, r.first_edition, r.last_edition, r.appearances "
        "FROM appearances a JOIN resources r USING (resource_id) "
        "WHERE a.card_id LIKE 'vers-la-resilience-alimentaire%' ORDER BY a.edition",
    )
    latest = "VERS LA RÉSILIENCE ALIMENTAIRE LOCALE"
    assert rows == [
        (
            "ess-pvd-2021",
            "vers-la-resilience-alimentaire",
            latest,
            "ess-pvd-2021",
            "ess-pvd-2022",
            2,
        ),
        ("ess-pvd-2022", "vers-la-resilience-alimentaire-locale", latest, *rows[0][3:]),
    ]
    ((resources, appearances),) = query(both, "SELECT count(*), sum(appearances) FROM resources")
    assert (resources, appearances) == (104 + 3, 208)  # three added in 2022
    gone = query(both, "SELECT card_id FROM resources WHERE last_edition = 'ess-pvd-2021'")
    assert sorted(gone) == [
        ("la-mobilite-des-seniors-en-france-2014",),
        ("lutte-contre-la-precarite-energetique-2012",),
        ("mesures-du-pacte-pour-la-transition",),
    ]
    # Every change row of a resource names it, by the right edition's card_id.
    assert query(
        both,
        "SELECT count(*) FROM changes c JOIN appearances a ON a.resource_id = c.resource_id "
        "AND a.card_id = c.card_id AND a.edition = "
        "CASE c.kind WHEN 'removed' THEN c.previous_edition ELSE c.edition END",
    ) == query(both, "SELECT count(*) FROM changes WHERE kind != 'renamed'")


def test_every_field_has_its_type(both):
    types = {row[1]: row[2] for row in query(both, "PRAGMA table_info(appearances)")}
    assert [types[c] for c in CSV_COLUMNS] == [
        "INTEGER" if c in ("page", "year", "year_end") else "TEXT" for c in CSV_COLUMNS
    ]
    years = [
        row["year"]
        for folder in (OLD, NEW)
        for row in csv.DictReader(io.StringIO((folder / "cards.csv").read_text("utf-8")))
    ]
    assert query(both, "SELECT typeof(year), count(*) FROM appearances GROUP BY 1") == [
        ("integer", sum(1 for y in years if y)),
        ("null", years.count("")),
    ]
    assert query(both, "PRAGMA foreign_key_check") == []
    schema = query(both, "SELECT sql FROM sqlite_master WHERE name = 'appearances'")[0][0]
    assert str(schema).endswith("STRICT")
    references = {(r[3], r[2], r[4]) for r in query(both, "PRAGMA foreign_key_list(appearances)")}
    assert references == {
        ("edition", "editions", "key"),
        ("resource_id", "resources", "resource_id"),
    }
    with pytest.raises(sqlite3.IntegrityError):  # STRICT: a year that is no integer is refused
        query(both, "UPDATE appearances SET year = 'deux mille' WHERE rowid = 1")
    card = query(
        both,
        "SELECT card_id, page, year, links FROM appearances WHERE edition = 'ess-pvd-2021' "
        "AND card_id = 'atlas-commente-de-l-ess'",
    )
    assert card == [
        (
            "atlas-commente-de-l-ess",
            4,
            2020,
            '["https://fr.calameo.com/editions-dalloz/read/0046483432d1b50dbfc86"]',
        )
    ]


def test_full_text_search_folds_accents(both):
    found = query(
        both,
        "SELECT a.edition, a.card_id FROM appearances_fts JOIN appearances a "
        "ON a.rowid = appearances_fts.rowid WHERE appearances_fts MATCH 'resilience' "
        "ORDER BY a.edition",
    )
    assert found == [
        ("ess-pvd-2021", "vers-la-resilience-alimentaire"),
        ("ess-pvd-2022", "vers-la-resilience-alimentaire-locale"),
    ]


def test_editions_csv_holds_every_appearance(both):
    rows = list(csv.reader(io.StringIO((both.parent / "editions.csv").read_text("utf-8"))))
    assert tuple(rows[0]) == EDITIONS_COLUMNS
    for folder in (OLD, NEW):
        cards = list(csv.reader(io.StringIO((folder / "cards.csv").read_text("utf-8"))))[1:]
        mine = [r[2:] for r in rows[1:] if r[0] == folder.name]
        assert mine == cards


def test_corrections_are_kept_and_their_changes_are_the_diff_s(tmp_path):
    fixes = read_corrections(SAMPLES / "corrections.csv")
    old = Catalogue.model_validate_json((OLD / "catalogue.json").read_bytes())
    new = apply_corrections(
        Catalogue.model_validate_json((NEW / "catalogue.json").read_bytes()), fixes
    )
    write_catalogue(new, tmp_path / "ess-pvd-2022")
    db = tmp_path / "h" / "ess.db"
    assert history(db, OLD, tmp_path / "ess-pvd-2022") == 0
    want = list(csv.reader(io.StringIO(changes_csv(compare_catalogues(old, new)))))[1:]
    got = query(db, "SELECT card_id, kind, field, old, new FROM changes ORDER BY rowid")
    assert [[c or "" for c in r] for r in got] == want
    assert ["opale", "corrected", "publisher", "", "Opale"] in want
    assert query(db, "SELECT edition, card_id, field, extracted, applied FROM corrections") == [
        ("ess-pvd-2022", "opale", "publisher", "null", '"Opale"')
    ]
    assert query(db, "SELECT corrections_file FROM editions ORDER BY position") == [
        (None,),
        ("corrections.csv",),
    ]
    # Read back and rebuilt (another edition added later), the corrections stay.
    before = files_of(db)
    assert history(db) == 0
    assert files_of(db) == before


def test_an_edition_can_be_removed(both, tmp_path):
    db = tmp_path / "ess.db"
    assert history(db, OLD, NEW) == 0
    assert history(db, "--remove", "ess-pvd-2022") == 0
    assert query(db, "SELECT key FROM editions") == [("ess-pvd-2021",)]
    assert query(db, "SELECT count(*) FROM changes") == [(0,)]


def test_what_the_publisher_fills_in_is_kept(tmp_path):
    db = tmp_path / "ess.db"
    assert history(db, OLD) == 0
    metadata = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert metadata["license"] == ""
    metadata["license"] = "Licence Ouverte 2.0"
    (tmp_path / "metadata.json").write_text(json.dumps(metadata), encoding="utf-8")
    assert history(db, NEW) == 0
    kept = json.loads((tmp_path / "metadata.json").read_text(encoding="utf-8"))
    assert kept["license"] == "Licence Ouverte 2.0"
    assert "ess-pvd-2022.pdf" in kept["source"]


def _foreign_database(path: Path) -> None:
    connection = sqlite3.connect(path)
    connection.execute("CREATE TABLE notes (x)")
    connection.commit()
    connection.close()


def _own_table(path: Path) -> None:
    assert history(path, OLD) == 0
    connection = sqlite3.connect(path)
    connection.execute("CREATE VIEW mine AS SELECT 1")
    connection.commit()
    connection.close()


@pytest.mark.parametrize(
    "prepare, blamed, problem",
    [
        (lambda db: db.write_text("not a database"), "db", "not an SQLite database"),
        (_foreign_database, "db", "that catalogue history did not write"),
        (_own_table, "db", "holds tables or views of its own (mine)"),
        (
            lambda db: (db.parent / "metadata.json").write_text("{}"),
            "metadata.json",
            "not the metadata of ess.db",
        ),
        (
            lambda db: (db.parent / "editions.csv").write_text("a,b\n"),
            "editions.csv",
            "not the editions.csv of a history",
        ),
    ],
    ids=["not-sqlite", "foreign-sqlite", "own-view", "foreign-metadata", "foreign-csv"],
)
def test_what_it_did_not_write_is_refused_and_left_alone(
    tmp_path, capsys, prepare, blamed, problem
):
    db = tmp_path / "ess.db"
    prepare(db)
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    assert history(db, NEW) == ExitCode.USAGE
    err = capsys.readouterr().err
    path = db if blamed == "db" else tmp_path / blamed
    assert err.startswith(f"catalogue: {path}: ") and problem in err and err.count("\n") == 1
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before


def test_two_editions_of_one_key_are_refused(tmp_path, capsys):
    copy = tmp_path / "copy"
    copy.mkdir()
    (copy / "catalogue.json").write_bytes((OLD / "catalogue.json").read_bytes())
    assert history(tmp_path / "h.db", OLD, copy) == ExitCode.USAGE
    assert "the same edition key 'ess-pvd-2021'" in capsys.readouterr().err
    assert not (tmp_path / "h.db").exists()


def test_datasette_serves_it_as_it_stands(both):
    datasette_app = pytest.importorskip("datasette.app")
    metadata = json.loads((both.parent / "metadata.json").read_text(encoding="utf-8"))

    async def ask() -> dict[str, object]:
        ds = datasette_app.Datasette([str(both)], metadata=metadata)
        await ds.invoke_startup()
        answers: dict[str, object] = {}
        for name, url in {
            "tables": "/ess.json",
            "per_theme": "/ess/ressources_par_theme.json?_shape=array&_size=max",
            "search": "/ess/resources.json?_search=TRESSONS&_shape=array",
            "page": "/ess/resources",
        }.items():
            response = await ds.client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            answers[name] = response.text if name == "page" else response.json()
        return answers

    answers = asyncio.run(ask())
    tables = answers["tables"]
    assert isinstance(tables, dict)
    shown = {t["name"] for t in tables["tables"] if not t["hidden"]}
    assert shown == {"editions", "resources", "appearances", "changes", "corrections"}
    per_theme = answers["per_theme"]
    assert isinstance(per_theme, list)
    counted = {(r["edition"], r["theme"]): r["ressources"] for r in per_theme}
    printed = Counter(
        (folder.name, row["theme"])
        for folder in (OLD, NEW)
        for row in csv.DictReader(io.StringIO((folder / "cards.csv").read_text("utf-8")))
    )
    assert counted == printed
    # "TRESSONS" is printed in two resources' descriptions, never in a title.
    found = answers["search"]
    assert isinstance(found, list)
    assert sorted(r["card_id"] for r in found) == [
        "l-economie-sociale-et-solidaire-dans-les-territoires-ruraux",
        "panorama-de-projets-d-ess-dans-les-territoires-ruraux",
    ]
    assert all("TRESSONS" not in r["title"] and "TRESSONS" in r["description"] for r in found)
    assert "Ressources" in str(answers["page"])  # the French title from metadata.json
