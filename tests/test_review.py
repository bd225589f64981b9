"""`catalogue review`: the HTML built from an extraction, and the page as a browser shows it.

The browser tests drive Debian's chromium through Playwright's Python package (its own browser
downloads are never used). `make test` installs chromium when it is missing (as root); without
it those tests are skipped, saying why.
"""

from __future__ import annotations

import argparse
import re
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from extract.commands.review import register
from extract.diff.compare import compare_catalogues
from extract.errors import CatalogueError, ExitCode, InputNotFound
from extract.pipeline import extract_pdf
from extract.review.build import (
    HTML_NAME,
    PAGES_DIR,
    Review,
    ReviewTrouble,
    build_review,
    changes_against,
    parse_pages,
    write_review,
)
from extract.review.html import PageView, ReviewChanges, render_html
from samples.designs.producers.chromium_pdf import CHROMIUM_FLAGS
from schemas.models import Box, Catalogue, ExtractionWarning, Resource
from tests.conftest import ROOT, SAMPLES
from tests.hostile_files import broken_xref, catalogue_pdf

PDF_2021 = SAMPLES / "ess-pvd-2021.pdf"
PDF_2022 = SAMPLES / "ess-pvd-2022.pdf"
SCREENSHOT = ROOT / "docs" / "review.png"
HOSTILE = '<script>alert("title")</script>'


@pytest.fixture(scope="session")
def catalogue_2021() -> Catalogue:
    return extract_pdf(PDF_2021)


@pytest.fixture(scope="session")
def catalogue_2022() -> Catalogue:
    return extract_pdf(PDF_2022)


def views(catalogue: Catalogue, pages: range) -> list[PageView]:
    """Page views without rendering: the HTML needs only sizes and image names."""
    return [PageView(n, 595.3, 841.9, f"pages/page-{n:02d}.png", 655, 926) for n in pages]


def on_pages(catalogue: Catalogue, pages: range) -> list[Resource]:
    return [r for r in catalogue.resources if r.provenance.area.page in pages]


def outlines(html: str) -> int:
    return len(re.findall(r'<rect class="area"', html))


def with_warning(catalogue: Catalogue, index: int) -> tuple[Catalogue, Resource]:
    """The catalogue with one resource warned about, and one warning on its page alone."""
    target = catalogue.resources[index]
    area = target.provenance.area
    warnings = [
        ExtractionWarning(
            code="year-out-of-range",
            message="year 1066 is out of range",
            page=area.page,
            bbox=area.bbox,
            card_id=target.card_id,
        ),
        ExtractionWarning(
            code="text-outside-resource",
            message="stray <b>text</b>",
            page=area.page,
            bbox=Box(x0=20, top=20, x1=60, bottom=30),
        ),
    ]
    return catalogue.model_copy(update={"warnings": warnings}), target


def hostile(catalogue: Catalogue) -> Catalogue:
    first = catalogue.resources[0].model_copy(
        update={
            "title": HOSTILE,
            "description": '"><img src=x onerror=alert(1)>',
            "url": "javascript:alert(1)",
            "links": ["javascript:alert(1)", "https://example.org/?a=1&b=<2>"],
            "publisher": "Éditions « l’Amp & Cie »",
        }
    )
    edition = catalogue.edition.model_copy(update={"title": "</title><script>x()</script>"})
    return catalogue.model_copy(
        update={"resources": [first, *catalogue.resources[1:]], "edition": edition}
    )


# ---------------------------------------------------------------------------------------------
# The HTML, without a browser.


def test_pdf_text_is_escaped(catalogue_2021: Catalogue) -> None:
    html = render_html(hostile(catalogue_2021), views(catalogue_2021, range(1, 6)))
    assert html.count("<script") == 1, "only the page's own script"
    assert "<img src=x" not in html and "onerror=alert(1)>" not in html
    assert "&lt;script&gt;alert(&quot;title&quot;)&lt;/script&gt;" in html
    assert 'href="javascript:' not in html
    assert 'href="https://example.org/?a=1&amp;b=&lt;2&gt;"' in html
    assert "Éditions « l’Amp &amp; Cie »" in html


