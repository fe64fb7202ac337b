"""The cold-start floor: a minimal Textual app with the same widgets (header, table, footer).

Run as a script by the cold-start benchmark; it shows 40 rows like the demo's first screen and,
with COX_BENCH_EXIT_AFTER_FIRST_PAINT set, exits right after they are painted, exactly as the app does.
"""

from __future__ import annotations

import os
import time

from textual.app import App, ComposeResult
from textual.widgets import DataTable, Footer, Header

ENV_VAR = "COX_BENCH_EXIT_AFTER_FIRST_PAINT"


class MinimalApp(App[None]):
    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns("Family", "Tag", "Status", "Created", "Reference")
        table.add_rows(
            (f"family-{n % 7}", f"v2024.01.{n:02d}", "READY", f"2024-01-{n % 28 + 1:02d} 12:00", f"acme/family-{n}:v1")
            for n in range(40)
        )
        target = os.environ.get(ENV_VAR)
        if target:
            self.call_after_refresh(self._painted, target)

    def _painted(self, target: str) -> None:
        if target != "1":
            with open(target, "w", encoding="utf-8") as out:
                out.write(repr(time.time()))
        self.exit()


if __name__ == "__main__":
    MinimalApp().run()
