"""What checking an address finds: the outcomes and the result of one address.

Apart from the checker so that reading a link report (the review page, `catalogue diff`) does
not load the HTTP client.
"""

from __future__ import annotations

import re
from typing import Literal

from pydantic import BaseModel, ConfigDict

Outcome = Literal["ok", "redirected", "broken", "failing", "skipped"]
OUTCOMES: tuple[Outcome, ...] = ("ok", "redirected", "broken", "failing", "skipped")
WORKING: frozenset[Outcome] = frozenset({"ok", "redirected"})
NOT_WORKING: frozenset[Outcome] = frozenset({"broken", "failing"})
# The user name and password of an address: from `//` to the last `@` before the path.
_CREDENTIALS = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*://)[^/?#]*@")


def without_credentials(url: str) -> str:
    """`url` without the user name and password it may carry (`https://user:pass@host/` →
    `https://host/`): never sent, and never written in a report or the cache."""
    return _CREDENTIALS.sub(r"\1", url, count=1)


class Hop(BaseModel):
    """One redirect: its status and the address it sent to."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    status: int
    url: str


class LinkResult(BaseModel):
    """What asking one address gave."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    url: str
    outcome: Outcome
    status: int | None = None
    final_url: str | None = None
    redirects: list[Hop] = []
    seconds: float = 0.0
    checked_at: str
    error: str | None = None


def is_ours(result: LinkResult) -> bool:
    """A failure with no answer of the site's own (no name resolution, no connection, a
    timeout): it says more of the network the check ran on than of the link."""
    return result.status is None and result.outcome in NOT_WORKING