def test_what_the_tool_assumed_heads_the_page(catalogue_2021: Catalogue) -> None:
    design = catalogue_2021.design
    assert design.roles["title"] is not None
    html = render_html(catalogue_2021, views(catalogue_2021, range(1, 3)))
    head = html[html.index('<details class="design" open>') : html.index("</header>")]
    title = design.roles["title"]
    assert f"<th>title</th><td>{title.font} {title.size:g} pt, {title.tone}</td>" in head
    for pattern in design.furniture:
        assert pattern.text in head
    assert "--design FILE" in head
    # What the design says comes from the PDF, and is escaped like the rest.
    tricked = design.model_copy(update={"calls_to_action": ["<script>x()</script>"]})
    html = render_html(
        catalogue_2021.model_copy(update={"design": tricked}), views(catalogue_2021, range(1, 2))
    )
    assert html.count("<script") == 1 and "&lt;script&gt;x()&lt;/script&gt;" in html


def test_csp_allows_only_the_pages_own_script_and_style(catalogue_2021: Catalogue) -> None:
    html = render_html(catalogue_2021, views(catalogue_2021, range(1, 3)))
    policy = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', html)
    assert policy is not None
    assert "default-src &#x27;none&#x27;" in policy.group(1)
    assert "unsafe-inline" not in policy.group(1)
    assert not re.search(r'\bsrc="(?:https?:)?//', html), "nothing loaded from the network"
    assert "<link" not in html and "@import" not in html and "url(" not in html


def test_outlines_and_counts(catalogue_2021: Catalogue) -> None:
    pages = range(17, 21)
    html = render_html(catalogue_2021, views(catalogue_2021, pages))
    shown = on_pages(catalogue_2021, pages)
    assert shown and outlines(html) == len(shown)
    assert f'<b id="count-resources">{len(shown)}</b>' in html
    links = sum(len(r.provenance.links) for r in shown)
    assert f'<b id="count-links">{links}</b>' in html
    assert html.count('class="link"') == links
    assert '<b id="count-warnings">0</b>' in html
    assert "pages 17–20 of 39" in html


def test_every_resource_outlined_when_every_page_is_shown(catalogue_2021: Catalogue) -> None:
    html = render_html(catalogue_2021, views(catalogue_2021, range(1, 40)))
    assert outlines(html) == len(catalogue_2021.resources)
    for number in range(1, len(catalogue_2021.resources) + 1):
        assert f'id="res-{number}"' in html
    assert "all 39 pages" in html


def test_warnings_are_highlighted(catalogue_2021: Catalogue) -> None:
    warned, target = with_warning(catalogue_2021, 10)
    page = target.provenance.area.page
    html = render_html(warned, views(warned, range(page, page + 1)))
    number = catalogue_2021.resources.index(target) + 1
    assert re.search(rf'<g class="res warn" data-res="{number}" data-warn="1">', html)
    assert f'id="res-{number}" lang="fr" data-res="{number}" data-warn="1"' in html
    assert html.count('class="warnbox"') == 2
    assert "year 1066 is out of range" in html
    assert "stray &lt;b&gt;text&lt;/b&gt;" in html
    assert '<b id="count-warnings">2</b>' in html
    assert f'id="page-{page}" data-warn="1"' in html


def test_marks_come_from_the_changes(catalogue_2021: Catalogue) -> None:
    first, second = catalogue_2021.resources[:2]
    changes = ReviewChanges(
        "old",
        {first.card_id: "added", second.card_id: "moved"},
        {second.card_id: ["theme: A → B"]},
        ["LE RETIRÉ <i>"],
    )
    html = render_html(catalogue_2021, views(catalogue_2021, range(1, 40)), changes)
    assert html.count('data-mark="added"') == 2  # the outline and the card
    assert html.count('data-mark="moved"') == 2
    assert '<b id="count-added">1</b>' in html and '<b id="count-removed">1</b>' in html
    assert "theme: A → B" in html and "LE RETIRÉ &lt;i&gt;" in html


