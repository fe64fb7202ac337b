"""Server text made safe for a terminal: control characters shown escaped, never sent raw.

UI-agnostic: the Textual app (through ui/text.py) and the scripting command line both use it.
"""

from __future__ import annotations

from ..api.key_mask import mask

_CONTROL = {i: f"\\x{i:02x}" for i in [*range(0, 32), 127]} | {i: f"\\x{i:02x}" for i in range(0x80, 0xA0)}
_CONTROL_KEEP_NEWLINES = {k: v for k, v in _CONTROL.items() if k not in (9, 10)}
_BIDI = {i: f"\\u{i:04x}" for i in (*range(0x202A, 0x202F), *range(0x2066, 0x206A))}
# In JSON the same characters become \u escapes, which decode back to the exact server text.
_JSON_ESCAPES = {i: f"\\u{i:04x}" for i in (127, *range(0x80, 0xA0), *_BIDI)}


def clean(value: object, *, multiline: bool = False) -> str:
    """Control characters (ESC, BEL, CR, C1, bidi overrides) shown escaped, never sent to the terminal.

    A known API key is masked too: this is the way server text takes to every screen, terminal and file.
    """
    text = mask("" if value is None else str(value))
    return text.translate(_CONTROL_KEEP_NEWLINES if multiline else _CONTROL).translate(_BIDI)


def json_safe(document: str) -> str:
    """A JSON document with the characters json.dumps leaves raw (DEL, C1, bidi) written as \\u escapes.

    Lossless: they can only occur inside strings, where the escape means the same character. A known
    API key is masked (it is a secret, not data).
    """
    return mask(document).translate(_JSON_ESCAPES)


COPY_MAX = 1024


def uncopyable(value: str) -> str | None:
    """Why `value` must not go on the clipboard (it would be pasted into a shell as it is), or None.

    Only one printable line is copied: no control character, line break, bidi override or hidden format mark.
    """
    if mask(value) != value:
        return "holds the API key"
    if any(c in "\r\n" for c in value):
        return "holds line breaks"
    if not value.isprintable():
        return "holds control or invisible characters"
    if len(value) > COPY_MAX:
        return f"is longer than {COPY_MAX} characters"
    return None
