"""The image list is decoded off the event loop, one item at a time, with the same result and errors as json.loads."""

from __future__ import annotations

import json
import threading

import pytest

from coxedge_tui.api import client as client_module
from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.errors import ProtocolError
from coxedge_tui.api.json_steps import loads_in_steps
from coxedge_tui.sim import Simulator
from coxedge_tui.sim.faults import Endpoint, FaultKind

ODD_BODIES = [
    b"{}",
    b' { "data" : [ ] , "metadata" : { } } ',
    b'{"data": [1, {"a": [1, 2]}, "x", null], "metadata": {"recordCount": 4}}',
    b'{"data": null}',
    b"[1, 2]",
    b'{"data": [1], "data": [2]}',
    b'\xef\xbb\xbf{"data": []}',
    '{"data": ["é"]}'.encode("utf-16"),
]
BROKEN_BODIES = [b'{"data": [1,]}', b'{"data": [1]} x', b'{"data" [1]}', b'{"data": [1}', b"", b"\xff\xfe\x00"]


@pytest.mark.parametrize("body", ODD_BODIES)
def test_stepwise_decoding_reads_what_json_loads_reads(body: bytes) -> None:
    assert loads_in_steps(body) == json.loads(body)


@pytest.mark.parametrize("body", BROKEN_BODIES)
def test_stepwise_decoding_fails_as_json_loads_fails(body: bytes) -> None:
    with pytest.raises(ValueError) as expected:
        json.loads(body)
    with pytest.raises(ValueError) as got:
        loads_in_steps(body)
    assert str(got.value) == str(expected.value)


async def test_the_image_list_is_decoded_in_a_worker_thread(
    client: CoxEdgeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    threads: list[int] = []

    def recorded(raw: bytes) -> object:
        threads.append(threading.get_ident())
        return loads_in_steps(raw)

    monkeypatch.setattr(client_module, "loads_in_steps", recorded)
    images = await client.list_images()
    assert len(images) == 40
    assert threads and threads[0] != threading.get_ident()


async def test_a_truncated_list_answer_still_says_it_was_not_json(client: CoxEdgeClient, sim: Simulator) -> None:
    sim.faults.inject(Endpoint.LIST, FaultKind.MALFORMED_JSON)
    with pytest.raises(ProtocolError, match="not JSON"):
        await client.list_images()
