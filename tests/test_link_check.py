"""The link checker against a local HTTP server, one case at a time: each outcome, redirects,
retries, HEAD refused, timeouts, a large body, a closed port and a self-signed certificate.

Nothing leaves the machine: every address is on 127.0.0.1, and the one case that needs a name
that does not resolve is played by a transport that fails as the resolver would.
"""

from __future__ import annotations

import asyncio
import dataclasses
import datetime
import ipaddress
import re
import socket
import ssl
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
from pytest_httpserver import HTTPServer
from werkzeug import Request, Response

from extract.linkcheck.check import USER_AGENT, Settings, check_urls, retry_after
from extract.linkcheck.models import LinkResult

FAST = Settings(
    connect_timeout=0.5,
    read_timeout=0.3,
    total_timeout=0.6,
    backoff=0.01,
    max_retry_wait=2.0,
    max_redirects=5,
    trust_env=False,
    allow_private=True,  # every server here is on 127.0.0.1
)


@pytest.fixture(scope="module")
def server() -> Iterator[HTTPServer]:
    # Threaded: a slow answer must not hold up the others.
    instance = HTTPServer(host="127.0.0.1", port=0, threaded=True)
    instance.start()
    yield instance
    instance.clear()
    instance.stop()


@pytest.fixture
def web(server: HTTPServer) -> HTTPServer:
    server.clear()
    return server


def check(url: str, settings: Settings = FAST) -> LinkResult:
    return check_urls([url], settings)[url]


def methods(server: HTTPServer, path: str) -> list[str]:
    return [request.method for request, _ in server.log if request.path == path]


def redirect(web: HTTPServer, path: str, status: int, to: str) -> None:
    web.expect_request(path).respond_with_data("", status=status, headers={"Location": to})


# ---------------------------------------------------------------------------------------------
# Outcomes.


def test_ok_with_head_alone(web: HTTPServer) -> None:
    web.expect_request("/page").respond_with_data("bonjour")
    result = check(web.url_for("/page"))
    assert (result.outcome, result.status, result.error) == ("ok", 200, None)
    assert result.final_url == web.url_for("/page") and result.redirects == []
    assert methods(web, "/page") == ["HEAD"]
    assert web.log[0][0].headers["User-Agent"] == USER_AGENT
    assert result.checked_at.endswith("Z") and 0 <= result.seconds < 1


def test_checks_from_code_that_already_runs_an_event_loop(web: HTTPServer) -> None:
    """A notebook, or a program driving a browser, runs a loop in its thread: the check must
    not fail there with "asyncio.run() cannot be called from a running event loop"."""
    web.expect_request("/page").respond_with_data("bonjour")

    async def inside_a_loop() -> LinkResult:
        return check(web.url_for("/page"))

    assert asyncio.run(inside_a_loop()).outcome == "ok"


def test_permanent_redirect_chain_is_redirected(web: HTTPServer) -> None:
    redirect(web, "/old", 301, "/moved")
    redirect(web, "/moved", 302, web.url_for("/new"))
    web.expect_request("/new").respond_with_data("ici")
    result = check(web.url_for("/old"))
    assert result.outcome == "redirected" and result.status == 200
    assert [(h.status, h.url) for h in result.redirects] == [
        (301, web.url_for("/moved")),
        (302, web.url_for("/new")),
    ]
    assert result.final_url == web.url_for("/new")


def test_temporary_redirects_are_ok(web: HTTPServer) -> None:
    redirect(web, "/today", 302, "/a")
    redirect(web, "/a", 307, "/b")
    web.expect_request("/b").respond_with_data("")
    result = check(web.url_for("/today"))
    assert result.outcome == "ok" and result.final_url == web.url_for("/b")
    assert [h.status for h in result.redirects] == [302, 307]


def test_redirect_loop_is_failing(web: HTTPServer) -> None:
    redirect(web, "/loop-a", 301, "/loop-b")
    redirect(web, "/loop-b", 302, "/loop-a")
    result = check(web.url_for("/loop-a"))
    assert result.outcome == "failing"
    assert result.error is not None and result.error.startswith("redirect loop")
    assert [h.url for h in result.redirects] == [web.url_for("/loop-b"), web.url_for("/loop-a")]


def test_too_many_redirects_is_failing(web: HTTPServer) -> None:
    def onwards(request: Request) -> Response:
        step = int(request.path.rsplit("/", 1)[1])
        return Response("", status=302, headers={"Location": f"/hop/{step + 1}"})

    web.expect_request(re.compile(r"/hop/\d+")).respond_with_handler(onwards)
    result = check(web.url_for("/hop/0"))
    assert result.outcome == "failing"
    assert result.error == f"too many redirects (more than {FAST.max_redirects})"
    assert len(result.redirects) == FAST.max_redirects + 1


