"""`read_cards` and `read_changes`: an extraction's and a diff's tables as typed DataFrames."""

from __future__ import annotations

import json
import subprocess
import sys

import pandas as pd
import pytest

from extract import read_cards, read_changes
from extract.untrusted import as_printed
from extract.write.files import render
from schemas.models import CSV_COLUMNS, Catalogue
from tests.conftest import ROOT

OUTPUT = ROOT / "output"


@pytest.fixture(scope="module")
def catalogue() -> Catalogue:
    text = (OUTPUT / "ess-pvd-2021" / "catalogue.json").read_text(encoding="utf-8")
    return Catalogue.model_validate_json(text)


def test_cards_have_proper_dtypes():
    cards = read_cards(OUTPUT / "ess-pvd-2021")
    assert list(cards.columns) == list(CSV_COLUMNS) and len(cards) == 104
    dtypes = {name: str(dtype) for name, dtype in cards.dtypes.items()}
    assert {dtypes[c] for c in ("page", "year", "year_end")} == {"Int64"}
    assert {dtypes[c] for c in ("part", "theme", "resource_type", "resource_kind")} == {"category"}
    text = ("card_id", "title", "publisher", "description", "url", "group")
    assert {dtypes[c] for c in text} == {"string"}
    assert dtypes["links"] == "object"
    assert all(isinstance(links, list) for links in cards["links"])


def test_cards_are_the_records_of_catalogue_json(catalogue):
    cards = read_cards(OUTPUT / "ess-pvd-2021" / "cards.csv")  # the file itself does too
    got = [
        {k: (None if not isinstance(v, list) and pd.isna(v) else v) for k, v in row.items()}
        for row in cards.astype(object).to_dict("records")
    ]
    assert got == [r.record() for r in catalogue.resources]


def test_categories_follow_the_edition_order(catalogue):
    cards = read_cards(OUTPUT / "ess-pvd-2021")
    in_order = list(dict.fromkeys(r.theme for r in catalogue.resources))
    assert list(cards["theme"].cat.categories) == in_order
    per_part = cards.groupby("part", observed=True).size()
    assert list(per_part.index) == list(dict.fromkeys(r.part for r in catalogue.resources))


def test_kinds_group_the_spellings_of_one_type():
    cards = read_cards(OUTPUT / "ess-pvd-2021")
    types = cards.groupby("resource_kind", observed=True)["resource_type"].agg(set)
    assert types["etude"] == {"Étude", "Etude"}
    assert types["cartographie"] == {"Cartographie", "Cartographies"}
    assert cards["resource_kind"].nunique() == cards["resource_type"].nunique() - 2


def test_the_readme_question_resources_per_theme_by_year():
    cards = read_cards(OUTPUT / "ess-pvd-2021")
    per_theme = pd.crosstab(cards["theme"], cards["year"])
    assert per_theme.loc["Agriculture et alimentation durable", 2020] == 6
    assert per_theme.to_numpy().sum() == cards["year"].notna().sum() == 104 - 23


def test_text_guarded_in_the_csv_comes_back_as_printed(catalogue, tmp_path):
    resources = list(catalogue.resources)
    resources[0] = resources[0].model_copy(
        update={"title": "=1+2 GUIDE", "publisher": "'Tis the season", "links": [], "url": None}
    )
    changed = catalogue.model_copy(update={"resources": resources})
    (tmp_path / "cards.csv").write_bytes(render(changed)["cards.csv"])
    first = read_cards(tmp_path).iloc[0]
    assert (first["title"], first["publisher"], first["links"]) == (
        "=1+2 GUIDE",
        "'Tis the season",
        [],
    )
    assert pd.isna(first["url"]) and pd.isna(first["year"])


@pytest.mark.parametrize(
    ("cell", "printed"),
    [("'=1+2", "=1+2"), ("'@x", "@x"), ("'-2", "-2"), ("'Tis", "'Tis"), ("a'", "a'"), ("'", "'")],
)
def test_as_printed(cell, printed):
    assert as_printed(cell) == printed


def test_changes_have_proper_dtypes():
    changes = read_changes(OUTPUT / "diff-2021-2022")
    assert list(changes.columns) == ["card_id", "kind", "field", "old", "new"]
    dtypes = {name: str(dtype) for name, dtype in changes.dtypes.items()}
    assert dtypes == {
        "card_id": "string",
        "kind": "category",
        "field": "category",
        "old": "string",
        "new": "string",
    }
    assert list(changes["kind"].cat.categories) == [
        "renamed",
        "added",
        "removed",
        "modified",
        "moved",
        "corrected",
    ]
    summary = json.loads((OUTPUT / "diff-2021-2022" / "changes.json").read_text(encoding="utf-8"))[
        "summary"
    ]
    per_kind = changes.groupby("kind", observed=False)["card_id"].nunique()
    for kind in ("added", "removed", "modified", "moved"):
        assert per_kind[kind] == summary[kind], kind
    renamed = changes[changes["kind"] == "renamed"].iloc[0]
    assert pd.isna(renamed["card_id"]) and (renamed["old"], renamed["new"]) == (
        "Mobilité",
        "Mobilités",
    )


def test_a_kind_of_change_not_known_here_is_kept(tmp_path):
    (tmp_path / "changes.csv").write_text(
        "card_id,kind,field,old,new\nx,link-broke,https://example.org/,ok,broken\ny,added,title,,T\n"
    )
    changes = read_changes(tmp_path)
    assert list(changes["kind"].cat.categories)[-1] == "link-broke"
    assert list(changes["kind"]) == ["link-broke", "added"]
    assert list(changes["field"]) == ["https://example.org/", "title"]


def test_a_file_that_is_not_the_table_is_refused(tmp_path):
    (tmp_path / "cards.csv").write_text("a,b\n1,2\n")
    with pytest.raises(ValueError, match="columns"):
        read_cards(tmp_path)


def test_the_command_does_not_import_pandas_at_start():
    """Start-up time matters: pandas (about 0.3 s) is imported only by those who read frames,
    XlsxWriter once a workbook is written, the batch runner by a batch."""
    probe = (
        "import sys, extract, extract.cli, extract.commands.extract, extract.write.files\n"
        "loaded = ('pandas', 'xlsxwriter', 'extract.commands.batch')\n"
        "print(sorted(m for m in loaded if m in sys.modules))\n"
        "from extract import read_cards\n"
        "print('pandas' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert done.stdout.split("\n")[:2] == ["[]", "True"]
