"""An answer's decompressed size is capped: a gzip bomb ends with a clear error and memory stays bounded."""

from __future__ import annotations

import gzip
import json
import tracemalloc
import zlib

import httpx
import pytest

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.api.errors import ProtocolError
from coxedge_tui.api.retry import NO_RETRY

CAP = 4 * 1024 * 1024
BOMB_BYTES = 64 * 1024 * 1024  # about 64 KB once gzipped


def bomb(size: int = BOMB_BYTES) -> bytes:
    packer = zlib.compressobj(1, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    block = b"\0" * (1024 * 1024)
    return b"".join([*(packer.compress(block) for _ in range(size // len(block))), packer.flush()])


def answering(body: bytes, encoding: str, **options: object) -> CoxEdgeClient:
    def handler(request: httpx.Request) -> httpx.Response:
        # A stream, as from a socket: httpx.Response(content=...) would inflate it all before the client saw it.
        return httpx.Response(200, headers={"Content-Encoding": encoding}, stream=httpx.ByteStream(body))

    return CoxEdgeClient(
        Connection(api_key="k", base_url="https://portal.example/api/v2", environment="test-area", **options),
        transport=httpx.MockTransport(handler),
        retry=NO_RETRY,
    )


async def test_a_gzip_bomb_ends_with_a_clear_error_and_bounded_memory() -> None:
    body = bomb()
    tracemalloc.start()
    try:
        async with answering(body, "gzip", max_answer_bytes=CAP) as client:
            with pytest.raises(ProtocolError) as caught:
                await client.list_images()
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()

    assert caught.value.message == (
        "Listing images: the answer was larger than 4 MiB once decompressed, so reading stopped (HTTP 200). "
        "No real answer is that large; the server or a proxy is misbehaving."
    )
    assert peak < 2 * CAP


async def test_a_doubly_gzipped_answer_is_refused_before_it_is_inflated() -> None:
    async with answering(gzip.compress(bomb(8 * 1024 * 1024)), "gzip, gzip") as client:
        with pytest.raises(ProtocolError, match=r"encoded as 'gzip, gzip', which this client does not read"):
            await client.list_images()


@pytest.mark.parametrize("encoding", ["gzip", "deflate", "identity"])
async def test_a_real_list_arrives_whole_in_every_encoding_asked_for(encoding: str) -> None:
    images = [
        {"id": f"s/web/v{n}", "stackId": "s", "family": "web", "tag": f"v{n}", "status": "READY"} for n in range(2000)
    ]
    plain = json.dumps({"data": images}).encode()
    body = {"gzip": gzip.compress, "deflate": zlib.compress, "identity": bytes}[encoding](plain)

    async with answering(body, encoding) as client:
        listed = await client.list_images()

    assert [i.tag for i in listed] == [f"v{n}" for n in range(2000)]
