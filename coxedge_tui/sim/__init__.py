"""The built-in Cox Edge simulator. Never imports textual.

Its parts load on first use, so naming the in-process address costs the demo's first paint nothing.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

IN_PROCESS_URL = "http://127.0.0.1:0/api/v2"  # the address of the simulator served inside the process
ENVIRONMENT_NAMES = ("test-area", "production")  # what it seeds; the demo picks one before it loads

if TYPE_CHECKING:
    from .faults import Endpoint, FaultKind
    from .request import SimRequest
    from .simulator import DEFAULT_KEY, SimResponse, Simulator

_HOMES = {
    "Endpoint": "faults",
    "FaultKind": "faults",
    "DEFAULT_KEY": "simulator",
    "SimRequest": "request",
    "SimResponse": "simulator",
    "Simulator": "simulator",
}

__all__ = [
    "DEFAULT_KEY",
    "ENVIRONMENT_NAMES",
    "IN_PROCESS_URL",
    "Endpoint",
    "FaultKind",
    "SimRequest",
    "SimResponse",
    "Simulator",
]


def __getattr__(name: str) -> Any:
    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
