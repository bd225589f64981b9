"""The link checker asks public machines only: an address that is not public, however it is
spelt, a name that resolves to one, and a redirect to either are not asked, unless
`allow_private`; a user name and password in an address are never sent.

Nothing leaves the machine: requests are answered by a transport that records them, or by a
local server (127.0.0.1) reached through a resolver given by the test, or by a network backend
that records the connections the checker decides to make and answers them itself.
"""

from __future__ import annotations

import dataclasses
import socket
from collections.abc import Iterator, Sequence

import httpcore
import httpx
import pytest
from pytest_httpserver import HTTPServer

from extract.linkcheck.addresses import kind_of, literal_address
from extract.linkcheck.check import Settings, check_urls
from extract.linkcheck.models import LinkResult

GUARDED = Settings(
    connect_timeout=0.5,
    read_timeout=0.5,
    total_timeout=1.0,
    retries=0,
    max_redirects=5,
    trust_env=False,
)
OPEN = dataclasses.replace(GUARDED, allow_private=True)


class Recorder:
    """A transport that answers 200 (or what `answers` says for a host) and keeps each
    request it was asked to send."""

    def __init__(self, answers: dict[str, httpx.Response] | None = None) -> None:
        self.seen: list[httpx.Request] = []
        self.answers = answers or {}

    def __call__(self, request: httpx.Request) -> httpx.Response:
        self.seen.append(request)
        return self.answers.get(request.url.host, httpx.Response(200))

    def transport(self) -> httpx.MockTransport:
        return httpx.MockTransport(self)


def check(url: str, settings: Settings, recorder: Recorder) -> LinkResult:
    return check_urls([url], settings, transport=recorder.transport())[url]


def resolver(table: dict[str, Sequence[str]]):
    """A resolver that answers from `table` and knows no other name."""

    async def resolve(host: str, port: int) -> list[str]:
        if host not in table:
            raise socket.gaierror(socket.EAI_NONAME, "Name or service not known")
        return list(table[host])

    return resolve


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
    server.expect_request("/page").respond_with_data("bonjour")
    return server


# ---------------------------------------------------------------------------------------------
# Addresses written as numbers.

NOT_PUBLIC = [
    "http://127.0.0.1/",
    "http://localhost/admin",
    "http://LOCALHOST./",
    "http://app.localhost/",
    "http://127.1/",  # shorthand
    "http://2130706433/",  # one number
    "http://0x7f000001/",  # hexadecimal
    "http://0x7f.1/",
    "http://0.0.0.0/",
    "http://10.0.0.1/",
    "http://172.16.5.4/",
    "http://192.168.1.1/",
    "http://169.254.169.254/latest/meta-data/",  # a cloud machine's metadata service
    "http://100.64.0.1/",  # shared (carrier-grade NAT)
    "http://224.0.0.1/",
    "http://240.0.0.1/",
    "http://255.255.255.255/",
    "http://[::1]/",
    "http://[::]/",
    "http://[::ffff:127.0.0.1]/",  # an IPv4 address inside an IPv6 one
    "http://[::ffff:a9fe:a9fe]/",
    "http://[64:ff9b::a00:1]/",  # NAT64 of 10.0.0.1
    "http://[2002:7f00:1::]/",  # 6to4 of 127.0.0.1
    "http://[fe80::1]/",
    "http://[fc00::1]/",
    "http://[ff02::1]/",
    "https://user:pass@10.0.0.1/",
]


@pytest.mark.parametrize("url", NOT_PUBLIC)
def test_an_address_that_is_not_public_is_not_asked(url: str) -> None:
    recorder = Recorder()
    result = check(url, GUARDED, recorder)
    assert recorder.seen == []
    assert result.outcome == "skipped" and result.status is None
    assert result.error is not None and result.error.startswith("not asked: ")
    assert "--allow-private" in result.error


@pytest.mark.parametrize(
    ("host", "address"),
    [
        ("127.1", "127.0.0.1"),
        ("2130706433", "127.0.0.1"),
        ("0x7f000001", "127.0.0.1"),
        ("0177.0.0.1", "127.0.0.1"),
        ("0x7f.0.0.1", "127.0.0.1"),
        ("[::ffff:127.0.0.1]", "::ffff:7f00:1"),
        ("example.org", None),
        ("1e100.net", None),
        ("999.1.1.1", None),
    ],
)
def test_numbers_are_read_as_the_system_reads_them(host: str, address: str | None) -> None:
    found = literal_address(host)
    assert (str(found) if found is not None else None) == address


@pytest.mark.parametrize(
    ("address", "kind"),
    [
        ("8.8.8.8", None),
        ("2606:4700:4700::1111", None),
        ("::ffff:8.8.8.8", None),
        ("127.0.0.2", "loopback"),
        ("::ffff:10.1.1.1", "private"),
        ("169.254.1.1", "link-local"),
        ("100.100.0.1", "shared"),
    ],
)
def test_what_is_public(address: str, kind: str | None) -> None:
    found = literal_address(address)
    assert found is not None and kind_of(found) == kind


