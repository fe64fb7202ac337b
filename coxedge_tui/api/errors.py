"""The typed failures of the API layer (plain Python: the UI catches them without loading httpx or pydantic).

The mapping from HTTP answers to these is in `http_errors.py`.
"""

from __future__ import annotations

from datetime import UTC, datetime

from .key_mask import mask

EXCERPT_CHARS = 120


class CoxEdgeError(Exception):
    """Base of every failure the API layer raises; `title` and `message` are for people."""

    title = "Request failed"

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(mask(message))
        self.message = message
        self.status = status
        self.code = code

    @property
    def message(self) -> str:
        return self._message

    @message.setter
    def message(self, text: str) -> None:
        # Server text enters here: a key it repeats is masked before anyone can show or log the message.
        self._message = mask(text)

    def __str__(self) -> str:
        return self.message


class AuthenticationError(CoxEdgeError):
    title = "API key refused"


class NotFoundError(CoxEdgeError):
    title = "Not found"


class BadRequestError(CoxEdgeError):
    title = "Request rejected"


class ConflictError(BadRequestError):
    title = "Conflict"


class RateLimitedError(CoxEdgeError):
    title = "Rate limited"

    def __init__(
        self, message: str, *, retry_after: float | None = None, status: int | None = None, code: str | None = None
    ) -> None:
        super().__init__(message, status=status, code=code)
        self.retry_after = retry_after


class ServerError(CoxEdgeError):
    title = "Server error"


class NetworkError(CoxEdgeError):
    title = "Network problem"


class OutcomeUnknownError(NetworkError):
    """A change was sent but its answer was lost: it may or may not have happened."""

    title = "Outcome unknown"


class DeadlineError(NetworkError):
    """A request found no complete answer within its total deadline (connect to last byte, retries included)."""

    title = "Timed out"


class WriteDeadlineError(DeadlineError, OutcomeUnknownError):
    """A change ran out of time after it may have been sent: its outcome is unknown."""


class CertificateError(NetworkError):
    """The server's TLS certificate was not accepted; trying again cannot change that."""

    title = "Certificate not trusted"


class ProtocolError(CoxEdgeError):
    title = "Unexpected answer"


class ReadOnlyError(CoxEdgeError):
    title = "Read-only mode"


class InvalidInputError(CoxEdgeError):
    """A value that cannot be sent as it is (an id or name that would leave its own URL path); nothing was sent."""

    title = "Invalid input"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A short, single-line, printable excerpt of an unexpected body; a known key masked before it can be cut."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in mask(text)).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def parse_retry_after(value: str | None, now: datetime | None = None) -> float | None:
    """Retry-After as seconds or an HTTP date; None when absent or unreadable."""
    if not value:
        return None
    value = value.strip()
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    from email.utils import parsedate_to_datetime  # the email package stays off the start-up path

    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or datetime.now(UTC)
    return max(0.0, (when - now).total_seconds())
