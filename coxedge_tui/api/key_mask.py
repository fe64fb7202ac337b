"""Every API key this process knows, and the one function that masks them in any text.

A key is remembered as soon as it is known (a variable, a file, the keyring, the login screen), before
it is sent; from then on server text passes `mask` on its way to the screen, a terminal, a file or the log.
Standard library only (re is loaded at start anyway), so every layer can use it without slowing the start.
"""

from __future__ import annotations

import re
from typing import Any

MIN_LENGTH = 6  # shorter "keys" would mask ordinary words; a real key is far longer
# What may come between a key's characters and still show the key to a reader: a line break, a zero-width or
# soft-hyphen mark, a control character, an HTML tag such as <wbr>, or the JSON or bytes escape of one of these.
_GAP = (
    r"(?:[\s\x00-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u2028-\u202e\u2060-\u2064\ufeff]"
    r"|<[^<>]{0,40}>|\\[nrt]|\\x[0-9a-fA-F]{2}|\\u(?:00[01][0-9a-fA-F]|007[fF]|00[89][0-9a-fA-F]|00[aA][dD]|20[0-6][0-9a-fA-F]|[fF][eE][fF][fF]))*"
)
_known: tuple[str, ...] = ()
_patterns: dict[str, re.Pattern[str]] = {}
_pieces: dict[str, tuple[str, ...]] = {}  # a split key still shows one of its 4-character pieces whole


def remember(key: str) -> None:
    """Mask this key from now on, wherever server text goes."""
    global _known
    key = key.strip()
    if len(key) >= MIN_LENGTH and key not in _known:
        # Longest first, so a key that contains another is masked whole.
        _known = tuple(sorted((*_known, key), key=len, reverse=True))
        _patterns[key] = re.compile(_GAP.join(re.escape(c) for c in key))
        _pieces[key] = tuple(key[i : i + 4] for i in range(0, len(key) - 3, 4))


def known() -> tuple[str, ...]:
    return _known


def forget_all() -> None:
    """For tests: start again with no key known."""
    global _known
    _known = ()
    _patterns.clear()
    _pieces.clear()


def masked(key: str) -> str:
    """Enough to recognise a key (its last four characters), never enough to use it."""
    return f"…{key[-4:]}" if len(key) >= 12 else "…"


def mask(text: str) -> str:
    """`text` with every known key replaced by its masked form."""
    for key in _known:
        if key in text:
            text = text.replace(key, masked(key))
        if any(map(text.__contains__, _pieces[key])):  # split by a line break, a zero-width mark or a tag
            text = _patterns[key].sub(masked(key), text)
    return text


def mask_decoded(payload: Any, raw: bytes) -> Any:
    """A decoded JSON answer with every known key masked in its strings (names, descriptions, results…).

    `raw` is the body it came from. Walking a 100k-image list costs more than decoding it, so the walk
    happens only when a key can be in it: a piece of it written plainly, or one of its characters escaped.
    """
    if not _known:
        return payload
    pieces = (piece.encode() for key in _known for piece in _pieces[key])  # also finds a key split by a mark
    if any(piece in raw for piece in pieces) or _escaped(raw) & set("".join(_known)):
        return _masked_value(payload)
    return payload


def _escaped(raw: bytes) -> set[str]:
    """The characters a JSON body writes as escapes (\\u0041, \\/, \\"…), which hide a key from a plain search."""
    if b"\\" not in raw:
        return set()
    import re  # only for bodies with escapes

    simple = {b'"': '"', b"\\": "\\", b"/": "/"}
    found: set[str] = set()
    for match in re.finditer(rb"\\(?:u([0-9a-fA-F]{4})|(.))", raw):
        hexa, other = match.groups()
        found.add(chr(int(hexa, 16)) if hexa else simple.get(other, ""))
    return found


def _masked_value(value: Any) -> Any:
    if isinstance(value, str):
        return mask(value)
    if isinstance(value, list):
        return [_masked_value(item) for item in value]
    if isinstance(value, dict):
        return {mask(k) if isinstance(k, str) else k: _masked_value(v) for k, v in value.items()}
    return value
