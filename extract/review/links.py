"""Link outcomes on the review page, from a link report (`catalogue links`): what the page
marks beside each address on its card, colours its box on the page with, and counts at the top.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.linkcheck.models import NOT_WORKING, Outcome, without_credentials

if TYPE_CHECKING:
    from extract.linkcheck.report import LinkReport, ReportedLink


@dataclass(frozen=True)
class LinkMark:
    """What the report says of one address: its outcome, and the detail a tooltip gives."""

    outcome: Outcome
    detail: str

    @property
    def works(self) -> bool:
        return self.outcome not in NOT_WORKING


def describe(link: ReportedLink) -> str:
    status = f"HTTP {link.status}" if link.status is not None else ""
    parts = [link.outcome, link.error or status]
    if link.redirects and link.final_url:
        parts.append(f"now at {link.final_url}")
    if link.checked_at:
        parts.append(f"checked {link.checked_at}")
    return " · ".join(part for part in parts if part)


class Marks(dict[str, LinkMark]):
    """Each address's mark, found by the address as the catalogue prints it: a report holds
    an address without the user name and password it may carry."""

    def get(self, url: str, default: LinkMark | None = None) -> LinkMark | None:  # type: ignore[override]
        return super().get(without_credentials(url), default)

    def __getitem__(self, url: str) -> LinkMark:
        return super().__getitem__(without_credentials(url))

    def __contains__(self, url: object) -> bool:
        return isinstance(url, str) and super().__contains__(without_credentials(url))


def link_marks(report: LinkReport) -> Marks:
    return Marks((link.url, LinkMark(link.outcome, describe(link))) for link in report.links)
