"""`catalogue links DIR`: the reports it writes beside an extraction, the cache, --offline, the
exit status and the errors; then the link report on the review page and in `catalogue diff`.

Every address is on a local server (127.0.0.1); the extractions are the committed 2021 one with
some resources' links pointed at it.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from extract.cli import main
from extract.diff.compare import compare_catalogues
from extract.diff.report import changes_csv, changes_json, markdown
from extract.errors import ExitCode
from extract.linkcheck.cache import OURS_KEPT, LinkCache
from extract.linkcheck.models import Hop, LinkResult
from extract.linkcheck.report import (
    CSV_HEADER,
    LinkReport,
    ReportEdition,
    ReportedLink,
    broken_between,
    load_report,
)
from extract.review.drawing import PageView
from extract.review.html import render_html
from extract.review.links import link_marks
from extract.write.files import render, write_catalogue
from schemas.models import Catalogue
from tests.conftest import ROOT

EXTRACTION_2021 = ROOT / "output" / "ess-pvd-2021" / "catalogue.json"
MAILTO = "mailto:contact@avise.org"


@pytest.fixture(autouse=True)
def no_proxy(monkeypatch: pytest.MonkeyPatch) -> None:
    """The client honours proxy variables, as users behind one need; the local server is not
    behind any."""
    for name in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.delenv("all_proxy", raising=False)


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    instance = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    instance.start()
    yield instance
    instance.clear()
    instance.stop()


@pytest.fixture
def web(server: HTTPServer) -> HTTPServer:
    server.clear()
    server.expect_request("/ok").respond_with_data("bonjour")
    server.expect_request("/also-ok").respond_with_data("bonjour")
    server.expect_request("/gone").respond_with_data("", status=404)
    server.expect_request("/old").respond_with_data(
        "", status=301, headers={"Location": "/new-home"}
    )
    server.expect_request("/new-home").respond_with_data("ici")
    return server


@pytest.fixture(scope="module")
def catalogue_2021() -> Catalogue:
    return Catalogue.model_validate_json(EXTRACTION_2021.read_bytes())


def with_links(catalogue: Catalogue, links: list[list[str]]) -> Catalogue:
    """The catalogue's first resources given these links (and the first as their url)."""
    changed = [
        r.model_copy(update={"links": urls, "url": urls[0] if urls else None})
        for r, urls in zip(catalogue.resources, links, strict=False)
    ]
    return catalogue.model_copy(update={"resources": changed + catalogue.resources[len(links) :]})


def extraction(folder: Path, catalogue: Catalogue, links: list[list[str]]) -> Path:
    """An extraction folder whose resources are only the first `len(links)`, so linked."""
    linked = with_links(catalogue, links)
    small = linked.model_copy(update={"resources": linked.resources[: len(links)]})
    write_catalogue(small, folder)
    return folder


def run(*argv: str | Path) -> int:
    """`catalogue links ARGV`, local addresses allowed: the servers here are on 127.0.0.1."""
    return main(["links", *map(str, argv), "--allow-private"])


def report_of(folder: Path) -> LinkReport:
    return load_report(folder / "links.json")


def by_url(report: LinkReport) -> dict[str, ReportedLink]:
    return {link.url: link for link in report.links}


@pytest.fixture
def mixed(tmp_path: Path, web: HTTPServer, catalogue_2021: Catalogue) -> Path:
    u = web.url_for
    return extraction(
        tmp_path / "out",
        catalogue_2021,
        [[u("/ok"), MAILTO], [u("/gone")], [u("/old")], [u("/ok"), u("/also-ok")]],
    )


