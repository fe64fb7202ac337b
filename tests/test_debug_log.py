"""`--debug` writes requests to a log file whose path it prints, with the key masked."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from coxedge_tui.sim import Simulator
from coxedge_tui.sim.server import SimulatorServer

KEY = "ck_test_Zq81LmX0pW9vR4tY8wE1sD6fG3jK5n"


def test_debug_prints_the_log_path_and_logs_requests_without_the_key(tmp_path: Path) -> None:
    with SimulatorServer(Simulator(api_key=KEY)) as server:
        env = {
            **os.environ,
            "COX_API_URL": server.url,
            "COX_API_KEY": KEY,
            "COX_ENVIRONMENT": "test-area",
            "COX_CONFIG": str(tmp_path / "config.toml"),
            "XDG_STATE_HOME": str(tmp_path / "state"),
            "XDG_CACHE_HOME": str(tmp_path / "cache"),
            "HOME": str(tmp_path),
        }
        done = subprocess.run(
            [sys.executable, "-m", "coxedge_tui", "--debug", "images", "list", "-o", "json"],
            env=env, capture_output=True, text=True, timeout=60, stdin=subprocess.DEVNULL,
        )  # fmt: skip
    assert done.returncode == 0, done.stderr
    said = [line for line in done.stderr.splitlines() if "debug log:" in line]
    assert said, done.stderr
    path = Path(said[0].split("debug log:", 1)[1].strip())
    assert path.is_relative_to(tmp_path)
    logged = path.read_text()
    assert "GET /services/edge-services/test-area/images -> 200" in logged
    assert KEY not in logged and KEY not in done.stderr and KEY not in done.stdout
    assert (path.stat().st_mode & 0o777) == 0o600
