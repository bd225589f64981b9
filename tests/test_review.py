"""`catalogue review`: the HTML built from an extraction, and the page as a browser shows it.

The browser tests drive Debian's chromium through Playwright's Python package (its own browser
downloads are never used), sharing one browser and a few reviews built once. `make test`
installs chromium when it is missing (as root); without it those tests are skipped, saying why.
"""

from __future__ import annotations

import argparse
import io
import re
import shutil
import typing
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pikepdf
import pytest

from extract.commands.review import register
from extract.corrections.apply import apply_corrections
from extract.corrections.read import read_corrections
from extract.diff.compare import compare_catalogues
from extract.errors import CatalogueError, ExitCode, InputNotFound
from extract.pipeline import extract_pdf
from extract.review.build import (
    DEFAULT_RESOLUTION,
    HTML_NAME,
    PAGES_DIR,
    Review,
    ReviewTrouble,
    build_review,
    parse_pages,
    single_name,
    write_review,
)
from extract.review.changes import ReviewChanges
from extract.review.design import sentence
from extract.review.drawing import PageView
from extract.review.html import render_html
from extract.review.words import FIELDS, LANGS, SCRIPT_TEXTS, TEXTS, WARNINGS, Words
from samples.designs.producers.chromium_pdf import CHROMIUM_FLAGS
from schemas.models import (
    CSV_COLUMNS,
    Box,
    CardGrammar,
    Catalogue,
    Design,
    ExtractionWarning,
    PageDesign,
    Resource,
    RoleStyle,
    WarningCode,
)
from tests.conftest import ROOT, SAMPLES
from tests.hostile_files import broken_xref, catalogue_pdf

PDF_2021 = SAMPLES / "ess-pvd-2021.pdf"
PDF_2022 = SAMPLES / "ess-pvd-2022.pdf"
SCREENSHOT = ROOT / "docs" / "review.png"
PHONE_SCREENSHOT = ROOT / "docs" / "review-phone.png"
SAMPLE_CORRECTIONS = SAMPLES / "corrections.csv"
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
    """One plain sentence at the top, the details folded under it."""
    design = catalogue_2021.design
    assert design.roles["title"] is not None
    html = render_html(catalogue_2021, views(catalogue_2021, range(1, 3)))
    intros = Words("fr").listing([str(p.intro_page) for p in catalogue_2021.parts])
    said = re.search(r'<p class="reads-as"><strong>Lu comme :</strong> ([^<]*)</p>', html)
    assert said is not None
    assert said.group(1).startswith("Deux colonnes par page")
    assert "titres en gras" in said.group(1) and f"sommaires p. {intros}" in said.group(1)
    assert '<details class="design">' in html and '<details class="design" open' not in html
    head = html[html.index('<details class="design">') : html.index("</header>")]
    title = design.roles["title"]
    assert f"<td>{title.font}, {Words('fr').decimal(title.size)} pt, en gras" in head
    for pattern in design.furniture:
        assert pattern.text in head
    assert "--design FICHIER" in head
    # What the design says comes from the PDF, and is escaped like the rest.
    tricked = design.model_copy(update={"calls_to_action": ["<script>x()</script>"]})
    html = render_html(
        catalogue_2021.model_copy(update={"design": tricked}), views(catalogue_2021, range(1, 2))
    )
    assert html.count("<script") == 1 and "&lt;script&gt;x()&lt;/script&gt;" in html


def page(number: int, columns: int = 2, order: str = "down", scale: float | None = None) -> Any:
    """A page of the design section, as catalogue.json holds it."""
    return PageDesign.model_validate(
        {
            "page": number,
            "kind": "content" if columns else "part_intro",
            "columns": columns,
            "order": order,
            "links": "annotations" if columns else "none",
            "scale": scale,
        }
    )


