"""The CLI's delete question names each workload that uses the image, with its size."""

from __future__ import annotations

import io

import pytest
from cli_harness import ENV

from coxedge_tui.cli import main
from coxedge_tui.sim import Simulator


def test_delete_asks_with_each_using_workloads_size(
    environ: dict[str, str], world: Simulator, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    web = next(w for w in world.envs[ENV].workloads.values() if w.name == "web-vm")
    image = next(i for i in world.envs[ENV].images.values() if i.reference == web.image)
    for name, value in environ.items():
        monkeypatch.setenv(name, value)
    terminal = io.StringIO("n\n")
    terminal.isatty = lambda: True  # type: ignore[method-assign]
    monkeypatch.setattr("sys.stdin", terminal)

    assert main(["images", "delete", image.id]) == 1  # cancelled: nothing deleted

    assert "  used by    web-vm (VM, RUNNING; SP-2: 2 vCPU, 4Gi)\n" in capsys.readouterr().err
