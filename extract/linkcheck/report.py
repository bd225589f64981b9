"""The link report of an extraction: links.json and links.csv, and what two reports say of
each other.

One row per distinct address of the catalogue, sorted by address so that two reports line up
line by line; each row names the cards that print the address. "When checked" is each
address's own time (an address taken from the cache keeps the time it was really asked).
"""

from __future__ import annotations

import csv
import io
from collections import Counter
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, ValidationError

from extract.errors import CatalogueError, ExitCode, validation_problem
from extract.linkcheck.models import (
    NOT_WORKING,
    OUTCOMES,
    WORKING,
    Hop,
    LinkResult,
    Outcome,
    without_credentials,
)
from extract.untrusted import json_text
from extract.write.cells import neutralise
from schemas.models import LINKS_SEPARATOR, Catalogue

FORMAT: Literal["ess-catalogue-links/1"] = "ess-catalogue-links/1"
JSON_NAME, CSV_NAME = "links.json", "links.csv"
CSV_HEADER = (
    "url",
    "card_ids",
    "outcome",
    "status",
    "final_url",
    "redirects",
    "seconds",
    "checked_at",
    "error",
)
HOP_SEPARATOR = " → "


class ReportTrouble(CatalogueError):
    """A link report that cannot be read."""

    code = ExitCode.USAGE


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class ReportedLink(_Model):
    url: str
    card_ids: list[str]
    outcome: Outcome
    status: int | None
    final_url: str | None
    redirects: list[Hop]
    seconds: float
    checked_at: str
    error: str | None

    @property
    def works(self) -> bool:
        return self.outcome in WORKING


class ReportEdition(_Model):
    title: str | None
    source_file: str
    sha256: str


class LinkReport(_Model):
    format: Literal["ess-catalogue-links/1"] = FORMAT
    edition: ReportEdition
    summary: dict[Outcome, int]
    links: list[ReportedLink]

    def failing(self) -> list[ReportedLink]:
        """The links that do not work (broken or failing; skipped ones were not asked)."""
        return [link for link in self.links if link.outcome in NOT_WORKING]


def link_uses(catalogue: Catalogue) -> dict[str, list[str]]:
    """Each distinct address of the catalogue → the cards that print it, in document order.
    An address is taken without the user name and password it may carry, which are never
    sent nor written (`https://user:pass@host/` is reported as `https://host/`)."""
    uses: dict[str, list[str]] = {}
    for resource in catalogue.resources:
        for printed in resource.links:
            cards = uses.setdefault(without_credentials(printed), [])
            if resource.card_id not in cards:
                cards.append(resource.card_id)
    return uses


def build_report(
    catalogue: Catalogue, uses: Mapping[str, Sequence[str]], results: Mapping[str, LinkResult]
) -> LinkReport:
    links = [
        ReportedLink(card_ids=list(uses[url]), **results[url].model_dump()) for url in sorted(uses)
    ]
    counts = Counter(link.outcome for link in links)
    edition = catalogue.edition
    return LinkReport(
        edition=ReportEdition(
            title=edition.title, source_file=edition.source_file, sha256=edition.sha256
        ),
        summary={outcome: counts[outcome] for outcome in OUTCOMES},
        links=links,
    )


def render_json(report: LinkReport) -> bytes:
    text = json_text(report.model_dump(mode="json"))
    return text.encode("utf-8")


def hops_text(hops: Sequence[Hop]) -> str:
    return HOP_SEPARATOR.join(f"{h.status} {h.url}" for h in hops)


def render_csv(report: LinkReport) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    for link in report.links:
        row = [
            link.url,
            LINKS_SEPARATOR.join(link.card_ids),
            link.outcome,
            "" if link.status is None else str(link.status),
            link.final_url or "",
            hops_text(link.redirects),
            f"{link.seconds:.3f}",
            link.checked_at,
            link.error or "",
        ]
        writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8")


def render(report: LinkReport) -> dict[str, bytes]:
    return {CSV_NAME: render_csv(report), JSON_NAME: render_json(report)}


def load_report(path: Path) -> LinkReport:
    """A link report from a links.json, or from the extraction folder that holds one."""
    if path.is_dir():
        path = path / JSON_NAME
        if not path.is_file():
            raise ReportTrouble(path.parent, f"no {JSON_NAME} in this folder (run catalogue links)")
    if not path.is_file():
        raise ReportTrouble(path, "no such file or folder")
    try:
        return LinkReport.model_validate_json(path.read_bytes())
    except OSError as exc:
        raise ReportTrouble(path, f"cannot be read ({exc.strerror or exc})") from None
    except ValidationError as exc:
        raise ReportTrouble(path, f"not a link report ({validation_problem(exc)})") from None


# ---------------------------------------------------------------------------------------------
# Between two reports.


class BrokenLink(_Model):
    """An address that worked in the older report and does not in the newer one."""

    url: str
    card_ids: list[str]
    old_outcome: Outcome
    old_checked_at: str
    outcome: Outcome
    status: int | None
    error: str | None
    checked_at: str


def broken_between(old: LinkReport, new: LinkReport) -> list[BrokenLink]:
    """Addresses in both reports that worked then and do not now, sorted by address."""
    before = {link.url: link for link in old.links}
    return [
        BrokenLink(
            url=link.url,
            card_ids=link.card_ids,
            old_outcome=before[link.url].outcome,
            old_checked_at=before[link.url].checked_at,
            outcome=link.outcome,
            status=link.status,
            error=link.error,
            checked_at=link.checked_at,
        )
        for link in new.links
        if link.url in before and before[link.url].works and link.outcome in NOT_WORKING
    ]