def test_the_design_sentence_says_the_grammar_and_the_scales_in_plain_words() -> None:
    design = Design(
        roles={"title": RoleStyle(font="Vera-BoldOblique", size=11, tone="grey")},
        card=CardGrammar(
            head=["title"],
            tail=["publisher", "body", "call_to_action"],
            reads_as="title, type, publisher?, body, call_to_action?",
        ),
        pages=[
            page(3, 0),
            *(page(n, 3, "across") for n in range(4, 12)),
            page(12, 3, "across", 0.85),
            page(14, 3, "across", 0.851),
            page(15, 1, "single", 1.01),
            page(16, 3, "across", 0.5),
        ],
    )
    assert sentence(design, Words("fr")) == (
        "Trois colonnes par page lues ligne par ligne (une sur 1 page), titres en gras, en "
        "italique et en gris, sommaires p. 3 ; une fiche se lit : titre, type et année, éditeur "
        "(s’il y en a), texte, bouton (s’il y en a) ; page 16 imprimée à 50 % ; pages 12 et 14 "
        "imprimées à 85 % ; liens cliquables du PDF."
    )
    assert sentence(design, Words("en")).startswith(
        "Three columns a page read across the rows (one on 1 page), titles bold, italic and grey"
    )
    assert sentence(Design(), Words("fr")) == "—"


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
    assert '<b id="count-warnings">0</b> alerte' in html
    assert '<p class="nothing warnings">Aucune ressource n’a d’alerte.</p>' in html
    assert "pages 17 à 20 sur 39" in html


def test_every_resource_outlined_when_every_page_is_shown(catalogue_2021: Catalogue) -> None:
    html = render_html(catalogue_2021, views(catalogue_2021, range(1, 40)))
    assert outlines(html) == len(catalogue_2021.resources)
    for number in range(1, len(catalogue_2021.resources) + 1):
        assert f'id="res-{number}"' in html
    assert "les 39 pages" in html


def test_warnings_are_highlighted(catalogue_2021: Catalogue) -> None:
    warned, target = with_warning(catalogue_2021, 10)
    page = target.provenance.area.page
    html = render_html(warned, views(warned, range(page, page + 1)))
    number = catalogue_2021.resources.index(target) + 1
    assert re.search(rf'<g class="res warn" data-res="{number}" data-warn="1">', html)
    assert f'id="res-{number}" data-res="{number}" data-warn="1"' in html
    assert html.count('class="warnbox"') == 2
    # Explained in French, the extraction's own message kept as the detail.
    assert f"<strong>{WARNINGS['fr']['year-out-of-range']}</strong>" in html
    assert "year 1066 is out of range" in html
    assert 'class="nothing warnings"' not in html  # the filter has something to show
    assert "stray &lt;b&gt;text&lt;/b&gt;" in html
    assert '<b id="count-warnings">2</b>' in html
    assert f'id="page-{page}" data-warn="1"' in html


def test_every_change_the_diff_reports_is_on_the_page(
    catalogue_2021: Catalogue, catalogue_2022: Catalogue
) -> None:
    diff = compare_catalogues(catalogue_2021, catalogue_2022)
    assert diff.renamed and diff.removed and diff.modified and diff.moved and diff.added
    html = render_html(
        catalogue_2022, views(catalogue_2022, range(1, 41)), ReviewChanges("2021", diff)
    )
    cards = card_html(html)
    number = {r.card_id: i for i, r in enumerate(catalogue_2022.resources, start=1)}
    fr = Words("fr")
    for change in [*diff.modified, *diff.moved]:
        card = cards[number[change.card_id]]
        for field in change.fields:
            assert f'<span class="label">{fr.field(field.field)}</span>' in card, field
        assert "appariée par" in card
    for record in diff.added:
        assert 'data-mark="added"' in cards[number[str(record["card_id"])]]
    head = html[: html.index("</header>")]
    for rename in diff.renamed:
        said = (
            f"Thème renommé : « {rename.old} » → « {rename.new} » ({rename.resources} ressources)"
        )
        assert said in head
        inside = [r for r in catalogue_2022.resources if r.theme == rename.new]
        assert len(inside) == rename.resources
        assert all(said in cards[number[r.card_id]] for r in inside)
        assert f"avant : « {rename.old} »" in html[html.index("<nav") : html.index("</nav>")]
    for record in diff.removed:
        assert f'<span lang="fr">{record["title"]}</span> <code>{record["card_id"]}</code>' in head
    assert f'<b id="count-removed">{len(diff.removed)}</b> retirées' in head
    assert f'<b id="count-renamed">{len(diff.renamed)}</b> renommage' in head
    assert f'<b id="count-unchanged">{diff.summary.unchanged}</b>' in head