def test_reports_beside_the_extraction(
    mixed: Path, web: HTTPServer, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p.name: p.read_bytes() for p in mixed.iterdir()}
    assert run(mixed, "--cache", tmp_path / "cache.sqlite") == 1, "a broken link: exit 1"
    after = {p.name: p.read_bytes() for p in mixed.iterdir()}
    assert sorted(after) == sorted([*before, "links.csv", "links.json"])
    assert all(after[name] == data for name, data in before.items()), "outputs untouched"

    report = report_of(mixed)
    assert [link.url for link in report.links] == sorted(link.url for link in report.links)
    links = by_url(report)
    ids = [r.card_id for r in Catalogue.model_validate_json(before["catalogue.json"]).resources]
    ok = links[web.url_for("/ok")]
    assert (ok.outcome, ok.status, ok.card_ids) == ("ok", 200, [ids[0], ids[3]])
    gone = links[web.url_for("/gone")]
    assert (gone.outcome, gone.status, gone.error) == ("broken", 404, "HTTP 404 Not Found")
    moved = links[web.url_for("/old")]
    assert moved.outcome == "redirected" and moved.final_url == web.url_for("/new-home")
    assert moved.redirects == [Hop(status=301, url=web.url_for("/new-home"))]
    assert links[MAILTO].outcome == "skipped"
    assert report.summary == {"ok": 2, "redirected": 1, "broken": 1, "failing": 0, "skipped": 1}

    rows = list(csv.reader(io.StringIO(after["links.csv"].decode("utf-8"))))
    assert tuple(rows[0]) == CSV_HEADER and len(rows) == 6
    row = dict(zip(CSV_HEADER, rows[1 + sorted(links).index(web.url_for("/old"))], strict=True))
    assert row["redirects"] == f"301 {web.url_for('/new-home')}"
    assert row["card_ids"] == ids[2] and row["status"] == "200"

    out, err = capsys.readouterr()
    assert "catalogue: links: 5/5 checked" in err
    assert "broken          1" in out and "total           5" in out
    assert "Links that do not work:" in out and web.url_for("/gone") in out
    assert f"→ {web.url_for('/new-home')}" in out


def test_exit_0_when_every_link_works(
    tmp_path: Path, web: HTTPServer, catalogue_2021: Catalogue
) -> None:
    folder = extraction(tmp_path / "out", catalogue_2021, [[web.url_for("/ok")], [MAILTO]])
    assert run(folder, "-q", "--cache", tmp_path / "c.sqlite") == 0


def test_a_rerun_asks_no_site_again(mixed: Path, web: HTTPServer, tmp_path: Path) -> None:
    cache = tmp_path / "cache.sqlite"
    assert run(mixed, "-q", "--cache", cache) == 1
    first = (mixed / "links.json").read_bytes(), (mixed / "links.csv").read_bytes()
    asked = len(web.log)
    assert asked >= 5
    assert run(mixed, "-q", "--cache", cache) == 1
    assert len(web.log) == asked, "every result came from the cache"
    assert ((mixed / "links.json").read_bytes(), (mixed / "links.csv").read_bytes()) == first
    assert run(mixed, "-q", "--cache", cache, "--max-age", "0") == 1
    assert len(web.log) == 2 * asked, "--max-age 0 asks every site again"
    rows = sqlite3.connect(cache).execute("SELECT url FROM link_results").fetchall()
    assert len(rows) == 4, "one row per web address; mailto: is not cached"


def test_offline_reports_from_the_cache_only(
    mixed: Path, web: HTTPServer, tmp_path: Path, catalogue_2021: Catalogue
) -> None:
    cache = tmp_path / "cache.sqlite"
    assert run(mixed, "-q", "--cache", cache) == 1
    checked = by_url(report_of(mixed))
    web.clear_log()
    later = extraction(
        tmp_path / "later",
        catalogue_2021,
        [[web.url_for("/gone")], [web.url_for("/never-asked")], [web.url_for("/ok")]],
    )
    assert run(later, "-q", "--cache", cache, "--offline", "--max-age", "0") == 1
    assert web.log == [], "offline: no request at all, whatever the age"
    links = by_url(report_of(later))
    gone = links[web.url_for("/gone")]
    assert gone.outcome == "broken"
    assert gone.checked_at == checked[web.url_for("/gone")].checked_at, "when it was really asked"
    never = links[web.url_for("/never-asked")]
    assert (never.outcome, never.error) == ("skipped", "not in the cache (--offline)")


