"""Running a command in this process (faster than a subprocess) against the loopback simulator, with a fake stdin."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from cli_harness import SECRET, quick_task_checks

from coxedge_tui.cli import main
from coxedge_tui.sim.seed import SimImage


class Run:
    """The command in this process (faster than a subprocess), on the loopback simulator."""

    def __init__(self, environ: dict[str, str], monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]):
        for name, value in environ.items():
            monkeypatch.setenv(name, value)
        self.monkeypatch, self.capsys = monkeypatch, capsys

    def __call__(self, *argv: str, stdin: str = "", terminal: bool = False) -> tuple[int, str, str]:
        given = io.StringIO(stdin)
        given.isatty = lambda: terminal  # type: ignore[method-assign]
        self.monkeypatch.setattr("sys.stdin", given)
        with quick_task_checks():
            code = main(list(argv))
        out, err = self.capsys.readouterr()
        assert SECRET not in out + err
        return code, out, err


def name(image: SimImage) -> str:
    return f"{image.family}:{image.tag}"


def protect(tmp_path: Path, *patterns: str) -> None:
    """The default profile protects `patterns` (the scripts' COX_CONFIG is tmp_path/config.toml)."""
    listed = ", ".join(f'"{p}"' for p in patterns)
    (tmp_path / "config.toml").write_text(f"[profiles.default]\nprotect = [{listed}]\n", encoding="utf-8")