def test_allow_private_asks_them_and_ipv6_addresses_are_valid() -> None:
    recorder = Recorder()
    urls = ["http://[::1]:8080/", "http://10.0.0.1/", "http://[2606:4700:4700::1111]/"]
    results = check_urls(urls, OPEN, transport=recorder.transport())
    assert {url: r.outcome for url, r in results.items()} == dict.fromkeys(urls, "ok")
    assert sorted(r.url.host for r in recorder.seen) == ["10.0.0.1", "2606:4700:4700::1111", "::1"]


def test_a_public_ipv6_address_is_asked() -> None:
    recorder = Recorder()
    result = check("https://[2606:4700:4700::1111]/dns", GUARDED, recorder)
    assert (result.outcome, result.status) == ("ok", 200)
    assert [str(r.url) for r in recorder.seen] == ["https://[2606:4700:4700::1111]/dns"]


@pytest.mark.parametrize(
    "target",
    [
        "http://169.254.169.254/latest/meta-data/iam/",
        "http://[::1]:6379/",
        "http://2130706433/",
        "http://localhost:8080/admin",
    ],
)
def test_a_redirect_to_an_address_that_is_not_public_is_not_followed(target: str) -> None:
    moved = httpx.Response(302, headers={"Location": target})
    recorder = Recorder({"outside.example": moved})
    result = check("https://outside.example/go", GUARDED, recorder)
    assert [r.url.host for r in recorder.seen] == ["outside.example"]
    assert result.outcome == "skipped"
    assert [(h.status, h.url) for h in result.redirects] == [(302, target)]
    assert result.error is not None
    assert result.error.startswith(f"redirected to {target}, not asked: ")


# ---------------------------------------------------------------------------------------------
# Names, checked on the address connected to.


def test_a_name_that_resolves_to_a_private_address_is_not_asked(web: HTTPServer) -> None:
    url = f"http://intranet.example:{web.port}/page"
    table = resolver({"intranet.example": ["127.0.0.1"]})
    result = check_urls([url], dataclasses.replace(GUARDED, resolver=table))[url]
    assert web.log == []
    assert result.outcome == "skipped"
    assert result.error == (
        "not asked: intranet.example (127.0.0.1) is not a public address "
        "(loopback; --allow-private asks it)"
    )
    # Allowed, the same name reaches the same server: the refusal was the checker's.
    allowed = check_urls([url], dataclasses.replace(OPEN, resolver=table))[url]
    assert (allowed.outcome, allowed.status) == ("ok", 200)
    assert [request.headers["Host"] for request, _ in web.log] == [f"intranet.example:{web.port}"]


class Connections(httpcore.AsyncMockBackend):
    """Connections as the checker makes them, recorded, each answered with `answer`."""

    def __init__(self, answer: bytes) -> None:
        super().__init__([answer])
        self.made: list[tuple[str, int]] = []

    async def connect_tcp(self, host: str, port: int, *args: object, **kwargs: object):
        self.made.append((host, port))
        return await super().connect_tcp(host, port)


def test_the_address_connected_to_is_the_one_checked_on_every_hop() -> None:
    """A name that resolves to a private and a public address is connected to at the public
    one only; its redirect to a name that resolves to a private address is not followed."""
    network = Connections(
        b"HTTP/1.1 302 Found\r\nLocation: http://inside.example/secret\r\nContent-Length: 0\r\n\r\n"
    )
    table = resolver(
        {"outside.example": ["10.9.9.9", "93.184.216.34"], "inside.example": ["192.168.0.10"]}
    )
    url = "http://outside.example/go"
    settings = dataclasses.replace(GUARDED, resolver=table)
    result = check_urls([url], settings, network=network)[url]
    assert network.made == [("93.184.216.34", 80)]
    assert result.outcome == "skipped"
    assert [(h.status, h.url) for h in result.redirects] == [(302, "http://inside.example/secret")]
    assert result.error == (
        "redirected to http://inside.example/secret, not asked: inside.example (192.168.0.10) "
        "is not a public address (private; --allow-private asks it)"
    )


def test_behind_a_proxy_the_name_is_checked_before_the_proxy_is_asked(
    web: HTTPServer, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The proxy (here the local server) would resolve the name itself: what it resolves to
    here must be public before the request is handed to the proxy."""
    for name in ("NO_PROXY", "no_proxy", "ALL_PROXY", "all_proxy", "http_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HTTP_PROXY", f"http://127.0.0.1:{web.port}")
    table = resolver({"intranet.example": ["10.0.0.7"]})
    settings = dataclasses.replace(GUARDED, trust_env=True, resolver=table)
    url = "http://intranet.example/page"
    result = check_urls([url], settings)[url]
    assert web.log == []
    assert result.outcome == "skipped" and result.error is not None
    assert "intranet.example (10.0.0.7) is not a public address" in result.error


def test_credentials_in_an_address_are_never_sent(web: HTTPServer) -> None:
    url = web.url_for("/page").replace("http://", "http://user:s3cret@")
    result = check_urls([url], OPEN)[url]
    assert (result.outcome, result.status) == ("ok", 200)
    (request, _), *_ = web.log
    assert "Authorization" not in request.headers
    assert result.final_url == web.url_for("/page")