def card_html(html: str) -> dict[int, str]:
    """Each record's markup beside its page, by its number."""
    found = re.findall(r'<article class="card[^"]*" id="res-(\d+)"(.*?)</article>', html, re.S)
    return {int(n): text for n, text in found}


def test_the_page_speaks_french_by_default_and_english_when_asked(
    catalogue_2021: Catalogue,
) -> None:
    warned, target = with_warning(catalogue_2021, 10)
    page = target.provenance.area.page
    shown = views(warned, range(page, page + 1))
    french, english = render_html(warned, shown), render_html(warned, shown, lang="en")
    assert french.startswith('<!DOCTYPE html>\n<html lang="fr">')
    assert english.startswith('<!DOCTYPE html>\n<html lang="en">')
    for name in ("year", "publisher", "resource_type", "card_id"):
        hint = f' <code class="col">{name}</code></dt>'
        assert f"<dt>{FIELDS['fr'][name]}{hint}" in french
        assert f"<dt>{FIELDS['en'][name]}{hint}" in english
    assert f'<h2 id="page-{page}-h">Page {page}' in french
    assert "Exporter les corrections" in french and "Export the corrections" in english
    assert WARNINGS["en"]["year-out-of-range"] in english
    # None of the page's English words is left in the French page.
    for english_only in (
        "Page warnings",
        "What the tool assumed",
        "Parts and themes",
        "resources<",
    ):
        assert english_only not in french


def test_both_languages_say_everything() -> None:
    fr, en = TEXTS["fr"], TEXTS["en"]
    assert set(fr) == set(en) and set(SCRIPT_TEXTS) <= set(fr)
    codes = set(typing.get_args(WarningCode))
    assert set(WARNINGS["fr"]) == set(WARNINGS["en"]) == codes
    assert set(CSV_COLUMNS) <= set(FIELDS["fr"]) == set(FIELDS["en"])
    for key in fr:  # the same fields to fill in, and plural forms where the other has them
        assert set(re.findall(r"\{(\w+)\}", fr[key])) == set(re.findall(r"\{(\w+)\}", en[key]))
    assert (
        Words("fr")("stat.warnings", 0) == "alerte"
        and Words("en")("stat.warnings", 0) == "warnings"
    )
    assert set(LANGS) == {"fr", "en"}


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
    assert (
        f'<strong>{WARNINGS["fr"]["document-repaired"]}</strong> <span class="detail">'
        '<code>document-repaired</code> <span lang="en">file read with repairs'
    ) in header


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


@pytest.fixture(scope="module")
def single_file(catalogue_2021: Catalogue) -> Review:
    return build_review(PDF_2021, catalogue_2021, pages=(17, 18), resolution=36, single_file=True)


def test_a_single_file_holds_its_images_and_refers_to_nothing(
    single_file: Review, tmp_path: Path
) -> None:
    assert single_file.images == {}
    html = single_file.html
    sources = re.findall(r'\b(?:src|href)="([^"#][^"]*)"', html)
    images = [s for s in sources if s.startswith("data:image/png;base64,")]
    assert len(images) == 2
    assert all(
        s.startswith(("data:image/png;base64,", "https://", "http://", "mailto:")) for s in sources
    )
    assert "img-src data:;" in html and "'self'" not in html
    write_review(tmp_path, html, single_file.images, name=single_name(PDF_2021))
    assert [p.name for p in tmp_path.iterdir()] == ["ess-pvd-2021-review.html"]


def test_pages_are_drawn_at_twice_the_old_resolution(catalogue_2021: Catalogue) -> None:
    review = build_review(PDF_2021, catalogue_2021, pages=(4, 4))
    assert DEFAULT_RESOLUTION == 220
    width = re.search(r'<img src="pages/page-04.png" width="(\d+)"', review.html)
    assert width is not None and int(width.group(1)) == round(595.3 * 220 / 72)


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


