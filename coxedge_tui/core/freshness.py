"""Whether the image list on screen is live, and when to try again after failed loads (never imports textual).

A failed refresh keeps the list but marks it not live; auto-refresh goes on with a doubling interval,
capped, so a server that is down is not hammered and one that comes back is seen soon.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from ..api.errors import CoxEdgeError, RateLimitedError

BACKOFF_CAP = 300.0  # seconds: the longest wait between two tries of a failing list


def short_reason(error: CoxEdgeError) -> str:
    """A few words for a status line, e.g. "Server error (HTTP 502)" or "Network problem"."""
    status = f" (HTTP {error.status})" if error.status else ""
    return f"{error.title}{status}"


@dataclass
class Freshness:
    """The last successful load and the failures since; `failures` > 0 means the list is not live."""

    live_at: datetime | None = None
    failures: int = 0
    reason: str = ""  # short words for the last failure
    retry_after: float = 0.0  # the server asked us to wait this long (429)

    @property
    def failing(self) -> bool:
        return self.failures > 0

    def loaded(self, at: datetime) -> None:
        self.live_at, self.failures, self.reason, self.retry_after = at, 0, "", 0.0

    def failed(self, error: CoxEdgeError) -> None:
        self.failures += 1
        self.reason = short_reason(error)
        self.retry_after = (error.retry_after or 0.0) if isinstance(error, RateLimitedError) else 0.0

    def forget(self) -> None:
        """Another account or environment: nothing is known of its list yet."""
        self.live_at, self.failures, self.reason, self.retry_after = None, 0, "", 0.0

    def next_refresh(self, interval: float) -> float:
        """Seconds until the next automatic load; 0 when auto-refresh is off.

        Each failure doubles the interval, up to `BACKOFF_CAP` (or the interval itself, if longer).
        """
        if interval <= 0:
            return 0.0
        if not self.failing:
            return interval
        backoff = min(interval * 2.0**self.failures, max(interval, BACKOFF_CAP))
        return max(backoff, self.retry_after)
