"""What was found of each address, kept in a small SQLite file so that a re-run within
`max_age` asks no site again, and `--offline` can report without the network.

One row per address: when it was checked (seconds since the epoch, to compare ages) and the
`LinkResult` as JSON. A site's answer is committed as soon as it is known, so an interrupted
run keeps what it had checked and the next run goes on from there; a failure of ours (no name
resolution, no connection, a timeout: no answer of the site's own) is kept at the end of a run
that reached something, and for `OURS_KEPT` seconds at most, whatever `--max-age` says. A run
that reached nothing at all (no network) keeps nothing and writes no report. The cache is
shared by every extraction: the editions of a catalogue share most of their addresses.
"""

from __future__ import annotations

import os
import sqlite3
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from pydantic import ValidationError

from extract.errors import CatalogueError, ExitCode, OutputError
from extract.linkcheck.check import (
    NO_RESOLVER,
    UNKNOWN_HOST,
    Settings,
    check_urls,
    host_of,
    is_web,
    not_asked,
)
from extract.linkcheck.models import LinkResult, is_ours

SCHEMA = """
CREATE TABLE IF NOT EXISTS link_results (
    url TEXT PRIMARY KEY,
    checked REAL NOT NULL,
    result TEXT NOT NULL
)
"""
NOT_CACHED = "not in the cache (--offline)"
# How long a failure of ours stands for the link (seconds): the network comes back.
OURS_KEPT = 300.0


class CacheTrouble(CatalogueError):
    """A cache file that is not one: a usage error, named by the file."""

    code = ExitCode.USAGE


def default_path() -> Path:
    """The per-user cache: `$XDG_CACHE_HOME/ess-catalogue/links.sqlite`."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "ess-catalogue" / "links.sqlite"


class LinkCache:
    def __init__(self, path: Path) -> None:
        self.path = path
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            self.db = sqlite3.connect(path, timeout=10)
        except (OSError, sqlite3.Error) as exc:
            raise OutputError(path, f"cannot open the link cache ({exc})") from None
        try:
            self.db.execute(SCHEMA)
            self.db.commit()
        except sqlite3.DatabaseError as exc:
            self.db.close()
            if isinstance(exc, sqlite3.OperationalError) and "readonly" in str(exc):
                raise OutputError(path, f"cannot write the link cache ({exc})") from None
            raise CacheTrouble(
                path, f"not a link cache ({exc}); remove it or give another with --cache"
            ) from None

    def __enter__(self) -> LinkCache:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    def close(self) -> None:
        self.db.close()

    def get(self, urls: Iterable[str], max_age: float | None = None) -> dict[str, LinkResult]:
        """Cached results of `urls` no older than `max_age` seconds (any age when None); a
        failure of ours, no older than OURS_KEPT seconds either way."""
        now = time.time()
        oldest = -1.0 if max_age is None else now - max_age
        found: dict[str, LinkResult] = {}
        for url in urls:
            row = self.db.execute(
                "SELECT result, checked FROM link_results WHERE url = ? AND checked >= ?",
                (url, oldest),
            ).fetchone()
            if row is None:
                continue
            try:
                result = LinkResult.model_validate_json(row[0])
            except ValidationError:
                continue  # written by another version: check again
            if is_ours(result) and row[1] < now - OURS_KEPT:
                continue
            found[url] = result
        return found

    def put(self, result: LinkResult) -> None:
        try:
            self.db.execute(
                "INSERT OR REPLACE INTO link_results (url, checked, result) VALUES (?, ?, ?)",
                (result.url, time.time(), result.model_dump_json()),
            )
            self.db.commit()
        except sqlite3.Error as exc:
            raise OutputError(self.path, f"cannot write the link cache ({exc})") from None


@dataclass(frozen=True)
class Checked:
    """Every address's result, and how many were asked now rather than taken from the cache;
    or, when nothing could be reached, why (and then no result counts)."""

    results: dict[str, LinkResult]
    asked: int
    cached: int
    unreachable: str | None = None


def unreachable(results: Sequence[LinkResult]) -> str | None:
    """Why nothing could be reached, when the addresses asked say so, or None.

    No site answered any of them, and every one failed for a reason of ours: no name
    resolution at all (the resolver is out of reach), or, over two hosts or more, unknown
    names and connections that could not be made. A single host that does not resolve or
    does not answer is a broken link, not a machine offline."""
    asked = [r for r in results if r.outcome != "skipped"]
    if not asked or not all(is_ours(r) for r in asked):
        return None
    errors = [r.error or "" for r in asked]
    said = f"{len(asked)} address{'es' * (len(asked) > 1)} checked; {errors[0]}"
    if all(e.startswith(NO_RESOLVER) for e in errors):
        return f"no name resolution: no name could be looked up ({said})"
    if len({host_of(r.url) for r in asked}) < 2:
        return None
    if all(e.startswith((NO_RESOLVER, UNKNOWN_HOST)) for e in errors):
        return f"no name resolution: no name resolves ({said})"
    return f"no network: no address could be reached ({said})"


def check_all(
    urls: Sequence[str],
    settings: Settings,
    cache: LinkCache | None,
    *,
    max_age: float,
    offline: bool = False,
    progress: Callable[[int, int], None] | None = None,
) -> Checked:
    """Results for every address of `urls`: from the cache when young enough (or, offline, of
    any age), else asked now and put in the cache (see the module for what is kept)."""
    web = [u for u in dict.fromkeys(urls) if is_web(u)]
    known = cache.get(web, None if offline else max_age) if cache is not None else {}
    results: dict[str, LinkResult] = dict(known)
    todo = [u for u in dict.fromkeys(urls) if u not in known]
    total, done = len(todo), 0
    if offline:
        for url in todo:
            error = NOT_CACHED if is_web(url) else "not a web address (http or https)"
            results[url] = not_asked(url, error)
        if web and not known:
            empty = f"--offline, and none of the {len(web)} web addresses is in the cache"
            return Checked(results, 0, 0, empty)
        return Checked(results, 0, len(known))
    ours: list[LinkResult] = []

    def heard(result: LinkResult) -> None:
        nonlocal done
        done += 1
        if is_ours(result):
            ours.append(result)  # kept once the run has reached something
        elif cache is not None and result.outcome != "skipped":
            cache.put(result)
        if progress is not None:
            progress(done, total)

    if todo:
        found = check_urls(todo, settings, done=heard)
        why = unreachable(list(found.values()))
        if why is not None:
            return Checked(results, 0, len(known), why)
        results.update(found)
    if cache is not None:
        for result in ours:
            cache.put(result)
    asked = sum(1 for u in todo if is_web(u))
    return Checked(results, asked, len(known))
