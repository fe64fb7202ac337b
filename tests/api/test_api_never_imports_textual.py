"""The api layer, the simulator and the plumbing below the UI never import textual."""

from __future__ import annotations

import importlib.util
import pkgutil
import subprocess
import sys

import coxedge_tui


def headless_modules() -> list[str]:
    """Every module of the package outside the UI: found, not listed, so new ones are guarded too."""
    found = [m.name for m in pkgutil.walk_packages(coxedge_tui.__path__, "coxedge_tui.")]
    return [m for m in found if not m.startswith("coxedge_tui.ui") and m != "coxedge_tui.__main__"]


HEADLESS_MODULES = headless_modules()


def test_importing_every_headless_module_loads_no_textual() -> None:
    present = [m for m in HEADLESS_MODULES if importlib.util.find_spec(m) is not None]
    code = f"import importlib, sys\nfor m in {present!r}: importlib.import_module(m)\n" + (
        # rich is not checked: httpx's own command-line module imports it.
        "print(sorted(n for n in sys.modules if n.split('.')[0] == 'textual'))"
    )

    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
    assert {"coxedge_tui.api.client", "coxedge_tui.sim", "coxedge_tui.cli", "coxedge_tui.core.tasks"} <= set(present)