@pytest.fixture(scope="module")
def browser(chromium: str) -> Iterator[Any]:
    """One browser for this module's tests, closed after them: Playwright's synchronous API
    keeps an event loop running in the thread while it is open, which the link checker's own
    loop (in `catalogue links`, tested elsewhere in the same process) cannot share."""
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
    """The 2022 sample reviewed against the 2021 one, every page (at the old resolution: the
    browser tests need the page, not its sharpness)."""
    out = tmp_path_factory.mktemp("review-2022")
    old = out / "old.json"
    old.write_text(catalogue_2021.model_dump_json(), encoding="utf-8")
    review = build_review(PDF_2022, catalogue_2022, against=old, resolution=110)
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
    """A page (in a browser context of its own: its own storage) and every error it reported:
    console errors, exceptions, failed requests."""

    def __init__(self, browser: Any, path: Path, width: int = 1200, height: int = 900) -> None:
        self.context = browser.new_context(
            viewport={"width": width, "height": height}, accept_downloads=True
        )
        self.page = self.context.new_page()
        self.errors: list[str] = []
        self.requests: list[str] = []
        self.page.on("console", self.console)
        self.page.on("pageerror", lambda e: self.errors.append(f"exception: {e}"))
        self.page.on("requestfailed", lambda r: self.errors.append(f"failed: {r.url}"))
        self.page.on("request", lambda r: self.requests.append(r.url))
        self.page.goto(path.as_uri(), wait_until="load")

    def console(self, message: Any) -> None:
        if message.type == "error":
            self.errors.append(message.text)

    def close(self) -> None:
        self.context.close()


@pytest.fixture
def diff_page(browser: Any, diff_review: tuple[Path, Review]) -> Iterator[Watched]:
    watched = Watched(browser, diff_review[0])
    yield watched
    watched.close()


@pytest.fixture
def warned_page(browser: Any, warned_review: tuple[Path, Catalogue]) -> Iterator[Watched]:
    watched = Watched(browser, warned_review[0])
    yield watched
    watched.close()


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
    page.evaluate("() => Promise.all([...document.images].map((img) => img.decode()))")
    assert diff_page.errors == []
    total = len(diff_review[1].catalogue.resources)
    assert page.locator("svg .area").count() == total
    assert page.locator("article.card").count() == total
    assert page.inner_text("#count-resources") == str(total)
    assert page.inner_text("#progress") == f"0 / {total} vérifiées"


def selected(page: Any) -> list[str]:
    return list(
        page.eval_on_selector_all(".selected[data-res]", "els => els.map(e => e.dataset.res)")
    )


