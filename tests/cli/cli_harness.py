"""Running `coxedge-tui` as a script would, against the simulator on loopback.

`cli` runs `main(argv)` in this process (a Python start-up costs more than most commands) with the script's
environment, a piped stdin, no keyring and nothing remembered from earlier runs, as a new process has; the
process boundary itself (exit on a closed pipe, Ctrl-C) is tested with real subprocesses where it matters.
The key reaches the command through COX_API_KEY only, never its arguments, and never appears in its output.
The `world`, `server` and `environ` fixtures in conftest.py build on `new_world` and `script_environ`.
"""

from __future__ import annotations

import asyncio
import io
import logging
import os
import sys
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

from keyring.backends import fail
from keyring_fakes import installed

from coxedge_tui.api import key_mask
from coxedge_tui.cli import main
from coxedge_tui.commands import bulk_results, follow, images
from coxedge_tui.core import reconcile
from coxedge_tui.core.tasks import TaskTracker
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
    ran: list[tuple[int, str, str]] = []
    # Its own thread: the command runs its own event loop, and a test of the app already runs one here.
    thread = threading.Thread(target=lambda: ran.append(_in_process(environ, list(argv), stdin)))
    thread.start()
    thread.join(timeout=60)
    assert ran, f"coxedge-tui {' '.join(argv)} did not end within 60 s"
    [(code, out, err)] = ran
    assert SECRET not in out + err
    return Result(code, out, err)


def _in_process(environ: dict[str, str], argv: list[str], stdin: str) -> tuple[int, str, str]:
    """`python -m coxedge_tui ARGV` with `environ`, read as `subprocess.run(..., text=True)` would read it."""
    saved_environ, saved_streams = dict(os.environ), (sys.stdin, sys.stdout, sys.stderr)
    loggers = [logging.getLogger(), *(logging.getLogger(n) for n in logging.root.manager.loggerDict)]
    saved_logging = [(lg, lg.level, list(lg.handlers)) for lg in loggers]
    out, err = io.BytesIO(), io.BytesIO()
    streams = (  # kept here: a wrapper closes its buffer when it goes
        io.TextIOWrapper(io.BytesIO(stdin.encode()), encoding="utf-8"),
        io.TextIOWrapper(out, encoding="utf-8", write_through=True),
        io.TextIOWrapper(err, encoding="utf-8", errors="backslashreplace", write_through=True),
    )
    sys.stdin, sys.stdout, sys.stderr = streams
    os.environ.clear()
    os.environ.update(environ)
    key_mask.forget_all()
    try:
        with installed(fail.Keyring()), quick_task_checks():  # the keyring backend is read once per process
            code = main(argv)
    except SystemExit as exc:  # as `raise SystemExit(main())` in __main__ ends the process
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
        if isinstance(exc.code, str):
            print(exc.code, file=sys.stderr)
    except Exception:  # what an uncaught error prints before the process exits 1
        traceback.print_exc()
        code = 1
    finally:
        sys.stdout.flush()
        sys.stderr.flush()
        sys.stdin, sys.stdout, sys.stderr = saved_streams
        os.environ.clear()
        os.environ.update(saved_environ)
        key_mask.forget_all()
        for logger, level, handlers in saved_logging:
            for handler in [h for h in logger.handlers if h not in handlers]:
                logger.removeHandler(handler)
                handler.close()
            logger.setLevel(level)
    said = _read_as_text(out.getvalue()), _read_as_text(err.getvalue())
    del streams
    return code, *said


PACE = 20  # task checks this many times closer together than a real run makes them


@contextmanager
def quick_task_checks() -> Iterator[None]:
    """`--wait` checks its tasks (or a created image) PACE times more often than in a real run.

    What a test sees does not change: the simulator's clock (TaskChecks) moves per check, not per second, so a
    followed task ends after the same checks, and `--timeout` still counts real seconds. Only the idle second
    between checks goes, which made each `--wait` test wait 2-3 s.
    """
    saved = follow.TaskTracker, bulk_results.TaskTracker, images.follow_image
    follow.TaskTracker = bulk_results.TaskTracker = _QuickChecks  # type: ignore[misc]
    images.follow_image = partial(reconcile.follow_image, sleep=_paced)  # a create whose task id was lost
    try:
        yield
    finally:
        follow.TaskTracker, bulk_results.TaskTracker, images.follow_image = saved  # type: ignore[misc]


async def _paced(seconds: float) -> None:
    await asyncio.sleep(seconds / PACE)


class _QuickChecks(TaskTracker):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs, sleep=_paced)


def _read_as_text(raw: bytes) -> str:
    """Decoded with universal newlines, as `text=True` does: \\r\\n and a lone \\r both read as \\n."""
    return raw.decode("utf-8").replace("\r\n", "\n").replace("\r", "\n")


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
