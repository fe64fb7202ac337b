"""What the command line refuses before anything is sent, and how it says so."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from cli_harness import ENV, cli

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.seed import SimImage

STACK = "acme-stack"
ESCAPING_ID = f"{STACK}/x/../../../../production/images/{STACK}/victim/v1"


@pytest.mark.parametrize(
    "image_id", [ESCAPING_ID, f"{STACK}/%2e%2e/victim/v1", f"{STACK}/.%2E/victim/v1", f"{STACK}\\..\\x/victim/v1"]
)
@pytest.mark.parametrize("verb", [("images", "get"), ("images", "delete", "--yes")])
def test_an_image_id_that_would_leave_its_path_is_refused_and_nothing_is_sent(
    environ: dict[str, str], world: Simulator, image_id: str, verb: tuple[str, ...]
) -> None:
    victim = SimImage(STACK, "acme", "victim", "v1", datetime(2026, 1, 1, tzinfo=UTC), None)
    world.add_image("production", victim)

    result = cli(environ, *verb[:2], image_id, *verb[2:])

    assert result.code == 2
    assert "cannot be used" in result.err and "Nothing was sent." in result.err
    assert "Traceback" not in result.err
    assert list(world.received) == []
    assert world.image("production", victim.id) is not None


@pytest.mark.parametrize("environment", ["../production", "..", "%2e%2e", "test-area/x"])
def test_an_environment_that_is_not_one_segment_is_refused_and_nothing_is_sent(
    environ: dict[str, str], world: Simulator, environment: str
) -> None:
    result = cli(environ | {"COX_ENVIRONMENT": environment}, "images", "list")

    assert result.code == 2
    assert f"The environment '{environment}' cannot be used" in result.err
    assert list(world.received) == []
    assert ENV in world.envs