def test_errors_are_one_line_with_their_code(
    tmp_path: Path, catalogue_2021: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    cache = tmp_path / "cache.sqlite"
    empty = tmp_path / "empty"
    empty.mkdir()
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "catalogue.json").write_text('{"format": "something else"}', encoding="utf-8")
    not_a_cache = tmp_path / "not-a-cache.sqlite"
    not_a_cache.write_text("these are not the results you are looking for\n" * 100)
    good = extraction(tmp_path / "good", catalogue_2021, [[MAILTO]])
    cases = [
        ([tmp_path / "missing"], 3, f"catalogue: {tmp_path / 'missing'}: no such folder"),
        (
            [empty],
            3,
            f"catalogue: {empty}: no catalogue.json in this folder (run catalogue extract)",
        ),
        ([good / "cards.csv"], 3, "is a file, not an extraction folder"),
        ([bad], 2, f"catalogue: {bad / 'catalogue.json'}: not an extracted catalogue.json ("),
    ]
    for argv, code, message in cases:
        assert run(*argv, "--cache", cache) == code, argv
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err, err
    assert run(good, "--cache", not_a_cache) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"catalogue: {not_a_cache}: not a link cache (") and err.count("\n") == 1
    assert not (empty / "links.json").exists() and not (bad / "links.json").exists()
    assert not (good / "links.json").exists()
    with pytest.raises(SystemExit) as usage:
        run(good, "--max-age", "soon")
    assert usage.value.code == 2


def test_a_catalogue_json_path_reports_beside_it(
    tmp_path: Path, web: HTTPServer, catalogue_2021: Catalogue
) -> None:
    folder = extraction(tmp_path / "out", catalogue_2021, [[web.url_for("/ok")]])
    assert run(folder / "catalogue.json", "-q", "--cache", tmp_path / "c.sqlite") == 0
    assert (folder / "links.json").is_file() and (folder / "links.csv").is_file()


