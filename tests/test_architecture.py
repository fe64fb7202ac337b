"""The layering is a contract (pyproject.toml, [tool.importlinter]): front ends above the core, the core
above the API layer and the simulator, and only the UI imports Textual."""

from __future__ import annotations

from pathlib import Path

import pytest
from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parents[1]


def test_every_import_respects_the_layers_and_only_the_ui_imports_textual(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.chdir(ROOT)
    code = lint_imports(config_filename=str(ROOT / "pyproject.toml"), cache_dir=str(tmp_path), no_logo=True)
    assert code == 0, "an import breaks the layering: run `lint-imports` to see which"
