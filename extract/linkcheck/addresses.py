"""Which machines the link checker may ask: public ones only, unless told otherwise.

The addresses a catalogue prints come from outside, and so do the redirects its sites answer.
Asked blindly, a link to `http://169.254.169.254/…` (a cloud machine's metadata service), to
`http://127.0.0.1:8080/admin` or to a name that resolves to a private address would have the
checker knock on doors of the network it runs in. So, by default, no request goes to a
loopback, private, link-local, multicast, reserved, shared or unspecified address:

- before each request (the link, and every redirect it leads to), an address written as a
  number is refused however it is spelt: `127.0.0.1`, `127.1`, `2130706433`, `0x7f000001`,
  `0177.0.0.1`, `[::1]`, `[::ffff:127.0.0.1]` (an IPv4 address inside an IPv6 one counts as
  that IPv4 address), and so are `localhost` and the names under it;
- every other name is resolved when the connection is made, and only a public address it
  resolves to is connected to (`GuardedBackend`): what is checked is the address actually
  connected to, so a public name that resolves to a private address is refused, and a name
  that answers otherwise the second time it is asked gains nothing.

Behind a proxy (`HTTPS_PROXY`…) the proxy connects, not the checker: the name is then resolved
here first, and refused if any address it gives is not public (the proxy resolves it again).

`allow_private` lifts all of it, for an intranet's catalogue and for tests on local servers.
"""

from __future__ import annotations

import asyncio
import ipaddress
import re
import socket
import urllib.request
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import Any

import httpcore

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
# Resolves a host name (and port) to the addresses it stands for, as text.
Resolver = Callable[[str, int], Awaitable[Sequence[str]]]

ALLOW_HINT = "--allow-private asks it"
# An IPv4 address spelt as the C library reads one: dotted, shortened (`127.1`), a single
# number (`2130706433`), in hexadecimal (`0x7f000001`) or octal (`0177.0.0.1`) parts.
_NUMERIC_V4 = re.compile(r"^(?:0[xX][0-9a-fA-F]+|[0-9]+)(?:\.(?:0[xX][0-9a-fA-F]+|[0-9]+)){0,3}$")
_NAT64 = ipaddress.IPv6Network("64:ff9b::/96")
# The checks, most telling first: an address can be several (`::1` is loopback and reserved).
_KINDS = (
    ("is_unspecified", "unspecified"),
    ("is_loopback", "loopback"),
    ("is_link_local", "link-local"),
    ("is_multicast", "multicast"),
    ("is_reserved", "reserved"),
    ("is_private", "private"),
)


class NotPublic(Exception):
    """An address the checker does not ask (without `allow_private`); the message says why."""


def literal_address(host: str) -> IPAddress | None:
    """The address `host` spells as a number, whichever way it spells it; None for a name."""
    bare = host.strip("[]").split("%", 1)[0]  # an IPv6 zone (`%eth0`) names no other address
    try:
        return ipaddress.ip_address(bare)
    except ValueError:
        pass
    if _NUMERIC_V4.match(host):
        try:
            return ipaddress.IPv4Address(socket.inet_aton(host))
        except OSError:  # a part out of range: no address, and no name either
            return None
    return None


def kind_of(address: IPAddress) -> str | None:
    """What makes `address` one the checker does not ask (`loopback`, `private`…), or None
    for a public address."""
    if isinstance(address, ipaddress.IPv6Address):
        embedded = address.ipv4_mapped or address.sixtofour
        if embedded is None and address in _NAT64:
            embedded = ipaddress.IPv4Address(int(address) & 0xFFFFFFFF)
        if embedded is not None:
            return kind_of(embedded)
    for flag, kind in _KINDS:
        if getattr(address, flag):
            return kind
    return None if address.is_global else "shared"  # 100.64.0.0/10, carrier-grade NAT


def refusal(host: str, address: IPAddress, kind: str) -> str:
    """Why `host` is not asked, in the words of a report's `error`."""
    mapped = address.ipv4_mapped if isinstance(address, ipaddress.IPv6Address) else None
    said = str(mapped or address)
    bare = host.strip("[]").lower()
    where = bare if bare in (said, str(address)) else f"{host} ({said})"
    return f"not asked: {where} is not a public address ({kind}; {ALLOW_HINT})"


def is_local_name(host: str) -> bool:
    """`localhost` and the names under it, which resolve to this machine (RFC 6761)."""
    name = host.rstrip(".").lower()
    return name == "localhost" or name.endswith(".localhost")


