"""`catalogue links DIR`: which addresses of an extraction still work.

The checking is `extract.linkcheck.check` (HTTP), `extract.linkcheck.cache` (what was found,
kept) and `extract.linkcheck.report` (links.csv and links.json); this module reads the
extraction, reports progress and the summary, and maps the outcome to the exit status.
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from extract.errors import CatalogueError, ExitCode, InputNotFound, validation_problem
from extract.linkcheck.cache import Checked, LinkCache, check_all, default_path
from extract.linkcheck.check import Settings, is_web
from extract.linkcheck.models import OUTCOMES
from extract.linkcheck.report import (
    CSV_NAME,
    JSON_NAME,
    LinkReport,
    ReportedLink,
    build_report,
    link_uses,
    render,
)
from extract.untrusted import shown
from extract.write.files import write_files
from schemas.models import Catalogue

CATALOGUE_NAME = "catalogue.json"
DEFAULT_MAX_AGE = "1d"
UNITS = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class LinksTrouble(CatalogueError):
    """An extraction folder whose catalogue.json cannot be used."""

    code = ExitCode.USAGE


class Unreachable(CatalogueError):
    """Nothing could be reached (or, offline, nothing is in the cache): no report."""

    code = ExitCode.UNREACHABLE


def load_extraction(path: Path) -> tuple[Path, Catalogue]:
    """The folder the reports go to, and the catalogue it holds (`path` is the folder or its
    catalogue.json)."""
    if path.is_dir():
        folder, source = path, path / CATALOGUE_NAME
        if not source.is_file():
            raise InputNotFound(path, f"no {CATALOGUE_NAME} in this folder (run catalogue extract)")
    elif path.is_file() and path.suffix == ".json":
        folder, source = path.parent, path
    elif path.exists():
        raise InputNotFound(path, "is a file, not an extraction folder")
    else:
        raise InputNotFound(path, "no such folder")
    try:
        return folder, Catalogue.model_validate_json(source.read_bytes())
    except OSError as exc:
        raise InputNotFound(source, f"cannot be read ({exc.strerror or exc})") from None
    except ValidationError as exc:
        problem = validation_problem(exc)
        raise LinksTrouble(source, f"not an extracted catalogue.json ({problem})") from None


def parse_age(text: str) -> float:
    """`90`, `90s`, `30m`, `12h` or `2d` as seconds; for argparse."""
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*([smhd]?)\s*", text)
    if match is None:
        raise argparse.ArgumentTypeError(f"not an age such as 30m, 12h or 2d: {text!r}")
    return float(match.group(1)) * UNITS[match.group(2) or "s"]


def _positive(kind: type[int] | type[float]) -> Any:
    def parse(text: str) -> int | float:
        try:
            value = kind(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
        if value <= 0:
            raise argparse.ArgumentTypeError(f"must be more than 0: {text!r}")
        return value

    return parse


class LinkProgress:
    """Addresses checked so far: one rewritten line on a terminal, a few lines elsewhere."""

    def __init__(self, stream: TextIO) -> None:
        self.stream, self.tty, self.last_tenth = stream, stream.isatty(), -1

    def __call__(self, done: int, total: int) -> None:
        if self.tty:
            end = "\n" if done >= total else ""
            self.stream.write(f"\rcatalogue: links: {done}/{total} checked{end}")
        else:
            tenth = 10 * done // total
            if tenth == self.last_tenth:
                return
            self.last_tenth = tenth
            self.stream.write(f"catalogue: links: {done}/{total} checked\n")
        self.stream.flush()


def summary(
    report: LinkReport, checked: Checked, folder: Path, elapsed: float, offline: bool = False
) -> str:
    counts = report.summary
    width = max(len(o) for o in OUTCOMES)
    lines = [f"{'outcome':<{width}}  links", *(f"{o:<{width}}  {counts[o]:>5}" for o in OUTCOMES)]
    lines += [f"{'total':<{width}}  {len(report.links):>5}", ""]
    how = (
        f"offline: {checked.cached} from the cache"
        if offline
        else f"{checked.asked} asked now, {checked.cached} from the cache"
    )
    lines.append(f"{how}, in {elapsed:.1f} s → {folder / CSV_NAME}, {folder / JSON_NAME}")
    moved = [link for link in report.links if link.outcome == "redirected"]
    if moved:
        lines += ["", "Moved for good (the catalogue should give the new address):"]
        lines += [f"  {link.url}\n    → {link.final_url}" for link in moved]
    failing = report.failing()
    if failing:
        lines += ["", "Links that do not work:"]
        for link in failing:
            lines.append(f"  {link.outcome:<8} {link.url}")
            lines.append(f"           {link.error or ''} (cards: {', '.join(link.card_ids)})")
    unchecked = not_checked(report)
    if unchecked:
        lines += ["", "Links not checked:"]
        for link in unchecked:
            lines.append(f"  {link.url}")
            lines.append(f"    {link.error or ''} (cards: {', '.join(link.card_ids)})")
    # Addresses and errors come from the catalogue and from the sites: shown, not obeyed.
    return "\n".join(shown(line) for line in lines)


def not_checked(report: LinkReport) -> list[ReportedLink]:
    """The web addresses that were not checked: not in the cache with --offline, or not
    public (without --allow-private)."""
    return [link for link in report.links if link.outcome == "skipped" and is_web(link.url)]


def settings_from(args: argparse.Namespace) -> Settings:
    return Settings(
        concurrency=args.concurrency,
        per_host=args.per_host,
        connect_timeout=min(args.connect_timeout, args.timeout),
        read_timeout=min(args.read_timeout, args.timeout),
        total_timeout=args.timeout,
        retries=args.retries,
        allow_private=args.allow_private,
    )


def handler(args: argparse.Namespace) -> int:
    """A bug is the error boundary's to report (`extract.cli`): one line, and the reports as
    they were, since they are written last."""
    started = time.monotonic()
    folder, catalogue = load_extraction(args.folder)
    uses = link_uses(catalogue)
    progress = None if args.quiet else LinkProgress(sys.stderr)
    with LinkCache(args.cache) as cache:
        checked = check_all(
            list(uses),
            settings_from(args),
            cache,
            max_age=args.max_age,
            offline=args.offline,
            progress=progress,
        )
    if checked.unreachable is not None:
        kept = "; the previous report is left as it was" if (folder / CSV_NAME).exists() else ""
        raise Unreachable(folder, f"{checked.unreachable}{kept}")
    report = build_report(catalogue, uses, checked.results)
    write_files(render(report), folder, ends_run=True)
    if not args.quiet:
        print(summary(report, checked, folder, time.monotonic() - started, args.offline))
    if report.failing():
        return int(ExitCode.WARNINGS)
    return int(ExitCode.INCOMPLETE) if not_checked(report) else int(ExitCode.OK)


def register(sub: Any) -> None:
    p = sub.add_parser(
        "links",
        help="check which links of an extraction still work (links.csv, links.json)",
        description="Check every distinct address of an extraction over HTTP and write "
        "DIR/links.csv and DIR/links.json beside its outputs (which are left untouched): the "
        "address, the cards that print it, the outcome, the HTTP status, the final address and "
        "the redirects, the time taken, when it was checked, and the error. Outcomes: ok; "
        "redirected (moved for good: the catalogue should give the new address); broken (404, "
        "410, unknown host, connection refused); failing (5xx, other client errors, timeout, "
        "TLS error, too many redirects, a redirect loop); skipped (not http or https, not in "
        "the cache with --offline, or not a public address). Results are cached, so a re-run "
        "within --max-age asks no site again. No request goes to a loopback, private, "
        "link-local or other address that is not public (the link's own, or one a site "
        "redirects to), unless --allow-private; a user name and password in an address are "
        "never sent nor written.",
        epilog="Examples:\n"
        "  catalogue links output/ess-pvd-2021\n"
        "      writes output/ess-pvd-2021/links.csv and links.json\n"
        "  catalogue links output/ess-pvd-2021 --max-age 0      # ask every site again\n"
        "  catalogue links output/ess-pvd-2021 --offline        # from the cache only\n"
        "  catalogue links output/ess-pvd-2022 -q || echo 'some links do not work'\n"
        "  catalogue links intranet/edition --allow-private     # addresses of a local network\n\n"
        "Exit codes: 0 every web address was checked (now or from the cache) and works,\n"
        "1 some links are broken or failing, 2 usage, a catalogue.json that is not an\n"
        "extraction or a cache file that is not a link cache, 3 folder missing or without\n"
        "catalogue.json, 9 reports or cache not writable, 10 internal error, 11 none is\n"
        "known not to work but some were not checked (not in the cache with --offline, or not\n"
        "public), 12 nothing could be reached (no network, no name resolution) or --offline\n"
        "with none in the cache: no report written, 130 interrupted (what was checked stays\n"
        "in the cache).",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "folder",
        type=Path,
        metavar="DIR",
        help="an extraction folder (holding catalogue.json), e.g. output/ess-pvd-2021",
    )
    p.add_argument(
        "--cache",
        type=Path,
        default=default_path(),
        metavar="FILE",
        help="the SQLite file results are kept in (default: $XDG_CACHE_HOME or ~/.cache, "
        "ess-catalogue/links.sqlite), e.g. --cache links.sqlite",
    )
    p.add_argument(
        "--max-age",
        type=parse_age,
        default=parse_age(DEFAULT_MAX_AGE),
        metavar="AGE",
        help=f"ask again an address whose cached result is older than AGE (default "
        f"{DEFAULT_MAX_AGE}; s, m, h, d; 0 asks every address), e.g. --max-age 12h",
    )
    p.add_argument(
        "--offline",
        action="store_true",
        help="ask no site: report from the cache whatever its age (addresses not in it are "
        "skipped)",
    )
    p.add_argument(
        "--allow-private",
        action="store_true",
        help="also ask addresses that are not public (loopback, private, link-local…): for a "
        "catalogue of an intranet. Without it such a link is skipped, and so is a redirect "
        "to one",
    )
    p.add_argument(
        "--concurrency",
        type=_positive(int),
        default=Settings.concurrency,
        metavar="N",
        help=f"requests in flight at once, overall (default {Settings.concurrency})",
    )
    p.add_argument(
        "--per-host",
        type=_positive(int),
        default=Settings.per_host,
        metavar="N",
        help=f"requests in flight at once to one host (default {Settings.per_host})",
    )
    p.add_argument(
        "--timeout",
        type=_positive(float),
        default=Settings.total_timeout,
        metavar="SECONDS",
        help=f"give up on a request after SECONDS in all (default {Settings.total_timeout:g})",
    )
    p.add_argument(
        "--connect-timeout",
        type=_positive(float),
        default=Settings.connect_timeout,
        metavar="SECONDS",
        help=f"give up connecting after SECONDS (default {Settings.connect_timeout:g})",
    )
    p.add_argument(
        "--read-timeout",
        type=_positive(float),
        default=Settings.read_timeout,
        metavar="SECONDS",
        help=f"give up waiting for the server after SECONDS of silence (default "
        f"{Settings.read_timeout:g})",
    )
    p.add_argument(
        "--retries",
        type=int,
        choices=range(0, 6),
        default=Settings.retries,
        metavar="N",
        help=f"ask again up to N times on 429 and 5xx, waiting as Retry-After says or "
        f"longer each time (0-5, default {Settings.retries})",
    )
    p.add_argument(
        "-q",
        "--quiet",
        action="store_true",
        help="print nothing but errors; the exit status tells whether every link works",
    )
    p.set_defaults(handler=handler)
