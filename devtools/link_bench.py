"""The link checker under load: 1,000 addresses spread over 10 local hosts.

Each host is a small HTTP/1.1 server on its own loopback address (127.0.0.1 to 127.0.0.10),
all run by one event loop in a background thread. Each counts the connections open to it and
the requests in flight at once, so that the per-host limit can be seen from the servers' side,
and answers every request after a short delay, so that requests overlap as they do on real
sites. The test suite asserts the limits and that no address is lost; `make bench` reports the
time taken.
"""

from __future__ import annotations

import asyncio
import socket
import threading
import time
from dataclasses import dataclass, field
from types import TracebackType

from extract.linkcheck.check import Settings, check_urls
from extract.linkcheck.models import LinkResult

URLS, HOSTS = 1000, 10
DELAY = 0.005


@dataclass
class HostCounts:
    """What one server saw. Changed by the server's event loop only."""

    opened: int = 0
    open: int = 0
    most_open: int = 0
    in_flight: int = 0
    most_in_flight: int = 0
    requests: int = 0
    paths: set[str] = field(default_factory=set)


def loopback_addresses(count: int) -> list[str]:
    """`count` distinct loopback addresses; where only 127.0.0.1 can be bound (not Linux), the
    hosts share it on distinct ports."""
    addresses = [f"127.0.0.{n}" for n in range(1, count + 1)]
    try:
        with socket.socket() as probe:
            probe.bind((addresses[-1], 0))
    except OSError:
        return ["127.0.0.1"] * count
    return addresses


class CountingServers:
    """`hosts` servers that answer 200 to anything after `delay` seconds, counting."""

    def __init__(self, hosts: int = HOSTS, delay: float = DELAY) -> None:
        self.delay = delay
        self.addresses = loopback_addresses(hosts)
        self.ports: list[int] = []
        self.counts = [HostCounts() for _ in self.addresses]
        self.loop = asyncio.new_event_loop()
        self.ready = threading.Event()
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.failure: BaseException | None = None

    def __enter__(self) -> CountingServers:
        self.thread.start()
        self.ready.wait(10)
        if self.failure is not None or len(self.ports) != len(self.addresses):
            raise RuntimeError(f"the load servers did not start ({self.failure})")
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.loop.call_soon_threadsafe(self.stopping.set)
        self.thread.join(10)

    def urls(self, count: int) -> list[str]:
        """`count` distinct addresses, each host's together (as a catalogue lists one site's
        pages together): the requests queue up at one host, which is where a limit has to hold."""
        hosts = len(self.addresses)
        return [
            f"http://{self.addresses[h]}:{self.ports[h]}/resource/{k}"
            for k in range(count)
            for h in [k * hosts // count]
        ]

    def _run(self) -> None:
        asyncio.set_event_loop(self.loop)
        try:
            self.loop.run_until_complete(self._serve())
        except BaseException as exc:  # told to the waiting thread, which raises it
            self.failure = exc
            self.ready.set()
        finally:
            self.loop.close()

    async def _serve(self) -> None:
        self.stopping = asyncio.Event()
        servers = []
        for address, counts in zip(self.addresses, self.counts, strict=True):

            async def serve(
                reader: asyncio.StreamReader,
                writer: asyncio.StreamWriter,
                counts: HostCounts = counts,
            ) -> None:
                await self._connection(reader, writer, counts)

            server = await asyncio.start_server(serve, address, 0)
            servers.append(server)
            self.ports.append(server.sockets[0].getsockname()[1])
        self.ready.set()
        await self.stopping.wait()
        for server in servers:
            server.close()
            await server.wait_closed()

    async def _connection(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, counts: HostCounts
    ) -> None:
        counts.opened += 1
        counts.open += 1
        counts.most_open = max(counts.most_open, counts.open)
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                counts.in_flight += 1
                counts.most_in_flight = max(counts.most_in_flight, counts.in_flight)
                await asyncio.sleep(self.delay)
                method, path = head.split(b" ", 2)[:2]
                body = b"" if method == b"HEAD" else b"ok"
                writer.write(
                    b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\n\r\n"
                    + body
                )
                await writer.drain()
                counts.in_flight -= 1
                counts.requests += 1
                counts.paths.add(path.decode("latin-1"))
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass  # the client closed the connection
        finally:
            counts.open -= 1
            writer.close()


@dataclass(frozen=True)
class LoadResult:
    urls: int
    hosts: int
    seconds: float
    results: dict[str, LinkResult]
    counts: list[HostCounts]
    per_host: int
    concurrency: int

    @property
    def lost(self) -> int:
        """Addresses without a result, or whose request the servers never saw answered."""
        served = sum(len(c.paths) for c in self.counts)
        return self.urls - min(len(self.results), served)

    @property
    def most_open(self) -> int:
        return max(c.most_open for c in self.counts)

    @property
    def most_in_flight(self) -> int:
        return max(c.most_in_flight for c in self.counts)


def load_check(
    urls: int = URLS, hosts: int = HOSTS, settings: Settings | None = None
) -> LoadResult:
    """Check `urls` addresses spread over `hosts` local servers, timed."""
    settings = settings or Settings(trust_env=False, allow_private=True)
    with CountingServers(hosts) as servers:
        wanted = servers.urls(urls)
        started = time.perf_counter()
        results = check_urls(wanted, settings)
        seconds = time.perf_counter() - started
    return LoadResult(
        urls, hosts, seconds, results, servers.counts, settings.per_host, settings.concurrency
    )


def summary(result: LoadResult) -> dict[str, object]:
    ok = sum(r.outcome == "ok" for r in result.results.values())
    return {
        "urls": result.urls,
        "hosts": result.hosts,
        "seconds": round(result.seconds, 3),
        "urls_per_second": round(result.urls / result.seconds, 1),
        "ok": ok,
        "lost": result.lost,
        "per_host_limit": result.per_host,
        "concurrency": result.concurrency,
        "most_connections_per_host": result.most_open,
        "most_in_flight_per_host": result.most_in_flight,
        "most_connections_opened_per_host": max(c.opened for c in result.counts),
    }
