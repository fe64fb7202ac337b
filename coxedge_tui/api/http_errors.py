"""The one place HTTP answers and transport failures map to the typed errors of `errors.py`."""

from __future__ import annotations

import html
import json
import re
import ssl
from urllib.parse import urlsplit

import httpx
from pydantic import ValidationError

from .errors import (
    EXCERPT_CHARS,
    AuthenticationError,
    BadRequestError,
    CertificateError,
    ConflictError,
    CoxEdgeError,
    DeadlineError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    ServerError,
    WriteDeadlineError,
    excerpt,
    parse_retry_after,
)
from .key_mask import mask
from .models import ErrorBody

_HIDDEN_HTML = re.compile(r"<(script|style|head)\b.*?</\1\s*>", re.IGNORECASE | re.DOTALL)
_TITLE = re.compile(r"<title\b[^>]*>(.*?)</title\s*>", re.IGNORECASE | re.DOTALL)
_TAG = re.compile(r"<[^>]*>")


def body_excerpt(response: httpx.Response, limit: int = EXCERPT_CHARS) -> str:
    """What a person needs from an unexpected body: an HTML page's words, not its markup."""
    text = response.content[: 64 * 1024].decode(response.encoding or "utf-8", errors="replace")
    if "html" in response.headers.get("Content-Type", "") or text.lstrip().startswith("<"):
        title = _TITLE.search(text)
        body = " ".join(_TAG.sub(" ", _HIDDEN_HTML.sub(" ", text)).split())
        heading = " ".join(title.group(1).split()) if title else ""
        text = body if heading in body else f"{heading}: {body}"
        text = html.unescape(text)
    return excerpt(text, limit)


def server_message(response: httpx.Response) -> tuple[str | None, str | None]:
    """The `errors[].message` and code of an error body, when it has them."""
    try:
        body = ErrorBody.model_validate(json.loads(response.content))
    except (ValueError, ValidationError, TypeError):
        return None, None
    return (excerpt(body.message, 500).rstrip(".") or None), (mask(body.code) if body.code else body.code)


def _seconds_words(seconds: float) -> str:
    """0.5 -> "0.5 s", 2.0004 -> "2 s", 600 -> "10 min": the wait or limit as a person reads it."""
    if seconds < 90:
        return f"{seconds:.0f} s" if seconds >= 10 else f"{seconds:.2g} s"
    return f"{seconds / 60:.0f} min"


def error_for_response(response: httpx.Response, what: str, *, write: bool = False) -> CoxEdgeError:
    """Map a failed response to the exception a person can act on."""
    status = response.status_code
    message, code = server_message(response)
    said = body_excerpt(response) if message is None and response.content else ""
    detail = f"; the server answered: {said}" if said else ""
    if status in (401, 403):
        return AuthenticationError(
            f"{what}: {message or 'the API key was refused'} (HTTP {status}). Check the API key "
            "and that it has access to this organisation and environment.",
            status=status,
            code=code,
        )
    if status == 429:
        retry = parse_retry_after(response.headers.get("Retry-After"))
        wait = f"Try again in {_seconds_words(retry)}." if retry is not None else "Wait a moment and try again."
        return RateLimitedError(
            f"{what}: too many requests (HTTP 429). {wait}", retry_after=retry, status=status, code=code
        )
    if status >= 500 or status < 400:
        reason = f": {message}" if message else detail
        advice = (
            "The change may or may not have been applied; refresh the list to see."
            if write
            else "Try again; if it persists the service may be down."
        )
        return ServerError(f"{what}: the server failed (HTTP {status}{reason}). {advice}", status=status, code=code)
    kind: type[CoxEdgeError] = {404: NotFoundError, 409: ConflictError}.get(status, BadRequestError)
    fallback = {
        404: "not found",
        405: "the server does not allow this operation here",
        409: "it conflicts with something that exists",
    }.get(status, "the request was rejected")
    return kind(f"{what}: {message or fallback} (HTTP {status}{detail}).", status=status, code=code)


# Failures that happen before the request leaves: whatever it was, nothing changed on the server.
_NOT_SENT = (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout, httpx.LocalProtocolError)


def error_for_transport(exc: httpx.HTTPError, what: str, where: str, *, write: bool = False) -> CoxEdgeError:
    """Map a transport failure; for a write, say whether the change can have happened."""
    tls = _tls_failure(exc) if isinstance(exc, httpx.ConnectError) else None
    if tls is not None:
        return CertificateError(f"{what}: {tls} Nothing was sent.")
    if isinstance(exc, httpx.ConnectTimeout):
        reason = f"cannot connect to {where}: the connection timed out. Check the address and the network"
    elif isinstance(exc, httpx.ConnectError):
        reason = f"cannot connect to {where}. Check the address and the network"
    elif isinstance(exc, httpx.TimeoutException):
        reason = f"{where} did not answer in time"
    elif isinstance(exc, httpx.LocalProtocolError):
        reason = "the request could not be sent (it was not valid HTTP)"
    else:
        reason = f"the connection to {where} was lost before an answer arrived"
    if not write:
        return NetworkError(f"{what}: {reason}.")
    if isinstance(exc, _NOT_SENT):
        return NetworkError(f"{what}: {reason}. Nothing was sent, so nothing changed.")
    return OutcomeUnknownError(
        f"{what}: the request was sent but {reason}, so the outcome is unknown: "
        "it may or may not have been applied. The list will be refreshed to show the truth."
    )


def _ssl_error(exc: BaseException) -> ssl.SSLError | None:
    """The SSL error behind a connect failure, through httpx's and httpcore's wrapping."""
    seen: BaseException | None = exc
    for _ in range(8):
        if seen is None or isinstance(seen, ssl.SSLError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def _tls_failure(exc: httpx.ConnectError) -> str | None:
    """Why the TLS handshake failed, and what to do, or None when it was not TLS."""
    cause = _ssl_error(exc)
    if cause is None:
        return None
    host = urlsplit(str(exc.request.url)).hostname if _has_request(exc) else None
    name = host or "the server"
    if isinstance(cause, ssl.SSLCertVerificationError):
        reason = excerpt(cause.verify_message or cause.reason or str(cause), 160).rstrip(".")
        return (
            f"the TLS certificate of {name} was not accepted: {reason}. If your network's own CA signs it "
            "(a corporate proxy), set COX_CA_BUNDLE to that CA's PEM file; verification is never turned off."
        )
    reason = excerpt(str(cause.reason or cause), 160).rstrip(".")
    return (
        f"the secure (TLS) connection to {name} failed: {reason}. Check that the API URL is the portal's https "
        "address; if a corporate proxy intercepts TLS, set COX_CA_BUNDLE to its CA's PEM file."
    )


def _has_request(exc: httpx.HTTPError) -> bool:
    try:
        exc.request  # noqa: B018 - httpx raises when the error was made without a request
    except RuntimeError:
        return False
    return True


def error_for_deadline(what: str, where: str, seconds: float, *, write: bool = False) -> DeadlineError:
    """The request's total deadline passed: say which request, after how long, and how to change it."""
    change = "--request-timeout SECONDS, COX_REQUEST_TIMEOUT or request_timeout in the profile"
    if not write:
        return DeadlineError(
            f"{what}: no complete answer from {where} within {_seconds_words(seconds)} (the limit for the whole "
            f"request, retries included), so it was stopped. A longer limit is set with {change}."
        )
    return WriteDeadlineError(
        f"{what}: no complete answer from {where} within {_seconds_words(seconds)}, so the outcome is unknown: "
        f"it may or may not have been applied. The list will be refreshed to show the truth. "
        f"The limit is set with {change}."
    )
