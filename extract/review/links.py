"""Link outcomes on the review page, from a link report (`catalogue links`): a mark beside each
address on its card, its box on the page coloured, and the counts at the top.
"""

from __future__ import annotations

import html
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from extract.linkcheck.models import NOT_WORKING, OUTCOMES, Outcome, without_credentials

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


def badge(mark: LinkMark | None) -> str:
    if mark is None:
        return ""
    detail = html.escape(mark.detail, quote=True)
    return f' <span class="outcome {mark.outcome}" title="{detail}">{mark.outcome}</span>'


def stats(marks: Iterable[LinkMark]) -> str:
    """The counts of the shown links by outcome, for the header ('' without a report)."""
    counts = Counter(m.outcome for m in marks)
    if not counts:
        return ""
    spans = "".join(
        f'<span class="stat outcome-{o}{" zero" if not counts[o] else ""}">'
        f'<b id="count-links-{o}">{counts[o]}</b> {o}</span>'
        for o in OUTCOMES
    )
    return f'<span class="since">links checked:</span>{spans}'
