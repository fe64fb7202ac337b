"""Build the session's one API client: a real portal, or the in-process simulator.

The API layer is imported inside the builders, so the UI can paint before httpx and pydantic load.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from .settings.config import Settings, from_variables
from .settings.credentials import ApiKey, KeyLookup
from .settings.table import CA_BUNDLE

if TYPE_CHECKING:
    from .api.client import CoxEdgeClient
    from .api.models import Environment

DEMO_ENVIRONMENT = "test-area"
DEMO_LATENCY = 0.0  # the demo answers at once: start-up speed beats a simulated round trip


@dataclass
class Account:
    """What the command line found at start: the App builds its first `Session` from it.

    `settings` are the resolved flags, variables and profile (never the demo's replacements). After
    the start the App reads only the login state here; settings, key and environment live in its Session.
    """

    settings: Settings
    key: ApiKey | None = None
    lookup: KeyLookup | None = None
    login_at_start: bool = False
    refused: bool = False  # the server refused this key; the login screen was offered once


def ca_bundle() -> str | None:
    chosen = from_variables(CA_BUNDLE, os.environ)
    return chosen[0] if chosen else None


def real_client(settings: Settings, key: ApiKey) -> CoxEdgeClient:
    from .api.client import Connection, CoxEdgeClient  # httpx and pydantic load after the first paint

    return CoxEdgeClient(
        Connection(
            api_key=key.value,
            base_url=settings.api_url,
            service=settings.service,
            environment=settings.environment,
            organization=settings.organization,
            read_only=settings.read_only,
            ca_bundle=ca_bundle(),
            request_timeout=settings.request_timeout,
        )
    )


def check_connection(settings: Settings, key: ApiKey) -> None:
    """What `real_client` would refuse, refused now: the client itself is built after the first paint."""
    from .api.checks import check_api_key, check_base_url, tls_context

    check_base_url(settings.api_url)
    check_api_key(key.value)
    tls_context(ca_bundle())


def demo_settings(settings: Settings) -> Settings:
    """What the demo shows, known before the simulator loads."""
    from .sim import ENVIRONMENT_NAMES, IN_PROCESS_URL

    # A real account's environment name means nothing to the simulator, unless it happens to exist there.
    environment = settings.environment if settings.environment in ENVIRONMENT_NAMES else DEMO_ENVIRONMENT
    return replace(settings, demo=True, api_url=IN_PROCESS_URL, environment=environment)


async def verify_key(settings: Settings, key: ApiKey) -> list[Environment]:
    """Prove the key works with one real call; raises the API layer's typed errors."""
    async with real_client(settings, key) as client:
        return await client.list_environments()


def demo_client(
    settings: Settings, *, images: int = 40, latency: float = DEMO_LATENCY
) -> tuple[CoxEdgeClient, Settings]:
    """The simulator served in-process: no socket, no network, no real key."""
    from .api.client import Connection, CoxEdgeClient
    from .sim import DEFAULT_KEY, Simulator
    from .sim.transport import IN_PROCESS_URL, SimulatorTransport

    simulator = Simulator(images=images)
    simulator.latency = latency
    settings = demo_settings(settings)
    client = CoxEdgeClient(
        Connection(
            api_key=DEFAULT_KEY,
            base_url=IN_PROCESS_URL,
            service=settings.service,
            environment=settings.environment,
            read_only=settings.read_only,
            request_timeout=settings.request_timeout,
        ),
        transport=SimulatorTransport(simulator),
    )
    return client, settings
