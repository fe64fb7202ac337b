"""The console script `coxedge-tui`: the start runs with garbage collections paused (api/background.py)."""

from __future__ import annotations

from .api.background import pause_for_start


def main() -> int:
    pause_for_start()  # before the command line and the UI are imported; cli.main or the app ends it
    from .cli import main as cli_main

    return cli_main()
