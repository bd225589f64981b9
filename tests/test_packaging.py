"""What is installed: the locks agree with pyproject.toml and with each other, the environment
`make test` made holds exactly the locked versions, and the wheel is the product alone."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tomllib
import zipfile
from importlib import metadata
from pathlib import Path

import pytest
from packaging.markers import default_environment
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from extract.commands import DOCS
from tests.conftest import ROOT

PRODUCT_LOCK = ROOT / "requirements" / "product.txt"
DEV_LOCK = ROOT / "requirements" / "dev.txt"
# Renders a review page of no page with the installed package: where the templates came from.
REVIEW_PAGE = """
import extract.review.html as html
from schemas.models import Catalogue, Edition
edition = Edition(title="t", source_file="t.pdf", sha256="0" * 64, page_count=1, tool_version="x")
empty = Catalogue(edition=edition, parts=[], resources=[], warnings=[])
print(html.__file__, html.render_html(empty, []))
"""
TYPESETTERS = {"reportlab", "typst", "playwright", "weasyprint", "fpdf2"}
PIN = re.compile(r"^([A-Za-z0-9][A-Za-z0-9._-]*)==([^\s;\\]+)\s*(?:;\s*([^\\]+?))?\s*\\?$")


def pins(lock: Path) -> dict[str, list[tuple[str, str | None]]]:
    """Each locked package → its (version, marker) lines; checks every pin carries hashes."""
    found: dict[str, list[tuple[str, str | None]]] = {}
    lines = lock.read_text(encoding="utf-8").splitlines()
    for i, line in enumerate(lines):
        match = PIN.match(line)
        if match is None:
            continue
        name, version, marker = match.groups()
        assert i + 1 < len(lines) and "--hash=sha256:" in lines[i + 1], f"{lock}: {name} unhashed"
        found.setdefault(canonicalize_name(name), []).append((version, marker))
    return found


def applicable(entries: list[tuple[str, str | None]]) -> str | None:
    """The version a lock gives this interpreter (markers evaluated here)."""
    from packaging.markers import Marker

    environment = default_environment()
    for version, marker in entries:
        if marker is None or Marker(marker).evaluate(environment):  # type: ignore[arg-type]
            return version
    return None


def project() -> dict[str, list[str]]:
    data = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    return {"product": data["dependencies"], **data["optional-dependencies"]}


def test_the_product_lock_meets_every_range_of_pyproject():
    locked = pins(PRODUCT_LOCK)
    for text in project()["product"]:
        requirement = Requirement(text)
        version = applicable(locked.get(canonicalize_name(requirement.name), []))
        assert version is not None, f"{requirement.name} is not in {PRODUCT_LOCK.name}"
        assert requirement.specifier.contains(version, prereleases=True), (requirement, version)


def test_the_dev_lock_meets_the_test_ranges_and_repeats_the_product_lock():
    product, dev = pins(PRODUCT_LOCK), pins(DEV_LOCK)
    for text in project()["test"] + project()["dev"]:
        requirement = Requirement(text)
        if canonicalize_name(requirement.name) == "ess-catalogue":
            continue
        version = applicable(dev.get(canonicalize_name(requirement.name), []))
        assert version is not None, f"{requirement.name} is not in {DEV_LOCK.name}"
        assert requirement.specifier.contains(version, prereleases=True), (requirement, version)
    for name, entries in product.items():
        assert dev.get(name) == entries, f"{name}: {entries} in the product lock, not in dev"


def test_the_build_backend_is_locked():
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["build-system"]
    for text in build["requires"]:
        requirement = Requirement(text)
        version = applicable(pins(PRODUCT_LOCK).get(canonicalize_name(requirement.name), []))
        assert version is not None and requirement.specifier.contains(version), requirement


def test_this_environment_holds_the_locked_versions():
    if Path(sys.prefix).resolve() != (ROOT / ".venv").resolve():
        pytest.skip("not the environment `make test` installs (.venv)")
    for name, entries in pins(DEV_LOCK).items():
        version = applicable(entries)
        if version is None:
            continue
        assert metadata.version(name) == version, name


def test_every_folder_the_wheel_ships_is_declared():
    """Each folder of `extract/` and `schemas/` is a package of pyproject.toml: a folder left
    out ships anyway, with a build warning for each of its files at every install."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]
    declared = set(config["setuptools"]["packages"])
    moved = {str(ROOT / path) for path in config["setuptools"].get("package-dir", {}).values()}
    folders = {
        ".".join(path.relative_to(ROOT).parts)
        for top in ("extract", "schemas")
        for path in [ROOT / top, *(ROOT / top).rglob("*")]
        if path.is_dir() and path.name != "__pycache__" and str(path) not in moved
    }
    assert folders <= declared, sorted(folders - declared)


def test_the_wheel_is_the_product_alone(tmp_path):
    build = ["wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(tmp_path), str(ROOT)]
    done = subprocess.run(
        [sys.executable, "-m", "pip", *build],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr
    (wheel,) = tmp_path.glob("*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names if not name.split("/")[0].endswith(".dist-info")}
    assert tops == {"extract", "schemas"}
    modules = {
        str(path.relative_to(ROOT))
        for top in ("extract", "schemas")
        for path in (ROOT / top).rglob("*.py")
    }
    assert modules <= set(names), sorted(modules - set(names))
    assert "schemas/catalogue.schema.json" in names
    # The reference pages the commands' --help names travel with the package.
    pages = {page for pages in DOCS.values() for page in pages}
    assert {f"extract/reference/{page}" for page in pages} <= set(names)
    # The review page's templates, style sheet and script; no other script, font or document.
    review = {
        str(path.relative_to(ROOT))
        for folder in ("templates", "static")
        for path in (ROOT / "extract" / "review" / folder).iterdir()
    }
    assert review and review <= set(names), sorted(review - set(names))
    assert {n for n in names if n.endswith(".js")} == {n for n in review if n.endswith(".js")}
    assert not [n for n in names if n.endswith((".ttf", ".otf", ".pdf", ".typ"))]
    meta = next(n for n in names if n.endswith(".dist-info/METADATA"))
    requires = [
        Requirement(line.split(":", 1)[1].strip())
        for line in zipfile.ZipFile(wheel).read(meta).decode().splitlines()
        if line.startswith("Requires-Dist:")
    ]
    product = {canonicalize_name(r.name) for r in requires if r.marker is None}
    assert product, "no requirements at all"
    assert not product & TYPESETTERS, product & TYPESETTERS
    entry = zipfile.ZipFile(wheel).read(meta.replace("METADATA", "entry_points.txt")).decode()
    assert "catalogue = extract.cli:run" in entry
    # Installed (the wheel unpacked, first on the path), the help names the installed pages.
    installed = tmp_path / "installed"
    zipfile.ZipFile(wheel).extractall(installed)
    helped = subprocess.run(
        [sys.executable, "-m", "extract", "extract", "--help"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)},
        timeout=60,
    )
    assert helped.returncode == 0, helped.stderr
    assert f", in {installed / 'extract' / 'reference'}/\n" in helped.stdout
    # The installed package builds its review page from its own templates.
    page = subprocess.run(
        [sys.executable, "-c", REVIEW_PAGE],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(installed)},
        timeout=60,
    )
    assert page.returncode == 0, page.stderr
    assert page.stdout.startswith(str(installed)) and "<script>" in page.stdout
