"""The console script `coxedge-tui`: the start runs with garbage collections paused (api/background.py)."""

from __future__ import annotations

from .api.background import pause_for_start


def main() -> int:
    pause_for_start()  # before the imports: the app ends it once its first rows are painted
    from .cli import main as cli_main

    return cli_main()
