"""Round-two attack on the client: paths a lax server would still resolve, and answers that cost minutes to read."""

from __future__ import annotations

import io
import json
import logging

import httpx
import pytest

from coxedge_tui.api import key_mask
from coxedge_tui.api.client import Connection, CoxEdgeClient
from coxedge_tui.api.errors import InvalidInputError, ProtocolError
from coxedge_tui.api.redact import RedactSecrets
from coxedge_tui.api.retry import NO_RETRY

STACK = "acme-stack"


def recording(body: bytes, sent: list[str]) -> CoxEdgeClient:
    def handler(request: httpx.Request) -> httpx.Response:
        sent.append(f"{request.method} {request.url.raw_path.decode()}")
        return httpx.Response(200, content=body)

    return CoxEdgeClient(
        Connection(api_key="k", base_url="https://portal.example/api/v2", environment="test-area"),
        transport=httpx.MockTransport(handler),
        retry=NO_RETRY,
    )


@pytest.mark.parametrize(
    "segment",
    [
        "\uff0e\uff0e",  # fullwidth '．．': NFKC makes it '..'
        "\u2025",  # two dot leader: NFKC '..'
        "\u2024",  # one dot leader: NFKC '.'
        "%ef%bc%8e%ef%bc%8e",  # the fullwidth dots percent-encoded
        "%c0%ae%c0%ae",  # overlong UTF-8 for '..', read as such by lax decoders
        "..;jsessionid=1",  # Tomcat and Spring cut ';params' and then resolve '..'
        "%2e%2e%3bx",
        ".. ",  # a server that trims spaces
        "x\uff0fy",  # fullwidth solidus: NFKC '/'
    ],
)
@pytest.mark.parametrize("operation", ["get_image", "delete_image"])
async def test_an_image_id_a_lax_server_would_resolve_out_of_its_path_is_refused(segment: str, operation: str) -> None:
    sent: list[str] = []
    async with recording(b'{"data": {"id": "x"}}', sent) as client:
        with pytest.raises(InvalidInputError) as refused:
            await getattr(client, operation)(f"{STACK}/{segment}/prod-area/images/{STACK}/victim/v1")

    assert "Nothing was sent" in refused.value.message
    assert sent == []


@pytest.mark.parametrize("environment", ["\uff0e\uff0e", "..;x", "%c0%ae"])
async def test_an_environment_a_lax_server_would_resolve_is_refused(environment: str) -> None:
    sent: list[str] = []
    client = recording(b'{"data": []}', sent).for_environment(environment)
    async with client:
        with pytest.raises(InvalidInputError) as refused:
            await client.list_images()

    assert "environment" in refused.value.message
    assert sent == []


async def test_ordinary_ids_with_dots_and_unicode_are_still_sent() -> None:
    sent: list[str] = []
    async with recording(b'{"data": {"id": "x"}}', sent) as client:
        await client.get_image(f"{STACK}/web-1/v1.2_3")
        await client.get_image(f"{STACK}/caf\u00e9/.x.")

    assert sent == [
        f"GET /api/v2/services/edge-services/test-area/images/{STACK}/web-1/v1.2_3",
        f"GET /api/v2/services/edge-services/test-area/images/{STACK}/caf%C3%A9/.x.",
    ]


async def test_a_list_of_millions_of_tiny_items_is_refused_before_it_is_decoded() -> None:
    body = b'{"data": [' + b",".join([b"{}"] * 1_100_000) + b"]}"

    async with recording(body, []) as client:
        with pytest.raises(ProtocolError) as refused:
            await client.list_images()

    assert "more than 1,000,000 objects and lists" in refused.value.message


async def test_a_list_of_more_items_than_any_real_list_is_refused_with_its_count() -> None:
    body = b'{"data": [' + b",".join([b"0"] * 300_000) + b"]}"

    async with recording(body, []) as client:
        with pytest.raises(ProtocolError) as refused:
            await client.list_images()

    assert refused.value.message.startswith("Listing images: the answer listed 300,000 items, more than the 250,000")


@pytest.mark.parametrize("split", ["\u200b", "\n", "\u00ad"])
async def test_a_key_split_by_a_mark_in_server_text_is_masked_in_what_the_client_returns(split: str) -> None:
    key = "cx-live-7b1e9d2c4a6f8e03"
    key_mask.remember(key)
    description = f"echo {key[:11]}{split}{key[11:]}"
    body = json.dumps({"data": [{"id": "s/f/t", "description": description}]}, ensure_ascii=False).encode()

    async with recording(body, []) as client:
        images = await client.list_images()  # what the saved list, exports and the detail pane hold

    assert images[0].description == f"echo …{key[-4:]}"


@pytest.mark.parametrize("split", [" ", "\u200b", "\r\n "])
def test_a_key_split_in_a_logged_response_header_is_masked_in_the_debug_log(split: str) -> None:
    key = "cx-live-7b1e9d2c4a6f8e03"
    key_mask.remember(key)  # as reading it from a file or the keyring does
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RedactSecrets())
    logger = logging.getLogger("test.attack_round2")
    logger.addHandler(handler)
    logger.propagate = False
    try:
        # How httpcore logs the answer's headers: bytes reprs, where a zero-width mark shows as \xe2\x80\x8b.
        echoed = f"{key[:10]}{split}{key[10:]}".encode()
        logger.warning("receive_response_headers.complete return_value=%r", [(b"X-Echo", echoed)])
    finally:
        logger.removeHandler(handler)

    assert key[10:] not in stream.getvalue() and key[:10] not in stream.getvalue()
    assert f"…{key[-4:]}" in stream.getvalue()
