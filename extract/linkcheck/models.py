"""What checking an address finds: the outcomes and the result of one address.

Apart from the checker so that reading a link report (the review page, `catalogue diff`) does
not load the HTTP client.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict

Outcome = Literal["ok", "redirected", "broken", "failing", "skipped"]
OUTCOMES: tuple[Outcome, ...] = ("ok", "redirected", "broken", "failing", "skipped")
WORKING: frozenset[Outcome] = frozenset({"ok", "redirected"})
NOT_WORKING: frozenset[Outcome] = frozenset({"broken", "failing"})


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