@pytest.mark.parametrize("stop", [signal.SIGINT, signal.SIGTERM])
def test_an_interrupted_check_writes_nothing_and_keeps_what_it_found(
    tmp_path: Path, web: HTTPServer, catalogue_2021: Catalogue, stop: signal.Signals
) -> None:
    def slow(request: Request) -> Response:
        time.sleep(3)
        return Response("enfin")

    web.expect_request("/slow").respond_with_handler(slow)
    folder = extraction(
        tmp_path / "out", catalogue_2021, [[web.url_for("/slow")], [web.url_for("/ok")]]
    )
    cache = tmp_path / "cache.sqlite"
    command = [
        str(Path(sys.executable).with_name("catalogue")),
        "links",
        str(folder),
        "--allow-private",
    ]
    running = subprocess.Popen(
        [*command, "--cache", str(cache)], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    try:
        deadline = time.monotonic() + 20
        while cached(cache) != [web.url_for("/ok")] and time.monotonic() < deadline:
            time.sleep(0.05)
        running.send_signal(stop)
        out, err = running.communicate(timeout=20)
    finally:
        running.kill()
    assert running.returncode == 130
    assert err.splitlines()[-1] == "catalogue: interrupted; previous outputs left as they were"
    assert "Traceback" not in err and out == ""
    assert not (folder / "links.json").exists() and not (folder / "links.csv").exists()
    assert cached(cache) == [web.url_for("/ok")], "the next run goes on from there"


def cached(cache: Path) -> list[str]:
    try:
        with contextlib.closing(sqlite3.connect(cache)) as db:
            return [row[0] for row in db.execute("SELECT url FROM link_results")]
    except sqlite3.Error:
        return []  # not made yet


# ---------------------------------------------------------------------------------------------
# The review page and the diff.


def report(catalogue: Catalogue, outcomes: dict[str, str]) -> LinkReport:
    links = [
        ReportedLink(
            url=url,
            card_ids=[r.card_id for r in catalogue.resources if url in r.links],
            outcome=outcome,  # type: ignore[arg-type]
            status={"ok": 200, "redirected": 200, "broken": 404}.get(outcome),
            final_url=url + "/ailleurs" if outcome == "redirected" else None,
            redirects=[Hop(status=301, url=url + "/ailleurs")] if outcome == "redirected" else [],
            seconds=0.1,
            checked_at="2024-05-01T10:00:00Z",
            error="HTTP 404 Not Found" if outcome == "broken" else None,
        )
        for url, outcome in sorted(outcomes.items())
    ]
    edition = catalogue.edition
    return LinkReport(
        edition=ReportEdition(
            title=edition.title, source_file=edition.source_file, sha256=edition.sha256
        ),
        summary={},
        links=links,
    )


def test_the_review_marks_each_links_outcome(catalogue_2021: Catalogue) -> None:
    first, second = catalogue_2021.resources[:2]
    outcomes = {url: "ok" for r in catalogue_2021.resources for url in r.links}
    outcomes[first.links[0]] = "broken"
    outcomes[second.links[0]] = "redirected"
    marks = link_marks(report(catalogue_2021, outcomes))
    views = [PageView(n, 595.3, 841.9, f"pages/page-{n:02d}.png", 655, 926) for n in range(1, 40)]
    html = render_html(catalogue_2021, views, None, marks)
    plain = render_html(catalogue_2021, views)
    assert 'class="outcome' not in plain and "lien en panne" not in plain
    badges = html.count('<span class="outcome ')
    assert badges == sum(len(r.links) + (r.url is not None) for r in catalogue_2021.resources)
    assert html.count('<span class="outcome broken"') == 2  # the url row and the links list
    assert 'title="broken · HTTP 404 Not Found · checked 2024-05-01T10:00:00Z"' in html
    assert f"now at {second.links[0]}/ailleurs" in html
    card = html[html.index('id="res-1"') : html.index('id="res-2"')]
    assert "lien en panne" in card
    assert html.count("lien en panne") == 1
    assert '<rect class="link outcome-broken"' in html
    assert '<b id="count-links-broken">1</b>' in html
    assert '<b id="count-links-redirected">1</b>' in html
    assert html.count("<script") == 1


def test_the_review_command_refuses_a_missing_report(tmp_path: Path) -> None:
    pdf = ROOT / "samples" / "ess-pvd-2021.pdf"
    code = main(["review", str(pdf), "-q", "-o", str(tmp_path / "r"), "--links", str(tmp_path)])
    assert code == 2 and not (tmp_path / "r").exists()


def test_links_that_broke_between_two_reports(catalogue_2021: Catalogue) -> None:
    urls = sorted({u for r in catalogue_2021.resources for u in r.links})[:5]
    a, b, c, d, e = urls
    old = report(catalogue_2021, {a: "ok", b: "ok", c: "broken", d: "redirected", e: "skipped"})
    new = report(catalogue_2021, {a: "broken", b: "ok", c: "broken", d: "failing", e: "broken"})
    broke = broken_between(old, new)
    assert [(x.url, x.old_outcome, x.outcome) for x in broke] == [
        (a, "ok", "broken"),
        (d, "redirected", "failing"),
    ]
    assert broke[0].card_ids == [r.card_id for r in catalogue_2021.resources if a in r.links]


def test_diff_lists_the_links_that_broke(
    tmp_path: Path, catalogue_2021: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    urls = sorted({u for r in catalogue_2021.resources for u in r.links})[:2]
    old_dir, new_dir = tmp_path / "old", tmp_path / "new"
    for folder, outcomes in (
        (old_dir, {urls[0]: "ok", urls[1]: "ok"}),
        (new_dir, {urls[0]: "broken", urls[1]: "ok"}),
    ):
        for name, data in render(catalogue_2021).items():
            folder.mkdir(exist_ok=True)
            (folder / name).write_bytes(data)
        text = report(catalogue_2021, outcomes).model_dump_json()
        (folder / "links.json").write_text(text, encoding="utf-8")
    out = tmp_path / "diff"
    argv = ["diff", str(old_dir), str(new_dir), "-o", str(out)]
    assert main(argv) == 0, "the same edition: no changes"
    assert "links_broken" not in (out / "changes.json").read_text(encoding="utf-8")
    assert "Links that broke" not in (out / "changes.md").read_text(encoding="utf-8")
    assert main([*argv, "--links", str(old_dir), str(new_dir / "links.json")]) == 1
    data = json.loads((out / "changes.json").read_text(encoding="utf-8"))
    assert [b["url"] for b in data["links_broken"]] == [urls[0]]
    md = (out / "changes.md").read_text(encoding="utf-8")
    assert "## Links that broke (1)" in md and "| Links that broke | 1 |" in md
    assert f"<{urls[0]}>: ok (2024-05-01T10:00:00Z) → **broken**" in md
    rows = list(csv.reader(io.StringIO((out / "changes.csv").read_text(encoding="utf-8"))))
    assert [r[1:4] for r in rows[1:]] == [["link-broke", urls[0], "ok"]]
    assert "1 links broke" in capsys.readouterr().out
    missing = main([*argv, "--links", str(old_dir), str(tmp_path / "nowhere")])
    assert missing == 2


def test_diff_renderings_are_unchanged_without_link_reports(catalogue_2021: Catalogue) -> None:
    changes = compare_catalogues(catalogue_2021, catalogue_2021)
    assert changes.links_broken is None
    assert "links_broken" not in changes_json(changes)
    assert "Links" not in markdown(changes).split("## ")[0].split("| Unchanged |")[1]
    assert changes_csv(changes) == "card_id,kind,field,old,new\n"


# ---------------------------------------------------------------------------------------------
# Addresses that are not public, credentials, and no network.


def test_a_local_address_is_not_asked_without_allow_private(
    tmp_path: Path, web: HTTPServer, catalogue_2021: Catalogue
) -> None:
    folder = extraction(tmp_path / "out", catalogue_2021, [[web.url_for("/ok")], [MAILTO]])
    code = main(["links", str(folder), "-q", "--cache", str(tmp_path / "c.sqlite")])
    assert code == ExitCode.INCOMPLETE, "a link not checked is not a link that works"
    assert web.log == []
    link = by_url(report_of(folder))[web.url_for("/ok")]
    assert link.outcome == "skipped" and link.error is not None
    assert link.error.startswith("not asked: 127.0.0.1 is not a public address (loopback;")
    assert cached(tmp_path / "c.sqlite") == []


def test_credentials_are_never_sent_nor_written(
    tmp_path: Path, web: HTTPServer, catalogue_2021: Catalogue
) -> None:
    printed = web.url_for("/ok").replace("http://", "http://editor:s3cret@")
    folder = extraction(tmp_path / "out", catalogue_2021, [[printed]])
    cache = tmp_path / "c.sqlite"
    assert run(folder, "-q", "--cache", cache) == 0
    assert [request.headers.get("Authorization") for request, _ in web.log] == [None]
    for written in (folder / "links.csv", folder / "links.json", cache):
        assert b"s3cret" not in written.read_bytes() and b"editor" not in written.read_bytes()
    assert [link.url for link in report_of(folder).links] == [web.url_for("/ok")]


def unresolvable(code: int, message: str):
    async def resolve(host: str, port: int) -> list[str]:
        raise socket.gaierror(code, message)

    return resolve


@pytest.mark.parametrize(
    ("code", "message", "urls", "said"),
    [
        (  # DNS answers "unknown host" for every name
            socket.EAI_NONAME,
            "Name or service not known",
            ["https://www.avise.org/a", "https://www.ess-france.org/b", "https://anct.gouv.fr/c"],
            "no name resolution: no name resolves (3 addresses checked; unknown host",
        ),
        (  # no resolver in reach: one address is enough to tell
            socket.EAI_AGAIN,
            "Temporary failure in name resolution",
            ["https://www.avise.org/a"],
            "no name resolution: no name could be looked up (1 address checked; name lookup",
        ),
    ],
)
def test_without_a_network_nothing_is_written_nor_cached(
    tmp_path: Path,
    catalogue_2021: Catalogue,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    code: int,
    message: str,
    urls: list[str],
    said: str,
) -> None:
    import extract.linkcheck.addresses

    monkeypatch.setattr(extract.linkcheck.addresses, "system_resolve", unresolvable(code, message))
    folder = extraction(tmp_path / "out", catalogue_2021, [[u] for u in urls])
    previous = {"links.csv": b"url\nkept\n", "links.json": b"{}\n"}
    for name, data in previous.items():
        (folder / name).write_bytes(data)
    cache = tmp_path / "c.sqlite"
    assert main(["links", str(folder), "--cache", str(cache)]) == ExitCode.UNREACHABLE
    out, err = capsys.readouterr()
    assert out == ""
    (line,) = [ln for ln in err.splitlines() if not ln.startswith("catalogue: links: ")]
    assert line.startswith(f"catalogue: {folder}: {said}")
    assert line.endswith("; the previous report is left as it was")
    assert {name: (folder / name).read_bytes() for name in previous} == previous
    assert cached(cache) == [], "a failure of ours is not the link's"


def test_offline_with_nothing_in_the_cache_claims_nothing(
    tmp_path: Path, web: HTTPServer, catalogue_2021: Catalogue, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = extraction(tmp_path / "out", catalogue_2021, [[web.url_for("/ok")], [MAILTO]])
    (folder / "links.csv").write_bytes(b"url\nkept\n")
    assert run(folder, "--offline", "--cache", tmp_path / "empty.sqlite") == ExitCode.UNREACHABLE
    err = capsys.readouterr().err
    assert err == (
        f"catalogue: {folder}: --offline, and none of the 1 web addresses is in the cache; "
        "the previous report is left as it was\n"
    )
    assert (folder / "links.csv").read_bytes() == b"url\nkept\n"
    assert not (folder / "links.json").exists()


def test_offline_with_part_of_the_links_in_the_cache_is_not_a_success(
    tmp_path: Path, web: HTTPServer, catalogue_2021: Catalogue
) -> None:
    cache = tmp_path / "c.sqlite"
    first = extraction(tmp_path / "first", catalogue_2021, [[web.url_for("/ok")]])
    assert run(first, "-q", "--cache", cache) == 0
    later = extraction(
        tmp_path / "later", catalogue_2021, [[web.url_for("/ok")], [web.url_for("/also-ok")]]
    )
    assert run(later, "-q", "--offline", "--cache", cache) == ExitCode.INCOMPLETE
    outcomes = {link.url: link.outcome for link in report_of(later).links}
    assert outcomes == {web.url_for("/ok"): "ok", web.url_for("/also-ok"): "skipped"}


def test_a_failure_of_ours_is_kept_minutes_a_sites_answer_for_max_age(tmp_path: Path) -> None:
    cache_file = tmp_path / "c.sqlite"
    refused = LinkResult(
        url="https://a.example/", outcome="broken", checked_at="x", error="connection refused"
    )
    gone = LinkResult(
        url="https://b.example/", outcome="broken", status=404, checked_at="x", error="HTTP 404"
    )
    with LinkCache(cache_file) as cache:
        cache.put(refused)
        cache.put(gone)
        urls = [refused.url, gone.url]
        assert sorted(cache.get(urls, max_age=86400)) == urls, "both young"
        cache.db.execute("UPDATE link_results SET checked = checked - ?", (OURS_KEPT + 60,))
        cache.db.commit()
        assert list(cache.get(urls, max_age=86400)) == [gone.url]
        assert list(cache.get(urls)) == [gone.url], "not even offline"
