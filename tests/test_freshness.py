"""A list that fails to load is retried ever less often, capped, and the server's Retry-After is honoured."""

from __future__ import annotations

from datetime import UTC, datetime

from coxedge_tui.api.errors import NetworkError, RateLimitedError, ServerError
from coxedge_tui.core.freshness import BACKOFF_CAP, Freshness, short_reason

AT = datetime(2026, 11, 27, 23, 33, 44, tzinfo=UTC)


def test_each_failure_doubles_the_wait_up_to_the_cap_and_a_success_restores_the_interval() -> None:
    fresh = Freshness()
    fresh.loaded(AT)
    waits = []
    for _ in range(6):
        fresh.failed(ServerError("Listing images: the server failed (HTTP 502).", status=502))
        waits.append(fresh.next_refresh(30))
    assert waits == [60, 120, 240, BACKOFF_CAP, BACKOFF_CAP, BACKOFF_CAP]
    assert (fresh.failing, fresh.reason, fresh.live_at) == (True, "Server error (HTTP 502)", AT)
    fresh.loaded(AT)
    assert (fresh.failing, fresh.next_refresh(30)) == (False, 30)


def test_no_auto_refresh_means_no_retry_and_a_long_interval_is_never_shortened() -> None:
    fresh = Freshness()
    fresh.failed(NetworkError("no route"))
    assert fresh.next_refresh(0) == 0
    assert fresh.next_refresh(600) == 600
    assert short_reason(NetworkError("no route")) == "Network problem"


def test_a_rate_limited_list_waits_at_least_as_long_as_the_server_asked() -> None:
    fresh = Freshness()
    fresh.failed(RateLimitedError("too many", retry_after=900, status=429))
    assert fresh.next_refresh(30) == 900
