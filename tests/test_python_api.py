"""The package as a notebook uses it: `docs/python.md` run as written, the errors importable
from the top, a string path, and `python -m extract`."""

from __future__ import annotations

import doctest
import subprocess
import sys

import extract
import extract.errors
from extract import CatalogueError, ExitCode
from extract.write.files import render_json
from tests.conftest import ROOT

COMMITTED = ROOT / "output" / "ess-pvd-2021"


def test_the_python_page_runs_as_written(monkeypatch):
    monkeypatch.chdir(ROOT)  # its paths are the source tree's
    result = doctest.testfile(
        str(ROOT / "docs" / "python.md"),
        module_relative=False,
        optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE,
    )
    assert result.attempted >= 12 and result.failed == 0


def test_a_path_given_as_text_gives_what_the_command_wrote(monkeypatch):
    monkeypatch.chdir(ROOT)
    catalogue = extract.extract_pdf("samples/ess-pvd-2021.pdf")
    assert render_json(catalogue) == (COMMITTED / "catalogue.json").read_bytes()


def test_every_error_is_importable_from_the_package():
    public = {
        name
        for name, value in vars(extract.errors).items()
        if isinstance(value, type)
        and issubclass(value, CatalogueError | ExitCode)
        and value.__module__ == "extract.errors"
    }
    assert public <= set(extract.__all__)
    for name in public:
        assert getattr(extract, name) is getattr(extract.errors, name)
    assert extract.NotAPdf("x.pdf", "not a PDF").code == ExitCode.NOT_A_PDF


def test_an_unknown_name_is_still_an_attribute_error():
    try:
        extract.write_all  # noqa: B018
    except AttributeError as error:
        assert "write_all" in str(error)
    else:
        raise AssertionError("extract.write_all exists")


def test_python_m_extract_is_the_command(tmp_path):
    version = subprocess.run(
        [sys.executable, "-m", "extract", "--version"], capture_output=True, text=True, cwd=ROOT
    )
    assert version.returncode == 0
    assert version.stdout.startswith(f"catalogue {extract.__version__}")
    missing = tmp_path / "missing.pdf"
    refused = subprocess.run(
        [sys.executable, "-m", "extract", "extract", str(missing), "-o", str(tmp_path / "out")],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert refused.returncode == ExitCode.NOT_FOUND
    assert refused.stderr == f"catalogue: {missing}: no such file\n"
    assert not (tmp_path / "out").exists()
