"""Cold start as whole processes: process start to the first painted rows, in a real pseudo-terminal.

Each program is told by COX_BENCH_EXIT_AFTER_FIRST_PAINT to write the wall-clock time of its first
painted list to a file and exit; the figure is that time minus the moment just before the spawn.

The app is measured twice: as it usually starts, with the list it saved last time (in a private
cache directory, filled by a warm-up run), and as on its very first start, with no saved list
(COX_NO_CACHE=1), when the first rows are the live ones.
"""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import threading
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.server import SimulatorServer

ENV_VAR = "COX_BENCH_EXIT_AFTER_FIRST_PAINT"
TERMINAL_SIZE = (36, 120)
DEMO_IMAGES = 40
ACCOUNT_KEY = "cx-bench-0b1c2d3e4f"  # the loopback simulator's key; it is passed in the environment only
TIMEOUT = 30.0
MINIMAL_APP = Path(__file__).with_name("minimal_app.py")


def app_command() -> list[str]:
    """The script pip installed beside this interpreter, as the baseline runs on it: a version manager's shim
    found first on PATH (pyenv's is a bash script that runs `pyenv exec`) would add 40 to 100 ms."""
    beside = Path(sys.executable).with_name("coxedge-tui")
    script = str(beside) if beside.exists() else shutil.which("coxedge-tui")
    return [script, "--demo"] if script else [sys.executable, "-m", "coxedge_tui", "--demo"]


def baseline_command() -> list[str]:
    return [sys.executable, str(MINIMAL_APP)]


def _clean_env(marker: Path, extra: dict[str, str]) -> dict[str, str]:
    # Bytecode is written (to the run's own PYTHONPYCACHEPREFIX), as pip does at install: without it every
    # start would compile the app's ~90 modules (0.15 s) and the baseline's one small file.
    env = {k: v for k, v in os.environ.items() if not k.startswith("COX_") and k != "PYTHONDONTWRITEBYTECODE"}
    env.update({ENV_VAR: str(marker), "TERM": "xterm-256color", "COLUMNS": "", "LINES": ""}, **extra)
    return {k: v for k, v in env.items() if v}


def _drain(fd: int) -> None:
    """Read the terminal's output so the child never blocks on a full pty buffer."""
    try:
        while os.read(fd, 65536):
            pass
    except OSError:
        pass


def time_to_first_paint(command: Sequence[str], extra_env: dict[str, str] | None = None) -> float:
    """Seconds from just before the spawn to the child's first painted list."""
    with tempfile.TemporaryDirectory() as tmp:
        marker = Path(tmp) / "painted"
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", *TERMINAL_SIZE, 0, 0))
        reader = threading.Thread(target=_drain, args=(master,), daemon=True)
        reader.start()
        started = time.time()
        child = subprocess.Popen(
            list(command),
            stdin=slave,
            stdout=slave,
            stderr=slave,
            env=_clean_env(marker, extra_env or {}),
            start_new_session=True,
        )
        os.close(slave)
        try:
            child.wait(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            child.kill()
            child.wait()
            raise RuntimeError(f"{' '.join(command)} did not paint within {TIMEOUT:.0f} s") from None
        finally:
            os.close(master)
            reader.join(timeout=2)
        if not marker.exists():
            raise RuntimeError(f"{' '.join(command)} exited (code {child.returncode}) without painting its list")
        return float(marker.read_text()) - started


@dataclass(frozen=True)
class ColdStarts:
    saved: float  # the usual start: the list saved by the last run paints first
    first: float  # the very first start: no saved list, the first rows are the live ones
    account: float  # a real account (the simulator over loopback HTTP, key in COX_API_KEY), saved list
    baseline: float
    stack_floor: float  # the baseline made to import httpx and pydantic before its first frame


def compare(runs: int) -> ColdStarts:
    """Median cold starts of the app and of the minimal baseline, interleaved so all meet the same machine."""
    saved: list[float] = []
    first: list[float] = []
    account: list[float] = []
    base: list[float] = []
    floor: list[float] = []
    real = app_command()[:-1]  # without --demo
    with (
        tempfile.TemporaryDirectory(prefix="coxedge-bench-cache-") as cache,
        tempfile.TemporaryDirectory(prefix="coxedge-bench-pycache-") as pycache,
        SimulatorServer(Simulator(images=DEMO_IMAGES, api_key=ACCOUNT_KEY)) as server,
    ):
        compiled = {"PYTHONPYCACHEPREFIX": pycache}
        with_cache = {**compiled, "XDG_CACHE_HOME": cache}
        without = {**with_cache, "COX_NO_CACHE": "1"}
        on_account = {
            **compiled,
            "XDG_CACHE_HOME": cache,
            "COX_API_URL": server.url,
            "COX_API_KEY": ACCOUNT_KEY,
            "COX_ENVIRONMENT": "test-area",
            "COX_REFRESH": "0",
        }
        # Warm the OS file cache and compile each program's modules, and save the lists the next runs start with.
        time_to_first_paint([*baseline_command(), "--with-api-stack"], compiled)
        time_to_first_paint(app_command(), with_cache)
        time_to_first_paint(real, on_account)
        for _ in range(runs):  # each start beside the one it is set against, so that both meet the same load
            base.append(time_to_first_paint(baseline_command(), compiled))
            saved.append(time_to_first_paint(app_command(), with_cache))
            floor.append(time_to_first_paint([*baseline_command(), "--with-api-stack"], compiled))
            first.append(time_to_first_paint(app_command(), without))
            account.append(time_to_first_paint(real, on_account))
    return ColdStarts(*map(statistics.median, (saved, first, account, base, floor)))