def test_a_record_and_its_outline_are_selected_together_from_either_side(
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
    assert set(selected(page)) == {str(last)} and len(selected(page)) == 3  # record, drawing, area
    # From the record's side: a click on it (not on a control) selects it and its outline.
    page.locator("#res-5 dl").click()
    assert set(selected(page)) == {"5"} and len(selected(page)) == 3
    assert in_view(page, 'svg .area[data-res="5"]')
    # The keyboard goes from record to record, and marks one checked.
    page.keyboard.press("j")
    assert set(selected(page)) == {"6"}
    assert page.evaluate("document.activeElement.id") == "res-6"
    assert in_view(page, "#res-6") and in_view(page, 'svg .area[data-res="6"]')
    page.keyboard.press("k")
    page.keyboard.press("v")
    assert set(selected(page)) == {"5"} and page.locator("#res-5 input.checked").is_checked()
    assert page.inner_text("#progress") == f"1 / {len(resources)} vérifiées"
    # A click on the page, off every outline, enlarges it; Escape brings it back.
    sheet = page.locator("#page-5 .sheet")
    box = sheet.bounding_box()
    page.mouse.click(box["x"] + 3, box["y"] + box["height"] - 3)
    assert page.locator("dialog#zoom").evaluate("d => d.open")
    width = page.locator("dialog#zoom .sheet").bounding_box()["width"]
    assert width > box["width"] * 1.3
    page.keyboard.press("Escape")
    assert not page.locator("dialog#zoom").evaluate("d => d.open")
    assert page.locator("dialog#zoom .sheet").count() == 0
    assert diff_page.errors == []


def edit(page: Any, number: int, field: str, value: str) -> Any:
    row = page.locator(f'#res-{number} .row[data-field="{field}"]')
    row.hover()
    row.locator(".edit").click()
    box = row.locator("form.editor input, form.editor textarea")
    box.fill(value)
    box.press("Enter")
    return row


def export(page: Any, folder: Path) -> Path:
    with page.expect_download() as download:
        page.click("#export")
    path: Path = folder / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_corrections_made_on_the_page_are_kept_and_exported_for_the_extraction(
    warned_page: Watched, warned_review: tuple[Path, Catalogue], tmp_path: Path
) -> None:
    page = warned_page.page
    catalogue = warned_review[1]
    resources = catalogue.resources
    shown = [
        int(n)
        for n in page.eval_on_selector_all("article.card", "cs => cs.map(c => c.dataset.res)")
    ]
    dated = next(n for n in shown if (resources[n - 1].year or 2100) < 2100)
    gone = next(n for n in shown if n != dated)
    year = resources[dated - 1].year
    assert year is not None
    row = edit(page, dated, "year", "20l9")
    assert row.locator(".error").inner_text() == "une année de 1900 à 2100, ou rien"
    row.locator("form.editor input").fill(str(year + 1))
    row.locator("form.editor input").press("Enter")
    assert row.locator(".value").inner_text() == str(year + 1)
    assert f"le PDF donnait : {year}" in row.inner_text()
    page.click(f"#res-{gone} button.drop")
    page.fill(f"#res-{gone} .note-input", "=un encadré, pas une fiche")
    page.press(f"#res-{gone} .note-input", "Tab")
    assert page.inner_text("#export-status") == "2 corrections à exporter"
    # Kept in the browser between visits.
    page.reload()
    assert page.locator(f'#res-{dated} .row[data-field="year"] .value').inner_text() == str(
        year + 1
    )
    assert page.get_attribute(f"#res-{gone} button.drop", "aria-pressed") == "true"
    exported = export(page, tmp_path)
    assert exported.name == "corrections.csv"
    text = exported.read_text(encoding="utf-8-sig")
    assert "'=un encadré" in text  # guarded from a spreadsheet, read back as written
    fixes = read_corrections(exported)
    made = sorted([(dated, "year"), (gone, "drop")])  # in the order of the records
    assert [(c.card_id, c.field) for c in fixes.rows] == [
        (resources[n - 1].card_id, field) for n, field in made
    ]
    fixed = apply_corrections(catalogue, fixes)
    assert fixed.corrections is not None and not fixed.corrections.not_applied
    by_id = {r.card_id: r for r in fixed.resources}
    assert by_id[resources[dated - 1].card_id].year == year + 1
    assert resources[gone - 1].card_id not in by_id
    assert next(c for c in fixes.rows if c.field == "drop").note == "=un encadré, pas une fiche"
    assert warned_page.errors == []


def test_the_export_repeats_the_corrections_file_the_review_was_given(
    browser: Any, catalogue_2021: Catalogue, tmp_path: Path
) -> None:
    fixes = read_corrections(SAMPLE_CORRECTIONS)
    typo = next(c for c in fixes.rows if c.field == "resource_type")
    record = next(r for r in catalogue_2021.resources if r.card_id == typo.card_id)
    fixed = apply_corrections(catalogue_2021, fixes)
    review = build_review(
        PDF_2021, fixed, pages=(record.page, record.page), resolution=36, corrections=fixes
    )
    write_review(tmp_path / "review", review.html, review.images)
    watched = Watched(browser, tmp_path / "review" / HTML_NAME)
    try:
        page = watched.page
        number = catalogue_2021.resources.index(record) + 1
        row = page.locator(f'#res-{number} .row[data-field="resource_type"]')
        assert "le PDF donnait : Etude" in row.inner_text()
        edit(page, number, "resource_type", "Étude de cas")
        exported = read_corrections(export(page, tmp_path))
    finally:
        watched.close()
    assert [(c.card_id, c.field) for c in exported.rows] == [
        (c.card_id, c.field) for c in fixes.rows
    ]
    again = next(c for c in exported.rows if c.field == "resource_type")
    assert (again.value, again.was, again.note) == ("Étude de cas", "Etude", typo.note)
    assert [c for c in exported.rows if c is not again] == [c for c in fixes.rows if c != typo]
    corrected = apply_corrections(catalogue_2021, exported)
    assert corrected.corrections is not None and not corrected.corrections.not_applied
    assert next(r for r in corrected.resources if r.card_id == typo.card_id).resource_type == (
        "Étude de cas"
    )


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


def keep(shot: bytes, path: Path) -> None:
    """A screenshot for the docs, rewritten only when it changed."""
    path.parent.mkdir(exist_ok=True)
    if not path.exists() or path.read_bytes() != shot:
        path.write_bytes(shot)


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
    keep(page.screenshot(), SCREENSHOT)
    assert diff_page.errors == []


def test_warnings_filter_hides_resources_without_warnings(
    warned_page: Watched, warned_review: tuple[Path, Catalogue]
) -> None:
    page = warned_page.page
    cards = page.locator("article.card")
    total = cards.count()
    assert total == len(on_pages(warned_review[1], range(17, 21))) > 1
    assert page.locator("article.card:visible").count() == total
    page.check("#only-warnings")
    assert page.locator("article.card:visible").count() == 1
    assert page.locator(".nothing:visible").count() == 0
    assert page.locator('article.card[data-warn="1"]').is_visible()
    assert page.locator("svg .res:visible").count() == 1
    assert page.locator(".warnbox").count() == 2
    page.uncheck("#only-warnings")
    assert page.locator("article.card:visible").count() == total
    assert warned_page.errors == []


def test_the_page_is_accessible(warned_page: Watched) -> None:
    """axe-core finds nothing serious, with a field being corrected and the contents open;
    the keyboard's place is always shown."""
    from axe_playwright_python.sync_playwright import Axe

    page = warned_page.page
    page.click("details.toc > summary")
    number = page.get_attribute("article.card", "data-res")
    row = page.locator(f'#res-{number} .row[data-field="publisher"]')
    row.hover()
    row.locator(".edit").click()
    results = Axe().run(page).response
    serious = [
        f"{v['id']} ({v['impact']}): {v['nodes'][0]['target']}"
        for v in results["violations"]
        if v["impact"] in ("serious", "critical")
    ]
    assert serious == []
    page.keyboard.press("Escape")
    for _ in range(3):
        page.keyboard.press("Tab")
        style = page.evaluate(
            "() => { const s = getComputedStyle(document.activeElement); "
            "return [s.outlineStyle, s.outlineWidth]; }"
        )
        assert style[0] != "none" and style[1] != "0px", style


def test_printed_each_page_comes_with_its_image_and_its_records_uncut(
    warned_page: Watched, warned_review: tuple[Path, Catalogue]
) -> None:
    page = warned_page.page
    shown = page.eval_on_selector_all(
        "section.page img", "imgs => imgs.map(i => [i.naturalWidth, i.naturalHeight])"
    )
    pdf = pikepdf.open(io.BytesIO(page.pdf()))
    printed = [
        [int(image.Width), int(image.Height)]
        for sheet in pdf.pages
        for image in sheet.get_images().values()
    ]
    assert sorted(printed) == sorted(shown) and len(shown) == 4
    page.emulate_media(media="print")
    cut = page.eval_on_selector_all(
        ".records, article.card, dl",
        "els => els.filter(e => e.scrollHeight > e.clientHeight + 1).map(e => e.id || e.className)",
    )
    assert cut == []
    assert page.locator(".toolbar").is_hidden() and page.locator("article.card").first.is_visible()


def test_at_a_phones_width_the_records_follow_their_page(
    browser: Any, warned_review: tuple[Path, Catalogue]
) -> None:
    watched = Watched(browser, warned_review[0], width=390, height=844)
    page = watched.page
    try:
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        for section in page.locator("section.page").all():
            sheet = section.locator(".sheet").bounding_box()
            assert sheet["width"] > 300 and sheet["x"] >= 0 and sheet["x"] + sheet["width"] <= 390
            for card in section.locator("article.card").all():
                box = card.bounding_box()
                assert box["y"] >= sheet["y"] + sheet["height"] and box["x"] + box["width"] <= 390
        assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        page.locator("section.page").nth(2).evaluate("(el) => el.scrollIntoView()")
        page.evaluate("() => Promise.all([...document.images].map((img) => img.decode()))")
        keep(page.screenshot(), PHONE_SCREENSHOT)
        assert watched.errors == []
    finally:
        watched.close()


def test_the_single_file_opens_alone(browser: Any, single_file: Review, tmp_path: Path) -> None:
    path = tmp_path / "attachment.html"
    path.write_text(single_file.html, encoding="utf-8")
    watched = Watched(browser, path)
    try:
        page = watched.page
        assert page.evaluate("[...document.images].every(i => i.complete && i.naturalWidth > 0)")
        assert page.locator("section.page img").count() == 2
        assert {url for url in watched.requests if not url.startswith("data:")} == {path.as_uri()}
        assert watched.errors == []
    finally:
        watched.close()
