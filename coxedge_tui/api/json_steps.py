"""JSON read in small steps, so a worker thread decoding a large list never holds the GIL for long.

`json.loads` of a 100k-image answer is one C call of a tenth of a second or more, during which the
event loop of the UI cannot run even though the call is in another thread. Here the top-level object
is walked by hand and each item of its lists is decoded on its own (`raw_decode`), so the interpreter
can hand the GIL to the loop between two items. The bytes are turned into text a megabyte at a time,
as the walk reaches them: the whole answer as one string (36 MB at 100k images) would take tens of
milliseconds to build, in one call. Anything unusual falls back to `json.loads`, which then gives the
same result or the same error as before.
"""

from __future__ import annotations

import codecs
import json
import re
from typing import Any

_SPACE = re.compile(r"[ \t\n\r]*")
_DECODER = json.JSONDecoder()
TEXT_STEP = 1024 * 1024  # bytes turned into text at a time


def loads_in_steps(raw: bytes) -> Any:
    """What `json.loads(raw)` returns, decoded one list item at a time."""
    try:
        return _Walk(raw).document()
    except (ValueError, UnicodeDecodeError):
        return json.loads(raw)  # the same outcome as before: its value, or its error for the caller to word


class _Walk:
    """A window of the answer's text, `pos` in it; what was walked past is dropped as the window moves on."""

    def __init__(self, raw: bytes) -> None:
        self.raw = raw
        self.read = 0  # bytes turned into text so far
        self.decoder = codecs.getincrementaldecoder(json.detect_encoding(raw))("surrogatepass")
        self.text = ""
        self.pos = 0
        self._more(TEXT_STEP)

    def _more(self, size: int) -> bool:
        """Slide the window on, with at least `size` more bytes in it; False at the end of the answer."""
        if self.read >= len(self.raw):
            return False
        end = min(len(self.raw), self.read + size)
        piece = self.decoder.decode(self.raw[self.read : end], final=end == len(self.raw))
        self.text, self.pos, self.read = self.text[self.pos :] + piece, 0, end
        return True

    def _space(self) -> str:
        """Skip white space; the next character, or "" at the end of the answer."""
        while True:
            self.pos = _SPACE.match(self.text, self.pos).end()  # type: ignore[union-attr]
            if self.pos < len(self.text) or not self._more(TEXT_STEP):
                return self.text[self.pos : self.pos + 1]

    def _value(self) -> Any:
        """The value at `pos`. One that reaches the window's edge may be cut (a number, or an error): read again
        with twice as much text each time, so a huge value costs a few passes, not one per megabyte."""
        size = TEXT_STEP
        while True:
            try:
                value, end = _DECODER.raw_decode(self.text, self.pos)
            except ValueError:
                if not self._more(size):
                    raise
            else:
                if end < len(self.text) or not self._more(size):
                    self.pos = end
                    return value
            size *= 2

    def document(self) -> Any:
        if self._space() != "{":
            raise ValueError("not an object")
        self.pos += 1
        value: dict[str, Any] = {}
        if self._space() == "}":
            self.pos += 1
            return self._end(value)
        while True:
            key = self._value()
            if not isinstance(key, str):
                raise ValueError("a key that is not a string")
            if self._space() != ":":
                raise ValueError("no colon")
            self.pos += 1
            if self._space() == "[":
                self.pos += 1
                value[key] = self._list()
            else:
                value[key] = self._value()
            mark = self._space()
            self.pos += 1
            if mark == "}":
                return self._end(value)
            if mark != ",":
                raise ValueError("no comma")
            self._space()

    def _list(self) -> list[Any]:
        """The items of a list opened just before `pos`, each decoded by its own call."""
        items: list[Any] = []
        if self._space() == "]":
            self.pos += 1
            return items
        while True:
            self._space()
            items.append(self._value())
            mark = self._space()
            self.pos += 1
            if mark == "]":
                return items
            if mark != ",":
                raise ValueError("no comma")

    def _end(self, value: dict[str, Any]) -> dict[str, Any]:
        if self._space() != "":
            raise ValueError("extra data")
        return value