def check_host(host: str) -> str | None:
    """Why `host` may not be asked, from its spelling alone (numbers, `localhost`), or None."""
    if is_local_name(host):
        return f"not asked: {host} is this machine (loopback; {ALLOW_HINT})"
    address = literal_address(host)
    if address is None:
        return None
    kind = kind_of(address)
    return refusal(host, address, kind) if kind else None


async def system_resolve(host: str, port: int) -> list[str]:
    """The addresses the system's resolver gives `host`, in its order of preference."""
    found = await asyncio.get_running_loop().getaddrinfo(
        host, port, type=socket.SOCK_STREAM, proto=socket.IPPROTO_TCP
    )
    return list(dict.fromkeys(str(info[4][0]) for info in found))


def public_addresses(host: str, addresses: Iterable[str]) -> list[str]:
    """Of the addresses `host` resolves to, those that may be asked; NotPublic if none may."""
    allowed: list[str] = []
    refused: list[str] = []
    for text in addresses:
        address = ipaddress.ip_address(text.split("%", 1)[0])
        kind = kind_of(address)
        if kind is None:
            allowed.append(text)
        else:
            refused.append(refusal(host, address, kind))
    if not allowed:
        raise NotPublic(refused[0] if refused else f"{host} resolves to no address")
    return allowed


def proxied(url_scheme: str, host: str) -> bool:
    """Whether the environment sends a request for `host` through a proxy (as httpx reads it)."""
    proxies = urllib.request.getproxies()
    if not (proxies.get(url_scheme) or proxies.get("all")):
        return False
    return not urllib.request.proxy_bypass(host)  # NO_PROXY (and the system's, elsewhere)


class GuardedBackend(httpcore.AsyncNetworkBackend):
    """httpcore's network backend, resolving names itself and connecting only to the
    addresses the checker may ask (all of them with `allow_private`).

    `inner` makes the connections (httpcore's own backend; a test gives one that records them)
    and `resolver` resolves names (the system's; a test gives one that answers from a table).
    A refusal is a `ConnectError` raised from `NotPublic`; a failed lookup one raised from the
    resolver's `socket.gaierror`, as httpcore's own backend raises it."""

    def __init__(
        self,
        *,
        allow_private: bool = False,
        resolver: Resolver | None = None,
        inner: httpcore.AsyncNetworkBackend | None = None,
    ) -> None:
        self.allow_private = allow_private
        self.resolve: Resolver = resolver or system_resolve
        self.inner = inner or httpcore.AnyIOBackend()

    async def addresses(self, host: str, port: int, timeout: float | None = None) -> list[str]:
        """The addresses to connect to for `host`: itself if it is one, else resolved."""
        if _is_standard_address(host):
            found: Sequence[str] = [host]
        else:  # a name, or a number in another spelling (`127.1`): the resolver reads both
            try:
                async with asyncio.timeout(timeout):
                    found = await self.resolve(host, port)
            except TimeoutError:
                raise httpcore.ConnectTimeout(f"no answer from the resolver for {host}") from None
            except OSError as exc:  # socket.gaierror: httpcore raises it so, and so do we
                raise httpcore.ConnectError(str(exc)) from exc
        if self.allow_private:
            return list(found)
        try:
            return public_addresses(host, found)
        except NotPublic as exc:
            raise httpcore.ConnectError(str(exc)) from exc

    async def connect_tcp(
        self,
        host: str,
        port: int,
        timeout: float | None = None,
        local_address: str | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        addresses = await self.addresses(host, port, timeout)
        for tried, address in enumerate(addresses, start=1):
            try:
                return await self.inner.connect_tcp(
                    address, port, timeout, local_address, socket_options
                )
            except (httpcore.ConnectError, httpcore.ConnectTimeout):
                if tried == len(addresses):
                    raise  # as it was: what led to it (a refused connection) is its context
                # else the next address, as a resolver's list is meant to be tried
        raise httpcore.ConnectError(f"no address to connect to for {host}")

    async def connect_unix_socket(
        self,
        path: str,
        timeout: float | None = None,
        socket_options: Iterable[Any] | None = None,
    ) -> httpcore.AsyncNetworkStream:
        raise httpcore.ConnectError("the link checker asks no local socket")

    async def sleep(self, seconds: float) -> None:
        await self.inner.sleep(seconds)


def _is_standard_address(host: str) -> bool:
    """An address in its usual spelling (`192.0.2.1`, `2001:db8::1`): nothing to resolve."""
    try:
        ipaddress.ip_address(host.split("%", 1)[0])
    except ValueError:
        return False
    return True
