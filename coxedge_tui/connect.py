"""Build the session's one API client: a real portal, or the in-process simulator."""

from __future__ import annotations

from dataclasses import replace

from .api.client import Connection, CoxEdgeClient
from .config import Settings
from .credentials import ApiKey

DEMO_ENVIRONMENT = "test-area"
DEMO_LATENCY = 0.12


def real_client(settings: Settings, key: ApiKey) -> CoxEdgeClient:
    return CoxEdgeClient(
        Connection(
            api_key=key.value,
            base_url=settings.api_url,
            service=settings.service,
            environment=settings.environment,
            organization=settings.organization,
            read_only=settings.read_only,
        )
    )


def demo_client(settings: Settings, *, images: int = 40, latency: float = DEMO_LATENCY) -> tuple[CoxEdgeClient, Settings]:
    """The simulator served in-process: no socket, no network, no real key."""
    from .sim import DEFAULT_KEY, Simulator
    from .sim.transport import IN_PROCESS_URL, SimulatorTransport

    simulator = Simulator(images=images)
    simulator.latency = latency
    settings = replace(
        settings, demo=True, api_url=IN_PROCESS_URL, environment=settings.environment or DEMO_ENVIRONMENT
    )
    client = CoxEdgeClient(
        Connection(
            api_key=DEFAULT_KEY,
            base_url=IN_PROCESS_URL,
            service=settings.service,
            environment=settings.environment,
            read_only=settings.read_only,
        ),
        transport=SimulatorTransport(simulator),
    )
    return client, settings
