"""Every API key this process knows, and the one function that masks them in any text.

A key is remembered as soon as it is known (a variable, a file, the keyring, the login screen), before
it is sent; from then on server text passes `mask` on its way to the screen, a terminal, a file or the log.
Plain Python with no imports, so every layer can use it without slowing the start.
"""

from __future__ import annotations

from typing import Any

MIN_LENGTH = 6  # shorter "keys" would mask ordinary words; a real key is far longer
_known: tuple[str, ...] = ()


def remember(key: str) -> None:
    """Mask this key from now on, wherever server text goes."""
    global _known
    key = key.strip()
    if len(key) >= MIN_LENGTH and key not in _known:
        # Longest first, so a key that contains another is masked whole.
        _known = tuple(sorted((*_known, key), key=len, reverse=True))


def known() -> tuple[str, ...]:
    return _known


def forget_all() -> None:
    """For tests: start again with no key known."""
    global _known
    _known = ()


def masked(key: str) -> str:
    """Enough to recognise a key (its last four characters), never enough to use it."""
    return f"…{key[-4:]}" if len(key) >= 12 else "…"


def mask(text: str) -> str:
    """`text` with every known key replaced by its masked form."""
    for key in _known:
        if key in text:
            text = text.replace(key, masked(key))
    return text


def mask_decoded(payload: Any, raw: bytes) -> Any:
    """A decoded JSON answer with every known key masked in its strings (names, descriptions, results…).

    `raw` is the body it came from. Walking a 100k-image list costs more than decoding it, so the walk
    happens only when a key can be in it: written plainly, or with one of its characters escaped.
    """
    if not _known:
        return payload
    if any(key.encode() in raw for key in _known) or _escaped(raw) & set("".join(_known)):
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
