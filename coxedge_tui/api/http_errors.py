"""The one place HTTP answers and transport failures map to the typed errors of `errors.py`."""

from __future__ import annotations

import html
import json
import re

import httpx
from pydantic import ValidationError

from .errors import (
    EXCERPT_CHARS,
    AuthenticationError,
    BadRequestError,
    ConflictError,
    CoxEdgeError,
    NetworkError,
    NotFoundError,
    OutcomeUnknownError,
    RateLimitedError,
    ServerError,
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


def _wait_words(seconds: float) -> str:
    if seconds < 90:
        return f"{seconds:.0f} s"
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
        wait = f"Try again in {_wait_words(retry)}." if retry is not None else "Wait a moment and try again."
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