@pytest.mark.parametrize("status, phrase", [(404, "Not Found"), (410, "Gone")])
def test_gone_is_broken_and_confirmed_by_get(web: HTTPServer, status: int, phrase: str) -> None:
    web.expect_request("/gone").respond_with_data("", status=status)
    result = check(web.url_for("/gone"))
    assert (result.outcome, result.status) == ("broken", status)
    assert result.error == f"HTTP {status} {phrase}"
    assert methods(web, "/gone") == ["HEAD", "GET"]


def test_404_on_head_only_is_ok(web: HTTPServer) -> None:
    web.expect_request("/liar", method="HEAD").respond_with_data("", status=404)
    web.expect_request("/liar", method="GET").respond_with_data("le vrai contenu")
    result = check(web.url_for("/liar"))
    assert (result.outcome, result.status) == ("ok", 200)
    assert methods(web, "/liar") == ["HEAD", "GET"]


def test_head_refused_then_get(web: HTTPServer) -> None:
    web.expect_request("/no-head", method="HEAD").respond_with_data("", status=405)
    web.expect_request("/no-head", method="GET").respond_with_data("ok")
    result = check(web.url_for("/no-head"))
    assert (result.outcome, result.status) == ("ok", 200)
    assert methods(web, "/no-head") == ["HEAD", "GET"]


def test_429_waits_as_retry_after_says(web: HTTPServer) -> None:
    web.expect_oneshot_request("/busy").respond_with_data(
        "", status=429, headers={"Retry-After": "1"}
    )
    web.expect_request("/busy").respond_with_data("")
    started = time.monotonic()
    result = check(web.url_for("/busy"))
    assert result.outcome == "ok"
    assert time.monotonic() - started >= 1.0, "Retry-After: 1 was waited for"
    assert methods(web, "/busy") == ["HEAD", "HEAD"]


def test_429_asking_too_long_a_wait_is_failing_at_once(web: HTTPServer) -> None:
    web.expect_request("/later").respond_with_data("", status=429, headers={"Retry-After": "3600"})
    started = time.monotonic()
    result = check(web.url_for("/later"))
    assert time.monotonic() - started < 1.0
    assert (result.outcome, result.status) == ("failing", 429)
    assert result.error is not None and "Retry-After 3600 s" in result.error
    assert methods(web, "/later") == ["HEAD"], "neither waited for nor asked again by GET"


def test_500_then_200_is_ok_after_a_retry(web: HTTPServer) -> None:
    web.expect_oneshot_request("/flaky").respond_with_data("", status=500)
    web.expect_request("/flaky").respond_with_data("")
    result = check(web.url_for("/flaky"))
    assert (result.outcome, result.status) == ("ok", 200)
    assert methods(web, "/flaky") == ["HEAD", "HEAD"]


def test_500_for_good_is_failing(web: HTTPServer) -> None:
    web.expect_request("/down").respond_with_data("", status=503)
    result = check(web.url_for("/down"))
    assert (result.outcome, result.status) == ("failing", 503)
    assert result.error == "HTTP 503 Service Unavailable (still after 3 tries)"
    assert len(methods(web, "/down")) == FAST.retries + 1


def test_other_client_errors_are_failing(web: HTTPServer) -> None:
    web.expect_request("/private").respond_with_data("", status=403)
    result = check(web.url_for("/private"))
    assert (result.outcome, result.error) == ("failing", "HTTP 403 Forbidden")


def test_slower_than_the_timeout_is_failing(web: HTTPServer) -> None:
    def slow(request: Request) -> Response:
        time.sleep(1.0)
        return Response("trop tard")

    web.expect_request("/slow").respond_with_handler(slow)
    started = time.monotonic()
    result = check(web.url_for("/slow"))
    assert time.monotonic() - started < 0.9
    assert result.outcome == "failing" and result.status is None
    assert result.error is not None and result.error.startswith("timed out")


def test_a_large_body_is_cut_after_a_few_kb(web: HTTPServer) -> None:
    sent: list[int] = []
    chunk = b"x" * 65536
    chunks = 64 * 16  # 64 MB

    def download(request: Request) -> Response:
        def body() -> Iterator[bytes]:
            for _ in range(chunks):
                sent.append(len(chunk))
                yield chunk

        return Response(body(), headers={"Content-Length": str(len(chunk) * chunks)})

    web.expect_request("/big.zip", method="HEAD").respond_with_data("", status=405)
    web.expect_request("/big.zip", method="GET").respond_with_handler(download)
    started = time.monotonic()
    result = check(web.url_for("/big.zip"))
    assert (result.outcome, result.status) == ("ok", 200)
    assert time.monotonic() - started < 2.0
    time.sleep(0.2)  # the server notices the closed connection
    assert sum(sent) < len(chunk) * chunks // 4, "the download was not read to its end"


