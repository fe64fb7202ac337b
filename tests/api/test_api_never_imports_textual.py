"""The api layer, the simulator and the plumbing below the UI never import textual."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

HEADLESS_MODULES = [
    "coxedge_tui.api.client",
    "coxedge_tui.api.errors",
    "coxedge_tui.api.models",
    "coxedge_tui.api.retry",
    "coxedge_tui.sim",
    "coxedge_tui.sim.server",
    "coxedge_tui.sim.transport",
    "coxedge_tui.sim.__main__",
    "coxedge_tui.config",
    "coxedge_tui.credentials",
    "coxedge_tui.connect",
    "coxedge_tui.tasks",
]


def test_importing_every_headless_module_loads_no_textual() -> None:
    present = [m for m in HEADLESS_MODULES if importlib.util.find_spec(m) is not None]
    code = f"import importlib, sys\nfor m in {present!r}: importlib.import_module(m)\n" + (
        # rich is not checked: httpx's own command-line module imports it.
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'textual'))"
    )

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert "coxedge_tui.api.client" in present and "coxedge_tui.sim" in present
