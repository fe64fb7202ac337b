"""What the simulator answers: a status, headers and body, or a socket-level action."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

# What a transport must do instead of answering normally.
Action = Literal["refuse", "drop", "connect-timeout"]

JsonBody = dict[str, Any]


@dataclass
class SimResponse:
    status: int
    body: bytes = b""
    headers: dict[str, str] = field(default_factory=lambda: {"Content-Type": "application/json"})
    delay: float = 0.0  # seconds before the answer (or the action) takes effect
    action: Action | None = None

    @classmethod
    def json(cls, status: int, payload: object) -> SimResponse:
        return cls(status, json.dumps(payload).encode())


def error(status: int, message: str, code: int = 2000, **context: object) -> SimResponse:
    """The documented error body: `{"errors": [{"code", "message", "context"}]}`."""
    return SimResponse.json(status, {"errors": [{"code": code, "message": message, "context": context}]})
