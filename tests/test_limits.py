"""Every command ends the same way on what it cannot handle, and nothing costs without bound.

- One error boundary: a damaged page tree (a loop, 10,000 levels) is a damaged PDF, exit 4,
  in extract, review and diff; a bug is one line and exit 10 in any command.
- Bounds: a page whose streams inflate past the limit is skipped before pdfium holds them; a
  review image has at most MAX_PIXELS pixels; review and diff have a time limit; a word diff of
  long changed texts costs what a short one does.

What memory the bounds come to on a 1 GiB stream and a 14,400 pt page is measured by
`python -m devtools.bounds` (docs/robustness.md has the figures) and, in the long profile,
checked here.
"""

from __future__ import annotations

import re
import signal
import subprocess
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest
from PIL import Image

from extract.cli import main
from extract.diff.compare import title_similarity
from extract.diff.report import word_diff, word_opcodes
from extract.errors import ExitCode
from extract.pipeline import extract_pdf
from extract.readers.integrity import MAX_PAGE_BYTES
from extract.review.build import MAX_PIXELS, render_page, scale_for
from tests.conftest import PROFILE, ROOT, SAMPLES
from tests.hostile_files import (
    bloated_catalogue,
    deep_page_tree_pdf,
    expected_records,
    huge_page_catalogue,
    page_tree_loop_pdf,
    small_source,
)

SAMPLE_2021, SAMPLE_2022 = SAMPLES / "ess-pvd-2021.pdf", SAMPLES / "ess-pvd-2022.pdf"


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert "Traceback" not in err
    (line,) = err.splitlines()
    return line


# ---------------------------------------------------------------------------------------------
# One error boundary.

DAMAGED: dict[str, Callable[[], bytes]] = {
    "loop": page_tree_loop_pdf,
    "10,000 deep": deep_page_tree_pdf,
}


