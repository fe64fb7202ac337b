"""The layering is a contract (pyproject.toml, [tool.importlinter]): front ends above the core, the core
above the API layer and the simulator, and only the UI imports Textual. Ruff runs here too; mypy runs in .ci/run
(a cold `mypy --strict` costs about 20 s of CPU, too much for the suite's budget)."""

from __future__ import annotations

import re
import subprocess
import sys
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "coxedge_tui"
# In a child process: import-linter reconfigures logging in the process that runs it.
LINT = "import sys; from importlinter.cli import lint_imports; sys.exit(lint_imports(no_cache=True, no_logo=True))"


def test_every_import_respects_the_layers_and_only_the_ui_imports_textual() -> None:
    done = subprocess.run(
        [sys.executable, "-c", LINT], cwd=ROOT, capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]


def layered_names(contract: dict[str, object]) -> set[str]:
    layers = contract["layers"]
    assert isinstance(layers, list)
    return {name.strip() for layer in layers for name in re.split(r"[|:]", layer)}


def unlayered_root_modules(package: Path, named: set[str]) -> list[str]:
    """Modules and packages at the package root that the first layers contract does not place."""
    found = [p.stem for p in package.glob("*.py") if p.stem != "__init__"]
    found += [p.parent.name for p in package.glob("*/__init__.py")]
    return sorted(f"{package.name}.{name}" for name in found if f"{package.name}.{name}" not in named)


def test_every_module_at_the_package_root_has_a_place_in_the_layers() -> None:
    contracts = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]["contracts"]
    assert unlayered_root_modules(PACKAGE, layered_names(contracts[0])) == []


def test_a_new_root_module_left_out_of_the_layers_is_named(tmp_path: Path) -> None:
    package = tmp_path / "coxedge_tui"
    (package / "core").mkdir(parents=True)
    for name in ("__init__.py", "cli.py", "stray.py", "core/__init__.py"):
        (package / name).write_text("")
    named = {"coxedge_tui.cli", "coxedge_tui.core"}
    assert unlayered_root_modules(package, named) == ["coxedge_tui.stray"]


def test_ruff_finds_nothing_in_the_package_or_the_tests() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", "coxedge_tui", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-2000:]