def test_changes_against_follow_the_diff(
    catalogue_2021: Catalogue, catalogue_2022: Catalogue, tmp_path: Path
) -> None:
    old = tmp_path / "catalogue.json"
    old.write_text(catalogue_2021.model_dump_json(), encoding="utf-8")
    found = changes_against(catalogue_2022, tmp_path)
    diff = compare_catalogues(catalogue_2021, catalogue_2022)
    added = {str(r["card_id"]) for r in diff.added}
    assert added and {k for k, v in found.marks.items() if v == "added"} == added
    modified = {c.card_id for c in diff.modified}
    assert {k for k, v in found.marks.items() if v == "modified"} == modified
    moved = {c.card_id for c in diff.moved} - modified
    assert {k for k, v in found.marks.items() if v == "moved"} == moved
    assert len(found.removed) == len(diff.removed)
    assert all(found.notes[c.card_id] for c in diff.modified)
    assert found.against == catalogue_2021.edition.title


def test_the_same_pdf_gives_the_same_bytes(catalogue_2021: Catalogue) -> None:
    first = build_review(PDF_2021, catalogue_2021, pages=(4, 5), resolution=50)
    second = build_review(PDF_2021, catalogue_2021, pages=(4, 5), resolution=50)
    assert first.html == second.html
    assert first.images == second.images
    assert sorted(first.images) == ["page-04.png", "page-05.png"]
    assert all(png.startswith(b"\x89PNG") for png in first.images.values())


def test_a_smaller_review_drops_the_images_it_no_longer_shows(
    catalogue_2021: Catalogue, tmp_path: Path
) -> None:
    for pages in ((3, 5), (4, 4)):
        review = build_review(PDF_2021, catalogue_2021, pages=pages, resolution=40)
        write_review(tmp_path, review.html, review.images)
    assert sorted(p.name for p in (tmp_path / PAGES_DIR).iterdir()) == ["page-04.png"]
    assert 'src="pages/page-04.png"' in (tmp_path / HTML_NAME).read_text(encoding="utf-8")


@pytest.mark.parametrize("text, span", [("5", (5, 5)), ("3-8", (3, 8)), (" 2 – 4 ", (2, 4))])
def test_page_ranges(text: str, span: tuple[int, int]) -> None:
    assert parse_pages(text) == span


