"""Running `coxedge-tui` as a script would: a subprocess against the simulator on loopback.

The key reaches the command through COX_API_KEY only, never its arguments, and never appears in its output.
The `world`, `server` and `environ` fixtures in conftest.py build on `new_world` and `script_environ`.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.seed import SimImage
from coxedge_tui.sim.server import SimulatorServer

SECRET = "cx-live-7b1e9d2c4a6f8e03"
ENV = "test-area"


@dataclass
class Result:
    code: int
    out: str
    err: str


class TaskChecks:
    """The simulator's clock: a second passes each time a client asks about a task or one image, whatever the
    machine's load. With a task delay of 1.5 s a task is PENDING at its first check and finished at its second.
    """

    def __init__(self) -> None:
        self.world: Simulator | None = None

    def __call__(self) -> float:
        asked = self.world.requests if self.world is not None else []
        return 1000.0 + sum(1 for method, path in asked if method == "GET" and _checks_progress(path))


def _checks_progress(path: str) -> bool:
    """A task check, or a retrieve of one image (how a create or delete without a task is followed)."""
    return path.startswith("/api/v2/tasks/") or "/images/" in path


def new_world() -> Simulator:
    clock = TaskChecks()
    clock.world = Simulator(seed=7, images=24, api_key=SECRET, task_delay=1.5, clock=clock)
    return clock.world


def script_environ(server: SimulatorServer, tmp_path: Path) -> dict[str, str]:
    """The environment of a script run: this simulator, the key in COX_API_KEY, no keyring, no user config."""
    keep = {k: v for k, v in os.environ.items() if not k.startswith("COX_")}
    return keep | {
        "COX_API_URL": server.url,
        "COX_API_KEY": SECRET,
        "COX_ENVIRONMENT": ENV,
        "COX_CONFIG": str(tmp_path / "config.toml"),
        "PYTHON_KEYRING_BACKEND": "keyring.backends.fail.Keyring",
    }


def cli(environ: dict[str, str], *argv: str, stdin: str = "") -> Result:
    assert not any(SECRET in word for word in argv)
    done = subprocess.run(
        [sys.executable, "-m", "coxedge_tui", *argv],
        input=stdin,
        capture_output=True,
        text=True,
        env=environ,
        timeout=60,
    )
    assert SECRET not in done.stdout + done.stderr
    return Result(done.returncode, done.stdout, done.stderr)


def custom_images(world: Simulator) -> list[SimImage]:
    return [i for i in world.envs[ENV].images.values() if i.custom]


def default_images(world: Simulator) -> list[SimImage]:
    return [i for i in world.envs[ENV].images.values() if not i.custom]


def first_instance(world: Simulator) -> tuple[str, str, str]:
    """(workload id, workload name, instance name) of a VM workload with an instance."""
    workload = next(w for w in world.envs[ENV].workloads.values() if w.type == "VM" and w.instances)
    return workload.id, workload.name, workload.instances[0].name


def sent(world: Simulator, method: str) -> list[str]:
    return [path for m, path in world.requests if m == method]
