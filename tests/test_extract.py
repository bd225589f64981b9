"""The sample edition comes out exactly: every expected record, every field, nothing extra."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
import subprocess
import sys

import jsonschema
import pdfplumber
import pytest

from devtools.accuracy import evaluate, load_records
from extract.commands.schema import render as render_schema
from extract.pipeline import extract_pdf
from extract.write.files import OUTPUT_NAMES, render, write_files
from samples.typeset import LAYOUTS, typeset
from schemas.models import CSV_COLUMNS, PRINTED_COLUMNS, Catalogue
from tests.conftest import DATA, ROOT, SAMPLES

EXPECTED = json.loads((DATA / "ess-pvd-2021.expected.json").read_text(encoding="utf-8"))
RECORD_FIELDS = [c for c in PRINTED_COLUMNS if c != "card_id"]
READERS = ["pdfplumber"] + (
    ["pdfium"] if importlib.util.find_spec("extract.readers.pdfium_reader") else []
)


@pytest.fixture(scope="module")
def facsimiles(tmp_path_factory, source_2021):
    out = tmp_path_factory.mktemp("variants")
    paths = {}
    for layout in LAYOUTS:
        for links in ("both", "annotations", "text"):
            path = out / f"ess-pvd-2021-{layout}-{links}.pdf"
            path.write_bytes(typeset(source_2021, links, layout))
            paths[layout, links] = path
    return paths


@pytest.fixture(scope="module")
def fresh(tmp_path_factory):
    """The 2021 sample extracted now, as `catalogue extract` writes it: the checks of the output
    files below hold the current code to account, not files committed earlier."""
    out = tmp_path_factory.mktemp("fresh") / "ess-pvd-2021"
    write_files(render(extract_pdf(SAMPLES / "ess-pvd-2021.pdf")), out)
    return out


def records_of(catalogue: Catalogue) -> list[dict[str, object]]:
    return [{k: r.record()[k] for k in RECORD_FIELDS} for r in catalogue.resources]


def first_mismatch(got, want) -> str | None:
    for i, (g, w) in enumerate(zip(got, want, strict=False)):
        for key in RECORD_FIELDS:
            if g[key] != w[key]:
                return (
                    f"record {i} (page {w['page']}, {w['title']!r}) {key}: {g[key]!r} != {w[key]!r}"
                )
    if len(got) != len(want):
        return f"{len(got)} records, {len(want)} expected"
    return None


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("layout", LAYOUTS)
@pytest.mark.parametrize("links", ["both", "annotations", "text"])
def test_every_record_exact_in_every_variant(facsimiles, layout, links, reader):
    catalogue = extract_pdf(facsimiles[layout, links], reader=reader)
    assert first_mismatch(records_of(catalogue), EXPECTED) is None
    codes = sorted(w.code for w in catalogue.warnings)
    # A print export cannot tell which of page 15's six URLs go to its four cards: it says so.
    assert codes == (["link-list-mismatch"] if links == "text" else [])


@pytest.mark.parametrize("edition", ["ess-pvd-2021", "ess-pvd-2022"])
def test_committed_output_is_what_extraction_gives_now(edition):
    catalogue = extract_pdf(SAMPLES / f"{edition}.pdf")
    for name, data in render(catalogue).items():
        committed = (ROOT / "output" / edition / name).read_bytes()
        assert data == committed, (
            f"output/{edition}/{name} is stale: run `make extract` and review the diff"
        )


def test_committed_schema_is_what_the_models_export():
    committed = (ROOT / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8")
    assert committed == render_schema(), "run `make schema` and review the diff"


def test_catalogue_json_validates_against_the_schema(fresh):
    schema = json.loads((ROOT / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8"))
    document = json.loads((fresh / "catalogue.json").read_text(encoding="utf-8"))
    jsonschema.validate(document, schema)
    document["resources"][0]["year"] = "deux mille"
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate(document, schema)


def test_csv_columns_and_values(fresh):
    text = (fresh / "cards.csv").read_text(encoding="utf-8")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert list(rows[0].keys()) == list(CSV_COLUMNS)
    assert len(rows) == 104
    ids = [r["card_id"] for r in rows]
    assert ids == (DATA / "ess-pvd-2021.card_ids.txt").read_text(encoding="utf-8").split()
    assert [r["title"] for r in rows] == [r["title"] for r in EXPECTED]
    assert [r["links"].split(" | ") for r in rows] == [r["links"] for r in EXPECTED]
    multi = [r for r in rows if " | " in r["links"]]
    assert [r["links"].split(" | ")[0] == r["url"] for r in multi] == [True]
    assert rows[0]["year"] == "" and rows[1]["year"] == "2019"


def test_frictionless_validates_the_csv_against_the_data_package(fresh, tmp_path):
    from frictionless import Package

    out = fresh
    report = Package(str(out / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    # and the package does check: a year out of range breaks it
    broken = tmp_path / "pkg"
    broken.mkdir()
    (broken / "datapackage.json").write_bytes((out / "datapackage.json").read_bytes())
    rows = (out / "cards.csv").read_text(encoding="utf-8").splitlines()
    rows[2] = rows[2].replace(",2019,", ",1492,", 1)
    (broken / "cards.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    assert not Package(str(broken / "datapackage.json")).validate().valid


def test_provenance_boxes_hold_the_text_they_name():
    catalogue = extract_pdf(SAMPLES / "ess-pvd-2021.pdf")
    with pdfplumber.open(SAMPLES / "ess-pvd-2021.pdf") as pdf:
        for resource in catalogue.resources[::7]:
            where = resource.provenance.fields["title"]
            b = where.bbox
            page = pdf.pages[where.page - 1]
            inside = page.within_bbox((b.x0 - 0.5, b.top - 0.5, b.x1 + 0.5, b.bottom + 0.5))
            text = "".join(inside.extract_text().split())
            assert text == "".join(resource.title.split()), resource.card_id
            link = resource.provenance.links[0]
            assert link.page == resource.page and link.origin == "annotation"


def test_same_pdf_gives_byte_identical_files(tmp_path):
    for run in ("a", "b"):
        subprocess.run(
            [
                sys.executable,
                "-m",
                "extract.cli",
                "extract",
                str(SAMPLES / "ess-pvd-2021.pdf"),
                "-o",
                str(tmp_path / run),
                "--quiet",
            ],
            check=True,
            cwd=ROOT,
        )
    for name in OUTPUT_NAMES:
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()


def test_strict_turns_warnings_into_exit_code_1(facsimiles, tmp_path):
    def run(*extra: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "extract.cli",
                "extract",
                str(facsimiles["portrait-2col", "text"]),
                "-o",
                str(tmp_path / "o"),
                *extra,
            ],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )

    lenient, strict = run(), run("--strict")
    assert lenient.returncode == 0 and strict.returncode == 1
    assert "link-list-mismatch ×1 (page 15)" in lenient.stderr


def test_accuracy_counts_a_wrong_field_and_a_missing_record():
    want = load_records(DATA / "ess-pvd-2021.expected.csv")
    got = [dict(r) for r in want[:-1]]
    got[0]["publisher"] = "Quelqu’un d’autre"
    report = evaluate(got, want)
    assert (report.found, report.missed, report.extra) == (103, 1, 0)
    assert report.strict["publisher"].fp == 1 and report.strict["publisher"].fn == 2
    assert report.exact_records == 102
    assert report.soft["title"].recall == pytest.approx(103 / 104)


def test_help_explains_every_option_with_an_example():
    out = subprocess.run(
        [sys.executable, "-m", "extract.cli", "extract", "--help"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        check=True,
    ).stdout
    for option in (
        "--output",
        "--password",
        "--reader",
        "--jobs",
        "--strict",
        "--timeout",
        "--quiet",
    ):
        assert option in out
    assert "Examples:" in out and "Exit codes:" in out


def test_csv_loads_into_pandas_with_typed_columns(fresh):
    import pandas as pd

    frame = pd.read_csv(
        fresh / "cards.csv",
        dtype={"year": "Int64", "year_end": "Int64", "page": "int64"},
        keep_default_na=False,
        na_values={"year": [""], "year_end": [""]},
    )
    assert frame.shape == (104, len(CSV_COLUMNS))
    assert frame["year"].isna().sum() == sum(1 for r in EXPECTED if r["year"] is None)
    assert (
        frame.loc[
            frame["card_id"] == "l-economie-sociale-et-solidaire-dans-les-territoires-ruraux",
            "year",
        ].item()
        == 2019
    )
    assert frame["card_id"].is_unique


def test_progress_is_a_bar_on_a_terminal_and_lines_elsewhere():
    from extract.commands.extract import ProgressReport

    class Terminal(io.StringIO):
        def isatty(self) -> bool:
            return True

    bar, log = Terminal(), io.StringIO()
    for stream in (bar, log):
        report = ProgressReport(stream, "x.pdf")
        for done in range(1, 41):
            report(done, 40)
    assert bar.getvalue().endswith(f"x.pdf [{'#' * 30}] 40/40 pages\n")
    assert "\r" in bar.getvalue()
    lines = log.getvalue().splitlines()
    assert lines[-1] == "catalogue: x.pdf: 40/40 pages read" and len(lines) <= 11
    quiet = io.StringIO()
    ProgressReport(quiet, "short.pdf")(2, 2)
    assert quiet.getvalue() == ""  # a short document needs no progress
