"""Whether each web address of a catalogue still answers, and where it leads.

Every address is asked with HEAD first (no body to carry), and with GET when HEAD is refused
(405, 501) or answered with another client error (a 404 on HEAD only is common: some servers
route HEAD apart); a GET body is streamed and cut after `body_bytes`, so a large download costs
a few KB. Redirects are followed one hop at a time, so that each hop is recorded and counts
against the limits of the host it goes to.

Politeness: at most `concurrency` requests in flight overall and `per_host` to one host name,
a clear User-Agent, and retries with exponential backoff on 429 and 5xx that honour
`Retry-After` (a wait longer than `max_retry_wait` is not waited for: the link is reported
failing). A slot is given back while a retry waits.

Safety: the addresses come from outside. No request goes to a machine that is not public,
unless `allow_private` (see `extract.linkcheck.addresses`): such a link, or the redirect that
leads to one, is `skipped` and its error says why. A user name and password written in an
address (`https://user:pass@host/`) are never sent (and the reports never hold them).
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import email.utils
import functools
import re
import socket
import ssl
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime

import httpcore
import httpx

from extract import __version__
from extract.linkcheck.addresses import (
    GuardedBackend,
    NotPublic,
    Resolver,
    check_host,
    kind_of,
    literal_address,
    proxied,
    refusal,
    system_resolve,
)
from extract.linkcheck.models import Hop, LinkResult, Outcome, without_credentials

USER_AGENT = (
    f"ess-catalogue-links/{__version__} (link checker of the catalogue de ressources ESS; "
    f"python-httpx/{httpx.__version__})"
)
REDIRECT_STATUSES = frozenset({301, 302, 303, 307, 308})
PERMANENT_STATUSES = frozenset({301, 308})
GONE_STATUSES = frozenset({404, 410})
RETRY_STATUSES = frozenset({429, 500, 502, 503, 504})
HEAD_REFUSED = frozenset({405, 501})
# The resolver's answers that the name does not exist, rather than that it could not ask.
NO_SUCH_NAME = frozenset(
    code for code in (socket.EAI_NONAME, getattr(socket, "EAI_NODATA", None)) if code is not None
)
# A host name as DNS spells it (or an IP address, see `valid_host`): anything else would be
# sent to the resolver as is (a printed address broken across lines can hold a space).
NAME = re.compile(r"^[\w.-]+$")
# What a report says of a request that got no answer of the site's own: a failure of ours (the
# network, the resolver), which a later run must try again.
UNKNOWN_HOST = "unknown host (the name does not resolve)"
NO_RESOLVER = "name lookup failed"


@dataclass(frozen=True)
class Settings:
    """How hard and how politely to ask. Timeouts are in seconds; `total` bounds one request
    (connecting, the answer and the first `body_bytes` of a GET) whatever the others allow."""

    concurrency: int = 16
    per_host: int = 4
    connect_timeout: float = 10.0
    read_timeout: float = 15.0
    total_timeout: float = 30.0
    retries: int = 2
    backoff: float = 1.0
    max_retry_wait: float = 60.0
    max_redirects: int = 10
    body_bytes: int = 8192
    user_agent: str = USER_AGENT
    verify: ssl.SSLContext | bool = True
    trust_env: bool = True
    # Ask loopback, private, link-local… addresses too (an intranet; tests on local servers).
    allow_private: bool = False
    # Resolves host names (the system's resolver when None; a test gives one of its own).
    resolver: Resolver | None = None


def now_iso() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def not_asked(url: str, why: str) -> LinkResult:
    """The result of an address no site was asked about: skipped, with no time taken and no
    time of checking, so that a report says the same on every run."""
    return LinkResult(url=url, outcome="skipped", checked_at="", seconds=0.0, error=why)


def is_web(url: str) -> bool:
    return url.lower().startswith(("http://", "https://"))


def host_of(url: str) -> str:
    try:
        return httpx.URL(url).host.lower()
    except (httpx.InvalidURL, ValueError):
        return ""


def valid_host(host: str) -> bool:
    """A host name as DNS spells it, or an IP address (IPv6 too, written in brackets)."""
    return bool(host) and (literal_address(host) is not None or bool(NAME.match(host)))


def one_line(text: str, most: int = 200) -> str:
    line = " ".join(text.split())
    return line if len(line) <= most else line[: most - 1] + "…"


def retry_after(value: str | None, now: float | None = None) -> float | None:
    """Seconds to wait from a `Retry-After` header: a number of seconds or an HTTP date."""
    if value is None:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=UTC)
    return max(when.timestamp() - (time.time() if now is None else now), 0.0)


class Failure(Exception):
    """A request that got no HTTP answer: the outcome it means and why, in one line."""

    def __init__(self, outcome: Outcome, message: str) -> None:
        super().__init__(message)
        self.outcome: Outcome = outcome
        self.message = one_line(message)


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """The exception and everything it was raised from, groups opened."""
    seen: set[int] = set()
    stack = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        if isinstance(current, BaseExceptionGroup):
            stack.extend(current.exceptions)
        stack.extend(c for c in (current.__cause__, current.__context__) if c is not None)


def connect_failure(exc: httpx.TransportError) -> Failure:
    """Why a connection could not be made, as an outcome: a host that does not exist or does
    not listen is broken; a certificate or anything else is failing (it may come back)."""
    causes = list(_causes(exc))
    refused = next((c for c in causes if isinstance(c, NotPublic)), None)
    if refused is not None:
        return Failure("skipped", str(refused))
    lookup = next((c for c in causes if isinstance(c, socket.gaierror)), None)
    if lookup is not None:
        if lookup.errno in NO_SUCH_NAME:
            return Failure("broken", UNKNOWN_HOST)
        # A resolver that cannot be reached says nothing of the name (a machine offline).
        return Failure("failing", f"{NO_RESOLVER} ({lookup.strerror or lookup})")
    if any(isinstance(c, ConnectionRefusedError) for c in causes):
        return Failure("broken", "connection refused")
    tls = next((c for c in causes if isinstance(c, ssl.SSLError)), None)
    if tls is not None:
        reason = getattr(tls, "verify_message", None) or getattr(tls, "reason", None) or tls
        return Failure("failing", f"TLS error: {reason}")
    return Failure("failing", f"cannot connect ({exc or type(exc).__name__})")


@dataclass(frozen=True)
class Answer:
    status: int
    location: str | None
    retry_after: str | None
    note: str | None = None  # why a retry was not made


class Checker:
    """Checks addresses within the limits of its settings: one slot overall and one of its
    host's for each request in flight, and one HTTP client per host, whose pool holds no more
    connections than the host has slots.

    A client per host rather than one for all: httpcore looks through every connection of its
    pool, and tests each idle one's socket, for each request; over ten hosts kept alive that
    was most of the time of a 1,000-address check."""

    def __init__(
        self,
        settings: Settings,
        transport: httpx.AsyncBaseTransport | None = None,
        network: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        """`transport` answers every request in place of the network (a test's); `network`
        makes the connections the checker decided to make (a test's, which records them)."""
        self.settings, self.transport = settings, transport
        self.everyone = asyncio.Semaphore(settings.concurrency)
        self.hosts: dict[str, asyncio.Semaphore] = {}
        self.clients: dict[str, httpx.AsyncClient] = {}
        # Made once: loading the certificate authorities costs milliseconds per context.
        verify = settings.verify
        self.tls = verify if isinstance(verify, ssl.SSLContext) else tls_context(settings)
        self.backend = GuardedBackend(
            allow_private=settings.allow_private, resolver=settings.resolver, inner=network
        )

    def _host_slot(self, url: str) -> asyncio.Semaphore:
        host = host_of(url)
        if host not in self.hosts:
            self.hosts[host] = asyncio.Semaphore(self.settings.per_host)
        return self.hosts[host]

    def _client(self, url: str) -> httpx.AsyncClient:
        host = host_of(url)
        if host not in self.clients:
            transport = self.transport or GuardedTransport(self.settings, self.tls, self.backend)
            self.clients[host] = client(self.settings, self.tls, transport)
        return self.clients[host]

    async def refusal(self, url: str) -> str | None:
        """Why `url` may not be asked, known before any connection (see `addresses`)."""
        if self.settings.allow_private:
            return None
        parsed = httpx.URL(url)
        said = check_host(parsed.host)
        if said is not None or literal_address(parsed.host) is not None:
            return said
        if not (self.settings.trust_env and proxied(parsed.scheme, parsed.host)):
            return None  # checked on the address connected to
        # A proxy connects, and resolves the name itself: what it resolves to here is all
        # that can be checked.
        resolve = self.settings.resolver or system_resolve
        try:
            found = await resolve(parsed.host, parsed.port or 443)
        except OSError:
            return None  # the proxy will say what it makes of the name
        for text in found:
            address = literal_address(text)
            kind = kind_of(address) if address is not None else None
            if address is not None and kind is not None:
                return refusal(parsed.host, address, kind)
        return None

    async def aclose(self) -> None:
        for http in self.clients.values():
            await http.aclose()

    async def check(self, url: str) -> LinkResult:
        started, checked_at = time.monotonic(), now_iso()

        def result(outcome: Outcome, **found: object) -> LinkResult:
            seconds = round(time.monotonic() - started, 3)
            return LinkResult.model_validate(
                {
                    "url": url,
                    "outcome": outcome,
                    "checked_at": checked_at,
                    "seconds": seconds,
                    **found,
                }
            )

        if not is_web(url):
            return not_asked(url, "not a web address (http or https)")
        hops: list[Hop] = []
        current, method = url, "HEAD"
        while True:
            shown = without_credentials(current)
            if not valid_host(host_of(current)):
                outcome: Outcome = "broken" if not hops else "failing"
                return result(outcome, redirects=hops, error=f"not a valid address: {shown}")
            try:
                refused = await self.refusal(current)
                if refused is not None:
                    raise Failure("skipped", refused)
                answer = await self._ask(method, current)
            except Failure as failure:
                why = failure.message
                if hops and failure.outcome == "skipped":  # the site sent us there
                    why = f"redirected to {shown}, {why}"
                return result(failure.outcome, redirects=hops, error=why)
            status = answer.status
            if status in REDIRECT_STATUSES:
                trouble = self._follow(url, current, answer, hops)
                if trouble is not None:
                    return result("failing", status=status, redirects=hops, error=trouble)
                current = hops[-1].url
                continue
            if method == "HEAD" and (
                status in HEAD_REFUSED or (400 <= status < 500 and status != 429)
            ):
                # Refused, or a client error that the same server may not give to a GET (but
                # 429 says "later", and was waited for already).
                method = "GET"
                continue
            outcome, error = classify(status, hops)
            if answer.note and error:
                error = f"{error} ({answer.note})"
            return result(outcome, status=status, final_url=shown, redirects=hops, error=error)

    def _follow(self, start: str, current: str, answer: Answer, hops: list[Hop]) -> str | None:
        """Record the redirect in `hops`; what stops the chain, if anything."""
        if not answer.location:
            return f"HTTP {answer.status} without a Location header"
        try:
            target = str(httpx.URL(current).join(answer.location.strip()))
        except (httpx.InvalidURL, ValueError):
            return f"HTTP {answer.status} to an address that cannot be read: {answer.location}"
        seen = {without_credentials(start), *(h.url for h in hops)}
        shown = without_credentials(target)
        hops.append(Hop(status=answer.status, url=shown))
        if not is_web(target):
            return f"redirected to an address that is not a web page: {shown}"
        if shown in seen:
            return f"redirect loop: back to {shown} after {len(hops)} redirects"
        if len(hops) > self.settings.max_redirects:
            return f"too many redirects (more than {self.settings.max_redirects})"
        return None

    async def _ask(self, method: str, url: str) -> Answer:
        """One request, tried again on the statuses that say "later"."""
        s = self.settings
        for attempt in range(s.retries + 1):
            async with self._host_slot(url), self.everyone:
                answer = await self._send(method, url)
            if answer.status not in RETRY_STATUSES:
                return answer
            if attempt == s.retries:
                return Answer(answer.status, None, None, f"still after {s.retries + 1} tries")
            wait = retry_after(answer.retry_after)
            if wait is None:
                wait = s.backoff * 2**attempt
            elif wait > s.max_retry_wait:
                return Answer(
                    answer.status,
                    None,
                    None,
                    f"Retry-After {wait:.0f} s is longer than the {s.max_retry_wait:g} s "
                    "the checker waits",
                )
            await asyncio.sleep(wait)
        raise AssertionError("unreachable: the last attempt returns")

    async def _send(self, method: str, url: str) -> Answer:
        s = self.settings
        # A user name and password written in the address are never sent: httpx would send
        # them as Basic authentication, to whichever site the catalogue names.
        url = without_credentials(url)
        try:
            async with asyncio.timeout(s.total_timeout):
                if method == "HEAD":
                    response = await self._client(url).head(url)
                    return _answer(response)
                async with self._client(url).stream("GET", url) as response:
                    # Raw bytes: a compressed body is never inflated, so it cannot grow.
                    read = 0
                    async for chunk in response.aiter_raw():
                        read += len(chunk)
                        if read >= s.body_bytes:
                            break
                    return _answer(response)
        except TimeoutError:
            raise Failure(
                "failing", f"timed out (no answer within {s.total_timeout:g} s)"
            ) from None
        except httpx.ConnectTimeout:
            raise Failure(
                "failing", f"timed out connecting (after {s.connect_timeout:g} s)"
            ) from None
        except httpx.TimeoutException:
            raise Failure(
                "failing", f"timed out waiting for the answer (after {s.read_timeout:g} s)"
            ) from None
        except (httpx.InvalidURL, httpx.UnsupportedProtocol) as exc:
            raise Failure("broken", f"not a valid address ({exc})") from None
        except httpx.ConnectError as exc:
            raise connect_failure(exc) from None
        except (httpx.HTTPError, OSError) as exc:  # the connection broke off, a bad answer
            raise Failure("failing", f"{type(exc).__name__}: {exc}") from None


def _answer(response: httpx.Response) -> Answer:
    return Answer(
        response.status_code, response.headers.get("location"), response.headers.get("retry-after")
    )


def classify(status: int, hops: Sequence[Hop]) -> tuple[Outcome, str | None]:
    """The outcome of an address whose chain ended on `status`."""
    if status < 400:
        moved = any(h.status in PERMANENT_STATUSES for h in hops)
        return ("redirected" if moved else "ok"), None
    phrase = status_phrase(status)
    if status in GONE_STATUSES:
        return "broken", phrase
    return "failing", phrase


def status_phrase(status: int) -> str:
    try:
        from http import HTTPStatus

        return f"HTTP {status} {HTTPStatus(status).phrase}"
    except ValueError:
        return f"HTTP {status}"


def tls_context(settings: Settings) -> ssl.SSLContext:
    """httpx's own: certifi's authorities, or none checked when `verify` is False."""
    return httpx.create_ssl_context(verify=bool(settings.verify), trust_env=settings.trust_env)


class GuardedTransport(httpx.AsyncHTTPTransport):
    """httpx's transport, its connections made through `GuardedBackend`.

    httpx takes no network backend of its own, so the connection pool it made is made again
    with one; it has been `_pool`, an httpcore `AsyncConnectionPool`, since httpx 0.18. Were
    httpx to change that, this refuses to start rather than ask addresses unguarded."""

    def __init__(self, settings: Settings, tls: ssl.SSLContext, backend: GuardedBackend) -> None:
        limits = httpx.Limits(
            max_connections=settings.per_host, max_keepalive_connections=settings.per_host
        )
        super().__init__(verify=tls, limits=limits, trust_env=settings.trust_env)
        if not isinstance(getattr(self, "_pool", None), httpcore.AsyncConnectionPool):
            raise RuntimeError(
                f"httpx {httpx.__version__} keeps its connections otherwise: the link checker "
                "cannot check the addresses it connects to"
            )
        self._pool = httpcore.AsyncConnectionPool(
            ssl_context=tls,
            max_connections=limits.max_connections,
            max_keepalive_connections=limits.max_keepalive_connections,
            keepalive_expiry=limits.keepalive_expiry,
            network_backend=backend,
        )


def client(
    settings: Settings, tls: ssl.SSLContext, transport: httpx.AsyncBaseTransport | None = None
) -> httpx.AsyncClient:
    """The HTTP client of one host. Redirects are left to the checker, which records each hop;
    idle connections are kept (as many as the host has slots) so that its links share them."""
    return httpx.AsyncClient(
        headers={"User-Agent": settings.user_agent, "Accept": "*/*", "Accept-Language": "fr, en"},
        timeout=httpx.Timeout(
            connect=settings.connect_timeout,
            read=settings.read_timeout,
            write=settings.read_timeout,
            pool=None,
        ),
        limits=httpx.Limits(
            max_connections=settings.per_host, max_keepalive_connections=settings.per_host
        ),
        follow_redirects=False,
        verify=tls,
        trust_env=settings.trust_env,
        transport=transport,
    )


async def check_urls_async(
    urls: Iterable[str],
    settings: Settings,
    *,
    done: Callable[[LinkResult], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    network: httpcore.AsyncNetworkBackend | None = None,
) -> dict[str, LinkResult]:
    """Check each distinct address once; `done` hears of each result as it comes."""
    wanted = list(dict.fromkeys(urls))
    checker = Checker(settings, transport, network)

    async def one(url: str) -> LinkResult:
        found = await checker.check(url)
        if done is not None:
            done(found)
        return found

    try:
        found = await asyncio.gather(*(one(url) for url in wanted))
    finally:
        await checker.aclose()
    return {r.url: r for r in found}


def check_urls(
    urls: Iterable[str],
    settings: Settings | None = None,
    *,
    done: Callable[[LinkResult], None] | None = None,
    transport: httpx.AsyncBaseTransport | None = None,
    network: httpcore.AsyncNetworkBackend | None = None,
) -> dict[str, LinkResult]:
    """`check_urls_async` from synchronous code (its own event loop).

    Where this thread already runs an event loop (a notebook, a program driving a browser),
    `asyncio.run` may not start another: the check then runs in a thread of its own."""
    work = functools.partial(
        check_urls_async,
        urls,
        settings or Settings(),
        done=done,
        transport=transport,
        network=network,
    )
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        running = False
    else:
        running = True
    if not running:  # outside the handler: its exception would be the context of every other
        return asyncio.run(work())
    with concurrent.futures.ThreadPoolExecutor(max_workers=1) as pool:
        return pool.submit(lambda: asyncio.run(work())).result()