@pytest.mark.parametrize("text", ["0", "8-3", "a", "3-", "-2"])
def test_bad_page_ranges(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        parse_pages(text)


def run(argv: list[str]) -> int:
    """The subcommand as the CLI runs it: a `CatalogueError` becomes its exit code."""
    parser = argparse.ArgumentParser(prog="catalogue")
    register(parser.add_subparsers())
    args = parser.parse_args(["review", *argv])
    try:
        return int(args.handler(args))
    except CatalogueError as exc:
        return int(exc.code)


def test_command_writes_the_page_and_reports_progress(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "review"
    assert run([str(PDF_2021), "-o", str(out), "--pages", "17-20", "--resolution", "40"]) == 0
    assert sorted(p.name for p in (out / PAGES_DIR).iterdir()) == [
        "page-17.png",
        "page-18.png",
        "page-19.png",
        "page-20.png",
    ]
    assert outlines((out / HTML_NAME).read_text(encoding="utf-8")) > 0
    err = capsys.readouterr().err
    assert "pages read" in err and f"→ {out / HTML_NAME}" in err


def test_a_file_only_pdfium_can_open_is_reviewed_whole(tmp_path: Path) -> None:
    """Its cross-reference table leads nowhere: pdfium rebuilds it and reads every page, so the
    review draws every page too, and says, above them, that the file was repaired."""
    pdf = tmp_path / "xref.pdf"
    pdf.write_bytes(broken_xref(catalogue_pdf()))
    out = tmp_path / "review"
    assert run([str(pdf), "-q", "-o", str(out), "--resolution", "40"]) == 0
    assert len(list((out / PAGES_DIR).iterdir())) == 8
    html = (out / HTML_NAME).read_text(encoding="utf-8")
    header = html[: html.index("</header>")]
    assert "<code>document-repaired</code> file read with repairs" in header


def test_command_errors_are_catalogue_errors(tmp_path: Path) -> None:
    assert run([str(tmp_path / "missing.pdf"), "-o", str(tmp_path / "out")]) == ExitCode.NOT_FOUND
    assert (
        run([str(PDF_2021), "-q", "-o", str(tmp_path / "o"), "--pages", "50-60"]) == ExitCode.USAGE
    )
    assert (
        run([str(ROOT / "pyproject.toml"), "-q", "-o", str(tmp_path / "o")]) == ExitCode.NOT_A_PDF
    )
    assert (
        run(
            [str(PDF_2021), "-q", "-o", str(tmp_path / "o"), "--against", str(tmp_path / "nowhere")]
        )
        == ExitCode.USAGE
    )
    assert not (tmp_path / "o").exists()


def test_build_review_checks_its_pdf(catalogue_2021: Catalogue, tmp_path: Path) -> None:
    with pytest.raises(InputNotFound):
        build_review(tmp_path / "gone.pdf", catalogue_2021)
    with pytest.raises(ReviewTrouble):
        build_review(PDF_2021, catalogue_2021, pages=(40, 41))


# ---------------------------------------------------------------------------------------------
# The page in a real browser.


@pytest.fixture(scope="session")
def chromium() -> str:
    pytest.importorskip(
        "playwright.sync_api",
        reason="the browser tests need Playwright's Python package "
        "(pip install playwright; its own browsers are not needed)",
    )
    found = shutil.which("chromium") or shutil.which("chromium", path="/usr/bin")
    if found is None:
        pytest.skip("needs Debian's chromium (make system-packages installs it, as root)")
    return found


@pytest.fixture(scope="session")
def browser(chromium: str) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        # Playwright gives each launch a fresh profile folder and adds --headless and, with the
        # sandbox off as root requires, --no-sandbox.
        instance = playwright.chromium.launch(
            executable_path=chromium, headless=True, chromium_sandbox=False, args=CHROMIUM_FLAGS
        )
        yield instance
        instance.close()


@pytest.fixture(scope="session")
def diff_review(
    tmp_path_factory: pytest.TempPathFactory, catalogue_2021: Catalogue, catalogue_2022: Catalogue
) -> tuple[Path, Review]:
    """The 2022 sample reviewed against the 2021 one, every page."""
    out = tmp_path_factory.mktemp("review-2022")
    old = out / "old.json"
    old.write_text(catalogue_2021.model_dump_json(), encoding="utf-8")
    review = build_review(PDF_2022, catalogue_2022, against=old)
    write_review(out, review.html, review.images)
    return out / HTML_NAME, review


@pytest.fixture(scope="session")
def warned_review(
    tmp_path_factory: pytest.TempPathFactory, catalogue_2021: Catalogue
) -> tuple[Path, Catalogue]:
    """Pages 17–20 of 2021 with a warning added: the sample itself extracts without one."""
    target = on_pages(catalogue_2021, range(19, 20))[1]
    warned, _ = with_warning(catalogue_2021, catalogue_2021.resources.index(target))
    out = tmp_path_factory.mktemp("review-warned")
    review = build_review(PDF_2021, warned, pages=(17, 20), resolution=60)
    write_review(out, review.html, review.images)
    return out / HTML_NAME, warned


class Watched:
    """A page and every error it reported: console errors, exceptions, failed requests."""

    def __init__(self, browser: Any, path: Path) -> None:
        self.page = browser.new_page(viewport={"width": 1200, "height": 900})
        self.errors: list[str] = []
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.goto(path.as_uri(), wait_until="load")

    def console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)


@pytest.fixture
def diff_page(browser: Any, diff_review: tuple[Path, Review]) -> Iterator[Watched]:
    watched = Watched(browser, diff_review[0])
    yield watched
    watched.page.close()


def in_view(page: Any, selector: str) -> bool:
    """Whether the element is on screen and not hidden behind another (its centre hits it)."""
    return bool(
        page.evaluate(
            """(selector) => {
             const el = document.querySelector(selector);
             const r = el.getBoundingClientRect();
             if (r.width === 0 || r.bottom <= 0 || r.top >= innerHeight) return false;
             const x = r.left + r.width / 2, y = Math.max(r.top, 0) + 5;
             const hit = document.elementFromPoint(x, y);
             return hit !== null && (hit === el || el.contains(hit));
           }""",
            selector,
        )
    )


def test_page_loads_without_errors(diff_page: Watched, diff_review: tuple[Path, Review]) -> None:
    page = diff_page.page
    page.evaluate("""() => Promise.all([...document.images].map((img) => {
        img.loading = "eager";
        return img.decode();
    }))""")
    assert diff_page.errors == []
    total = len(diff_review[1].catalogue.resources)
    assert page.locator("svg .area").count() == total
    assert page.locator("article.card").count() == total
    assert page.inner_text("#count-resources") == str(total)


def test_clicking_an_outline_brings_its_fields_into_view(
    diff_page: Watched, diff_review: tuple[Path, Review]
) -> None:
    page = diff_page.page
    resources = diff_review[1].catalogue.resources
    busiest = max({r.page for r in resources}, key=lambda p: sum(r.page == p for r in resources))
    last = max(i for i, r in enumerate(resources, start=1) if r.page == busiest)
    outline = page.locator(f'svg .area[data-res="{last}"]')
    outline.scroll_into_view_if_needed()
    assert not in_view(page, f"#res-{last}"), "the fields start out of view"
    outline.click()
    page.wait_for_timeout(100)
    assert in_view(page, f"#res-{last}")
    assert "selected" in (page.get_attribute(f"#res-{last}", "class") or "")
    assert diff_page.errors == []


def showcase(review: Review) -> int:
    """The number of a resource worth a picture: on the page with the most kinds of change,
    a modified one if there is one."""
    assert review.changes is not None
    marks = review.changes.marks
    marked = [
        (i, r.page, marks[r.card_id])
        for i, r in enumerate(review.catalogue.resources, start=1)
        if r.card_id in marks
    ]
    kinds: dict[int, set[str]] = {}
    for _, page, mark in marked:
        kinds.setdefault(page, set()).add(mark)
    page = max(sorted(kinds), key=lambda p: len(kinds[p]))
    on_page = [(mark != "modified", i) for i, p, mark in marked if p == page]
    return min(on_page)[1]


def test_changed_filter_and_screenshot(
    diff_page: Watched, diff_review: tuple[Path, Review]
) -> None:
    page = diff_page.page
    review = diff_review[1]
    assert review.changes is not None and review.changes.marks
    marked = [r for r in review.catalogue.resources if r.card_id in review.changes.marks]
    page.check("#only-changed")
    assert page.locator("article.card:visible").count() == len(marked)
    assert page.locator("svg .area:visible").count() == len(marked)
    page.uncheck("#only-changed")
    number = showcase(review)
    page.locator(f"#page-{review.catalogue.resources[number - 1].page}").evaluate(
        "(el) => el.scrollIntoView()"
    )
    page.locator(f'svg .area[data-res="{number}"]').click()
    page.mouse.move(0, 0)
    page.wait_for_timeout(200)
    shot = page.screenshot()
    SCREENSHOT.parent.mkdir(exist_ok=True)
    if not SCREENSHOT.exists() or SCREENSHOT.read_bytes() != shot:
        SCREENSHOT.write_bytes(shot)
    assert diff_page.errors == []


def test_warnings_filter_hides_resources_without_warnings(
    browser: Any, warned_review: tuple[Path, Catalogue]
) -> None:
    watched = Watched(browser, warned_review[0])
    page = watched.page
    try:
        cards = page.locator("article.card")
        total = cards.count()
        assert total == len(on_pages(warned_review[1], range(17, 21))) > 1
        assert page.locator("article.card:visible").count() == total
        page.check("#only-warnings")
        assert page.locator("article.card:visible").count() == 1
        assert page.locator('article.card[data-warn="1"]').is_visible()
        assert page.locator("svg .res:visible").count() == 1
        assert page.locator(".warnbox").count() == 2
        page.uncheck("#only-warnings")
        assert page.locator("article.card:visible").count() == total
        assert watched.errors == []
    finally:
        page.close()
