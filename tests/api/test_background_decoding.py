"""A large list is decoded, kept and freed so that the event loop keeps running: behaviour, never timings."""

from __future__ import annotations

import asyncio
import gc
import json
import sys
import threading
import tracemalloc
import weakref
from collections.abc import Iterator
from typing import Any

import pytest
from pydantic import BaseModel, model_validator

from coxedge_tui.api import background, json_steps
from coxedge_tui.api import client as client_module
from coxedge_tui.api.client import CoxEdgeClient
from coxedge_tui.api.json_steps import loads_in_steps
from coxedge_tui.api.read_list import read_items
from coxedge_tui.settings.config import Settings


@pytest.fixture
def collector_restored() -> Iterator[None]:
    yield
    gc.enable()


class Cycle:
    def __init__(self) -> None:
        self.me = self


async def test_the_event_loop_runs_while_the_image_list_is_decoded(
    client: CoxEdgeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    loop = asyncio.get_running_loop()
    ran: list[bool] = []
    real = client_module.read_items

    def decode_waiting_for_the_loop(model: type[BaseModel], items: list[Any]) -> object:
        # Decoded on the loop's own thread, the callback could not run before this returns.
        loop_ran = threading.Event()
        loop.call_soon_threadsafe(loop_ran.set)
        ran.append(loop_ran.wait(30))
        return real(model, items)  # type: ignore[type-var]

    monkeypatch.setattr(client_module, "read_items", decode_waiting_for_the_loop)
    images = await client.list_images()
    assert len(images) == 40
    assert ran == [True]


def test_no_collection_runs_while_a_list_is_decoded_and_what_it_made_is_frozen_after(
    collector_restored: None,
) -> None:
    frozen_before = gc.get_freeze_count()
    with background.collections_paused():
        assert not gc.isenabled()
        made = [[n] for n in range(1000)]
    assert gc.isenabled()
    assert gc.get_freeze_count() >= frozen_before + len(made)


def test_the_collector_stays_paused_until_the_last_of_two_decodes_ends(collector_restored: None) -> None:
    started, finish = threading.Event(), threading.Event()

    def other_decode() -> None:
        with background.collections_paused():
            started.set()
            finish.wait(30)

    other = threading.Thread(target=other_decode)
    other.start()
    assert started.wait(30)
    with background.collections_paused():
        pass
    assert not gc.isenabled()  # the other thread is still decoding
    finish.set()
    other.join(30)
    assert gc.isenabled()


def test_a_collector_turned_off_by_someone_else_stays_off(collector_restored: None) -> None:
    gc.disable()
    with background.collections_paused():
        pass
    assert not gc.isenabled()


def test_cycles_frozen_with_a_list_are_collected_once_memory_has_grown(
    collector_restored: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    with background.collections_paused():
        cycle = Cycle()
    dead = weakref.ref(cycle)
    del cycle
    gc.collect()
    assert dead() is not None  # frozen: no collection sees it
    monkeypatch.setattr(background, "_reclaimed_at", sys.getallocatedblocks() * 10)
    with background.collections_paused():
        pass
    assert dead() is not None  # memory has not grown: no full pass
    monkeypatch.setattr(background, "_reclaimed_at", 1)
    with background.collections_paused():
        pass
    assert dead() is None


def test_a_released_list_is_freed_a_step_at_a_time(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "RELEASE_STEP", 2)
    monkeypatch.setattr(background, "RELEASE_PAUSE", 0)
    left_when_freed: list[int] = []
    items: list[object] = []

    class Item:
        def __del__(self) -> None:
            left_when_freed.append(len(items))

    items.extend(Item() for _ in range(5))
    background.release_in_steps(items)
    assert items == []
    assert left_when_freed == [3, 3, 1, 1, 0]  # freed two by two, from the end


seen_alive: list[int] = []
raw_items: list[weakref.ref[Any]] = []


class Item(dict[str, Any]):
    """A decoded JSON object that can be watched."""


class Watched(BaseModel):
    id: str

    @model_validator(mode="after")
    def _count_raw_items_alive(self) -> Watched:
        seen_alive.append(sum(ref() is not None for ref in raw_items))
        return self


def test_each_decoded_json_object_is_freed_as_soon_as_its_item_is_read() -> None:
    items: list[Any] = [Item(id=str(n)) for n in range(3)]
    raw_items[:] = [weakref.ref(item) for item in items]
    seen_alive.clear()
    read = read_items(Watched, items)
    assert [w.id for w in read] == ["0", "1", "2"]
    assert seen_alive == [3, 2, 1]
    assert items == []


IMAGES = json.dumps(
    {"data": [{"id": f"s/web/v{n}", "family": "web", "tag": f"v{n}", "description": "é😀"} for n in range(30)]}
).encode()
BODIES = [
    IMAGES,
    b'{"data": [1, 22222, -3.5e10, "\\u00e9", "\xc3\xa9\xf0\x9f\x98\x80", true, null, {"a": [1, 2]}], "n": 12345}',
    '{"data": ["é😀", 123456]}'.encode("utf-16"),
    b'\xef\xbb\xbf{"data": [123]}  ',
]


@pytest.mark.parametrize("step", [1, 3, 7, 64])
@pytest.mark.parametrize("body", BODIES)
def test_the_answer_read_a_few_bytes_at_a_time_is_what_json_loads_reads(
    body: bytes, step: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = json.loads(body)
    monkeypatch.setattr(json_steps, "TEXT_STEP", step)
    monkeypatch.setattr(json_steps.json, "loads", None)  # no falling back: the walk itself must read it
    assert loads_in_steps(body) == expected


@pytest.mark.parametrize("body", [b'{"data": [12', b'{"data": ["abc', b'{"data": [1]} x', b'{"data": [1,]}'])
def test_a_broken_answer_read_a_few_bytes_at_a_time_fails_as_json_loads_fails(
    body: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(json_steps, "TEXT_STEP", 3)
    with pytest.raises(ValueError) as expected:
        json.loads(body)
    with pytest.raises(ValueError) as got:
        loads_in_steps(body)
    assert str(got.value) == str(expected.value)


def test_the_answer_is_never_held_as_one_string_beside_its_bytes(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(json_steps, "TEXT_STEP", 64 * 1024)
    body = json.dumps({"data": ["x" * 1000] * 3000}).encode()  # 3 MB
    tracemalloc.start()
    try:
        value = loads_in_steps(body)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert len(value["data"]) == 3000
    # The items themselves take about len(body); the whole text at once would add as much again, or twice.
    assert peak < 1.5 * len(body)


async def test_no_collection_runs_while_the_image_list_is_decoded_and_none_walks_it_after(
    client: CoxEdgeClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    collector_on: list[bool] = []
    real = client_module.read_items

    def decode(model: type[BaseModel], items: list[Any]) -> object:
        collector_on.append(gc.isenabled())
        return real(model, items)  # type: ignore[type-var]

    monkeypatch.setattr(client_module, "read_items", decode)
    images = await client.list_images()
    assert collector_on == [False]
    assert gc.isenabled()
    assert not any(tracked is images[0] for tracked in gc.get_objects())


def test_a_list_is_read_and_prepared_without_handing_the_gil_over_by_hand(monkeypatch: pytest.MonkeyPatch) -> None:
    # Each time a worker lets go of the GIL, the waiting event loop wakes, the worker takes it back first and
    # the loop starts a new full wait: it never asks for the GIL. The short switch interval alone hands it over.
    from coxedge_tui.api.models import Image
    from coxedge_tui.ui.widgets.prepared_list import prepare_list

    slept: list[float] = []
    sleep, here = background.time.sleep, threading.current_thread()

    def recorded(seconds: float) -> None:  # this thread's sleeps; another test's leftover thread may sleep too
        if threading.current_thread() is here:
            slept.append(seconds)
        else:
            sleep(seconds)

    monkeypatch.setattr(background.time, "sleep", recorded)
    rows = [{"id": f"i{n}", "family": "web", "tag": f"v{n}", "status": "READY"} for n in range(300)]
    payload = loads_in_steps(json.dumps({"data": rows}).encode())
    images = read_items(Image, payload["data"])
    prepare_list(list(images), [image.model_copy() for image in images])
    assert len(images) == 300
    assert slept == []


async def test_the_app_lets_a_waiting_event_loop_have_the_gil_within_a_millisecond_while_it_runs(
    client: CoxEdgeClient, settings: Settings
) -> None:
    from coxedge_tui.ui.app import CoxEdgeApp

    before = sys.getswitchinterval()
    app = CoxEdgeApp(client, settings)
    async with app.run_test():
        assert sys.getswitchinterval() == background.SWITCH_INTERVAL <= 0.001  # CPython's own is 5 ms
    assert sys.getswitchinterval() == before
