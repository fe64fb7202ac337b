"""The layering is a contract (pyproject.toml, [tool.importlinter]): front ends above the core, the core
above the API layer and the simulator, and only the UI imports Textual."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# In a child process: import-linter reconfigures logging in the process that runs it.
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"


def test_every_import_respects_the_layers_and_only_the_ui_imports_textual() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LINT], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
