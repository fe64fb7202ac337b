"""Where a request goes: an image id, environment, service or task id addresses its own path and no other.

httpx resolves `.` and `..` segments, and servers or proxies may decode `%2e` or take `\\` for `/`,
so a value from the server or the user could otherwise reach another environment's images.
"""

from __future__ import annotations

import string
import unicodedata
from urllib.parse import quote, unquote

from .errors import InvalidInputError, excerpt

ESCAPED_PATH_CHARS = frozenset(string.ascii_letters + string.digits + "_.-~%/")  # what quote() leaves as is
DECODE_ROUNDS = 4  # a proxy chain rarely decodes more than twice; four leaves a margin


def _segment_problem(segment: str) -> str | None:
    """Why one path segment cannot be sent as it is, or None when it can."""
    if not segment:
        return "it has an empty segment (two slashes in a row, or one at an end)"
    bad = next((c for c in segment if not c.isprintable()), None)
    if bad is not None:
        return f"it holds a control or invisible character (U+{ord(bad):04X})"
    if "\\" in segment:
        return "it holds a backslash, which some servers take for a slash"
    forms = [segment]
    for _ in range(DECODE_ROUNDS):
        try:
            decoded = unquote(forms[-1], errors="strict")
        except UnicodeDecodeError:  # a lax server may read an overlong '%c0%ae' as '.'
            return f"its segment '{excerpt(segment, 40)}' decodes to bytes that are not UTF-8 (such as '%c0%ae')"
        if decoded == forms[-1]:
            break
        forms.append(decoded)
    if any(_dot_segment(form) for form in forms):
        return f"its segment '{excerpt(segment, 40)}' would step out of its own path (a '.' or '..' segment)"
    wide = [unicodedata.normalize("NFKC", form) for form in forms]  # fullwidth '／' reads as '/' after NFKC
    if any("/" in form or "\\" in form or not form.isprintable() for form in [*forms[1:], *wide]):
        return f"its segment '{excerpt(segment, 40)}' decodes to a separator or a control character"
    return None


def _dot_segment(form: str) -> bool:
    """`.` or `..` as some server reads it: after NFKC (fullwidth or leader dots), `;params` cut off, spaces trimmed."""
    return any(
        variant.split(";", 1)[0].strip() in (".", "..") for variant in (form, unicodedata.normalize("NFKC", form))
    )


def _refuse(what: str, value: str, problem: str) -> InvalidInputError:
    return InvalidInputError(f"The {what} '{excerpt(value, 80)}' cannot be used: {problem}. Nothing was sent.")


def segment(value: str, what: str) -> str:
    """One path segment (an environment, service or task id): no slash at all, escaped for the URL."""
    if "/" in value:
        raise _refuse(what, value, "it holds a '/', and it must be a single name")
    problem = _segment_problem(value)
    if problem:
        raise _refuse(what, value, problem)
    return quote(value, safe="")


def image_path(image_id: str) -> str:
    """An image id keeps its slashes in the path (stackId/family/tag); each segment is checked and escaped."""
    parts = image_id.split("/")
    problem = next((p for p in map(_segment_problem, parts) if p), None)
    if problem:
        raise _refuse("image id", image_id, problem)
    return "/".join(quote(part, safe="") for part in parts)


def check_image_id(image_id: str) -> None:
    """Refuse an image id before anything is asked or sent about it (the UI calls this on `d`)."""
    image_path(image_id)


def check_sent_path(intended: str, sent: str) -> None:
    """The path httpx will send must be the one built, fully escaped: nothing resolved, cut or moved it."""
    if sent != intended or any(c not in ESCAPED_PATH_CHARS for c in intended):
        raise InvalidInputError(
            f"The request path {excerpt(intended, 120)} would be sent as {excerpt(sent, 120)}; refused, "
            "nothing was sent."
        )
