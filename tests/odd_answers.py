"""Answers the simulator never sends but a real server might: the test rewrites one endpoint's JSON.

`rewrite(sim, "GET", "/images", change)` passes every later 200 answer to that path through `change`.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.response import SimResponse

NANO_CREATED = "2024-01-02T03:04:05.123456789Z"  # nine digits: more than a Python datetime keeps
UNREADABLE = {"id": {"not": "text"}, "family": "broken", "tag": "v1"}  # an object as id: nothing to act on


def rewrite(sim: Simulator, method: str, path_end: str, change: Callable[[Any], Any]) -> None:
    original = sim.handle

    def handle(verb: str, path: str, query: Any, headers: Any, body: bytes) -> SimResponse:
        answer = original(verb, path, query, headers, body)
        if verb == method and path.split("?")[0].endswith(path_end) and answer.status == 200 and answer.body:
            answer = SimResponse.json(200, change(json.loads(answer.body)))
        return answer

    sim.handle = handle  # type: ignore[method-assign]


def with_items(*extra: dict[str, Any]) -> Callable[[Any], Any]:
    """A list answer with `extra` items appended."""
    return lambda payload: {**payload, "data": [*payload["data"], *extra]}


def first_item(**fields: Any) -> Callable[[Any], Any]:
    """A list answer whose first item has `fields` set as given."""
    return lambda payload: {**payload, "data": [{**payload["data"][0], **fields}, *payload["data"][1:]]}
