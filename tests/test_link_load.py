"""The link checker under load: 1,000 addresses over 10 local hosts (distinct loopback
addresses), each server counting the connections open to it and the requests in flight.

The per-host limit must hold and no address may be lost; the time taken is `make bench`'s to
report, not this test's to judge.
"""

from __future__ import annotations

from devtools.link_bench import load_check
from extract.linkcheck.check import Settings

LIMITS = Settings(per_host=4, concurrency=16, trust_env=False, allow_private=True)


def test_a_thousand_links_over_ten_hosts() -> None:
    result = load_check(urls=1000, hosts=10, settings=LIMITS)
    assert result.lost == 0
    assert len(result.results) == 1000
    assert {r.outcome for r in result.results.values()} == {"ok"}
    for counts in result.counts:
        assert counts.requests == 100 and len(counts.paths) == 100, "each address asked once"
        assert counts.open == 0 and counts.in_flight == 0
        assert counts.opened <= LIMITS.per_host, "connections kept and used again"
    assert result.most_open <= LIMITS.per_host, "connections at once to one host"
    assert result.most_in_flight <= LIMITS.per_host, "requests at once to one host"


def test_the_servers_count_what_a_higher_limit_lets_through() -> None:
    """The bound above is the checker's doing: allowed more, the same servers see more."""
    wider = Settings(per_host=12, concurrency=24, trust_env=False, allow_private=True)
    result = load_check(urls=120, hosts=2, settings=wider)
    assert result.lost == 0
    assert LIMITS.per_host < result.most_in_flight <= wider.per_host
