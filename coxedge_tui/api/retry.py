"""When a failed read is worth another try, and how long to wait first."""

from __future__ import annotations

from dataclasses import dataclass

from .errors import CertificateError, CoxEdgeError, NetworkError, OutcomeUnknownError, RateLimitedError, ServerError

TRANSIENT_STATUSES = frozenset({502, 503, 504})


def is_transient(error: CoxEdgeError) -> bool:
    """Failures that say nothing about the request itself, so the same read may well succeed."""
    if isinstance(error, OutcomeUnknownError | CertificateError):
        return False
    if isinstance(error, NetworkError | RateLimitedError):
        return True
    return isinstance(error, ServerError) and error.status in TRANSIENT_STATUSES


@dataclass(frozen=True)
class RetryPolicy:
    """Bounded exponential backoff with jitter, for reads only: a retried write could act twice."""

    attempts: int = 3
    base_delay: float = 0.5
    max_delay: float = 30.0

    def wait_before_retry(self, attempt: int, error: CoxEdgeError, jitter: float) -> float | None:
        """Seconds to wait after failed attempt number `attempt` (from 1), or None to give up.

        `jitter` is a number in [0, 1) so that many clients do not retry in step.
        """
        if attempt >= self.attempts or not is_transient(error):
            return None
        if isinstance(error, RateLimitedError) and error.retry_after is not None:
            # Waiting less than the server asked would only earn another 429; more than the cap, we stop.
            return error.retry_after if error.retry_after <= self.max_delay else None
        backoff = min(self.max_delay, self.base_delay * 2.0 ** (attempt - 1))
        return backoff / 2 + backoff / 2 * jitter


NO_RETRY = RetryPolicy(attempts=1)
