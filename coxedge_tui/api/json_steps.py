"""JSON read in small steps, so a worker thread decoding a large list never holds the GIL for long.

`json.loads` of a 100k-image answer is one C call of a tenth of a second or more, during which the
event loop of the UI cannot run even though the call is in another thread. Here the top-level object
is walked by hand and each item of its lists is decoded on its own (`raw_decode`), so the interpreter
can hand the GIL to the loop between two items. Anything unusual falls back to `json.loads`, which then
gives the same result or the same error as before.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
TEXT_STEP = 1024 * 1024


def loads_in_steps(raw: bytes) -> Any:
    """What `json.loads(raw)` returns, decoded one list item at a time."""
    try:
        return _walk(_text(raw))
    except (ValueError, UnicodeDecodeError):
        return json.loads(raw)  # the same outcome as before: its value, or its error for the caller to word


def _text(raw: bytes) -> str:
    """`raw` decoded as `json.loads` would, a megabyte at a time (15 MB at once holds the GIL for ~10 ms)."""
    decoder = codecs.getincrementaldecoder(json.detect_encoding(raw))("surrogatepass")
    pieces = [decoder.decode(raw[start : start + TEXT_STEP]) for start in range(0, len(raw), TEXT_STEP)]
    pieces.append(decoder.decode(b"", final=True))
    return "".join(pieces)


def _walk(text: str) -> Any:
    pos = _SPACE.match(text, 0).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] != "{":
        raise ValueError("not an object")
    value: dict[str, Any] = {}
    pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] == "}":
        return _end(text, pos + 1, value)
    while True:
        key, pos = _DECODER.raw_decode(text, pos)
        if not isinstance(key, str):
            raise ValueError("a key that is not a string")
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] != ":":
            raise ValueError("no colon")
        pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
        if text[pos : pos + 1] == "[":
            value[key], pos = _list(text, pos + 1)
        else:
            value[key], pos = _DECODER.raw_decode(text, pos)
        pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
        mark = text[pos : pos + 1]
        pos = _SPACE.match(text, pos + 1).end()  # type: ignore[union-attr]
        if mark == "}":
            return _end(text, pos, value)
        if mark != ",":
            raise ValueError("no comma")


def _list(text: str, pos: int) -> tuple[list[Any], int]:
    """The items of a list opened just before `pos`, each decoded by its own call."""
    items: list[Any] = []
    pos = _SPACE.match(text, pos).end()  # type: ignore[union-attr]
    if text[pos : pos + 1] == "]":
        return items, pos + 1
    decode, space = _DECODER.raw_decode, _SPACE.match
    while True:
        item, pos = decode(text, space(text, pos).end())  # type: ignore[union-attr]
        items.append(item)
        pos = space(text, pos).end()  # type: ignore[union-attr]
        mark = text[pos : pos + 1]
        if mark == "]":
            return items, pos + 1
        if mark != ",":
            raise ValueError("no comma")
        pos += 1


def _end(text: str, pos: int, value: dict[str, Any]) -> dict[str, Any]:
    if _SPACE.match(text, pos).end() != len(text):  # type: ignore[union-attr]
        raise ValueError("extra data")
    return value
