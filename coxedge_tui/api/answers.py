"""Reading an answer's body with a cap on its decompressed size, so no server can make the client eat memory.

httpx inflates each network chunk in one go (a 64 KiB gzip chunk can become 64 MB, and nested
encodings multiply that), so the body is read raw and inflated here in bounded steps.
"""

from __future__ import annotations

import zlib
from collections.abc import Iterator

import httpx

from .errors import ProtocolError, excerpt

MAX_ANSWER_BYTES = 64 * 1024 * 1024  # far above the largest real list (100k images is about 15 MB)
MAX_CONTAINERS = 1_000_000  # objects and lists in one answer; a real 100k-image list holds about 100k
STEP_BYTES = 256 * 1024  # the most one inflate step may produce
COUNT_STEP = 1024 * 1024  # bytes searched by one call (single characters: none is split between two)
ACCEPT_ENCODING = "gzip, deflate"  # only what is inflated here; httpx would also offer br and zstd
_WBITS = {"gzip": 16 + zlib.MAX_WBITS, "x-gzip": 16 + zlib.MAX_WBITS, "deflate": zlib.MAX_WBITS}
_BODY_HEADERS = frozenset({"content-encoding", "content-length", "transfer-encoding"})


def _size_words(size: int) -> str:
    return f"{size / (1024 * 1024):g} MiB" if size >= 1024 * 1024 else f"{size} bytes"


class _Inflater:
    """One content coding undone a bounded step at a time."""

    def __init__(self, coding: str) -> None:
        self.coding = coding
        self._inflate = zlib.decompressobj(_WBITS[coding])
        self._started = False

    def feed(self, data: bytes) -> Iterator[bytes]:
        try:
            out = self._inflate.decompress(data, STEP_BYTES)
        except zlib.error:
            if self.coding != "deflate" or self._started:
                raise
            # Some servers send deflate without its zlib wrapper; httpx tolerates that too.
            self._inflate = zlib.decompressobj(-zlib.MAX_WBITS)
            out = self._inflate.decompress(data, STEP_BYTES)
        self._started = True
        yield out
        while self._inflate.unconsumed_tail:
            yield self._inflate.decompress(self._inflate.unconsumed_tail, STEP_BYTES)

    def end(self) -> bytes:
        return self._inflate.flush()


def _inflater(response: httpx.Response, what: str) -> _Inflater | None:
    header = response.headers.get("Content-Encoding", "")
    codings = [c for c in (part.strip().lower() for part in header.split(",")) if c not in ("", "identity")]
    if not codings:
        return None
    if len(codings) > 1 or codings[0] not in _WBITS:
        raise ProtocolError(
            f"{what}: the answer was encoded as {excerpt(header, 60)!r}, which this client does not read "
            f"(HTTP {response.status_code}; it asks for {ACCEPT_ENCODING})."
        )
    return _Inflater(codings[0])


async def read_capped(response: httpx.Response, what: str, cap: int = MAX_ANSWER_BYTES) -> httpx.Response:
    """The streamed `response` read whole, as a plain response holding its decompressed body.

    Raises ProtocolError as soon as the decompressed body passes `cap` bytes, having held at most
    `cap` plus one step in memory.
    """
    too_large = ProtocolError(
        f"{what}: the answer was larger than {_size_words(cap)} once decompressed, so reading stopped "
        f"(HTTP {response.status_code}). No real answer is that large; the server or a proxy is misbehaving."
    )

    def add(piece: bytes) -> None:
        if len(body) + len(piece) > cap:
            raise too_large
        body.extend(piece)

    body = bytearray()
    try:
        already = response.content
    except httpx.ResponseNotRead:
        pass
    else:  # an in-process transport (the simulator, a mock) answered with its body already in memory
        if len(already) > cap:
            raise too_large
        return response
    inflater = _inflater(response, what)

    try:
        async for raw in response.aiter_raw():
            for piece in inflater.feed(raw) if inflater else (raw,):
                add(piece)
        if inflater:
            add(inflater.end())
    except zlib.error:
        raise ProtocolError(
            f"{what}: the answer's {inflater.coding if inflater else ''} encoding was corrupt "
            f"(HTTP {response.status_code})."
        ) from None
    headers = [(k, v) for k, v in response.headers.multi_items() if k.lower() not in _BODY_HEADERS]
    return httpx.Response(response.status_code, headers=headers, content=bytes(body), request=response.request)


def check_containers(body: bytes, what: str, status: int) -> None:
    """Refuse, before decoding, a body of millions of `{}`: each becomes ~90 bytes of Python, 64 MiB nearly 2 GB.

    Counting braces inside strings too only makes the bound stricter; real answers are far below it.
    """
    if _count(body, b"{") + _count(body, b"[") > MAX_CONTAINERS:
        raise ProtocolError(
            f"{what}: the answer held more than {MAX_CONTAINERS:,} objects and lists, so it was not read "
            f"(HTTP {status}). No real answer holds that many; the server or a proxy is misbehaving."
        )


def _count(body: bytes, mark: bytes) -> int:
    """`body.count(mark)`, a slice at a time: a worker thread counting 15 MB would hold the GIL for ~10 ms at once."""
    return sum(body.count(mark, start, start + COUNT_STEP) for start in range(0, len(body), COUNT_STEP))
