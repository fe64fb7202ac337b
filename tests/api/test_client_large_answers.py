"""Answers of unexpected size or depth are read, or refused with a reason, never crash the client."""

from __future__ import annotations

import json

import httpx
import pytest

from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.api.errors import ProtocolError
from coxedge_tui.api.retry import NO_RETRY

STACK = "a8050b2b-39eb-4929-bce5-1af42055903e"


def answering(body: bytes) -> CoxEdgeClient:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, content=body)

    return CoxEdgeClient(
        Connection(api_key="k", base_url="https://portal.example/api/v2", environment="test-area"),
        transport=httpx.MockTransport(handler),
        retry=NO_RETRY,
    )


def image_json(n: int, **extra: object) -> dict[str, object]:
    return {"id": f"{STACK}/web/v{n}", "stackId": STACK, "family": "web", "tag": f"v{n}", "status": "READY", **extra}


async def test_a_one_megabyte_description_arrives_whole() -> None:
    description = "é" * 500_000 + "x" * 24_288
    body = json.dumps({"data": [image_json(1, description=description)]}).encode()

    async with answering(body) as client:
        images = await client.list_images()

    assert images[0].description == description


async def test_a_list_of_100k_images_is_read_in_full() -> None:
    body = json.dumps({"data": [image_json(n) for n in range(100_000)], "metadata": {"recordCount": 100_000}})

    async with answering(body.encode()) as client:
        images = await client.list_images()

    assert len(images) == 100_000
    assert images[-1].tag == "v99999"


async def test_an_extra_field_nested_beyond_what_can_be_read_is_refused_with_a_reason() -> None:
    depth = 200_000
    body = b'{"data": [{"id": "a/b/c", "metadata": ' + b"[" * depth + b"]" * depth + b"}]}"

    async with answering(body) as client:
        with pytest.raises(ProtocolError) as caught:
            await client.list_images()

    assert caught.value.message == "Listing images: the answer was nested too deeply to read (HTTP 200)."
