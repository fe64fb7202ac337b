"""The typed failures of the API layer, and the one place HTTP maps to them."""

from __future__ import annotations

import json
from email.utils import parsedate_to_datetime
from datetime import datetime, timezone

import httpx
from pydantic import ValidationError

from .models import ErrorBody

EXCERPT_CHARS = 120


class CoxEdgeError(Exception):
    """Base of every failure the API layer raises; `title` and `message` are for people."""

    title = "Request failed"

    def __init__(self, message: str, *, status: int | None = None, code: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.code = code

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


class ProtocolError(CoxEdgeError):
    title = "Unexpected answer"


class ReadOnlyError(CoxEdgeError):
    title = "Read-only mode"


def excerpt(text: str, limit: int = EXCERPT_CHARS) -> str:
    """A short, single-line, printable excerpt of an unexpected body."""
    flat = " ".join("".join(c if c.isprintable() else " " for c in text).split())
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
    try:
        when = parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return None
    now = now or datetime.now(timezone.utc)
    return max(0.0, (when - now).total_seconds())


def server_message(response: httpx.Response) -> tuple[str | None, str | None]:
    """The `errors[].message` and code of an error body, when it has them."""
    try:
        body = ErrorBody.model_validate(json.loads(response.content))
    except (ValueError, ValidationError, TypeError):
        return None, None
    return (excerpt(body.message, 500).rstrip(".") or None), body.code


def error_for_response(response: httpx.Response, what: str) -> CoxEdgeError:
    """Map a failed response to the exception a person can act on."""
    status = response.status_code
    message, code = server_message(response)
    detail = f" (the server said: {excerpt(response.text)})" if message is None and response.content else ""
    if status in (401, 403):
        return AuthenticationError(
            f"{what}: {message or 'the API key was refused'} (HTTP {status}). Check the API key "
            "and that it has access to this organisation and environment.",
            status=status, code=code,
        )
    if status == 429:
        retry = parse_retry_after(response.headers.get("Retry-After"))
        wait = f"Try again in {retry:.0f} s." if retry is not None else "Wait a moment and try again."
        return RateLimitedError(
            f"{what}: too many requests (HTTP 429). {wait}", retry_after=retry, status=status, code=code
        )
    if status >= 500 or status < 400:
        said = f": {message}" if message else detail
        return ServerError(
            f"{what}: the server failed (HTTP {status}){said}. Try again; if it persists the service may be down.",
            status=status, code=code,
        )
    kind: type[CoxEdgeError] = {404: NotFoundError, 409: ConflictError}.get(status, BadRequestError)
    fallback = {404: "not found", 409: "it conflicts with something that exists"}.get(status, "the request was rejected")
    return kind(f"{what}: {message or fallback} (HTTP {status}){detail}.", status=status, code=code)


def error_for_transport(exc: httpx.HTTPError, what: str, base_url: str) -> CoxEdgeError:
    if isinstance(exc, httpx.TimeoutException):
        return NetworkError(f"{what}: {base_url} did not answer in time ({type(exc).__name__}).")
    if isinstance(exc, httpx.ConnectError):
        return NetworkError(f"{what}: cannot connect to {base_url}. Check the address and the network.")
    return NetworkError(f"{what}: the connection to {base_url} failed ({type(exc).__name__}).")
