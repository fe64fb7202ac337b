"""A careless server: it repeats the caller's API key in error messages, text fields and a header.

`echo_the_key(sim)` turns any Simulator into one; what it repeats is the key each request carried,
so the key may come from anywhere (variable, file, keyring, login screen).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from coxedge_tui.sim import SimResponse, Simulator

ECHO_HEADER = "X-Echo-Key"
# Text fields shown to people: names, descriptions, messages, task results. Ids and environment names stay
# as they are, so the session can go on working while every screen meets the key.
ECHOED_FIELDS = frozenset({"message", "description", "error", "detail"})
ECHOED_NAMES = frozenset({"name"})


def echo_the_key(sim: Simulator, *, names: bool = True) -> None:
    """Every answer repeats the request's MC-Api-Key; `names=False` leaves names (workloads, environments) alone."""
    handle = sim.handle

    def echoing(
        method: str, path: str, query: Mapping[str, str], headers: Mapping[str, str], body: bytes
    ) -> SimResponse:
        key = next((v for k, v in headers.items() if k.lower() == "mc-api-key"), "")
        answer = handle(method, path, query, headers, body)
        if not key:
            return answer
        payload = answer.body
        if payload and "json" in answer.headers.get("Content-Type", ""):
            fields = ECHOED_FIELDS | ECHOED_NAMES if names else ECHOED_FIELDS
            payload = json.dumps(_echo_fields(json.loads(payload), key, fields)).encode()
        elif payload:
            payload = payload.replace(b"</h1>", f" {key}</h1>".encode())
        return SimResponse(answer.status, payload, {**answer.headers, ECHO_HEADER: key}, answer.delay, answer.action)

    sim.handle = echoing  # type: ignore[method-assign]


def _echo_fields(value: Any, key: str, fields: frozenset[str], parent: str = "") -> Any:
    if isinstance(value, dict):
        return {k: _echo_fields(v, key, fields, k) for k, v in value.items()}
    if isinstance(value, list):
        return [_echo_fields(v, key, fields, parent) for v in value]
    if isinstance(value, str) and parent in fields:
        return f"{value} (key {key})"
    return value


def leaks(text: str, key: str) -> bool:
    """The whole key, or enough of it to use: only its last four characters may ever show."""
    return key in text or key[:-4] in text or key[4:] in text