@pytest.fixture(scope="module")
def damaged(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    folder = tmp_path_factory.mktemp("damaged")
    paths = {}
    for name, build in DAMAGED.items():
        paths[name] = folder / f"{name.replace(',', '').replace(' ', '-')}.pdf"
        paths[name].write_bytes(build())
    return paths


@pytest.mark.parametrize("tree", DAMAGED)
@pytest.mark.parametrize("command", ["extract", "review", "diff"])
def test_a_damaged_page_tree_is_a_damaged_pdf_in_every_command(
    damaged, tmp_path, capsys, tree, command
):
    pdf = damaged[tree]
    argv = {
        "extract": ["extract", str(pdf), "-o", str(tmp_path / "out"), "-q"],
        "review": ["review", str(pdf), "-o", str(tmp_path / "out"), "-q"],
        "diff": ["diff", str(pdf), str(pdf), "-q"],  # exit 1 would say the editions differ
    }[command]
    assert main(argv) == ExitCode.NOT_A_PDF
    line = one_line(capsys)
    assert line.startswith(f"catalogue: {pdf}: damaged PDF (")
    assert "/Pages" in line
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("command", ["review", "links", "diff"])
def test_a_bug_in_any_command_is_one_line_naming_its_input(monkeypatch, tmp_path, capsys, command):
    import extract.commands.diff
    import extract.commands.links
    import extract.commands.review

    def broken(*args: object, **kwargs: object) -> None:
        raise ZeroDivisionError("division by zero")

    folder = ROOT / "output" / "ess-pvd-2021"
    argv, module, name = {
        "review": (["review", str(SAMPLE_2021)], extract.commands.review, "extract_pdf"),
        "links": (["links", str(folder)], extract.commands.links, "check_all"),
        "diff": (["diff", str(folder), str(folder)], extract.commands.diff, "compare_catalogues"),
    }[command]
    monkeypatch.setattr(module, name, broken)
    monkeypatch.delenv("CATALOGUE_DEBUG", raising=False)
    assert main([*argv, "-q"]) == ExitCode.INTERNAL
    subject = argv[-1]
    assert one_line(capsys) == (
        f"catalogue: {subject}: internal error (ZeroDivisionError: division by zero); "
        "please report it with this file (CATALOGUE_DEBUG=1 shows the traceback)"
    )
    monkeypatch.setenv("CATALOGUE_DEBUG", "1")
    with pytest.raises(ZeroDivisionError):
        main([*argv, "-q"])


# ---------------------------------------------------------------------------------------------
# A stream's decoded size.

BLOATED_PAGE = 5


@pytest.fixture(scope="module")
def bloated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pdf = tmp_path_factory.mktemp("bloated") / "bloated.pdf"
    pdf.write_bytes(bloated_catalogue(MAX_PAGE_BYTES + (1 << 20), page=BLOATED_PAGE))
    return pdf


def test_a_page_whose_streams_inflate_past_the_limit_is_skipped(bloated):
    catalogue = extract_pdf(bloated)
    (warning,) = [w for w in catalogue.warnings if w.code == "page-unreadable"]
    assert warning.page == BLOATED_PAGE
    assert re.fullmatch(
        rf"page could not be read \(its content stream \d+ 0 decodes to more than "
        rf"{MAX_PAGE_BYTES >> 20} MiB, the limit\); skipped",
        warning.message,
    ), warning.message
    kept = [r for r in expected_records(small_source()) if r["page"] != BLOATED_PAGE]
    got = [r.record() for r in catalogue.resources]
    assert [r["title"] for r in got] == [r["title"] for r in kept]


def test_a_page_that_was_not_read_is_drawn_blank_in_the_review(bloated, tmp_path, capsys):
    out = tmp_path / "review"
    assert (
        main(["review", str(bloated), "-o", str(out), "--pages", "4-5", "--resolution", "36"]) == 0
    )
    assert (
        f"left blank (the extraction could not read them, see the warnings): page {BLOATED_PAGE}"
        in (capsys.readouterr().err)
    )
    blank = Image.open(out / "pages" / f"page-{BLOATED_PAGE:02d}.png")
    drawn = Image.open(out / "pages" / f"page-{BLOATED_PAGE - 1:02d}.png")
    assert blank.getextrema() == ((255, 255),) * 3
    assert drawn.getextrema() != ((255, 255),) * 3
    assert blank.size == drawn.size  # the page's own size, read without opening the page


# ---------------------------------------------------------------------------------------------
# A review image's pixels.


@pytest.mark.parametrize(
    ("points", "dpi"),
    [((14_400, 14_400), 110), ((595.3, 841.9), 600), ((3.0, 14_400), 600), ((14_400, 1.0), 72)],
)
def test_a_page_image_holds_at_most_max_pixels(points, dpi):
    width, height = points
    scale = scale_for(width, height, dpi)
    assert width * scale * height * scale <= MAX_PIXELS * 1.000001
    assert scale <= dpi / 72


def test_a_page_within_the_limit_is_drawn_at_the_resolution_asked():
    assert scale_for(595.3, 841.9, 600) == 600 / 72  # A4 at 600 dpi: 35 million pixels


class FakePage:
    """What render_page asks of a pypdfium2 page, for a page of 14,400 pt."""

    def __init__(self) -> None:
        self.scales: list[float] = []

    def get_size(self) -> tuple[float, float]:
        return 14_400.0, 14_400.0

    def render(self, *, scale: float, **options: object) -> FakePage:
        self.scales.append(scale)
        self.size = (round(14_400 * scale), round(14_400 * scale))
        return self

    def to_pil(self) -> Image.Image:
        return Image.new("RGB", (2, 2))  # what is drawn matters not: the scale asked does


def test_a_huge_page_is_drawn_at_the_scale_that_fits():
    page = FakePage()
    rendered = render_page(page, 1, 110)
    (scale,) = page.scales
    assert (14_400 * scale) ** 2 <= MAX_PIXELS * 1.000001
    assert rendered.dpi == round(scale * 72) < 110


# ---------------------------------------------------------------------------------------------
# Time limits.


@pytest.mark.parametrize(
    "argv",
    [
        ["review", str(SAMPLE_2021), "--timeout", "1"],
        ["diff", str(SAMPLE_2021), str(SAMPLE_2022), "--timeout", "1"],
    ],
    ids=["review", "diff"],
)
def test_review_and_diff_have_a_time_limit(argv, tmp_path, capsys):
    argv = [*argv, "-q", *(["-o", str(tmp_path / "out")] if argv[0] == "review" else [])]
    assert main(argv) == ExitCode.TIMEOUT
    assert (
        one_line(capsys)
        == f"catalogue: {SAMPLE_2021}: gave up after the 1 s time limit (--timeout)"
    )
    assert not (tmp_path / "out").exists()


@contextmanager
def at_most(seconds: int) -> Iterator[None]:
    """Fail the test if the block takes longer than `seconds` (rather than wait for it)."""

    def ring(signum: int, frame: object) -> None:
        raise AssertionError(f"took more than {seconds} s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_word_diff_of_long_changed_texts_is_bounded():
    """Two texts of 40,000 words that differ everywhere, in the pattern that costs difflib the
    most: it took minutes; the bound shows the change whole, at once."""
    old, new = " ".join(["a", "b"] * 20_000), " ".join(["b", "a"] * 20_000)
    with at_most(3):
        shown = word_diff(old, new)
    assert shown == f"~~{old}~~ **{new}**"


def test_a_long_text_with_one_word_changed_still_shows_that_word():
    words = [f"mot{i}" for i in range(50_000)]
    changed = [*words[:30_000], "AUTRE", *words[30_001:]]
    with at_most(3):
        ops = word_opcodes(words, changed)
    assert [op for op in ops if op[0] != "equal"] == [("replace", 30_000, 30_001, 30_000, 30_001)]


def test_the_similarity_of_long_titles_is_bounded():
    a = " ".join(f"titre{i}" for i in range(50_000))
    with at_most(3):
        assert title_similarity(a, a + " fin") == 100.0


# ---------------------------------------------------------------------------------------------
# Memory, measured (long profile: building a 1 GiB stream and drawing a 14,400 pt page take
# seconds; `python -m devtools.bounds` prints the same figures).

PEAK = """
import resource, subprocess, sys
subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
"""
MEMORY_GOAL_KB = 600 * 1024


def peak_kb(argv: list[str]) -> int:
    """The most memory `catalogue ARGV` held at once, in KB (its process alone)."""
    cli = [sys.executable, "-m", "extract.cli", *argv]
    done = subprocess.run(
        [sys.executable, "-c", PEAK, *cli], capture_output=True, text=True, cwd=ROOT, check=True
    )
    return int(done.stdout)


@pytest.mark.skipif(PROFILE != "long", reason="seconds of work: the long profile's")
@pytest.mark.parametrize("build", [lambda: bloated_catalogue(1 << 30), huge_page_catalogue])
@pytest.mark.parametrize("command", ["extract", "review"])
def test_memory_stays_bounded(tmp_path, build, command):
    pdf = tmp_path / "hostile.pdf"
    pdf.write_bytes(build())
    assert peak_kb([command, str(pdf), "-o", str(tmp_path / "out"), "-q"]) < MEMORY_GOAL_KB


def test_the_memory_probe_measures_the_command_alone():
    """The probe above reports its child's peak, not the test process's."""
    done = subprocess.run(
        [sys.executable, "-c", PEAK, sys.executable, "-c", "bytearray(200 << 20)"],
        capture_output=True,
        text=True,
        check=True,
    )
    assert 200 * 1024 < int(done.stdout) < 400 * 1024