def test_a_closed_port_is_broken() -> None:
    with socket.socket() as spare:
        spare.bind(("127.0.0.1", 0))
        port = spare.getsockname()[1]
    result = check(f"http://127.0.0.1:{port}/")
    assert (result.outcome, result.error) == ("broken", "connection refused")


@pytest.mark.parametrize(
    "code, strerror, outcome, error",
    [
        (
            socket.EAI_NONAME,
            "Name or service not known",
            "broken",
            "unknown host (the name does not resolve)",
        ),
        (
            socket.EAI_AGAIN,
            "Temporary failure in name resolution",
            "failing",
            "name lookup failed (Temporary failure in name resolution)",
        ),
    ],
)
def test_an_unknown_host_is_broken_a_resolver_out_of_reach_failing(
    code: int, strerror: str, outcome: str, error: str
) -> None:
    def resolver(request: httpx.Request) -> httpx.Response:
        failure = socket.gaierror(code, strerror)
        raise httpx.ConnectError(str(failure), request=request) from failure

    url = "https://nowhere.invalid/page"
    result = check_urls([url], FAST, transport=httpx.MockTransport(resolver))[url]
    assert (result.outcome, result.error) == (outcome, error)


@pytest.mark.parametrize(
    "url, outcome",
    [
        ("mailto:contact@avise.org", "skipped"),
        ("Ressource", "skipped"),
        ("ftp://example.org/file", "skipped"),
        ("https://exa mple.org/", "broken"),
        ("http://", "broken"),
    ],
)
def test_what_is_not_asked(url: str, outcome: str) -> None:
    def never(request: httpx.Request) -> httpx.Response:
        raise AssertionError(f"asked {request.url}")

    result = check_urls([url], FAST, transport=httpx.MockTransport(never))[url]
    assert result.outcome == outcome and result.status is None and result.error


# ---------------------------------------------------------------------------------------------
# TLS.


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 signed by its own key, made for this run."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(hours=1))
        .not_valid_after(now + datetime.timedelta(hours=1))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = folder / "cert.pem", folder / "key.pem"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


@pytest.fixture
def tls_server(tmp_path: Path) -> Iterator[tuple[HTTPServer, Path]]:
    cert, key = self_signed(tmp_path)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    instance = HTTPServer(host="127.0.0.1", port=0, ssl_context=context, threaded=True)
    instance.expect_request("/secure").respond_with_data("chiffré")
    instance.start()
    yield instance, cert
    instance.stop()


def test_a_self_signed_certificate_is_failing(tls_server: tuple[HTTPServer, Path]) -> None:
    server, cert = tls_server
    url = server.url_for("/secure")
    assert url.startswith("https://")
    result = check(url)
    assert result.outcome == "failing" and result.status is None
    assert result.error is not None and result.error.startswith("TLS error: ")
    assert re.search(r"self.signed certificate", result.error)
    # The same server, its certificate trusted: the failure was the certificate's alone.
    trusted = ssl.create_default_context(cafile=str(cert))
    again = check(url, dataclasses.replace(FAST, verify=trusted))
    assert (again.outcome, again.status) == ("ok", 200)


# ---------------------------------------------------------------------------------------------
# Pieces.


def test_retry_after_reads_seconds_and_dates() -> None:
    assert retry_after("120") == 120.0
    assert retry_after(None) is None and retry_after("soon") is None
    now = 1_700_000_000.0
    date = "Tue, 14 Nov 2023 22:15:00 GMT"  # now + 100 s
    assert retry_after(date, now=now) == pytest.approx(100.0)
    assert retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now=now) == 0.0


def test_each_address_is_asked_once_and_results_come_as_they_are_found(web: HTTPServer) -> None:
    web.expect_request("/once").respond_with_data("")
    heard: list[str] = []
    lock = threading.Lock()

    def done(result: LinkResult) -> None:
        with lock:
            heard.append(result.url)

    url = web.url_for("/once")
    found = check_urls([url, url, "mailto:x@example.org"], FAST, done=done)
    assert sorted(found) == sorted([url, "mailto:x@example.org"])
    assert methods(web, "/once") == ["HEAD"] and len(heard) == 2
